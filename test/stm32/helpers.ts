// Shared helpers of the STM32 peripheral tests: a machine with the peripherals attached, and
// register polling through the bus the way firmware does it (each poll costs a few cycles).
import { machine } from '../helpers/machine.ts';
import { attachStm32Peripherals, type Stm32Options, type Stm32Peripherals } from '../../sim/stm32/index.ts';
import type { System } from '../../sim/system.ts';

export const RCC = 0x40021000, PWR = 0x40007000, FLASH = 0x40022000, LPUART1 = 0x40008000, USART2 = 0x40004400;
export const GPIO = (port: string) => 0x48000000 + 0x400 * (port.charCodeAt(0) - 65);

export function stm32Machine(code: Uint8Array | number[] = [], opts: Stm32Options = {}): { sys: System; stm32: Stm32Peripherals } {
  const sys = machine(code);
  const stm32 = attachStm32Peripherals(sys, opts);
  return { sys, stm32 };
}

/** Reads `addr` every `step` cycles until (value & mask) === want; returns the number of
 * reads, or throws after `max` reads. */
export function poll(sys: System, addr: number, mask: number, want: number, step = 4, max = 1_000_000): number {
  for (let i = 1; i <= max; i++) {
    if ((sys.bus.read32(addr) & mask) >>> 0 === want >>> 0) return i;
    sys.cpu.cycles += step;
  }
  throw new Error(`poll of 0x${addr.toString(16)} did not terminate`);
}

export function rmw(sys: System, addr: number, clear: number, set: number): void {
  sys.bus.write32(addr, ((sys.bus.read32(addr) & ~clear) | set) >>> 0);
}
