// Core Debug registers (ARMv7-M ARM C1.6): DHCSR, DCRSR, DCRDR, DEMCR at 0xE000EDF0-0xE000EDFF.
// Offsets are from the SCS base. There is no debugger: halting debug is not modelled (DHCSR
// reads 0, C_DEBUGEN cannot be set, DCRSR/DCRDR are plain storage). DEMCR.TRCENA gates the
// DWT and the ITM; MON_EN enables the DebugMonitor exception and MON_PEND pends it; the
// vector-catch bits are stored without effect.
import { type Exceptions, DEBUGMONITOR } from '../core/exceptions.ts';
import { merge, type RegBlock } from './regs.ts';

export const DHCSR = 0xdf0;
export const DCRSR = 0xdf4;
export const DCRDR = 0xdf8;
export const DEMCR = 0xdfc;

export const DEMCR_MON_EN = 1 << 16;
export const DEMCR_MON_PEND = 1 << 17;
export const DEMCR_TRCENA = 1 << 24;
/** VC_* (0, 4-10), MON_EN, MON_PEND, MON_STEP, MON_REQ, TRCENA */
const DEMCR_WRITABLE = 0x010f07f1;

export class CoreDebug implements RegBlock {
  DEMCR = 0;
  DCRDR = 0;
  /** called when TRCENA changes (the DWT and ITM listen) */
  readonly onTrcena: ((on: boolean) => void)[] = [];

  constructor(readonly exc: Exceptions) {}

  get trcena(): boolean {
    return (this.DEMCR & DEMCR_TRCENA) !== 0;
  }

  reset(): void {
    const was = this.trcena;
    this.DEMCR = 0;
    this.DCRDR = 0;
    if (was) for (const f of this.onTrcena) f(false);
  }

  has(off: number): boolean {
    return off >= DHCSR && off <= DEMCR;
  }

  read32(off: number): number {
    switch (off) {
      case DEMCR:
        return ((this.DEMCR & ~DEMCR_MON_PEND) | (this.exc.pending[DEBUGMONITOR] ? DEMCR_MON_PEND : 0)) >>> 0;
      case DCRDR:
        return this.DCRDR;
    }
    return 0; // DHCSR: no debugger; DCRSR is write-only
  }

  write32(off: number, value: number, mask: number): void {
    switch (off) {
      case DEMCR: {
        const was = this.trcena;
        this.DEMCR = merge(this.DEMCR, value, mask) & DEMCR_WRITABLE;
        this.exc.monitorEnabled = (this.DEMCR & DEMCR_MON_EN) !== 0;
        if (this.DEMCR & DEMCR_MON_PEND) this.exc.pend(DEBUGMONITOR);
        else this.exc.unpend(DEBUGMONITOR);
        this.exc.changed();
        if (was !== this.trcena) for (const f of this.onTrcena) f(this.trcena);
        return;
      }
      case DCRDR:
        this.DCRDR = merge(this.DCRDR, value, mask);
        return;
      // DHCSR writes (with DBGKEY) would control halting debug: no debugger, ignored.
      // DCRSR starts a debugger register transfer: ignored.
    }
  }
}
