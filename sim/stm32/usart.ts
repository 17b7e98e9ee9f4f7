// USART1/2/3 and LPUART1 transmitters of the STM32L4R5 (RM0432 rev 9: USART chapter 52,
// LPUART chapter 53; layout USART_TypeDef of stm32l4r5xx.h: CR1 0x00, CR2 0x04, CR3 0x08,
// BRR 0x0C, GTPR 0x10, RTOR 0x14, RQR 0x18, ISR 0x1C, ICR 0x20, RDR 0x24, TDR 0x28,
// PRESC 0x2C). Modelled: the transmit path. A byte written to TDR waits in the transmit data
// register (or the 8-entry TXFIFO with CR1.FIFOEN), moves to the shift register when that is
// free - this is when it is handed to the TX listener, with that cycle - and takes one frame
// time (start + data + parity + stop bits at the baud rate from BRR, PRESC and the kernel
// clock selected in RCC_CCIPR) to leave, unless the 'immediate' timing is chosen. ISR.TXE/
// TXFNF, TC, TXFE, TEACK, REACK follow. Not modelled: reception (RDR reads 0, RXNE never
// sets), interrupts, DMA, hardware flow control, synchronous/smartcard/IrDA/LIN modes,
// auto-baud. Interrupts: the transmit-side requests (TXEIE/TXFNFIE with TXE/TXFNF, TCIE with
// TC, TXFEIE with TXFE) drive the NVIC line of the peripheral (profile "irq") as a level.
import { merge, Stm32Device, type Stm32Context, type Stm32PeripheralSpec } from './device.ts';
import type { Rcc } from './rcc.ts';

export const USART_CR1 = 0x00, USART_CR2 = 0x04, USART_CR3 = 0x08, USART_BRR = 0x0c, USART_GTPR = 0x10, USART_RTOR = 0x14;
export const USART_RQR = 0x18, USART_ISR = 0x1c, USART_ICR = 0x20, USART_RDR = 0x24, USART_TDR = 0x28, USART_PRESC = 0x2c;

// CR1 bits
const UE = 1 << 0, RE = 1 << 2, TE = 1 << 3, PCE = 1 << 10, M0 = 1 << 12, OVER8 = 1 << 15, M1 = 1 << 28, FIFOEN = 1 << 29;
const TXEIE = 1 << 7, TCIE = 1 << 6, TXFEIE = 1 << 30;
// ISR bits
const ISR_TC = 1 << 6, ISR_TXE = 1 << 7, ISR_TEACK = 1 << 21, ISR_REACK = 1 << 22, ISR_TXFE = 1 << 23;
const TXFRQ = 1 << 4; // RQR
const TCCF = 1 << 6; // ICR
/** PRESC: kernel clock divider for PRESCALER 0..11 (52.8.13) */
const PRESC_DIV = [1, 2, 4, 6, 8, 10, 12, 16, 32, 64, 128, 256];
const FIFO_DEPTH = 8;

export type TxTiming = 'baud' | 'immediate';
/** (peripheral name, data byte, cpu.cycles at which it entered the shift register) */
export type TxListener = (name: string, byte: number, cycle: number) => void;

export class Usart extends Stm32Device {
  readonly lp: boolean;
  cr1 = 0;
  cr2 = 0;
  cr3 = 0;
  brr = 0;
  gtpr = 0;
  rtor = 0;
  presc = 0;
  /** bytes written and not yet in the shift register */
  private readonly queue: number[] = [];
  /** the shift register is sending a frame until this cycle (-1: idle) */
  private busyUntil = -1;
  private pending = -1;
  private tc = true;
  onTx: TxListener = () => {};
  /** checks done when the first byte goes out (pin routing of the board's VCP) */
  beforeFirstTx: (() => void) | null = null;
  /** bytes handed to the listener */
  sent = 0;
  /** NVIC interrupt number (profile), and the level last driven on it */
  private readonly irq: number | undefined;
  private line = false;

  constructor(
    name: string,
    spec: Stm32PeripheralSpec,
    ctx: Stm32Context,
    private readonly rcc: Rcc,
    public timing: TxTiming = 'baud',
  ) {
    super(name, spec.base, spec.size, ctx);
    this.lp = name.startsWith('LPUART');
    this.irq = typeof spec.irq === 'number' ? spec.irq : undefined;
    this.reset();
  }

  reset(): void {
    this.cr1 = this.cr2 = this.cr3 = this.brr = this.gtpr = this.rtor = this.presc = 0;
    this.abort();
  }

  /** UE = 0 or reset: the transmitter stops, queued data is lost, flags go to reset values. */
  private abort(): void {
    this.queue.length = 0;
    this.busyUntil = -1;
    if (this.pending >= 0) this.ctx.events.cancel(this.pending), (this.pending = -1);
    this.tc = true;
    this.updateIrq();
  }

  /** Drives the interrupt line from the enabled transmit flags. */
  private updateIrq(): void {
    if (this.irq === undefined) return;
    const isr = this.isr(), cr1 = this.cr1;
    const line = (cr1 & UE) !== 0 && (((cr1 & TXEIE) !== 0 && (isr & ISR_TXE) !== 0) || ((cr1 & TCIE) !== 0 && (isr & ISR_TC) !== 0) || ((cr1 & TXFEIE) !== 0 && (isr & ISR_TXFE) !== 0));
    if (line === this.line) return;
    this.line = line;
    this.ctx.cpu.exc?.setIrqLine(this.irq, line);
  }

  /** Baud rate from the kernel clock, PRESC and BRR (52.5.7, 53.4.7); 0 if unusable. */
  baud(): number {
    const ker = this.rcc.kernelHz(this.name) / (PRESC_DIV[this.presc & 0xf] ?? 256);
    if (this.lp) return this.brr >= 0x300 ? (256 * ker) / this.brr : 0;
    if (this.cr1 & OVER8) {
      const div = (this.brr & 0xfff0) | ((this.brr & 7) << 1);
      return div >= 16 ? (2 * ker) / div : 0;
    }
    return this.brr >= 16 ? ker / this.brr : 0;
  }

  /** Bits on the line per frame: start, 7/8/9 data bits (parity included), stop bits. */
  frameBits(): number {
    const data = this.cr1 & M1 ? 7 : this.cr1 & M0 ? 9 : 8;
    const stop = [1, 0.5, 2, 1.5][(this.cr2 >>> 12) & 3];
    return 1 + data + stop;
  }

  private dataMask(): number {
    const data = this.cr1 & M1 ? 7 : this.cr1 & M0 ? 9 : 8;
    return (1 << (data - (this.cr1 & PCE ? 1 : 0))) - 1;
  }

  private capacity(): number {
    return this.cr1 & FIFOEN ? FIFO_DEPTH : 1;
  }

  /** Moves the next queued byte into the idle shift register at cycle `at`. */
  private startNext(at: number): void {
    while (this.busyUntil < 0 && this.queue.length > 0) {
      const byte = this.queue.shift()!;
      if (this.sent === 0 && this.beforeFirstTx) this.beforeFirstTx();
      this.sent++;
      this.onTx(this.name, byte, at);
      if (this.timing === 'immediate') continue;
      const baud = this.baud();
      if (baud <= 0) {
        this.ctx.warn(`${this.name}: BRR = 0x${this.brr.toString(16)} with a ${this.rcc.kernelHz(this.name)} Hz kernel clock gives no usable baud rate; frames take no time`);
        continue;
      }
      const cycles = Math.max(1, Math.ceil((this.frameBits() * this.ctx.clock.hz) / baud));
      this.busyUntil = at + cycles;
      this.pending = this.ctx.events.schedule(this.busyUntil, (t) => {
        this.pending = -1;
        this.busyUntil = -1;
        this.startNext(t);
      });
    }
    if (this.busyUntil < 0 && this.queue.length === 0) this.tc = true;
    this.updateIrq();
  }

  /** Hands every byte still queued to the listener (end of a run), as if sent at `cycle`. */
  flush(cycle = this.ctx.cpu.cycles): void {
    this.ctx.events.sync(cycle);
    while (this.queue.length > 0 || this.busyUntil >= 0) {
      if (this.pending >= 0) this.ctx.events.cancel(this.pending), (this.pending = -1);
      this.busyUntil = -1;
      const saved = this.timing;
      this.timing = 'immediate';
      this.startNext(cycle);
      this.timing = saved;
    }
  }

  isr(): number {
    if (!(this.cr1 & UE)) return ISR_TC | ISR_TXE | ISR_TXFE; // flags at their reset values (52.8.1 UE)
    let v = 0;
    if (this.queue.length < this.capacity()) v |= ISR_TXE;
    if (this.queue.length === 0) v |= ISR_TXFE;
    if (this.tc) v |= ISR_TC;
    if (this.cr1 & TE) v |= ISR_TEACK;
    if (this.cr1 & RE) v |= ISR_REACK;
    return v >>> 0;
  }

  protected readReg(off: number): number | undefined {
    switch (off) {
      case USART_CR1: return this.cr1;
      case USART_CR2: return this.cr2;
      case USART_CR3: return this.cr3;
      case USART_BRR: return this.brr;
      case USART_GTPR: return this.lp ? undefined : this.gtpr;
      case USART_RTOR: return this.lp ? undefined : this.rtor;
      case USART_RQR: return 0;
      case USART_ISR: return this.isr();
      case USART_ICR: return 0;
      case USART_RDR: return 0;
      case USART_TDR: return 0;
      case USART_PRESC: return this.presc;
    }
    return undefined;
  }

  protected writeReg(off: number, value: number, mask: number): boolean {
    const ok = this.writeTx(off, value, mask);
    this.updateIrq();
    return ok;
  }

  private writeTx(off: number, value: number, mask: number): boolean {
    const now = this.ctx.cpu.cycles;
    switch (off) {
      case USART_CR1: {
        const old = this.cr1;
        this.cr1 = merge(old, value, mask);
        if (old & UE && !(this.cr1 & UE)) this.abort();
        return true;
      }
      case USART_CR2: this.cr2 = merge(this.cr2, value, mask); return true;
      case USART_CR3: this.cr3 = merge(this.cr3, value, mask); return true;
      case USART_BRR: this.brr = merge(this.brr, value, mask & (this.lp ? 0xfffff : 0xffff)); return true;
      case USART_GTPR: if (this.lp) return false; this.gtpr = merge(this.gtpr, value, mask & 0xffff); return true;
      case USART_RTOR: if (this.lp) return false; this.rtor = merge(this.rtor, value, mask); return true;
      case USART_PRESC: this.presc = merge(this.presc, value, mask & 0xf); return true;
      case USART_ISR: case USART_RDR: return true; // read-only
      case USART_ICR: if (value & TCCF) this.tc = false; return true;
      case USART_RQR: if (value & TXFRQ) this.queue.length = 0; return true;
      case USART_TDR: {
        if (!(this.cr1 & UE) || !(this.cr1 & TE)) {
          this.ctx.warn(`${this.name}_TDR written with ${this.cr1 & UE ? 'TE' : 'UE'} = 0: the byte is not sent (RM0432 52.5.5)`);
          return true;
        }
        if (this.queue.length >= this.capacity()) {
          this.ctx.warn(`${this.name}_TDR written while TXE/TXFNF = 0: the byte overwrites unsent data (lost)`);
          this.queue[this.queue.length - 1] = value & this.dataMask();
          return true;
        }
        this.queue.push(value & this.dataMask());
        this.tc = false;
        this.startNext(now);
        return true;
      }
    }
    return false;
  }
}
