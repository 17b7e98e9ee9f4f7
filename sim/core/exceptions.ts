// The ARMv7-M exception model (ARMv7-M ARM DDI 0403E B1.5): exception numbers, priorities
// and priority grouping, the pending/active/enabled state of the system exceptions and the
// NVIC's interrupts, execution priority (PRIMASK/FAULTMASK/BASEPRI), exception entry with
// stacking (basic and extended FP frames, lazy FP state preservation), EXC_RETURN, exception
// return with its integrity checks, tail-chaining, fault status and escalation, lock-up.
//
// This object also holds the architectural state of the System Control Block that the model
// itself depends on (VTOR, AIRCR.PRIGROUP, SCR, CCR, SHCSR enables, the fault status and
// address registers, FPCCR/FPCAR/FPDSCR). The memory-mapped view of those registers is in
// sim/periph/scb.ts and sim/periph/nvic.ts.
//
// Simplifications (architecturally invisible unless noted):
// - tail-chaining is decided at the return instruction; late arrival is not modelled (a
//   higher-priority exception pended during stacking is taken after the first handler's
//   entry, i.e. it preempts at the handler's first instruction);
// - SLEEPONEXIT unstacks and then sleeps (hardware may skip the unstack);
// - R4-R11 and APSR keep their values on entry (the architecture says UNKNOWN);
// - not modelled: the MPU (no MemManage faults are raised by accesses), BFHFNMIGN, imprecise
//   BusFaults (all bus errors are precise), CheckVFPEnabled during stacking/unstacking with
//   the FPU disabled, FPCCR.USER/privilege checks in the lazy save, halting debug and vector
//   catch.
import { BusError } from '../memory/bus.ts';
import type { Cpu } from './cpu.ts';
import { GuestFault, type FaultKind } from './fault.ts';
import { hex8 } from '../hex.ts';

// exception numbers (B1.5.2)
export const RESET = 1;
export const NMI = 2;
export const HARDFAULT = 3;
export const MEMMANAGE = 4;
export const BUSFAULT = 5;
export const USAGEFAULT = 6;
export const SVCALL = 11;
export const DEBUGMONITOR = 12;
export const PENDSV = 14;
export const SYSTICK = 15;
/** exception number of external interrupt 0 */
export const IRQ0 = 16;

/** the architecture's maximum: 16 system exception numbers + 496 interrupts */
const MAX_EXC = 512;

// SCB bit positions used by the model
export const CCR_NONBASETHRDENA = 1 << 0;
export const CCR_USERSETMPEND = 1 << 1;
export const CCR_UNALIGN_TRP = 1 << 3;
export const CCR_DIV_0_TRP = 1 << 4;
export const CCR_BFHFNMIGN = 1 << 8;
export const CCR_STKALIGN = 1 << 9;
export const SCR_SLEEPONEXIT = 1 << 1;
export const SCR_SLEEPDEEP = 1 << 2;
export const SCR_SEVONPEND = 1 << 4;
export const HFSR_VECTTBL = 1 << 1;
export const HFSR_FORCED = 1 << 30;
export const HFSR_DEBUGEVT = 1 << 31;
export const CFSR_MMARVALID = 1 << 7;
export const CFSR_BFARVALID = 1 << 15;
export const FPCCR_LSPACT = 1 << 0;
export const FPCCR_USER = 1 << 1;
export const FPCCR_THREAD = 1 << 3;
export const FPCCR_HFRDY = 1 << 4;
export const FPCCR_MMRDY = 1 << 5;
export const FPCCR_BFRDY = 1 << 6;
export const FPCCR_MONRDY = 1 << 8;
export const FPCCR_LSPEN = 1 << 30;
export const FPCCR_ASPEN = 1 << 31;
/** FPCCR reset value: ASPEN and LSPEN set (B3.2.23) */
export const FPCCR_RESET = (FPCCR_ASPEN | FPCCR_LSPEN) >>> 0;
/** CCR reset value on the Cortex-M4: STKALIGN = 1 (Cortex-M4 TRM 4.3.7 / Devices GUG 4.3.8) */
export const CCR_RESET = CCR_STKALIGN;

/** where each fault kind is recorded and which exception handles it (B3.2.15, B3.2.16) */
const FAULTS: Record<FaultKind, { exc: number; bit: number; hfsr?: boolean }> = {
  UNDEFINSTR: { exc: USAGEFAULT, bit: 1 << 16 },
  INVSTATE: { exc: USAGEFAULT, bit: 1 << 17 },
  INVPC: { exc: USAGEFAULT, bit: 1 << 18 },
  NOCP: { exc: USAGEFAULT, bit: 1 << 19 },
  UNALIGNED: { exc: USAGEFAULT, bit: 1 << 24 },
  DIVBYZERO: { exc: USAGEFAULT, bit: 1 << 25 },
  IBUSERR: { exc: BUSFAULT, bit: 1 << 8 },
  PRECISERR: { exc: BUSFAULT, bit: 1 << 9 },
  IMPRECISERR: { exc: BUSFAULT, bit: 1 << 10 },
  UNSTKERR: { exc: BUSFAULT, bit: 1 << 11 },
  STKERR: { exc: BUSFAULT, bit: 1 << 12 },
  LSPERR: { exc: BUSFAULT, bit: 1 << 13 },
  IACCVIOL: { exc: MEMMANAGE, bit: 1 << 0 },
  DACCVIOL: { exc: MEMMANAGE, bit: 1 << 1 },
  MUNSTKERR: { exc: MEMMANAGE, bit: 1 << 3 },
  MSTKERR: { exc: MEMMANAGE, bit: 1 << 4 },
  MLSPERR: { exc: MEMMANAGE, bit: 1 << 5 },
  VECTTBL: { exc: HARDFAULT, bit: HFSR_VECTTBL, hfsr: true },
  DEBUGEVT: { exc: HARDFAULT, bit: HFSR_DEBUGEVT, hfsr: true },
};

const NAMES: Record<number, string> = {
  1: 'Reset',
  2: 'NMI',
  3: 'HardFault',
  4: 'MemManage',
  5: 'BusFault',
  6: 'UsageFault',
  11: 'SVCall',
  12: 'DebugMonitor',
  14: 'PendSV',
  15: 'SysTick',
};

/** A readable name for exception number `n`: "SysTick", "IRQ 37", "Thread mode" for 0. */
export function exceptionName(n: number): string {
  if (n === 0) return 'Thread mode';
  return NAMES[n] ?? (n >= IRQ0 ? `IRQ ${n - IRQ0}` : `reserved exception ${n}`);
}

/** Exception timing, supplied by the cycle model (sim/timing/): the cycles each exception
 * event costs, added to cpu.cycles when it happens. Without one, exception entry and return
 * take no cycles beyond the instructions'. */
export interface ExceptionTiming {
  /** an entry that stacked a frame; `fpStacked`: S0-S15/FPSCR were written now (LSPEN = 0) */
  entry(fpStacked: boolean): number;
  /** a return that unstacked a frame; `fpRestored`: S0-S15/FPSCR were read back */
  exit(fpRestored: boolean): number;
  /** a handler entered by tail-chaining (no unstack/restack) */
  tailChain(): number;
  /** a lazy FP state preservation triggered by an FP instruction */
  lazySave(): number;
}


export class Exceptions {
  // ---- configuration (from the device profile, see configure()) ----
  /** number of external interrupts the NVIC implements */
  nvicIrqs = 496;
  /** implemented priority bits (the top bits of each 8-bit priority field) */
  prioBits = 8;
  /** mask of the implemented priority bits, e.g. 0xf0 for 4 bits */
  prioMask = 0xff;
  /** 16 + nvicIrqs */
  nExc = MAX_EXC;

  // ---- per-exception state, indexed by exception number ----
  /** priority: -3/-2/-1 for Reset/NMI/HardFault, else the 8-bit field (implemented bits only) */
  readonly prio = new Int16Array(MAX_EXC);
  readonly pending = new Uint8Array(MAX_EXC);
  readonly active = new Uint8Array(MAX_EXC);
  /** NVIC_ISER bits for the interrupts (index = exception number); system exceptions use enabled() */
  readonly irqEnabled = new Uint8Array(MAX_EXC);
  /** interrupt request lines held high by level-sensitive sources (index = exception number) */
  readonly irqLine = new Uint8Array(MAX_EXC);

  // ---- SCB state the model depends on ----
  VTOR = 0;
  /** AIRCR.PRIGROUP */
  PRIGROUP = 0;
  SCR = 0;
  CCR = CCR_RESET;
  /** SHCSR enable bits MEMFAULTENA (16), BUSFAULTENA (17), USGFAULTENA (18) */
  SHCSR_ENA = 0;
  CFSR = 0;
  HFSR = 0;
  DFSR = 0;
  MMFAR = 0;
  BFAR = 0;
  AFSR = 0;
  FPCCR = FPCCR_RESET;
  FPCAR = 0;
  FPDSCR = 0;
  /** DEMCR.MON_EN: enables the DebugMonitor exception (written by the CoreDebug block) */
  monitorEnabled = false;

  /** a new pending exception with SCR.SEVONPEND set: a WFE wake-up event (B1.5.18), consumed
   * by wakeupPending(). (The event register of SEV/WFE itself is kept by sim/isa/system.ts.) */
  sevOnPendEvent = false;

  // ---- counters for the cycle model and statistics ----
  /** exception entries that stacked a frame */
  entries = 0;
  /** exception returns that unstacked a frame */
  returns = 0;
  /** exceptions entered by tail-chaining from a return, without unstacking and restacking */
  tailChains = 0;
  /** entries that reserved an extended (FP) frame */
  fpFrames = 0;
  /** lazy FP state preservations done by an FP instruction (PreserveFPState) */
  lazySaves = 0;

  /** cycle costs of exception events, set by the cycle model (null: none) */
  timing: ExceptionTiming | null = null;

  /** called by reset() after the exception state is reset: the core peripherals register their
   * own reset here */
  readonly resetHooks: (() => void)[] = [];

  // ---- caches ----
  private pendingCount = 0;
  private activeCount = 0;
  /** group priority of the highest-priority active exception, 256 if none */
  private activeGroup = 256;
  /** exception number of the highest-priority enabled pending exception, 0 if none; -1 = stale */
  private best = -1;
  /** IT state to restore after an exception return, applied before the next fetch; -1 none */
  private itRestore = -1;
  /** check EPSR.T before the next fetch (after an entry or a return) */
  private checkT = false;

  constructor(readonly cpu: Cpu) {
    this.resetState();
    // Every FP instruction calls cpu.checkFP() first; the FP context rules (lazy preservation,
    // automatic FPCA, FPDSCR defaults) hang off that check (ExecuteFPCheck, B1.5.7).
    cpu.checkFP = () => this.executeFPCheck();
  }

  /** Applies the device profile: the number of interrupts and implemented priority bits. */
  configure(nvicIrqs: number, prioBits: number): void {
    if (!Number.isInteger(nvicIrqs) || nvicIrqs < 1 || nvicIrqs > 496)
      throw new Error(`profile: nvicIrqs ${nvicIrqs} is outside 1..496`);
    if (!Number.isInteger(prioBits) || prioBits < 3 || prioBits > 8)
      throw new Error(`profile: nvicPrioBits ${prioBits} is outside 3..8`);
    this.nvicIrqs = nvicIrqs;
    this.nExc = IRQ0 + nvicIrqs;
    this.prioBits = prioBits;
    this.prioMask = (0xff << (8 - prioBits)) & 0xff;
    for (let i = 4; i < MAX_EXC; i++) this.prio[i] &= this.prioMask;
    this.changed();
  }

  // ================= reset (B1.5.5) =================

  private resetState(): void {
    const cpu = this.cpu;
    this.prio.fill(0);
    this.prio[RESET] = -3;
    this.prio[NMI] = -2;
    this.prio[HARDFAULT] = -1;
    this.pending.fill(0);
    this.active.fill(0);
    this.irqEnabled.fill(0);
    this.pendingCount = 0;
    this.activeCount = 0;
    this.activeGroup = 256;
    this.best = 0;
    this.VTOR = 0;
    this.PRIGROUP = 0;
    this.SCR = 0;
    this.CCR = CCR_RESET;
    this.SHCSR_ENA = 0;
    this.CFSR = 0;
    this.HFSR = 0;
    this.DFSR = 0;
    this.MMFAR = 0;
    this.BFAR = 0;
    this.AFSR = 0;
    this.FPCCR = FPCCR_RESET;
    this.FPCAR = 0;
    this.FPDSCR = 0;
    this.monitorEnabled = false;
    this.sevOnPendEvent = false;
    this.itRestore = -1;
    this.checkT = false;
    cpu.unalignTrp = false;
    cpu.div0Trp = false;
  }

  /** Reset behaviour (B1.5.5 TakeReset): all exceptions inactive, SCS registers at their reset
   * values, Thread mode on the main stack, privileged, masks clear, FP context inactive and
   * the FPU disabled (CPACR = 0); SP_main and the PC from the vector table at VTOR = 0. */
  reset(): void {
    const cpu = this.cpu;
    this.resetState();
    cpu.fpEnabled = false;
    cpu.setModeAndSpsel(0, 0);
    cpu.CONTROL = 0;
    cpu.PRIMASK = 0;
    cpu.FAULTMASK = 0;
    cpu.BASEPRI = 0;
    cpu.itState = 0;
    cpu.exclusiveAddr = -1;
    cpu.sleeping = false;
    cpu.stop = null;
    for (const h of this.resetHooks) h();
    let sp: number, pc: number;
    try {
      sp = cpu.bus.read32(this.VTOR);
      pc = cpu.bus.read32(this.VTOR + 4);
    } catch (e) {
      if (!(e instanceof BusError)) throw e;
      cpu.stop = { kind: 'lockup', why: `reset: the vector table at ${hex8(this.VTOR)} cannot be read (${e.message})` };
      return;
    }
    cpu.R[13] = sp & ~3;
    cpu.otherSP = 0;
    cpu.R[14] = 0xffffffff;
    cpu.pc = (pc & ~1) >>> 0;
    cpu.nextPC = cpu.pc;
    cpu.T = pc & 1;
    this.checkT = true;
    cpu.attention();
  }

  // ================= priorities (B1.5.4) =================

  /** The group priority of a priority value under the current AIRCR.PRIGROUP. */
  groupPriority(p: number): number {
    if (p < 0) return p;
    const groupValue = 2 << this.PRIGROUP;
    return p - (p % groupValue);
  }

  /** Whether exception `n` is enabled (may be taken when pending). */
  enabled(n: number): boolean {
    if (n >= IRQ0) return this.irqEnabled[n] !== 0;
    switch (n) {
      case MEMMANAGE:
        return (this.SHCSR_ENA & (1 << 16)) !== 0;
      case BUSFAULT:
        return (this.SHCSR_ENA & (1 << 17)) !== 0;
      case USAGEFAULT:
        return (this.SHCSR_ENA & (1 << 18)) !== 0;
      case DEBUGMONITOR:
        return this.monitorEnabled;
      case NMI:
      case HARDFAULT:
      case SVCALL:
      case PENDSV:
      case SYSTICK:
        return true;
      default:
        return false;
    }
  }

  /** ExecutionPriority() (B1.5.4): the priority of the running code, from the active
   * exceptions and the masks; 256 when nothing boosts it. */
  executionPriority(ignorePrimask = false): number {
    const cpu = this.cpu;
    let boosted = 256;
    const basepri = cpu.BASEPRI & this.prioMask;
    if (basepri !== 0) boosted = this.groupPriority(basepri);
    if (!ignorePrimask && (cpu.PRIMASK & 1) !== 0) boosted = 0;
    if ((cpu.FAULTMASK & 1) !== 0) boosted = -1;
    return boosted < this.activeGroup ? boosted : this.activeGroup;
  }

  /** The highest-priority enabled pending exception (lowest priority value, then lowest
   * number), or 0 if none. */
  bestPending(): number {
    if (this.best >= 0) return this.best;
    let best = 0;
    let bestPrio = 1000;
    if (this.pendingCount > 0) {
      const n = this.nExc;
      for (let i = NMI; i < n; i++) {
        if (this.pending[i] !== 0 && this.prio[i] < bestPrio && this.enabled(i)) {
          best = i;
          bestPrio = this.prio[i];
        }
      }
    }
    this.best = best;
    return best;
  }

  /** Call after any change to priorities, PRIGROUP, enables or active bits made from outside. */
  changed(): void {
    this.best = -1;
    let g = 256;
    let count = 0;
    const n = this.nExc;
    for (let i = RESET; i < n; i++) {
      if (this.active[i] !== 0) {
        count++;
        const p = this.groupPriority(this.prio[i]);
        if (p < g) g = p;
      }
    }
    this.activeGroup = g;
    this.activeCount = count;
    this.cpu.attention();
  }

  /** Number of active exceptions (NestedActivation in B1.5.8). */
  get nestedActivation(): number {
    return this.activeCount;
  }

  // ================= pending state =================

  /** Makes exception `n` pending. For SVCall (11) this is the SVC instruction: the call is
   * synchronous, and when SVCall cannot preempt the current execution priority it escalates
   * to HardFault (B1.5.14), or locks up if that cannot run either. Peripherals pend their
   * interrupts with setPending(IRQ0 + k) (or hold a level with setIrqLine). */
  setPending(n: number): void {
    if (n === SVCALL) {
      this.svc();
      return;
    }
    this.pend(n);
  }

  /** The SVC instruction (A7.7.175): SVCall becomes pending and is taken before the next
   * instruction, or escalates to HardFault. */
  svc(): void {
    const ep = this.executionPriority();
    if (this.groupPriority(this.prio[SVCALL]) < ep) {
      this.pend(SVCALL);
      return;
    }
    if (ep <= -1) {
      this.lockup(`SVC executed at execution priority ${ep} (${exceptionName(this.cpu.IPSR)}${this.cpu.FAULTMASK ? ', FAULTMASK set' : ''})`, this.cpu.pc);
      return;
    }
    this.HFSR |= HFSR_FORCED;
    this.pend(HARDFAULT);
  }

  /** Sets the pending bit of exception `n` (no escalation). */
  pend(n: number): void {
    if (n < NMI || n >= this.nExc) return;
    if (this.pending[n] === 0) {
      this.pending[n] = 1;
      this.pendingCount++;
      this.best = -1;
      if ((this.SCR & SCR_SEVONPEND) !== 0) this.sevOnPendEvent = true;
    }
    this.cpu.attention();
  }

  /** Clears the pending bit of exception `n` (a level-sensitive interrupt whose line is still
   * high stays pending). */
  unpend(n: number): void {
    if (this.pending[n] === 0) return;
    if (n >= IRQ0 && this.irqLine[n] !== 0 && this.active[n] === 0) return;
    this.pending[n] = 0;
    this.pendingCount--;
    this.best = -1;
  }

  /** A level-sensitive interrupt request line (interrupt number `irq`, not exception number):
   * while high, the interrupt is pending unless active, and becomes pending again when its
   * handler returns with the line still high (B3.4.1). */
  setIrqLine(irq: number, high: boolean): void {
    const n = IRQ0 + irq;
    if (n >= this.nExc) return;
    this.irqLine[n] = high ? 1 : 0;
    if (high && this.active[n] === 0) this.pend(n);
  }

  /** True if the highest-priority pending exception can preempt the running code. */
  canPreempt(): boolean {
    const n = this.bestPending();
    return n !== 0 && this.groupPriority(this.prio[n]) < this.executionPriority();
  }

  /** Takes the highest-priority pending exception if it can preempt; true if one was taken.
   * Called by the run loop between instructions (cpu.pc is the next instruction to execute). */
  takePending(): boolean {
    const cpu = this.cpu;
    if (this.itRestore >= 0) {
      cpu.itState = this.itRestore;
      this.itRestore = -1;
    }
    if (this.checkT) {
      this.checkT = false;
      if (cpu.T === 0) {
        this.fault(new GuestFault('INVSTATE', undefined, `EPSR.T is 0 at ${hex8(cpu.pc)}`));
        return true;
      }
    }
    if (this.pendingCount === 0) return false;
    const n = this.bestPending();
    if (n === 0) return false;
    if (this.groupPriority(this.prio[n]) < this.executionPriority()) {
      this.entry(n, cpu.pc);
      return true;
    }
    // pending but masked: whatever lowers the execution priority later calls cpu.attention()
    // (CPSIE and MSR in sim/isa/system.ts, exception return, priority register writes)
    return false;
  }

  /** True if a pending exception would wake the core from WFI/WFE: one that could preempt if
   * PRIMASK were clear (B1.5.19), or a new pending exception with SCR.SEVONPEND. */
  wakeupPending(): boolean {
    if (this.sevOnPendEvent) {
      this.sevOnPendEvent = false;
      return true;
    }
    const n = this.bestPending();
    return n !== 0 && this.groupPriority(this.prio[n]) < this.executionPriority(true);
  }

  // ================= exception entry (B1.5.6) =================

  /** ExceptionEntry: PushStack then ExceptionTaken. */
  private entry(n: number, returnAddress: number): void {
    const cpu = this.cpu;
    const ep = this.executionPriority();
    const fpNow = (cpu.CONTROL & 4) !== 0 && (this.FPCCR & FPCCR_LSPEN) === 0;
    const stkErr = this.pushStack(returnAddress);
    this.entries++;
    if (this.timing !== null) cpu.cycles += this.timing.entry(fpNow);
    if (stkErr !== null) {
      // a derived BusFault on stacking (B1.5.13): the higher-priority of the original exception
      // and the derived fault is entered, the other stays pending
      this.CFSR |= FAULTS.STKERR.bit;
      let d = BUSFAULT;
      if (!this.enabled(BUSFAULT) || this.groupPriority(this.prio[BUSFAULT]) >= ep) {
        if (ep <= -1 && n !== NMI) {
          this.lockup(`STKERR: ${stkErr.message} while stacking for ${exceptionName(n)}`, cpu.pc);
          return;
        }
        d = HARDFAULT;
        this.HFSR |= HFSR_FORCED;
      }
      this.pend(d);
      if (this.prio[d] < this.prio[n] || (this.prio[d] === this.prio[n] && d < n)) {
        this.pend(n);
        n = d;
      }
    }
    this.exceptionTaken(n);
  }

  /** PushStack (B1.5.6): returns null, or the BusError that stopped the stacking. */
  private pushStack(returnAddress: number): BusError | null {
    const cpu = this.cpu;
    const R = cpu.R;
    const fpca = (cpu.CONTROL & 4) !== 0;
    const framesize = fpca ? 0x68 : 0x20;
    const forcealign = fpca || (this.CCR & CCR_STKALIGN) !== 0;
    const sp = R[13];
    const align = forcealign ? (sp >>> 2) & 1 : 0;
    const frameptr = ((sp - framesize) & (forcealign ? ~7 : ~3)) >>> 0;
    const xpsr = ((cpu.xPSR & ~(1 << 9)) | (align << 9)) >>> 0;
    const thread = cpu.IPSR === 0;
    const spsel = (cpu.CONTROL >>> 1) & 1;
    // the SP moves even when a stacking write fails
    R[13] = frameptr;
    // EXC_RETURN (B1.5.8 table B1-8/B1-9)
    const excReturn = (0xffffffe0 | (fpca ? 0 : 0x10) | (thread ? 0x9 | (spsel << 2) : 0x1)) >>> 0;
    let err: BusError | null = null;
    const bus = cpu.bus;
    try {
      bus.write32(frameptr, R[0]);
      bus.write32(frameptr + 4, R[1]);
      bus.write32(frameptr + 8, R[2]);
      bus.write32(frameptr + 12, R[3]);
      bus.write32(frameptr + 16, R[12]);
      bus.write32(frameptr + 20, R[14]);
      bus.write32(frameptr + 24, returnAddress);
      bus.write32(frameptr + 28, xpsr);
      if (fpca) {
        this.fpFrames++;
        if ((this.FPCCR & FPCCR_LSPEN) === 0) {
          for (let i = 0; i < 16; i++) bus.write32(frameptr + 0x20 + 4 * i, cpu.SU[i]);
          bus.write32(frameptr + 0x60, cpu.FPSCR);
        } else this.updateFPCCR(frameptr);
      }
    } catch (e) {
      if (!(e instanceof BusError)) throw e;
      err = e;
    }
    R[14] = excReturn;
    return err;
  }

  /** UpdateFPCCR (B1.5.7): records where a lazily preserved FP context goes. */
  private updateFPCCR(frameptr: number): void {
    const cpu = this.cpu;
    const ep = this.executionPriority();
    let f = this.FPCCR & ~(FPCCR_LSPACT | FPCCR_USER | FPCCR_THREAD | FPCCR_HFRDY | FPCCR_MMRDY | FPCCR_BFRDY | FPCCR_MONRDY);
    f |= FPCCR_LSPACT;
    if (!cpu.privileged) f |= FPCCR_USER;
    if (cpu.IPSR === 0) f |= FPCCR_THREAD;
    if (ep > -1) f |= FPCCR_HFRDY;
    if (this.enabled(BUSFAULT) && ep > this.prio[BUSFAULT]) f |= FPCCR_BFRDY;
    if (this.enabled(MEMMANAGE) && ep > this.prio[MEMMANAGE]) f |= FPCCR_MMRDY;
    if (this.monitorEnabled && ep > this.prio[DEBUGMONITOR]) f |= FPCCR_MONRDY;
    this.FPCCR = f >>> 0;
    this.FPCAR = (frameptr + 0x20) & ~7;
  }

  /** ExceptionTaken (B1.5.6): Handler mode on the main stack, vector fetch, IPSR, EPSR. */
  private exceptionTaken(n: number): void {
    const cpu = this.cpu;
    let vector: number;
    try {
      vector = cpu.bus.read32((this.VTOR + 4 * n) >>> 0);
    } catch (e) {
      if (!(e instanceof BusError)) throw e;
      // vector table read error: HardFault with HFSR.VECTTBL (B3.2.16)
      if (n === HARDFAULT || n === NMI || this.executionPriority() <= -1) {
        this.lockup(`VECTTBL: the ${exceptionName(n)} vector at ${hex8(this.VTOR + 4 * n)} cannot be read (${e.message})`, cpu.pc);
        return;
      }
      this.HFSR |= HFSR_VECTTBL;
      this.pend(n); // the original exception stays pending
      n = HARDFAULT;
      vector = this.readVectorOrLockup(n);
      if (cpu.stop !== null) return;
    }
    cpu.pc = (vector & ~1) >>> 0;
    cpu.nextPC = cpu.pc;
    cpu.T = vector & 1;
    cpu.itState = 0;
    this.itRestore = -1;
    cpu.setModeAndSpsel(n, 0);
    cpu.CONTROL &= ~4; // FPCA: no FP context in the handler yet
    if (this.pending[n] !== 0) {
      this.pending[n] = 0;
      this.pendingCount--;
    }
    this.active[n] = 1;
    cpu.exclusiveAddr = -1;
    this.changed();
    // EPSR.T = 0 from the vector: INVSTATE UsageFault on the handler's first instruction
    this.checkT = true;
  }

  private readVectorOrLockup(n: number): number {
    try {
      return this.cpu.bus.read32((this.VTOR + 4 * n) >>> 0);
    } catch (e) {
      if (!(e instanceof BusError)) throw e;
      this.lockup(`VECTTBL: the ${exceptionName(n)} vector at ${hex8(this.VTOR + 4 * n)} cannot be read (${e.message})`, this.cpu.pc);
      return 0;
    }
  }

  // ================= exception return (B1.5.8) =================

  /** Exception return through an EXC_RETURN value written to the PC in Handler mode
   * (cpu.bxWritePC). Runs during the returning instruction's exec: sets cpu.nextPC. */
  exceptionReturn(excReturn: number): void {
    const cpu = this.cpu;
    excReturn >>>= 0;
    const n = cpu.IPSR;
    const nested = this.activeCount;
    const low = excReturn & 0xf;
    // FP extension: EXC_RETURN<27:5> must be ones (UNPREDICTABLE otherwise: treated as illegal)
    const wellFormed = (excReturn & 0x0fffffe0) === 0x0fffffe0;
    let why = '';
    if (this.active[n] === 0) why = `returning from ${exceptionName(n)}, which is not active`;
    else if (!wellFormed || (low !== 0x1 && low !== 0x9 && low !== 0xd)) why = `illegal EXC_RETURN ${hex8(excReturn)}`;
    else if (low !== 0x1 && nested !== 1 && (this.CCR & CCR_NONBASETHRDENA) === 0)
      why = `return to Thread mode with ${nested} exceptions active`;
    this.deactivate(n);
    if (why !== '') {
      this.returnFault('INVPC', why, excReturn);
      return;
    }
    // tail-chaining (B1.5.12): a pending exception that can preempt the context being returned
    // to is entered without unstacking and restacking the frame
    const best = this.bestPending();
    if (best !== 0 && this.groupPriority(this.prio[best]) < this.executionPriority()) {
      this.tailChains++;
      if (this.timing !== null) cpu.cycles += this.timing.tailChain();
      this.exceptionTaken(best);
      cpu.R[14] = excReturn;
      return;
    }
    this.popStack(excReturn, nested);
  }

  /** DeActivate (B1.5.8): clears the active bit; FAULTMASK is cleared except on return from NMI. */
  private deactivate(n: number): void {
    const cpu = this.cpu;
    if (this.active[n] !== 0) this.active[n] = 0;
    if (n !== NMI) cpu.FAULTMASK = 0;
    // a level-sensitive interrupt still asserted becomes pending again
    if (n >= IRQ0 && this.irqLine[n] !== 0) this.pend(n);
    this.changed();
  }

  /** A fault detected by the return itself (INVPC, UNSTKERR): the fault handler is entered
   * directly, over the frame still on the stack, with LR = the EXC_RETURN (B1.5.8). */
  private returnFault(kind: FaultKind, why: string, excReturn: number): void {
    const cpu = this.cpu;
    const info = FAULTS[kind];
    this.CFSR |= info.bit;
    let target = info.exc;
    const ep = this.executionPriority();
    if (!this.enabled(target) || this.groupPriority(this.prio[target]) >= ep) {
      if (ep <= -1) {
        this.lockup(`${kind}: ${why}`, cpu.pc);
        return;
      }
      target = HARDFAULT;
      this.HFSR |= HFSR_FORCED;
    }
    this.tailChains++;
    if (this.timing !== null) cpu.cycles += this.timing.tailChain();
    this.exceptionTaken(target);
    cpu.R[14] = excReturn;
  }

  /** PopStack (B1.5.8) and the checks that follow it. */
  private popStack(excReturn: number, nested: number): void {
    const cpu = this.cpu;
    const bus = cpu.bus;
    const extended = (excReturn & 0x10) === 0;
    const toHandler = (excReturn & 0xf) === 0x1;
    const usePsp = (excReturn & 0x4) !== 0;
    const framesize = extended ? 0x68 : 0x20;
    const forcealign = extended || (this.CCR & CCR_STKALIGN) !== 0;
    const frameptr = usePsp ? cpu.PSP : cpu.MSP;
    let r0: number, r1: number, r2: number, r3: number, r12: number, lr: number, pc: number, psr: number;
    try {
      r0 = bus.read32(frameptr);
      r1 = bus.read32(frameptr + 4);
      r2 = bus.read32(frameptr + 8);
      r3 = bus.read32(frameptr + 12);
      r12 = bus.read32(frameptr + 16);
      lr = bus.read32(frameptr + 20);
      pc = bus.read32(frameptr + 24);
      psr = bus.read32(frameptr + 28);
    } catch (e) {
      if (!(e instanceof BusError)) throw e;
      this.BFAR = e.addr;
      this.returnFault('UNSTKERR', `unstacking from ${hex8(frameptr)}: ${e.message}`, excReturn);
      return;
    }
    const ipsr = psr & 0x1ff;
    if ((toHandler && ipsr === 0) || (!toHandler && ipsr !== 0)) {
      // the frame's IPSR disagrees with the EXC_RETURN: INVPC, the frame stays where it is
      this.returnFault('INVPC', `EXC_RETURN ${hex8(excReturn)} but the stacked IPSR is ${ipsr}`, excReturn);
      return;
    }
    let fpRestored = false;
    if (extended) {
      if ((this.FPCCR & FPCCR_LSPACT) !== 0) {
        this.FPCCR &= ~FPCCR_LSPACT; // the FP registers still hold the context
      } else {
        try {
          for (let i = 0; i < 16; i++) cpu.SU[i] = bus.read32(frameptr + 0x20 + 4 * i);
          cpu.FPSCR = bus.read32(frameptr + 0x60);
          fpRestored = true;
        } catch (e) {
          if (!(e instanceof BusError)) throw e;
          this.BFAR = e.addr;
          this.returnFault('UNSTKERR', `unstacking the FP context from ${hex8(frameptr)}: ${e.message}`, excReturn);
          return;
        }
      }
    }
    const R = cpu.R;
    R[0] = r0;
    R[1] = r1;
    R[2] = r2;
    R[3] = r3;
    R[12] = r12;
    R[14] = lr;
    const newSP = (frameptr + framesize) | ((psr >>> 9) & 1 && forcealign ? 4 : 0);
    if (usePsp) cpu.PSP = newSP;
    else cpu.MSP = newSP;
    cpu.setModeAndSpsel(ipsr, toHandler ? 0 : usePsp ? 1 : 0);
    cpu.CONTROL = extended ? cpu.CONTROL | 4 : cpu.CONTROL & ~4;
    cpu.APSR = psr & 0xf80f0000;
    cpu.T = (psr >>> 24) & 1;
    const it = ((psr >>> 25) & 3) | (((psr >>> 10) & 0x3f) << 2);
    // the run loop may still apply ITAdvance for the returning instruction: restore IT before
    // the next fetch
    cpu.itState = it;
    this.itRestore = it;
    this.checkT = true;
    cpu.nextPC = (pc & ~1) >>> 0;
    cpu.exclusiveAddr = -1;
    this.returns++;
    if (this.timing !== null) cpu.cycles += this.timing.exit(fpRestored);
    if (!toHandler && nested === 1 && (this.SCR & SCR_SLEEPONEXIT) !== 0) cpu.sleeping = true;
    cpu.attention();
  }

  // ================= faults (B1.5.14 - B1.5.16) =================

  /** A fault raised by the current instruction (cpu.pc is the faulting instruction), by an
   * instruction fetch, or by the exception model itself. Records the fault status, escalates
   * to HardFault when the fault's handler is disabled or cannot preempt, locks up when even
   * HardFault cannot, and takes the exception. */
  fault(f: GuestFault): void {
    const cpu = this.cpu;
    if (cpu.stop !== null) return;
    const info = FAULTS[f.kind];
    if (info.hfsr) this.HFSR |= info.bit;
    else this.CFSR |= info.bit;
    if (f.kind === 'DEBUGEVT') this.DFSR |= 1 << 1; // BKPT
    if (f.addr !== undefined) {
      if (f.kind === 'PRECISERR') {
        this.BFAR = f.addr >>> 0;
        this.CFSR |= CFSR_BFARVALID;
      } else if (f.kind === 'DACCVIOL') {
        this.MMFAR = f.addr >>> 0;
        this.CFSR |= CFSR_MMARVALID;
      }
    }
    let target = info.exc;
    const ep = this.executionPriority();
    if (target !== HARDFAULT && (!this.enabled(target) || this.groupPriority(this.prio[target]) >= ep)) {
      target = HARDFAULT;
      this.HFSR |= HFSR_FORCED;
    }
    if (target === HARDFAULT && ep <= -1) {
      const addr = f.addr !== undefined ? `, address ${hex8(f.addr)}` : '';
      this.lockup(`${f.message}${addr}`, cpu.pc);
      return;
    }
    this.pend(target);
    // synchronous: taken now, before any other instruction (the highest-priority pending one
    // is entered, which is the fault unless something of higher priority is also pending)
    const n = this.bestPending();
    this.entry(n, cpu.pc);
  }

  /** Lock-up (B1.5.15): a fault at execution priority -1 or -2 (HardFault, NMI, FAULTMASK). */
  private lockup(what: string, pc: number): void {
    const cpu = this.cpu;
    const ep = this.executionPriority();
    const ctx = cpu.IPSR !== 0 ? `in the ${exceptionName(cpu.IPSR)} handler` : 'in Thread mode';
    const mask = cpu.FAULTMASK & 1 ? ' with FAULTMASK set' : '';
    cpu.stop = { kind: 'lockup', why: `lockup: ${what} at pc ${hex8(pc)} ${ctx}${mask} (execution priority ${ep})` };
    cpu.attention();
  }

  // ================= FP context (B1.5.7) =================

  /** ExecuteFPCheck: CPACR access check, lazy preservation of a stacked FP context, and the
   * automatic creation of a new FP context (CONTROL.FPCA, FPSCR defaults from FPDSCR). Every
   * FP instruction calls this through cpu.checkFP() before executing. */
  executeFPCheck(): void {
    const cpu = this.cpu;
    if (!cpu.fpEnabled) throw new GuestFault('NOCP', undefined, 'CPACR does not enable CP10/CP11');
    if ((this.FPCCR & FPCCR_LSPACT) !== 0) this.preserveFPState();
    if ((cpu.CONTROL & 4) === 0 && (this.FPCCR & FPCCR_ASPEN) !== 0) {
      cpu.FPSCR = ((cpu.FPSCR & ~0x07c00000) | (this.FPDSCR & 0x07c00000)) >>> 0;
      cpu.CONTROL |= 4;
    }
  }

  /** PreserveFPState: writes S0-S15 and FPSCR into the space reserved at FPCAR. */
  private preserveFPState(): void {
    const cpu = this.cpu;
    const bus = cpu.bus;
    const a = this.FPCAR;
    try {
      for (let i = 0; i < 16; i++) bus.write32(a + 4 * i, cpu.SU[i]);
      bus.write32(a + 0x40, cpu.FPSCR);
    } catch (e) {
      if (!(e instanceof BusError)) throw e;
      throw new GuestFault('LSPERR', undefined, `lazy FP state preservation at ${hex8(a)}: ${e.message}`);
    }
    this.FPCCR &= ~FPCCR_LSPACT;
    this.lazySaves++;
    if (this.timing !== null) cpu.cycles += this.timing.lazySave();
  }
}
