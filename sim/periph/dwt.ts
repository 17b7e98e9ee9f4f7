// Data Watchpoint and Trace unit (ARMv7-M ARM C1.8, Cortex-M4 TRM 8.3) at 0xE0001000.
// Modelled: DWT_CTRL (NUMCOMP = 4, the enable bits stored), CYCCNT (counts cpu.cycles while
// CTRL.CYCCNTENA and DEMCR.TRCENA are set; derived lazily from cpu.cycles), PCSR (the address
// of the instruction being executed). Not modelled: the profiling counters CPICNT, EXCCNT,
// SLEEPCNT, LSUCNT and FOLDCNT read 0 and ignore writes; the comparators COMP/MASK/FUNCTION
// are plain storage (no watchpoints, MATCHED reads 0); no trace packets are generated.
import type { Cpu } from '../core/cpu.ts';
import type { Device } from '../memory/bus.ts';
import type { CoreDebug } from './coredebug.ts';
import { merge, readSized, writeSized, unmodelled, type RegBlock } from './regs.ts';

export const DWT_BASE = 0xe0001000;
export const CTRL = 0x000;
export const CYCCNT = 0x004;
export const CPICNT = 0x008;
export const EXCCNT = 0x00c;
export const SLEEPCNT = 0x010;
export const LSUCNT = 0x014;
export const FOLDCNT = 0x018;
export const PCSR = 0x01c;
export const COMP0 = 0x020;
export const LAR = 0xfb0;
export const LSR = 0xfb4;

/** NUMCOMP = 4 comparators on the Cortex-M4 */
const CTRL_RO = 0x40000000;
/** CYCCNTENA, POSTPRESET, POSTINIT, CYCTAP, SYNCTAP, PCSAMPLENA, EXCTRCENA, CPIEVTENA,
 * EXCEVTENA, SLEEPEVTENA, LSUEVTENA, FOLDEVTENA, CYCEVTENA */
const CTRL_WRITABLE = 0x007f1fff;
const CYCCNTENA = 1;

export class Dwt implements Device, RegBlock {
  readonly name = 'DWT';
  readonly base = DWT_BASE;
  readonly size = 0x1000;
  ctrl = 0;
  /** CYCCNT at `since` (or its frozen value when not counting) */
  private cycBase = 0;
  /** cpu.cycles when counting started, or -1 when stopped */
  private since = -1;
  readonly comp = new Uint32Array(4);
  readonly mask = new Uint32Array(4);
  readonly func = new Uint32Array(4);

  constructor(
    readonly cpu: Cpu,
    readonly debug: CoreDebug,
  ) {
    debug.onTrcena.push(() => this.update());
  }

  reset(): void {
    this.ctrl = 0;
    this.cycBase = 0;
    this.since = -1;
    this.comp.fill(0);
    this.mask.fill(0);
    this.func.fill(0);
  }

  /** DWT_CYCCNT now */
  get cyccnt(): number {
    return this.since < 0 ? this.cycBase : (this.cycBase + (this.cpu.cycles - this.since)) >>> 0;
  }

  /** Starts or stops the cycle counter after CTRL or DEMCR.TRCENA changed. */
  private update(): void {
    const counting = (this.ctrl & CYCCNTENA) !== 0 && this.debug.trcena;
    if (counting === this.since >= 0) return;
    this.cycBase = this.cyccnt;
    this.since = counting ? this.cpu.cycles : -1;
  }

  read(offset: number, size: 1 | 2 | 4): number {
    return readSized(this, offset, size);
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    writeSized(this, offset, size, value);
  }

  read32(off: number): number {
    switch (off) {
      case CTRL:
        return (CTRL_RO | this.ctrl) >>> 0;
      case CYCCNT:
        return this.cyccnt;
      case CPICNT:
      case EXCCNT:
      case SLEEPCNT:
      case LSUCNT:
      case FOLDCNT:
        return 0;
      case PCSR:
        return this.cpu.pc >>> 0;
      case LSR:
        return 0; // no lock on the Cortex-M4 DWT (LAR writes are accepted and ignored)
    }
    if (off >= COMP0 && off < COMP0 + 0x40) {
      const i = (off - COMP0) >>> 4;
      switch (off & 0xf) {
        case 0:
          return this.comp[i];
        case 4:
          return this.mask[i];
        case 8:
          return this.func[i];
      }
      return 0;
    }
    return unmodelled(this.cpu.bus, DWT_BASE + off, false);
  }

  write32(off: number, value: number, mask: number): void {
    switch (off) {
      case CTRL:
        this.ctrl = merge(this.ctrl, value, mask) & CTRL_WRITABLE;
        this.update();
        return;
      case CYCCNT: {
        const v = merge(this.cyccnt, value, mask);
        this.cycBase = v;
        if (this.since >= 0) this.since = this.cpu.cycles;
        return;
      }
      case CPICNT:
      case EXCCNT:
      case SLEEPCNT:
      case LSUCNT:
      case FOLDCNT:
      case PCSR:
      case LAR:
        return;
    }
    if (off >= COMP0 && off < COMP0 + 0x40) {
      const i = (off - COMP0) >>> 4;
      switch (off & 0xf) {
        case 0:
          this.comp[i] = merge(this.comp[i], value, mask);
          return;
        case 4:
          this.mask[i] = merge(this.mask[i], value, mask) & 0x1f;
          return;
        case 8:
          // FUNCTION: MATCHED (24) is read-only; DATAVADDR1/0, DATAVSIZE, LNK1ENA, DATAVMATCH,
          // CYCMATCH, EMITRANGE, FUNCTION
          this.func[i] = merge(this.func[i], value, mask) & 0x000fffaf;
          return;
      }
      return;
    }
    unmodelled(this.cpu.bus, DWT_BASE + off, true);
  }
}
