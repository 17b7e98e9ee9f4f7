// The Cortex-M4 cycle model: the cost of each retired instruction from its TRM timing class
// (Arm DDI 0439B, 3.3.1 table 3-1 "Cortex-M4 instruction set summary" and 7.2.3 table 7-1
// "FPU instruction set"), the pipeline effects of 3.3.2 "Load/store timings" (load
// pipelining, address dependency, store then load/store), the branch refill P, FP result
// latencies, exception entry/exit/tail-chaining and FP context stacking, peripheral and
// unaligned accesses, and the flash read path (art.ts). All numbers come from the device
// profile's "timing" section; this file holds only the mechanisms.
//
// The core (sim/core/cpu.ts) calls retire() once per retired instruction with the Op and the
// facts it records: cpu.pc (the next instruction: a taken branch or PC write when it is not
// op.pc + op.size), cpu.ea (effective address of a load/store, first address of LDM/STM;
// |dividend| for SDIV/UDIV) and cpu.aux (|divisor|). Op fields read here (the decoders'
// conventions): a = Rd/Rt/Sd, b = Rn (address base, or Sn for VFP data processing), c = Rm
// (register offset, or Sm), d = Rt2 of LDRD and addressing mode | kind << 4 of single
// loads/stores (sim/isa/loadstore.ts), imm = register list of LDM/STM or a direct branch's
// target, n = registers transferred.
import type { Cpu, CycleModel } from '../core/cpu.ts';
import { Cls, type Op } from '../core/op.ts';
import { MemRegion } from '../memory/bus.ts';
import type { ArtAccelerator } from './art.ts';

export interface CoreTimingParams {
  alu: number;
  mul: number;
  divMin: number;
  divMax: number;
  /** quotient bits the divider retires per cycle beyond divMin (early termination) */
  divBitsPerCycle: number;
  /** P after a taken direct branch, a BX/BLX or an ALU write of the PC, for a 16-bit or
   * word-aligned target */
  refill: number;
  /** P after a load of the PC (LDR PC, POP/LDM with PC) and TBB/TBH */
  refillLoad: number;
  /** extra refill when the target is a 32-bit instruction at a halfword (not word) address */
  refillUnaligned32: number;
  load: number;
  /** a load right after a load whose result it does not use for its address */
  loadPipelined: number;
  /** STR with an immediate offset (or pipelined after a load) */
  store: number;
  /** STR with a register offset, not after a load */
  storeRegOffset: number;
  /** a load/store whose address register the previous instruction wrote */
  addressDependency: number;
  /** a load/store right after a store: the store's data phase still holds the bus */
  afterStore: number;
  ldrd: number;
  strd: number;
  /** LDM/STM/PUSH/POP: multipleBase + N */
  multipleBase: number;
  /** TBB/TBH before the refill: load and add */
  tableBranch: number;
  exclusive: number;
  sys: number;
  it: number;
  /** an instruction whose IT condition fails */
  skipped: number;
  /** unaligned LDR/STR word access at offset 2 (two halfword accesses) and at offset 1 or 3
   * (three accesses), unaligned halfword */
  unalignedWordHalf: number;
  unalignedWordOdd: number;
  unalignedHalf: number;
  fp: number;
  fpMac: number;
  fpDiv: number;
  /** VLDR.32/VSTR.32; .64 adds one per extra word */
  fpLoad: number;
  fpStore: number;
  /** VLDM/VSTM/VPUSH/VPOP: fpMultipleBase + N words */
  fpMultipleBase: number;
  /** VMOV between core and FP registers (per register moved), VMRS/VMSR */
  fpMov: number;
  /** result latency of FP add/sub/mul/convert, of VABS/VNEG/VMOV/VCMP, of multiply-accumulate
   * and of VDIV/VSQRT, counted from the instruction's first cycle: a dependent FP instruction
   * starting earlier waits */
  fpLatency: number;
  fpLatencySimple: number;
  fpMacLatency: number;
  fpDivLatency: number;
  /** each load/store to the peripheral window (AHB/APB) */
  peripheralAccess: number;
}

export interface ExceptionTimingParams {
  entry: number;
  exit: number;
  tailChain: number;
  /** stacking or unstacking S0-S15 and FPSCR (immediate, or lazily by the first FP instruction) */
  fpContext: number;
}

/** Where cycles beyond the base instruction costs went (totals since the model was attached). */
export interface CycleStats {
  /** instruction fetch and data stalls in the flash read path (wait states not hidden by the ART) */
  fetchWait: number;
  dataWait: number;
  /** pipeline refills after taken branches and PC writes */
  branchRefill: number;
  /** pipeline stalls: address dependencies, a load/store after a store, FP result latency */
  addressDependency: number;
  afterStore: number;
  fpLatency: number;
  /** extra bus accesses of unaligned loads/stores */
  unaligned: number;
  /** peripheral accesses */
  peripheral: number;
  /** divide cycles beyond divMin */
  divideExtra: number;
  /** exception entry/exit/tail-chain and FP context stacking */
  exception: number;
  entries: number;
  exits: number;
  tailChains: number;
  fpContextSaves: number;
}

/** Names of Cls values, for per-class statistics. */
export const CLS_NAMES = [
  'ALU', 'MUL', 'DIV', 'BRANCH', 'LOAD', 'STORE', 'LDRD', 'STRD', 'LDM', 'STM', 'TB', 'EXCL', 'SYS', 'IT', 'WFI',
  'FP', 'FPMAC', 'FPDIV', 'FPLOAD', 'FPSTORE', 'FPLDM', 'FPSTM', 'FPMOV', 'UNDEF',
] as const;
const NCLS = CLS_NAMES.length;

// Cls values as module constants: the hot path must not read the Cls object (under tsx an
// imported enum is a getter call on every use). Checked against Cls when the module loads.
const C_ALU = 0;
const C_MUL = 1;
const C_DIV = 2;
const C_BRANCH = 3;
const C_LOAD = 4;
const C_STORE = 5;
const C_LDRD = 6;
const C_STRD = 7;
const C_LDM = 8;
const C_STM = 9;
const C_TB = 10;
const C_EXCL = 11;
const C_SYS = 12;
const C_IT = 13;
const C_WFI = 14;
const C_FP = 15;
const C_FPMAC = 16;
const C_FPDIV = 17;
const C_FPLOAD = 18;
const C_FPSTORE = 19;
const C_FPLDM = 20;
const C_FPSTM = 21;
const C_FPMOV = 22;
const C_UNDEF = 23;
const CLS_VALUES: number[] = [Cls.ALU, Cls.MUL, Cls.DIV, Cls.BRANCH, Cls.LOAD, Cls.STORE, Cls.LDRD, Cls.STRD, Cls.LDM, Cls.STM, Cls.TB, Cls.EXCL, Cls.SYS, Cls.IT, Cls.WFI, Cls.FP, Cls.FPMAC, Cls.FPDIV, Cls.FPLOAD, Cls.FPSTORE, Cls.FPLDM, Cls.FPSTM, Cls.FPMOV, Cls.UNDEF];
for (let i = 0; i < NCLS; i++)
  if (CLS_VALUES[i] !== i) throw new Error(`sim/timing/m4.ts: Cls.${CLS_NAMES[i]} is not ${i}; update CLS_NAMES and the C_ constants`);

// page kinds for data accesses
const PAGE_MEM = 0;
const PAGE_FLASH = 1;
const PAGE_PERIPH = 2;
const PAGE_OTHER = 3;

// FPCCR.LSPEN (ARMv7-M B3.2.23)
const FPCCR_LSPEN = 1 << 30;
// CONTROL.FPCA
const CONTROL_FPCA = 4;

export class M4CycleModel implements CycleModel {
  readonly stats: CycleStats = {
    fetchWait: 0, dataWait: 0, branchRefill: 0, addressDependency: 0, afterStore: 0,
    fpLatency: 0, unaligned: 0, peripheral: 0, divideExtra: 0, exception: 0, entries: 0, exits: 0, tailChains: 0,
    fpContextSaves: 0,
  };
  /** instructions retired per Cls (IT-skipped ones included) */
  readonly classCount = new Float64Array(NCLS);
  /** base cost per Cls */
  private readonly base = new Int32Array(NCLS);
  /** 1 for classes that access memory through the load/store unit */
  private readonly memCls = new Uint8Array(NCLS);
  /** per 64 KB page: the base address of the flash region mapped there, or -1 */
  private readonly flashBase = new Int32Array(1 << 16).fill(-1);
  private readonly pageKind = new Uint8Array(1 << 16).fill(PAGE_OTHER);

  // state of the previous instruction
  private prevCls = -1;
  /** registers (bit mask) the previous instruction wrote */
  private prevWrites = 0;
  private prevOp: Op | null = null;
  // the last FP result: register and the cycle it is ready
  private fpDest = -1;
  private fpReadyAt = 0;
  // exception counters already accounted for
  private excSeen = 0;
  private seenEntries = 0;
  private seenReturns = 0;
  private seenTail = 0;
  private seenLazy = 0;
  private seenFpFrames = 0;
  /** FP contexts written to a stack frame and not yet unstacked */
  private fpStacked = 0;

  constructor(
    readonly p: CoreTimingParams,
    readonly exc: ExceptionTimingParams,
    readonly art: ArtAccelerator | null,
    cpu: Cpu,
  ) {
    const b = this.base;
    b.fill(p.alu);
    b[C_MUL] = p.mul;
    b[C_DIV] = p.divMin;
    b[C_BRANCH] = p.alu;
    b[C_LOAD] = p.load;
    b[C_STORE] = p.store;
    b[C_LDRD] = p.ldrd;
    b[C_STRD] = p.strd;
    b[C_LDM] = p.multipleBase;
    b[C_STM] = p.multipleBase;
    b[C_TB] = p.tableBranch;
    b[C_EXCL] = p.exclusive;
    b[C_SYS] = p.sys;
    b[C_IT] = p.it;
    b[C_WFI] = p.sys;
    b[C_UNDEF] = p.sys;
    b[C_FP] = p.fp;
    b[C_FPMAC] = p.fpMac;
    b[C_FPDIV] = p.fpDiv;
    b[C_FPLOAD] = p.fpLoad;
    b[C_FPSTORE] = p.fpStore;
    b[C_FPLDM] = p.fpMultipleBase;
    b[C_FPSTM] = p.fpMultipleBase;
    b[C_FPMOV] = p.fpMov;
    for (const c of [C_LOAD, C_STORE, C_LDRD, C_STRD, C_LDM, C_STM, C_TB, C_EXCL, C_FPLOAD, C_FPSTORE, C_FPLDM, C_FPSTM]) this.memCls[c] = 1;
    const pages = cpu.bus.pages;
    for (let i = 0; i < pages.length; i++) {
      const pg = pages[i];
      if (pg instanceof MemRegion) {
        this.pageKind[i] = pg.kind === 'flash' ? PAGE_FLASH : PAGE_MEM;
        if (pg.kind === 'flash') this.flashBase[i] = pg.base;
      } else if (pg !== null) this.pageKind[i] = pg.name === 'ppb' ? PAGE_OTHER : PAGE_PERIPH;
    }
    this.syncExceptionCounters(cpu);
  }

  /** Forget pipeline history (after a configuration change or a reattach). */
  syncExceptionCounters(cpu: Cpu): void {
    const e = cpu.exc;
    this.seenEntries = e.entries;
    this.seenReturns = e.returns;
    this.seenTail = e.tailChains;
    this.seenLazy = e.lazySaves;
    this.seenFpFrames = e.fpFrames;
    this.excSeen = e.entries + e.returns + e.tailChains + e.lazySaves;
  }

  retire(cpu: Cpu, op: Op, executed: boolean): number {
    const p = this.p;
    const now = cpu.cycles;
    const cls = op.cls;
    this.classCount[cls]++;
    // instruction fetch through the flash read path
    let wait = 0;
    const art = this.art;
    if (art !== null) {
      const fb = this.flashBase[op.pc >>> 16];
      if (fb >= 0) {
        const off = op.pc - fb;
        wait = art.fetch(off, now);
        if (op.size === 4) wait += art.fetch(off + 2, now + wait);
      }
    }
    const fetchWait = wait;
    // exception entry/return/tail-chain/lazy FP preservation since the last instruction
    let extra = 0;
    let returned = false;
    const e = cpu.exc;
    if (e.entries + e.returns + e.tailChains + e.lazySaves !== this.excSeen) {
      returned = e.returns !== this.seenReturns || e.tailChains !== this.seenTail;
      extra = this.exceptionCycles(cpu);
    }
    if (!executed) {
      this.prevCls = -1;
      this.prevWrites = 0;
      this.stats.fetchWait += wait;
      return p.skipped + wait + extra;
    }
    let c = this.base[cls];
    let stall = 0;
    const prevCls = this.prevCls;
    if (this.memCls[cls] !== 0) {
      // ---- loads and stores (TRM 3.3.2) ----
      const single = cls === C_LOAD || cls === C_STORE;
      const regOffset = single && (op.d & 15) === 3;
      const addrRegs = (1 << op.b) | (regOffset || cls === C_TB ? 1 << op.c : 0);
      let dep = (this.prevWrites & addrRegs) !== 0;
      if (dep && prevCls === C_ALU && isCompare(this.prevOp!)) dep = false;
      const afterLoad = prevCls === C_LOAD || prevCls === C_EXCL;
      switch (cls) {
        case C_LOAD:
          if (afterLoad && !dep) c = p.loadPipelined;
          break;
        case C_STORE:
          if (regOffset && !(afterLoad && !dep)) c = p.storeRegOffset;
          break;
        case C_LDM:
        case C_STM:
        case C_FPLDM:
        case C_FPSTM:
          c += op.n;
          break;
        case C_FPLOAD:
        case C_FPSTORE:
          c += op.n - 1;
          break;
      }
      if (dep && !(cls === C_LOAD && afterLoad)) {
        stall += p.addressDependency;
        this.stats.addressDependency += p.addressDependency;
      }
      if (prevCls === C_STORE) {
        stall += p.afterStore;
        this.stats.afterStore += p.afterStore;
      }
      const ea = cpu.ea >>> 0;
      if (single && (ea & 3) !== 0) {
        const kind = op.d >>> 4; // 0 word, 1 halfword, 2 signed halfword, 3/4 byte
        let u = 0;
        if (kind === 0) u = (ea & 1) !== 0 ? p.unalignedWordOdd : p.unalignedWordHalf;
        else if (kind <= 2 && (ea & 1) !== 0) u = p.unalignedHalf;
        stall += u;
        this.stats.unaligned += u;
      }
      const kind = this.pageKind[ea >>> 16];
      if (kind === PAGE_FLASH) {
        if (art !== null && cls !== C_STORE && cls !== C_STRD && cls !== C_STM && cls !== C_FPSTORE && cls !== C_FPSTM) {
          const off = ea - this.flashBase[ea >>> 16];
          const words = cls === C_LDM || cls === C_FPLDM || cls === C_FPLOAD ? op.n : cls === C_LDRD ? 2 : 1;
          let t = now + wait + stall + 1;
          let dw = 0;
          for (let a = off, last = off + 4 * words - 1; ; ) {
            const s = art.data(a, t);
            dw += s;
            t += s + 1;
            const nextUnit = ((a >>> 3) + 1) << 3;
            if (nextUnit > last) break;
            a = nextUnit;
          }
          wait += dw;
          this.stats.dataWait += dw;
        }
      } else if (kind === PAGE_PERIPH) {
        stall += p.peripheralAccess;
        this.stats.peripheral += p.peripheralAccess;
      }
    } else if (cls === C_DIV) {
      const n = cpu.ea >>> 0;
      const d = cpu.aux >>> 0;
      if (d !== 0 && n >= d) {
        const bits = Math.clz32(d) - Math.clz32(n) + 1;
        c = p.divMin + Math.ceil(bits / p.divBitsPerCycle);
        if (c > p.divMax) c = p.divMax;
        this.stats.divideExtra += c - p.divMin;
      }
    } else if (cls >= C_FP && cls <= C_FPMOV) {
      // ---- FP result latency ----
      const start = now + wait + stall;
      const fd = this.fpDest;
      if (fd >= 0 && this.fpReadyAt > start) {
        let uses: boolean;
        if (cls === C_FPMAC) uses = op.b === fd || op.c === fd || op.a === fd;
        else if (cls === C_FPMOV) uses = op.b === fd;
        else uses = op.b === fd || op.c === fd;
        if (uses) {
          const s = this.fpReadyAt - start;
          stall += s;
          this.stats.fpLatency += s;
        }
      }
      if (cls === C_FPMOV) {
        if (op.n > 1) c += (op.n - 1) * p.fpMov;
      } else {
        this.fpDest = op.a;
        let lat: number;
        if (cls === C_FP) lat = isSimpleFp(op) ? p.fpLatencySimple : p.fpLatency;
        else lat = cls === C_FPMAC ? p.fpMacLatency : p.fpDivLatency;
        this.fpReadyAt = now + wait + stall + lat;
      }
    }
    // a taken branch or PC write: pipeline refill (an exception return's refill is in `exit`)
    const next = cpu.pc;
    if (next !== op.pc + op.size && !returned) {
      let refill = cls === C_LOAD || cls === C_LDM || cls === C_TB ? p.refillLoad : p.refill;
      if ((next & 2) !== 0) {
        const r = cpu.bus.pages[next >>> 16];
        if (r instanceof MemRegion && r.u16[(next - r.base) >>> 1] >>> 11 >= 0b11101) refill += p.refillUnaligned32;
      }
      c += refill;
      this.stats.branchRefill += refill;
    }
    // registers this instruction wrote, for the next one's address dependency
    let w = 0;
    switch (cls) {
      case C_ALU:
      case C_MUL:
      case C_DIV:
      case C_LOAD:
      case C_FPMOV:
        w = op.a < 15 ? 1 << op.a : 0;
        break;
      case C_LDRD:
        w = (1 << op.a) | (1 << op.d);
        break;
      case C_LDM:
        w = op.imm & 0x7fff;
        break;
    }
    this.prevWrites = w;
    this.prevCls = cls;
    this.prevOp = op;
    if (fetchWait !== 0) this.stats.fetchWait += fetchWait;
    return c + stall + wait + extra;
  }

  /** Cycles of the exception entries, returns, tail-chains and lazy FP preservations that
   * happened since the last instruction (counted by sim/core/exceptions.ts). */
  private exceptionCycles(cpu: Cpu): number {
    const e = cpu.exc;
    const x = this.exc;
    const s = this.stats;
    let cyc = 0;
    const entries = e.entries - this.seenEntries;
    const returns = e.returns - this.seenReturns;
    const tails = e.tailChains - this.seenTail;
    const lazy = e.lazySaves - this.seenLazy;
    const fpFrames = e.fpFrames - this.seenFpFrames;
    cyc += entries * x.entry + returns * x.exit + tails * x.tailChain;
    s.entries += entries;
    s.exits += returns;
    s.tailChains += tails;
    // FP context: stacked at entry unless lazy stacking is on, else by the first FP
    // instruction of the handler; unstacked on a return from an extended frame that holds it
    let saves = lazy;
    if (fpFrames > 0 && (e.FPCCR & FPCCR_LSPEN) === 0) saves += fpFrames;
    this.fpStacked += saves;
    let restores = 0;
    if (returns > 0 && (cpu.CONTROL & CONTROL_FPCA) !== 0 && this.fpStacked > 0) {
      restores = 1;
      this.fpStacked--;
    }
    cyc += (saves + restores) * x.fpContext;
    s.fpContextSaves += saves;
    s.exception += cyc;
    this.syncExceptionCounters(cpu);
    // the pipeline starts afresh in the handler or the returned-to code
    this.prevCls = -1;
    this.prevWrites = 0;
    return cyc;
  }

  /** Pipeline history is dropped, e.g. after the flash configuration changed. */
  resetPipeline(): void {
    this.prevCls = -1;
    this.prevWrites = 0;
    this.fpDest = -1;
  }
}

/** CMP/CMN/TST/TEQ: ALU-class instructions that write no register (the 16-bit encodings
 * leave `a` at 0). Only asked when an address dependency on `a` is suspected. */
function isCompare(op: Op): boolean {
  const m = op.mnem;
  return m === 'cmp' || m === 'cmn' || m === 'tst' || m === 'teq';
}

/** FP instructions GCC's cortex-m4-fpu.md gives latency 1 (ffariths, fcmps, fcpys, fconsts). */
function isSimpleFp(op: Op): boolean {
  const m = op.mnem;
  return m === 'vabs' || m === 'vneg' || m === 'vmov' || m === 'vcmp' || m === 'vcmpe';
}
