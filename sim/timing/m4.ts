// The Cortex-M4 cycle model: the cost of each retired instruction from its TRM class
// (Arm DDI 0439B, 3.3 "Instruction set summary", table 3-1, and the FPU table 7-1), the
// pipeline effects the TRM describes (branch refill P, load pipelining, address dependency),
// FP result latencies, and the flash read path (art.ts). All numbers come from the device
// profile's "timing" section; this file holds only the mechanisms.
import type { Cpu, CycleModel } from '../core/cpu.ts';
import { Cls, type Op } from '../core/op.ts';
import { MemRegion } from '../memory/bus.ts';
import type { ArtAccelerator } from './art.ts';

export interface CoreTimingParams {
  alu: number;
  mul: number;
  divMin: number;
  divMax: number;
  /** quotient bits the divider retires per cycle (early termination) */
  divBitsPerCycle: number;
  /** pipeline refill after a taken branch or PC write, for a 16-bit or aligned target */
  refill: number;
  /** extra refill cycle when the target is a 32-bit instruction at a halfword (not word) address */
  refillUnaligned32: number;
  load: number;
  /** a load right after a load whose result it does not use as an address */
  loadPipelined: number;
  store: number;
  /** a load/store whose base register the previous instruction wrote */
  addressDependency: number;
  /** a load right after a store (write buffer drains first; measured on STM32F4, not in the TRM) */
  loadAfterStore: number;
  ldrd: number;
  strd: number;
  /** LDM/STM/PUSH/POP: base + N */
  multipleBase: number;
  /** TBB/TBH before the refill */
  tableBranch: number;
  exclusive: number;
  sys: number;
  it: number;
  /** an instruction skipped by its IT condition */
  skipped: number;
  fp: number;
  fpMac: number;
  fpDiv: number;
  fpLoad: number;
  fpStore: number;
  fpMultipleBase: number;
  fpMov: number;
  /** result latency of FP data processing and of multiply-accumulate: a dependent FP
   * instruction right after waits latency - 1 */
  fpLatency: number;
  fpMacLatency: number;
  /** each access to a peripheral (AHB/APB bridge) */
  peripheralAccess: number;
}

export interface CycleStats {
  /** cycles lost to flash wait states (instruction fetch and data) */
  flashWait: number;
  /** cycles lost to pipeline refills after branches */
  branchRefill: number;
  /** cycles lost to address dependencies, FP result latency, store->load */
  pipelineStall: number;
  /** divide cycles beyond divMin */
  divideExtra: number;
}

export class M4CycleModel implements CycleModel {
  readonly stats: CycleStats = { flashWait: 0, branchRefill: 0, pipelineStall: 0, divideExtra: 0 };
  private prevCls = -1;
  /** register written by the previous instruction (its `a` field), or -1 */
  private prevDest = -1;
  /** FP register written by the previous FP instruction, and the cycle its result is ready */
  private fpDest = -1;
  private fpReadyAt = 0;

  constructor(
    readonly p: CoreTimingParams,
    readonly art: ArtAccelerator | null,
  ) {}

  retire(cpu: Cpu, op: Op, executed: boolean): number {
    const p = this.p;
    const now = cpu.cycles;
    let c = 0;
    let wait = 0;
    // instruction fetch through the flash read path
    if (this.art !== null) {
      const r = cpu.bus.pages[op.pc >>> 16];
      if (r instanceof MemRegion && r.kind === 'flash') {
        const off = op.pc - r.base;
        wait = this.art.fetch(off, now);
        if (op.size === 4) wait += this.art.fetch(off + 2, now + wait);
      }
    }
    if (!executed) {
      this.prevCls = -1;
      this.prevDest = -1;
      this.stats.flashWait += wait;
      return p.skipped + wait;
    }
    const cls = op.cls;
    switch (cls) {
      case Cls.ALU:
        c = p.alu;
        break;
      case Cls.MUL:
        c = p.mul;
        break;
      case Cls.DIV: {
        // cpu.ea = |dividend|, cpu.aux = |divisor| (reported by SDIV/UDIV)
        const n = cpu.ea >>> 0;
        const d = cpu.aux >>> 0;
        let extra = 0;
        if (d !== 0 && n >= d) extra = Math.ceil((Math.clz32(d) - Math.clz32(n) + 1) / p.divBitsPerCycle);
        c = Math.min(p.divMax, p.divMin + extra);
        this.stats.divideExtra += c - p.divMin;
        break;
      }
      case Cls.BRANCH:
        c = p.alu;
        break;
      case Cls.LOAD:
        c = this.prevCls === Cls.LOAD && this.prevDest !== op.b ? p.loadPipelined : p.load;
        if (this.prevCls === Cls.STORE || this.prevCls === Cls.STRD || this.prevCls === Cls.STM) c += p.loadAfterStore;
        break;
      case Cls.STORE:
        c = p.store;
        break;
      case Cls.LDRD:
        c = p.ldrd;
        break;
      case Cls.STRD:
        c = p.strd;
        break;
      case Cls.LDM:
      case Cls.STM:
        c = p.multipleBase + op.n;
        break;
      case Cls.TB:
        c = p.tableBranch;
        break;
      case Cls.EXCL:
        c = p.exclusive;
        break;
      case Cls.IT:
        c = p.it;
        break;
      case Cls.SYS:
      case Cls.WFI:
      case Cls.UNDEF:
        c = p.sys;
        break;
      case Cls.FP:
        c = p.fp;
        break;
      case Cls.FPMAC:
        c = p.fpMac;
        break;
      case Cls.FPDIV:
        c = p.fpDiv;
        break;
      case Cls.FPLOAD:
        c = p.fpLoad;
        break;
      case Cls.FPSTORE:
        c = p.fpStore;
        break;
      case Cls.FPLDM:
      case Cls.FPSTM:
        c = p.fpMultipleBase + op.n;
        break;
      case Cls.FPMOV:
        c = p.fpMov;
        break;
      default:
        c = p.alu;
    }
    let stall = 0;
    // a load/store whose base register was written by the previous instruction
    if (cls >= Cls.LOAD && cls <= Cls.STM && this.prevDest === op.b && this.prevCls !== -1) stall += p.addressDependency;
    // FP: a dependent FP instruction waits for the previous one's result
    if (cls >= Cls.FP && cls <= Cls.FPMOV) {
      if (this.fpDest >= 0 && (op.b === this.fpDest || op.c === this.fpDest) && this.fpReadyAt > now) stall += this.fpReadyAt - now - 1;
      if (cls === Cls.FP || cls === Cls.FPMAC) {
        this.fpDest = op.a;
        this.fpReadyAt = now + wait + stall + (cls === Cls.FPMAC ? p.fpMacLatency : p.fpLatency);
      } else this.fpDest = -1;
    }
    // data access to flash or peripherals
    if (cls >= Cls.LOAD && cls <= Cls.EXCL || cls === Cls.FPLOAD || cls === Cls.FPLDM) {
      const r = cpu.bus.pages[cpu.ea >>> 16];
      if (r instanceof MemRegion) {
        if (r.kind === 'flash' && this.art !== null && (cls === Cls.LOAD || cls === Cls.LDRD || cls === Cls.LDM || cls === Cls.TB || cls === Cls.FPLOAD || cls === Cls.FPLDM))
          wait += this.art.data(cpu.ea - r.base, now + c);
      } else if (r !== null) stall += p.peripheralAccess;
    }
    // taken branch / PC write: pipeline refill
    if (cpu.pc !== op.pc + op.size) {
      let refill = p.refill;
      if ((cpu.pc & 2) !== 0) {
        const r = cpu.bus.pages[cpu.pc >>> 16];
        if (r instanceof MemRegion && cpu.pc - r.base + 2 <= r.size && cpu.bus.read16(cpu.pc) >>> 11 >= 0b11101) refill += p.refillUnaligned32;
      }
      c += refill;
      this.stats.branchRefill += refill;
    }
    this.stats.pipelineStall += stall;
    this.stats.flashWait += wait;
    this.prevCls = cls;
    this.prevDest = cls <= Cls.DIV || cls === Cls.LOAD ? op.a : -1;
    return c + stall + wait;
  }
}
