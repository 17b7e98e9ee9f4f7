// The cost of the cycle model (sim/timing/) on simulation speed: the same firmware run with the
// model off (one cycle per instruction) and on, best of --repeat runs each, MIPS of each.
// Usage: npx tsx bench/timing-cost.ts [--elf firmware/elf/cpubench-O2.elf] [--repeat 3] [--json out.json]
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Session } from '../sim/session.ts';
import { attachCycleModel } from '../sim/timing/index.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const elf = opt('--elf', 'firmware/elf/cpubench-O2.elf');
const repeat = Number(opt('--repeat', '3'));
const jsonOut = opt('--json', '');
if (!Number.isInteger(repeat) || repeat < 1) {
  process.stderr.write(`timing-cost: --repeat ${opt('--repeat', '')} is not a positive whole number\n`);
  process.exit(2);
}

interface Run {
  seconds: number;
  instructions: number;
  cycles: number;
}

function once(model: boolean): Run {
  const s = new Session({ elf, cycleModel: false });
  if (model) attachCycleModel(s.sys);
  const r = s.run({ maxInstructions: 5e9 });
  if (r.stop.kind !== 'exit') throw new Error(`${elf} did not exit: ${JSON.stringify(r.stop)}`);
  return { seconds: r.wallSeconds, instructions: r.instructions, cycles: r.cycles };
}

function best(model: boolean): Run {
  let b: Run | undefined;
  for (let i = 0; i < repeat; i++) {
    const r = once(model);
    if (!b || r.seconds < b.seconds) b = r;
  }
  return b!;
}

try {
  process.stderr.write(`timing-cost: ${elf}, best of ${repeat}\n`);
  // alternate so that JIT warm-up and machine noise hit both alike
  const off = best(false);
  const on = best(true);
  const offAgain = best(false);
  const offBest = offAgain.seconds < off.seconds ? offAgain : off;
  const mips = (r: Run) => r.instructions / r.seconds / 1e6;
  const rows = [
    { model: 'off (1 cycle/instruction)', ...offBest, mips: mips(offBest), cyclesPerSecond: offBest.cycles / offBest.seconds },
    { model: 'on (M4 + ART)', ...on, mips: mips(on), cyclesPerSecond: on.cycles / on.seconds },
  ];
  console.log('| cycle model | wall s | instructions | cycles | MIPS | simulated Mcycles/s |\n|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.model} | ${r.seconds.toFixed(3)} | ${r.instructions} | ${r.cycles} | ${r.mips.toFixed(1)} | ${(r.cyclesPerSecond / 1e6).toFixed(1)} |`);
  const cost = (1 - mips(on) / mips(offBest)) * 100;
  console.log(`\nmodel cost: ${cost.toFixed(1)} % of MIPS (${elf}; ${cpus()[0]?.model ?? 'unknown CPU'}; node ${process.version})`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ elf, rows, costPercent: cost }, null, 2) + '\n');
} catch (e) {
  process.stderr.write(`timing-cost: ${(e as Error).message}\n`);
  process.exit(1);
}
