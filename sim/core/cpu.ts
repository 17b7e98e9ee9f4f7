// The Cortex-M4 core: architectural state (ARMv7-M ARM B1.4) and the fetch/decode/execute
// loop. Instructions are decoded once per address into Op objects (sim/isa/) and cached in
// the memory region. The core knows nothing about timing: it counts one cycle per
// instruction unless a cycle model (sim/timing/) is attached, which is given each retired
// Op and the facts the core records about it (branch taken, effective address).
import { Bus, BusError, MemRegion } from '../memory/bus.ts';
import { Op } from './op.ts';
import { GuestFault, type StopReason } from './fault.ts';
import type { Exceptions } from './exceptions.ts';
import { BlockCache } from '../jit/block.ts';

/** Decodes the instruction at an address; installed by sim/isa/decoder.ts. */
export type Decoder = (cpu: Cpu, pc: number) => Op;

/** Something that happens at a cycle count: a timer expiring, a UART finishing a byte. */
export interface EventSource {
  /** cycle of the next event, or Infinity */
  nextEvent: number;
  /** called once cycles >= nextEvent; must move nextEvent forward */
  fire(cpu: Cpu): void;
}

/** Watches every retired instruction (profiler, tracer): called after the cycle model with
 * the cycles the instruction took. Observers must not change architectural state. */
export interface RetireObserver {
  retired(cpu: Cpu, op: Op, executed: boolean, cycles: number): void;
}

/** The cycle model's view of the core: called for every retired instruction. */
export interface CycleModel {
  /** cycles taken by `op`, which has just executed (or been skipped by IT when !executed) */
  retire(cpu: Cpu, op: Op, executed: boolean): number;
}

export class Cpu {
  /** R0-R12, SP (the current stack pointer), LR, PC (PC reads as the instruction address + 4);
   * a view of the WebAssembly arena when the System has one */
  readonly R: Uint32Array;
  // APSR flags, one number each (0 or 1); GE is 4 bits
  N = 0;
  Z = 0;
  C = 0;
  V = 0;
  Q = 0;
  GE = 0;
  /** EPSR.IT, ITSTATE[7:0]: 0 outside an IT block */
  itState = 0;
  /** EPSR.T: cleared by an interworking branch to an even address; the next fetch faults */
  T = 1;
  /** IPSR: the current exception number, 0 in Thread mode */
  IPSR = 0;
  /** the stack pointer not currently in R[13] (PSP in Handler mode or with SPSEL=0, else MSP) */
  otherSP = 0;
  /** CONTROL: nPRIV (bit 0), SPSEL (bit 1), FPCA (bit 2) */
  CONTROL = 0;
  PRIMASK = 0;
  FAULTMASK = 0;
  BASEPRI = 0;

  /** FPU registers S0-S31 as float and as bits (same storage; a view of the WebAssembly
   * arena when the System has one) */
  readonly S: Float32Array;
  readonly SU: Uint32Array;
  FPSCR = 0;

  /** address of the instruction being executed */
  pc = 0;
  /** address of the next instruction; branches write it */
  nextPC = 0;
  /** effective address of the last load/store/LDM/STM (for the cycle model and watchpoints);
   * SDIV/UDIV put |dividend| here and |divisor| in `aux` */
  ea = 0;
  aux = 0;

  /** modelled cycles since reset */
  cycles = 0;
  /** instructions retired (including IT-skipped ones) */
  instret = 0;
  /** when cycles >= eventAt the loop calls service(): timers, pending exceptions, stop */
  eventAt = 0;
  /** the run stops with a limit report when cycles reach this (also while asleep) */
  cycleLimit = Infinity;
  sleeping = false;
  /** set to end the run */
  stop: StopReason | null = null;
  /** in an exclusive monitor: the address of the last LDREX, or -1 */
  exclusiveAddr = -1;

  // configuration the system control block writes (SCB->CCR, CPACR)
  unalignTrp = false;
  div0Trp = false;
  /** CPACR CP10/CP11 grant full or privileged access */
  fpEnabled = false;

  readonly events: EventSource[] = [];
  cycleModel: CycleModel | null = null;
  observer: RetireObserver | null = null;
  exc!: Exceptions;
  decoder!: Decoder;
  /** run compiled blocks (sim/jit/) instead of interpreting one instruction at a time; same
   * results either way. Off with M4SIM_FAST=0 in the environment. */
  fastPath = typeof process === 'undefined' || process.env.M4SIM_FAST !== '0';
  /** the fast path's compiled blocks */
  readonly blocks: BlockCache = new BlockCache(this);
  /** handles BKPT (semihosting, debugger); returns true if handled, false to fault */
  onBkpt: (cpu: Cpu, imm8: number) => boolean = () => false;

  constructor(
    readonly bus: Bus,
    regs?: { R: Uint32Array; S: Float32Array },
  ) {
    this.R = regs?.R ?? new Uint32Array(16);
    this.S = regs?.S ?? new Float32Array(32);
    this.SU = new Uint32Array(this.S.buffer, this.S.byteOffset, 32);
  }

  // ---- the run loop ----

  /** Runs until stop is set or `maxInstr` more instructions have retired. */
  run(maxInstr: number): void {
    const end = this.instret + maxInstr;
    while (this.stop === null && this.instret < end) {
      try {
        this.runInner(end);
      } catch (e) {
        // (a block observer counts the instructions of the block before the faulting one)
        if (this.fastPath) this.blocks.abandon();
        if (e instanceof GuestFault) this.exc.fault(e);
        else if (e instanceof BusError) this.exc.fault(new GuestFault('PRECISERR', e.addr, e.message));
        else throw e;
      }
    }
  }

  private runInner(end: number): void {
    if (this.fastPath) {
      this.runBlocks(end);
      return;
    }
    while (this.instret < end && this.stop === null) {
      if (this.cycles >= this.eventAt) {
        this.service();
        if (this.stop !== null) return;
        if (this.sleeping) continue;
      }
      this.step();
    }
  }

  /** The fast path: compiled blocks where they give the interpreter's results, the
   * interpreter (step) elsewhere. */
  private runBlocks(end: number): void {
    const blocks = this.blocks;
    blocks.sync();
    // a block is compiled where execution enters code other than by falling through from
    // the instruction before (a branch target, after a block, after an IT block), once that
    // entry has been seen often enough to pay for compiling it (BlockCache.hot)
    let entry = true;
    while (this.instret < end && this.stop === null) {
      if (this.cycles >= this.eventAt) {
        this.service();
        if (this.stop !== null) return;
        if (this.sleeping) continue;
        entry = true;
      }
      const pc = this.pc;
      if (this.itState === 0) {
        let b = blocks.lookup(pc);
        if (b === null && entry && blocks.hot(pc)) b = blocks.compile(pc);
        if (b !== null && this.instret + b.len <= end) {
          if (blocks.run(b, end)) {
            entry = true;
            continue;
          }
          blocks.drop(b);
        }
      }
      const inIt = this.itState !== 0;
      const op = this.step();
      entry = inIt || this.pc !== pc + op.size;
    }
  }

  /** Fetches, executes and retires one instruction (the reference semantics). */
  private step(): Op {
    const R = this.R;
    const pc = this.pc;
    const op = this.fetch(pc);
    R[15] = pc + 4;
    this.nextPC = pc + op.size;
    let executed = true;
    if (this.itState === 0) op.exec(this, op);
    else {
      executed = this.condPassed(this.itState >>> 4);
      if (executed) op.exec(this, op);
      // ITAdvance (A7.3.3); an IT instruction itself runs with itState 0 and is not advanced
      if ((this.itState & 7) === 0) this.itState = 0;
      else this.itState = (this.itState & 0xe0) | ((this.itState << 1) & 0x1f);
    }
    this.pc = this.nextPC;
    this.instret++;
    const model = this.cycleModel;
    const c = model === null ? 1 : model.retire(this, op, executed);
    this.cycles += c;
    const observer = this.observer;
    if (observer !== null) observer.retired(this, op, executed, c);
    return op;
  }

  /** The decoded instruction at `pc`, from the cache or freshly decoded. */
  fetch(pc: number): Op {
    // (a property test, not instanceof: an imported class is not a constant for V8, so
    // instanceof takes the generic path on every call)
    const p = this.bus.pages[pc >>> 16] as MemRegion | null;
    if (p !== null && p.ops !== undefined) {
      const op = p.ops[(pc - p.base) >>> 1];
      if (op !== undefined) return op;
    }
    return this.decodeAt(pc);
  }

  private decodeAt(pc: number): Op {
    if (this.T === 0) throw new GuestFault('INVSTATE', undefined, 'EPSR.T is 0 (branch to an even address)');
    const r = this.bus.region(pc);
    if (r === undefined) throw new GuestFault('IBUSERR', pc, `instruction fetch from 0x${(pc >>> 0).toString(16)}`);
    const op = this.decoder(this, pc);
    r.cache(pc - r.base, op);
    return op;
  }

  /** Timers, pending exceptions, sleep and stop requests. */
  private service(): void {
    // an interworking branch cleared EPSR.T: the next instruction faults (INVSTATE), with
    // the branch target as the faulting address (B1.4.2)
    if (this.T === 0) throw new GuestFault('INVSTATE', undefined, 'EPSR.T is 0 (branch to an even address)');
    for (;;) {
      if (this.cycles >= this.cycleLimit) {
        this.stop = { kind: 'limit', what: `cycle limit ${this.cycleLimit} reached` };
        return;
      }
      let next = this.cycleLimit;
      for (const ev of this.events) {
        if (this.cycles >= ev.nextEvent) ev.fire(this);
        if (ev.nextEvent < next) next = ev.nextEvent;
      }
      this.eventAt = next;
      if (this.stop !== null) return;
      if (this.exc.takePending()) this.sleeping = false;
      if (!this.sleeping) return;
      if (this.exc.wakeupPending()) {
        this.sleeping = false;
        return;
      }
      if (next === Infinity) {
        this.stop = { kind: 'halt', why: 'WFI with no enabled interrupt source: the core would sleep forever' };
        return;
      }
      // asleep: skip to the next event
      this.cycles = Math.min(next, this.cycleLimit);
    }
  }

  /** Ask the loop to call service() before the next instruction. */
  attention(): void {
    this.eventAt = 0;
  }

  // ---- conditions and flags ----

  /** ConditionPassed for a 4-bit condition code (A7.3.1). */
  condPassed(cond: number): boolean {
    let r: boolean;
    switch (cond >>> 1) {
      case 0: r = this.Z === 1; break; // EQ/NE
      case 1: r = this.C === 1; break; // CS/CC
      case 2: r = this.N === 1; break; // MI/PL
      case 3: r = this.V === 1; break; // VS/VC
      case 4: r = this.C === 1 && this.Z === 0; break; // HI/LS
      case 5: r = this.N === this.V; break; // GE/LT
      case 6: r = this.N === this.V && this.Z === 0; break; // GT/LE
      default: return true; // AL
    }
    return (cond & 1) === 1 ? !r : r;
  }

  /** True when a 16-bit data-processing instruction sets flags (outside an IT block). */
  get setflags16(): boolean {
    return this.itState === 0;
  }

  setNZ(result: number): void {
    this.N = result >>> 31;
    this.Z = (result | 0) === 0 ? 1 : 0;
  }

  get APSR(): number {
    return ((this.N << 31) | (this.Z << 30) | (this.C << 29) | (this.V << 28) | (this.Q << 27) | (this.GE << 16)) >>> 0;
  }

  set APSR(v: number) {
    this.N = (v >>> 31) & 1;
    this.Z = (v >>> 30) & 1;
    this.C = (v >>> 29) & 1;
    this.V = (v >>> 28) & 1;
    this.Q = (v >>> 27) & 1;
    this.GE = (v >>> 16) & 15;
  }

  /** EPSR: T bit and the IT/ICI bits (ITSTATE[1:0] at 26:25, ITSTATE[7:2] at 15:10) */
  get EPSR(): number {
    return ((this.T << 24) | ((this.itState & 3) << 25) | ((this.itState >>> 2) << 10)) >>> 0;
  }

  get xPSR(): number {
    return (this.APSR | this.EPSR | this.IPSR) >>> 0;
  }

  set xPSR(v: number) {
    this.APSR = v;
    this.T = (v >>> 24) & 1;
    this.itState = ((v >>> 25) & 3) | (((v >>> 10) & 0x3f) << 2);
    this.IPSR = v & 0x1ff;
  }

  // ---- PC writes (A2.3.1) ----

  /** BranchWritePC: B, CBZ, ADD/MOV to PC, TBB/TBH */
  branchWritePC(addr: number): void {
    this.nextPC = (addr & ~1) >>> 0;
  }

  /** BXWritePC / BLXWritePC / LoadWritePC: interworking, and exception return in Handler mode */
  bxWritePC(addr: number): void {
    addr >>>= 0;
    if (this.IPSR !== 0 && addr >>> 28 === 0xf) {
      this.exc.exceptionReturn(addr);
      return;
    }
    this.T = addr & 1;
    if (this.T === 0) this.attention();
    this.nextPC = (addr & ~1) >>> 0;
  }

  // ---- stack pointers and special registers ----

  /** True if R[13] is the process stack (Thread mode with CONTROL.SPSEL = 1). */
  get usingPSP(): boolean {
    return this.IPSR === 0 && (this.CONTROL & 2) !== 0;
  }

  get MSP(): number {
    return this.usingPSP ? this.otherSP : this.R[13];
  }
  set MSP(v: number) {
    if (this.usingPSP) this.otherSP = v & ~3;
    else this.R[13] = v & ~3;
  }
  get PSP(): number {
    return this.usingPSP ? this.R[13] : this.otherSP;
  }
  set PSP(v: number) {
    if (this.usingPSP) this.R[13] = v & ~3;
    else this.otherSP = v & ~3;
  }

  /** Change IPSR and CONTROL.SPSEL together, swapping the banked stack pointer as needed. */
  setModeAndSpsel(ipsr: number, spsel: number): void {
    const before = this.usingPSP;
    this.IPSR = ipsr;
    this.CONTROL = (this.CONTROL & ~2) | (spsel << 1);
    if (this.usingPSP !== before) {
      const t = this.R[13];
      this.R[13] = this.otherSP;
      this.otherSP = t;
    }
  }

  get privileged(): boolean {
    return this.IPSR !== 0 || (this.CONTROL & 1) === 0;
  }

  // ---- memory access helpers for instructions ----

  /** Checks an unaligned word/halfword access of LDR/STR/LDRH/STRH (A3.2): faults when
   * CCR.UNALIGN_TRP is set. */
  checkUnaligned(addr: number, size: number): void {
    if ((addr & (size - 1)) !== 0 && this.unalignTrp) throw new GuestFault('UNALIGNED', addr);
  }

  /** Instructions that always require alignment (LDM/STM, LDRD/STRD, LDREX/STREX, VLDR...). */
  checkAligned(addr: number, size: number): void {
    if ((addr & (size - 1)) !== 0) throw new GuestFault('UNALIGNED', addr);
  }

  /** NOCP UsageFault when the FPU is disabled by CPACR (B3.2.20). */
  checkFP(): void {
    if (!this.fpEnabled) throw new GuestFault('NOCP');
  }
}
