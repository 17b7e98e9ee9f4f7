// CI regression checks: a baseline records a run's cycles, energy and memory, in total and
// per marked window/region (mean per occurrence); a check runs the firmware again the same
// way and compares metric by metric with per-family tolerances (percent). Higher is worse for
// every metric: an increase beyond the tolerance is a regression, a decrease beyond it an
// improvement (reported, not failing).
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { ProfileResult } from '../profiler/run.ts';

export const FAMILIES = ['cycles', 'instructions', 'energy', 'latency', 'memory'] as const;
export type Family = (typeof FAMILIES)[number];
export const DEFAULT_TOLERANCE: Record<Family, number> = { cycles: 1, instructions: 1, energy: 1, latency: 1, memory: 0 };

export interface Metric {
  family: Family;
  value: number;
  unit: string;
}

export interface Baseline {
  format: 'm4sim-baseline';
  version: 1;
  /** paths relative to the baseline file */
  elf: string;
  profile: string;
  semihostRoot: string | null;
  maxCycles: number | null;
  stop: string;
  metrics: Record<string, Metric>;
}

export function stopText(r: ProfileResult): string {
  return r.stop.kind === 'exit' ? `exit ${r.stop.code}` : r.stop.kind;
}

/** The metrics of a profiled run, by name ("run.cycles", "region.conv1.forward.energyJ", ...). */
export function metricsOf(r: ProfileResult): Record<string, Metric> {
  const m: Record<string, Metric> = {};
  m['run.cycles'] = { family: 'cycles', value: r.run.cycles, unit: 'cycles' };
  m['run.instructions'] = { family: 'instructions', value: r.run.instructions, unit: 'instructions' };
  m['run.energy'] = { family: 'energy', value: r.run.energyJ, unit: 'J' };
  const f = r.footprint;
  m['memory.flash'] = { family: 'memory', value: f.flash.total, unit: 'B' };
  m['memory.sram.static'] = { family: 'memory', value: f.sram.data + f.sram.bss + f.sram.buffers, unit: 'B' };
  if (f.sram.stackPeak !== null) m['memory.sram.stackPeak'] = { family: 'memory', value: f.sram.stackPeak, unit: 'B' };
  if (f.sram.heapPeak !== null) m['memory.sram.heapPeak'] = { family: 'memory', value: f.sram.heapPeak, unit: 'B' };
  m['memory.weights'] = { family: 'memory', value: f.buffers['.weights'] + f.buffers['.grads'], unit: 'B' };
  m['memory.activations'] = { family: 'memory', value: f.buffers['.activations'] + f.buffers['.errors'], unit: 'B' };
  for (const g of r.regions) {
    const p = `${g.kind === 'pin' ? 'window' : 'region'}.${g.name}`;
    m[`${p}.cycles`] = { family: 'cycles', value: g.meanCycles, unit: 'cycles' };
    m[`${p}.latency`] = { family: 'latency', value: g.meanSeconds, unit: 's' };
    m[`${p}.energy`] = { family: 'energy', value: g.meanEnergyJ, unit: 'J' };
  }
  return m;
}

export function makeBaseline(r: ProfileResult, out: string, run: { elf: string; profile: string; semihostRoot?: string; maxCycles?: number }): Baseline {
  const rel = (p: string) => relative(dirname(resolve(out)), resolve(p));
  return {
    format: 'm4sim-baseline',
    version: 1,
    elf: rel(run.elf),
    profile: run.profile,
    semihostRoot: run.semihostRoot !== undefined ? rel(run.semihostRoot) : null,
    maxCycles: run.maxCycles ?? null,
    stop: stopText(r),
    metrics: metricsOf(r),
  };
}

export class BaselineError extends Error {}

export function readBaseline(path: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new BaselineError(`${path}: cannot read baseline (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const b = raw as Baseline;
  if (b === null || typeof b !== 'object' || b.format !== 'm4sim-baseline') throw new BaselineError(`${path}: not an m4sim baseline (no "format": "m4sim-baseline")`);
  if (b.version !== 1) throw new BaselineError(`${path}: baseline version ${String(b.version)} is not supported (1)`);
  if (typeof b.metrics !== 'object' || b.metrics === null) throw new BaselineError(`${path}: baseline has no metrics`);
  for (const [k, m] of Object.entries(b.metrics))
    if (!m || !FAMILIES.includes(m.family) || typeof m.value !== 'number') throw new BaselineError(`${path}: metric ${k} is malformed`);
  return b;
}

/** A path stored in a baseline, resolved against the baseline's folder. */
export function baselinePath(baselineFile: string, p: string): string {
  return isAbsolute(p) ? p : resolve(dirname(resolve(baselineFile)), p);
}

/** "cycles=2" -> ['cycles', 2]; a metric name prefix ("region.conv1") is allowed too. */
export function parseTolerance(s: string): [string, number] {
  const m = /^([A-Za-z0-9_.]+)=(\d+(?:\.\d+)?)%?$/.exec(s.trim());
  if (!m) throw new BaselineError(`--tolerance ${s}: expected METRIC=PERCENT (e.g. cycles=2, energy=1.5, memory=0, region.conv1=5)`);
  return [m[1], Number(m[2])];
}

export type Verdict = 'ok' | 'regression' | 'improvement' | 'missing' | 'new';

export interface Comparison {
  name: string;
  family: Family;
  unit: string;
  base: number | null;
  now: number | null;
  /** percent change (now - base) / base */
  deltaPct: number | null;
  tolerancePct: number;
  verdict: Verdict;
}

export interface CheckReport {
  comparisons: Comparison[];
  regressions: Comparison[];
  improvements: Comparison[];
  stopBase: string;
  stopNow: string;
  ok: boolean;
}

/** Tolerance for a metric: the longest matching name prefix given, else its family's. */
function toleranceFor(name: string, family: Family, tol: Map<string, number>): number {
  let best = -1;
  let val = tol.get(family) ?? DEFAULT_TOLERANCE[family];
  for (const [k, v] of tol) if ((name === k || name.startsWith(k + '.')) && k.length > best) (best = k.length), (val = v);
  return val;
}

export function compare(base: Baseline, now: Record<string, Metric>, stopNow: string, tol: Map<string, number> = new Map()): CheckReport {
  const out: Comparison[] = [];
  for (const [name, b] of Object.entries(base.metrics)) {
    const n = now[name];
    const t = toleranceFor(name, b.family, tol);
    if (n === undefined) {
      out.push({ name, family: b.family, unit: b.unit, base: b.value, now: null, deltaPct: null, tolerancePct: t, verdict: 'missing' });
      continue;
    }
    const d = b.value === 0 ? (n.value === 0 ? 0 : Infinity) : ((n.value - b.value) / b.value) * 100;
    const verdict: Verdict = d > t + 1e-9 ? 'regression' : d < -t - 1e-9 ? 'improvement' : 'ok';
    out.push({ name, family: b.family, unit: b.unit, base: b.value, now: n.value, deltaPct: d, tolerancePct: t, verdict });
  }
  for (const [name, n] of Object.entries(now))
    if (!(name in base.metrics)) out.push({ name, family: n.family, unit: n.unit, base: null, now: n.value, deltaPct: null, tolerancePct: toleranceFor(name, n.family, tol), verdict: 'new' });
  const regressions = out.filter((c) => c.verdict === 'regression' || c.verdict === 'missing');
  const stopChanged = base.stop !== stopNow;
  return { comparisons: out, regressions, improvements: out.filter((c) => c.verdict === 'improvement'), stopBase: base.stop, stopNow, ok: regressions.length === 0 && !stopChanged };
}

function fmt(v: number | null, unit: string): string {
  if (v === null) return '-';
  if (unit === 'J') return `${(v * 1e3).toFixed(4)} mJ`;
  if (unit === 's') return `${(v * 1e3).toFixed(3)} ms`;
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit}`;
}

const pct = (d: number | null) => (d === null ? '-' : `${d >= 0 ? '+' : ''}${d.toFixed(2)} %`);

/** What moved: the terminal text. */
export function checkText(r: CheckReport, baselineFile: string): string {
  let s = '';
  if (r.stopBase !== r.stopNow) s += `run ended differently: baseline "${r.stopBase}", now "${r.stopNow}"\n`;
  const moved = r.comparisons.filter((c) => c.verdict !== 'ok');
  for (const c of moved.sort((a, b) => Math.abs(b.deltaPct ?? 1e9) - Math.abs(a.deltaPct ?? 1e9)))
    s += `${c.verdict.toUpperCase().padEnd(11)} ${c.name}: ${fmt(c.base, c.unit)} -> ${fmt(c.now, c.unit)} (${pct(c.deltaPct)}, tolerance ${c.tolerancePct} %)\n`;
  const within = r.comparisons.filter((c) => c.verdict === 'ok');
  const maxMove = within.reduce((a, c) => (Math.abs(c.deltaPct ?? 0) > Math.abs(a?.deltaPct ?? 0) ? c : a), null as Comparison | null);
  s += `${r.ok ? 'PASS' : 'FAIL'}: ${r.regressions.length} regression(s), ${r.improvements.length} improvement(s), ${within.length} of ${r.comparisons.length} metrics within tolerance${maxMove && maxMove.deltaPct ? ` (largest move within: ${maxMove.name} ${pct(maxMove.deltaPct)})` : ''} against ${baselineFile}\n`;
  return s;
}

/** Layers/windows named in the regressions ("enc_dense.backward"). */
export function movedRegions(r: CheckReport): string[] {
  const names = new Set<string>();
  for (const c of r.regressions) {
    const m = /^(?:region|window)\.(.+)\.(?:cycles|latency|energy)$/.exec(c.name);
    if (m) names.add(m[1]);
  }
  return [...names];
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junitXml(r: CheckReport, suite: string): string {
  const cases = r.comparisons;
  const failures = cases.filter((c) => c.verdict === 'regression' || c.verdict === 'missing').length + (r.stopBase !== r.stopNow ? 1 : 0);
  let s = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n<testsuite name="${xml(suite)}" tests="${cases.length + 1}" failures="${failures}" errors="0">\n`;
  s += `<testcase classname="${xml(suite)}" name="run.stop">${r.stopBase !== r.stopNow ? `<failure message="${xml(`baseline ${r.stopBase}, now ${r.stopNow}`)}"/>` : ''}</testcase>\n`;
  for (const c of cases) {
    const msg = `${fmt(c.base, c.unit)} -> ${fmt(c.now, c.unit)} (${pct(c.deltaPct)}, tolerance ${c.tolerancePct} %)`;
    const body = c.verdict === 'regression' || c.verdict === 'missing' ? `<failure message="${xml(msg)}"/>` : `<system-out>${xml(`${c.verdict}: ${msg}`)}</system-out>`;
    s += `<testcase classname="${xml(suite)}.${c.family}" name="${xml(c.name)}">${body}</testcase>\n`;
  }
  return s + '</testsuite>\n</testsuites>\n';
}

export function markdown(r: CheckReport, suite: string): string {
  let s = `### m4sim check: ${suite} — ${r.ok ? 'PASS' : 'FAIL'}\n\n`;
  if (r.stopBase !== r.stopNow) s += `Run ended differently: baseline \`${r.stopBase}\`, now \`${r.stopNow}\`.\n\n`;
  const moved = r.comparisons.filter((c) => c.verdict !== 'ok');
  if (moved.length === 0) s += `All ${r.comparisons.length} metrics within tolerance.\n`;
  else {
    s += '| verdict | metric | baseline | now | change | tolerance |\n|---|---|---|---|---|---|\n';
    for (const c of moved) s += `| ${c.verdict} | \`${c.name}\` | ${fmt(c.base, c.unit)} | ${fmt(c.now, c.unit)} | ${pct(c.deltaPct)} | ${c.tolerancePct} % |\n`;
  }
  return s;
}
