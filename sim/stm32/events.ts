// A small time-ordered queue of things the STM32 devices schedule in core cycles: an
// oscillator becoming ready, the regulator settling, a UART frame leaving the shift
// register. It is one EventSource on the core's list (sim/core/cpu.ts), and the devices also
// call sync() before every register access, so a polling loop sees a flag change at exactly
// the scheduled cycle whichever comes first. Ties fire in the order they were scheduled, so
// runs are deterministic.
import type { Cpu, EventSource } from '../core/cpu.ts';

interface Pending {
  at: number;
  seq: number;
  fn: (at: number) => void;
}

export class EventQueue implements EventSource {
  nextEvent = Infinity;
  private items: Pending[] = [];
  private seq = 0;

  constructor(private readonly cpu: Cpu) {
    cpu.events.push(this);
  }

  /** Runs `fn(at)` once the core has counted `at` cycles. Returns a handle for cancel(). */
  schedule(at: number, fn: (at: number) => void): number {
    const p = { at, seq: this.seq++, fn };
    let i = this.items.length;
    while (i > 0 && this.items[i - 1].at > at) i--;
    this.items.splice(i, 0, p);
    if (at < this.nextEvent) {
      this.nextEvent = at;
      this.cpu.attention();
    }
    return p.seq;
  }

  cancel(handle: number): void {
    const i = this.items.findIndex((p) => p.seq === handle);
    if (i >= 0) this.items.splice(i, 1);
    this.nextEvent = this.items.length > 0 ? this.items[0].at : Infinity;
  }

  /** Runs everything due at or before `now`, in time order. */
  sync(now: number): void {
    while (this.items.length > 0 && this.items[0].at <= now) {
      const p = this.items.shift()!;
      this.nextEvent = this.items.length > 0 ? this.items[0].at : Infinity;
      p.fn(p.at);
    }
    this.nextEvent = this.items.length > 0 ? this.items[0].at : Infinity;
  }

  fire(cpu: Cpu): void {
    this.sync(cpu.cycles);
  }

  get pending(): number {
    return this.items.length;
  }
}
