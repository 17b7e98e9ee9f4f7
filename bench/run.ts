// npm run bench: simulation speed of m4sim on CPU-bound firmware, beside QEMU and Unicorn
// running the same ELF in the same run. MIPS = the program's instruction count (counted by
// m4sim; the same program executes the same instructions everywhere) / wall seconds.
// A second table: the u8 training firmware (a few training steps, the cycle model and the
// energy meter attached) on each m4sim path. CPU seconds (process.cpuUsage: V8's compiler
// threads included) beside wall seconds: the machine may be shared.
// Usage: npm run bench [-- --elf firmware/elf/cpubench-O2.elf --repeat 3 --steps 4 --no-u8 --json out.json]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../sim/session.ts';
import { attachEnergyMeter } from '../sim/energy/meter.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const elf = opt('--elf', existsSync('firmware/elf/cpubench-bench.elf') ? 'firmware/elf/cpubench-bench.elf' : 'firmware/elf/cpubench-O2.elf');
const repeat = Number(opt('--repeat', '3'));
const jsonOut = opt('--json', '');
const u8Steps = Number(opt('--steps', '4'));
const u8 = !args.includes('--no-u8');

interface Row {
  engine: string;
  seconds: number;
  cpuSeconds?: number;
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
// path), the fast path (sim/jit/ block runner) and the fast path with hot blocks compiled into
// functions with their instructions inlined (M4SIM_JIT=inline); same instructions and cycles
type Path = 'interp' | 'fast' | 'inline' | 'fastNoMeter' | 'wasm' | 'wasmNoMeter';
interface SimRun {
  seconds: number;
  cpuSeconds: number;
  startup: number;
  instructions: number;
  cycles: number;
  energyJ: number;
  out: string;
}
function simOnce(file: string, path: Path, root?: string, energy = false): SimRun {
  const t0 = performance.now();
  let out = '';
  const s = new Session({ elf: file, semihostRoot: root, wasm: path === 'wasm', stdout: (b) => (out += Buffer.from(b).toString('latin1')) });
  const startup = (performance.now() - t0) / 1000;
  s.sys.cpu.fastPath = path !== 'interp';
  s.sys.cpu.blocks.inline = path === 'inline';
  const meter = energy ? attachEnergyMeter(s, s.timing ?? null) : null;
  const u0 = process.cpuUsage();
  const r = s.run({ maxInstructions: 5e9 });
  const u = process.cpuUsage(u0);
  if (r.stop.kind !== 'exit') throw new Error(`m4sim did not finish ${file}: ${JSON.stringify(r.stop)}`);
  return { seconds: r.wallSeconds, cpuSeconds: (u.user + u.system) / 1e6, startup, instructions: r.instructions, cycles: r.cycles, energyJ: meter?.snapshot().energyJ ?? 0, out };
}
/** Best of `repeat` runs of each path, the paths alternated (A/B/C, A/B/C, ...); with
 * `energy`, also the fast path without the meter ('fastNoMeter': what the meter costs). */
function simPaths(file: string, root?: string, energy = false): Map<Path, SimRun> {
  const bestOf = new Map<Path, SimRun>();
  const paths: Path[] = energy ? ['interp', 'fast', 'fastNoMeter', 'inline', 'wasm', 'wasmNoMeter'] : ['interp', 'fast', 'inline', 'wasm'];
  const noMeter = (p: Path) => p === 'fastNoMeter' || p === 'wasmNoMeter';
  for (let i = 0; i < repeat; i++)
    for (const p of paths) {
      const r = simOnce(file, p === 'fastNoMeter' ? 'fast' : p === 'wasmNoMeter' ? 'wasm' : p, root, energy && !noMeter(p));
      const b = bestOf.get(p);
      if (!b || r.seconds < b.seconds) bestOf.set(p, { ...r, startup: b ? Math.min(b.startup, r.startup) : r.startup });
    }
  const ref = bestOf.get('interp')!;
  for (const [p, r] of bestOf)
    if (r.instructions !== ref.instructions || r.cycles !== ref.cycles || (!noMeter(p) && r.energyJ !== ref.energyJ) || r.out !== ref.out)
      throw new Error(`${p} and the interpreter differ on ${file}: ${r.instructions}/${r.cycles}/${r.energyJ} vs ${ref.instructions}/${ref.cycles}/${ref.energyJ}`);
  return bestOf;
}
const NAMES: Record<Path, string> = {
  interp: 'interpreter',
  fast: 'fast path, JavaScript block runner (M4SIM_JIT=runner)',
  inline: 'fast path + inlined blocks (M4SIM_JIT=inline)',
  fastNoMeter: 'fast path, JavaScript block runner',
  wasm: 'fast path + WebAssembly tier (the CLI default)',
  wasmNoMeter: 'fast path + WebAssembly tier',
};
const sims = simPaths(elf);
const sim = sims.get('interp')!;
const n = sim.instructions;
const rows: Row[] = [...sims].map(([p, r]) => ({
  engine: `m4sim (${NAMES[p]}, cycle model)`,
  seconds: r.seconds,
  cpuSeconds: r.cpuSeconds,
  mips: n / r.seconds / 1e6,
  cyclesPerSecond: r.cycles / r.seconds,
  note: p === 'interp' ? `${n} instructions, ${sim.cycles} cycles; start-up ${(r.startup * 1000).toFixed(0)} ms` : `same instructions and cycles; start-up ${(r.startup * 1000).toFixed(0)} ms`,
}));

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

const noMeterPath = (p: Path) => p === 'fastNoMeter' || p === 'wasmNoMeter';

// the u8 training firmware: a few training steps (the data and configuration of
// profiles/baselines/vae-run, `steps` changed), cycle model and energy meter attached
let u8Rows: Row[] = [];
let u8Note = '';
const u8Elf = 'firmware/elf/vae-u8.elf';
if (u8 && existsSync(u8Elf)) {
  const root = mkdtempSync(join(tmpdir(), 'm4sim-bench-'));
  copyFileSync('profiles/baselines/vae-run/train.bin', join(root, 'train.bin'));
  writeFileSync(join(root, 'vae.cfg'), `steps=${u8Steps}\nseed=1\ninfer_every=${u8Steps}\nlog_every=0\nuart=0\ndata=train.bin\ndump=\n`);
  const runs = simPaths(u8Elf, root, true);
  const ref = runs.get('interp')!;
  u8Note = `${u8Elf}, ${u8Steps} training steps (profiles/baselines/vae-run data, steps=${u8Steps}), cycle model + energy meter: ${ref.instructions} instructions, ${ref.cycles} cycles, ${ref.energyJ.toExponential(4)} J on every path`;
  u8Rows = [...runs].map(([p, r]) => ({
    engine: `m4sim (${NAMES[p]}, cycle model${noMeterPath(p) ? ', no energy meter' : ' + energy meter'})`,
    seconds: r.seconds,
    cpuSeconds: r.cpuSeconds,
    mips: r.instructions / r.seconds / 1e6,
    cyclesPerSecond: r.cycles / r.seconds,
    note: `start-up ${(r.startup * 1000).toFixed(0)} ms`,
  }));
  // a longer run (3x the steps), fast path + meter, in a fresh Session: the rate after the
  // instructions of the short run (start-up, data loading and V8's warm-up behind it), which is
  // what a user profiling many steps sees
  const long = 3 * u8Steps;
  writeFileSync(join(root, 'vae.cfg'), `steps=${long}\nseed=1\ninfer_every=${long}\nlog_every=0\nuart=0\ndata=train.bin\ndump=\n`);
  for (const wasm of [false, true]) {
  const s = new Session({ elf: u8Elf, semihostRoot: root, wasm, stdout: () => {} });
  attachEnergyMeter(s, s.timing ?? null);
  const c = s.sys.cpu;
  const split = ref.instructions;
  const t0 = performance.now();
  while (c.stop === null && c.instret < split) c.run(Math.min(1 << 20, split - c.instret));
  const t1 = performance.now();
  const i1 = c.instret;
  const c1 = c.cycles;
  const r = s.run({ maxInstructions: 5e9 });
  if (r.stop.kind !== 'exit') throw new Error(`m4sim did not finish the ${long}-step run: ${JSON.stringify(r.stop)}`);
  const t2 = performance.now();
  const later = (t2 - t1) / 1000;
  u8Rows.push({
    engine: `m4sim (${wasm ? NAMES.wasm : NAMES.fast}, cycle model + energy meter), steps ${u8Steps + 1}-${long} of a ${long}-step run`,
    seconds: later,
    mips: (r.instructions - i1) / later / 1e6,
    cyclesPerSecond: (r.cycles - c1) / later,
    note: `${r.instructions - i1} instructions, ${r.cycles - c1} cycles after the first ${split} instructions; the whole run ${((t2 - t0) / 1000).toFixed(3)} s, ${(r.cycles / ((t2 - t0) / 1000) / 1e6).toFixed(1)} M cycles/s`,
  });
  }
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const table = (rs: Row[]) => {
  console.log(`| engine | wall s | CPU s | MIPS | simulated cycles/s | note |\n|---|---|---|---|---|---|`);
  for (const r of rs)
    console.log(`| ${r.engine} | ${r.seconds.toFixed(3)} | ${r.cpuSeconds === undefined ? '-' : r.cpuSeconds.toFixed(3)} | ${r.mips.toFixed(1)} | ${r.cyclesPerSecond === null ? '-' : (r.cyclesPerSecond / 1e6).toFixed(1) + ' M'} | ${r.note} |`);
};
table(rows);
console.log(`\n${elf}; best of ${repeat}; ${cpu}; node ${process.version}`);
if (u8Rows.length > 0) {
  console.log('');
  table(u8Rows);
  console.log(`\n${u8Note}; best of ${repeat}`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ elf, cpu, node: process.version, rows, u8: { note: u8Note, rows: u8Rows } }, null, 2) + '\n');
