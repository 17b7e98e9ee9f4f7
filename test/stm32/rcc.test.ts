import { describe, it, expect } from 'vitest';
import { BusError } from '../../sim/memory/bus.ts';
import { stm32Machine, poll, rmw, RCC, PWR, FLASH, GPIO, LPUART1 } from './helpers.ts';

describe('STM32 reset values (RM0432; profile)', () => {
  it('RCC, PWR, FLASH registers read their reset values', () => {
    const { sys } = stm32Machine();
    const r = (a: number) => sys.bus.read32(a) >>> 0;
    expect(r(RCC + 0x00)).toBe(0x63); // MSION, MSIRDY, MSIRANGE 6
    expect(r(RCC + 0x08)).toBe(0);
    expect(r(RCC + 0x0c)).toBe(0x1000); // PLLN = 16
    expect(r(RCC + 0x48)).toBe(0x100); // FLASHEN
    expect(r(RCC + 0x4c)).toBe(0);
    expect(r(RCC + 0x58)).toBe(0);
    expect(r(RCC + 0x94)).toBe(0x0c000600); // CSR
    expect(r(RCC + 0x68)).toBe(0x00011303); // AHB1SMENR
    // PWR needs its clock first
    expect(r(PWR)).toBe(0);
    sys.bus.write32(RCC + 0x58, 1 << 28);
    expect(r(PWR + 0x00)).toBe(0x200); // VOS range 1
    expect(r(PWR + 0x80)).toBe(0x100); // R1MODE = 1
    expect(r(PWR + 0x08)).toBe(0x8000);
    expect(r(PWR + 0x14) & (1 << 10)).toBe(0); // VOSF
    expect(r(FLASH + 0x00)).toBe(0x600); // ICEN, DCEN
    expect(r(FLASH + 0x14)).toBe(0xc0000000); // LOCK, OPTLOCK
    expect(r(FLASH + 0x20)).toBe(0xffeff8aa);
  });

  it('GPIO ports A and B differ from the others (RM0432 8.5)', () => {
    const { sys } = stm32Machine();
    sys.bus.write32(RCC + 0x4c, 0x1ff);
    expect(sys.bus.read32(GPIO('A')) >>> 0).toBe(0xabffffff);
    expect(sys.bus.read32(GPIO('A') + 0x08) >>> 0).toBe(0x0c000000);
    expect(sys.bus.read32(GPIO('A') + 0x0c) >>> 0).toBe(0x64000000);
    expect(sys.bus.read32(GPIO('B')) >>> 0).toBe(0xfffffebf);
    expect(sys.bus.read32(GPIO('B') + 0x0c) >>> 0).toBe(0x100);
    for (const p of 'CDEFGHI') expect(sys.bus.read32(GPIO(p)) >>> 0).toBe(0xffffffff);
    // PA13/PA15 pulled up, PA14 pulled down, but they are AF pins: IDR shows the pulls
    expect(sys.bus.read32(GPIO('A') + 0x10) & 0xe000).toBe(0xa000);
  });

  it('U(S)ART ISR resets to TXE|TC|TXFE (0x008000C0)', () => {
    const { sys } = stm32Machine();
    sys.bus.write32(RCC + 0x5c, 1);
    expect(sys.bus.read32(LPUART1 + 0x1c) >>> 0).toBe(0x008000c0);
  });
});

describe('RCC clock gating', () => {
  it('a peripheral whose clock is off reads 0 and ignores writes, with a warning', () => {
    const { sys, stm32 } = stm32Machine();
    const c = GPIO('C');
    expect(sys.bus.read32(c)).toBe(0);
    sys.bus.write32(c + 0x14, 0x80);
    expect(stm32.warnings.some((w) => w.includes('GPIOC') && w.includes('clock is disabled'))).toBe(true);
    sys.bus.write32(RCC + 0x4c, 1 << 2);
    expect(sys.bus.read32(c + 0x14)).toBe(0);
    sys.bus.write32(c + 0x14, 0x80);
    expect(sys.bus.read32(c + 0x14)).toBe(0x80);
  });

  it('enable registers read back only the bits of existing peripherals', () => {
    const { sys } = stm32Machine();
    sys.bus.write32(RCC + 0x5c, 0xffffffff);
    expect(sys.bus.read32(RCC + 0x5c) >>> 0).toBe(0x23); // LPUART1EN, I2C4EN, LPTIM2EN
    sys.bus.write8(RCC + 0x4c, 0x41); // byte write: GPIOAEN, GPIOGEN
    expect(sys.bus.read32(RCC + 0x4c) >>> 0).toBe(0x41);
  });

  it('a peripheral reset through RSTR restores its reset values', () => {
    const { sys } = stm32Machine();
    sys.bus.write32(RCC + 0x4c, 1 << 2);
    sys.bus.write32(GPIO('C'), 0x5555);
    sys.bus.write32(RCC + 0x2c, 1 << 2);
    sys.bus.write32(RCC + 0x2c, 0);
    expect(sys.bus.read32(GPIO('C')) >>> 0).toBe(0xffffffff);
  });
});

describe('RCC oscillators and ready flags', () => {
  it('PLLRDY rises a lock time after PLLON (20 us at 4 MHz = 80 cycles) and falls at once', () => {
    const { sys } = stm32Machine();
    sys.bus.write32(RCC + 0x0c, (1 << 0) | (60 << 8) | (1 << 24)); // MSI, M=1, N=60, R=2, PLLREN
    rmw(sys, RCC, 0, 1 << 24);
    expect(sys.bus.read32(RCC) & (1 << 25)).toBe(0);
    sys.cpu.cycles += 79;
    expect(sys.bus.read32(RCC) & (1 << 25)).toBe(0);
    sys.cpu.cycles += 1;
    expect(sys.bus.read32(RCC) & (1 << 25)).toBe(1 << 25);
    rmw(sys, RCC, 1 << 24, 0);
    expect(sys.bus.read32(RCC) & (1 << 25)).toBe(0);
  });

  it('HSI16 as system clock: SWS follows SW once HSIRDY is set', () => {
    const { sys, stm32 } = stm32Machine();
    rmw(sys, RCC + 0x08, 3, 1); // SW = HSI16 before it runs: no switch yet
    expect((sys.bus.read32(RCC + 0x08) >>> 2) & 3).toBe(0);
    rmw(sys, RCC, 0, 1 << 8);
    const n = poll(sys, RCC + 0x08, 0xc, 0x4);
    expect(n).toBeGreaterThan(1);
    expect(stm32.clock.hz).toBe(16e6);
    expect(stm32.rcc.sysclkSource).toBe('HSI16');
  });

  it('HSE: only in bypass mode on this board (no crystal), 8 MHz', () => {
    const { sys, stm32 } = stm32Machine();
    rmw(sys, RCC, 0, 1 << 16); // HSEON without HSEBYP
    sys.cpu.cycles += 100000;
    expect(sys.bus.read32(RCC) & (1 << 17)).toBe(0);
    expect(stm32.warnings.some((w) => w.includes('HSEBYP'))).toBe(true);
    rmw(sys, RCC, 1 << 16, 0);
    rmw(sys, RCC, 0, 1 << 18); // HSEBYP while off
    rmw(sys, RCC, 0, 1 << 16);
    poll(sys, RCC, 1 << 17, 1 << 17);
    rmw(sys, RCC + 0x08, 3, 2);
    expect(stm32.clock.hz).toBe(8e6);
  });

  it('the system clock cannot be stopped, MSIRGSEL is set-only', () => {
    const { sys } = stm32Machine();
    rmw(sys, RCC, 1, 0); // MSION off while MSI is SYSCLK
    expect(sys.bus.read32(RCC) & 3).toBe(3);
    rmw(sys, RCC, 0, 1 << 3);
    rmw(sys, RCC, 1 << 3, 0);
    expect(sys.bus.read32(RCC) & (1 << 3)).toBe(1 << 3);
  });

  it('MSI range follows CR.MSIRANGE after MSIRGSEL, CSR.MSISRANGE before', () => {
    const { sys, stm32 } = stm32Machine();
    rmw(sys, RCC, 0xf0, 8 << 4); // range 8 = 16 MHz, but MSIRGSEL = 0: still 4 MHz
    expect(stm32.clock.hz).toBe(4e6);
    rmw(sys, RCC, 0, 1 << 3);
    expect(stm32.clock.hz).toBe(16e6);
  });
});

describe('PWR voltage scaling', () => {
  it('VOSF is set after a VOS or R1MODE change and clears after the settling time', () => {
    const { sys, stm32 } = stm32Machine();
    sys.bus.write32(RCC + 0x58, 1 << 28);
    rmw(sys, PWR + 0x80, 1 << 8, 0); // boost
    expect(sys.bus.read32(PWR + 0x14) & (1 << 10)).toBe(1 << 10);
    const n = poll(sys, PWR + 0x14, 1 << 10, 0, 1);
    expect(n).toBe(81); // 20 us at 4 MHz
    expect(stm32.pwr.boost).toBe(true);
    rmw(sys, PWR, 3 << 9, 2 << 9); // range 2
    expect(stm32.pwr.range).toBe(2);
    expect(sys.bus.read32(PWR + 0x14) & (1 << 10)).toBe(1 << 10);
    rmw(sys, PWR, 3 << 9, 0); // forbidden value: ignored
    expect(stm32.pwr.range).toBe(2);
  });

  it('REGLPF follows LPR', () => {
    const { sys } = stm32Machine();
    sys.bus.write32(RCC + 0x58, 1 << 28);
    rmw(sys, PWR, 3 << 9, 2 << 9);
    rmw(sys, PWR, 0, 1 << 14);
    poll(sys, PWR + 0x14, 1 << 9, 1 << 9);
    rmw(sys, PWR, 1 << 14, 0);
    poll(sys, PWR + 0x14, 1 << 9, 0);
  });
});

describe('FLASH_ACR', () => {
  it('LATENCY and the ART enables read back and reach the flash state and its listeners', () => {
    const { sys, stm32 } = stm32Machine();
    const seen: string[] = [];
    stm32.flash.onChange((s, cycle) => seen.push(`${cycle}:${s.waitStates}${s.prefetch ? 'P' : ''}${s.icache ? 'I' : ''}${s.dcache ? 'D' : ''}`));
    expect(stm32.flash.state).toEqual({ waitStates: 0, prefetch: false, icache: true, dcache: true });
    sys.cpu.cycles = 10;
    sys.bus.write32(FLASH, 0x700 | 5);
    expect(sys.bus.read32(FLASH) & 0xf).toBe(5);
    sys.bus.write32(FLASH, 15);
    expect(sys.bus.read32(FLASH) >>> 0).toBe(15);
    expect(seen).toEqual(['10:5PID', '10:15']);
  });

  it('ICRST/DCRST reset the caches only while disabled', () => {
    const { sys, stm32 } = stm32Machine();
    const resets: string[] = [];
    stm32.flash.onCacheReset((c) => resets.push(c));
    sys.bus.write32(FLASH, 0x600 | (1 << 11)); // ICRST with ICEN = 1: no reset
    sys.bus.write32(FLASH, 0);
    sys.bus.write32(FLASH, (1 << 11) | (1 << 12));
    expect(resets).toEqual(['icache', 'dcache']);
  });

  it('FLASH_CR unlocks with the key sequence only', () => {
    const { sys } = stm32Machine();
    sys.bus.write32(FLASH + 0x08, 0x45670123);
    sys.bus.write32(FLASH + 0x08, 0xcdef89ab);
    expect(sys.bus.read32(FLASH + 0x14) >>> 0).toBe(0x40000000);
    sys.bus.write32(FLASH + 0x14, 0x80000000);
    expect(sys.bus.read32(FLASH + 0x14) >>> 0).toBe(0x80000000);
  });
});

describe('registers the models lack', () => {
  it('are reported once through bus.onUnmodelled, or fault with bus.unmodelled = fault', () => {
    const { sys } = stm32Machine();
    const seen: string[] = [];
    sys.bus.onUnmodelled = (addr, write) => seen.push(`${write ? 'W' : 'R'} ${addr.toString(16)}`);
    expect(sys.bus.read32(RCC + 0x24)).toBe(0); // reserved
    sys.bus.read32(RCC + 0x24);
    sys.bus.write32(RCC + 0x24, 1);
    expect(seen).toEqual(['R 40021024']); // once per address, as the bus does
    sys.bus.unmodelled = 'fault';
    expect(() => sys.bus.read32(RCC + 0x24)).toThrow(BusError);
    expect(() => sys.bus.read32(RCC + 0x00)).not.toThrow();
  });
});
