// The VAE experiment: prepares the data, builds and runs the native training binary
// (firmware/vae, same C sources as the firmware), collects ELBO per epoch and classifier
// accuracies, reads the SRAM table from the firmware ELFs, writes results JSON and plots.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDataset, type DatasetName } from './data.ts';
import { sramUse } from './elf.ts';
import { imageGrid } from './png.ts';
import { plotPng, plotSvg, type Series } from './plot.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const VAE_DIR = join(REPO, 'firmware', 'vae');
export const BUILD_DIR = join(REPO, 'firmware', 'build', 'vae');
export const ELF_DIR = join(REPO, 'firmware', 'elf');

/** Published figures (reference.md section 1: Deutel et al., MCSoC 2025). kB = 1000 bytes assumed. */
export const PUBLISHED = {
  sram: {
    baseline: { fp32: { activations: 45.3, weights: 484.1 }, u8: { activations: 23.0, weights: 221.0 } },
    latent: { fp32: { activations: 46.4, weights: 742.6 }, u8: { activations: 23.6, weights: 347.4 } },
    filters: { fp32: { activations: 84.3, weights: 1201.4 }, u8: { activations: 36.0, weights: 590.3 } },
    classes: { fp32: { activations: 46.4, weights: 496.2 }, u8: { activations: 24.0, weights: 236.2 } },
  },
  accuracy: { fashion: { 10: 63, 100: 75, 200: 77 }, mnist: { 10: 73, 100: 89, 200: 91 } } as Record<string, Record<number, number>>,
  elbo: { fashion: { fp32: 250, u8: 255 }, mnist: { fp32: 108, u8: 114 } } as Record<string, Record<string, number>>,
};

export type Precision = 'fp32' | 'u8';
export type Variant = 'baseline' | 'latent' | 'filters' | 'classes';
export const VARIANTS: Variant[] = ['baseline', 'latent', 'filters', 'classes'];

export interface ExperimentOptions {
  dataset: DatasetName;
  precision: Precision | 'both';
  epochs: number;
  limit?: number; // training images used (default all)
  testLimit?: number;
  labels?: number[]; // per class (default 10,100,200)
  clsEpochs?: number;
  clsEvery?: number;
  seed?: number;
  lr?: number;
  lrU8?: number;
  momentum?: number;
  alphaNorm?: number; // default 0.85 MNIST, 0.7 Fashion-MNIST
  dsgu?: boolean;
  errRounding?: 'floor' | 'nearest' | 'stochastic'; // u8 error tensors (default stochastic; published floor)
  wRounding?: 'nearest' | 'stochastic'; // u8 requantized weights (default stochastic)
  lambdaMin?: number;
  lambdaMax?: number;
  variant?: Variant;
  outDir?: string; // default workload/results
  dataDir?: string; // default workload/data/cache
  name?: string; // file prefix (default <dataset>-<precision>-<epochs>ep)
  genCount?: number;
  command?: string; // recorded in the results
  progress?: (line: string) => void; // stderr lines of the run
}

export interface EpochResult {
  epoch: number;
  steps: number;
  train_elbo: number;
  train_recon: number;
  train_kl: number;
  test_elbo?: number;
  ms_per_step: number;
  update_fraction: number;
  acc?: Record<string, number>;
}

export interface RunResult {
  precision: Precision;
  config: Record<string, unknown>;
  epochs: EpochResult[];
  ms_per_step: number;
  samples_png: string;
  recon_png?: string; // test images beside their reconstructions (decoder of mu), pairs in a row
  latent?: { mu_mean: number[]; mu_std: number[] }; // mu over the test split after training
}

export interface SramRow {
  variant: Variant;
  precision: Precision;
  elf: string;
  activations_kB: number;
  weights_kB: number;
  published: { activations: number; weights: number };
  sections: Record<string, number>;
}

export interface ExperimentResult {
  dataset: DatasetName;
  command?: string;
  runs: RunResult[];
  sram: SramRow[];
  published: { accuracy: Record<number, number>; elbo: Record<string, number> };
  plots: string[];
}

export class ExperimentError extends Error {}

function run(cmd: string, args: string[], cwd = REPO): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.error) throw new ExperimentError(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) {
    const msg = (r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' | ');
    throw new ExperimentError(`${cmd} ${args.join(' ')} failed: ${msg}`);
  }
}

/** Builds (make, incremental) and returns the host binary for a precision/variant. */
export function hostBinary(precision: Precision, variant: Variant = 'baseline'): string {
  if (variant === 'baseline') {
    run('make', ['-s', '-C', VAE_DIR, 'host']);
    return join(BUILD_DIR, `vae-host-${precision}`);
  }
  const latent = variant === 'latent' ? 40 : 10, filters = variant === 'filters' ? 2 : 1, classes = variant === 'classes' ? 1 : 0;
  run('make', ['-s', '-C', VAE_DIR, 'host-variant', `PREC=${precision}`, `LATENT=${latent}`, `FILTERS=${filters}`, `CLASSES=${classes}`]);
  return join(BUILD_DIR, `vae-host-${precision}-l${latent}-f${filters}${classes ? '-classes' : ''}`);
}

/** SRAM table from the ELF section headers (builds the ELFs if the cross compiler exists). */
export function sramTable(build = true, warn?: (m: string) => void): SramRow[] {
  const haveCross = spawnSync('arm-none-eabi-gcc', ['--version']).status === 0;
  if (build && haveCross) {
    try {
      run('make', ['-s', '-C', VAE_DIR, 'elf', 'variants']);
    } catch (e) {
      warn?.(`SRAM table from existing ELFs only: ${(e as Error).message}`);
    }
  }
  const rows: SramRow[] = [];
  for (const variant of VARIANTS)
    for (const precision of ['fp32', 'u8'] as Precision[]) {
      const elf =
        variant === 'baseline' ? join(ELF_DIR, `vae-${precision}.elf`) : join(BUILD_DIR, `vae-${precision}-${variant}.elf`);
      if (!existsSync(elf)) continue;
      const u = sramUse(elf);
      rows.push({
        variant,
        precision,
        elf: relative(REPO, elf),
        activations_kB: u.activations / 1000,
        weights_kB: u.weights / 1000,
        published: PUBLISHED.sram[variant][precision],
        sections: u.sections,
      });
    }
  return rows;
}

function runHost(bin: string, args: string[], progress?: (l: string) => void): Promise<Record<string, unknown>[]> {
  return new Promise((res, rej) => {
    const p = spawn(bin, args, { cwd: REPO });
    let out = '', err = '', errLine = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d: Buffer) => {
      const s = d.toString();
      err += s;
      if (progress) {
        errLine += s;
        const parts = errLine.split(/[\r\n]/);
        errLine = parts.pop() ?? '';
        for (const l of parts) if (l.trim()) progress(l.trim());
      }
    });
    p.on('error', (e) => rej(new ExperimentError(`${bin}: ${e.message}`)));
    p.on('close', (code) => {
      if (code !== 0) return rej(new ExperimentError(`${bin} exited with ${code}: ${err.trim().split('\n').pop()}`));
      try {
        res(out.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)));
      } catch {
        rej(new ExperimentError(`${bin}: output is not JSON lines`));
      }
    });
  });
}

const U8_COLORS: Record<string, [number, number, number]> = { '10': [188, 189, 34], '100': [255, 127, 14], '200': [214, 39, 40] };
const COLORS: Record<string, [number, number, number]> = {
  fp32: [31, 119, 180], u8: [214, 39, 40], '10': [44, 160, 44], '100': [31, 119, 180], '200': [148, 103, 189],
};

export async function runExperiment(o: ExperimentOptions): Promise<ExperimentResult> {
  if (o.dataset !== 'fashion' && o.dataset !== 'mnist') throw new ExperimentError(`unknown dataset '${o.dataset}' (fashion or mnist)`);
  if (!['fp32', 'u8', 'both'].includes(o.precision)) throw new ExperimentError(`unknown precision '${o.precision}' (fp32, u8 or both)`);
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new ExperimentError('epochs must be a positive integer');
  const outDir = resolve(o.outDir ?? join(REPO, 'workload', 'results'));
  const dataDir = resolve(o.dataDir ?? join(REPO, 'workload', 'data', 'cache'));
  mkdirSync(outDir, { recursive: true });
  const data = prepareDataset(o.dataset, dataDir);
  const precisions: Precision[] = o.precision === 'both' ? ['fp32', 'u8'] : [o.precision];
  const labels = o.labels ?? [10, 100, 200];
  const name = o.name ?? `${o.dataset}-${o.precision}-${o.epochs}ep${o.variant && o.variant !== 'baseline' ? '-' + o.variant : ''}`;
  const alphaNorm = o.alphaNorm ?? (o.dataset === 'mnist' ? 0.85 : 0.7);
  const runs: RunResult[] = [];
  for (const precision of precisions) {
    const bin = hostBinary(precision, o.variant);
    const genFile = join(outDir, `${name}-${precision}-samples.raw`);
    const reconFile = join(outDir, `${name}-${precision}-recon.raw`);
    const args = ['--train', data.train, '--test', data.test, '--epochs', String(o.epochs), '--labels', labels.join(','),
      '--alpha-norm', String(alphaNorm), '--gen', genFile, '--recon', reconFile, '--gen-count', String(o.genCount ?? 64)];
    if (o.limit) args.push('--limit', String(o.limit));
    if (o.testLimit) args.push('--test-limit', String(o.testLimit));
    if (o.clsEpochs !== undefined) args.push('--cls-epochs', String(o.clsEpochs));
    if (o.clsEvery !== undefined) args.push('--cls-every', String(o.clsEvery));
    if (o.seed !== undefined) args.push('--seed', String(o.seed));
    const lr = precision === 'u8' ? (o.lrU8 ?? o.lr) : o.lr;
    if (lr !== undefined) args.push('--lr', String(lr));
    if (o.momentum !== undefined) args.push('--momentum', String(o.momentum));
    if (o.dsgu) args.push('--dsgu');
    if (precision === 'u8' && o.errRounding) args.push('--err-rounding', o.errRounding);
    if (precision === 'u8' && o.wRounding) args.push('--w-rounding', o.wRounding);
    if (o.lambdaMin !== undefined) args.push('--lambda-min', String(o.lambdaMin));
    if (o.lambdaMax !== undefined) args.push('--lambda-max', String(o.lambdaMax));
    o.progress?.(`${precision}: ${relative(REPO, bin)} ${args.map((a) => (a.startsWith('/') ? relative(REPO, a) : a)).join(' ')}`);
    const lines = await runHost(bin, args, o.progress ? (l) => o.progress!(`${precision}: ${l}`) : undefined);
    const config = lines.find((l) => l.type === 'config') ?? {};
    const epochs = lines.filter((l) => l.type === 'epoch') as unknown as EpochResult[];
    const done = lines.find((l) => l.type === 'done') as { ms_per_step?: number } | undefined;
    const png = rawToGrid(genFile, join(outDir, `${name}-${precision}-samples.png`));
    const recon = rawToGrid(reconFile, join(outDir, `${name}-${precision}-recon.png`));
    spawnSync('rm', ['-f', genFile, reconFile]);
    const latent = lines.find((l) => l.type === 'latent') as { mu_mean: number[]; mu_std: number[] } | undefined;
    runs.push({ precision, config, epochs, ms_per_step: done?.ms_per_step ?? NaN, samples_png: relative(outDir, png),
      recon_png: relative(outDir, recon), ...(latent ? { latent: { mu_mean: latent.mu_mean, mu_std: latent.mu_std } } : {}) });
  }
  return writeResults({ dataset: o.dataset, runs, outDir, name, labels, epochs: o.epochs, command: o.command, progress: o.progress });
}

/** Raw 28x28 images (vae-host --gen/--recon) -> PNG grid, 8 per row; returns the PNG path. */
function rawToGrid(raw: string, png: string): string {
  const img = new Uint8Array(readFileSync(raw));
  writeFileSync(png, imageGrid(img, Math.floor(img.length / 784), 8));
  return png;
}

/** SRAM table, plots and the results JSON for finished runs (shared by runExperiment and collect). */
export function writeResults(w: { dataset: DatasetName; runs: RunResult[]; outDir: string; name: string; labels: number[]; epochs: number; command?: string; progress?: (l: string) => void }): ExperimentResult {
  const { runs, outDir, name, labels } = w;
  const o = { dataset: w.dataset, epochs: w.epochs, command: w.command, progress: w.progress };
  const sram = sramTable(true, o.progress);
  const pubAcc = PUBLISHED.accuracy[o.dataset];
  const pubElbo = PUBLISHED.elbo[o.dataset];
  // plots
  const plots: string[] = [];
  const elboSeries: Series[] = [];
  for (const r of runs) {
    elboSeries.push({ label: `${r.precision} train`, color: COLORS[r.precision], points: r.epochs.map((e) => [e.epoch, e.train_elbo]) });
    if (r.epochs.some((e) => e.test_elbo !== undefined))
      elboSeries.push({ label: `${r.precision} test`, color: COLORS[r.precision].map((v) => Math.min(255, v + 90)) as [number, number, number], points: r.epochs.map((e) => [e.epoch, e.test_elbo ?? NaN]) });
    elboSeries.push({ label: `published ${r.precision}`, color: COLORS[r.precision], dashed: true, points: [[1, pubElbo[r.precision]], [Math.max(2, o.epochs), pubElbo[r.precision]]] });
  }
  const elboSpec = { title: `${o.dataset} ELBO (negative, per sample)`, xlabel: 'epoch', ylabel: 'loss (nats)', series: elboSeries };
  const accSeries: Series[] = [];
  for (const r of runs)
    for (const l of labels) {
      const pts = r.epochs.filter((e) => e.acc && e.acc[String(l)] !== undefined).map((e) => [e.epoch, 100 * e.acc![String(l)]] as [number, number]);
      accSeries.push({ label: `${r.precision} ${l}/class`, color: (r.precision === 'u8' ? U8_COLORS : COLORS)[String(l)] ?? [0, 0, 0], points: pts, dashed: false });
    }
  for (const l of labels)
    if (pubAcc[l]) accSeries.push({ label: `published ${l}/class`, color: COLORS[String(l)] ?? [0, 0, 0], dashed: true, points: [[1, pubAcc[l]], [Math.max(2, o.epochs), pubAcc[l]]] });
  const accSpec = { title: `${o.dataset} test accuracy`, xlabel: 'epoch', ylabel: 'accuracy (%)', series: accSeries };
  for (const [k, spec] of [['elbo', elboSpec], ['accuracy', accSpec]] as const) {
    writeFileSync(join(outDir, `${name}-${k}.svg`), plotSvg(spec));
    writeFileSync(join(outDir, `${name}-${k}.png`), plotPng(spec));
    plots.push(`${name}-${k}.svg`, `${name}-${k}.png`);
  }
  const result: ExperimentResult = { dataset: o.dataset, command: o.command, runs, sram, published: { accuracy: pubAcc, elbo: pubElbo }, plots };
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(result, null, 1) + '\n');
  return result;
}

/** Parse vae-host JSON lines (a finished or partial run) into a RunResult. */
export function runFromLines(precision: Precision, text: string, samplesPng: string): RunResult {
  const lines = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
  const config = lines.find((l) => l.type === 'config') ?? {};
  const epochs = lines.filter((l) => l.type === 'epoch') as unknown as EpochResult[];
  const done = lines.find((l) => l.type === 'done') as { ms_per_step?: number } | undefined;
  const ms = done?.ms_per_step ?? (epochs.length ? epochs.reduce((a, e) => a + e.ms_per_step, 0) / epochs.length : NaN);
  const latent = lines.find((l) => l.type === 'latent') as { mu_mean: number[]; mu_std: number[] } | undefined;
  return { precision, config, epochs, ms_per_step: ms, samples_png: samplesPng, ...(latent ? { latent: { mu_mean: latent.mu_mean, mu_std: latent.mu_std } } : {}) };
}

/**
 * Results from runs made directly with vae-host: reads <dir>/<name>-<prec>.jsonl and, if
 * present, <dir>/<name>-<prec>-samples.raw (written by --gen) and -recon.raw (--recon), then
 * writes JSON, plots and the PNG grids (the .raw files are left in place).
 */
export function collectResults(dataset: DatasetName, dir: string, name: string, command?: string, labels = [10, 100, 200]): ExperimentResult {
  const runs: RunResult[] = [];
  for (const precision of ['fp32', 'u8'] as Precision[]) {
    const f = join(dir, `${name}-${precision}.jsonl`);
    if (!existsSync(f)) continue;
    const raw = join(dir, `${name}-${precision}-samples.raw`);
    let png = '';
    if (existsSync(raw)) {
      const img = new Uint8Array(readFileSync(raw));
      png = `${name}-${precision}-samples.png`;
      writeFileSync(join(dir, png), imageGrid(img, Math.floor(img.length / 784), 8));
    }
    const run = runFromLines(precision, readFileSync(f, 'utf8'), png);
    const rraw = join(dir, `${name}-${precision}-recon.raw`);
    if (existsSync(rraw)) run.recon_png = relative(dir, rawToGrid(rraw, join(dir, `${name}-${precision}-recon.png`)));
    runs.push(run);
  }
  if (!runs.length) throw new ExperimentError(`no ${name}-fp32.jsonl or ${name}-u8.jsonl in ${dir}`);
  const epochs = Math.max(...runs.map((r) => r.epochs.length));
  return writeResults({ dataset, runs, outDir: dir, name, labels, epochs, command });
}

/** Rewrite plots (and the SRAM table) of an existing results JSON, e.g. after a plot change. */
export function replotResults(jsonPath: string): ExperimentResult {
  const r = JSON.parse(readFileSync(jsonPath, 'utf8')) as ExperimentResult;
  const dir = dirname(resolve(jsonPath));
  const name = jsonPath.replace(/^.*\//, '').replace(/\.json$/, '');
  const labels = Object.keys(r.runs[0]?.epochs.find((e) => e.acc)?.acc ?? { 10: 0, 100: 0, 200: 0 }).map(Number);
  const epochs = Math.max(...r.runs.map((x) => x.epochs.length));
  return writeResults({ dataset: r.dataset, runs: r.runs, outDir: dir, name, labels, epochs, command: r.command });
}
