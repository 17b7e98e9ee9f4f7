// The energy model: what a stretch of execution costs, as a linear function of counts the
// core and the cycle model report. Numbers come from the profile's "energy" section (each
// with its source, or "assumed" and why); this file holds only the mechanism.
//
//   E = Vdd * ( Istatic(range) * t  +  scale(range) * sum_k q_k * n_k )
//
// t is simulated time, n_k the counters below (active cycles, sleep cycles, instructions of
// some classes, data words moved, flash array reads, ART hits, wait-state and stall cycles),
// q_k a charge per event in pC (1 pC per cycle at 1 MHz is 1 uA), scale(range) the dynamic
// charge of the voltage range relative to range 1 boost (charge per cycle goes with VCORE;
// the LDO passes the core current through from VDD). Because E is linear in the counters, a
// window's energy is the model applied to the difference of two counter snapshots, and the
// calibration (sim/board/) is a linear least-squares fit.
import { ProfileError } from '../profile.ts';

/** Counter indices (one Float64Array per snapshot). */
export const K_CYCLES = 0; // active cycles (executing or stalled, not asleep)
export const K_SLEEP = 1; // cycles asleep (WFI/WFE)
export const K_INSTR = 2; // instructions executed (IT-skipped ones not included)
export const K_MUL = 3; // multiplies and divides (MUL class, DIV class)
export const K_BRANCH = 4; // branches (B/BL/BX/CBZ, TBB/TBH)
export const K_MEMWORD = 5; // data words moved by loads and stores (LDM/STM: per register)
export const K_FP = 6; // FPU data-processing instructions (incl. VMOV core<->FP)
export const K_FLASHREAD = 7; // flash array reads (ART misses, prefetches, uncached data reads)
export const K_ARTHIT = 8; // accesses served by the ART caches or prefetch buffer
export const K_WAIT = 9; // flash wait-state cycles the core stalled
export const K_STALL = 10; // pipeline stall and refill cycles
export const NK = 11;
export const COUNTER_NAMES = ['cycles', 'sleepCycles', 'instructions', 'mul', 'branch', 'memWords', 'fp', 'flashReads', 'artHits', 'waitCycles', 'stallCycles'] as const;

/** The coefficients, one per counter (pC per event), by the profile's names. */
export const COEFF_KEYS = ['cycle', 'sleepCycle', 'instruction', 'mul', 'branch', 'memWord', 'fp', 'flashRead', 'artHit', 'waitCycle', 'stallCycle'] as const;
export type CoeffKey = (typeof COEFF_KEYS)[number];

export type RangeName = 'range1Boost' | 'range1' | 'range2';
export const RANGES: RangeName[] = ['range1Boost', 'range1', 'range2'];

export interface EnergyParams {
  /** VDD of the measured supply (V) */
  supplyVolts: number;
  /** current that does not scale with the clock (A), per voltage range */
  staticAmps: Record<RangeName, number>;
  /** dynamic charge relative to range 1 boost */
  rangeScale: Record<RangeName, number>;
  /** charge per event (pC), range 1 boost */
  charge: Record<CoeffKey, number>;
}

/** Reads and checks the profile's "energy" section: every number present and cited. */
export function energyParams(profile: { name: string; [k: string]: unknown }): EnergyParams {
  const e = profile.energy as Record<string, unknown> | undefined;
  const where = `profile ${profile.name}`;
  if (e === undefined || e === null || typeof e !== 'object') throw new ProfileError(`${where}: no "energy" section (needed by the energy model)`);
  const sources = (e.sources ?? {}) as Record<string, unknown>;
  const cited = (k: string) => {
    if (typeof sources[k] !== 'string' || (sources[k] as string).length === 0) throw new ProfileError(`${where}: energy.${k} has no source (cite the document, or say "assumed" and why)`);
  };
  const num = (v: unknown, name: string, min = -Infinity): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new ProfileError(`${where}: energy.${name} must be a number${min > -Infinity ? ` >= ${min}` : ''} (got ${JSON.stringify(v)})`);
    return v;
  };
  const supplyVolts = num(e.supplyVolts, 'supplyVolts', 0);
  cited('supplyVolts');
  const perRange = (key: string, min: number): Record<RangeName, number> => {
    const s = e[key] as Record<string, unknown> | undefined;
    if (s === undefined || typeof s !== 'object') throw new ProfileError(`${where}: no "energy.${key}" section`);
    cited(key);
    const out = {} as Record<RangeName, number>;
    for (const r of RANGES) out[r] = num(s[r], `${key}.${r}`, min);
    return out;
  };
  const staticAmps = perRange('staticAmps', 0);
  const rangeScale = perRange('rangeScale', 0);
  const c = e.charge as Record<string, unknown> | undefined;
  if (c === undefined || typeof c !== 'object') throw new ProfileError(`${where}: no "energy.charge" section`);
  const cs = (c.sources ?? {}) as Record<string, unknown>;
  const charge = {} as Record<CoeffKey, number>;
  for (const k of COEFF_KEYS) {
    charge[k] = num(c[k], `charge.${k}`);
    if (typeof cs[k] !== 'string' || (cs[k] as string).length === 0) throw new ProfileError(`${where}: energy.charge.${k} has no source (cite the document, or say "assumed" and why)`);
  }
  for (const k of Object.keys(c)) if (k !== 'sources' && !(COEFF_KEYS as readonly string[]).includes(k)) throw new ProfileError(`${where}: energy.charge.${k} is not a coefficient of the model (known: ${COEFF_KEYS.join(', ')})`);
  return { supplyVolts, staticAmps, rangeScale, charge };
}

/** Charge vector (pC per event) in counter order. */
export function chargeVector(p: EnergyParams): Float64Array {
  const q = new Float64Array(NK);
  COEFF_KEYS.forEach((k, i) => (q[i] = p.charge[k]));
  return q;
}

/** Energy (J) of `seconds` of execution with counter deltas `n`, all in one voltage range. */
export function energyOf(p: EnergyParams, range: RangeName, seconds: number, n: ArrayLike<number>): number {
  let dyn = 0;
  for (let i = 0; i < NK; i++) dyn += COEFF_VALUES(p)[i] * n[i];
  return p.supplyVolts * (p.staticAmps[range] * seconds + p.rangeScale[range] * dyn * 1e-12);
}

const qCache = new WeakMap<EnergyParams, Float64Array>();
function COEFF_VALUES(p: EnergyParams): Float64Array {
  let q = qCache.get(p);
  if (q === undefined) qCache.set(p, (q = chargeVector(p)));
  return q;
}

/** The voltage range a PWR state means. */
export function rangeName(range: number, boost: boolean): RangeName {
  return range === 2 ? 'range2' : boost ? 'range1Boost' : 'range1';
}

/** A copy of `p` with some charges replaced (calibration, sweeps). */
export function withCharges(p: EnergyParams, charge: Partial<Record<CoeffKey, number>>): EnergyParams {
  return { ...p, charge: { ...p.charge, ...charge } };
}

/** The profile JSON's "energy" section for `p`, keeping the sources of `old`. */
export function energySection(p: EnergyParams, old: Record<string, unknown>, note?: string): Record<string, unknown> {
  const oc = (old.charge ?? {}) as Record<string, unknown>;
  const sources = { ...((oc.sources ?? {}) as Record<string, string>) };
  if (note) for (const k of COEFF_KEYS) if (p.charge[k] !== (oc[k] as number)) sources[k] = `${note} (was ${oc[k]})`;
  const charge: Record<string, unknown> = {};
  for (const k of COEFF_KEYS) charge[k] = round6(p.charge[k]);
  charge.sources = sources;
  return { ...old, supplyVolts: p.supplyVolts, staticAmps: { ...p.staticAmps }, rangeScale: { ...p.rangeScale }, charge };
}

function round6(x: number): number {
  return Number(x.toPrecision(8));
}
