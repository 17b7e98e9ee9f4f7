// Common ground of the STM32 peripheral models: 32-bit registers reached by byte, halfword or
// word accesses, the peripheral clock gate of the RCC, and the report of registers a model
// does not implement (same policy as the bus: reported once, or a BusFault).
import { BusError, type Bus, type Device } from '../memory/bus.ts';
import type { Cpu } from '../core/cpu.ts';
import type { Clock } from './clock.ts';
import type { EventQueue } from './events.ts';

/** What the devices share: the core (for cpu.cycles), the bus (for its unmodelled policy),
 * the clock, the event queue and the warning sink. */
export interface Stm32Context {
  readonly cpu: Cpu;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly events: EventQueue;
  /** a modelling or configuration problem the firmware would hit on the board (reported once) */
  warn(msg: string): void;
  /** whether a peripheral's bus clock is enabled in the RCC (true when clock gating is off) */
  clockEnabled(dev: string): boolean;
}

/** Where a peripheral's clock enable bit lives (RCC register name and bit). */
export interface ClockEnableSpec {
  reg: string;
  bit: number;
}

/** The profile's description of one STM32 peripheral (profiles/*.json "peripherals"). */
export interface Stm32PeripheralSpec {
  base: number;
  size: number;
  /** reset values by register name, where they differ from the model's defaults */
  reset?: Record<string, number>;
  clockEnable?: ClockEnableSpec;
  [key: string]: unknown;
}

const SIZE_MASK = [0, 0xff, 0xffff, 0, 0xffffffff];

export abstract class Stm32Device implements Device {
  private warnedGate = false;

  constructor(
    readonly name: string,
    readonly base: number,
    readonly size: number,
    protected readonly ctx: Stm32Context,
    /** false for the RCC itself, which is always clocked */
    private readonly gated = true,
  ) {}

  /** The 32-bit register at word offset `off`, or undefined if the model lacks it. */
  protected abstract readReg(off: number): number | undefined;
  /** Writes `value` under `mask` (the bytes the access covers) to the register at `off`;
   * returns false if the model lacks it. Bits outside `mask` are 0 in `value`. */
  protected abstract writeReg(off: number, value: number, mask: number): boolean;
  /** Back to the reset state (RCC peripheral reset, system reset). */
  abstract reset(): void;

  read(offset: number, size: 1 | 2 | 4): number {
    this.ctx.events.sync(this.ctx.cpu.cycles);
    if (!this.accessible(false)) return 0;
    const off = offset & ~3;
    const v = this.readReg(off);
    if (v === undefined) {
      this.unmodelled(off, false);
      return 0;
    }
    return ((v >>> ((offset & 3) * 8)) & SIZE_MASK[size]) >>> 0;
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    this.ctx.events.sync(this.ctx.cpu.cycles);
    if (!this.accessible(true)) return;
    const off = offset & ~3;
    const sh = (offset & 3) * 8;
    const mask = (SIZE_MASK[size] << sh) >>> 0;
    if (!this.writeReg(off, ((value << sh) & mask) >>> 0, mask)) this.unmodelled(off, true);
  }

  /** Host-side read of a register without side effects on the clock gate (tests, tools). */
  peek(off: number): number {
    this.ctx.events.sync(this.ctx.cpu.cycles);
    return (this.readReg(off) ?? 0) >>> 0;
  }

  private accessible(write: boolean): boolean {
    if (!this.gated || this.ctx.clockEnabled(this.name)) return true;
    if (!this.warnedGate) {
      this.warnedGate = true;
      this.ctx.warn(
        `${write ? 'write to' : 'read of'} ${this.name} while its clock is disabled in the RCC ` +
          `(RM0432 6.2: register access needs the peripheral clock; modelled as reads of 0, writes ignored)`,
      );
    }
    return false;
  }

  private unmodelled(off: number, write: boolean): void {
    const addr = (this.base + off) >>> 0;
    const bus = this.ctx.bus;
    if (bus.unmodelled === 'fault')
      throw new BusError(addr, write, `${write ? 'write to' : 'read of'} unmodelled register ${this.name}+0x${off.toString(16)}`);
    const key = `${this.name}:${off}`;
    if (reported.has(bus) && reported.get(bus)!.has(key)) return;
    if (!reported.has(bus)) reported.set(bus, new Set());
    reported.get(bus)!.add(key);
    bus.onUnmodelled(addr, write);
  }
}

/** Registers already reported as unmodelled, per bus (so each is reported once). */
const reported = new WeakMap<Bus, Set<string>>();

/** Merges a masked write into a stored register value. */
export function merge(old: number, value: number, mask: number): number {
  return ((old & ~mask) | (value & mask)) >>> 0;
}
