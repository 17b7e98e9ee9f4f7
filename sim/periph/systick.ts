// SysTick timer (ARMv7-M ARM B3.3, Cortex-M4 Devices GUG 4.4). Offsets are from the SCS base.
// A 24-bit down-counter: it reaches 0 (counting from 1) -> COUNTFLAG, and with TICKINT the
// SysTick exception is pended; on the next clock it reloads from RVR. With RVR = N the period
// is N+1 clocks.
//
// Nothing is decremented per cycle: while enabled the counter is a closed form of the tick
// count (the value v0 at tick t0), and the next expiry is an EventSource in cpu.events.
// Clocks: CLKSOURCE = 1 counts the processor clock (cpu.cycles); CLKSOURCE = 0 counts the
// external reference, ASSUMED to be the processor clock / 8 (on the STM32L4 it is HCLK/8,
// RM0432 6.2.1); a reference tick happens when cpu.cycles crosses a multiple of 8.
import type { Cpu, EventSource } from '../core/cpu.ts';
import { type Exceptions, SYSTICK } from '../core/exceptions.ts';
import { merge, type RegBlock } from './regs.ts';

export const CSR = 0x010;
export const RVR = 0x014;
export const CVR = 0x018;
export const CALIB = 0x01c;

const ENABLE = 1;
const TICKINT = 2;
const CLKSOURCE = 4;
const COUNTFLAG = 1 << 16;
/** the reference clock divider assumed for CLKSOURCE = 0 */
export const REF_DIVIDER = 8;

export class SysTick implements RegBlock, EventSource {
  /** ENABLE, TICKINT, CLKSOURCE */
  ctrl = 0;
  countFlag = false;
  reload = 0;
  /** counter value when stopped, or at tick t0 when running */
  private v0 = 0;
  private t0 = 0;
  /** tick of the next 1 -> 0 transition, or Infinity */
  private nextWrap = Infinity;
  nextEvent = Infinity;
  /** SYST_CALIB: NOREF = 0 (reference clock present), SKEW = 1, TENMS from the profile or 0
   * ("not known", B3.3.6) */
  calib: number;
  /** number of times the counter reached 0 (for statistics) */
  wraps = 0;

  constructor(
    readonly cpu: Cpu,
    readonly exc: Exceptions,
    tenms = 0,
  ) {
    this.calib = (0x40000000 | (tenms & 0xffffff)) >>> 0;
  }

  reset(): void {
    this.ctrl = 0;
    this.countFlag = false;
    this.reload = 0;
    this.v0 = 0;
    this.t0 = 0;
    this.nextWrap = Infinity;
    this.nextEvent = Infinity;
    this.wraps = 0;
  }

  has(off: number): boolean {
    return off >= CSR && off <= CALIB;
  }

  /** the current tick count of the selected clock */
  private now(): number {
    const c = this.cpu.cycles;
    return (this.ctrl & CLKSOURCE) !== 0 ? c : Math.floor(c / REF_DIVIDER);
  }

  /** first cycle at which the tick count reaches `t` */
  private cycleOf(t: number): number {
    return (this.ctrl & CLKSOURCE) !== 0 ? t : t * REF_DIVIDER;
  }

  /** counter value at tick t (running) */
  private valueAt(t: number): number {
    const c = t - this.t0;
    if (c <= this.v0) return this.v0 - c;
    const period = this.reload + 1;
    return this.reload - ((c - this.v0 - 1) % period);
  }

  /** Processes the 1 -> 0 transitions up to now: COUNTFLAG, and the exception with TICKINT. */
  private catchUp(): void {
    if ((this.ctrl & ENABLE) === 0) return;
    const t = this.now();
    if (t < this.nextWrap) return;
    this.countFlag = true;
    if ((this.ctrl & TICKINT) !== 0) this.exc.pend(SYSTICK);
    if (this.reload === 0) {
      this.wraps++;
      this.nextWrap = Infinity;
    } else {
      const period = this.reload + 1;
      const k = Math.floor((t - this.nextWrap) / period) + 1;
      this.wraps += k;
      this.nextWrap += k * period;
    }
  }

  /** Re-anchors the closed form at the current tick with value v. */
  private anchor(v: number): void {
    this.v0 = v;
    if ((this.ctrl & ENABLE) === 0) {
      this.nextWrap = Infinity;
    } else {
      this.t0 = this.now();
      // from v > 0 the counter reaches 0 after v ticks; from 0 it reloads first
      this.nextWrap = v > 0 ? this.t0 + v : this.reload > 0 ? this.t0 + this.reload + 1 : Infinity;
    }
    this.schedule();
  }

  private schedule(): void {
    const want = (this.ctrl & ENABLE) !== 0 && (this.ctrl & TICKINT) !== 0 && this.nextWrap !== Infinity;
    this.nextEvent = want ? this.cycleOf(this.nextWrap) : Infinity;
    this.cpu.attention();
  }

  fire(_cpu: Cpu): void {
    this.catchUp();
    this.nextEvent = (this.ctrl & TICKINT) !== 0 && this.nextWrap !== Infinity ? this.cycleOf(this.nextWrap) : Infinity;
  }

  /** the current counter value (SYST_CVR) */
  get current(): number {
    return (this.ctrl & ENABLE) !== 0 ? this.valueAt(this.now()) : this.v0;
  }

  read32(off: number): number {
    switch (off) {
      case CSR: {
        this.catchUp();
        const v = this.ctrl | (this.countFlag ? COUNTFLAG : 0);
        this.countFlag = false; // COUNTFLAG clears on read
        return v;
      }
      case RVR:
        return this.reload;
      case CVR:
        return this.current;
      case CALIB:
        return this.calib;
    }
    return 0;
  }

  write32(off: number, value: number, mask: number): void {
    switch (off) {
      case CSR: {
        this.catchUp();
        const cur = this.current;
        this.ctrl = merge(this.ctrl, value, mask) & (ENABLE | TICKINT | CLKSOURCE);
        this.anchor(cur);
        return;
      }
      case RVR: {
        this.catchUp();
        const cur = this.current;
        this.reload = merge(this.reload, value, mask) & 0xffffff;
        this.anchor(cur);
        return;
      }
      case CVR:
        // any write clears the counter and COUNTFLAG; the next clock reloads it
        this.catchUp();
        this.countFlag = false;
        this.anchor(0);
        return;
      // CALIB is read-only
    }
  }
}
