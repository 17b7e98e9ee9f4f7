// The ARM build computes what the host build computes: run the firmware ELF (Cortex-M4F,
// SMLAD forward path in u8) in Unicorn with semihosting file I/O (uc_vae.py) and compare
// the weight dump after 120 training steps (one batch update) with vae-host's, byte for byte.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildInto, writeSynthetic } from './helpers.ts';

const PY = '/usr/bin/python3';
const haveUnicorn = spawnSync(PY, ['-c', 'import unicorn, elftools'], { encoding: 'utf8' }).status === 0;
const haveCross = spawnSync('arm-none-eabi-gcc', ['--version']).status === 0;

describe.skipIf(!haveUnicorn || !haveCross)('firmware ELF vs host build (Unicorn)', () => {
  let dir = '';
  beforeAll(() => {
    dir = buildInto(['elf', 'host']);
    writeSynthetic(dir, 130);
    writeFileSync(join(dir, 'vae.cfg'), 'steps=120\nuart=0\nlog_every=60\ninfer_every=40\n');
  }, 180_000);

  for (const prec of ['fp32', 'u8']) {
    it(`${prec}: bit-identical weights after 120 steps`, () => {
      const r = spawnSync(PY, [join(import.meta.dirname, 'uc_vae.py'), join(dir, `vae-${prec}.elf`), dir], { encoding: 'utf8', timeout: 240_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`vae-${prec}: done, 120 steps, 1 updates`));
      execFileSync(join(dir, `vae-host-${prec}`), ['--train', join(dir, 'train.bin'), '--steps', '120', '--sequential', '--dump', join(dir, `host-${prec}.bin`), '--quiet']);
      const arm = readFileSync(join(dir, `weights-${prec}.bin`));
      const host = readFileSync(join(dir, `host-${prec}.bin`));
      expect(arm.length).toBe(host.length);
      expect(arm.equals(host)).toBe(true);
    }, 240_000);
  }
});

describe.skipIf(!haveUnicorn || !haveCross)('firmware classifier phase vs host build (Unicorn)', () => {
  // cls_phase (src/cls.c): the first 2 images per class labelled, classifier trained 25 epochs
  // on the frozen encoder's mu, then 15 held-out images; the counts must match vae-host's.
  it('u8: same labelled/held-out counts as vae-host --cls-phase', () => {
    const dir = buildInto(['elf', 'host']);
    writeSynthetic(dir, 60);
    writeFileSync(join(dir, 'vae.cfg'), 'steps=30\nuart=0\nlog_every=0\ninfer_every=0\ncls_per_class=2\ncls_eval=15\ndump=\n');
    const r = spawnSync(PY, [join(import.meta.dirname, 'uc_vae.py'), join(dir, 'vae-u8.elf'), dir], { encoding: 'utf8', timeout: 240_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const m = /classifier: (\d+) labelled \((\d+) correct\), (\d+) held out \((\d+) correct\)/.exec(r.stdout);
    expect(m).not.toBeNull();
    const host = execFileSync(join(dir, 'vae-host-u8'), ['--train', join(dir, 'train.bin'), '--steps', '30', '--sequential', '--cls-phase', '2,15', '--quiet'], { encoding: 'utf8' });
    const ph = host.trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.type === 'cls_phase');
    expect(ph).toEqual({ type: 'cls_phase', labelled: 20, labelled_correct: Number(m![2]), held_out: 15, held_out_correct: Number(m![4]) });
    expect(Number(m![1])).toBe(20);
    expect(Number(m![2])).toBeGreaterThan(2); // 25 epochs on 20 samples: well above chance on the labelled set
  }, 300_000);
});

describe('dump comparison helpers', () => {
  it('names the layer of the first differing byte', async () => {
    const { compareDumps } = await import('../../workload/firmware-run.ts');
    const { buildInto: b } = await import('./helpers.ts');
    const d = b(['host']);
    const train = writeSynthetic(d, 120);
    execFileSync(join(d, 'vae-host-fp32'), ['--train', train, '--steps', '100', '--sequential', '--dump', join(d, 'a.bin'), '--quiet']);
    const a = new Uint8Array(readFileSync(join(d, 'a.bin')));
    expect(compareDumps(a, a.slice())).toEqual({ identical: true, differingBytes: 0, firstDifference: -1, layer: -1 });
    const c = a.slice();
    // layer 0 of fp32: header 32 + counts 8 + 72 weights + 8 biases, so layer 1 starts at 32 + 8 + 320
    c[32 + 8 + 320 + 8 + 5] ^= 1;
    expect(compareDumps(a, c)).toMatchObject({ identical: false, differingBytes: 1, layer: 1 });
  }, 60_000);
});
