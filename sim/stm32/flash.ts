// FLASH interface registers of the STM32L4R5 (RM0432 rev 9, 3.7; layout FLASH_TypeDef of
// stm32l4r5xx.h). Modelled: FLASH_ACR with immediate readback of LATENCY (0-15 wait states)
// and the ART enables PRFTEN/ICEN/DCEN, cache resets ICRST/DCRST (effective only while the
// cache is disabled, 3.3.x), RUN_PD/SLEEP_PD storage; the KEYR unlock sequence of FLASH_CR
// (LOCK) and OPTKEYR (OPTLOCK); SR error flags (write 1 to clear); reset values of the option
// and protection registers from the profile. NOT modelled: programming and erasing (a write to
// flash memory is refused by the bus; PG/PER/MER/START only give a warning), ECC, PCROP/WRP.
// The cycle model reads `state` (wait states, prefetch, I-cache, D-cache) and subscribes to
// changes and to cache resets.
import { merge, Stm32Device, type Stm32Context, type Stm32PeripheralSpec } from './device.ts';

export const FLASH_ACR = 0x00, FLASH_PDKEYR = 0x04, FLASH_KEYR = 0x08, FLASH_OPTKEYR = 0x0c, FLASH_SR = 0x10, FLASH_CR = 0x14;
export const FLASH_ECCR = 0x18, FLASH_OPTR = 0x20, FLASH_CFGR = 0x130;
/** option and protection registers, read-only here: PCROP1SR/ER, WRP1AR, WRP2AR, PCROP2SR/ER, WRP1BR, WRP2BR */
const OPTION_REGS: Record<number, string> = { 0x24: 'PCROP1SR', 0x28: 'PCROP1ER', 0x2c: 'WRP1AR', 0x30: 'WRP2AR', 0x44: 'PCROP2SR', 0x48: 'PCROP2ER', 0x4c: 'WRP1BR', 0x50: 'WRP2BR' };

// FLASH_ACR bits (3.7.1)
const ACR_W = 0xf | 0x7f00; // LATENCY[3:0], PRFTEN, ICEN, DCEN, ICRST, DCRST, RUN_PD, SLEEP_PD
const PRFTEN = 1 << 8, ICEN = 1 << 9, DCEN = 1 << 10, ICRST = 1 << 11, DCRST = 1 << 12;
// FLASH_CR (3.7.6)
const CR_LOCK = 1 << 31, CR_OPTLOCK = 1 << 30;
const CR_OPS = 0x1 | 0x2 | 0x4 | 0x8000 | 0x10000 | 0x20000 | 0x40000; // PG, PER, MER1, MER2, START, OPTSTRT, FSTPG
// keys (3.3.6 / 3.4.2)
const KEY1 = 0x45670123, KEY2 = 0xcdef89ab, OPTKEY1 = 0x08192a3b, OPTKEY2 = 0x4c5d6e7f;
const SR_W1C = 0xc3fb; // EOP, OPERR, PROGERR, WRPERR, PGAERR, SIZERR, PGSERR, MISERR, FASTERR, RDERR, OPTVERR

/** What the cycle model needs from FLASH_ACR. */
export interface FlashState {
  /** FLASH_ACR.LATENCY: wait states per flash access */
  waitStates: number;
  /** ART prefetch buffer (PRFTEN) */
  prefetch: boolean;
  /** ART instruction cache (ICEN) */
  icache: boolean;
  /** ART data cache (DCEN) */
  dcache: boolean;
}

export type FlashListener = (state: FlashState, cycle: number) => void;
export type CacheResetListener = (cache: 'icache' | 'dcache', cycle: number) => void;

export class FlashInterface extends Stm32Device {
  acr = 0;
  cr = 0;
  sr = 0;
  eccr = 0;
  cfgr = 0;
  readonly state: FlashState = { waitStates: 0, prefetch: false, icache: false, dcache: false };
  private keyStep = 0;
  private optKeyStep = 0;
  private readonly listeners: FlashListener[] = [];
  private readonly resetListeners: CacheResetListener[] = [];
  private readonly resetValues: Record<string, number>;

  constructor(spec: Stm32PeripheralSpec, ctx: Stm32Context) {
    super('FLASH', spec.base, spec.size, ctx);
    this.resetValues = spec.reset ?? {};
    this.reset();
  }

  reset(): void {
    this.acr = (this.resetValues.ACR ?? 0x600) >>> 0;
    this.cr = (this.resetValues.CR ?? 0xc0000000) >>> 0;
    this.sr = this.eccr = this.cfgr = 0;
    this.keyStep = this.optKeyStep = 0;
    this.update(this.ctx.cpu.cycles);
  }

  onChange(fn: FlashListener): void {
    this.listeners.push(fn);
  }

  onCacheReset(fn: CacheResetListener): void {
    this.resetListeners.push(fn);
  }

  private update(at: number): void {
    const s = this.state;
    const ws = this.acr & 0xf, pf = (this.acr & PRFTEN) !== 0, ic = (this.acr & ICEN) !== 0, dc = (this.acr & DCEN) !== 0;
    if (ws === s.waitStates && pf === s.prefetch && ic === s.icache && dc === s.dcache) return;
    s.waitStates = ws;
    s.prefetch = pf;
    s.icache = ic;
    s.dcache = dc;
    for (const fn of this.listeners) fn(s, at);
  }

  protected readReg(off: number): number | undefined {
    switch (off) {
      case FLASH_ACR: return this.acr;
      case FLASH_PDKEYR: case FLASH_KEYR: case FLASH_OPTKEYR: return 0; // write-only
      case FLASH_SR: return this.sr;
      case FLASH_CR: return this.cr;
      case FLASH_ECCR: return this.eccr;
      case FLASH_OPTR: return (this.resetValues.OPTR ?? 0xffeff8aa) >>> 0;
      case FLASH_CFGR: return this.cfgr;
    }
    const name = OPTION_REGS[off];
    if (name !== undefined) return (this.resetValues[name] ?? 0) >>> 0;
    return undefined;
  }

  protected writeReg(off: number, value: number, mask: number): boolean {
    const now = this.ctx.cpu.cycles;
    switch (off) {
      case FLASH_ACR: {
        const old = this.acr;
        const v = merge(old, value, mask & ACR_W);
        // ICRST/DCRST reset the cache when written 1 while it is disabled (3.7.1)
        if (v & ICRST && !(old & ICRST)) {
          if (v & ICEN) this.ctx.warn('FLASH_ACR.ICRST set while ICEN = 1 (RM0432 3.7.1: only while the I-cache is disabled): no reset');
          else for (const fn of this.resetListeners) fn('icache', now);
        }
        if (v & DCRST && !(old & DCRST)) {
          if (v & DCEN) this.ctx.warn('FLASH_ACR.DCRST set while DCEN = 1 (RM0432 3.7.1: only while the D-cache is disabled): no reset');
          else for (const fn of this.resetListeners) fn('dcache', now);
        }
        this.acr = v;
        this.update(now);
        return true;
      }
      case FLASH_PDKEYR: return true;
      case FLASH_KEYR: {
        if (mask !== 0xffffffff) return true; // keys are written as words
        if (this.keyStep === 0 && value === KEY1) this.keyStep = 1;
        else if (this.keyStep === 1 && value === KEY2) {
          this.keyStep = 0;
          this.cr &= ~CR_LOCK;
        } else {
          // a wrong key locks the interface until reset (3.3.6); modelled as staying locked
          this.keyStep = 0;
          this.ctx.warn('FLASH_KEYR: wrong key sequence (RM0432 3.3.6)');
        }
        this.cr >>>= 0;
        return true;
      }
      case FLASH_OPTKEYR: {
        if (this.cr & CR_LOCK) return true;
        if (this.optKeyStep === 0 && value === OPTKEY1) this.optKeyStep = 1;
        else if (this.optKeyStep === 1 && value === OPTKEY2) {
          this.optKeyStep = 0;
          this.cr = (this.cr & ~CR_OPTLOCK) >>> 0;
        } else this.optKeyStep = 0;
        return true;
      }
      case FLASH_SR: this.sr = (this.sr & ~(value & SR_W1C)) >>> 0; return true;
      case FLASH_CR: {
        if (this.cr & CR_LOCK) {
          this.ctx.warn('FLASH_CR written while locked (LOCK = 1, RM0432 3.7.6): ignored');
          return true;
        }
        const v = merge(this.cr, value, mask);
        if (v & CR_OPS) this.ctx.warn('flash programming/erase (FLASH_CR PG/PER/MER/START/OPTSTRT) is not modelled');
        this.cr = v;
        return true;
      }
      case FLASH_ECCR: this.eccr = merge(this.eccr, value, mask & 0x01000000); return true; // ECCIE
      case FLASH_OPTR: return true;
      case FLASH_CFGR: this.cfgr = merge(this.cfgr, value, mask & 1); return true;
    }
    return OPTION_REGS[off] !== undefined;
  }
}
