// m4sim profile FILE.elf: one run with the cycle model, energy model, window/region tracking,
// function profile and memory footprint; a table on stdout, every format into -o DIR.
import { Command } from 'commander';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT, parseCount, progressReporter, withProgressOptions, writeOutput, type Io, type Result } from './common.ts';
import { profileRun, type ProfileResult } from '../profiler/run.ts';
import { textReport, profileJson, functionsCsv, windowsCsv, chromeTrace, layerChartSvg, csv } from '../profiler/output.ts';
import { loadMarkers } from '../profiler/markers.ts';

export function checkSemihostRoot(dir: string | undefined): void {
  if (dir !== undefined && !(existsSync(dir) && statSync(dir).isDirectory())) throw new CliError(`--semihost-root ${dir}: not a directory`, EXIT.usage);
}

/** Exit code of a profiled run: 0 when the guest exited 0 or a limit ended it (the profile of
 * a partial run is still a profile), the guest's code otherwise, EXIT.fault on a fault. */
export function profileExit(r: ProfileResult): number {
  if (r.stop.kind === 'exit') return r.stop.code & 0xff;
  if (r.stop.kind === 'limit') return 0;
  return EXIT.fault;
}

export function profileCommand(io: Io, result: Result): Command {
  return withProgressOptions(new Command('profile'))
    .description('profile a firmware run: latency, power and energy per run and per marked window (GPIO pins, ITM markers), per function, memory footprint')
    .argument('<file.elf>', 'firmware ELF')
    .option('--profile <name>', 'device profile: a name in profiles/ or a JSON file', 'stm32l4r5zi')
    .option('--semihost-root <dir>', 'the host directory the guest may open files in')
    .option('--max-cycles <n>', 'stop after this many simulated cycles', parseCount)
    .option('--max-instructions <n>', 'stop after this many instructions', parseCount)
    .option('--markers <file.json>', 'ITM marker and pin names (default: the VAE firmware\'s, docs/workload.md)')
    .option('--top <n>', 'functions in the table', parseCount, 25)
    .option('--trace-min-cycles <n>', 'function calls at least this long go into the trace', parseCount, 10000)
    .option('--no-functions', 'skip the per-function profile (faster)')
    .option('-o, --out <dir>', 'write profile.json, functions.csv, windows.csv, regions.csv, stacks.folded, trace.json, layers.svg here')
    .action((elf: string, o) => {
      checkSemihostRoot(o.semihostRoot);
      if (o.out !== undefined) {
        if (existsSync(o.out) && !statSync(o.out).isDirectory()) throw new CliError(`-o ${o.out}: not a directory`, EXIT.usage);
        mkdirSync(o.out, { recursive: true });
      }
      const progress = progressReporter(io, o.progress);
      const r = profileRun({
        elf,
        profile: o.profile,
        semihostRoot: o.semihostRoot,
        maxCycles: o.maxCycles,
        maxInstructions: o.maxInstructions,
        functions: o.functions,
        markers: o.markers ? loadMarkers(o.markers) : undefined,
        traceMinCycles: o.traceMinCycles,
        stderr: (b) => io.stderr(Buffer.from(b).toString('latin1')),
        warn: (m) => io.stderr(`m4sim: warning: ${m}\n`),
        onProgress: progress.onProgress,
      });
      progress.done();
      io.stdout(textReport(r, o.top));
      if (o.out !== undefined) {
        const w = (name: string, data: string) => writeOutput(join(o.out, name), data, [elf]);
        w('profile.json', profileJson(r));
        w('windows.csv', windowsCsv(r.windows));
        w('regions.csv', csv([['name', 'kind', 'count', 'cycles', 'latency_s', 'energy_J', 'power_W', 'instructions', 'wait_cycles', 'stall_cycles'], ...r.regions.map((g) => [g.name, g.kind, g.count, g.cycles, g.seconds, g.energyJ, g.powerW, g.instructions, g.waitCycles, g.stallCycles])]));
        if (r.functions !== null) {
          w('functions.csv', functionsCsv(r));
          w('stacks.folded', r.folded ?? '');
        }
        w('trace.json', chromeTrace(r));
        w('layers.svg', layerChartSvg(r));
        io.stderr(`m4sim: wrote ${o.out}/{profile.json,windows.csv,regions.csv,${r.functions !== null ? 'functions.csv,stacks.folded,' : ''}trace.json,layers.svg}\n`);
      }
      if (r.stop.kind !== 'exit') io.stderr(`m4sim: run ended: ${r.stop.kind === 'limit' ? r.stop.what : JSON.stringify(r.stop)}\n`);
      result.code = profileExit(r);
    });
}
