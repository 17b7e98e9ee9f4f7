// m4sim compare FILE.elf --measured M.csv: simulated versus measured windows with errors.
import { Command } from 'commander';
import { CliError, EXIT, parseCount, writeOutput, progressReporter, withProgressOptions, type Io, type Result } from './common.ts';
import { profileRun } from '../profiler/run.ts';
import { MeasureError } from '../board/measure.ts';
import { readMeasurements } from '../board/run.ts';
import { matchWindows, compareWindows, CalibrationError, type MetricError } from '../board/calibrate.ts';
import { checkSemihostRoot } from './profile.ts';

export function parseVolts(v: string): number {
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) throw new CliError(`--vdd ${v}: not a voltage`, EXIT.usage);
  return x;
}

export function compareCommand(io: Io, result: Result): Command {
  return withProgressOptions(new Command('compare'))
    .description('compare a simulated run with real-board measurements (per-sample CSV or power analyser CSV cut at a digital input)')
    .argument('<file.elf>', 'firmware ELF')
    .requiredOption('--measured <file.csv>', 'per-sample CSV (latency_ms, energy_mJ, power_mW, optional window/index) or analyser export (time, current, voltage, digital inputs)')
    .option('--window <name>', 'simulated window the unnamed measured windows belong to', 'train_step')
    .option('--channel <column>', 'analyser digital input that marks the windows (default: the first)')
    .option('--vdd <volts>', 'supply voltage when the analyser export has no voltage column', parseVolts)
    .option('--profile <name>', 'device profile: a name in profiles/ or a JSON file', 'stm32l4r5zi')
    .option('--semihost-root <dir>', 'the host directory the guest may open files in')
    .option('--max-cycles <n>', 'stop after this many simulated cycles', parseCount)
    .option('--json <file>', 'write the comparison as JSON')
    .action((elf: string, o) => {
      checkSemihostRoot(o.semihostRoot);
      try {
        const meas = readMeasurements(o.measured, { channel: o.channel, volts: o.vdd, name: o.window });
        const progress = progressReporter(io, o.progress);
        const r = profileRun({ elf, profile: o.profile, semihostRoot: o.semihostRoot, maxCycles: o.maxCycles, functions: false, warn: (m) => io.stderr(`m4sim: warning: ${m}\n`), onProgress: progress.onProgress });
        progress.done();
        const cmp = compareWindows(matchWindows(r.windows, meas, o.window));
        const f = (e: MetricError | null, scale: number, d: number) => (e === null ? ['-', '-', '-'] : [(e.sim * scale).toFixed(d), (e.meas * scale).toFixed(d), `${e.errPct >= 0 ? '+' : ''}${e.errPct.toFixed(2)}%`]);
        const rows = [['window', 'sim ms', 'meas ms', 'err', 'sim mJ', 'meas mJ', 'err', 'sim mW', 'meas mW', 'err']];
        for (const x of cmp.rows) rows.push([`${x.name}#${x.index}`, ...f(x.latency, 1e3, 3), ...f(x.energy, 1e3, 4), ...f(x.power, 1e3, 2)]);
        const w = rows[0].map((_, i) => Math.max(...rows.map((q) => q[i].length)));
        io.stdout(rows.map((q) => q.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ')).join('\n') + '\n');
        const m = cmp.meanAbsErrPct;
        const p = (x: number | null) => (x === null ? '-' : `${x.toFixed(2)} %`);
        io.stdout(`mean |error| over ${cmp.rows.length} window(s): latency ${p(m.latency)}, energy ${p(m.energy)}, power ${p(m.power)}\n`);
        if (o.json) writeOutput(o.json, JSON.stringify({ elf, measured: o.measured, ...cmp }, null, 1) + '\n', [elf, o.measured]);
        result.code = 0;
      } catch (e) {
        if (e instanceof MeasureError || e instanceof CalibrationError) throw new CliError(e.message);
        throw e;
      }
    });
}
