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

/** What the meter keeps per fast-path block (sim/jit/): the classes of its instructions and
 * prefix sums of the class counts and data words, so a run of instructions from..to-1 of the
 * block is counted with a few additions instead of one observer call per instruction. */
class BlockTable {
  /** Cls of each instruction */
  readonly cls: Uint8Array;
  /** the block's distinct classes */
  readonly classes: number[] = [];
  /** counts of classes[i] in instructions 0..j-1: pre[j * classes.length + i] */
  readonly pre: Uint16Array;
  /** data words moved by instructions 0..j-1 */
  readonly words: Float64Array;
  /** passes through instructions 0..to-1 (a whole pass, or left at a taken branch or an
   * event), by `to`, not yet added to the meter's counts (EnergyMeter.settle) */
  readonly passes: Float64Array;
  /** in the meter's list of tables with passes to settle */
  listed = false;
  constructor(ops: readonly Op[]) {
    const n = ops.length;
    this.cls = new Uint8Array(n);
    for (let j = 0; j < n; j++) {
      const c = (this.cls[j] = ops[j].cls as number);
      if (!this.classes.includes(c)) this.classes.push(c);
    }
    const m = this.classes.length;
    this.pre = new Uint16Array((n + 1) * m);
    this.words = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) {
      const c = this.cls[j];
      for (let i = 0; i < m; i++) this.pre[(j + 1) * m + i] = this.pre[j * m + i] + (this.classes[i] === c ? 1 : 0);
      this.words[j + 1] = this.words[j] + MEM_BASE[c] + MEM_PER_N[c] * ops[j].n;
    }
    this.passes = new Float64Array(n + 1);
  }
}

/** A fast-path block as the meter sees it: its instructions and a slot for the meter's table. */
export interface MeteredBlock {
  readonly code: readonly Op[];
  meterTable: unknown;
}

export class EnergyMeter implements RetireObserver {
  /** executed instructions per Cls (with memWords: up to date in counters() and snapshots;
   * the fast path's whole passes through blocks are added there) */
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
  // The fast path's open segment (sim/jit/runner.ts, when the meter is the only observer):
  // instructions pf.. of block pb, executed (the M4 model folded) from cycle pc0 on, not
  // yet counted. The runner sets these fields when a segment starts and calls endSegment()
  // when it ends; anything that reads the counters in between (a clock change by a store in
  // the block) or a fault in the block counts the instructions before the current one first
  // (flushOpen: the current instruction is the one at cpu.pc, its start cpu.cycles).
  pb: MeteredBlock | null = null;
  pf = 0;
  pc0 = 0;
  /** per-block tables with whole passes not yet counted */
  private readonly unsettled: BlockTable[] = [];

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

  /** Cycles c0..c1 of retired instructions (active), after the gap since the last ones
   * (asleep after a WFI, else active). */
  private span(c0: number, c1: number): void {
    const gap = c0 - this.lastEnd;
    if (gap !== 0) {
      if (this.wasWfi) this.sleep += gap;
      else this.active += gap;
    }
    this.lastEnd = c1;
    this.active += c1 - c0;
  }

  retired(cpu: Cpu, op: Op, executed: boolean, c: number): void {
    if (this.pb !== null) this.flushOpen(true);
    const end = cpu.cycles;
    this.span(end - c, end);
    if (executed) {
      const cls = op.cls;
      this.classCount[cls]++;
      this.memWords += MEM_BASE[cls] + MEM_PER_N[cls] * op.n;
      this.wasWfi = cls === C_WFI;
    } else this.wasWfi = false;
    if (this.inner !== null) this.inner.retired(cpu, op, executed, c);
  }

  /** Instructions from..to-1 of block `b` retired, executed, from cycle c0 to c1 (the
   * fast path with the M4 model folded; the same counts as retired() for each of them). */
  segment(b: MeteredBlock, from: number, to: number, c0: number, c1: number): void {
    if (to <= from) return;
    let t = b.meterTable as BlockTable | null;
    if (t === null) {
      t = b.meterTable = new BlockTable(b.code);
    }
    this.span(c0, c1);
    this.wasWfi = t.cls[to - 1] === C_WFI;
    if (from === 0) {
      // a pass from the block's start (whole, or left early): counted when the counters are
      // read (settle)
      t.passes[to]++;
      if (!t.listed) {
        t.listed = true;
        this.unsettled.push(t);
      }
      return;
    }
    const cc = this.classCount;
    const cl = t.classes;
    const m = cl.length;
    const pre = t.pre;
    const a = from * m;
    const z = to * m;
    for (let i = 0; i < m; i++) cc[cl[i]] += pre[z + i] - pre[a + i];
    this.memWords += t.words[to] - t.words[from];
  }

  /** Instructions the WebAssembly tier (sim/jit/wasm/) ran, all executed and none a WFI,
   * from cycle c0 to c1: the same counts as retired() for each (cc[ccAt + cls] per class). */
  translated(c0: number, c1: number, cc: Float64Array, ccAt: number, words: number): void {
    this.span(c0, c1);
    this.wasWfi = false;
    const k = this.classCount;
    for (let i = 0; i < NCLS; i++) k[i] += cc[ccAt + i];
    this.memWords += words;
  }

  /** Adds the whole passes through blocks counted by segment() to classCount and memWords. */
  private settle(): void {
    const u = this.unsettled;
    if (u.length === 0) return;
    const cc = this.classCount;
    for (const t of u) {
      const cl = t.classes;
      const m = cl.length;
      const passes = t.passes;
      for (let to = 1; to < passes.length; to++) {
        const k = passes[to];
        if (k === 0) continue;
        const z = to * m;
        for (let i = 0; i < m; i++) cc[cl[i]] += k * t.pre[z + i];
        this.memWords += k * t.words[to];
        passes[to] = 0;
      }
      t.listed = false;
    }
    u.length = 0;
  }

  /** The runner's open segment ends after instruction to-1, at cycle cpu.cycles. */
  endSegment(to: number, c1: number): void {
    const b = this.pb!;
    this.pb = null;
    this.segment(b, this.pf, to, this.pc0, c1);
  }

  /** Counts the open segment's instructions before the one at cpu.pc (which is executing or
   * faulted); the segment stays open from there (`close`: closed). */
  flushOpen(close: boolean): void {
    const b = this.pb;
    if (b === null) return;
    const cpu = this.sys.cpu;
    const ops = b.code;
    let j = this.pf;
    while (j < ops.length && ops[j].pc !== cpu.pc) j++;
    if (j === ops.length) throw new Error(`energy meter: pc ${cpu.pc.toString(16)} is not in the open block at ${ops[0].pc.toString(16)}`);
    this.segment(b, this.pf, j, this.pc0, cpu.cycles);
    this.pf = j;
    this.pc0 = cpu.cycles;
    if (close) this.pb = null;
  }

  /** Cycles since the last instruction (asleep, or exception costs) folded into the counts. */
  private sync(): void {
    if (this.pb !== null) this.flushOpen(false);
    this.settle();
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
