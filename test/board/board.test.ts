import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileRun, type ProfileResult } from '../../sim/profiler/run.ts';
import { readAnalyzerCsv, readSampleCsv } from '../../sim/board/measure.ts';
import { matchWindows, fitCharges, compareWindows, type Pair } from '../../sim/board/calibrate.ts';
import { energyParams, energyOf, withCharges, type CoeffKey } from '../../sim/energy/model.ts';
import { loadProfile } from '../../sim/profile.ts';
import { main } from '../../sim/cli/main.ts';

const ROOT = 'profiles/baselines/vae-run';
const base = energyParams(loadProfile('stm32l4r5zi'));
// a "board" whose charges differ from the profile's
const known = withCharges(base, { cycle: 88.5, instruction: 14, mul: 25, branch: 2, memWord: 9, fp: 41, stallCycle: -35 });
const FIT: CoeffKey[] = ['cycle', 'instruction', 'mul', 'branch', 'memWord', 'fp', 'stallCycle'];

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: Uint8Array | string) => out.push(typeof s === 'string' ? s : Buffer.from(s).toString()), stderr: (s: string) => err.push(s) }, out, err };
}

/** Deterministic normal noise (xorshift + Box-Muller). */
function noise(seed: number) {
  let s = seed >>> 0 || 1;
  const u = () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0) / 4294967296 + 1e-12);
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

let fp32: ProfileResult;
let u8: ProfileResult;
beforeAll(() => {
  fp32 = profileRun({ elf: 'firmware/elf/vae-fp32.elf', semihostRoot: ROOT, functions: false });
  u8 = profileRun({ elf: 'firmware/elf/vae-u8.elf', semihostRoot: ROOT, functions: false });
}, 180_000);

/** Per-layer windows of both firmwares "measured" on the known board. */
function measured(rel: number) {
  const n = noise(42);
  const pairs: Pair[] = [];
  for (const w of [...fp32.windows, ...u8.windows]) {
    const e = energyOf(known, w.range, w.seconds, w.counters) * (1 + rel * n());
    pairs.push({ sim: w, meas: { name: w.name, index: w.index, seconds: w.seconds, energyJ: e, powerW: e / w.seconds } });
  }
  return pairs;
}

describe('calibrate', () => {
  it('recovers known coefficients within 1 % from exact measurements', () => {
    const f = fitCharges(measured(0), base, FIT);
    for (const k of FIT) expect(Math.abs(f.after[k] - known.charge[k]) / Math.abs(known.charge[k])).toBeLessThan(0.01);
    expect(f.rmsResidualPct).toBeLessThan(1e-6);
  });
  it('with 0.5 % measurement noise: residuals at the noise level, predictions within the noise', () => {
    const f = fitCharges(measured(0.005), base, FIT);
    expect(f.rmsResidualPct).toBeGreaterThan(0.2);
    expect(f.rmsResidualPct).toBeLessThan(1);
    // the per-cycle charge dominates; the correlated counters (instructions, stalls, cycles)
    // pass the noise on to the coefficients, amplified by the fit's condition number
    expect(Math.abs(f.after.cycle - known.charge.cycle) / known.charge.cycle).toBeLessThan(0.1);
    // the fitted model predicts the step energies within the noise
    const steps = [...fp32.windows, ...u8.windows].filter((w) => w.name === 'train_step');
    for (const w of steps) expect(Math.abs(energyOf(f.params, w.range, w.seconds, w.counters) / energyOf(known, w.range, w.seconds, w.counters) - 1)).toBeLessThan(0.005);
  });
  it('refuses coefficients the windows cannot separate', () => {
    expect(() => fitCharges(measured(0), base, ['sleepCycle'])).toThrow(/counter is 0 in every measured window/);
    const two = measured(0).filter((p) => p.sim.name === 'train_step');
    expect(() => fitCharges(two.slice(0, 2), base, FIT)).toThrow(/2 measured windows cannot determine 7 coefficients/);
  });
  it('m4sim calibrate writes a profile with the fitted charges and reports residuals', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'm4cal-'));
    const rows = ['window,index,latency_ms,energy_mJ'];
    for (const w of u8.windows) rows.push(`${w.name},${w.index},${w.seconds * 1e3},${energyOf(known, w.range, w.seconds, w.counters) * 1e3}`);
    writeFileSync(join(dir, 'm.csv'), rows.join('\n') + '\n');
    const x = io();
    const code = await main(['calibrate', '--run', `firmware/elf/vae-u8.elf=${join(dir, 'm.csv')}`, '--semihost-root', ROOT, '--fit', 'cycle,fp,memWord', '-o', join(dir, 'cal.json')], x.io);
    expect(x.err.join('')).toBe('');
    expect(code).toBe(0);
    expect(x.out.join('')).toMatch(/fitted 3 coefficient\(s\) to \d+ window\(s\)/);
    expect(x.out.join('')).toMatch(/residuals \(model - measured\) \/ measured: rms \d+\.\d+ %/);
    const p = JSON.parse(readFileSync(join(dir, 'cal.json'), 'utf8'));
    expect(p.name).toBe('cal');
    expect(p.timing).toEqual(loadProfile('stm32l4r5zi').timing === undefined ? undefined : JSON.parse(readFileSync('profiles/stm32l4r5zi.json', 'utf8')).timing);
    expect(p.energy.charge.sources.fp).toMatch(/^fitted by m4sim calibrate to m.csv/);
    const got = energyParams({ ...p, name: 'cal' });
    expect(got.charge.instruction).toBe(base.charge.instruction); // not fitted
    const e = (q: typeof base) => u8.windows.filter((w) => w.name === 'train_step').map((w) => energyOf(q, w.range, w.seconds, w.counters));
    // 3 of 7 differing coefficients fitted: the fit absorbs the rest, steps within a few %
    e(got).forEach((v, i) => expect(Math.abs(v / e(known)[i] - 1)).toBeLessThan(0.03));
  }, 120_000);
});

describe('compare', () => {
  it('cuts an analyser export at the digital input and matches the simulated windows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'm4cmp-'));
    // a synthetic analyser trace of the fp32 run at 100 kHz: the simulated power inside the
    // train_step windows, 10 mW elsewhere; in0 = the train-step pin
    const steps = fp32.windows.filter((w) => w.name === 'train_step');
    const dt = 1e-5;
    const lines = ['time,current,voltage,in0,in1'];
    const end = steps[steps.length - 1].startSeconds + steps[steps.length - 1].seconds + 0.002;
    for (let k = 0, t = 0; t < end; k++, t = k * dt) {
      const w = steps.find((s) => t >= s.startSeconds && t < s.startSeconds + s.seconds);
      const p = w ? w.powerW : 0.01;
      lines.push(`${t.toFixed(6)},${(p / 3.3).toExponential(9)},3.3,${w ? 1 : 0},0`);
    }
    writeFileSync(join(dir, 'a.csv'), lines.join('\n') + '\n');
    const a = readAnalyzerCsv(join(dir, 'a.csv'), { channel: 'in0' });
    expect(a.length).toBe(steps.length);
    const cmp = compareWindows(matchWindows(fp32.windows, a, 'train_step'));
    for (const r of cmp.rows) {
      expect(Math.abs(r.latency!.errPct)).toBeLessThan(0.05); // 10 us sampling of a 70 ms window
      expect(Math.abs(r.energy!.errPct)).toBeLessThan(0.1);
    }
    // a per-sample CSV through the CLI: the published figures, errors printed
    const x = io();
    const code = await main(['compare', 'firmware/elf/vae-fp32.elf', '--measured', 'docs/energy/published-fp32.csv', '--semihost-root', ROOT], x.io);
    expect(code).toBe(0);
    expect(x.out.join('')).toMatch(/^train_step#0 +\d+\.\d{3} +224\.010 +[-+]\d+\.\d+%/m);
    expect(x.out.join('')).toMatch(/mean \|error\| over 3 window\(s\)/);
  }, 120_000);
  it('reads units from the column names; bad files give one-line errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'm4csv-'));
    writeFileSync(join(dir, 's.csv'), 'latency_us,energy_uJ\n1000,50\n2000,90\n');
    const s = readSampleCsv(join(dir, 's.csv'));
    expect(s[1]).toMatchObject({ name: null, index: 1, powerW: null });
    expect(s[1].seconds).toBeCloseTo(0.002, 15);
    expect(s[1].energyJ).toBeCloseTo(9e-5, 15);
    writeFileSync(join(dir, 'bad.csv'), 'latency_ms,energy_mJ\n1,x\n');
    const x = io();
    expect(await main(['compare', 'firmware/elf/vae-fp32.elf', '--measured', join(dir, 'bad.csv')], x.io)).toBe(66);
    expect(x.err.join('')).toMatch(/^m4sim: .*bad.csv: line 2: energy 'x' is not a number\n$/);
  });
});
