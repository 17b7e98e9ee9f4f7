// m4sim calibrate --run FILE.elf=MEASURED.csv ... -o NEW.json: least-squares fit of the
// energy model's charges to measured windows; writes a new profile and reports residuals.
import { Command } from 'commander';
import { readFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliError, EXIT, writeOutput, progressReporter, withProgressOptions, type Io, type Result } from './common.ts';
import { profileRun } from '../profiler/run.ts';
import { MeasureError } from '../board/measure.ts';
import { readMeasurements } from '../board/run.ts';
import { matchWindows, fitCharges, CalibrationError, type Pair } from '../board/calibrate.ts';
import { energyParams, energySection, COEFF_KEYS, type CoeffKey } from '../energy/model.ts';
import { loadProfile, profilesDir } from '../profile.ts';
import { checkSemihostRoot } from './profile.ts';
import { parseVolts } from './compare.ts';

export const DEFAULT_FIT: CoeffKey[] = ['cycle', 'instruction', 'mul', 'branch', 'memWord', 'fp', 'stallCycle'];

export function calibrateCommand(io: Io, result: Result): Command {
  return withProgressOptions(new Command('calibrate'))
    .description('fit the energy model\'s charges to measured windows (least squares) and write a new profile')
    .requiredOption('--run <elf=csv>', 'a firmware and its measurements (per-sample or analyser CSV); repeatable', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .requiredOption('-o, --out <profile.json>', 'the calibrated profile to write')
    .option('--fit <keys>', `coefficients to fit, comma-separated (of ${COEFF_KEYS.join(', ')})`, DEFAULT_FIT.join(','))
    .option('--by <what>', "fit measured 'energy', or measured 'power' times the simulated latency", 'energy')
    .option('--window <name>', 'simulated window the unnamed measured windows belong to', 'train_step')
    .option('--channel <column>', 'analyser digital input that marks the windows')
    .option('--vdd <volts>', 'supply voltage when an analyser export has no voltage column', parseVolts)
    .option('--profile <name>', 'starting device profile: a name in profiles/ or a JSON file', 'stm32l4r5zi')
    .option('--semihost-root <dir>', 'the host directory the guests may open files in')
    .action((o) => {
      checkSemihostRoot(o.semihostRoot);
      if (o.by !== 'energy' && o.by !== 'power') throw new CliError(`--by ${o.by}: use energy or power`, EXIT.usage);
      const fit = String(o.fit).split(',').map((s) => s.trim()).filter(Boolean) as CoeffKey[];
      for (const k of fit) if (!(COEFF_KEYS as readonly string[]).includes(k)) throw new CliError(`--fit ${k}: not a coefficient (${COEFF_KEYS.join(', ')})`, EXIT.usage);
      if ((o.run as string[]).length === 0) throw new CliError('--run ELF=CSV is required', EXIT.usage);
      const profile = loadProfile(o.profile);
      const params = energyParams(profile);
      try {
        const pairs: Pair[] = [];
        for (const spec of o.run as string[]) {
          const eq = spec.lastIndexOf('=');
          if (eq <= 0) throw new CliError(`--run ${spec}: expected ELF=CSV`, EXIT.usage);
          const elf = spec.slice(0, eq);
          const meas = readMeasurements(spec.slice(eq + 1), { channel: o.channel, volts: o.vdd, name: o.window });
          const progress = progressReporter(io, o.progress);
          const r = profileRun({ elf, profile: o.profile, semihostRoot: o.semihostRoot, functions: false, warn: (m) => io.stderr(`m4sim: warning: ${m}\n`), onProgress: progress.onProgress });
          progress.done();
          pairs.push(...matchWindows(r.windows, meas, o.window));
        }
        const f = fitCharges(pairs, params, fit, o.by);
        io.stdout(`fitted ${fit.length} coefficient(s) to ${pairs.length} window(s) (by ${o.by}); condition ${f.condition.toExponential(2)}\n`);
        for (const k of fit) io.stdout(`  ${k.padEnd(12)} ${String(f.before[k]).padStart(10)} -> ${f.after[k].toPrecision(6).padStart(12)} pC\n`);
        io.stdout(`residuals (model - measured) / measured: rms ${f.rmsResidualPct.toFixed(3)} %, max ${Math.max(...f.residuals.map((r) => Math.abs(r.residualPct))).toFixed(3)} %\n`);
        for (const r of f.residuals.slice(0, 40)) io.stdout(`  ${`${r.name}#${r.index}`.padEnd(28)} ${(r.measJ * 1e3).toFixed(5)} mJ  ${r.residualPct >= 0 ? '+' : ''}${r.residualPct.toFixed(3)} %\n`);
        if (f.residuals.length > 40) io.stdout(`  ... ${f.residuals.length - 40} more\n`);
        const path = o.profile.endsWith('.json') ? o.profile : join(profilesDir, `${o.profile}.json`);
        const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
        const note = `fitted by m4sim calibrate to ${(o.run as string[]).map((s) => basename(s.slice(s.lastIndexOf('=') + 1))).join(', ')} (${pairs.length} windows, by ${o.by}, rms residual ${f.rmsResidualPct.toFixed(3)} %)`;
        raw.energy = energySection(f.params, raw.energy as Record<string, unknown>, note);
        raw.name = basename(o.out).replace(/\.json$/, '');
        raw.description = `${String(raw.description ?? '')} (energy calibrated)`;
        if (existsSync(o.out) && o.out === path) throw new CliError(`${o.out}: refusing to overwrite the starting profile`, EXIT.usage);
        writeOutput(o.out, JSON.stringify(raw, null, 2) + '\n', [path]);
        io.stdout(`wrote ${o.out}\n`);
        result.code = 0;
      } catch (e) {
        if (e instanceof MeasureError || e instanceof CalibrationError) throw new CliError(e.message);
        throw e;
      }
    });
}
