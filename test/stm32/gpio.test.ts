import { describe, it, expect } from 'vitest';
import { stm32Machine, RCC, GPIO } from './helpers.ts';

function portC() {
  const m = stm32Machine();
  m.sys.bus.write32(RCC + 0x4c, 1 << 2);
  return { ...m, c: GPIO('C') };
}

describe('GPIO (RM0432 chapter 8)', () => {
  it('BSRR and ODR changes of output pins are recorded with their cycle', () => {
    const { sys, stm32, c } = portC();
    const seen: string[] = [];
    stm32.onPinChange((port, pin, level, cycle) => seen.push(`${cycle} P${port}${pin}=${level}`));
    sys.bus.write32(c + 0x00, 0xffffffff & ~(3 << 14) | (1 << 14)); // PC7 output
    sys.cpu.cycles = 100;
    sys.bus.write32(c + 0x18, 1 << 7); // set
    sys.cpu.cycles = 150;
    sys.bus.write32(c + 0x18, 1 << 7); // set again: no edge
    sys.cpu.cycles = 200;
    sys.bus.write32(c + 0x18, 1 << 23); // reset
    sys.cpu.cycles = 250;
    sys.bus.write32(c + 0x14, 0x80); // ODR
    sys.cpu.cycles = 300;
    sys.bus.write32(c + 0x28, 0x80); // BRR
    sys.bus.write32(c + 0x14, 0x100); // PC8 is analog: no edge
    expect(seen).toEqual(['100 PC7=1', '200 PC7=0', '250 PC7=1', '300 PC7=0']);
    expect(stm32.pinLog.map((e) => e.cycle)).toEqual([100, 200, 250, 300]);
    expect(sys.bus.read32(c + 0x14)).toBe(0x100);
    expect(sys.bus.read32(c + 0x18)).toBe(0); // BSRR reads 0
  });

  it('BSRR: set wins over reset; byte and halfword writes act on their lanes only', () => {
    const { sys, c } = portC();
    sys.bus.write32(c + 0x00, 0x5555);
    sys.bus.write32(c + 0x18, 0x00010001);
    expect(sys.bus.read32(c + 0x14)).toBe(1);
    sys.bus.write32(c + 0x14, 0xff);
    sys.bus.write8(c + 0x1a, 0x03); // BR0, BR1 via the third byte
    expect(sys.bus.read32(c + 0x14)).toBe(0xfc);
    sys.bus.write16(c + 0x18, 0x0100); // BS8
    expect(sys.bus.read32(c + 0x14)).toBe(0x1fc);
    sys.bus.write8(c + 0x01, 0x00); // MODER byte 1: pins 4..7 input
    expect(sys.bus.read32(c) >>> 0).toBe(0x0055);
    expect(sys.bus.read16(c + 0x14)).toBe(0x1fc);
  });

  it('IDR: outputs read their level, inputs the host drive or the pull, analog 0', () => {
    const { sys, stm32, c } = portC();
    const g = stm32.gpio.C;
    sys.bus.write32(c + 0x00, 0xfffffff0 | 1); // PC0 output, PC1 input, rest analog
    sys.bus.write32(c + 0x18, 1);
    expect(sys.bus.read32(c + 0x10)).toBe(1);
    sys.bus.write32(c + 0x0c, 1 << 2); // PC1 pull-up
    expect(sys.bus.read32(c + 0x10)).toBe(3);
    g.setInput(1, 0);
    expect(sys.bus.read32(c + 0x10)).toBe(1);
    g.setInput(2, 1); // PC2 analog: IDR reads 0
    expect(sys.bus.read32(c + 0x10)).toBe(1);
    g.setInput(1, null);
    expect(sys.bus.read32(c + 0x10)).toBe(3);
    // open-drain output with ODR = 1 releases the pin: the pull decides
    sys.bus.write32(c + 0x00, 0xfffffff0 | 1 | (1 << 2));
    sys.bus.write32(c + 0x04, 2);
    sys.bus.write32(c + 0x18, 2);
    expect(sys.bus.read32(c + 0x10) & 2).toBe(2);
    sys.bus.write32(c + 0x0c, 0);
    expect(sys.bus.read32(c + 0x10) & 2).toBe(0);
  });

  it('LCKR: the key sequence freezes the configuration of the locked pins', () => {
    const { sys, c } = portC();
    const lck = c + 0x1c;
    sys.bus.write32(lck, 0x10001);
    sys.bus.write32(lck, 0x00001);
    sys.bus.write32(lck, 0x10001);
    expect(sys.bus.read32(lck)).toBe(0x10001);
    sys.bus.write32(c + 0x00, 0);
    expect(sys.bus.read32(c) >>> 0).toBe(3); // pin 0 kept analog, the others changed
    sys.bus.write32(c + 0x20, 0xffffffff);
    expect(sys.bus.read32(c + 0x20) >>> 0).toBe(0xfffffff0);
    sys.bus.write32(c + 0x14, 1); // ODR is not locked
    expect(sys.bus.read32(c + 0x14)).toBe(1);
  });

  it('a broken lock sequence does not lock', () => {
    const { sys, c } = portC();
    const lck = c + 0x1c;
    sys.bus.write32(lck, 0x10001);
    sys.bus.write32(lck, 0x00002);
    sys.bus.write32(lck, 0x10001);
    expect(sys.bus.read32(lck) & 0x10000).toBe(0);
    sys.bus.write32(c + 0x00, 0);
    expect(sys.bus.read32(c)).toBe(0);
  });

  it('port G pins 2..15 warn when driven without VDDIO2 (PWR_CR2.IOSV)', () => {
    const { sys, stm32 } = stm32Machine();
    sys.bus.write32(RCC + 0x4c, 1 << 6);
    const g = GPIO('G');
    sys.bus.write32(g, 0xffffffff & ~(3 << 14) | (1 << 14));
    sys.bus.write32(g + 0x18, 1 << 7);
    expect(stm32.warnings.some((w) => w.includes('IOSV'))).toBe(true);
  });
});
