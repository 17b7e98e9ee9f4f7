// The energy meter on the fast path: when it is the only retire observer and the M4 model is
// folded, the block runner hands it runs of instructions (EnergyMeter.segment, the runner's
// SegmentObserver) instead of one retired() call each. The counters and the energy must be
// those of the interpreter to the last bit, also when the counters are read in the middle of a
// block (a store that changes the voltage range closes an energy segment) and when an
// instruction in the middle of a block faults.
import { describe, it, expect } from 'vitest';
import { machine, assemble, faultingLoop } from '../helpers/machine.ts';
import { attachCycleModel } from '../../sim/timing/index.ts';
import { attachStm32Peripherals } from '../../sim/stm32/index.ts';
import { attachEnergyMeter } from '../../sim/energy/meter.ts';

const FLASH = 0x08000000;

/** `src` in flash, the cycle model, the STM32 peripherals and the meter; `fast` picks the path. */
function metered(src: string, fast: boolean, n: number) {
  const sys = machine(assemble('nop'));
  sys.bus.load(FLASH, assemble(src));
  const cpu = sys.cpu;
  cpu.pc = FLASH;
  const t = attachCycleModel(sys);
  const stm32 = attachStm32Peripherals(sys);
  const meter = attachEnergyMeter({ sys, stm32 }, t);
  const boundaries: number[] = [];
  let segs = 0;
  const seg = meter.segment.bind(meter);
  meter.segment = (...a) => {
    segs++;
    seg(...a);
  };
  pwrHook(stm32, () => boundaries.push(meter.snapshot().energyJ));
  cpu.fastPath = fast;
  cpu.run(n);
  const s = meter.snapshot();
  return {
    state: { R: [...cpu.R], pc: cpu.pc, instret: cpu.instret, cycles: cpu.cycles, ipsr: cpu.IPSR, stop: cpu.stop },
    counters: [...s.counters],
    energyJ: s.energyJ,
    classCount: [...meter.classCount],
    boundaries,
    segs,
    segmenting: cpu.blocks.segmenting,
  };
}

function pwrHook(stm32: ReturnType<typeof attachStm32Peripherals>, f: () => void): void {
  stm32.pwr.onChange(() => f());
}

describe('energy meter segments (fast path) = per-instruction meter (interpreter)', () => {
  // a loop whose block switches the voltage range twice (PWR_CR1.VOS) between other
  // instructions: the meter closes an energy segment in the middle of the block each time
  const ranges = `
    ldr r1, =0x40021058
    ldr r2, [r1]
    orr r2, r2, #0x10000000
    str r2, [r1]
    ldr r1, =0x40007000
    ldr r2, [r1]
    bic r2, r2, #0x600
    orr r3, r2, #0x400
    orr r4, r2, #0x200
    movs r0, #0
  loop:
    adds r0, #1
    adds r5, r0, #3
    eor r6, r5, r0
    str r3, [r1]
    adds r6, #1
    mul r7, r6, r0
    str r4, [r1]
    adds r7, #2
    cmp r0, #50
    bne loop
    b .
  `;
  it('a voltage-range change in the middle of a block', () => {
    const slow = metered(ranges, false, 2000);
    const fast = metered(ranges, true, 2000);
    expect(fast.segmenting).toBe(true);
    expect(fast.segs).toBeGreaterThan(10);
    expect(slow.boundaries.length).toBeGreaterThanOrEqual(100);
    expect(fast).toEqual({ ...slow, segs: fast.segs, segmenting: true });
  });

  // a fault in the middle of a block (a load from unmapped memory after 40 passes)
  const faulting = faultingLoop();
  it('a fault in the middle of a block', () => {
    const slow = metered(faulting, false, 1000);
    const fast = metered(faulting, true, 1000);
    expect(fast.segmenting).toBe(true);
    expect(slow.state.R[0]).toBe(40);
    expect(fast).toEqual({ ...slow, segs: fast.segs, segmenting: true });
  });

  it('M4SIM_SEGMENT_OBSERVER off: the meter is called per instruction', () => {
    const sys = machine(assemble('nop'));
    sys.bus.load(FLASH, assemble(faulting));
    sys.cpu.pc = FLASH;
    const t = attachCycleModel(sys);
    attachEnergyMeter({ sys }, t);
    sys.cpu.blocks.segments = false;
    sys.cpu.run(100);
    expect(sys.cpu.blocks.segmenting).toBe(false);
    expect(sys.cpu.blocks.mode).toBe('fold');
  });
});
