// The System Control Space (ARMv7-M ARM B3.2, 0xE000E000-0xE000EFFF) as one Device: its
// register blocks share 1 KB pages (SysTick and the NVIC; the SCB, CoreDebug, STIR and the
// FP registers), so one device dispatches each access to the block that owns the offset.
// Offsets with no modelled register (the MPU, the ID registers, ...) are reported as
// unmodelled, like unmodelled peripherals.
import type { Bus, Device } from '../memory/bus.ts';
import { readSized, writeSized, unmodelled, type RegBlock } from './regs.ts';

export const SCS_BASE = 0xe000e000;

export interface ScsBlock extends RegBlock {
  has(off: number): boolean;
}

export class Scs implements Device {
  readonly name = 'SCS';
  readonly base = SCS_BASE;
  readonly size = 0x1000;

  constructor(
    readonly bus: Bus,
    readonly blocks: ScsBlock[],
  ) {}

  private block(off: number): ScsBlock | undefined {
    const w = off & ~3;
    for (const b of this.blocks) if (b.has(w)) return b;
    return undefined;
  }

  read(offset: number, size: 1 | 2 | 4): number {
    const b = this.block(offset);
    if (b === undefined) return unmodelled(this.bus, SCS_BASE + offset, false);
    return readSized(b, offset, size);
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    const b = this.block(offset);
    if (b === undefined) {
      unmodelled(this.bus, SCS_BASE + offset, true);
      return;
    }
    writeSized(b, offset, size, value);
  }
}
