// CLI: npx tsx workload/cli.ts vae --dataset fashion --precision u8 --epochs 5
// Trains natively (firmware/vae host build), writes results JSON + plots, prints a summary.
import { Command, InvalidArgumentError } from 'commander';
import { collectResults, replotResults, runExperiment, sramTable, ExperimentError, type ExperimentOptions } from './experiment.ts';
import { DataError } from './data.ts';

const int = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return Number(v);
};
const num = (name: string) => (v: string) => {
  const x = Number(v);
  if (!Number.isFinite(x)) throw new InvalidArgumentError(`${name} must be a number`);
  return x;
};

export function buildProgram(): Command {
  const program = new Command('workload').description('m4sim training workload (VAE on Cortex-M4)');
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program
    .command('vae')
    .description('train the VAE natively and write results (JSON, plots, sample grid)')
    .option('--dataset <name>', 'fashion or mnist', 'fashion')
    .option('--precision <p>', 'fp32, u8 or both', 'both')
    .option('--epochs <n>', 'VAE epochs', int('--epochs'), 1)
    .option('--limit <n>', 'training images per epoch (default: 10000 for fashion unless --full, all for mnist)', int('--limit'))
    .option('--full', 'use the whole training split')
    .option('--test-limit <n>', 'test images evaluated', int('--test-limit'))
    .option('--labels <list>', 'labelled samples per class', '10,100,200')
    .option('--cls-epochs <n>', 'classifier epochs', int('--cls-epochs'), 25)
    .option('--cls-every <n>', 'classifier every n epochs (0: only at the end)', int('--cls-every'), 1)
    .option('--seed <n>', 'PRNG seed', int('--seed'), 1)
    .option('--lr <x>', 'learning rate (both precisions)', num('--lr'))
    .option('--lr-u8 <x>', 'learning rate of the u8 run only', num('--lr-u8'))
    .option('--momentum <x>', 'fp32 SGD momentum', num('--momentum'))
    .option('--alpha-norm <x>', 'u8 gradient standardization rate (default 0.85 mnist, 0.7 fashion)', num('--alpha-norm'))
    .option('--dsgu', 'u8: dynamic sparse gradient updates')
    .option('--err-rounding <m>', 'u8 error tensors: floor (published), nearest, stochastic (default)')
    .option('--w-rounding <m>', 'u8 requantized weights: nearest, stochastic (default)')
    .option('--lambda-min <x>', 'DSGU lambda_min', num('--lambda-min'))
    .option('--lambda-max <x>', 'DSGU lambda_max', num('--lambda-max'))
    .option('--variant <v>', 'baseline, latent, filters or classes', 'baseline')
    .option('--out <dir>', 'output directory (default workload/results)')
    .option('--name <prefix>', 'output file prefix')
    .action(async (opts) => {
      const labels = String(opts.labels).split(',').map((s: string) => {
        if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 409) throw new ExperimentError(`--labels: '${s}' is not 1..409`);
        return Number(s);
      });
      if (!['baseline', 'latent', 'filters', 'classes'].includes(opts.variant)) throw new ExperimentError(`--variant: unknown '${opts.variant}'`);
      if (opts.errRounding !== undefined && !['floor', 'nearest', 'stochastic'].includes(opts.errRounding)) throw new ExperimentError(`--err-rounding: '${opts.errRounding}' is not floor, nearest or stochastic`);
      if (opts.wRounding !== undefined && !['nearest', 'stochastic'].includes(opts.wRounding)) throw new ExperimentError(`--w-rounding: '${opts.wRounding}' is not nearest or stochastic`);
      const limit = opts.limit ?? (opts.full || opts.dataset !== 'fashion' ? undefined : 10000);
      const o: ExperimentOptions = {
        dataset: opts.dataset, precision: opts.precision, epochs: opts.epochs, limit, testLimit: opts.testLimit, labels,
        clsEpochs: opts.clsEpochs, clsEvery: opts.clsEvery, seed: opts.seed, lr: opts.lr, lrU8: opts.lrU8,
        momentum: opts.momentum, alphaNorm: opts.alphaNorm, dsgu: !!opts.dsgu, errRounding: opts.errRounding, wRounding: opts.wRounding, lambdaMin: opts.lambdaMin,
        lambdaMax: opts.lambdaMax, variant: opts.variant, outDir: opts.out, name: opts.name,
        command: 'npx tsx workload/cli.ts ' + process.argv.slice(2).join(' '),
        progress: (l) => process.stderr.write(l + '\n'),
      };
      const t0 = Date.now();
      const r = await runExperiment(o);
      for (const run of r.runs) {
        const last = run.epochs[run.epochs.length - 1];
        const acc = last?.acc ? Object.entries(last.acc).map(([k, v]) => `${k}/class ${(100 * v).toFixed(1)}%`).join(', ') : '';
        console.log(`${r.dataset} ${run.precision}: epoch ${last?.epoch} train ELBO ${last?.train_elbo.toFixed(1)}` +
          (last?.test_elbo !== undefined ? `, test ELBO ${last.test_elbo.toFixed(1)}` : '') + `; ${acc}; ${run.ms_per_step.toFixed(3)} ms/step`);
      }
      for (const s of r.sram)
        console.log(`SRAM ${s.variant} ${s.precision}: activations ${s.activations_kB.toFixed(1)} kB (published ${s.published.activations}), weights ${s.weights_kB.toFixed(1)} kB (published ${s.published.weights})`);
      console.log(`results in ${o.outDir ?? 'workload/results'} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    });
  program
    .command('collect')
    .description('results JSON + plots from vae-host runs: <dir>/<name>-<prec>.jsonl (and -samples.raw)')
    .requiredOption('--dataset <name>', 'fashion or mnist')
    .requiredOption('--name <prefix>', 'file prefix')
    .option('--dir <dir>', 'directory', 'workload/results')
    .option('--command <text>', 'the command that made the runs (recorded)')
    .action((opts) => {
      if (opts.dataset !== 'fashion' && opts.dataset !== 'mnist') throw new ExperimentError(`unknown dataset '${opts.dataset}' (fashion or mnist)`);
      const r = collectResults(opts.dataset, opts.dir, opts.name, opts.command);
      for (const run of r.runs) console.log(`${run.precision}: ${run.epochs.length} epochs`);
    });
  program
    .command('replot')
    .description('rewrite the plots of results JSON files')
    .argument('<json...>', 'results files')
    .action((files: string[]) => {
      for (const f of files) replotResults(f);
    });
  program
    .command('sram')
    .description('print the SRAM table read from the firmware ELF section headers')
    .action(() => {
      for (const s of sramTable())
        console.log(`${s.variant.padEnd(8)} ${s.precision.padEnd(4)} activations ${s.activations_kB.toFixed(1).padStart(6)} kB (published ${s.published.activations})  weights ${s.weights_kB.toFixed(1).padStart(7)} kB (published ${s.published.weights})`);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    if (err.code?.startsWith('commander.')) return err.exitCode || 1; // commander already printed the message
    if (e instanceof ExperimentError || e instanceof DataError) process.stderr.write(`workload: ${err.message}\n`);
    else process.stderr.write(`workload: ${err.message ?? String(e)}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('workload/cli.ts')) {
  main(process.argv.slice(2)).then((c) => process.exit(c));
}
