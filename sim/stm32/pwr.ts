// PWR: power control of the STM32L4R5 (RM0432 rev 9, chapter 5; layout PWR_TypeDef of
// stm32l4r5xx.h). Modelled: the voltage range VOS (CR1) and range-1 boost (CR5.R1MODE = 0),
// with SR2.VOSF set from a change until the regulator has settled (a time from the profile);
// low-power run (CR1.LPR) with SR2.REGLPF following it after the same kind of delay; backup
// domain write access (CR1.DBP, used by RCC_BDCR); VDDIO2 valid (CR2.IOSV, needed by port G
// PG2..PG15); readback of CR2/CR3/CR4 and the pull-up/pull-down registers. Not modelled:
// low-power modes entered by WFI (Stop/Standby/Shutdown: WFI just sleeps the core), the
// voltage detectors (PVD/PVM outputs read 0), wake-up pins and flags.
import { merge, Stm32Device, type Stm32Context, type Stm32PeripheralSpec } from './device.ts';
import type { ClockSpec } from './spec.ts';

export const PWR_CR1 = 0x00, PWR_CR2 = 0x04, PWR_CR3 = 0x08, PWR_CR4 = 0x0c, PWR_SR1 = 0x10, PWR_SR2 = 0x14, PWR_SCR = 0x18, PWR_CR5 = 0x80;
/** PUCRA/PDCRA .. PUCRI/PDCRI at 0x20 .. 0x64 */
const PUPD_FIRST = 0x20, PUPD_LAST = 0x64;

const CR1_W = 0x7 | 0x100 | 0x600 | 0x4000; // LPMS[2:0], DBP, VOS[10:9], LPR
const DBP = 1 << 8, LPR = 1 << 14;
const CR2_W = 0x6ff; // PVDE, PLS[3:1], PVME1..4, IOSV, USV
const IOSV = 1 << 9;
const CR3_W = 0x871f; // EWUP1..5, RRS[9:8], APC, EIWUL
const CR4_W = 0x31f; // WP1..5, VBE, VBRS
const R1MODE = 1 << 8;
// SR2 bits
const REGLPS = 1 << 8, REGLPF = 1 << 9, VOSF = 1 << 10;

export type PwrListener = (pwr: Pwr, cycle: number) => void;

export class Pwr extends Stm32Device {
  cr1 = 0;
  cr2 = 0;
  cr3 = 0;
  cr4 = 0;
  cr5 = 0;
  sr2 = 0;
  readonly pupd = new Uint32Array((PUPD_LAST - PUPD_FIRST) / 4 + 1);
  private vosPending = -1;
  private lprPending = -1;
  private readonly listeners: PwrListener[] = [];
  private readonly resetValues: Record<string, number>;

  constructor(
    spec: Stm32PeripheralSpec,
    ctx: Stm32Context,
    private readonly clocks: ClockSpec,
  ) {
    super('PWR', spec.base, spec.size, ctx);
    this.resetValues = spec.reset ?? {};
    this.reset();
  }

  reset(): void {
    const r = (name: string, dflt: number) => (this.resetValues[name] ?? dflt) >>> 0;
    if (this.vosPending >= 0) this.ctx.events.cancel(this.vosPending), (this.vosPending = -1);
    if (this.lprPending >= 0) this.ctx.events.cancel(this.lprPending), (this.lprPending = -1);
    this.cr1 = r('CR1', 0x200);
    this.cr2 = r('CR2', 0);
    this.cr3 = r('CR3', 0x8000);
    this.cr4 = r('CR4', 0);
    this.cr5 = r('CR5', 0x100);
    // REGLPS: the low-power regulator is ready shortly after power-on (5.4.6); modelled as ready
    this.sr2 = r('SR2', REGLPS);
    this.pupd.fill(0);
    this.changed(this.ctx.cpu.cycles);
  }

  onChange(fn: PwrListener): void {
    this.listeners.push(fn);
  }

  /** voltage range: 1 or 2 (CR1.VOS) */
  get range(): number {
    return (this.cr1 >>> 9) & 3;
  }
  /** range 1 boost mode (CR5.R1MODE = 0) */
  get boost(): boolean {
    return this.range === 1 && (this.cr5 & R1MODE) === 0;
  }
  get lowPowerRun(): boolean {
    return (this.sr2 & REGLPF) !== 0;
  }
  get dbp(): boolean {
    return (this.cr1 & DBP) !== 0;
  }
  get iosv(): boolean {
    return (this.cr2 & IOSV) !== 0;
  }

  private changed(at: number): void {
    for (const fn of this.listeners) fn(this, at);
  }

  /** VOSF = 1 until the regulator has settled at the new level (5.1.8). */
  private startVos(now: number): void {
    if (this.vosPending >= 0) this.ctx.events.cancel(this.vosPending);
    this.sr2 |= VOSF;
    this.vosPending = this.ctx.events.schedule(now + this.ctx.clock.usToCycles(this.clocks.regulatorUs.vos), (at) => {
      this.vosPending = -1;
      this.sr2 &= ~VOSF;
      this.changed(at);
    });
  }

  protected readReg(off: number): number | undefined {
    switch (off) {
      case PWR_CR1: return this.cr1;
      case PWR_CR2: return this.cr2;
      case PWR_CR3: return this.cr3;
      case PWR_CR4: return this.cr4;
      case PWR_SR1: return 0;
      case PWR_SR2: return this.sr2;
      case PWR_SCR: return 0;
      case PWR_CR5: return this.cr5;
    }
    if (off >= PUPD_FIRST && off <= PUPD_LAST) return this.pupd[(off - PUPD_FIRST) >>> 2];
    return undefined;
  }

  protected writeReg(off: number, value: number, mask: number): boolean {
    const now = this.ctx.cpu.cycles;
    switch (off) {
      case PWR_CR1: {
        const old = this.cr1;
        let v = merge(old, value, mask & CR1_W);
        const vos = (v >>> 9) & 3;
        if (vos === 0 || vos === 3) {
          this.ctx.warn(`PWR_CR1.VOS = ${vos} is forbidden (RM0432 5.4.1: 01 range 1, 10 range 2): ignored`);
          v = (v & ~0x600) | (old & 0x600);
        }
        this.cr1 = v >>> 0;
        if (((v ^ old) & 0x600) !== 0) this.startVos(now);
        if (((v ^ old) & LPR) !== 0) {
          if (v & LPR && ((v >>> 9) & 3) !== 2) this.ctx.warn('PWR_CR1.LPR set outside voltage range 2 (RM0432 5.3.4: low-power run needs range 2)');
          if (this.lprPending >= 0) this.ctx.events.cancel(this.lprPending);
          const on = (v & LPR) !== 0;
          this.lprPending = this.ctx.events.schedule(now + this.ctx.clock.usToCycles(this.clocks.regulatorUs.lpr), (at) => {
            this.lprPending = -1;
            this.sr2 = on ? this.sr2 | REGLPF : this.sr2 & ~REGLPF;
            this.changed(at);
          });
        }
        this.changed(now);
        return true;
      }
      case PWR_CR2: this.cr2 = merge(this.cr2, value, mask & CR2_W); this.changed(now); return true;
      case PWR_CR3: this.cr3 = merge(this.cr3, value, mask & CR3_W); return true;
      case PWR_CR4: this.cr4 = merge(this.cr4, value, mask & CR4_W); return true;
      case PWR_SR1: case PWR_SR2: case PWR_SCR: return true; // read-only / clear-only flags
      case PWR_CR5: {
        const old = this.cr5;
        this.cr5 = merge(old, value, mask & R1MODE);
        if (((this.cr5 ^ old) & R1MODE) !== 0) this.startVos(now);
        this.changed(now);
        return true;
      }
    }
    if (off >= PUPD_FIRST && off <= PUPD_LAST) {
      const i = (off - PUPD_FIRST) >>> 2;
      this.pupd[i] = merge(this.pupd[i], value, mask & 0xffff);
      return true;
    }
    return false;
  }
}
