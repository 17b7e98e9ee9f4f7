// The real clock set-up code of the firmware (firmware/common/system_stm32l4r5.c) and the
// board helpers (board.h: GPIO marks, LPUART1 on PG7/PG8), compiled with arm-none-eabi-gcc and
// run on the simulated core against the peripheral models: every polling loop must end, the
// clock must be what the code asked for, and no register it touches may be unmodelled.
import { describe, it, expect } from 'vitest';
import { machine } from '../helpers/machine.ts';
import { attachStm32Peripherals } from '../../sim/stm32/index.ts';
import { buildImage } from './build.ts';

const ENTRY = `
.global entry
.thumb_func
entry:
  ldr r0, =mhz_arg
  ldr r0, [r0]
  bl app
  ldr r1, =result
  str r0, [r1]
done:
  b done
.ltorg
.data
.global mhz_arg
mhz_arg: .word 0
.global result
result: .word 0xdeadbeef
`;

const APP = `
#include <stdint.h>
#include "system_stm32l4r5.h"
#include "board.h"
int app(uint32_t mhz) {
  int r = clock_init_mhz(mhz);
  if (r != 0) return r;
  marks_init();
  mark0_high();
  mark1_high();
  mark0_low();
  lpuart1_init(mhz * 1000000u, 115200);
  lpuart1_puts("ok\\n");
  mark1_low();
  return 0;
}
`;

function runApp(mhz: number, txTiming: 'baud' | 'immediate' = 'baud') {
  const { image, symbols } = buildImage(ENTRY, { 'app.c': APP }, ['system_stm32l4r5.c']);
  const sys = machine(image);
  const unmodelled: string[] = [];
  sys.bus.onUnmodelled = (addr, write) => unmodelled.push(`${write ? 'W' : 'R'} 0x${addr.toString(16)}`);
  const tx: number[] = [];
  const stm32 = attachStm32Peripherals(sys, { txTiming, onTx: (_n, b) => tx.push(b) });
  sys.bus.write32(symbols.mhz_arg, mhz);
  sys.cpu.run(2_000_000);
  stm32.flushTx();
  return { sys, stm32, symbols, tx: String.fromCharCode(...tx), unmodelled, result: sys.bus.read32(symbols.result) | 0 };
}

describe('firmware clock set-up and board helpers on the models', () => {
  it('clock_init_mhz(120): PLL 120 MHz in boost mode, 5 wait states, LPUART1 prints', () => {
    const r = runApp(120);
    expect(r.sys.cpu.stop).toBeNull();
    expect(r.sys.cpu.pc).toBe(r.symbols.done);
    expect(r.result).toBe(0);
    expect(r.stm32.clock.hz).toBe(120e6);
    expect(r.stm32.clock.timeline.map((e) => e.hz)).toEqual([4e6, 60e6, 120e6]);
    expect(r.stm32.flash.state).toEqual({ waitStates: 5, prefetch: true, icache: true, dcache: true });
    expect(r.stm32.pwr.boost).toBe(true);
    expect(r.tx).toBe('ok\n');
    expect(r.unmodelled).toEqual([]);
    expect(r.stm32.warnings).toEqual([]);
    // marks: PC7 up then down, PB7 up then down (after the 3 bytes at 115200 baud)
    const edges = r.stm32.pinLog.map((e) => `P${e.port}${e.pin}=${e.level}`);
    expect(edges).toEqual(['PC7=1', 'PB7=1', 'PC7=0', 'PB7=0']);
    const log = r.stm32.pinLog;
    // 'o' goes to the shift register, 'k' waits in TDR, '\n' waits one frame (10 bits at
    // 115200 baud = 10417 cycles at 120 MHz) for TXE: PB7 falls just after that
    const frame = (10 / 115200) * 120e6;
    expect(log[3].cycle - log[2].cycle).toBeGreaterThan(frame);
    expect(log[3].cycle - log[2].cycle).toBeLessThan(frame + 1000);
  });

  it('clock_init_mhz(24): range 1 normal, 1 wait state', () => {
    const r = runApp(24, 'immediate');
    expect(r.result).toBe(0);
    expect(r.stm32.clock.hz).toBe(24e6);
    expect(r.stm32.clock.timeline.map((e) => e.hz)).toEqual([4e6, 24e6]);
    expect(r.stm32.flash.state.waitStates).toBe(1);
    expect(r.stm32.pwr.boost).toBe(false);
    expect(r.tx).toBe('ok\n');
    expect(r.unmodelled).toEqual([]);
    expect(r.stm32.warnings).toEqual([]);
  });

  it('clock_init_mhz(4): stays on MSI', () => {
    const r = runApp(4, 'immediate');
    expect(r.result).toBe(0);
    expect(r.stm32.clock.hz).toBe(4e6);
    expect(r.stm32.clock.timeline).toHaveLength(1);
    expect(r.tx).toBe('ok\n');
    expect(r.unmodelled).toEqual([]);
    expect(r.stm32.warnings).toEqual([]);
  });
});
