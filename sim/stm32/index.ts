// The STM32L4R5 peripherals the firmware uses, attached to a System from its profile:
// RCC, PWR, FLASH interface, GPIOA-I, USART1/2/3 and LPUART1, plus the Clock they drive.
//
//   const stm32 = attachStm32Peripherals(sys, { onTx: (name, byte) => ... });
//   stm32.clock.hz                         core clock (HCLK) now
//   stm32.clock.timeline                   [{cycle, hz}] every change; clock.secondsAt(cycles)
//   stm32.clock.onChange((hz, cycle) => ...)
//   stm32.flash.state                      { waitStates, prefetch, icache, dcache }
//   stm32.flash.onChange((state, cycle) => ...), stm32.flash.onCacheReset((cache, cycle) => ...)
//   stm32.onPinChange((port, pin, level, cycle) => ...), stm32.pinLog
//   stm32.onTx((name, byte, cycle) => ...), stm32.flushTx() at the end of a run
//   stm32.warnings / stm32.onWarning((msg, cycle) => ...): configurations the board would not
//     accept (clock above the voltage range's limit, too few flash wait states, access to a
//     peripheral whose clock is off, ...)
import type { System } from '../system.ts';
import { ProfileError } from '../profile.ts';
import { Clock } from './clock.ts';
import { EventQueue } from './events.ts';
import { clockSpec, type ClockSpec } from './spec.ts';
import type { Stm32Context, Stm32Device, Stm32PeripheralSpec } from './device.ts';
import { Rcc } from './rcc.ts';
import { Pwr } from './pwr.ts';
import { FlashInterface, type FlashState } from './flash.ts';
import { Gpio, type PinListener } from './gpio.ts';
import { Usart, type TxListener, type TxTiming } from './usart.ts';

export { Clock, type ClockChange, type ClockListener } from './clock.ts';
export type { FlashState, FlashListener, CacheResetListener } from './flash.ts';
export type { PinListener } from './gpio.ts';
export type { TxListener, TxTiming } from './usart.ts';
export { Rcc, Pwr, FlashInterface, Gpio, Usart };

export interface Stm32Options {
  /** 'baud' (default): a byte takes its frame time at the configured baud rate;
   * 'immediate': the transmitter is always ready */
  txTiming?: TxTiming;
  /** model the RCC peripheral clock gates (default true): registers of a peripheral whose
   * clock is off read 0 and ignore writes, with a warning */
  gateClocks?: boolean;
  /** keep every output pin change in pinLog (default true) */
  recordPins?: boolean;
  onTx?: TxListener;
  onPinChange?: PinListener;
  onWarning?: (msg: string, cycle: number) => void;
}

export interface PinEdge {
  cycle: number;
  port: string;
  pin: number;
  level: number;
}

export class Stm32Peripherals {
  readonly clock: Clock;
  readonly events: EventQueue;
  readonly clocks: ClockSpec;
  readonly rcc: Rcc;
  readonly pwr: Pwr;
  readonly flash: FlashInterface;
  /** GPIO ports by letter ('A'..'I') */
  readonly gpio: Record<string, Gpio> = {};
  /** U(S)ARTs by name ('LPUART1', 'USART1', ...) */
  readonly uarts: Record<string, Usart> = {};
  readonly warnings: string[] = [];
  readonly pinLog: PinEdge[] = [];
  private readonly txListeners: TxListener[] = [];
  private readonly pinListeners: PinListener[] = [];
  private readonly warnListeners: ((msg: string, cycle: number) => void)[] = [];
  private readonly warned = new Set<string>();

  constructor(
    readonly sys: System,
    opts: Stm32Options = {},
  ) {
    const cpu = sys.cpu;
    this.clocks = clockSpec(sys.profile.clocks);
    this.clock = new Clock(this.clocks.resetHz, cpu.cycles);
    this.events = new EventQueue(cpu);
    const gate = opts.gateClocks ?? true;
    let rcc: Rcc | undefined;
    const ctx: Stm32Context = {
      cpu,
      bus: sys.bus,
      clock: this.clock,
      events: this.events,
      warn: (msg) => this.warn(msg),
      clockEnabled: (name) => !gate || rcc === undefined || rcc.clockEnabled(name),
    };
    const specs = sys.profile.peripherals as Record<string, Stm32PeripheralSpec>;
    const spec = (name: string): Stm32PeripheralSpec => {
      const s = specs[name];
      if (!s) throw new ProfileError(`profile ${sys.profile.name}: no peripheral ${name} (needed by the STM32 models)`);
      return s;
    };
    rcc = this.rcc = new Rcc(spec('RCC'), ctx, this.clocks);
    this.pwr = new Pwr(spec('PWR'), ctx, this.clocks);
    this.flash = new FlashInterface(spec('FLASH'), ctx);
    rcc.backupWritable = () => this.pwr.dbp;
    const devices: Stm32Device[] = [rcc, this.pwr, this.flash];
    for (const name of Object.keys(specs)) {
      if (/^GPIO[A-K]$/.test(name)) {
        const g = new Gpio(name, spec(name), ctx);
        if (name === 'GPIOG') g.vddio2Valid = () => this.pwr.iosv;
        g.onPinChange = (port, pin, level, cycle) => {
          if (opts.recordPins ?? true) this.pinLog.push({ cycle, port, pin, level });
          for (const fn of this.pinListeners) fn(port, pin, level, cycle);
        };
        this.gpio[g.port] = g;
        devices.push(g);
      } else if (/^(US?ART|LPUART)\d$/.test(name)) {
        const u = new Usart(name, spec(name), ctx, rcc, opts.txTiming ?? 'baud');
        u.onTx = (n, byte, cycle) => {
          for (const fn of this.txListeners) fn(n, byte, cycle);
        };
        const vcp = spec(name).vcp as { tx: string; af: number } | undefined;
        if (vcp) u.beforeFirstTx = () => this.checkVcp(name, vcp);
        this.uarts[name] = u;
        devices.push(u);
      }
    }
    for (const d of devices) {
      if (d !== rcc) rcc.addPeripheral(d, spec(d.name).clockEnable);
      sys.attach(d);
    }
    // simulated time follows the configured clock from now on (System.clock, CoreClock)
    sys.clock = this.clock;
    if (opts.onTx) this.onTx(opts.onTx);
    if (opts.onPinChange) this.onPinChange(opts.onPinChange);
    if (opts.onWarning) this.onWarning(opts.onWarning);
    // operating limits: checked after every change of clock, regulator or flash latency
    this.clock.onChange((_hz, cycle) => this.checkLimits(cycle));
    this.pwr.onChange((_p, cycle) => this.checkLimits(cycle));
    this.flash.onChange((_s, cycle) => this.checkLimits(cycle));
  }

  onTx(fn: TxListener): void {
    this.txListeners.push(fn);
  }
  onPinChange(fn: PinListener): void {
    this.pinListeners.push(fn);
  }
  onWarning(fn: (msg: string, cycle: number) => void): void {
    this.warnListeners.push(fn);
  }

  /** System reset (NVIC_SystemReset, reset pin): every STM32 device back to its reset values.
   * Simulated time goes on; the clock returns to MSI 4 MHz, which the timeline records. */
  reset(): void {
    this.rcc.reset();
    this.pwr.reset();
    this.flash.reset();
    for (const g of Object.values(this.gpio)) g.reset();
    for (const u of Object.values(this.uarts)) u.reset();
  }

  /** Delivers bytes still waiting in the transmitters (call at the end of a run). */
  flushTx(): void {
    for (const u of Object.values(this.uarts)) u.flush();
  }

  get flashState(): FlashState {
    return this.flash.state;
  }

  warn(msg: string): void {
    if (this.warned.has(msg)) return;
    this.warned.add(msg);
    this.warnings.push(msg);
    for (const fn of this.warnListeners) fn(msg, this.sys.cpu.cycles);
  }

  /** RM0432 5.1.8 / 6.2.x and 3.3.3 table 12: the HCLK a regulator mode allows, and the
   * flash wait states a frequency needs (numbers in the profile). */
  private checkLimits(_cycle: number): void {
    const hz = this.clock.hz, pwr = this.pwr, lim = this.clocks.maxHclkHz;
    const range = pwr.range;
    const mode = range === 2 ? 'range 2' : pwr.boost ? 'range 1 boost' : 'range 1 normal';
    const max = range === 2 ? lim.range2 : pwr.boost ? lim.range1Boost : lim.range1Normal;
    if (hz > max) this.warn(`HCLK ${hz / 1e6} MHz above the ${max / 1e6} MHz allowed in voltage ${mode} (RM0432 5.1.8)`);
    if (pwr.lowPowerRun && this.clock.sysclkHz > lim.lowPowerRun)
      this.warn(`SYSCLK ${this.clock.sysclkHz / 1e6} MHz above ${lim.lowPowerRun / 1e6} MHz in low-power run (RM0432 5.3.4)`);
    const table = range === 2 ? this.clocks.flashLatencyMaxHz.range2 : this.clocks.flashLatencyMaxHz.range1;
    const ws = this.flash.state.waitStates;
    const allowed = ws < table.length ? table[ws] : Infinity;
    if (hz > allowed)
      this.warn(`HCLK ${hz / 1e6} MHz with FLASH_ACR.LATENCY = ${ws}: voltage ${range === 2 ? 'range 2' : 'range 1'} allows at most ${allowed / 1e6} MHz (RM0432 3.3.3 table 12); the board would read flash wrongly`);
  }

  /** The board's virtual COM port: the TX pin must be in its alternate function, and port G
   * needs VDDIO2 (PWR_CR2.IOSV). */
  private checkVcp(name: string, vcp: { tx: string; af: number }): void {
    const m = /^P([A-K])(\d+)$/.exec(vcp.tx);
    const g = m ? this.gpio[m[1]] : undefined;
    if (!m || !g) return;
    const pin = Number(m[2]);
    const mode = (g.moder >>> (2 * pin)) & 3;
    const af = ((pin < 8 ? g.afrl : g.afrh) >>> (4 * (pin & 7))) & 0xf;
    if (mode !== 2 || af !== vcp.af)
      this.warn(`${name} sends but ${vcp.tx} is not in alternate function ${vcp.af} (MODER=${mode}, AF=${af}): on the board nothing reaches the ST-LINK virtual COM port`);
    if (m[1] === 'G' && pin >= 2 && !this.pwr.iosv)
      this.warn(`${name} sends on ${vcp.tx} with PWR_CR2.IOSV = 0: VDDIO2 not valid, the pin does not drive (RM0432 5.1.3)`);
  }
}

/** Creates the STM32 peripherals at the bases in `sys.profile.peripherals` and attaches them. */
export function attachStm32Peripherals(sys: System, opts: Stm32Options = {}): Stm32Peripherals {
  return new Stm32Peripherals(sys, opts);
}
