// Nested Vectored Interrupt Controller registers (ARMv7-M ARM B3.4.3-B3.4.9) and the Software
// Trigger Interrupt Register STIR (B3.2.26). Offsets are from the SCS base 0xE000E000. Only
// the profile's interrupts exist: bits and bytes of the others read as zero and ignore writes.
import { type Exceptions, IRQ0 } from '../core/exceptions.ts';
import type { RegBlock } from './regs.ts';

export const ISER = 0x100;
export const ICER = 0x180;
export const ISPR = 0x200;
export const ICPR = 0x280;
export const IABR = 0x300;
export const IPR = 0x400;
export const STIR = 0xf00;

export class Nvic implements RegBlock {
  constructor(readonly exc: Exceptions) {}

  has(off: number): boolean {
    return (off >= ISER && off < IABR + 0x40 && (off & 0x7f) < 0x40) || (off >= IPR && off < IPR + 0x1f0) || off === STIR;
  }

  /** the 32 interrupts of word `k` of a bitmap register: bit i = array[IRQ0 + 32k + i] */
  private bits(arr: Uint8Array, k: number): number {
    let v = 0;
    const first = IRQ0 + 32 * k;
    const last = Math.min(first + 32, this.exc.nExc);
    for (let n = first; n < last; n++) if (arr[n] !== 0) v |= 1 << (n - first);
    return v >>> 0;
  }

  read32(off: number): number {
    const exc = this.exc;
    if (off >= IPR && off < IPR + 0x1f0) {
      let v = 0;
      for (let i = 0; i < 4; i++) {
        const n = IRQ0 + (off - IPR) + i;
        if (n < exc.nExc) v |= (exc.prio[n] & 0xff) << (8 * i);
      }
      return v >>> 0;
    }
    const k = (off & 0x3f) >>> 2;
    switch (off & ~0x3f) {
      case ISER:
      case ICER:
        return this.bits(exc.irqEnabled, k);
      case ISPR:
      case ICPR:
        return this.bits(exc.pending, k);
      case IABR:
        return this.bits(exc.active, k);
    }
    return 0; // STIR is write-only
  }

  write32(off: number, value: number, mask: number): void {
    const exc = this.exc;
    if (off === STIR) {
      const intid = value & mask & 0x1ff;
      if (IRQ0 + intid < exc.nExc) exc.pend(IRQ0 + intid);
      return;
    }
    if (off >= IPR && off < IPR + 0x1f0) {
      for (let i = 0; i < 4; i++) {
        const n = IRQ0 + (off - IPR) + i;
        if (((mask >>> (8 * i)) & 0xff) !== 0 && n < exc.nExc) exc.prio[n] = (value >>> (8 * i)) & exc.prioMask;
      }
      exc.changed();
      return;
    }
    const v = (value & mask) >>> 0;
    if (v === 0) return;
    const first = IRQ0 + 32 * ((off & 0x3f) >>> 2);
    const last = Math.min(first + 32, exc.nExc);
    const kind = off & ~0x3f;
    for (let n = first; n < last; n++) {
      if (((v >>> (n - first)) & 1) === 0) continue;
      switch (kind) {
        case ISER:
          exc.irqEnabled[n] = 1;
          break;
        case ICER:
          exc.irqEnabled[n] = 0;
          break;
        case ISPR:
          exc.pend(n);
          break;
        case ICPR:
          exc.unpend(n);
          break;
        // IABR is read-only
      }
    }
    exc.changed();
  }
}
