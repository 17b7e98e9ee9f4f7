import { describe, it, expect } from 'vitest';
import { Session } from '../../sim/session.ts';
import { attachCycleModel } from '../../sim/timing/index.ts';
import { attachEnergyMeter, windowCost } from '../../sim/energy/meter.ts';
import { energyParams, energyOf, NK, K_SLEEP, K_CYCLES, K_INSTR, COEFF_KEYS, withCharges } from '../../sim/energy/model.ts';
import { loadProfile, ProfileError } from '../../sim/profile.ts';

const profile = loadProfile('stm32l4r5zi');

describe('energy model parameters', () => {
  it('reads the profile: every coefficient present and cited', () => {
    const p = energyParams(profile);
    expect(p.supplyVolts).toBe(3.3);
    for (const k of COEFF_KEYS) expect(typeof p.charge[k]).toBe('number');
    // ST's ~100-110 uA/MHz Run-mode figure: the per-cycle charge is of that order
    expect(p.charge.cycle).toBeGreaterThan(80);
    expect(p.charge.cycle).toBeLessThan(120);
  });
  it('rejects an uncited number and an unknown coefficient', () => {
    const e = structuredClone(profile.energy) as any;
    delete e.charge.sources.fp;
    expect(() => energyParams({ ...profile, energy: e })).toThrow(ProfileError);
    expect(() => energyParams({ ...profile, energy: e })).toThrow(/energy.charge.fp has no source/);
    const f = structuredClone(profile.energy) as any;
    f.charge.bogus = 1;
    expect(() => energyParams({ ...profile, energy: f })).toThrow(/bogus is not a coefficient/);
    expect(() => energyParams({ ...profile, energy: undefined })).toThrow(/no "energy" section/);
  });
  it('is linear in the counters and in time', () => {
    const p = energyParams(profile);
    const a = Array.from({ length: NK }, (_, i) => 1000 * (i + 1));
    const b = Array.from({ length: NK }, (_, i) => 37 * (i + 3));
    const ab = a.map((v, i) => v + b[i]);
    const e = (n: number[], t: number) => energyOf(p, 'range1Boost', t, n);
    expect(e(ab, 0.3)).toBeCloseTo(e(a, 0.1) + e(b, 0.2), 15);
    // 1 s of 120 M cycles at the cycle charge alone: V * (Istatic + q * 120e6 * 1e-12)
    const n = new Array(NK).fill(0);
    n[K_CYCLES] = 120e6;
    expect(e(n, 1)).toBeCloseTo(3.3 * (p.staticAmps.range1Boost + p.charge.cycle * 120e-6), 12);
    expect(energyOf(p, 'range2', 1, n)).toBeLessThan(e(n, 1));
  });
});

describe('energy meter', () => {
  it('run energy = the model applied to the run counters; per-window costs add up', () => {
    const s = new Session({ elf: 'firmware/elf/sort-O2.elf' });
    const t = attachCycleModel(s.sys);
    const m = attachEnergyMeter(s, t);
    const a = m.snapshot();
    s.run({ maxInstructions: 200_000 });
    const mid = m.snapshot();
    s.run({ maxInstructions: 400_000 });
    const b = m.snapshot();
    const p = energyParams(profile);
    const whole = windowCost(a, b);
    expect(whole.cycles).toBe(s.sys.cpu.cycles);
    expect(whole.counters[K_CYCLES] + whole.counters[K_SLEEP]).toBe(s.sys.cpu.cycles);
    expect(whole.counters[K_INSTR]).toBeGreaterThan(100_000);
    // sort-O2 never changes the clock: reset clock (MSI 4 MHz), range 1 normal (RM0432 reset)
    expect(whole.seconds).toBeCloseTo(s.sys.cpu.cycles / 4e6, 12);
    expect(whole.energyJ).toBeCloseTo(energyOf(p, 'range1', whole.seconds, whole.counters), 15);
    const w1 = windowCost(a, mid), w2 = windowCost(mid, b);
    expect(w1.energyJ + w2.energyJ).toBeCloseTo(whole.energyJ, 15);
    expect(whole.powerW).toBeGreaterThan(0);
  });
  it('counts cycles asleep after WFI at the sleep charge', () => {
    const run = (sleepCycle: number) => {
      const s = new Session({ elf: 'firmware/elf/systick-O2.elf' });
      const t = attachCycleModel(s.sys);
      const p = withCharges(energyParams(profile), { sleepCycle });
      const m = attachEnergyMeter(s, t, p);
      const a = m.snapshot();
      const r = s.run({ maxCycles: 5_000_000 });
      return { r, w: windowCost(a, m.snapshot()) };
    };
    const x = run(35);
    const y = run(70);
    expect(x.r.stop.kind).toBe('exit');
    expect(x.w.counters[K_SLEEP]).toBeGreaterThan(0);
    expect(x.w.counters[K_CYCLES] + x.w.counters[K_SLEEP]).toBe(x.r.cycles);
    // doubling the sleep charge adds exactly V * 35 pC per sleeping cycle (range 1 normal scale)
    const p = energyParams(profile);
    expect(y.w.energyJ - x.w.energyJ).toBeCloseTo(3.3 * p.rangeScale.range1 * 35e-12 * x.w.counters[K_SLEEP], 15);
  });
});
