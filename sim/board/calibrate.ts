// Simulated versus measured windows, and the least-squares fit of the energy model's charges.
//
// Matching: measured windows with a name pair with the simulated windows of that name by
// index; unnamed ones with the simulated windows of the default name (e.g. train_step).
// Fit: for window w with simulated counters n_w, simulated time t_w and voltage range r_w,
//   E_w / V - Istatic(r_w) t_w - scale(r_w) 1e-12 sum_{k not fitted} q_k n_wk
//     = scale(r_w) 1e-12 sum_{k fitted} q_k n_wk
// solved for the fitted q_k by least squares on relative residuals (each row divided by its
// measured energy), columns scaled to unit norm, Householder QR. The target energy E_w is the
// measured one, or (by = 'power') the measured average power times the simulated latency, so
// a latency error of the cycle model does not bias the energy coefficients.
import type { WindowRecord } from '../profiler/regions.ts';
import type { MeasuredWindow } from './measure.ts';
import { COEFF_KEYS, NK, type CoeffKey, type EnergyParams } from '../energy/model.ts';

export class CalibrationError extends Error {}

export interface Pair {
  sim: WindowRecord;
  meas: MeasuredWindow;
}

export function matchWindows(sim: WindowRecord[], meas: MeasuredWindow[], defaultName: string): Pair[] {
  const byName = new Map<string, WindowRecord[]>();
  for (const w of sim) {
    const l = byName.get(w.name) ?? [];
    l.push(w);
    byName.set(w.name, l);
  }
  const pairs: Pair[] = [];
  for (const m of meas) {
    const name = m.name ?? defaultName;
    const s = byName.get(name)?.[m.index];
    if (s === undefined) throw new CalibrationError(`measured window ${name}#${m.index} has no simulated counterpart (simulated: ${[...byName].map(([k, v]) => `${k} x${v.length}`).join(', ') || 'none'})`);
    pairs.push({ sim: s, meas: m });
  }
  return pairs;
}

export interface MetricError {
  sim: number;
  meas: number;
  errPct: number;
}

export interface ComparisonRow {
  name: string;
  index: number;
  latency: MetricError | null;
  energy: MetricError | null;
  power: MetricError | null;
}

const err = (sim: number, meas: number | null): MetricError | null => (meas === null ? null : { sim, meas, errPct: meas === 0 ? NaN : ((sim - meas) / meas) * 100 });

export function compareWindows(pairs: Pair[]): { rows: ComparisonRow[]; meanAbsErrPct: { latency: number | null; energy: number | null; power: number | null } } {
  const rows = pairs.map(({ sim, meas }) => ({
    name: sim.name,
    index: sim.index,
    latency: err(sim.seconds, meas.seconds),
    energy: err(sim.energyJ, meas.energyJ ?? (meas.powerW !== null && meas.seconds !== null ? meas.powerW * meas.seconds : null)),
    power: err(sim.powerW, meas.powerW ?? (meas.energyJ !== null && meas.seconds ? meas.energyJ / meas.seconds : null)),
  }));
  const mean = (k: 'latency' | 'energy' | 'power') => {
    const v = rows.map((r) => r[k]).filter((x): x is MetricError => x !== null && Number.isFinite(x.errPct));
    return v.length ? v.reduce((a, x) => a + Math.abs(x.errPct), 0) / v.length : null;
  };
  return { rows, meanAbsErrPct: { latency: mean('latency'), energy: mean('energy'), power: mean('power') } };
}

export interface FitResult {
  params: EnergyParams;
  fitted: CoeffKey[];
  before: Record<string, number>;
  after: Record<string, number>;
  /** relative residual per window, percent (model - measured) / measured */
  residuals: { name: string; index: number; measJ: number; modelJ: number; residualPct: number }[];
  rmsResidualPct: number;
  /** ratio of the largest to the smallest diagonal of R (column-scaled) */
  condition: number;
}

/** Measured target energy of a pair. */
function target(p: Pair, by: 'energy' | 'power'): number {
  const m = p.meas;
  if (by === 'power') {
    const pw = m.powerW ?? (m.energyJ !== null && m.seconds ? m.energyJ / m.seconds : null);
    if (pw === null) throw new CalibrationError(`measured window ${p.sim.name}#${p.sim.index} has neither power nor energy and latency`);
    return pw * p.sim.seconds;
  }
  const e = m.energyJ ?? (m.powerW !== null && m.seconds !== null ? m.powerW * m.seconds : null);
  if (e === null) throw new CalibrationError(`measured window ${p.sim.name}#${p.sim.index} has no energy (nor power and latency)`);
  return e;
}

export function fitCharges(pairs: Pair[], p: EnergyParams, fit: CoeffKey[], by: 'energy' | 'power' = 'energy'): FitResult {
  if (fit.length === 0) throw new CalibrationError('nothing to fit (--fit lists no coefficient)');
  if (pairs.length < fit.length) throw new CalibrationError(`${pairs.length} measured windows cannot determine ${fit.length} coefficients`);
  const idx = fit.map((k) => COEFF_KEYS.indexOf(k));
  const m = pairs.length;
  const n = fit.length;
  const A = new Float64Array(m * n);
  const b = new Float64Array(m);
  const E = pairs.map((x) => target(x, by));
  pairs.forEach((pr, r) => {
    const w = pr.sim;
    const scale = p.rangeScale[w.range] * 1e-12;
    let rest = E[r] / p.supplyVolts - p.staticAmps[w.range] * w.seconds;
    for (let k = 0; k < NK; k++) if (!idx.includes(k)) rest -= scale * p.charge[COEFF_KEYS[k]] * w.counters[k];
    const wt = 1 / E[r];
    b[r] = rest * wt;
    idx.forEach((k, c) => (A[r * n + c] = scale * w.counters[k] * wt));
  });
  // column scaling
  const cs = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    let s = 0;
    for (let r = 0; r < m; r++) s += A[r * n + c] ** 2;
    cs[c] = Math.sqrt(s);
    if (cs[c] === 0) throw new CalibrationError(`coefficient ${fit[c]} cannot be fitted: its counter is 0 in every measured window`);
    for (let r = 0; r < m; r++) A[r * n + c] /= cs[c];
  }
  // Householder QR, applied to b as well
  const diag = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    let norm = 0;
    for (let r = c; r < m; r++) norm += A[r * n + c] ** 2;
    norm = Math.sqrt(norm);
    const alpha = A[c * n + c] > 0 ? -norm : norm;
    const v = new Float64Array(m);
    for (let r = c; r < m; r++) v[r] = A[r * n + c];
    v[c] -= alpha;
    const vn = v.reduce((a, x) => a + x * x, 0);
    diag[c] = alpha;
    if (vn === 0) continue;
    for (let j = c; j < n; j++) {
      let d = 0;
      for (let r = c; r < m; r++) d += v[r] * A[r * n + j];
      d = (2 * d) / vn;
      for (let r = c; r < m; r++) A[r * n + j] -= d * v[r];
    }
    let d = 0;
    for (let r = c; r < m; r++) d += v[r] * b[r];
    d = (2 * d) / vn;
    for (let r = c; r < m; r++) b[r] -= d * v[r];
  }
  const absDiag = Array.from(diag, Math.abs);
  const maxD = Math.max(...absDiag);
  for (let c = 0; c < n; c++)
    if (absDiag[c] < 1e-9 * maxD) throw new CalibrationError(`coefficient ${fit[c]} cannot be separated from the others with these windows (its counter is a combination of theirs); fit fewer coefficients`);
  const x = new Float64Array(n);
  for (let c = n - 1; c >= 0; c--) {
    let s = b[c];
    for (let j = c + 1; j < n; j++) s -= A[c * n + j] * x[j];
    x[c] = s / A[c * n + c];
  }
  const charge = { ...p.charge };
  fit.forEach((k, c) => (charge[k] = x[c] / cs[c]));
  const params: EnergyParams = { ...p, charge };
  const residuals = pairs.map((pr, r) => {
    const w = pr.sim;
    let dyn = 0;
    for (let k = 0; k < NK; k++) dyn += charge[COEFF_KEYS[k]] * w.counters[k];
    const modelJ = p.supplyVolts * (p.staticAmps[w.range] * w.seconds + p.rangeScale[w.range] * dyn * 1e-12);
    return { name: w.name, index: w.index, measJ: E[r], modelJ, residualPct: ((modelJ - E[r]) / E[r]) * 100 };
  });
  const rms = Math.sqrt(residuals.reduce((a, r) => a + r.residualPct ** 2, 0) / residuals.length);
  return {
    params,
    fitted: fit,
    before: Object.fromEntries(fit.map((k) => [k, p.charge[k]])),
    after: Object.fromEntries(fit.map((k) => [k, charge[k]])),
    residuals,
    rmsResidualPct: rms,
    condition: maxD / Math.min(...absDiag),
  };
}
