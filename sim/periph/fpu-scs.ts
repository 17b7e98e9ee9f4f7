// The FP extension's system registers (ARMv7-M ARM B3.2.23-B3.2.25, Cortex-M4 TRM 7.2):
// FPCCR, FPCAR, FPDSCR, MVFR0, MVFR1 at 0xE000EF34-0xE000EF47 (offsets from the SCS base).
// The state lives in the exception model, which uses it for FP context stacking. CPACR is in
// the SCB block.
import type { Exceptions } from '../core/exceptions.ts';
import { merge, type RegBlock } from './regs.ts';

export const FPCCR = 0xf34;
export const FPCAR = 0xf38;
export const FPDSCR = 0xf3c;
export const MVFR0 = 0xf40;
export const MVFR1 = 0xf44;

/** Cortex-M4F media and VFP feature registers (Cortex-M4 TRM table 7-1) */
export const MVFR0_VALUE = 0x10110021;
export const MVFR1_VALUE = 0x11000011;

/** ASPEN, LSPEN, MONRDY, BFRDY, MMRDY, HFRDY, THREAD, USER, LSPACT */
const FPCCR_WRITABLE = 0xc000017b;

export class FpuScs implements RegBlock {
  constructor(readonly exc: Exceptions) {}

  has(off: number): boolean {
    return off >= FPCCR && off <= MVFR1;
  }

  read32(off: number): number {
    switch (off) {
      case FPCCR:
        return this.exc.FPCCR >>> 0;
      case FPCAR:
        return this.exc.FPCAR >>> 0;
      case FPDSCR:
        return this.exc.FPDSCR >>> 0;
      case MVFR0:
        return MVFR0_VALUE;
      case MVFR1:
        return MVFR1_VALUE;
    }
    return 0;
  }

  write32(off: number, value: number, mask: number): void {
    const exc = this.exc;
    switch (off) {
      case FPCCR:
        exc.FPCCR = (merge(exc.FPCCR, value, mask) & FPCCR_WRITABLE) >>> 0;
        return;
      case FPCAR:
        exc.FPCAR = (merge(exc.FPCAR, value, mask) & ~7) >>> 0;
        return;
      case FPDSCR:
        exc.FPDSCR = merge(exc.FPDSCR, value, mask) & 0x07c00000;
        return;
      // MVFR0/1 are read-only
    }
  }
}
