// SysTick (sim/periph/systick.ts): counter value as a function of cpu.cycles, COUNTFLAG,
// reload semantics, the /8 reference clock, TICKINT pending the exception.
import { describe, it, expect } from 'vitest';
import { excMachine } from './helpers.ts';

const CSR = 0xe000e010;
const RVR = 0xe000e014;
const CVR = 0xe000e018;
const CALIB = 0xe000e01c;
const ICSR = 0xe000ed04;

function timer() {
  const m = excMachine('b .');
  const bus = m.sys.bus;
  const cpu = m.sys.cpu;
  const at = (c: number) => {
    cpu.cycles = c;
  };
  return { m, bus, cpu, at };
}

describe('SysTick', () => {
  it('counts down the processor clock: period RVR+1, COUNTFLAG on 1 -> 0, cleared by reading', () => {
    const { bus, at } = timer();
    at(1000);
    bus.write32(RVR, 9);
    bus.write32(CVR, 123); // any write clears to 0
    expect(bus.read32(CVR)).toBe(0);
    bus.write32(CSR, 5); // ENABLE, CLKSOURCE = processor, no TICKINT
    const seen: number[] = [];
    for (let c = 1000; c <= 1022; c++) {
      at(c);
      seen.push(bus.read32(CVR));
    }
    expect(seen).toEqual([0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8]);
    at(1009);
    expect(bus.read32(CSR)).toBe(5); // not yet
    at(1010);
    expect(bus.read32(CSR)).toBe(5 | (1 << 16));
    expect(bus.read32(CSR)).toBe(5); // cleared by the read
    at(1019);
    expect(bus.read32(CSR) >>> 16).toBe(0);
    at(1035);
    expect(bus.read32(CSR) >>> 16).toBe(1); // wraps at 1020 and 1030: one flag
  });

  it('starts from the value held while disabled; a new RVR takes effect at the next reload', () => {
    const { bus, at } = timer();
    at(0);
    bus.write32(RVR, 4);
    bus.write32(CVR, 0);
    bus.write32(CSR, 5);
    at(3);
    expect(bus.read32(CVR)).toBe(2);
    bus.write32(CSR, 4); // stop: value held
    at(50);
    expect(bus.read32(CVR)).toBe(2);
    bus.write32(CSR, 5);
    bus.write32(RVR, 99);
    at(51);
    expect(bus.read32(CVR)).toBe(1);
    at(52);
    expect(bus.read32(CVR)).toBe(0);
    at(53);
    expect(bus.read32(CVR)).toBe(99);
    expect(bus.read32(RVR)).toBe(99);
    bus.write32(RVR, 0x1234567);
    expect(bus.read32(RVR)).toBe(0x234567); // 24 bits
  });

  it('a CVR write clears COUNTFLAG; RVR = 0 stops the counter at 0', () => {
    const { bus, at } = timer();
    at(0);
    bus.write32(RVR, 2);
    bus.write32(CVR, 0);
    bus.write32(CSR, 5);
    at(3);
    bus.write32(CVR, 0);
    expect(bus.read32(CSR) >>> 16).toBe(0);
    bus.write32(RVR, 0);
    at(4);
    expect(bus.read32(CVR)).toBe(0); // reloads 0: stays at 0, no more 1 -> 0 transitions
    at(100);
    expect(bus.read32(CVR)).toBe(0);
    expect(bus.read32(CSR) >>> 16).toBe(0);
    // from a held value with RVR = 0: counts down once, sets COUNTFLAG once, stays at 0
    bus.write32(CSR, 4);
    bus.write32(RVR, 5);
    at(200);
    bus.write32(CVR, 0);
    bus.write32(CSR, 5);
    at(203);
    expect(bus.read32(CVR)).toBe(3);
    bus.write32(RVR, 0);
    at(206);
    expect(bus.read32(CVR)).toBe(0);
    expect(bus.read32(CSR) >>> 16).toBe(1);
    at(300);
    expect(bus.read32(CVR)).toBe(0);
    expect(bus.read32(CSR) >>> 16).toBe(0);
  });

  it('CLKSOURCE = 0 counts the reference clock, assumed processor clock / 8', () => {
    const { bus, at } = timer();
    at(16);
    bus.write32(RVR, 3);
    bus.write32(CVR, 0);
    bus.write32(CSR, 1); // ENABLE, external reference
    const seen: number[] = [];
    for (let c = 16; c < 16 + 8 * 9; c += 4) {
      at(c);
      seen.push(bus.read32(CVR));
    }
    expect(seen).toEqual([0, 0, 3, 3, 2, 2, 1, 1, 0, 0, 3, 3, 2, 2, 1, 1, 0, 0]);
    expect(bus.read32(CALIB)).toBe(0x40000000); // NOREF 0, SKEW 1, TENMS unknown
  });

  it('TICKINT pends SysTick (ICSR.PENDSTSET) when the counter reaches 0, through the event queue', () => {
    const { m, bus, cpu } = timer();
    cpu.PRIMASK = 1; // keep it pending
    bus.write32(RVR, 49);
    bus.write32(CVR, 0);
    bus.write32(CSR, 7);
    cpu.run(49);
    expect(bus.read32(ICSR) & (1 << 26)).toBe(0);
    cpu.run(2);
    expect(bus.read32(ICSR) & (1 << 26)).toBe(1 << 26);
    expect((bus.read32(ICSR) >>> 12) & 0x1ff).toBe(15); // VECTPENDING
    bus.write32(ICSR, 1 << 25); // PENDSTCLR
    expect(bus.read32(ICSR) & (1 << 26)).toBe(0);
    expect(m.p.systick.wraps).toBe(1);
    cpu.run(50);
    expect(bus.read32(ICSR) & (1 << 26)).toBe(1 << 26);
  });
});
