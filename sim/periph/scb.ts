// System Control Block (ARMv7-M ARM B3.2.2-B3.2.20, Cortex-M4 Devices Generic User Guide 4.3)
// and the two auxiliary SCS registers ICTR and ACTLR. Offsets are from the SCS base
// 0xE000E000. The architectural state lives in the exception model (sim/core/exceptions.ts);
// this block is its memory-mapped view.
import type { Cpu } from '../core/cpu.ts';
import {
  type Exceptions,
  CCR_NONBASETHRDENA,
  CCR_USERSETMPEND,
  CCR_UNALIGN_TRP,
  CCR_DIV_0_TRP,
  CCR_BFHFNMIGN,
  CCR_STKALIGN,
  SCR_SLEEPONEXIT,
  SCR_SLEEPDEEP,
  SCR_SEVONPEND,
  NMI,
  MEMMANAGE,
  BUSFAULT,
  USAGEFAULT,
  SVCALL,
  DEBUGMONITOR,
  PENDSV,
  SYSTICK,
  IRQ0,
} from '../core/exceptions.ts';
import { merge, type RegBlock } from './regs.ts';

export const ICTR = 0x004;
export const ACTLR = 0x008;
export const CPUID = 0xd00;
export const ICSR = 0xd04;
export const VTOR = 0xd08;
export const AIRCR = 0xd0c;
export const SCR = 0xd10;
export const CCR = 0xd14;
export const SHPR1 = 0xd18;
export const SHPR2 = 0xd1c;
export const SHPR3 = 0xd20;
export const SHCSR = 0xd24;
export const CFSR = 0xd28;
export const HFSR = 0xd2c;
export const DFSR = 0xd30;
export const MMFAR = 0xd34;
export const BFAR = 0xd38;
export const AFSR = 0xd3c;
export const CPACR = 0xd88;

/** Cortex-M4 r0p1 (Cortex-M4 TRM 4.3.1: implementer 0x41, variant 0, part 0xC24, rev 1) */
export const CPUID_VALUE = 0x410fc241;

const CCR_WRITABLE = CCR_NONBASETHRDENA | CCR_USERSETMPEND | CCR_UNALIGN_TRP | CCR_DIV_0_TRP | CCR_BFHFNMIGN | CCR_STKALIGN;
const SCR_WRITABLE = SCR_SLEEPONEXIT | SCR_SLEEPDEEP | SCR_SEVONPEND;
/** VTOR.TBLOFF is bits [29:7] on the Cortex-M4 (Devices GUG 4.3.4) */
const VTOR_MASK = 0x3fffff80;
/** ACTLR: DISMCYCINT, DISDEFWBUF, DISFOLD, DISFPCA, DISOOFP (stored, no effect on the model) */
const ACTLR_WRITABLE = 0x307;

/** SHCSR bit -> exception number for the active bits, and for the pending bits */
const SHCSR_ACT: [number, number][] = [
  [0, MEMMANAGE],
  [1, BUSFAULT],
  [3, USAGEFAULT],
  [7, SVCALL],
  [8, DEBUGMONITOR],
  [10, PENDSV],
  [11, SYSTICK],
];
const SHCSR_PEND: [number, number][] = [
  [12, USAGEFAULT],
  [13, MEMMANAGE],
  [14, BUSFAULT],
  [15, SVCALL],
];
const SHCSR_ENA_MASK = 0x70000;
/** system exceptions with a priority field in SHPR1-3 */
const SHPR_EXC = new Set([MEMMANAGE, BUSFAULT, USAGEFAULT, SVCALL, DEBUGMONITOR, PENDSV, SYSTICK]);

export class Scb implements RegBlock {
  CPACR = 0;
  ACTLR = 0;
  /** AIRCR.SYSRESETREQ: by default the run stops with a 'halt' (m4sim does not restart the
   * firmware); the system may replace this with a real reset. */
  onSysResetReq: () => void = () => {
    this.cpu.stop = { kind: 'halt', why: 'SYSRESETREQ: the firmware requested a system reset (AIRCR)' };
    this.cpu.attention();
  };

  constructor(
    readonly cpu: Cpu,
    readonly exc: Exceptions,
  ) {}

  reset(): void {
    this.CPACR = 0;
    this.ACTLR = 0;
    this.cpu.fpEnabled = false;
  }

  read32(off: number): number {
    const exc = this.exc;
    switch (off) {
      case ICTR:
        return Math.ceil(exc.nvicIrqs / 32) - 1;
      case ACTLR:
        return this.ACTLR;
      case CPUID:
        return CPUID_VALUE;
      case ICSR:
        return this.icsr();
      case VTOR:
        return exc.VTOR;
      case AIRCR:
        return (0xfa050000 | (exc.PRIGROUP << 8)) >>> 0;
      case SCR:
        return exc.SCR;
      case CCR:
        return exc.CCR;
      case SHPR1:
      case SHPR2:
      case SHPR3: {
        let v = 0;
        for (let i = 0; i < 4; i++) v |= this.shpr(4 + (off - SHPR1) + i) << (8 * i);
        return v >>> 0;
      }
      case SHCSR: {
        let v = exc.SHCSR_ENA;
        for (const [b, n] of SHCSR_ACT) if (exc.active[n]) v |= 1 << b;
        for (const [b, n] of SHCSR_PEND) if (exc.pending[n]) v |= 1 << b;
        return v >>> 0;
      }
      case CFSR:
        return exc.CFSR >>> 0;
      case HFSR:
        return exc.HFSR >>> 0;
      case DFSR:
        return exc.DFSR >>> 0;
      case MMFAR:
        return exc.MMFAR >>> 0;
      case BFAR:
        return exc.BFAR >>> 0;
      case AFSR:
        return exc.AFSR >>> 0;
      case CPACR:
        return this.CPACR;
    }
    return -1;
  }

  /** true if `off` is a register of this block */
  has(off: number): boolean {
    return off === ICTR || off === ACTLR || (off >= CPUID && off <= AFSR) || off === CPACR;
  }

  write32(off: number, value: number, mask: number): void {
    const exc = this.exc;
    const cpu = this.cpu;
    switch (off) {
      case ACTLR:
        this.ACTLR = merge(this.ACTLR, value, mask) & ACTLR_WRITABLE;
        return;
      case ICSR: {
        const v = value & mask;
        if (v & (1 << 31)) exc.pend(NMI);
        if (v & (1 << 28)) exc.pend(PENDSV);
        else if (v & (1 << 27)) exc.unpend(PENDSV);
        if (v & (1 << 26)) exc.pend(SYSTICK);
        else if (v & (1 << 25)) exc.unpend(SYSTICK);
        return;
      }
      case VTOR:
        exc.VTOR = merge(exc.VTOR, value, mask) & VTOR_MASK;
        return;
      case AIRCR: {
        // only a word write with VECTKEY 0x05FA has an effect (B3.2.6)
        if (mask !== 0xffffffff || value >>> 16 !== 0x05fa) return;
        exc.PRIGROUP = (value >>> 8) & 7;
        exc.changed();
        // VECTRESET (bit 0) and VECTCLRACTIVE (bit 1) are for a debugger with the core halted
        // (UNPREDICTABLE otherwise): ignored
        if (value & (1 << 2)) this.onSysResetReq();
        return;
      }
      case SCR:
        exc.SCR = merge(exc.SCR, value, mask) & SCR_WRITABLE;
        return;
      case CCR:
        exc.CCR = merge(exc.CCR, value, mask) & CCR_WRITABLE;
        cpu.unalignTrp = (exc.CCR & CCR_UNALIGN_TRP) !== 0;
        cpu.div0Trp = (exc.CCR & CCR_DIV_0_TRP) !== 0;
        return;
      case SHPR1:
      case SHPR2:
      case SHPR3:
        for (let i = 0; i < 4; i++) if ((mask >>> (8 * i)) & 0xff) this.setShpr(4 + (off - SHPR1) + i, (value >>> (8 * i)) & 0xff);
        exc.changed();
        return;
      case SHCSR: {
        const v = merge(this.read32(SHCSR), value, mask);
        exc.SHCSR_ENA = v & SHCSR_ENA_MASK;
        for (const [b, n] of SHCSR_ACT) exc.active[n] = (v >>> b) & 1;
        for (const [b, n] of SHCSR_PEND) {
          if ((v >>> b) & 1) exc.pend(n);
          else exc.unpend(n);
        }
        exc.changed();
        return;
      }
      case CFSR:
        exc.CFSR = (exc.CFSR & ~(value & mask)) >>> 0;
        return;
      case HFSR:
        exc.HFSR = (exc.HFSR & ~(value & mask)) >>> 0;
        return;
      case DFSR:
        exc.DFSR = (exc.DFSR & ~(value & mask)) >>> 0;
        return;
      case MMFAR:
        exc.MMFAR = merge(exc.MMFAR, value, mask);
        return;
      case BFAR:
        exc.BFAR = merge(exc.BFAR, value, mask);
        return;
      case AFSR:
        exc.AFSR = (exc.AFSR & ~(value & mask)) >>> 0;
        return;
      case CPACR: {
        this.CPACR = merge(this.CPACR, value, mask) & 0x00f00000;
        // CP10 and CP11: 01 (privileged) or 11 (full) grant access; privileged-only access is
        // treated as full access (not modelled)
        const cp10 = (this.CPACR >>> 20) & 3;
        const cp11 = (this.CPACR >>> 22) & 3;
        cpu.fpEnabled = (cp10 === 1 || cp10 === 3) && (cp11 === 1 || cp11 === 3);
        return;
      }
      // ICTR, CPUID: read-only
    }
  }

  /** priority byte of system exception n (4..15) as SHPR shows it; reserved ones read 0 */
  private shpr(n: number): number {
    return SHPR_EXC.has(n) ? this.exc.prio[n] & 0xff : 0;
  }

  private setShpr(n: number, v: number): void {
    if (SHPR_EXC.has(n)) this.exc.prio[n] = v & this.exc.prioMask;
  }

  private icsr(): number {
    const exc = this.exc;
    const cpu = this.cpu;
    let v = cpu.IPSR & 0x1ff; // VECTACTIVE
    // RETTOBASE: in Handler mode, no active exception other than the current one
    if (cpu.IPSR !== 0 && exc.nestedActivation === 1) v |= 1 << 11;
    v |= (exc.bestPending() & 0x1ff) << 12; // VECTPENDING
    for (let n = IRQ0; n < exc.nExc; n++)
      if (exc.pending[n]) {
        v |= 1 << 22; // ISRPENDING
        break;
      }
    if (exc.pending[SYSTICK]) v |= 1 << 26;
    if (exc.pending[PENDSV]) v |= 1 << 28;
    if (exc.pending[NMI]) v |= 1 << 31;
    return v >>> 0;
  }
}
