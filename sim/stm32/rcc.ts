// RCC: reset and clock control of the STM32L4R5 (RM0432 rev 9, chapter 6; register layout as
// RCC_TypeDef in the CMSIS header stm32l4r5xx.h; bit positions as its RCC_CR_*, RCC_CFGR_*,
// RCC_PLLCFGR_* defines). Modelled: the oscillators MSI, HSI16, HSE, LSI, LSE, HSI48 and the
// three PLLs with their ON/RDY handshakes (RDY rises a start-up time after ON, from the
// profile; falls at once on OFF), the system clock switch SW -> SWS (taken when the selected
// source is ready), the AHB/APB prescalers, the PLL arithmetic, the peripheral enable / reset /
// sleep-enable registers (readback, clock gating of the modelled devices, peripheral reset),
// the kernel clock selection CCIPR (USART/LPUART clocks), BDCR (write-protected by PWR DBP)
// and CSR (reset flags, RMVF), the ready interrupts (CIER/CIFR/CICR driving the RCC line of the
// NVIC, profile "irq"). Not modelled:
// the clock security system, MSI PLL-mode (MSIPLLEN), MCO output, Stop/Standby wake-up
// clocks, the PLL's P/Q outputs as kernel clocks.
import type { ClockSpec } from './spec.ts';
import { ProfileError } from '../profile.ts';
import { merge, Stm32Device, type Stm32Context, type Stm32PeripheralSpec } from './device.ts';

// Register offsets (stm32l4r5xx.h RCC_TypeDef)
export const RCC_CR = 0x00, RCC_ICSCR = 0x04, RCC_CFGR = 0x08, RCC_PLLCFGR = 0x0c;
export const RCC_PLLSAI1CFGR = 0x10, RCC_PLLSAI2CFGR = 0x14, RCC_CIER = 0x18, RCC_CIFR = 0x1c, RCC_CICR = 0x20;
export const RCC_CCIPR = 0x88, RCC_BDCR = 0x90, RCC_CSR = 0x94, RCC_CRRCR = 0x98, RCC_CCIPR2 = 0x9c, RCC_DLYCFGR = 0xa4;
/** enable registers by name; the reset registers sit 0x20 below, the sleep-enable ones 0x20 above */
export const RCC_ENR: Record<string, number> = { AHB1ENR: 0x48, AHB2ENR: 0x4c, AHB3ENR: 0x50, APB1ENR1: 0x58, APB1ENR2: 0x5c, APB2ENR: 0x60 };

// RCC_CR bits (RM0432 6.4.1)
const MSION = 1 << 0, MSIRDY = 1 << 1, MSIRGSEL = 1 << 3, HSION = 1 << 8, HSIRDY = 1 << 10;
const HSEON = 1 << 16, HSERDY = 1 << 17, HSEBYP = 1 << 18, CSSON = 1 << 19;
const PLLON = 1 << 24, PLLRDY = 1 << 25, PLLSAI1ON = 1 << 26, PLLSAI1RDY = 1 << 27, PLLSAI2ON = 1 << 28, PLLSAI2RDY = 1 << 29;
const CR_RDY = MSIRDY | HSIRDY | HSERDY | PLLRDY | PLLSAI1RDY | PLLSAI2RDY;
/** writable: MSION, MSIPLLEN, MSIRGSEL, MSIRANGE, HSION, HSIKERON, HSIASFS, HSEON, HSEBYP, CSSON, PLLON, PLLSAI1ON, PLLSAI2ON */
const CR_W = 0x0f | 0xf0 | 0x300 | 0x800 | HSEON | HSEBYP | CSSON | PLLON | PLLSAI1ON | PLLSAI2ON;
// RCC_CFGR (6.4.3): SW[1:0], SWS[3:2], HPRE[7:4], PPRE1[10:8], PPRE2[13:11], STOPWUCK 15, MCOSEL[27:24], MCOPRE[30:28]
const CFGR_W = 0x3 | 0xf0 | 0x700 | 0x3800 | 0x8000 | 0x0f000000 | 0x70000000;
// RCC_PLLCFGR (6.4.4): PLLSRC[1:0], PLLM[7:4], PLLN[14:8], PLLPEN 16, PLLP 17, PLLQEN 20, PLLQ[22:21], PLLREN 24, PLLR[26:25], PLLPDIV[31:27]
const PLLCFGR_W = 0x3 | 0xf0 | 0x7f00 | 0x30000 | 0x700000 | 0x7000000 | 0xf8000000;
const PLLREN = 1 << 24;
/** PLLPEN, PLLQEN, PLLREN: output enables */
const PLLCFGR_EN = (1 << 16) | (1 << 20) | PLLREN;
// PLLSAIxCFGR: as PLLCFGR without PLLSRC
const PLLSAICFGR_W = PLLCFGR_W & ~0x3;
// BDCR (6.4.29): LSEON 0, LSERDY 1 (ro), LSEBYP 2, LSEDRV[4:3], LSECSSON 5, LSECSSD 6 (ro), RTCSEL[9:8], RTCEN 15, BDRST 16, LSCOEN 24, LSCOSEL 25
const LSEON = 1 << 0, LSERDY = 1 << 1;
const BDCR_W = 0x1 | 0x4 | 0x18 | 0x20 | 0x300 | 0x8000 | 0x10000 | 0x3000000;
// CSR (6.4.30): LSION 0, LSIRDY 1 (ro), MSISRANGE[11:8], RMVF 23 (w), reset flags [31:24] (ro)
const LSION = 1 << 0, LSIRDY = 1 << 1, RMVF = 1 << 23;
// CRRCR (6.4.31): HSI48ON 0, HSI48RDY 1 (ro), HSI48CAL[15:7] (ro)
const HSI48ON = 1 << 0, HSI48RDY = 1 << 1;
// CIER/CIFR/CICR (6.4.5-7): LSIRDY 0, LSERDY 1, MSIRDY 2, HSIRDY 3, HSERDY 4, PLLRDY 5, PLLSAI1RDY 6, PLLSAI2RDY 7, CSS 8, LSECSS 9, HSI48RDY 10
const CIER_W = 0x6ff;

/** Writable bits of the enable/reset registers: the peripherals the STM32L4R5/R9 have in
 * each (STM32L4R9 SVD, same family RM0432). */
const ENR_W: Record<number, number> = { 0x48: 0x00071107, 0x4c: 0x005771ff, 0x50: 0x00000201, 0x58: 0xf3fecc3f, 0x5c: 0x00000023, 0x60: 0x0d677881 };
const CCIPR_W = 0x3fffffff, CCIPR2_W = 0x003357ff, DLYCFGR_W = 0xff;

/** AHB prescaler HPRE (6.4.3): 0xxx /1, 1000 /2 ... 1111 /512 */
const AHB_DIV = [1, 1, 1, 1, 1, 1, 1, 1, 2, 4, 8, 16, 64, 128, 256, 512];
/** APB prescalers PPRE1/2: 0xx /1, 100 /2, 101 /4, 110 /8, 111 /16 */
const APB_DIV = [1, 1, 1, 1, 2, 4, 8, 16];
const SWS_NAMES = ['MSI', 'HSI16', 'HSE', 'PLL'];

/** An oscillator or PLL: its ON and RDY bits, its start-up time, its pending ready event. */
interface Osc {
  name: string;
  reg: 'cr' | 'bdcr' | 'csr' | 'crrcr';
  on: number;
  rdy: number;
  /** CIFR flag bit */
  flag: number;
  pending: number;
}

export class Rcc extends Stm32Device {
  cr = 0;
  icscr = 0;
  cfgr = 0;
  pllcfgr = 0;
  pllsai1cfgr = 0;
  pllsai2cfgr = 0;
  cier = 0;
  cifr = 0;
  /** AHB1/AHB2/AHB3/APB1(1)/APB1(2)/APB2 reset, enable and sleep-enable registers by offset */
  readonly regs = new Map<number, number>();
  /** reset values of the sleep-enable registers (their reserved-but-set bits stay writable) */
  private readonly smenrReset = new Map<number, number>();
  ccipr = 0;
  ccipr2 = 0;
  dlycfgr = 0;
  bdcr = 0;
  csr = 0;
  crrcr = 0;

  private readonly oscs: Osc[] = [
    { name: 'MSI', reg: 'cr', on: MSION, rdy: MSIRDY, flag: 1 << 2, pending: -1 },
    { name: 'HSI16', reg: 'cr', on: HSION, rdy: HSIRDY, flag: 1 << 3, pending: -1 },
    { name: 'HSE', reg: 'cr', on: HSEON, rdy: HSERDY, flag: 1 << 4, pending: -1 },
    { name: 'PLL', reg: 'cr', on: PLLON, rdy: PLLRDY, flag: 1 << 5, pending: -1 },
    { name: 'PLLSAI1', reg: 'cr', on: PLLSAI1ON, rdy: PLLSAI1RDY, flag: 1 << 6, pending: -1 },
    { name: 'PLLSAI2', reg: 'cr', on: PLLSAI2ON, rdy: PLLSAI2RDY, flag: 1 << 7, pending: -1 },
    { name: 'LSE', reg: 'bdcr', on: LSEON, rdy: LSERDY, flag: 1 << 1, pending: -1 },
    { name: 'LSI', reg: 'csr', on: LSION, rdy: LSIRDY, flag: 1 << 0, pending: -1 },
    { name: 'HSI48', reg: 'crrcr', on: HSI48ON, rdy: HSI48RDY, flag: 1 << 10, pending: -1 },
  ];
  /** devices reset through the RSTR registers: [RSTR offset, bit, device] */
  private readonly resetTargets: { off: number; bit: number; dev: Stm32Device }[] = [];
  /** clock enable bit per gated device name */
  private readonly gates = new Map<string, { off: number; bit: number }>();
  /** NVIC interrupt number of the RCC (profile) */
  private readonly irq: number | undefined;
  /** whether the backup domain (BDCR) is writable: PWR_CR1.DBP, supplied by the PWR model */
  backupWritable: () => boolean = () => false;

  constructor(
    spec: Stm32PeripheralSpec,
    ctx: Stm32Context,
    readonly clocks: ClockSpec,
  ) {
    super('RCC', spec.base, spec.size, ctx, false);
    this.irq = typeof spec.irq === 'number' ? spec.irq : undefined;
    this.resetValues = spec.reset ?? {};
    this.reset();
  }

  private readonly resetValues: Record<string, number>;

  reset(): void {
    const r = (name: string, dflt: number) => (this.resetValues[name] ?? dflt) >>> 0;
    for (const o of this.oscs) if (o.pending >= 0) this.ctx.events.cancel(o.pending), (o.pending = -1);
    this.cr = r('CR', 0x63);
    this.icscr = r('ICSCR', 0x40000000);
    this.cfgr = r('CFGR', 0);
    this.pllcfgr = r('PLLCFGR', 0x1000);
    this.pllsai1cfgr = r('PLLSAI1CFGR', 0x1000);
    this.pllsai2cfgr = r('PLLSAI2CFGR', 0x1000);
    this.cier = this.cifr = 0;
    for (const [name, off] of Object.entries(RCC_ENR)) {
      this.regs.set(off - 0x20, r(name.replace('ENR', 'RSTR'), 0));
      this.regs.set(off, r(name, 0));
      this.regs.set(off + 0x20, r(name.replace('ENR', 'SMENR'), 0));
      this.smenrReset.set(off + 0x20, r(name.replace('ENR', 'SMENR'), 0));
    }
    this.ccipr = r('CCIPR', 0);
    this.ccipr2 = r('CCIPR2', 0);
    this.dlycfgr = r('DLYCFGR', 0);
    this.bdcr = r('BDCR', 0);
    this.csr = r('CSR', 0x0c000600);
    this.crrcr = r('CRRCR', 0);
    this.recompute(this.ctx.cpu.cycles);
  }

  /** Registers a device to be gated by its clock enable bit and reset by its RSTR bit. */
  addPeripheral(dev: Stm32Device, enable: { reg: string; bit: number } | undefined): void {
    if (!enable) return;
    const off = RCC_ENR[enable.reg];
    if (off === undefined) throw new ProfileError(`profile: ${dev.name}.clockEnable names unknown RCC register ${enable.reg}`);
    this.gates.set(dev.name, { off, bit: enable.bit });
    this.resetTargets.push({ off: off - 0x20, bit: enable.bit, dev });
  }

  clockEnabled(name: string): boolean {
    const g = this.gates.get(name);
    if (!g) return true;
    return ((this.regs.get(g.off)! >>> g.bit) & 1) === 1;
  }

  // ---- clock arithmetic ----

  /** MSI frequency: CR.MSIRANGE once MSIRGSEL is set, else CSR.MSISRANGE (RM0432 6.4.1). */
  msiHz(): number {
    const range = this.cr & MSIRGSEL ? (this.cr >>> 4) & 0xf : (this.csr >>> 8) & 0xf;
    return this.clocks.msiRangesHz[range] ?? 0;
  }

  hseHz(): number {
    return this.clocks.hse.mode === 'none' ? 0 : this.clocks.hse.hz;
  }

  /** PLL input after the M divider: PLLSRC 1 MSI, 2 HSI16, 3 HSE (6.4.4). */
  pllInputHz(): number {
    const src = this.pllcfgr & 3;
    const f = src === 1 ? this.msiHz() : src === 2 ? this.clocks.hsi16Hz : src === 3 ? this.hseHz() : 0;
    return f / (((this.pllcfgr >>> 4) & 0xf) + 1);
  }

  pllVcoHz(): number {
    return this.pllInputHz() * ((this.pllcfgr >>> 8) & 0x7f);
  }

  /** PLLCLK (the R output): VCO / (2, 4, 6, 8) for PLLR = 0..3. */
  pllClkHz(): number {
    return this.pllVcoHz() / (2 * (((this.pllcfgr >>> 25) & 3) + 1));
  }

  sourceHz(sw: number): number {
    switch (sw) {
      case 0: return this.msiHz();
      case 1: return this.clocks.hsi16Hz;
      case 2: return this.hseHz();
      default: return this.pllClkHz();
    }
  }

  get sysclkSource(): string {
    return SWS_NAMES[(this.cfgr >>> 2) & 3];
  }

  /** The kernel clock of a U(S)ART from CCIPR (6.4.28): 00 PCLK, 01 SYSCLK, 10 HSI16, 11 LSE. */
  kernelHz(name: string): number {
    const shift: Record<string, number> = { USART1: 0, USART2: 2, USART3: 4, UART4: 6, UART5: 8, LPUART1: 10 };
    const sel = (this.ccipr >>> (shift[name] ?? 0)) & 3;
    const c = this.ctx.clock;
    if (sel === 0) return name === 'USART1' ? c.pclk2Hz : c.pclk1Hz;
    if (sel === 1) return c.sysclkHz;
    if (sel === 2) return this.cr & HSIRDY ? this.clocks.hsi16Hz : 0;
    return this.bdcr & LSERDY ? this.clocks.lseHz : 0;
  }

  private recompute(at: number): void {
    const sysclk = this.sourceHz((this.cfgr >>> 2) & 3);
    const hclk = sysclk / AHB_DIV[(this.cfgr >>> 4) & 0xf];
    const pclk1 = hclk / APB_DIV[(this.cfgr >>> 8) & 7];
    const pclk2 = hclk / APB_DIV[(this.cfgr >>> 11) & 7];
    this.ctx.clock.set(sysclk, hclk, pclk1, pclk2, at);
  }

  // ---- oscillators ----

  private oscReg(o: Osc): number {
    return this[o.reg];
  }

  private setOscReg(o: Osc, v: number): void {
    this[o.reg] = v >>> 0;
  }

  /** After a write: start or stop the oscillators whose ON bit changed. */
  private oscillators(reg: Osc['reg'], old: number, now: number): void {
    for (const o of this.oscs) {
      if (o.reg !== reg) continue;
      const v = this.oscReg(o);
      const wasOn = (old & o.on) !== 0, isOn = (v & o.on) !== 0;
      if (wasOn === isOn) continue;
      if (o.pending >= 0) this.ctx.events.cancel(o.pending), (o.pending = -1);
      if (!isOn) {
        this.setOscReg(o, v & ~o.rdy);
        continue;
      }
      const us = this.startupUs(o);
      if (us === undefined) continue;
      o.pending = this.ctx.events.schedule(now + this.ctx.clock.usToCycles(us), (at) => this.oscReady(o, at));
    }
  }

  /** Start-up time of an oscillator, or undefined (with a warning) if it cannot start. */
  private startupUs(o: Osc): number | undefined {
    const s = this.clocks.startupUs;
    switch (o.name) {
      case 'MSI': return s.msi;
      case 'HSI16': return s.hsi16;
      case 'HSI48': return s.hsi48;
      case 'LSI': return s.lsi;
      case 'LSE': return s.lse;
      case 'HSE': {
        const mode = this.clocks.hse.mode;
        if (mode === 'crystal') return s.hseCrystal;
        if (mode === 'bypass' && this.cr & HSEBYP) return s.hseBypass;
        this.ctx.warn(
          mode === 'bypass'
            ? 'HSEON without HSEBYP: the board has no HSE crystal, only an external clock on OSC_IN (profile clocks.hse); HSERDY stays 0'
            : 'HSEON: the board has no HSE source (profile clocks.hse); HSERDY stays 0',
        );
        return undefined;
      }
      default: {
        // a PLL locks if its input is running and within range
        const src = this.pllcfgr & 3;
        const srcReady = src === 1 ? this.cr & MSIRDY : src === 2 ? this.cr & HSIRDY : src === 3 ? this.cr & HSERDY : 0;
        if (!srcReady) {
          this.ctx.warn(`${o.name}ON with its input clock (PLLSRC=${src}) not ready: the PLL does not lock, ${o.name}RDY stays 0`);
          return undefined;
        }
        if (o.name === 'PLL') this.checkPll();
        return s.pll;
      }
    }
  }

  private oscReady(o: Osc, at: number): void {
    o.pending = -1;
    this.setOscReg(o, this.oscReg(o) | o.rdy);
    if (this.cier & o.flag) this.cifr |= o.flag;
    this.updateIrq();
    this.trySwitch(at);
    this.recompute(at);
  }

  private checkPll(): void {
    const p = this.clocks.pll;
    const fin = this.pllInputHz(), n = (this.pllcfgr >>> 8) & 0x7f, vco = this.pllVcoHz();
    if (fin < p.inputMinHz || fin > p.inputMaxHz) this.ctx.warn(`PLL input ${fin / 1e6} MHz outside ${p.inputMinHz / 1e6}-${p.inputMaxHz / 1e6} MHz (RM0432 6.2.5)`);
    if (n < p.nMin || n > p.nMax) this.ctx.warn(`PLLN = ${n} outside ${p.nMin}..${p.nMax} (RM0432 6.4.4)`);
    if (vco < p.vcoMinHz || vco > p.vcoMaxHz) this.ctx.warn(`PLL VCO ${vco / 1e6} MHz outside ${p.vcoMinHz / 1e6}-${p.vcoMaxHz / 1e6} MHz (RM0432 6.4.4)`);
    if (this.pllcfgr & PLLREN && this.pllClkHz() > p.outMaxHz) this.ctx.warn(`PLLCLK ${this.pllClkHz() / 1e6} MHz above ${p.outMaxHz / 1e6} MHz`);
  }

  /** Whether the clock SW selects can drive SYSCLK now. */
  private sourceReady(sw: number): boolean {
    switch (sw) {
      case 0: return (this.cr & MSIRDY) !== 0;
      case 1: return (this.cr & HSIRDY) !== 0;
      case 2: return (this.cr & HSERDY) !== 0;
      default: return (this.cr & PLLRDY) !== 0 && (this.pllcfgr & PLLREN) !== 0;
    }
  }

  /** SWS follows SW as soon as the selected source is ready (RM0432 6.2.7). */
  private trySwitch(_at: number): void {
    const sw = this.cfgr & 3;
    if (((this.cfgr >>> 2) & 3) === sw || !this.sourceReady(sw)) return;
    this.cfgr = ((this.cfgr & ~0xc) | (sw << 2)) >>> 0;
  }

  /** The RCC interrupt line: a ready flag set in CIFR whose enable is set in CIER. */
  private updateIrq(): void {
    if (this.irq !== undefined) this.ctx.cpu.exc?.setIrqLine(this.irq, (this.cifr & this.cier) !== 0);
  }

  // ---- registers ----

  protected readReg(off: number): number | undefined {
    switch (off) {
      case RCC_CR: return this.cr;
      case RCC_ICSCR: return this.icscr;
      case RCC_CFGR: return this.cfgr;
      case RCC_PLLCFGR: return this.pllcfgr;
      case RCC_PLLSAI1CFGR: return this.pllsai1cfgr;
      case RCC_PLLSAI2CFGR: return this.pllsai2cfgr;
      case RCC_CIER: return this.cier;
      case RCC_CIFR: return this.cifr;
      case RCC_CICR: return 0;
      case RCC_CCIPR: return this.ccipr;
      case RCC_BDCR: return this.bdcr;
      case RCC_CSR: return this.csr;
      case RCC_CRRCR: return this.crrcr;
      case RCC_CCIPR2: return this.ccipr2;
      case RCC_DLYCFGR: return this.dlycfgr;
    }
    return this.regs.get(off);
  }

  protected writeReg(off: number, value: number, mask: number): boolean {
    const now = this.ctx.cpu.cycles;
    switch (off) {
      case RCC_CR: this.writeCr(merge(this.cr, value, mask), now); return true;
      case RCC_ICSCR: this.icscr = merge(this.icscr, value, mask & 0x7f00ff00); return true; // MSITRIM, HSITRIM; CAL read-only
      case RCC_CFGR: {
        this.cfgr = merge(this.cfgr, value, mask & CFGR_W);
        this.trySwitch(now);
        this.recompute(now);
        return true;
      }
      case RCC_PLLCFGR: {
        let v = merge(this.pllcfgr, value, mask & PLLCFGR_W);
        // the output enables may change at any time, the rest only with the PLL off (6.4.4)
        if (this.cr & PLLON && ((v ^ this.pllcfgr) & ~PLLCFGR_EN) !== 0)
          this.ctx.warn('RCC_PLLCFGR source/dividers written while PLLON = 1 (RM0432 6.4.4: only while the PLL is off)');
        // PLLREN cannot be cleared while PLLCLK is the system clock
        if (((this.cfgr >>> 2) & 3) === 3) v |= this.pllcfgr & PLLREN;
        this.pllcfgr = v >>> 0;
        this.recompute(now);
        return true;
      }
      case RCC_PLLSAI1CFGR: this.pllsai1cfgr = merge(this.pllsai1cfgr, value, mask & PLLSAICFGR_W); return true;
      case RCC_PLLSAI2CFGR: this.pllsai2cfgr = merge(this.pllsai2cfgr, value, mask & PLLSAICFGR_W); return true;
      case RCC_CIER: this.cier = merge(this.cier, value, mask & CIER_W); this.updateIrq(); return true;
      case RCC_CIFR: return true; // read-only
      case RCC_CICR: this.cifr = (this.cifr & ~value) >>> 0; this.updateIrq(); return true;
      case RCC_CCIPR: this.ccipr = merge(this.ccipr, value, mask & CCIPR_W); return true;
      case RCC_CCIPR2: this.ccipr2 = merge(this.ccipr2, value, mask & CCIPR2_W); return true;
      case RCC_DLYCFGR: this.dlycfgr = merge(this.dlycfgr, value, mask & DLYCFGR_W); return true;
      case RCC_BDCR: {
        if (!this.backupWritable()) {
          this.ctx.warn('RCC_BDCR written with PWR_CR1.DBP = 0: the backup domain is write-protected (RM0432 5.1.5), write ignored');
          return true;
        }
        const old = this.bdcr;
        this.bdcr = ((merge(old, value, mask & BDCR_W) & ~(LSERDY | 0x40)) | (old & (LSERDY | 0x40))) >>> 0;
        this.oscillators('bdcr', old, now);
        return true;
      }
      case RCC_CSR: {
        const old = this.csr;
        let v = ((merge(old, value, mask & (LSION | 0xf00)) & ~LSIRDY) | (old & LSIRDY)) >>> 0;
        if (value & mask & RMVF) v = (v & 0x00ffffff) >>> 0; // RMVF clears the reset flags
        this.csr = v;
        this.oscillators('csr', old, now);
        return true;
      }
      case RCC_CRRCR: {
        const old = this.crrcr;
        this.crrcr = ((merge(old, value, mask & HSI48ON) & ~HSI48RDY) | (old & HSI48RDY)) >>> 0;
        this.oscillators('crrcr', old, now);
        return true;
      }
    }
    const old = this.regs.get(off);
    if (old === undefined) return false;
    const enrOff = off < 0x48 ? off + 0x20 : off < 0x68 ? off : off - 0x20;
    const w = ENR_W[enrOff] | (off >= 0x68 ? (this.smenrReset.get(off) ?? 0) : 0);
    const v = merge(old, value, mask & w);
    this.regs.set(off, v);
    if (off < 0x48) for (const t of this.resetTargets) if (t.off === off && ((v >>> t.bit) & 1) !== ((old >>> t.bit) & 1)) t.dev.reset();
    return true;
  }

  private writeCr(v: number, now: number): void {
    const old = this.cr;
    v = ((v & CR_W) | (old & CR_RDY)) >>> 0;
    v |= old & (MSIRGSEL | CSSON); // set-only bits
    if ((old & HSEON) !== 0 && ((v ^ old) & HSEBYP) !== 0) v = (v & ~HSEBYP) | (old & HSEBYP); // HSEBYP only while HSE is off
    // a clock in use cannot be stopped (6.4.1): the system clock, or the PLL's input while it runs
    const sws = (this.cfgr >>> 2) & 3;
    const pllSrc = old & PLLON ? this.pllcfgr & 3 : 0;
    if (sws === 0 || pllSrc === 1) v |= old & MSION;
    if (sws === 1 || pllSrc === 2) v |= old & HSION;
    if (sws === 2 || pllSrc === 3) v |= old & HSEON;
    if (sws === 3) v |= old & PLLON;
    // MSIRANGE must not change while MSI is on and not ready
    if ((old & MSION) !== 0 && (old & MSIRDY) === 0 && ((v ^ old) & 0xf0) !== 0) {
      this.ctx.warn('RCC_CR.MSIRANGE written while MSI is on but not ready (RM0432 6.4.1 forbids it): ignored');
      v = (v & ~0xf0) | (old & 0xf0);
    }
    if (((v >>> 4) & 0xf) > 11) this.ctx.warn(`RCC_CR.MSIRANGE = ${(v >>> 4) & 0xf} is reserved (RM0432 6.4.1: ranges 0..11)`);
    this.cr = v >>> 0;
    this.oscillators('cr', old, now);
    this.recompute(now);
  }
}
