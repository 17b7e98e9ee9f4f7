// m4sim baseline FILE.elf -o NAME.json: records cycles, energy and memory (total and per
// marked window/region) for `m4sim check`.
import { Command } from 'commander';
import { CliError, EXIT, parseCount, writeOutput, progressReporter, withProgressOptions, type Io, type Result } from './common.ts';
import { profileRun } from '../profiler/run.ts';
import { makeBaseline } from '../regress/baseline.ts';
import { checkSemihostRoot } from './profile.ts';

export function baselineCommand(io: Io, result: Result): Command {
  return withProgressOptions(new Command('baseline'))
    .description('run a firmware and record its cycles, energy and memory (total and per window/region) as a baseline for `m4sim check`')
    .argument('<file.elf>', 'firmware ELF')
    .requiredOption('-o, --out <file.json>', 'the baseline file to write (e.g. profiles/baselines/NAME.json)')
    .option('--profile <name>', 'device profile: a name in profiles/ or a JSON file', 'stm32l4r5zi')
    .option('--semihost-root <dir>', 'the host directory the guest may open files in (stored in the baseline, relative to it)')
    .option('--max-cycles <n>', 'stop after this many simulated cycles', parseCount)
    .action((elf: string, o) => {
      checkSemihostRoot(o.semihostRoot);
      const progress = progressReporter(io, o.progress);
      const r = profileRun({ elf, profile: o.profile, semihostRoot: o.semihostRoot, maxCycles: o.maxCycles, functions: false, warn: (m) => io.stderr(`m4sim: warning: ${m}\n`), onProgress: progress.onProgress });
      progress.done();
      if (r.stop.kind !== 'exit' && r.stop.kind !== 'limit') throw new CliError(`${elf}: the run ended with ${r.stop.kind}; no baseline written`, EXIT.fault);
      const b = makeBaseline(r, o.out, { elf, profile: o.profile, semihostRoot: o.semihostRoot, maxCycles: o.maxCycles });
      writeOutput(o.out, JSON.stringify(b, null, 1) + '\n', [elf]);
      io.stdout(`wrote ${o.out}: ${Object.keys(b.metrics).length} metrics, ${r.run.cycles} cycles, ${(r.run.energyJ * 1e3).toFixed(4)} mJ, ${b.stop}\n`);
      result.code = 0;
    });
}
