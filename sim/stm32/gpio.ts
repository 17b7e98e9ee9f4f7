// GPIO ports A-I of the STM32L4R5 (RM0432 rev 9, chapter 8; layout GPIO_TypeDef of
// stm32l4r5xx.h: MODER, OTYPER, OSPEEDR, PUPDR, IDR, ODR, BSRR, LCKR, AFR[2], BRR). Reset
// values differ per port (RM0432 8.5: port A and B have their debug pins configured) and
// come from the profile. The pin level: an output pin (MODER = 01) drives its ODR bit
// (open-drain releases it for a 1); an input or alternate-function pin reads the level the
// host set with setInput(), else its pull (PUPDR 01 -> 1, else 0); an analog pin reads 0 in
// IDR. Every change of the level of a pin that is an output before or after the access is
// reported with cpu.cycles to the pin listener. LCKR implements the lock key sequence
// (8.4.8). Not modelled: alternate-function outputs (a U(S)ART TX pin does not toggle here),
// EXTI, I/O speed and drive.
import { merge, Stm32Device, type Stm32Context, type Stm32PeripheralSpec } from './device.ts';

export const GPIO_MODER = 0x00, GPIO_OTYPER = 0x04, GPIO_OSPEEDR = 0x08, GPIO_PUPDR = 0x0c, GPIO_IDR = 0x10, GPIO_ODR = 0x14;
export const GPIO_BSRR = 0x18, GPIO_LCKR = 0x1c, GPIO_AFRL = 0x20, GPIO_AFRH = 0x24, GPIO_BRR = 0x28;
const LCKK = 1 << 16;

/** (port letter, pin 0-15, new level 0/1, cpu.cycles) */
export type PinListener = (port: string, pin: number, level: number, cycle: number) => void;

export class Gpio extends Stm32Device {
  /** the port letter, 'A'..'I' */
  readonly port: string;
  moder = 0;
  otyper = 0;
  ospeedr = 0;
  pupdr = 0;
  odr = 0;
  afrl = 0;
  afrh = 0;
  lckr = 0;
  /** pin levels as last computed (bit per pin) */
  private level = 0;
  /** levels the host drives on input pins, and which pins it drives */
  private extLevel = 0;
  private extDriven = 0;
  private lockStep = 0;
  /** pins whose configuration is frozen by LCKR */
  private locked = 0;
  onPinChange: PinListener = () => {};
  /** for port G: VDDIO2 valid (PWR_CR2.IOSV), without which PG2..PG15 do not drive */
  vddio2Valid: (() => boolean) | null = null;
  private warnedIosv = false;
  private readonly resetValues: Record<string, number>;

  constructor(name: string, spec: Stm32PeripheralSpec, ctx: Stm32Context) {
    super(name, spec.base, spec.size, ctx);
    this.port = name.replace(/^GPIO/, '');
    this.resetValues = spec.reset ?? {};
    this.reset();
  }

  reset(): void {
    const r = (name: string, dflt: number) => (this.resetValues[name] ?? dflt) >>> 0;
    const before = this.level;
    const outBefore = this.outputs();
    this.moder = r('MODER', 0xffffffff);
    this.otyper = r('OTYPER', 0);
    this.ospeedr = r('OSPEEDR', 0);
    this.pupdr = r('PUPDR', 0);
    this.odr = r('ODR', 0);
    this.afrl = r('AFRL', 0);
    this.afrh = r('AFRH', 0);
    this.lckr = 0;
    this.locked = 0;
    this.lockStep = 0;
    this.settle(before, outBefore);
  }

  /** Drives an input pin from the host (0/1), or releases it (null). */
  setInput(pin: number, level: 0 | 1 | null): void {
    const bit = 1 << pin;
    if (level === null) this.extDriven &= ~bit;
    else {
      this.extDriven |= bit;
      this.extLevel = level ? this.extLevel | bit : this.extLevel & ~bit;
    }
    this.settle(this.level, this.outputs());
  }

  /** The level of every pin (bit per pin), as IDR shows it but including analog pins. */
  get pins(): number {
    return this.level;
  }

  /** Pins in output mode (MODER = 01), bit per pin. */
  outputs(): number {
    let m = 0;
    for (let p = 0; p < 16; p++) if (((this.moder >>> (2 * p)) & 3) === 1) m |= 1 << p;
    return m;
  }

  private computeLevel(): number {
    let lv = 0;
    for (let p = 0; p < 16; p++) {
      const bit = 1 << p;
      const mode = (this.moder >>> (2 * p)) & 3;
      const pull = (this.pupdr >>> (2 * p)) & 3;
      if (mode === 1 && !((this.otyper & bit) !== 0 && (this.odr & bit) !== 0)) {
        if (this.odr & bit) lv |= bit;
        continue;
      }
      if (this.extDriven & bit) lv |= this.extLevel & bit;
      else if (pull === 1) lv |= bit;
    }
    return lv;
  }

  /** Recomputes the pin levels and reports changes of output pins. */
  private settle(before: number, outBefore: number): void {
    const after = this.computeLevel();
    this.level = after;
    const changed = (before ^ after) & (outBefore | this.outputs());
    if (changed === 0) return;
    const cycle = this.ctx.cpu.cycles;
    for (let p = 0; p < 16; p++) {
      if (((changed >>> p) & 1) === 0) continue;
      if (this.vddio2Valid !== null && p >= 2 && !this.vddio2Valid() && !this.warnedIosv) {
        this.warnedIosv = true;
        this.ctx.warn(`P${this.port}${p} driven while PWR_CR2.IOSV = 0: PG2..PG15 are supplied by VDDIO2, not valid yet (RM0432 5.1.3), the pin would not move on the board`);
      }
      this.onPinChange(this.port, p, (after >>> p) & 1, cycle);
    }
  }

  protected readReg(off: number): number | undefined {
    switch (off) {
      case GPIO_MODER: return this.moder;
      case GPIO_OTYPER: return this.otyper;
      case GPIO_OSPEEDR: return this.ospeedr;
      case GPIO_PUPDR: return this.pupdr;
      case GPIO_IDR: {
        // the Schmitt trigger is off in analog mode: IDR reads 0 (8.3.12)
        let analog = 0;
        for (let p = 0; p < 16; p++) if (((this.moder >>> (2 * p)) & 3) === 3) analog |= 1 << p;
        return this.level & ~analog & 0xffff;
      }
      case GPIO_ODR: return this.odr;
      case GPIO_BSRR: return 0;
      case GPIO_LCKR: {
        return this.lckr;
      }
      case GPIO_AFRL: return this.afrl;
      case GPIO_AFRH: return this.afrh;
      case GPIO_BRR: return 0;
    }
    return undefined;
  }

  /** Bits of a 2-bit-per-pin register that locked pins protect. */
  private lock2(): number {
    let m = 0;
    for (let p = 0; p < 16; p++) if ((this.locked >>> p) & 1) m |= 3 << (2 * p);
    return m >>> 0;
  }

  private lock4(half: number): number {
    let m = 0;
    for (let i = 0; i < 8; i++) if ((this.locked >>> (half * 8 + i)) & 1) m |= 0xf << (4 * i);
    return m >>> 0;
  }

  protected writeReg(off: number, value: number, mask: number): boolean {
    const before = this.level;
    const outBefore = this.outputs();
    switch (off) {
      case GPIO_MODER: this.moder = merge(this.moder, value, mask & ~this.lock2()); break;
      case GPIO_OTYPER: this.otyper = merge(this.otyper, value, mask & 0xffff & ~this.locked); break;
      case GPIO_OSPEEDR: this.ospeedr = merge(this.ospeedr, value, mask & ~this.lock2()); break;
      case GPIO_PUPDR: this.pupdr = merge(this.pupdr, value, mask & ~this.lock2()); break;
      case GPIO_IDR: return true; // read-only
      case GPIO_ODR: this.odr = merge(this.odr, value, mask & 0xffff); break;
      case GPIO_BSRR: {
        // BSy sets, BRy resets; BSy wins when both are written (8.4.7)
        const set = value & 0xffff, clr = (value >>> 16) & 0xffff;
        this.odr = ((this.odr & ~clr) | set) & 0xffff;
        break;
      }
      case GPIO_BRR: this.odr = this.odr & ~(value & 0xffff) & 0xffff; break;
      case GPIO_LCKR: this.writeLckr(value, mask); return true;
      case GPIO_AFRL: this.afrl = merge(this.afrl, value, mask & ~this.lock4(0)); break;
      case GPIO_AFRH: this.afrh = merge(this.afrh, value, mask & ~this.lock4(1)); break;
      default: return false;
    }
    this.settle(before, outBefore);
    return true;
  }

  /** Lock key sequence (8.4.8): write LCKK=1+bits, LCKK=0+bits, LCKK=1+bits with the same
   * bits, as 32-bit writes; the port configuration of those pins is then frozen until reset. */
  private writeLckr(value: number, mask: number): void {
    if (this.lckr & LCKK) return; // already locked
    if (mask !== 0xffffffff) {
      this.lockStep = 0;
      return;
    }
    const bits = value & 0xffff, k = (value & LCKK) !== 0;
    const same = bits === (this.lckr & 0xffff);
    if (this.lockStep === 0 && k) this.lockStep = 1;
    else if (this.lockStep === 1 && !k && same) this.lockStep = 2;
    else if (this.lockStep === 2 && k && same) {
      this.lockStep = 0;
      this.locked = bits;
      this.lckr = (bits | LCKK) >>> 0;
      return;
    } else this.lockStep = k ? 1 : 0;
    this.lckr = bits;
  }
}
