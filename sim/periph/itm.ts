// Instrumentation Trace Macrocell (ARMv7-M ARM C1.7, Cortex-M4 TRM 9) at 0xE0000000.
// Stimulus ports 0-31: a write of 8, 16 or 32 bits to an enabled port (TER bit n) while the
// ITM is enabled (TCR.ITMENA) and DEMCR.TRCENA is set is delivered to `onStimulus` with the
// cycle count (the profiler and the CLI listen); reads of a port return 1 (FIFO ready).
// TER, TPR, TCR are writable only after the CoreSight lock is opened by writing 0xC5ACCE55 to
// LAR (LSR reads 3 when locked, 1 when open). TPR's privilege mask is stored but unprivileged
// port writes are not blocked; no trace packets (timestamps, sync) are generated.
import type { Cpu } from '../core/cpu.ts';
import type { Device } from '../memory/bus.ts';
import type { CoreDebug } from './coredebug.ts';
import { merge, unmodelled } from './regs.ts';

export const ITM_BASE = 0xe0000000;
export const TER = 0xe00;
export const TPR = 0xe40;
export const TCR = 0xe80;
export const LAR = 0xfb0;
export const LSR = 0xfb4;
export const UNLOCK_KEY = 0xc5acce55;

const TCR_ITMENA = 1;
/** ITMENA, TSENA, SYNCENA, TXENA, SWOENA, TSPrescale, GTSFREQ, TraceBusID */
const TCR_WRITABLE = 0x007f0f1f;

/** A write to a stimulus port: port 0-31, the value written, its size in bytes, the cycle. */
export type StimulusListener = (port: number, value: number, size: 1 | 2 | 4, cycles: number) => void;

export class Itm implements Device {
  readonly name = 'ITM';
  readonly base = ITM_BASE;
  readonly size = 0x1000;
  TER = 0;
  TPR = 0;
  TCR = 0;
  locked = true;
  /** receives every delivered stimulus write; set by the system (CLI, profiler) */
  onStimulus: StimulusListener | null = null;
  /** stimulus writes delivered */
  delivered = 0;

  constructor(
    readonly cpu: Cpu,
    readonly debug: CoreDebug,
  ) {}

  reset(): void {
    this.TER = 0;
    this.TPR = 0;
    this.TCR = 0;
    this.locked = true;
  }

  read(offset: number, size: 1 | 2 | 4): number {
    let w: number;
    if (offset < 0x80) w = 1; // FIFOREADY
    else
      switch (offset & ~3) {
        case TER:
          w = this.TER;
          break;
        case TPR:
          w = this.TPR;
          break;
        case TCR:
          w = this.TCR;
          break;
        case LSR:
          w = this.locked ? 3 : 1;
          break;
        case LAR:
          w = 0;
          break;
        default:
          return unmodelled(this.cpu.bus, ITM_BASE + offset, false);
      }
    if (size === 4) return w >>> 0;
    return (w >>> (8 * (offset & 3))) & (size === 2 ? 0xffff : 0xff);
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    if (offset < 0x80) {
      const port = offset >>> 2;
      if ((this.TCR & TCR_ITMENA) !== 0 && ((this.TER >>> port) & 1) !== 0 && this.debug.trcena) {
        this.delivered++;
        this.onStimulus?.(port, value >>> 0, size, this.cpu.cycles);
      }
      return;
    }
    const sh = 8 * (offset & 3);
    const mask = size === 4 ? 0xffffffff : ((size === 2 ? 0xffff : 0xff) << sh) >>> 0;
    const v = size === 4 ? value >>> 0 : (value << sh) >>> 0;
    switch (offset & ~3) {
      case LAR:
        this.locked = !(size === 4 && v === UNLOCK_KEY);
        return;
      case TER:
        if (!this.locked) this.TER = merge(this.TER, v, mask);
        return;
      case TPR:
        if (!this.locked) this.TPR = merge(this.TPR, v, mask) & 0xf;
        return;
      case TCR:
        if (!this.locked) this.TCR = merge(this.TCR, v, mask) & TCR_WRITABLE;
        return;
      case LSR:
        return;
    }
    unmodelled(this.cpu.bus, ITM_BASE + offset, true);
  }
}
