import { describe, it, expect } from 'vitest';
import { stm32Machine, poll, RCC, LPUART1, USART2, GPIO, PWR } from './helpers.ts';

describe('LPUART1 / USART transmit', () => {
  it('TDR writes reach the TX listener; immediate timing keeps TXE set', () => {
    const tx: number[] = [];
    const { sys } = stm32Machine([], { txTiming: 'immediate', onTx: (name, b) => name === 'LPUART1' && tx.push(b) });
    sys.bus.write32(RCC + 0x5c, 1);
    sys.bus.write32(LPUART1 + 0x0c, 0x22b9);
    sys.bus.write32(LPUART1 + 0x00, 9); // UE | TE
    for (const ch of 'hi\n') {
      poll(sys, LPUART1 + 0x1c, 0x80, 0x80);
      sys.bus.write8(LPUART1 + 0x28, ch.charCodeAt(0));
    }
    expect(String.fromCharCode(...tx)).toBe('hi\n');
    expect(sys.bus.read32(LPUART1 + 0x1c) & 0x002000c0).toBe(0x002000c0); // TEACK, TXE, TC
  });

  it('baud timing: 115200 8N1 from a 4 MHz PCLK1 takes 10 bits = 348 cycles per frame', () => {
    const got: [number, number][] = [];
    const { sys, stm32 } = stm32Machine([], { onTx: (_n, b, cycle) => got.push([b, cycle]) });
    sys.bus.write32(RCC + 0x5c, 1);
    sys.bus.write32(LPUART1 + 0x0c, Math.round((256 * 4e6) / 115200)); // 8889
    sys.bus.write32(LPUART1 + 0x00, 9);
    expect(stm32.uarts.LPUART1.baud()).toBeCloseTo(115200, -1);
    sys.cpu.cycles = 1000;
    sys.bus.write32(LPUART1 + 0x28, 0x41); // to the shift register at once
    expect(sys.bus.read32(LPUART1 + 0x1c) & 0xc0).toBe(0x80); // TXE, not TC
    sys.bus.write32(LPUART1 + 0x28, 0x42); // waits in TDR
    expect(sys.bus.read32(LPUART1 + 0x1c) & 0x80).toBe(0);
    const frame = Math.ceil((10 * 4e6) / stm32.uarts.LPUART1.baud());
    expect(frame).toBe(348);
    const n = poll(sys, LPUART1 + 0x1c, 0x80, 0x80, 1);
    expect(sys.cpu.cycles).toBe(1000 + frame);
    expect(n).toBe(frame + 1);
    poll(sys, LPUART1 + 0x1c, 0x40, 0x40, 1); // TC after the second frame
    expect(sys.cpu.cycles).toBe(1000 + 2 * frame);
    expect(got).toEqual([[0x41, 1000], [0x42, 1000 + frame]]);
  });

  it('USART2 with OVER8 and a FIFO; TC cleared by ICR', () => {
    const got: number[] = [];
    const { sys, stm32 } = stm32Machine([], { onTx: (_n, b) => got.push(b) });
    sys.bus.write32(RCC + 0x58, 1 << 17);
    sys.bus.write32(USART2 + 0x0c, 0x45); // OVER8: USARTDIV = 0x4A -> 2*4e6/74
    sys.bus.write32(USART2 + 0x00, (1 << 29) | (1 << 15) | 9); // FIFOEN, OVER8, TE, UE
    expect(stm32.uarts.USART2.baud()).toBeCloseTo((2 * 4e6) / 0x4a, 6);
    for (let i = 0; i < 9; i++) sys.bus.write32(USART2 + 0x28, 0x30 + i); // 1 in the shifter + 8 in the FIFO
    expect(sys.bus.read32(USART2 + 0x1c) & 0x80).toBe(0); // TXFNF = 0
    stm32.flushTx();
    expect(got).toEqual([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38]);
    expect(sys.bus.read32(USART2 + 0x1c) & 0x008000c0).toBe(0x008000c0);
    sys.bus.write32(USART2 + 0x20, 0x40);
    expect(sys.bus.read32(USART2 + 0x1c) & 0x40).toBe(0);
  });

  it('bytes written with TE = 0 are not sent, and say so', () => {
    const got: number[] = [];
    const { sys, stm32 } = stm32Machine([], { onTx: (_n, b) => got.push(b) });
    sys.bus.write32(RCC + 0x5c, 1);
    sys.bus.write32(LPUART1 + 0x00, 1);
    sys.bus.write32(LPUART1 + 0x28, 0x41);
    expect(got).toEqual([]);
    expect(stm32.warnings.some((w) => w.includes('TE = 0'))).toBe(true);
  });

  it('warns when the VCP pin PG7 is not routed to LPUART1 (AF8, IOSV)', () => {
    const { sys, stm32 } = stm32Machine([], { txTiming: 'immediate' });
    sys.bus.write32(RCC + 0x5c, 1);
    sys.bus.write32(LPUART1 + 0x0c, 0x22b9);
    sys.bus.write32(LPUART1 + 0x00, 9);
    sys.bus.write32(LPUART1 + 0x28, 0x41);
    expect(stm32.warnings.some((w) => w.includes('PG7 is not in alternate function 8'))).toBe(true);
    expect(stm32.warnings.some((w) => w.includes('IOSV = 0'))).toBe(true);
  });

  it('no warning once PG7 is AF8 and VDDIO2 valid', () => {
    const { sys, stm32 } = stm32Machine([], { txTiming: 'immediate' });
    sys.bus.write32(RCC + 0x58, 1 << 28);
    sys.bus.write32(PWR + 0x04, 1 << 9);
    sys.bus.write32(RCC + 0x4c, 1 << 6);
    const g = GPIO('G');
    sys.bus.write32(g, (sys.bus.read32(g) & ~(0xf << 14)) | (0xa << 14));
    sys.bus.write32(g + 0x20, 8 << 28);
    sys.bus.write32(g + 0x24, 8);
    sys.bus.write32(RCC + 0x5c, 1);
    sys.bus.write32(LPUART1 + 0x0c, 0x22b9);
    sys.bus.write32(LPUART1 + 0x00, 9);
    sys.bus.write32(LPUART1 + 0x28, 0x41);
    expect(stm32.warnings).toEqual([]);
  });

  it('TEACK/REACK follow TE/RE (HAL UART_CheckIdleState waits for them); UE = 0 drops queued data', () => {
    const got: number[] = [];
    const { sys } = stm32Machine([], { onTx: (_n, b) => got.push(b) });
    sys.bus.write32(RCC + 0x5c, 1);
    sys.bus.write32(LPUART1 + 0x0c, 0x22b9);
    sys.bus.write32(LPUART1 + 0x00, 1 | 4 | 8);
    expect(sys.bus.read32(LPUART1 + 0x1c) & (3 << 21)).toBe(3 << 21);
    sys.bus.write32(LPUART1 + 0x28, 0x41);
    sys.bus.write32(LPUART1 + 0x28, 0x42); // waits in TDR
    sys.bus.write32(LPUART1 + 0x00, 0); // UE = 0
    expect(sys.bus.read32(LPUART1 + 0x1c) >>> 0).toBe(0x008000c0);
    sys.cpu.cycles += 10000;
    expect(sys.bus.read32(LPUART1 + 0x1c) >>> 0).toBe(0x008000c0);
    expect(got).toEqual([0x41]);
  });

  it('a frame in flight completes as simulated time passes, without register reads', () => {
    const got: [number, number][] = [];
    const { sys } = stm32Machine(assembleLoop(), { onTx: (_n, b, c) => got.push([b, c]) });
    sys.bus.write32(RCC + 0x5c, 1);
    sys.bus.write32(LPUART1 + 0x0c, 0x22b9);
    sys.bus.write32(LPUART1 + 0x00, 9);
    sys.bus.write32(LPUART1 + 0x28, 0x41);
    sys.bus.write32(LPUART1 + 0x28, 0x42);
    sys.cpu.run(1000); // a branch-to-self loop: the event queue moves the second byte out
    expect(got).toEqual([[0x41, 0], [0x42, 348]]);
  });

  it('drives the LPUART1 NVIC line (IRQ 70) from TXEIE/TCIE as a level', () => {
    const { sys } = stm32Machine();
    const line = () => sys.cpu.exc.irqLine[16 + 70];
    sys.bus.write32(RCC + 0x5c, 1);
    sys.bus.write32(LPUART1 + 0x0c, 0x22b9);
    sys.bus.write32(LPUART1 + 0x00, 9);
    expect(line()).toBe(0);
    sys.bus.write32(LPUART1 + 0x00, 9 | (1 << 7)); // TXEIE: TXE is 1
    expect(line()).toBe(1);
    sys.bus.write32(LPUART1 + 0x28, 0x41);
    sys.bus.write32(LPUART1 + 0x28, 0x42); // TDR full: TXE = 0
    expect(line()).toBe(0);
    sys.bus.write32(LPUART1 + 0x00, 9 | (1 << 6)); // TCIE instead
    expect(line()).toBe(0);
    sys.cpu.cycles += 2 * 348;
    sys.bus.read32(LPUART1 + 0x1c);
    expect(line()).toBe(1); // TC after both frames
    sys.bus.write32(LPUART1 + 0x20, 1 << 6); // TCCF
    expect(line()).toBe(0);
  });

  it('the RCC line (IRQ 5) follows CIFR & CIER', () => {
    const { sys } = stm32Machine();
    sys.bus.write32(RCC + 0x18, 1 << 3); // HSIRDYIE
    sys.bus.write32(RCC, sys.bus.read32(RCC) | (1 << 8));
    poll(sys, RCC + 0x1c, 1 << 3, 1 << 3);
    expect(sys.cpu.exc.irqLine[16 + 5]).toBe(1);
    sys.bus.write32(RCC + 0x20, 1 << 3);
    expect(sys.bus.read32(RCC + 0x1c)).toBe(0);
    expect(sys.cpu.exc.irqLine[16 + 5]).toBe(0);
  });
});

/** b . (a branch to itself) */
function assembleLoop(): number[] {
  return [0xe7fe];
}
