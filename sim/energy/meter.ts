// The energy meter: a retire observer that keeps the energy model's counters (model.ts) with
// a few additions per instruction (cycles, one class counter, data words), takes the ART and
// stall counts from the cycle model only when a snapshot is asked for, and integrates energy
// over segments of constant clock and voltage range. A window's cost is the difference of two
// snapshots.
//
//   const timing = attachCycleModel(session.sys);
//   const meter = attachEnergyMeter(session, timing);   // installs cpu.observer
//   const a = meter.snapshot(); ... ; const b = meter.snapshot();
//   const w = windowCost(a, b);  // { seconds, cycles, energyJ, powerW, counters }
import type { Cpu, RetireObserver } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import type { System } from '../system.ts';
import type { CycleModelHandle } from '../timing/index.ts';
import { Pwr } from '../stm32/pwr.ts';
import type { Stm32Peripherals } from '../stm32/index.ts';
import {
  NK, K_CYCLES, K_SLEEP, K_INSTR, K_MUL, K_BRANCH, K_MEMWORD, K_FP, K_FLASHREAD, K_ARTHIT, K_WAIT, K_STALL,
  energyOf, rangeName, energyParams, type EnergyParams, type RangeName,
} from './model.ts';

// Cls values (sim/core/op.ts) as plain numbers for the hot path
const C_MUL = 1, C_DIV = 2, C_BRANCH = 3, C_LOAD = 4, C_STORE = 5, C_LDRD = 6, C_STRD = 7, C_LDM = 8, C_STM = 9, C_TB = 10,
  C_EXCL = 11, C_WFI = 14, C_FP = 15, C_FPMAC = 16, C_FPDIV = 17, C_FPLOAD = 18, C_FPSTORE = 19, C_FPLDM = 20, C_FPSTM = 21, C_FPMOV = 22;
const NCLS = 32;
/** data words moved: MEM_BASE[cls] + MEM_PER_N[cls] * op.n */
export const MEM_BASE = new Uint8Array(NCLS);
export const MEM_PER_N = new Uint8Array(NCLS);
for (const c of [C_LOAD, C_STORE, C_EXCL, C_TB]) MEM_BASE[c] = 1;
MEM_BASE[C_LDRD] = MEM_BASE[C_STRD] = 2;
for (const c of [C_LDM, C_STM, C_FPLDM, C_FPSTM, C_FPLOAD, C_FPSTORE]) MEM_PER_N[c] = 1;

export interface Snapshot {
  cycle: number;
  seconds: number;
  /** energy since the meter was attached (J) */
  energyJ: number;
  counters: Float64Array;
}

export interface Cost {
  cycles: number;
  seconds: number;
  energyJ: number;
  powerW: number;
  counters: number[];
}

export function windowCost(a: Snapshot, b: Snapshot): Cost {
  const seconds = b.seconds - a.seconds;
  const energyJ = b.energyJ - a.energyJ;
  return {
    cycles: b.cycle - a.cycle,
    seconds,
    energyJ,
    powerW: seconds > 0 ? energyJ / seconds : 0,
    counters: Array.from(b.counters, (v, i) => v - a.counters[i]),
  };
}

export class EnergyMeter implements RetireObserver {
  /** executed instructions per Cls */
  readonly classCount = new Float64Array(NCLS);
  active = 0;
  sleep = 0;
  memWords = 0;
  /** called after the meter for every retired instruction (the profiler) */
  inner: RetireObserver | null = null;
  private lastEnd: number;
  private wasWfi = false;
  // open segment (constant clock and voltage range)
  private closedJ = 0;
  private segStart: Snapshot;
  private range: RangeName;
  /** timing counters at attach (the cycle model may have run before) */
  private readonly base = new Float64Array(NK);

  constructor(
    readonly sys: System,
    readonly params: EnergyParams,
    readonly timing: CycleModelHandle | null,
    readonly pwr: Pwr | null,
  ) {
    this.lastEnd = sys.cpu.cycles;
    this.range = this.currentRange();
    this.timingCounters(this.base);
    this.segStart = { cycle: sys.cpu.cycles, seconds: sys.seconds, energyJ: 0, counters: this.counters() };
  }

  retired(cpu: Cpu, op: Op, executed: boolean, c: number): void {
    const end = cpu.cycles;
    const gap = end - c - this.lastEnd;
    if (gap !== 0) {
      if (this.wasWfi) this.sleep += gap;
      else this.active += gap;
    }
    this.lastEnd = end;
    this.active += c;
    if (executed) {
      const cls = op.cls;
      this.classCount[cls]++;
      this.memWords += MEM_BASE[cls] + MEM_PER_N[cls] * op.n;
      this.wasWfi = cls === C_WFI;
    } else this.wasWfi = false;
    if (this.inner !== null) this.inner.retired(cpu, op, executed, c);
  }

  /** Cycles since the last instruction (asleep, or exception costs) folded into the counts. */
  private sync(): void {
    const gap = this.sys.cpu.cycles - this.lastEnd;
    if (gap > 0) {
      if (this.wasWfi) this.sleep += gap;
      else this.active += gap;
      this.lastEnd = this.sys.cpu.cycles;
    }
  }

  private timingCounters(out: Float64Array): void {
    const t = this.timing;
    if (t === null) return;
    const a = t.art.stats;
    const s = t.model.stats;
    out[K_FLASHREAD] = a.fetchReads + a.prefetchReads + a.dataReads;
    out[K_ARTHIT] = a.icacheHits + a.dcacheHits + a.prefetchHits;
    out[K_WAIT] = s.fetchWait + s.dataWait;
    out[K_STALL] = s.addressDependency + s.afterStore + s.fpLatency + s.branchRefill;
  }

  /** The counters now (since attach). */
  counters(): Float64Array {
    this.sync();
    const n = new Float64Array(NK);
    const cc = this.classCount;
    n[K_CYCLES] = this.active;
    n[K_SLEEP] = this.sleep;
    let instr = 0;
    for (let i = 0; i < NCLS; i++) instr += cc[i];
    n[K_INSTR] = instr;
    n[K_MUL] = cc[C_MUL] + cc[C_DIV];
    n[K_BRANCH] = cc[C_BRANCH] + cc[C_TB];
    n[K_MEMWORD] = this.memWords;
    n[K_FP] = cc[C_FP] + cc[C_FPMAC] + cc[C_FPDIV] + cc[C_FPMOV];
    this.timingCounters(n);
    for (const k of [K_FLASHREAD, K_ARTHIT, K_WAIT, K_STALL]) n[k] -= this.base[k];
    return n;
  }

  /** the voltage range of the open segment */
  get rangeNow(): RangeName {
    return this.range;
  }

  private currentRange(): RangeName {
    return this.pwr === null ? 'range1Boost' : rangeName(this.pwr.range, this.pwr.boost);
  }

  /** Energy of the open segment up to `now`. */
  private openJ(now: Snapshot): number {
    const d = new Float64Array(NK);
    for (let i = 0; i < NK; i++) d[i] = now.counters[i] - this.segStart.counters[i];
    return energyOf(this.params, this.range, now.seconds - this.segStart.seconds, d);
  }

  snapshot(): Snapshot {
    const cpu = this.sys.cpu;
    const s: Snapshot = { cycle: cpu.cycles, seconds: this.sys.seconds, energyJ: 0, counters: this.counters() };
    s.energyJ = this.closedJ + this.openJ(s);
    return s;
  }

  /** The clock or the voltage range changed: close the segment. */
  segmentBoundary(): void {
    const s = this.snapshot();
    this.closedJ = s.energyJ;
    this.segStart = s;
    this.range = this.currentRange();
  }

  detach(): void {
    if (this.sys.cpu.observer === this) this.sys.cpu.observer = this.inner;
  }
}

/** What the meter needs from a Session (or a bare System with STM32 peripherals). */
export interface MeterHost {
  sys: System;
  stm32?: Stm32Peripherals;
}

/** Builds the meter from the profile's "energy" section (or `params`) and installs it as the
 * core's retire observer; follows clock and voltage-range changes of the STM32 model. */
export function attachEnergyMeter(host: MeterHost, timing: CycleModelHandle | null, params?: EnergyParams): EnergyMeter {
  const sys = host.sys;
  const p = params ?? energyParams(sys.profile);
  const dev = sys.devices.get('PWR');
  const pwr = dev instanceof Pwr ? dev : null;
  const meter = new EnergyMeter(sys, p, timing, pwr);
  if (sys.cpu.observer !== null) meter.inner = sys.cpu.observer;
  sys.cpu.observer = meter;
  host.stm32?.clock.onChange(() => meter.segmentBoundary());
  pwr?.onChange(() => meter.segmentBoundary());
  return meter;
}
