import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../sim/session.ts';
import { attachCycleModel } from '../../sim/timing/index.ts';
import { profileRun, meanWindow, type ProfileResult } from '../../sim/profiler/run.ts';
import { textReport, chromeTrace, layerChartSvg, functionsCsv, windowsCsv } from '../../sim/profiler/output.ts';
import { main } from '../../sim/cli/main.ts';

function plainRun(elf: string, maxCycles?: number) {
  const s = new Session({ elf });
  attachCycleModel(s.sys);
  return s.run({ maxCycles });
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: Uint8Array | string) => out.push(typeof s === 'string' ? s : Buffer.from(s).toString()), stderr: (s: string) => err.push(s) }, out, err };
}

describe('function profile', () => {
  let r: ProfileResult;
  beforeAll(() => {
    r = profileRun({ elf: 'firmware/elf/recurse-O0.elf', traceMinCycles: 1000 });
  });
  it('leaves the counts of the run unchanged', () => {
    const p = plainRun('firmware/elf/recurse-O0.elf');
    expect(r.stop).toEqual(p.stop);
    expect(r.run.instructions).toBe(p.instructions);
    expect(r.run.cycles).toBe(p.cycles);
  });
  it('exclusive costs add up to the run; the root includes everything', () => {
    const fns = r.functions!;
    expect(fns.reduce((a, f) => a + f.exclusive.cycles, 0)).toBe(r.run.cycles);
    expect(fns.reduce((a, f) => a + f.exclusive.energyJ, 0)).toBeCloseTo(r.run.energyJ, 12);
    expect(r.functionTotals!.energyJ / r.run.energyJ).toBeCloseTo(1, 9); // float sums of ~10^6 terms
    expect(r.functionTotals!.waitCycles).toBe(r.run.counters.waitCycles);
    expect(r.functionTotals!.stallCycles).toBe(r.run.counters.stallCycles);
    const root = fns.find((f) => f.name === 'Reset_Handler')!;
    expect(root.inclusive.cycles).toBe(r.run.cycles);
    for (const f of fns) expect(f.inclusive.cycles).toBeGreaterThanOrEqual(f.exclusive.cycles);
  });
  it('counts recursive calls and inclusive time once per outermost call', () => {
    const fib = r.functions!.find((f) => f.name === 'fib')!;
    // fib(20) + fib(24) at -O0: 2 fib(21) - 1 + 2 fib(25) - 1 calls
    expect(fib.calls).toBe(2 * 10946 - 1 + (2 * 75025 - 1));
    expect(fib.inclusive.cycles).toBe(fib.exclusive.cycles);
    const main_ = r.functions!.find((f) => f.name === 'main')!;
    expect(main_.calls).toBe(1);
    expect(main_.inclusive.cycles).toBeGreaterThan(fib.inclusive.cycles);
  });
  it('folded stacks sum to the run and nest main under the reset handler', () => {
    const lines = r.folded!.trim().split('\n');
    const sum = lines.reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    expect(sum).toBe(r.run.cycles);
    expect(lines.some((l) => /^Reset_Handler;main;fib;fib;fib /.test(l))).toBe(true);
  });
  it('writes a trace, CSV and table', () => {
    const t = JSON.parse(chromeTrace(r));
    const fnEvents = t.traceEvents.filter((e: any) => e.cat === 'function');
    expect(fnEvents.length).toBeGreaterThan(0);
    for (const e of fnEvents) expect(e.dur).toBeGreaterThan(0);
    expect(functionsCsv(r).split('\n')[0]).toMatch(/^function,address,calls,instructions,cycles,energy_J/);
    expect(textReport(r)).toMatch(/fib/);
  });
  it('unwinds frames after longjmp (setjmp firmware): inclusive <= run', () => {
    const s = profileRun({ elf: 'firmware/elf/setjmp-O2.elf' });
    const p = plainRun('firmware/elf/setjmp-O2.elf');
    expect(s.run.cycles).toBe(p.cycles);
    for (const f of s.functions!) expect(f.inclusive.cycles).toBeLessThanOrEqual(s.run.cycles);
    expect(s.functions!.find((f) => f.name === 'Reset_Handler')!.inclusive.cycles).toBe(s.run.cycles);
  });
  it('tracks exception handlers as frames (systick firmware)', () => {
    const s = profileRun({ elf: 'firmware/elf/systick-O2.elf', maxCycles: 5_000_000 });
    const h = s.functions!.find((f) => /SysTick_Handler/.test(f.name));
    expect(h).toBeDefined();
    expect(h!.calls).toBeGreaterThan(0);
    expect(s.folded!).toMatch(/SysTick_Handler \d+/);
    expect(s.functions!.reduce((a, f) => a + f.exclusive.cycles, 0)).toBe(s.run.cycles);
  });
});

describe('VAE training firmware: windows and regions', () => {
  let r: ProfileResult;
  beforeAll(() => {
    r = profileRun({ elf: 'firmware/elf/vae-u8.elf', semihostRoot: 'profiles/baselines/vae-run' });
  }, 120_000);
  it('cuts train-step and inference windows at the GPIO edges and layers at the ITM markers', () => {
    expect(r.stop).toEqual({ kind: 'exit', code: 0 });
    const step = meanWindow(r, 'train_step')!;
    expect(step.count).toBe(2);
    expect(meanWindow(r, 'inference')!.count).toBe(1);
    const names = r.regions.map((g) => g.name);
    for (const n of ['conv1.forward', 'conv2.forward', 'enc_dense.forward', 'deconv2.backward', 'conv1.backward']) expect(names).toContain(n);
    // the layers of a step lie inside it and cost less than it
    const steps = r.windows.filter((w) => w.name === 'train_step');
    for (const s of steps) {
      const inside = r.windows.filter((w) => w.kind === 'region' && w.startCycle >= s.startCycle && w.endCycle <= s.endCycle);
      expect(inside.length).toBeGreaterThanOrEqual(15);
      const c = inside.reduce((a, w) => a + w.cycles, 0);
      expect(c).toBeLessThanOrEqual(s.cycles);
      expect(c).toBeGreaterThan(0.9 * s.cycles);
      const e = inside.reduce((a, w) => a + w.energyJ, 0);
      expect(e).toBeLessThan(s.energyJ);
      expect(inside.every((w) => w.step === steps.indexOf(s))).toBe(true);
    }
    // 120 MHz: latency = cycles / 120 MHz
    expect(step.seconds).toBeCloseTo(step.cycles / 120e6, 9);
    expect(step.powerW).toBeGreaterThan(0.03);
    expect(step.powerW).toBeLessThan(0.07);
  });
  it('draws the per-layer chart and writes windows CSV', () => {
    const svg = layerChartSvg(r);
    expect(svg).toMatch(/^<svg/);
    for (const l of ['conv1', 'deconv2', 'enc_dense']) expect(svg).toContain(`>${l}</text>`);
    expect(windowsCsv(r.windows).split('\n').length).toBe(r.windows.length + 2);
  });
});

describe('m4sim profile', () => {
  it('writes every format into -o DIR and prints the table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'm4prof-'));
    const { io: x, out } = io();
    const code = await main(['profile', 'firmware/elf/recurse-O2.elf', '-o', dir, '--top', '5'], x);
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/functions \(top 5/);
    for (const f of ['profile.json', 'functions.csv', 'windows.csv', 'regions.csv', 'stacks.folded', 'trace.json', 'layers.svg']) expect(existsSync(join(dir, f))).toBe(true);
    const j = JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8'));
    expect(j.run.cycles).toBeGreaterThan(0);
    expect(j.footprint.flash.text).toBeGreaterThan(0);
  });
  it('bad input: one line, non-zero exit', async () => {
    const a = io();
    expect(await main(['profile', 'no/such.elf'], a.io)).toBe(66);
    expect(a.err.join('')).toMatch(/^m4sim: no\/such.elf: cannot read file/);
    const b = io();
    expect(await main(['profile', 'firmware/elf/hello-O2.elf', '--semihost-root', 'no/such/dir'], b.io)).toBe(2);
    expect(b.err.join('').trim().split('\n').length).toBe(1);
  });
});
