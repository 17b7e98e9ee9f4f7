// m4sim check FILE.elf --baseline B.json: runs the firmware as the baseline was recorded and
// reports what moved; exit 1 on a regression, 0 otherwise; JUnit XML and Markdown for CI.
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { CliError, EXIT, writeOutput, progressReporter, withProgressOptions, type Io, type Result } from './common.ts';
import { profileRun } from '../profiler/run.ts';
import { readBaseline, baselinePath, compare, metricsOf, stopText, checkText, junitXml, markdown, parseTolerance, BaselineError } from '../regress/baseline.ts';
import { checkSemihostRoot } from './profile.ts';

export function checkCommand(io: Io, result: Result): Command {
  return withProgressOptions(new Command('check'))
    .description('run a firmware and compare it with a baseline: prints what moved; exit 1 on a regression beyond tolerance, 0 otherwise')
    .argument('<file.elf>', 'firmware ELF')
    .requiredOption('--baseline <file.json>', 'baseline written by `m4sim baseline`')
    .option('--tolerance <metric=pct>', 'allowed increase in percent, by family (cycles, instructions, energy, latency, memory) or metric name prefix; repeatable', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--semihost-root <dir>', 'the host directory the guest may open files in (default: the baseline\'s)')
    .option('--profile <name>', 'device profile (default: the baseline\'s)')
    .option('--junit <file.xml>', 'write a JUnit XML report')
    .option('--markdown <file.md>', 'write a Markdown summary')
    .action((elf: string, o) => {
      let tol: Map<string, number>;
      let base;
      try {
        tol = new Map((o.tolerance as string[]).map(parseTolerance));
        base = readBaseline(o.baseline);
      } catch (e) {
        if (e instanceof BaselineError) throw new CliError(e.message, EXIT.usage);
        throw e;
      }
      let root: string | undefined = o.semihostRoot;
      if (root === undefined && base.semihostRoot !== null) {
        root = baselinePath(o.baseline, base.semihostRoot);
        if (!existsSync(root)) throw new CliError(`${o.baseline}: its semihost root ${root} does not exist (give --semihost-root)`, EXIT.usage);
      }
      checkSemihostRoot(root);
      const progress = progressReporter(io, o.progress);
      const r = profileRun({ elf, profile: o.profile ?? base.profile, semihostRoot: root, maxCycles: base.maxCycles ?? undefined, functions: false, warn: (m) => io.stderr(`m4sim: warning: ${m}\n`), onProgress: progress.onProgress });
      progress.done();
      const rep = compare(base, metricsOf(r), stopText(r), tol);
      io.stdout(checkText(rep, o.baseline));
      const suite = `m4sim check ${elf}`;
      if (o.junit) writeOutput(o.junit, junitXml(rep, suite), [elf, o.baseline]);
      if (o.markdown) writeOutput(o.markdown, markdown(rep, suite), [elf, o.baseline]);
      result.code = rep.ok ? 0 : 1;
    });
}
