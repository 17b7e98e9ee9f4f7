// The cycle model's mechanisms outside the firmware benchmarks: profile checking, attach and
// detach, exception entry/return with the FP context (lazy and immediate stacking), the flash
// configuration coming live from FLASH_ACR, and the ART's caches and prefetch on their own.
import { describe, it, expect } from 'vitest';
import { machine, assemble, CODE_BASE } from '../helpers/machine.ts';
import { stm32Machine, FLASH } from '../stm32/helpers.ts';
import { loadProfile, ProfileError } from '../../sim/profile.ts';
import { attachCycleModel, timingParams } from '../../sim/timing/index.ts';
import { ArtAccelerator, UnitCache } from '../../sim/timing/art.ts';

describe('profile timing section', () => {
  it('every number is read and has a source', () => {
    const p = timingParams(loadProfile('stm32l4r5zi'));
    expect(p.core.load).toBe(2);
    expect(p.core.refillLoad).toBe(3);
    expect(p.flash.readBytes).toBe(8);
    expect(p.exceptions.entry).toBe(12);
  });
  it('a number without a source, or missing, is a clear error', () => {
    const prof = loadProfile('stm32l4r5zi');
    const t = structuredClone(prof.timing) as { core: Record<string, unknown> & { sources: Record<string, string> } };
    delete t.core.sources.load;
    expect(() => timingParams({ ...prof, timing: t })).toThrow(ProfileError);
    expect(() => timingParams({ ...prof, timing: t })).toThrow(/timing\.core\.load has no source/);
    const u = structuredClone(prof.timing) as { core: Record<string, unknown> };
    u.core.store = -1;
    expect(() => timingParams({ ...prof, timing: u })).toThrow(/timing\.core\.store must be a whole number/);
    expect(() => timingParams({ ...prof, timing: undefined })).toThrow(/no "timing" section/);
  });
});

describe('attach and detach', () => {
  it('the model prices instructions; detach goes back to one cycle each', () => {
    const sys = machine(assemble('ldr r0, [sp]\nudiv r1, r2, r3\nb .'));
    sys.cpu.R[2] = 0xffffffff;
    sys.cpu.R[3] = 1;
    const t = attachCycleModel(sys);
    sys.cpu.run(2);
    expect(sys.cpu.cycles).toBe(2 + 10);
    expect(t.summary().instructionsByClass).toEqual({ LOAD: 1, DIV: 1 });
    expect(t.summary().otherStallCycles).toBe(8);
    t.detach();
    sys.cpu.run(3);
    expect(sys.cpu.cycles).toBe(15);
  });
});

// SVC from Thread mode with an FP context (CONTROL.FPCA = 1 after VMOV); the handler at
// +0x100, the vector table at +0x400 (VTOR).
function svcMachine(handler: string, fpccr?: number) {
  const main = assemble('vmov s0, r0\nsvc #0\n1: b 1b');
  const h = assemble(handler);
  const sys = machine(main);
  sys.bus.load(CODE_BASE + 0x100, h);
  const vt = new Uint8Array(4 * 16);
  new DataView(vt.buffer).setUint32(4 * 11, (CODE_BASE + 0x100) | 1, true);
  sys.bus.load(CODE_BASE + 0x400, vt);
  sys.bus.write32(0xe000ed08, CODE_BASE + 0x400); // VTOR
  if (fpccr !== undefined) sys.bus.write32(0xe000ef34, fpccr); // FPCCR
  const t = attachCycleModel(sys);
  return { sys, t };
}

describe('exceptions (TRM 5.5.1) and the FP context', () => {
  // VMOV 1, SVC 1, entry 12, handler instruction(s), BX LR 1 + exit 10
  it('lazy stacking: the handler\'s first FP instruction saves the context (+17), the return restores it (+17)', () => {
    const { sys, t } = svcMachine('vadd.f32 s1, s2, s3\nbx lr');
    sys.cpu.run(4);
    expect(sys.cpu.IPSR).toBe(0);
    expect(sys.cpu.cycles).toBe(1 + 1 + 12 + 17 + 1 + 1 + 10 + 17);
    expect(t.summary().detail.fpContextSaves).toBe(1);
    expect(t.summary().exceptionCycles).toBe(12 + 17 + 10 + 17);
  });
  it('lazy stacking with a handler that does not use the FPU: no FP cost', () => {
    const { sys } = svcMachine('nop\nbx lr');
    sys.cpu.run(4);
    expect(sys.cpu.cycles).toBe(1 + 1 + 12 + 1 + 1 + 10);
  });
  it('immediate stacking (FPCCR.LSPEN = 0): +17 at entry and +17 at return', () => {
    const { sys, t } = svcMachine('nop\nbx lr', 0x80000000);
    sys.cpu.run(4);
    expect(sys.cpu.cycles).toBe(1 + 1 + 12 + 17 + 1 + 1 + 10 + 17);
    expect(t.summary().detail.entries).toBe(1);
    expect(t.summary().detail.exits).toBe(1);
  });
});

describe('flash configuration from FLASH_ACR', () => {
  it('the model reads the live wait states and enables, and code in flash pays them', () => {
    const code = assemble('.rept 64\nadds r0, r0, #1\n.endr\nb .');
    const { sys, stm32 } = stm32Machine();
    sys.bus.load(0x08000000, code);
    sys.cpu.pc = 0x08000000;
    const t = attachCycleModel(sys);
    expect(t.flash).toBe(stm32.flash.state);
    sys.bus.write32(FLASH, 3); // LATENCY 3, prefetch and caches off
    expect(t.flash).toEqual({ waitStates: 3, prefetch: false, icache: false, dcache: false });
    sys.cpu.run(64);
    // 16 units of 4 instructions, each unit waits 3
    expect(sys.cpu.cycles).toBe(64 + 16 * 3);
    expect(t.summary().flashWaitCycles).toBe(48);
  });
  it('without the STM32 FLASH device the reset configuration holds (0 wait states)', () => {
    const sys = machine([]);
    expect(attachCycleModel(sys).flash).toEqual({ waitStates: 0, prefetch: false, icache: true, dcache: true });
  });
});

describe('ART accelerator (RM0432 3.3.4) on its own', () => {
  it('set-associative LRU: the least recently used unit of a set goes', () => {
    const c = new UnitCache(2, 2);
    c.insert(0);
    c.insert(2);
    expect(c.lookup(0)).toBe(true); // 2 is now LRU in set 0
    c.insert(4);
    expect(c.holds(0)).toBe(true);
    expect(c.holds(2)).toBe(false);
    expect(c.holds(4)).toBe(true);
    c.insert(1); // set 1 is separate
    expect(c.holds(0) && c.holds(4) && c.holds(1)).toBe(true);
    c.clear();
    expect(c.holds(0)).toBe(false);
  });
  const params = { readBytes: 8, icacheSets: 32, icacheWays: 4, dcacheSets: 8, dcacheWays: 4 };
  it('demand reads wait LATENCY; the same unit again is free', () => {
    const art = new ArtAccelerator({ waitStates: 4, prefetch: false, icache: false, dcache: false }, params);
    expect(art.fetch(0, 0)).toBe(4);
    expect(art.fetch(2, 5)).toBe(0);
    expect(art.fetch(8, 8)).toBe(4);
  });
  it('prefetch: the next unit arrives LATENCY + 1 cycles after the current one', () => {
    const art = new ArtAccelerator({ waitStates: 5, prefetch: true, icache: false, dcache: false }, params);
    expect(art.fetch(0, 0)).toBe(5); // ready at 5; next unit read from 6, ready at 11
    expect(art.fetch(8, 9)).toBe(2);
    expect(art.fetch(16, 100)).toBe(0);
    expect(art.stats.prefetchHits).toBe(2);
  });
  it('prefetch with the I-cache on: a hit prefetches the next unit unless the I-cache holds it', () => {
    const art = new ArtAccelerator({ waitStates: 3, prefetch: true, icache: true, dcache: false }, params);
    // unit 0 missed: ready at 3, array free at 4; unit 1 prefetched from 4, ready at 7
    expect(art.fetch(0, 0)).toBe(3);
    // unit 1 from the prefetch buffer at 7 (into the I-cache); unit 2 prefetched, ready at 11
    expect(art.fetch(8, 5)).toBe(2);
    // unit 0 hits; unit 1 is in the I-cache, so the prefetcher stops (unit 2 abandoned)
    expect(art.fetch(0, 20)).toBe(0);
    // unit 1 hits; unit 2 is not cached: prefetched from 22, ready at 25
    expect(art.fetch(8, 21)).toBe(0);
    // unit 2 from the prefetch buffer at 25
    expect(art.fetch(16, 23)).toBe(2);
    expect(art.stats).toMatchObject({ fetchReads: 1, prefetchReads: 4, prefetchHits: 2, icacheHits: 2, icacheMisses: 1, fetchStall: 7 });
  });
  it('a data read keeps the array busy: the next fetch miss waits for it', () => {
    const art = new ArtAccelerator({ waitStates: 2, prefetch: false, icache: false, dcache: false }, params);
    expect(art.data(64, 0)).toBe(2); // array busy until 3
    expect(art.fetch(0, 1)).toBe(2 + 2);
  });
  it('I-cache and D-cache hits cost nothing; ICRST/DCRST empty them', () => {
    const art = new ArtAccelerator({ waitStates: 3, prefetch: false, icache: true, dcache: true }, params);
    expect(art.fetch(0, 0)).toBe(3);
    expect(art.fetch(8, 10)).toBe(3);
    expect(art.fetch(0, 20)).toBe(0);
    expect(art.data(64, 30)).toBe(3);
    expect(art.data(64, 40)).toBe(0);
    art.resetIcache();
    art.resetDcache();
    expect(art.fetch(8, 50)).toBe(3);
    expect(art.data(64, 60)).toBe(3);
  });
});
