// DWT CYCCNT, ITM stimulus ports and CoreDebug DEMCR (sim/periph/dwt.ts, itm.ts, coredebug.ts).
import { describe, it, expect } from 'vitest';
import { excMachine, runToStop } from './helpers.ts';

const DEMCR = 0xe000edfc;
const DHCSR = 0xe000edf0;
const DWT_CTRL = 0xe0001000;
const DWT_CYCCNT = 0xe0001004;
const DWT_PCSR = 0xe000101c;
const ITM = 0xe0000000;
const ITM_TER = 0xe0000e00;
const ITM_TCR = 0xe0000e80;
const ITM_LAR = 0xe0000fb0;
const ITM_LSR = 0xe0000fb4;

describe('DWT', () => {
  it('CYCCNT counts cpu.cycles only while CYCCNTENA and DEMCR.TRCENA are set', () => {
    const m = excMachine('b .');
    const { bus, cpu } = m.sys;
    expect(bus.read32(DWT_CTRL)).toBe(0x40000000); // NUMCOMP = 4
    cpu.cycles = 100;
    bus.write32(DWT_CTRL, 1);
    cpu.cycles = 200;
    expect(bus.read32(DWT_CYCCNT)).toBe(0); // TRCENA off
    bus.write32(DEMCR, 1 << 24);
    expect(bus.read32(DEMCR)).toBe(1 << 24);
    cpu.cycles = 250;
    expect(bus.read32(DWT_CYCCNT)).toBe(50);
    bus.write32(DWT_CYCCNT, 0xfffffff0);
    cpu.cycles = 270;
    expect(bus.read32(DWT_CYCCNT)).toBe(4); // wraps at 32 bits
    bus.write32(DWT_CTRL, 0);
    cpu.cycles = 1000;
    expect(bus.read32(DWT_CYCCNT)).toBe(4); // frozen
    bus.write32(DWT_CTRL, 1);
    cpu.cycles = 1010;
    expect(bus.read32(DWT_CYCCNT)).toBe(14);
    bus.write32(DEMCR, 0);
    cpu.cycles = 2000;
    expect(bus.read32(DWT_CYCCNT)).toBe(14);
    expect(bus.read32(0xe0001008)).toBe(0); // CPICNT: not modelled, reads 0
  });

  it('a program measures a loop with CYCCNT; the count matches cpu.cycles', () => {
    const m = excMachine(`
      ldr r0, =${DEMCR}
      ldr r1, =0x01000000
      str r1, [r0]
      ldr r0, =${DWT_CYCCNT}
      movs r1, #0
      str r1, [r0]
      ldr r2, =${DWT_CTRL}
      movs r1, #1
      str r1, [r2]
      ldr r4, [r0]
      movs r3, #100
    loop:
      subs r3, r3, #1
      bne loop
      ldr r5, [r0]
      bkpt #0x42
    `);
    const cpu = m.sys.cpu;
    // the core's cycle count at each CYCCNT read
    const at: number[] = [];
    const dwt = m.p.dwt;
    const read32 = dwt.read32.bind(dwt);
    dwt.read32 = (off: number) => {
      if (off === 4) at.push(cpu.cycles);
      return read32(off);
    };
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    const [c4, c5] = [cpu.R[4], cpu.R[5]];
    expect(at.length).toBe(2);
    expect(c5 - c4).toBe(at[1] - at[0]);
    // ldr + movs + 100 x (subs, bne): at least 202 cycles
    expect(c5 - c4).toBeGreaterThanOrEqual(202);
    expect(c4).toBeLessThan(5);
  });

  it('PCSR samples the executing instruction', () => {
    const m = excMachine(`
      ldr r0, =${DWT_PCSR}
    here:
      ldr r1, [r0]
      bkpt #0x42
    `);
    runToStop(m);
    const pc = m.sys.cpu.R[1];
    expect(m.sys.bus.read16(pc)).toBe(0x6801); // ldr r1, [r0]
  });
});

describe('ITM', () => {
  it('delivers writes to enabled stimulus ports with their size and cycle, after LAR unlock', () => {
    const m = excMachine(`
      ldr r0, =${DEMCR}
      ldr r1, =0x01000000
      str r1, [r0]
      ldr r0, =${ITM_TCR}
      movs r1, #1
      str r1, [r0]            @ locked: ignored
      ldr r2, =${ITM_LSR}
      ldr r5, [r2]
      ldr r2, =${ITM_LAR}
      ldr r3, =0xc5acce55
      str r3, [r2]
      ldr r2, =${ITM_LSR}
      ldr r6, [r2]
      str r1, [r0]            @ ITMENA
      ldr r0, =${ITM_TER}
      movs r1, #0x9           @ ports 0 and 3
      str r1, [r0]
      ldr r0, =${ITM}
      ldr r7, [r0]            @ FIFOREADY
      movs r1, #0x41
      strb r1, [r0]           @ port 0, byte
      ldr r1, =0x12345678
      str r1, [r0, #12]       @ port 3, word
      strh r1, [r0, #12]      @ port 3, halfword
      str r1, [r0, #4]        @ port 1: not enabled
      bkpt #0x42
    `);
    const got: [number, number, number, number][] = [];
    m.p.itm.onStimulus = (port, value, size, cycles) => got.push([port, value, size, cycles]);
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    const R = m.sys.cpu.R;
    expect(R[5]).toBe(3); // locked
    expect(R[6]).toBe(1); // unlocked
    expect(R[7]).toBe(1);
    expect(got.map((g) => g.slice(0, 3))).toEqual([
      [0, 0x41, 1],
      [3, 0x12345678, 4],
      [3, 0x5678, 2],
    ]);
    expect(got[0][3]).toBeLessThan(got[1][3]);
    expect(m.p.itm.delivered).toBe(3);
  });

  it('nothing is delivered without DEMCR.TRCENA', () => {
    const m = excMachine('b .');
    const bus = m.sys.bus;
    bus.write32(ITM_LAR, 0xc5acce55);
    bus.write32(ITM_TCR, 1);
    bus.write32(ITM_TER, 1);
    const got: number[] = [];
    m.p.itm.onStimulus = (_p, v) => got.push(v);
    bus.write32(ITM, 7);
    bus.write32(DEMCR, 1 << 24);
    bus.write32(ITM, 8);
    bus.write32(ITM_LAR, 0); // lock again: TCR writes ignored, ports still work
    bus.write32(ITM_TCR, 0);
    expect(bus.read32(ITM_TCR)).toBe(1);
    bus.write32(ITM, 9);
    expect(got).toEqual([8, 9]);
  });
});

describe('CoreDebug', () => {
  it('DHCSR reads 0 (no debugger); DEMCR.MON_EN enables DebugMonitor, MON_PEND pends it', () => {
    const m = excMachine(
      `
      ldr r0, =${DEMCR}
      ldr r1, =0x00020000    @ MON_PEND without MON_EN: not taken
      str r1, [r0]
      ldr r1, =0x00030000    @ MON_EN: taken
      str r1, [r0]
      bkpt #0x41
    mon_h:
      ldr r0, =${DEMCR}
      ldr r4, [r0]
      mrs r5, ipsr
      bkpt #0x42
    `,
      { 12: 'mon_h' },
    );
    expect(m.sys.bus.read32(DHCSR)).toBe(0);
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[4]).toBe(0x00010000); // pending cleared by taking it
    expect(m.sys.cpu.R[5]).toBe(12);
  });
});
