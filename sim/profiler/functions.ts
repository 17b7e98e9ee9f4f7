// Per-function profile from the ELF's symbols and call/return tracking with a shadow stack.
//
// - exclusive costs go to the function containing the retired instruction's address;
// - a BL/BLX pushes a frame (callee = the branch target's function, the return address, SP);
//   a change of flow to the return address of the top frame pops it; frames whose SP lies
//   below the current SP are gone (longjmp) and are popped too;
// - a plain branch to another function's first instruction is a tail call: the top frame's
//   function is replaced (the return address stays);
// - exception entries (cpu.exc.entries) push a handler frame, returns pop down to it, tail-
//   chains replace it;
// - inclusive costs are taken when the outermost frame of a function is popped (recursion is
//   counted once); frames still open at the end are closed there.
// Cycles asleep (after WFI) and cycles added outside an instruction go to the function on top.
// The costs per instruction: cycles, instructions, flash wait-state cycles, stall cycles (from
// the cycle model's counters) and energy (the energy model's charges applied per instruction;
// the totals equal the meter's).
import type { Cpu, RetireObserver } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import type { System } from '../system.ts';
import type { ElfSymbol } from '../loader/elf.ts';
import type { CycleModelHandle } from '../timing/index.ts';
import type { EnergyParams, RangeName } from '../energy/model.ts';
import { MEM_BASE, MEM_PER_N } from '../energy/meter.ts';

const C_MUL = 1, C_DIV = 2, C_BRANCH = 3, C_TB = 10, C_WFI = 14, C_FP = 15, C_FPMAC = 16, C_FPDIV = 17, C_FPMOV = 22;
const NCLS = 32;
const MAX_DEPTH = 1 << 14;
/** metrics per function, in this order */
export const FN_METRICS = ['instructions', 'cycles', 'energyJ', 'waitCycles', 'stallCycles'] as const;
const NM = FN_METRICS.length;
const M_INSTR = 0, M_CYC = 1, M_E = 2, M_WAIT = 3, M_STALL = 4;

export interface FunctionRow {
  name: string;
  addr: number;
  calls: number;
  exclusive: Record<(typeof FN_METRICS)[number], number>;
  inclusive: Record<(typeof FN_METRICS)[number], number>;
}

export interface TraceSpan {
  fn: string;
  start: number;
  end: number;
  depth: number;
}

export interface FunctionProfilerOptions {
  /** record a trace span for calls lasting at least this many cycles (default 10,000) */
  traceMinCycles?: number;
  /** at most this many spans (default 200,000) */
  traceMaxSpans?: number;
}

export class FunctionProfiler implements RetireObserver {
  readonly names: string[] = ['[unknown]'];
  readonly starts: number[] = [0];
  private readonly pcLo: number;
  private readonly pcMap: Int32Array;
  private readonly slow = new Map<number, number>();
  /** exclusive and inclusive metrics, NM per function */
  excl: Float64Array;
  incl: Float64Array;
  calls: Float64Array;
  private fnDepth: Int32Array;
  // running totals
  private readonly T = new Float64Array(NM);
  // shadow stack
  private depth = 0;
  private readonly sFn = new Int32Array(MAX_DEPTH);
  private readonly sRet = new Float64Array(MAX_DEPTH);
  private readonly sSp = new Float64Array(MAX_DEPTH);
  private readonly sKind = new Uint8Array(MAX_DEPTH);
  private readonly sNode = new Int32Array(MAX_DEPTH);
  private readonly sEntry = new Float64Array(MAX_DEPTH * NM);
  private readonly sStart = new Float64Array(MAX_DEPTH);
  // call tree (for folded stacks): node -> parent, fn, exclusive cycles
  readonly nodeParent: number[] = [-1];
  readonly nodeFn: number[] = [0];
  nodeCycles: Float64Array = new Float64Array(1024);
  private readonly children = new Map<number, number>();
  // exceptions seen
  private seenEntries: number;
  private seenReturns: number;
  private seenTail: number;
  // energy per instruction
  private readonly qCls = new Float64Array(NCLS);
  private kStatic = 0;
  private kDyn = 0;
  private readonly q: EnergyParams['charge'];
  // cycle-model counters last seen
  private lastWait = 0;
  private lastStall = 0;
  private lastFlash = 0;
  private lastArt = 0;
  private lastEnd: number;
  private wasWfi = false;
  readonly spans: TraceSpan[] = [];
  spansDropped = 0;
  private readonly traceMin: number;
  private readonly traceMax: number;

  constructor(
    readonly sys: System,
    symbols: ElfSymbol[],
    readonly timing: CycleModelHandle | null,
    readonly energy: EnergyParams,
    opts: FunctionProfilerOptions = {},
  ) {
    this.traceMin = opts.traceMinCycles ?? 10_000;
    this.traceMax = opts.traceMaxSpans ?? 200_000;
    const funcs = symbols.filter((s) => s.type === 'func').sort((a, b) => a.addr - b.addr || b.size - a.size);
    const uniq: ElfSymbol[] = [];
    for (const f of funcs) if (uniq.length === 0 || uniq[uniq.length - 1].addr !== f.addr) uniq.push(f);
    let lo = uniq.length ? uniq[0].addr : 0;
    let hi = lo;
    for (let i = 0; i < uniq.length; i++) {
      const f = uniq[i];
      const next = i + 1 < uniq.length ? uniq[i + 1].addr : f.addr + Math.max(f.size, 2);
      const end = f.size > 0 ? f.addr + f.size : next;
      if (end > hi) hi = end;
    }
    if (hi - lo > 64 << 20) hi = lo + (64 << 20); // a stray symbol far away: the rest via lookups
    this.pcLo = lo;
    this.pcMap = new Int32Array(((hi - lo) >>> 1) + 1);
    for (let i = 0; i < uniq.length; i++) {
      const f = uniq[i];
      const idx = this.names.length;
      this.names.push(f.name);
      this.starts.push(f.addr);
      const next = i + 1 < uniq.length ? uniq[i + 1].addr : f.addr + Math.max(f.size, 2);
      const end = Math.min(f.size > 0 ? f.addr + f.size : next, hi);
      for (let a = f.addr; a < end; a += 2) this.pcMap[(a - lo) >>> 1] = idx;
    }
    const n = this.names.length;
    this.excl = new Float64Array(n * NM);
    this.incl = new Float64Array(n * NM);
    this.calls = new Float64Array(n);
    this.fnDepth = new Int32Array(n);
    this.q = energy.charge;
    const q = energy.charge;
    for (let c = 0; c < NCLS; c++) {
      let v = q.instruction;
      if (c === C_MUL || c === C_DIV) v += q.mul;
      if (c === C_BRANCH || c === C_TB) v += q.branch;
      if (c === C_FP || c === C_FPMAC || c === C_FPDIV || c === C_FPMOV) v += q.fp;
      v += q.memWord * MEM_BASE[c];
      this.qCls[c] = v;
    }
    const e = sys.cpu.exc;
    this.seenEntries = e.entries;
    this.seenReturns = e.returns;
    this.seenTail = e.tailChains;
    this.lastEnd = sys.cpu.cycles;
    this.readTiming();
    // root frame: where execution is now (the reset handler)
    const root = this.fnAt(sys.cpu.pc);
    this.push(root, -1, Infinity, 0);
  }

  /** Energy factors for the clock and voltage range now (call on every change). */
  setSegment(hz: number, range: RangeName): void {
    const p = this.energy;
    this.kStatic = (p.supplyVolts * p.staticAmps[range]) / hz;
    this.kDyn = p.supplyVolts * p.rangeScale[range] * 1e-12;
  }

  fnAt(pc: number): number {
    const i = (pc - this.pcLo) >>> 1;
    if (pc >= this.pcLo && i < this.pcMap.length) return this.pcMap[i];
    let f = this.slow.get(pc);
    if (f === undefined) {
      f = 0;
      // outside the table: the last function starting at or below pc with no size limit known
      for (let k = this.starts.length - 1; k > 0; k--) if (this.starts[k] <= pc) {
        if (pc - this.starts[k] < 0x10000) f = k;
        break;
      }
      this.slow.set(pc, f);
    }
    return f;
  }

  private readTiming(): void {
    const t = this.timing;
    if (t === null) return;
    const s = t.model.stats;
    const a = t.art.stats;
    this.lastWait = s.fetchWait + s.dataWait;
    this.lastStall = s.addressDependency + s.afterStore + s.fpLatency + s.branchRefill;
    this.lastFlash = a.fetchReads + a.prefetchReads + a.dataReads;
    this.lastArt = a.icacheHits + a.dcacheHits + a.prefetchHits;
  }

  private child(node: number, fn: number): number {
    const key = node * 1048576 + fn;
    let c = this.children.get(key);
    if (c === undefined) {
      c = this.nodeParent.length;
      this.nodeParent.push(node);
      this.nodeFn.push(fn);
      if (c >= this.nodeCycles.length) {
        const g = new Float64Array(this.nodeCycles.length * 2);
        g.set(this.nodeCycles);
        this.nodeCycles = g;
      }
      this.children.set(key, c);
    }
    return c;
  }

  private push(fn: number, ret: number, sp: number, kind: number): void {
    const d = this.depth;
    if (d >= MAX_DEPTH) return;
    this.sFn[d] = fn;
    this.sRet[d] = ret;
    this.sSp[d] = sp;
    this.sKind[d] = kind;
    this.sNode[d] = d === 0 ? this.child(0, fn) : this.child(this.sNode[d - 1], fn);
    this.sEntry.set(this.T, d * NM);
    this.sStart[d] = this.sys.cpu.cycles;
    this.fnDepth[fn]++;
    this.calls[fn]++;
    this.depth = d + 1;
  }

  private pop(): void {
    const d = --this.depth;
    const fn = this.sFn[d];
    if (--this.fnDepth[fn] === 0) {
      const o = fn * NM;
      const e = d * NM;
      for (let m = 0; m < NM; m++) this.incl[o + m] += this.T[m] - this.sEntry[e + m];
    }
    const start = this.sStart[d];
    const end = this.sys.cpu.cycles;
    if (end - start >= this.traceMin) {
      if (this.spans.length < this.traceMax) this.spans.push({ fn: this.names[fn], start, end, depth: d });
      else this.spansDropped++;
    }
  }

  /** Replace the function of the top frame (tail call, tail-chained exception). */
  private replaceTop(fn: number): void {
    const d = this.depth - 1;
    const ret = this.sRet[d];
    const sp = this.sSp[d];
    const kind = this.sKind[d];
    this.pop();
    this.push(fn, ret, sp, kind); // a tail call counts as a call of the target
  }

  private popException(): void {
    while (this.depth > 1) {
      const k = this.sKind[this.depth - 1];
      this.pop();
      if (k === 1) break;
    }
  }

  retired(cpu: Cpu, op: Op, executed: boolean, c: number): void {
    // exception entries since the last instruction: this one is the handler's first
    const e = cpu.exc;
    if (e.entries !== this.seenEntries) {
      for (; this.seenEntries < e.entries; this.seenEntries++) this.push(this.fnAt(op.pc), -1, -1, 1);
    }
    const fn = this.fnAt(op.pc);
    const T = this.T;
    // cycles outside instructions (asleep, exception costs) since the last one
    const end = cpu.cycles;
    const gap = end - c - this.lastEnd;
    this.lastEnd = end;
    let cyc = c;
    let ej = 0;
    if (gap !== 0) {
      cyc += gap;
      ej += this.kStatic * gap + this.kDyn * (this.wasWfi ? this.q.sleepCycle : this.q.cycle) * gap;
    }
    // energy of this instruction
    let dyn = this.q.cycle * c;
    let dW = 0;
    let dS = 0;
    const t = this.timing;
    if (t !== null) {
      const s = t.model.stats;
      const a = t.art.stats;
      const w = s.fetchWait + s.dataWait;
      const st = s.addressDependency + s.afterStore + s.fpLatency + s.branchRefill;
      const fl = a.fetchReads + a.prefetchReads + a.dataReads;
      const ah = a.icacheHits + a.dcacheHits + a.prefetchHits;
      dW = w - this.lastWait;
      dS = st - this.lastStall;
      dyn += this.q.waitCycle * dW + this.q.stallCycle * dS + this.q.flashRead * (fl - this.lastFlash) + this.q.artHit * (ah - this.lastArt);
      this.lastWait = w;
      this.lastStall = st;
      this.lastFlash = fl;
      this.lastArt = ah;
    }
    if (executed) {
      const cls = op.cls;
      dyn += this.qCls[cls] + this.q.memWord * MEM_PER_N[cls] * op.n;
      this.wasWfi = cls === C_WFI;
    } else this.wasWfi = false;
    ej += this.kStatic * c + this.kDyn * dyn;
    const ins = executed ? 1 : 0;
    T[M_INSTR] += ins;
    T[M_CYC] += cyc;
    T[M_E] += ej;
    T[M_WAIT] += dW;
    T[M_STALL] += dS;
    const o = fn * NM;
    const X = this.excl;
    X[o + M_INSTR] += ins;
    X[o + M_CYC] += cyc;
    X[o + M_E] += ej;
    X[o + M_WAIT] += dW;
    X[o + M_STALL] += dS;
    // call tree leaf
    const d = this.depth - 1;
    let node = this.sNode[d];
    if (this.sFn[d] !== fn) node = this.child(node, fn);
    this.nodeCycles[node] += cyc;
    // calls, returns, tail calls
    const next = cpu.pc;
    if (e.returns !== this.seenReturns || e.tailChains !== this.seenTail) {
      const tails = e.tailChains - this.seenTail;
      this.seenReturns = e.returns;
      this.seenTail = e.tailChains;
      this.popException();
      // a tail-chained handler is pushed when its first instruction retires
      this.seenEntries -= tails;
      return;
    }
    if (next !== op.pc + op.size && executed) {
      const m = op.mnem;
      if (op.cls === C_BRANCH && (m === 'bl' || m === 'blx')) {
        this.push(this.fnAt(next), op.pc + op.size, cpu.R[13], 0);
        return;
      }
      if (this.depth > 1 && next === this.sRet[this.depth - 1]) {
        this.pop();
        return;
      }
      const target = this.fnAt(next);
      if (target !== this.sFn[this.depth - 1] && target !== 0 && this.starts[target] === next) this.replaceTop(target);
    }
    // frames below the stack pointer are gone (longjmp)
    const sp = cpu.R[13];
    while (this.depth > 1 && this.sKind[this.depth - 1] === 0 && sp > this.sSp[this.depth - 1]) this.pop();
  }

  /** Closes the frames still open (the run ended inside them). */
  finish(): void {
    while (this.depth > 0) this.pop();
  }

  rows(): FunctionRow[] {
    const out: FunctionRow[] = [];
    for (let f = 0; f < this.names.length; f++) {
      const o = f * NM;
      if (this.excl[o + M_CYC] === 0 && this.incl[o + M_CYC] === 0 && this.calls[f] === 0) continue;
      const rec = (a: Float64Array) => Object.fromEntries(FN_METRICS.map((k, i) => [k, a[o + i]])) as FunctionRow['exclusive'];
      out.push({ name: this.names[f], addr: this.starts[f], calls: this.calls[f], exclusive: rec(this.excl), inclusive: rec(this.incl) });
    }
    out.sort((a, b) => b.exclusive.cycles - a.exclusive.cycles || a.name.localeCompare(b.name));
    return out;
  }

  totals(): Record<(typeof FN_METRICS)[number], number> {
    return Object.fromEntries(FN_METRICS.map((k, i) => [k, this.T[i]])) as FunctionRow['exclusive'];
  }

  /** Folded stacks: "root;caller;callee cycles" per call path (flamegraph.pl, speedscope). */
  folded(): string {
    const lines: string[] = [];
    const path = (n: number): string => {
      const parts: string[] = [];
      for (let x = n; x > 0; x = this.nodeParent[x]) parts.push(this.names[this.nodeFn[x]]);
      return parts.reverse().join(';');
    };
    for (let n = 1; n < this.nodeParent.length; n++) if (this.nodeCycles[n] > 0) lines.push(`${path(n)} ${this.nodeCycles[n]}`);
    lines.sort();
    return lines.join('\n') + '\n';
  }
}
