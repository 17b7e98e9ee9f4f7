import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../sim/cli/main.ts';
import { compare, readBaseline, parseTolerance, junitXml, markdown, movedRegions, type Baseline } from '../../sim/regress/baseline.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: Uint8Array | string) => out.push(typeof s === 'string' ? s : Buffer.from(s).toString()), stderr: (s: string) => err.push(s) }, out, err };
}

const base: Baseline = {
  format: 'm4sim-baseline', version: 1, elf: 'x.elf', profile: 'stm32l4r5zi', semihostRoot: null, maxCycles: null, stop: 'exit 0',
  metrics: {
    'run.cycles': { family: 'cycles', value: 1000, unit: 'cycles' },
    'run.energy': { family: 'energy', value: 0.01, unit: 'J' },
    'memory.flash': { family: 'memory', value: 500, unit: 'B' },
    'region.conv1.forward.cycles': { family: 'cycles', value: 100, unit: 'cycles' },
  },
};

describe('compare with a baseline', () => {
  it('flags increases beyond the tolerance, reports decreases, names the region', () => {
    const now = structuredClone(base.metrics);
    now['run.cycles'].value = 1005; // +0.5 %: within 1 %
    now['run.energy'].value = 0.0098; // -2 %: improvement
    now['region.conv1.forward.cycles'].value = 110; // +10 %
    const r = compare(base, now, 'exit 0');
    expect(r.ok).toBe(false);
    expect(r.regressions.map((c) => c.name)).toEqual(['region.conv1.forward.cycles']);
    expect(r.improvements.map((c) => c.name)).toEqual(['run.energy']);
    expect(movedRegions(r)).toEqual(['conv1.forward']);
    // a larger tolerance for that region (name prefix) lets it pass
    expect(compare(base, now, 'exit 0', new Map([parseTolerance('region.conv1=15')])).ok).toBe(true);
    // memory tolerance 0 by default: one byte more fails
    const m = structuredClone(base.metrics);
    m['memory.flash'].value = 501;
    expect(compare(base, m, 'exit 0').regressions[0].name).toBe('memory.flash');
    expect(compare(base, m, 'exit 0', new Map([parseTolerance('memory=1')])).ok).toBe(true);
    // a metric that disappeared, or a different end of run, fails
    const gone = structuredClone(base.metrics);
    delete (gone as any)['region.conv1.forward.cycles'];
    expect(compare(base, gone, 'exit 0').ok).toBe(false);
    expect(compare(base, base.metrics, 'limit').ok).toBe(false);
    const x = junitXml(r, 'suite');
    expect(x).toMatch(/failures="1"/);
    expect(x).toMatch(/<testcase classname="suite.cycles" name="region.conv1.forward.cycles"><failure message="100 cycles -&gt; 110 cycles \(\+10.00 %, tolerance 1 %\)"\/>/);
    expect(markdown(r, 'suite')).toMatch(/\| regression \| `region.conv1.forward.cycles` \| 100 cycles \| 110 cycles \| \+10.00 % \| 1 % \|/);
  });
  it('rejects malformed tolerances and baselines', () => {
    expect(() => parseTolerance('cycles')).toThrow(/expected METRIC=PERCENT/);
    const dir = mkdtempSync(join(tmpdir(), 'm4base-'));
    writeFileSync(join(dir, 'b.json'), '{"format":"other"}');
    expect(() => readBaseline(join(dir, 'b.json'))).toThrow(/not an m4sim baseline/);
  });
});

describe('m4sim check on the committed VAE firmware', () => {
  for (const prec of ['fp32', 'u8'])
    it(`${prec}: the committed baseline passes`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'm4check-'));
      const x = io();
      const code = await main(['check', `firmware/elf/vae-${prec}.elf`, '--baseline', `profiles/baselines/vae-${prec}.json`, '--junit', join(dir, 'j.xml'), '--markdown', join(dir, 's.md')], x.io);
      expect(x.out.join('')).toMatch(/^PASS: 0 regression\(s\)/m);
      expect(code).toBe(0);
      expect(readFileSync(join(dir, 'j.xml'), 'utf8')).toMatch(/failures="0"/);
      expect(readFileSync(join(dir, 's.md'), 'utf8')).toMatch(/PASS/);
    }, 120_000);

  it('a deliberately slowed build fails, naming the layer that moved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'm4slow-'));
    // the unchanged sources, linked with a wrapper that delays the encoder dense backward pass
    execFileSync('make', ['-s', '-C', 'firmware/vae', join(dir, 'vae-fp32.elf'), `ELFDIR=${dir}`, `BUILD=${dir}`, `CC=arm-none-eabi-gcc -Wl,--wrap=dense_f32_backward ${resolve('test/regress/slow_dense.c')}`], { stdio: 'pipe' });
    const x = io();
    const code = await main(['check', join(dir, 'vae-fp32.elf'), '--baseline', 'profiles/baselines/vae-fp32.json', '--markdown', join(dir, 's.md')], x.io);
    const out = x.out.join('');
    expect(code).toBe(1);
    expect(out).toMatch(/^REGRESSION  region\.enc_dense\.backward\.cycles: .* \(\+\d+\.\d+ %, tolerance 1 %\)$/m);
    expect(out).toMatch(/^FAIL: /m);
    // no other layer moved beyond the tolerance
    const layers = [...out.matchAll(/^REGRESSION  region\.([a-z0-9_]+\.[a-z]+)\./gm)].map((m) => m[1]);
    expect(new Set(layers)).toEqual(new Set(['enc_dense.backward']));
    expect(readFileSync(join(dir, 's.md'), 'utf8')).toMatch(/FAIL/);
  }, 180_000);

  it('bad arguments: one line, exit 2', async () => {
    const a = io();
    expect(await main(['check', 'firmware/elf/vae-fp32.elf', '--baseline', 'no/such.json'], a.io)).toBe(2);
    expect(a.err.join('')).toMatch(/^m4sim: no\/such.json: cannot read baseline \(ENOENT\)\n$/);
    const b = io();
    expect(await main(['check', 'firmware/elf/vae-fp32.elf', '--baseline', 'profiles/baselines/vae-fp32.json', '--tolerance', 'cycles:3'], b.io)).toBe(2);
    expect(b.err.join('')).toMatch(/expected METRIC=PERCENT/);
  });
});
