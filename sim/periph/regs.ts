// Shared plumbing for the core's memory-mapped registers: a register block answers 32-bit
// reads and masked 32-bit writes; the Device wrapper turns byte and halfword accesses into
// those (a write of a byte sets only that byte lane in `mask`). Registers that are
// write-one-to-clear or write-one-to-set simply use `value & mask`; plain registers merge.
import { BusError, type Bus } from '../memory/bus.ts';

export interface RegBlock {
  /** the 32-bit register at `off` (word aligned, relative to the Device's base) */
  read32(off: number): number;
  /** a write of the byte lanes in `mask` (0xff, 0xff00, ..., 0xffffffff) of `value` */
  write32(off: number, value: number, mask: number): void;
}

/** new = old with the bytes in `mask` replaced by those of `value` */
export function merge(old: number, value: number, mask: number): number {
  return ((old & ~mask) | (value & mask)) >>> 0;
}

/** Turns a sized access into a word read of the containing register. */
export function readSized(b: RegBlock, offset: number, size: 1 | 2 | 4): number {
  const w = b.read32(offset & ~3);
  if (size === 4) return w >>> 0;
  const sh = 8 * (offset & 3);
  return (w >>> sh) & (size === 2 ? 0xffff : 0xff);
}

/** Turns a sized access into a masked word write of the containing register. */
export function writeSized(b: RegBlock, offset: number, size: 1 | 2 | 4, value: number): void {
  if (size === 4) {
    b.write32(offset & ~3, value >>> 0, 0xffffffff);
    return;
  }
  const sh = 8 * (offset & 3);
  const m = size === 2 ? 0xffff : 0xff;
  b.write32(offset & ~3, ((value & m) << sh) >>> 0, (m << sh) >>> 0);
}

/** An access to a register address of the core that m4sim does not model: reported once per
 * address through the bus's listener, or a BusError when the bus is set to fault on them
 * (the same policy as unmodelled peripherals). Reads return 0. */
export function unmodelled(bus: Bus, addr: number, write: boolean): number {
  addr >>>= 0;
  if (bus.unmodelled === 'fault') throw new BusError(addr, write, `${write ? 'write to' : 'read of'} unmodelled core register`);
  const w = bus.windows.find((x) => addr >= x.base && addr < x.end);
  if (w === undefined || !w.warned.has(addr)) {
    w?.warned.add(addr);
    bus.onUnmodelled(addr, write);
  }
  return 0;
}
