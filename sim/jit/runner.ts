// The block runner: runs a block's decoded instructions (Step records, prepared once when
// the block is formed) with the interpreter's exact semantics and the cycle model's retire()
// folded into a table-driven copy (the static facts of each instruction precomputed, the
// pipeline history between instructions kept in locals). One function for every block, so V8
// optimises it once; no code is generated at run time.
//
// The folded timing mirrors M4CycleModel.retire() (sim/timing/m4.ts) for an executed
// instruction with no exception activity since the previous one; the model's own retire()
// runs instead for IT-block instructions (executed or skipped), after an attention() request
// (exception return, SVC, a pending interrupt, ...) and when exception counters moved (an
// exception entry before the block, lazy FP stacking). m4fold.ts holds the guard (REF_HASH)
// that turns folding off when the model's source changes.
import type { Cpu, RetireObserver } from '../core/cpu.ts';
import type { Op, Exec } from '../core/op.ts';
import type { Bus, MemRegion } from '../memory/bus.ts';
import { isCompare, staticRefill, writesOf, type M4Internals } from './m4fold.ts';
import type { MeteredBlock } from '../energy/meter.ts';
import type { Block, BlockCache } from './block.ts';

/** A retire observer that also takes runs of folded instructions at once (the energy meter,
 * when it is the only observer): the runner opens a segment (pb, pf, pc0) and ends it with
 * endSegment(); instructions it times with the model's retire() go to retired() as usual. */
export interface SegmentObserver extends RetireObserver {
  pb: MeteredBlock | null;
  pf: number;
  pc0: number;
  endSegment(to: number, c1: number): void;
  /** counts the open segment up to the instruction at cpu.pc (a fault there) */
  flushOpen(close: boolean): void;
  /** instructions the WebAssembly tier ran, all executed, none a WFI, from cycle c0 to c1:
   * their counts by Cls (cc[ccAt + cls]) and the data words they moved */
  translated(c0: number, c1: number, cc: Float64Array, ccAt: number, words: number): void;
}

const C_ALU = 0;
const C_DIV = 2;
const C_LOAD = 4;
const C_STORE = 5;
const C_LDRD = 6;
const C_STRD = 7;
const C_LDM = 8;
const C_STM = 9;
const C_TB = 10;
const C_EXCL = 11;
const C_FP = 15;
const C_FPMAC = 16;
const C_FPLOAD = 18;
const C_FPSTORE = 19;
const C_FPLDM = 20;
const C_FPSTM = 21;
const C_FPMOV = 22;

// Step.dyn: the run-time part of an instruction's timing
const D_NONE = 0;
const D_MEM = 1;
const D_DIV = 2;
const D_FP = 3;

/** The model's numbers the folded timing reads at run time, as a plain object with a fixed
 * shape (the profile's timing section is built key by key and ends up a dictionary-mode
 * object in V8: every read of it is a hash lookup). */
export class TimingNumbers {
  readonly loadPipelined: number;
  readonly storeRegOffset: number;
  readonly addressDependency: number;
  readonly afterStore: number;
  readonly unalignedWordOdd: number;
  readonly unalignedWordHalf: number;
  readonly unalignedHalf: number;
  readonly peripheralAccess: number;
  readonly divMin: number;
  readonly divMax: number;
  readonly divBitsPerCycle: number;
  readonly refillUnaligned32: number;
  constructor(p: Record<string, number>) {
    this.loadPipelined = p.loadPipelined;
    this.storeRegOffset = p.storeRegOffset;
    this.addressDependency = p.addressDependency;
    this.afterStore = p.afterStore;
    this.unalignedWordOdd = p.unalignedWordOdd;
    this.unalignedWordHalf = p.unalignedWordHalf;
    this.unalignedHalf = p.unalignedHalf;
    this.peripheralAccess = p.peripheralAccess;
    this.divMin = p.divMin;
    this.divMax = p.divMax;
    this.divBitsPerCycle = p.divBitsPerCycle;
    this.refillUnaligned32 = p.refillUnaligned32;
  }
}

/** One instruction of a block with the static facts its timing needs. */
export class Step {
  readonly exec: Exec;
  readonly pc4: number;
  /** the fall-through address */
  readonly fall: number;
  /** halfword index in the region's decode cache */
  readonly idx: number;
  readonly cls: number;
  /** base cycles (LDM/STM: + n) */
  cost = 0;
  dyn = D_NONE;
  /** flash fetch units (-1: none): the instruction's first and, if different, second halfword */
  u1 = -1;
  u2 = -1;
  /** the model's record of registers written, and whether it is a compare (no write) */
  readonly writes: number;
  readonly isCmp: boolean;
  /** FP instructions: exception counters are checked (lazy FP state preservation) */
  readonly fpCheck: boolean;
  /** refill cycles if the instruction writes the PC */
  refill = 0;
  /** a direct branch (B, B<c>, BL, CBZ, CBNZ) to flash: its target and the refill cycles of
   * a taken branch there (refillTo, computed when the block is made and again whenever its
   * code is checked: setStaticRefill); tgt -1: none */
  tgt = -1;
  tgtRefill = 0;
  // loads/stores
  addrRegs = 0;
  regOffset = false;
  /** unaligned access kind: -1 none, 0 word, 1 halfword */
  unal = -1;
  /** flash data words read through the ART (0: not a flash data read) */
  words = 0;
  // FP result latency: the registers read (-1 unused), latency of the result (-1: none)
  fpA = -1;
  fpB = -1;
  fpC = -1;
  lat = -1;
  // loads/stores with the instruction before them in the block known (link()): the cost and
  // stalls of the model's pipeline rules against it (lc -1: not linked)
  lc = -1;
  lDep = 0;
  lStore = 0;
  /** the WebAssembly translator's form of this instruction (sim/jit/wasm/translate.ts
   * formOf: undefined until asked, null if it has none) */
  wasmForm: unknown = undefined;

  constructor(
    readonly op: Op,
    region: MemRegion,
    M: M4Internals | null,
  ) {
    this.exec = op.exec;
    this.pc4 = (op.pc + 4) >>> 0;
    this.fall = (op.pc + op.size) >>> 0;
    this.idx = (op.pc - region.base) >>> 1;
    const cls = (this.cls = op.cls as number);
    this.writes = writesOf(op);
    this.isCmp = isCompare(op);
    this.fpCheck = cls >= C_FP && cls <= C_FPMOV;
    if (M === null) return;
    const p = M.p;
    const art = M.art;
    const fb = M.flashBase[op.pc >>> 16];
    if (art !== null && fb >= 0) {
      const off = op.pc - fb;
      this.u1 = off >>> art.shift;
      if (op.size === 4 && (off + 2) >>> art.shift !== this.u1) this.u2 = (off + 2) >>> art.shift;
    }
    let c = M.base[cls];
    if (M.memCls[cls] !== 0) {
      this.dyn = D_MEM;
      const single = cls === C_LOAD || cls === C_STORE;
      this.regOffset = single && (op.d & 15) === 3;
      this.addrRegs = (1 << op.b) | (this.regOffset || cls === C_TB ? 1 << op.c : 0);
      if (cls === C_LDM || cls === C_STM || cls === C_FPLDM || cls === C_FPSTM) c += op.n;
      else if (cls === C_FPLOAD || cls === C_FPSTORE) c += op.n - 1;
      if (single) {
        const kind = op.d >>> 4;
        this.unal = kind === 0 ? 0 : kind <= 2 ? 1 : -1;
      }
      const storeish = cls === C_STORE || cls === C_STRD || cls === C_STM || cls === C_FPSTORE || cls === C_FPSTM;
      if (art !== null && !storeish) this.words = cls === C_LDM || cls === C_FPLDM || cls === C_FPLOAD ? op.n : cls === C_LDRD ? 2 : 1;
    } else if (cls === C_DIV) {
      this.dyn = D_DIV;
    } else if (cls >= C_FP && cls <= C_FPMOV) {
      this.dyn = D_FP;
      if (cls === C_FPMAC) {
        this.fpA = op.a;
        this.fpB = op.b;
        this.fpC = op.c;
      } else if (cls === C_FPMOV) this.fpB = op.b;
      else {
        this.fpB = op.b;
        this.fpC = op.c;
      }
      if (cls === C_FPMOV) {
        if (op.n > 1) c += (op.n - 1) * p.fpMov;
      } else if (cls === C_FP) {
        const m = op.mnem;
        this.lat = m === 'vabs' || m === 'vneg' || m === 'vmov' || m === 'vcmp' || m === 'vcmpe' ? p.fpLatencySimple : p.fpLatency;
      } else this.lat = cls === C_FPMAC ? p.fpMacLatency : p.fpDivLatency;
    }
    this.cost = c;
    this.refill = cls === C_LOAD || cls === C_LDM || cls === C_TB ? p.refillLoad : p.refill;
    setStaticRefill(this, region, M);
  }
}

/** Step.tgt/tgtRefill of a direct branch to the flash region the block is in (m4fold.ts
 * staticRefill). */
export function setStaticRefill(s: Step, region: MemRegion, M: M4Internals): void {
  const r = staticRefill(M, s.op, region);
  s.tgt = r === null ? -1 : r[0];
  s.tgtRefill = r === null ? 0 : r[1];
}

/** True if every instruction the block was made from is still the region's decoded
 * instruction at its address. */
export function sameCode(steps: Step[], ops: (Op | undefined)[]): boolean {
  const n = steps.length;
  for (let j = 0; j < n; j++) if (ops[steps[j].idx] !== steps[j].op) return false;
  return true;
}

/** The model's load/store pipeline rules for `s` after `prev` (the instruction before it in
 * the block, executed through the folded path), precomputed: Step.lc/lDep/lStore, as
 * runFolded computes them at run time otherwise. */
export function linkSteps(prev: Step, s: Step, M: M4Internals): void {
  if (s.dyn !== D_MEM) return;
  const p = M.p;
  const cls = s.cls;
  const pCls = prev.cls;
  let dep = (prev.writes & s.addrRegs) !== 0;
  if (dep && pCls === C_ALU && prev.isCmp) dep = false;
  const afterLoad = pCls === C_LOAD || pCls === C_EXCL;
  let c = s.cost;
  if (cls === C_LOAD) {
    if (afterLoad && !dep) c = p.loadPipelined;
  } else if (s.regOffset && !(afterLoad && !dep)) c = p.storeRegOffset;
  s.lc = c;
  s.lDep = dep && !(cls === C_LOAD && afterLoad) ? p.addressDependency : 0;
  s.lStore = pCls === C_STORE ? p.afterStore : 0;
}

/** The refill after a taken branch or PC write to `next` (one more for a 32-bit
 * instruction at a halfword address). */
function refillTo(M: M4Internals, P: TimingNumbers, base: number, next: number, bus: Bus): number {
  let refill = base;
  if ((next & 2) !== 0) {
    // (MemRegion pages are the ones with u16; instanceof of an imported class is slow in V8)
    const r = bus.pages[next >>> 16] as MemRegion | null;
    if (r !== null && r.u16 !== undefined && r.u16[(next - r.base) >>> 1] >>> 11 >= 0b11101) refill += P.refillUnaligned32;
  }
  M.stats.branchRefill += refill;
  return refill;
}

/** Flash data reads of a load (the model's loop over 64-bit units); returns the stall. */
function flashData(M: M4Internals, ea: number, t: number, words: number): number {
  const art = M.art!;
  const off = ea - M.flashBase[ea >>> 16];
  let dw = 0;
  for (let a = off, last = off + 4 * words - 1; ; ) {
    const s = art.data(a, t);
    dw += s;
    t += s + 1;
    const nextUnit = ((a >>> 3) + 1) << 3;
    if (nextUnit > last) break;
    a = nextUnit;
  }
  M.stats.dataWait += dw;
  return dw;
}

/**
 * Runs the block `steps` (region decode cache `ops`, `ram` if the code is in RAM) with the M4
 * model folded in. The caller has checked that the code has not changed since the steps were
 * made (BlockCache.run: sameCode); in RAM each instruction is checked again before it runs
 * (the block's own stores may rewrite it). Returns true.
 */
export function runFolded(cpu: Cpu, blk: Block, M: M4Internals, P: TimingNumbers, end: number, obs: RetireObserver | null, bo: SegmentObserver | null, bc: BlockCache, chain: boolean): boolean {
  // the block (chaining to the next block replaces these)
  let steps = blk.steps;
  let n = steps.length;
  let ops = blk.ops;
  let ram = blk.ram;
  const R = cpu.R;
  const X = cpu.exc;
  const A = M.art;
  const ST = M.stats;
  const CC = M.classCount;
  const PK = M.pageKind;
  // the timing numbers as locals (read here, where V8 always has type feedback: the paths that
  // use them may run for the first time long after the function was optimised)
  const { addressDependency, afterStore, divBitsPerCycle, divMax, divMin, loadPipelined, peripheralAccess, storeRegOffset, unalignedHalf, unalignedWordHalf, unalignedWordOdd } = P;
  // the model's record of the previous instruction, written back to the model before its
  // retire() runs, when the runner leaves or chains, and after a fault (BlockCache.abandon:
  // bc.cur and bc.itOp tell it which instruction was before the faulting one)
  bc.cur = blk;
  bc.itOp = null;
  let pCls = M.prevCls;
  let pW = M.prevWrites;
  let pOp = M.prevOp;
  let pCmp = pOp !== null && isCompare(pOp);
  // the block branched back to its start and runs again without leaving the runner
  let again = false;
  let start = blk.pc;
  // the block observer's open segment (the energy meter counts the folded instructions
  // pf..jEnd-1 at once when the segment ends)
  if (bo !== null) {
    bo.pb = blk;
    bo.pf = 0;
    bo.pc0 = cpu.cycles;
  }
  // where the block was left (-1: after its last instruction)
  let jEnd = -1;
  // the previous instruction is step j - 1 of this pass, executed through the folded path
  let seq = false;
  for (let j = 0; j < n; j++) {
    const s = steps[j];
    const op = s.op;
    if (ram && (j > 0 || again) && ops[s.idx] !== op) {
      jEnd = j;
      break;
    }
    R[15] = s.pc4;
    cpu.nextPC = s.fall;
    let it = cpu.itState;
    if (it === 0) s.exec(cpu, op);
    else {
      // an IT block (A7.3.3): the model's retire() times these, executed or not (a block
      // observer's segment goes on over an executed one: its cycles are in the segment's)
      const executed = cpu.condPassed(it >>> 4);
      if (executed) s.exec(cpu, op);
      it = cpu.itState;
      if ((it & 7) === 0) cpu.itState = 0;
      else cpu.itState = (it & 0xe0) | ((it << 1) & 0x1f);
      const nx = cpu.nextPC;
      cpu.pc = nx;
      cpu.instret++;
      const c0 = cpu.cycles;
      M.prevCls = pCls;
      M.prevWrites = pW;
      M.prevOp = pOp;
      const c = M.retire(cpu, op, executed);
      bc.itOp = op;
      cpu.cycles = c0 + c;
      if (obs !== null) obs.retired(cpu, op, executed, c);
      else if (bo !== null && !executed) {
        // a skipped instruction: the meter's own retired(), between two segments
        bo.endSegment(j, c0);
        bo.retired(cpu, op, false, c);
        bo.pb = blk;
        bo.pf = j + 1;
        bo.pc0 = cpu.cycles;
      }
      pCls = M.prevCls;
      pW = M.prevWrites;
      pOp = M.prevOp;
      pCmp = pOp !== null && isCompare(pOp);
      seq = false;
      if (nx !== s.fall || cpu.cycles >= cpu.eventAt || cpu.stop !== null) {
        if (bo !== null) bo.endSegment(j + 1, cpu.cycles);
        bc.cur = null;
        return true;
      }
      continue;
    }
    const nx = cpu.nextPC;
    cpu.pc = nx;
    cpu.instret++;
    // (exception entries happen between blocks: the counters are checked on entry and by FP
    // instructions, which may preserve a lazily stacked FP context)
    if (cpu.eventAt === 0 || (((j === 0 && !again) || s.fpCheck) && X.entries + X.returns + X.tailChains + X.lazySaves !== M.excSeen)) {
      // exception activity or an attention() request: the model's own retire()
      if (bo !== null) bo.endSegment(j, cpu.cycles);
      M.prevCls = pCls;
      M.prevWrites = pW;
      M.prevOp = pOp;
      const c = M.retire(cpu, op, true);
      cpu.cycles += c;
      if (obs !== null) obs.retired(cpu, op, true, c);
      else if (bo !== null) bo.retired(cpu, op, true, c);
      bc.cur = null;
      return true;
    }
    // ---- M4CycleModel.retire() for an executed instruction, folded ----
    const now = cpu.cycles;
    const cls = s.cls;
    CC[cls]++;
    let w = 0;
    if (s.u1 >= 0) {
      w = A!.cur === s.u1 ? 0 : A!.fetchUnit(s.u1, now);
      if (s.u2 >= 0 && A!.cur !== s.u2) w += A!.fetchUnit(s.u2, now + w);
    }
    let c = s.cost;
    let st = 0;
    let dw = 0;
    const dyn = s.dyn;
    if (dyn === D_MEM) {
      if (seq && s.lc >= 0) {
        // the instruction before is step j - 1, executed here: the rules precomputed
        c = s.lc;
        if (s.lDep !== 0) {
          st += s.lDep;
          ST.addressDependency += s.lDep;
        }
        if (s.lStore !== 0) {
          st += s.lStore;
          ST.afterStore += s.lStore;
        }
      } else {
        let dep = (pW & s.addrRegs) !== 0;
        if (dep && pCls === C_ALU && pCmp) dep = false;
        const afterLoad = pCls === C_LOAD || pCls === C_EXCL;
        if (cls === C_LOAD) {
          if (afterLoad && !dep) c = loadPipelined;
        } else if (s.regOffset && !(afterLoad && !dep)) c = storeRegOffset;
        if (dep && !(cls === C_LOAD && afterLoad)) {
          st += addressDependency;
          ST.addressDependency += addressDependency;
        }
        if (pCls === C_STORE) {
          st += afterStore;
          ST.afterStore += afterStore;
        }
      }
      const ea = cpu.ea >>> 0;
      if (s.unal >= 0 && (ea & 3) !== 0) {
        let u = 0;
        if (s.unal === 0) u = (ea & 1) !== 0 ? unalignedWordOdd : unalignedWordHalf;
        else if ((ea & 1) !== 0) u = unalignedHalf;
        st += u;
        ST.unaligned += u;
      }
      const k = PK[ea >>> 16];
      if (k === 1) {
        if (s.words !== 0) dw = flashData(M, ea, now + w + st + 1, s.words);
      } else if (k === 2) {
        st += peripheralAccess;
        ST.peripheral += peripheralAccess;
      }
    } else if (dyn === D_DIV) {
      const nn = cpu.ea >>> 0;
      const d = cpu.aux >>> 0;
      if (d !== 0 && nn >= d) {
        c = divMin + Math.ceil((Math.clz32(d) - Math.clz32(nn) + 1) / divBitsPerCycle);
        if (c > divMax) c = divMax;
        ST.divideExtra += c - divMin;
      }
    } else if (dyn === D_FP) {
      const fd = M.fpDest;
      const start = now + w;
      if (fd >= 0 && M.fpReadyAt > start && (fd === s.fpB || fd === s.fpC || fd === s.fpA)) {
        const x = M.fpReadyAt - start;
        st += x;
        ST.fpLatency += x;
      }
      if (s.lat >= 0) {
        M.fpDest = op.a;
        M.fpReadyAt = now + w + st + s.lat;
      }
    }
    if (w !== 0) ST.fetchWait += w;
    if (nx !== s.fall) {
      if (nx === s.tgt) {
        c += s.tgtRefill;
        ST.branchRefill += s.tgtRefill;
      } else c += refillTo(M, P, s.refill, nx, cpu.bus);
    }
    const total = c + st + w + dw;
    cpu.cycles = now + total;
    // the model's record of this instruction, kept up to date (a fault in the next
    // instruction leaves the model as the interpreter would): plain stores, no try/finally
    pCls = cls;
    pW = s.writes;
    pCmp = s.isCmp;
    pOp = op;
    seq = true;
    // a retire observer (energy meter, profiler) sees what the interpreter shows it: the
    // instruction and its cycles, after the model has recorded it
    if (obs !== null) obs.retired(cpu, op, true, total);
    if (nx !== s.fall || j === n - 1) {
      // the block ends (a taken branch, or its last instruction): with nothing for the run
      // loop to do, a branch back to the block's start runs it again, and (chaining) the
      // block the run loop would run at nx runs next, here
      if (cpu.cycles < cpu.eventAt && cpu.stop === null && cpu.itState === 0) {
        // (a block with a WebAssembly translation, or waiting for one, goes back to the run
        // loop, which enters it or counts the run)
        const nb = nx === start ? (blk.wasm === 0 && !blk.wasmQueued ? blk : null) : chain ? bc.chain(blk, nx) : null;
        if (nb !== null && cpu.instret + nb.steps.length <= end) {
          if (bo !== null) {
            bo.endSegment(j + 1, cpu.cycles);
            bo.pb = nb;
            bo.pf = 0;
            bo.pc0 = cpu.cycles;
          }
          // (the model's record, as a fault in the next block's first instruction finds it)
          M.prevCls = pCls;
          M.prevWrites = pW;
          M.prevOp = pOp;
          bc.cur = nb;
          bc.itOp = null;
          if (nb === blk) again = true;
          else {
            // a new entry: as the run loop would enter it
            blk = nb;
            steps = nb.steps;
            n = steps.length;
            ops = nb.ops;
            ram = nb.ram;
            start = nb.pc;
            again = false;
          }
          j = -1;
          seq = false;
          continue;
        }
      }
      jEnd = j + 1;
      break;
    }
    if (cpu.cycles >= cpu.eventAt || cpu.stop !== null) {
      jEnd = j + 1;
      break;
    }
  }
  if (bo !== null) bo.endSegment(jEnd < 0 ? n : jEnd, cpu.cycles);
  M.prevCls = pCls;
  M.prevWrites = pW;
  M.prevOp = pOp;
  bc.cur = null;
  return true;
}

/** Runs the block with a model that is not folded (or an observer): retire() and the
 * observer for every instruction, as the interpreter calls them. The caller has checked the
 * code (as for runFolded). */
export function runCalls(cpu: Cpu, steps: Step[], ops: (Op | undefined)[], ram: boolean): boolean {
  const n = steps.length;
  const R = cpu.R;
  const model = cpu.cycleModel;
  const observer = cpu.observer;
  for (let j = 0; j < n; j++) {
    const s = steps[j];
    const op = s.op;
    if (ram && j > 0 && ops[s.idx] !== op) break;
    R[15] = s.pc4;
    cpu.nextPC = s.fall;
    let executed = true;
    const it = cpu.itState;
    if (it === 0) s.exec(cpu, op);
    else {
      executed = cpu.condPassed(it >>> 4);
      if (executed) s.exec(cpu, op);
      const i2 = cpu.itState;
      if ((i2 & 7) === 0) cpu.itState = 0;
      else cpu.itState = (i2 & 0xe0) | ((i2 << 1) & 0x1f);
    }
    const nx = cpu.nextPC;
    cpu.pc = nx;
    cpu.instret++;
    const c = model === null ? 1 : model.retire(cpu, op, executed);
    cpu.cycles += c;
    if (observer !== null) observer.retired(cpu, op, executed, c);
    if (nx !== s.fall || cpu.cycles >= cpu.eventAt || cpu.stop !== null) break;
  }
  return true;
}
