import { describe, it, expect } from 'vitest';
import { stm32Machine, poll, rmw, RCC, PWR, FLASH } from './helpers.ts';
import { assemble } from '../helpers/machine.ts';
import type { System } from '../../sim/system.ts';

/** The STM32CubeL4 SystemClock_Config sequence, through the bus: MSI 4 MHz -> PLL
 * (M = 1, N = n, R = r), boost when above 80 MHz with the HPRE /2 interim step. */
function configure(sys: System, mhz: number, n: number, rField: number, latency: number, boost: boolean): void {
  rmw(sys, RCC + 0x58, 0, 1 << 28); // PWREN
  poll(sys, PWR + 0x14, 1 << 10, 0);
  rmw(sys, PWR + 0x80, 1 << 8, boost ? 0 : 1 << 8);
  poll(sys, PWR + 0x14, 1 << 10, 0);
  rmw(sys, FLASH, 0xf, latency | 0x700);
  poll(sys, FLASH, 0xf, latency);
  rmw(sys, RCC, 0xf0, (6 << 4) | (1 << 3) | 1); // MSI range 6 via MSIRGSEL
  poll(sys, RCC, 2, 2);
  rmw(sys, RCC, 1 << 24, 0);
  poll(sys, RCC, 1 << 25, 0);
  sys.bus.write32(RCC + 0x0c, 1 | (0 << 4) | (n << 8) | (1 << 24) | (rField << 25));
  rmw(sys, RCC, 0, 1 << 24);
  poll(sys, RCC, 1 << 25, 1 << 25);
  rmw(sys, RCC + 0x08, 0x3ff3, (boost ? 8 << 4 : 0) | 3);
  poll(sys, RCC + 0x08, 0xc, 0xc);
  if (boost) {
    sys.cpu.cycles += 100; // >= 1 us at 60 MHz
    rmw(sys, RCC + 0x08, 0xf0, 0);
  }
  void mhz;
}

describe('clock set-up sequences (RM0432 5.1.8, 6.2; STM32CubeL4 SystemClock_Config)', () => {
  it('120 MHz: MSI 4 MHz -> PLL N=60 R=2, boost, HPRE /2 interim, LATENCY 5', () => {
    const { sys, stm32 } = stm32Machine();
    configure(sys, 120, 60, 0, 5, true);
    expect(stm32.clock.hz).toBe(120e6);
    expect(stm32.rcc.sysclkSource).toBe('PLL');
    expect((sys.bus.read32(RCC + 0x08) >>> 2) & 3).toBe(3);
    expect(sys.bus.read32(FLASH) & 0xf).toBe(5);
    expect(stm32.flash.state.waitStates).toBe(5);
    expect(stm32.pwr.boost).toBe(true);
    const t = stm32.clock.timeline;
    expect(t.map((e) => e.hz)).toEqual([4e6, 60e6, 120e6]);
    expect(t[0].cycle).toBe(0);
    expect(t[2].cycle - t[1].cycle).toBeGreaterThanOrEqual(100);
    expect(stm32.warnings).toEqual([]);
    // simulated time is the sum of the segments
    const end = t[2].cycle + 120e6; // one more second at 120 MHz
    expect(stm32.clock.secondsAt(end)).toBeCloseTo(t[1].cycle / 4e6 + (t[2].cycle - t[1].cycle) / 60e6 + 1, 12);
  });

  it('24 MHz: range 1 normal, PLL N=24 R=4, LATENCY 1, no interim step', () => {
    const { sys, stm32 } = stm32Machine();
    configure(sys, 24, 24, 1, 1, false);
    expect(stm32.clock.hz).toBe(24e6);
    expect(stm32.clock.timeline.map((e) => e.hz)).toEqual([4e6, 24e6]);
    expect(stm32.warnings).toEqual([]);
  });

  it('4 MHz: MSI stays the system clock, no change recorded', () => {
    const { sys, stm32 } = stm32Machine();
    rmw(sys, RCC, 0xf0, (6 << 4) | (1 << 3));
    rmw(sys, RCC + 0x08, 0x3ff3, 0);
    poll(sys, RCC + 0x08, 0xc, 0);
    expect(stm32.clock.hz).toBe(4e6);
    expect(stm32.clock.timeline).toEqual([{ cycle: 0, hz: 4e6 }]);
    expect(stm32.clock.secondsAt(4e6)).toBe(1);
  });

  it('warns when the clock exceeds the voltage range or the flash latency', () => {
    const { sys, stm32 } = stm32Machine();
    configure(sys, 120, 60, 0, 3, false); // no boost, 3 wait states
    expect(stm32.clock.hz).toBe(120e6);
    expect(stm32.warnings.some((w) => w.includes('range 1 normal'))).toBe(true);
    expect(stm32.warnings.some((w) => w.includes('LATENCY = 3'))).toBe(true);
  });

  it('announces each change to clock listeners with its cycle', () => {
    const { sys, stm32 } = stm32Machine();
    const seen: [number, number][] = [];
    stm32.clock.onChange((hz, cycle) => seen.push([hz, cycle]));
    configure(sys, 120, 60, 0, 5, true);
    expect(seen).toEqual(stm32.clock.timeline.slice(1).map((e) => [e.hz, e.cycle]));
  });

  it('bus clocks follow the APB prescalers', () => {
    const { sys, stm32 } = stm32Machine();
    rmw(sys, RCC + 0x08, 0x3ff0, (4 << 8) | (5 << 11)); // PPRE1 /2, PPRE2 /4
    expect(stm32.clock.pclk1Hz).toBe(2e6);
    expect(stm32.clock.pclk2Hz).toBe(1e6);
  });

  it('System.clock becomes the STM32 clock: sys.seconds follows the timeline', () => {
    const { sys, stm32 } = stm32Machine();
    expect(sys.clock).toBe(stm32.clock);
    configure(sys, 120, 60, 0, 5, true);
    const t = stm32.clock.timeline;
    sys.cpu.cycles = t[2].cycle + 12e6;
    expect(sys.seconds).toBeCloseTo(t[1].cycle / 4e6 + (t[2].cycle - t[1].cycle) / 60e6 + 0.1, 12);
  });

  it('HAL order: PLLREN set after PLLON is allowed; PLLREN stays while PLL is SYSCLK', () => {
    const { sys, stm32 } = stm32Machine();
    sys.bus.write32(RCC + 0x0c, 1 | (40 << 8)); // MSI, N = 40, R = 2: 80 MHz
    rmw(sys, RCC, 0, 1 << 24);
    rmw(sys, RCC + 0x0c, 0, 1 << 24); // __HAL_RCC_PLLCLKOUT_ENABLE after PLL on
    poll(sys, RCC, 1 << 25, 1 << 25);
    rmw(sys, FLASH, 0xf, 3);
    rmw(sys, RCC + 0x08, 3, 3);
    expect(stm32.clock.hz).toBe(80e6);
    rmw(sys, RCC + 0x0c, 1 << 24, 0);
    expect(sys.bus.read32(RCC + 0x0c) & (1 << 24)).toBe(1 << 24);
    rmw(sys, RCC, 1 << 24, 0); // PLLON cannot be cleared either
    expect(sys.bus.read32(RCC) & (3 << 24)).toBe(3 << 24);
    expect(stm32.warnings).toEqual([]);
    rmw(sys, RCC + 0x0c, 0x7f00, 50 << 8);
    expect(stm32.warnings.some((w) => w.includes('PLLON = 1'))).toBe(true);
  });

  it('a system reset of the peripherals returns to MSI 4 MHz and records it', () => {
    const { sys, stm32 } = stm32Machine();
    configure(sys, 120, 60, 0, 5, true);
    sys.cpu.cycles += 1000;
    const at = sys.cpu.cycles;
    stm32.reset();
    expect(stm32.clock.hz).toBe(4e6);
    expect(stm32.clock.timeline.at(-1)).toEqual({ cycle: at, hz: 4e6 });
    expect(sys.bus.read32(FLASH) >>> 0).toBe(0x600);
    expect(sys.bus.read32(RCC) >>> 0).toBe(0x63);
  });

  it('a CPU loop polling PLLRDY ends after the lock time (20 us = 80 cycles at 4 MHz)', () => {
    const code = assemble(`
      ldr r0, =0x40021000
      ldr r1, =0x01003C01   @ PLLCFGR: PLLSRC MSI, M = 1, N = 60, R = 2, PLLREN
      str r1, [r0, #12]
      ldr r1, [r0]
      orr r1, r1, #0x01000000
      str r1, [r0]          @ PLLON
      movs r2, #0
    1:adds r2, #1
      ldr r1, [r0]
      tst r1, #0x02000000
      beq 1b
      ldr r1, [r0, #8]
      orr r1, r1, #3
      str r1, [r0, #8]      @ SW = PLL (120 MHz, no boost, 0 wait states: the model warns)
    2:ldr r1, [r0, #8]
      and r1, r1, #12
      cmp r1, #12
      bne 2b
      b .
      .ltorg`);
    const { sys, stm32 } = stm32Machine(code);
    sys.cpu.run(500);
    expect(sys.cpu.stop).toBeNull();
    // 4 instructions (1 cycle each without a cycle model) per poll: about 80 / 4 polls
    expect(sys.cpu.R[2]).toBeGreaterThanOrEqual(20);
    expect(sys.cpu.R[2]).toBeLessThanOrEqual(21);
    expect(stm32.clock.hz).toBe(120e6);
    expect(stm32.warnings.some((w) => w.includes('LATENCY = 0'))).toBe(true);
    expect(stm32.warnings.some((w) => w.includes('range 1 normal'))).toBe(true);
  });
});
