// Simulation speed with the cycle model on: the interpreter (cpu.fastPath = false) against
// the fast path (and, with --mode all or inline, the fast path with hot blocks compiled into
// functions with their instructions inlined, M4SIM_JIT=inline), on a CPU-bound benchmark and the u8 training firmware. Prints MIPS and
// simulated cycles per wall second, and the start-up time (new Session: ELF load, decoder
// tables, profile) of each.
// Usage: npx tsx bench/speed.ts [--elf F.elf] [--semihost-root DIR] [--max-instructions N]
//        [--repeat 3] [--mode both|all|fast|inline|interp] [--no-model] [--json out.json]
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Session } from '../sim/session.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const elf = opt('--elf', 'firmware/elf/cpubench-O2.elf');
const root = opt('--semihost-root', '');
const maxInstr = Number(opt('--max-instructions', '5e9'));
const repeat = Number(opt('--repeat', '3'));
const mode = opt('--mode', 'both');
const model = !args.includes('--no-model');
const jsonOut = opt('--json', '');

type Path = 'interp' | 'fast' | 'inline';
interface Run {
  path: Path;
  startup: number;
  seconds: number;
  instructions: number;
  cycles: number;
  /** CPU seconds of this process during the run (the machine may be shared) */
  cpuSeconds: number;
  stop: string;
}

function once(path: Path): Run {
  const t0 = performance.now();
  const s = new Session({ elf, semihostRoot: root || undefined, cycleModel: model });
  const startup = (performance.now() - t0) / 1000;
  if (model && s.sys.cpu.cycleModel === null) throw new Error('the Session did not attach the cycle model');
  s.sys.cpu.fastPath = path !== 'interp';
  s.sys.cpu.blocks.inline = path === 'inline';
  const u0 = process.cpuUsage();
  const r = s.run({ maxInstructions: maxInstr });
  const u = process.cpuUsage(u0);
  const cpuSeconds = (u.user + u.system) / 1e6;
  if (r.stop.kind !== 'exit' && r.stop.kind !== 'limit') throw new Error(`${elf} stopped: ${JSON.stringify(r.stop)}`);
  return { path, startup, seconds: r.wallSeconds, instructions: r.instructions, cycles: r.cycles, cpuSeconds, stop: r.stop.kind };
}

const modes: Path[] = mode === 'both' ? ['interp', 'fast'] : mode === 'all' ? ['interp', 'fast', 'inline'] : [mode as Path];
const best = new Map<Path, Run>();
for (let i = 0; i < repeat; i++)
  for (const f of modes) {
    const r = once(f);
    const b = best.get(f);
    if (!b || r.seconds < b.seconds) best.set(f, { ...r, startup: b ? Math.min(b.startup, r.startup) : r.startup });
  }
console.log(`| path | wall s | CPU s | instructions | cycles | MIPS | simulated Mcycles/s | Mcycles per CPU s | start-up ms |\n|---|---|---|---|---|---|---|---|---|`);
for (const r of best.values())
  console.log(`| ${r.path === 'interp' ? 'interpreter' : r.path === 'fast' ? 'fast path' : 'fast path + inlined blocks'} | ${r.seconds.toFixed(3)} | ${r.cpuSeconds.toFixed(3)} | ${r.instructions} | ${r.cycles} | ${(r.instructions / r.seconds / 1e6).toFixed(1)} | ${(r.cycles / r.seconds / 1e6).toFixed(1)} | ${(r.cycles / r.cpuSeconds / 1e6).toFixed(1)} | ${(r.startup * 1000).toFixed(0)} |`);
console.log(`\n${elf}${root ? ' (semihost ' + root + ')' : ''}; cycle model ${model ? 'on' : 'off'}; ${cpus()[0]?.model ?? 'unknown CPU'}; node ${process.version}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ elf, model, rows: [...best.values()] }, null, 2) + '\n');
