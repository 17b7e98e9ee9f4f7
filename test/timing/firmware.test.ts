// The timing micro-benchmark firmware (firmware/timing/, committed ELFs in firmware/elf/)
// run in m4sim with the cycle model: every benchmark's DWT_CYCCNT measurement must equal the
// count derived from the Cortex-M4 TRM / RM0432 in its source.
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { Session } from '../../sim/session.ts';
import { attachCycleModel, type CycleModelHandle } from '../../sim/timing/index.ts';

const ELF = (name: string) => resolve(import.meta.dirname, '../../firmware/elf', name);

interface Line {
  name: string;
  measured: number;
  expected: number;
}

function run(elf: string, model = true): { lines: Line[]; out: string; session: Session; timing: CycleModelHandle | null; code: number } {
  let out = '';
  const session = new Session({ elf: ELF(elf), cycleModel: false, stdout: (b) => (out += Buffer.from(b).toString('latin1')) });
  const timing = model ? attachCycleModel(session.sys) : null;
  const r = session.run({ maxInstructions: 20_000_000 });
  expect(r.stop.kind).toBe('exit');
  const lines: Line[] = [];
  for (const l of out.split('\n')) {
    const m = /^timing (\S+) (\d+) (\d+) (OK|MISMATCH)$/.exec(l);
    if (m) lines.push({ name: m[1], measured: Number(m[2]), expected: Number(m[3]) });
  }
  return { lines, out, session, timing, code: r.stop.kind === 'exit' ? r.stop.code : -1 };
}

function mismatches(lines: Line[]): string[] {
  return lines.filter((l) => l.measured !== l.expected).map((l) => `${l.name}: measured ${l.measured}, expected ${l.expected}`);
}

describe('timing-core.elf: instruction classes from SRAM and flash, exceptions', () => {
  const r = run('timing-core.elf');
  it('every benchmark measures its TRM count', () => {
    expect(mismatches(r.lines)).toEqual([]);
    expect(r.code).toBe(0);
  });
  it('runs the same benchmarks from SRAM and from flash, and the exception ones', () => {
    const sram = r.lines.filter((l) => l.name.startsWith('sram.')).map((l) => l.name.slice(5));
    const flash = r.lines.filter((l) => l.name.startsWith('flash.')).map((l) => l.name.slice(6));
    expect(sram.length).toBeGreaterThanOrEqual(45);
    expect(flash).toEqual(sram);
    for (const n of ['frame', 'alu16', 'multiply', 'dsp', 'udiv_32bit', 'b_wide_unaligned', 'tbb', 'ldr_pc', 'pop_pc', 'it_block', 'ldr_x3', 'alu_ldr_dep', 'str_ldr', 'ldrd_strd', 'ldm_stm', 'ldrex_strex', 'ldr_unaligned1', 'vadd_chain', 'vmla_chain', 'vdiv_vsqrt', 'vpush_vpop', 'vmov_core'])
      expect(sram).toContain(n);
    expect(r.lines.filter((l) => l.name.startsWith('exc.')).map((l) => l.name)).toEqual(['exc.svc_return', 'exc.svc_tailchain']);
    const s = r.timing!.summary();
    expect(s.detail.entries).toBe(2);
    expect(s.detail.tailChains).toBe(1);
    expect(s.detail.exits).toBe(2);
  });
  it('fails without the cycle model (one cycle per instruction): the checks can fail', () => {
    const plain = run('timing-core.elf', false);
    const bad = mismatches(plain.lines);
    expect(bad.length).toBeGreaterThan(20);
    expect(plain.code).toBe(bad.length);
  });
});

describe('timing-flash.elf: LATENCY 0-5 with the ART off and on', () => {
  const r = run('timing-flash.elf');
  it('every configuration measures the wait-state cost it predicts', () => {
    expect(mismatches(r.lines)).toEqual([]);
    expect(r.lines).toHaveLength(6 * 9);
    expect(r.code).toBe(0);
  });
  it('wait states cost cycles only when the ART does not hide them', () => {
    const get = (n: string) => r.lines.find((l) => l.name === n)!.measured;
    expect(get('ws0.code.art_off')).toBe(64);
    expect(get('ws5.code.art_off')).toBe(144);
    expect(get('ws5.code.prefetch')).toBe(96);
    expect(get('ws5.code.icache_warm')).toBe(64);
    expect(get('ws3.code.prefetch')).toBe(64);
    expect(get('ws5.data.dcache_off')).toBe(48);
    expect(get('ws5.data.dcache_warm')).toBe(8);
    const s = r.timing!.summary();
    expect(s.flashWaitCycles).toBe(s.fetchWaitCycles + s.dataWaitCycles);
    expect(s.fetchWaitCycles).toBeGreaterThan(0);
    expect(s.art.prefetchHits).toBeGreaterThan(0);
    expect(s.art.icacheHits).toBeGreaterThan(0);
    expect(s.art.dcacheHits).toBeGreaterThan(0);
  });
});

describe('timing-clock.elf: the same code at 24 MHz and 120 MHz', () => {
  const r = run('timing-clock.elf');
  it('counts follow the wait states clock_init_mhz programs (1 at 24 MHz, 5 at 120 MHz)', () => {
    expect(mismatches(r.lines)).toEqual([]);
    expect(r.lines.map((l) => l.name)).toEqual([
      '24MHz.latency', '24MHz.code.art_off', '24MHz.code.prefetch', '24MHz.code.art_on_warm',
      '120MHz.latency', '120MHz.code.art_off', '120MHz.code.prefetch', '120MHz.code.art_on_warm',
    ]);
    expect(r.session.stm32.warnings).toEqual([]);
  });
  it('simulated time follows the clock timeline: seconds = sum of cycles / HCLK per segment', () => {
    const clock = r.session.stm32.clock;
    const hz = clock.timeline.map((e) => e.hz);
    expect(hz[0]).toBe(4e6);
    expect(hz).toContain(24e6);
    expect(hz[hz.length - 1]).toBe(120e6);
    const cycles = r.session.sys.cpu.cycles;
    let expected = 0;
    const t = clock.timeline;
    for (let i = 0; i < t.length; i++) expected += ((i + 1 < t.length ? t[i + 1].cycle : cycles) - t[i].cycle) / t[i].hz;
    expect(r.session.sys.seconds).toBeCloseTo(expected, 12);
    expect(r.session.sys.seconds).toBeGreaterThan(cycles / 120e6);
    expect(r.session.sys.seconds).toBeLessThan(cycles / 4e6);
  });
});
