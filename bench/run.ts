// npm run bench: simulation speed of m4sim on CPU-bound firmware, beside QEMU and Unicorn
// running the same ELF in the same run. MIPS = the program's instruction count (counted by
// m4sim; the same program executes the same instructions everywhere) / wall seconds.
// Usage: npm run bench [-- --elf firmware/elf/cpubench-O2.elf --repeat 3 --json out.json]
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Session } from '../sim/session.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const elf = opt('--elf', existsSync('firmware/elf/cpubench-bench.elf') ? 'firmware/elf/cpubench-bench.elf' : 'firmware/elf/cpubench-O2.elf');
const repeat = Number(opt('--repeat', '3'));
const jsonOut = opt('--json', '');

interface Row {
  engine: string;
  seconds: number;
  mips: number;
  cyclesPerSecond: number | null;
  note: string;
}

function best<T extends { seconds: number }>(f: () => T): T {
  let b: T | undefined;
  for (let i = 0; i < repeat; i++) {
    const r = f();
    if (!b || r.seconds < b.seconds) b = r;
  }
  return b!;
}

process.stderr.write(`bench: ${elf}, best of ${repeat}\n`);
// m4sim with the cycle model on (the Session attaches it): the interpreter (the reference
// path) and the fast path (sim/jit/ blocks), same instructions and cycles
const simRun = (fast: boolean) =>
  best(() => {
    const s = new Session({ elf });
    s.sys.cpu.fastPath = fast;
    const r = s.run({ maxInstructions: 5e9 });
    if (r.stop.kind !== 'exit') throw new Error(`m4sim did not finish ${elf}: ${JSON.stringify(r.stop)}`);
    return { seconds: r.wallSeconds, instructions: r.instructions, cycles: r.cycles };
  });
const sim = simRun(false);
const fast = simRun(true);
if (fast.instructions !== sim.instructions || fast.cycles !== sim.cycles) throw new Error(`fast path and interpreter differ on ${elf}: ${fast.instructions}/${fast.cycles} vs ${sim.instructions}/${sim.cycles}`);
const n = sim.instructions;
const rows: Row[] = [
  { engine: 'm4sim (interpreter, cycle model)', seconds: sim.seconds, mips: n / sim.seconds / 1e6, cyclesPerSecond: sim.cycles / sim.seconds, note: `${n} instructions, ${sim.cycles} cycles` },
  { engine: 'm4sim (fast path, cycle model)', seconds: fast.seconds, mips: n / fast.seconds / 1e6, cyclesPerSecond: fast.cycles / fast.seconds, note: 'same instructions and cycles' },
];

const qemu = best(() => {
  const t = performance.now();
  const r = spawnSync('qemu-system-arm', ['-M', 'netduinoplus2', '-nographic', '-monitor', 'none', '-serial', 'null', '-semihosting-config', 'enable=on,target=native,chardev=sh0', '-chardev', 'null,id=sh0', '-kernel', elf], { stdio: 'ignore', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`qemu failed on ${elf}: status ${r.status}`);
  return { seconds: (performance.now() - t) / 1000 };
});
rows.push({ engine: 'QEMU (TCG, no timing)', seconds: qemu.seconds, mips: n / qemu.seconds / 1e6, cyclesPerSecond: null, note: 'wall time of the whole process, start-up included' });

for (const hook of [false, true]) {
  const u = best(() => {
    const r = spawnSync('/usr/bin/python3', ['bench/unicorn_speed.py', elf, ...(hook ? ['--hook'] : [])], { encoding: 'utf8', timeout: 3_600_000 });
    if (r.status !== 0) throw new Error(`unicorn failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim()) as { seconds: number; instructions: number | null };
  });
  rows.push({
    engine: hook ? 'Unicorn + per-instruction hook' : 'Unicorn (no hook)',
    seconds: u.seconds,
    mips: n / u.seconds / 1e6,
    cyclesPerSecond: null,
    note: hook ? `hook counted ${u.instructions} instructions` : 'emu_start only',
  });
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`| engine | wall s | MIPS | simulated cycles/s | note |\n|---|---|---|---|---|`);
for (const r of rows)
  console.log(`| ${r.engine} | ${r.seconds.toFixed(3)} | ${r.mips.toFixed(1)} | ${r.cyclesPerSecond === null ? '-' : (r.cyclesPerSecond / 1e6).toFixed(1) + ' M'} | ${r.note} |`);
console.log(`\n${elf}; ${cpu}; node ${process.version}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ elf, cpu, node: process.version, rows }, null, 2) + '\n');
