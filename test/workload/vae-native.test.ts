// The C training library on the host: gradient checks (fp32), quantization (u8),
// determinism of whole training runs, the weight-dump format, CLI errors.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildInto, writeSynthetic } from './helpers.ts';

let dir = '';
beforeAll(() => {
  dir = buildInto(['tests', 'host']);
}, 120_000);

function unit(prec: string): string {
  const r = spawnSync(join(dir, `vae-test-${prec}`), { encoding: 'utf8' });
  expect(r.stdout).toContain('PASSED 0 failures');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('fp32 layers', () => {
  it('pass numerical gradient checks for Conv2D, transposed Conv2D, Dense and the whole ELBO', () => {
    const out = unit('fp32');
    for (const n of ['gradcheck_conv2d', 'gradcheck_conv2d_stride1', 'gradcheck_deconv', 'gradcheck_deconv_linear', 'gradcheck_dense', 'gradcheck_model'])
      expect(out).toMatch(new RegExp(`^ok ${n} `, 'm'));
    expect(out).toMatch(/^ok v_expf /m);
    expect(out).toMatch(/^ok v_logf /m);
    expect(out).toMatch(/^ok v_rng_normal /m);
  });
});

describe('logvar bounds (both precisions)', () => {
  it('KL value and gradient are one function, bounded by (exp(VAE_LV_MAX) - 1) / 2; z and its gradient stop at the bound', () => {
    for (const prec of ['fp32', 'u8']) {
      const out = unit(prec);
      const m = out.match(/^ok logvar_bounds .*largest \|dKL\/dlv\| (\S+) \(bound (\S+)\)$/m);
      expect(m, out).not.toBeNull();
      expect(Number(m![1])).toBeLessThanOrEqual(Number(m![2]));
      // u8: VAE_LV_MAX = 2, the gradient stays within the head error tensor's normal range
      if (prec === 'u8') expect(Number(m![2])).toBeCloseTo(0.5 * (Math.exp(2) - 1), 3);
      else expect(Number(m![2])).toBeCloseTo(0.5 * (Math.exp(16) - 1), -3);
    }
  });
});

describe('u8 quantization', () => {
  it('round-trips requantization, tracks ranges with moving averages, SIMD dot and layers match fp32', () => {
    const out = unit('u8');
    for (const n of ['quant_roundtrip', 'quant_stochastic', 'range_tracking', 'gradient_standardization', 'dot_u8', 'conv_u8_forward', 'conv_u8_backward'])
      expect(out).toMatch(new RegExp(`^ok ${n} `, 'm'));
  });
});

function parseDump(buf: Buffer) {
  expect(buf.subarray(0, 4).toString('latin1')).toBe('M4VW');
  const version = buf.readUInt32LE(4), precision = buf.readUInt32LE(8), latent = buf.readUInt32LE(12);
  const nlayers = buf.readUInt32LE(20), steps = buf.readUInt32LE(24);
  let o = 32, params = 0;
  for (let l = 0; l < nlayers; l++) {
    const nw = buf.readUInt32LE(o), nb = buf.readUInt32LE(o + 4);
    o += 8;
    if (precision === 0) o += 4 * (nw + nb);
    else o += 12 + nw + ((4 - (nw & 3)) & 3) + 4 * nb;
    params += nw + nb;
  }
  expect(o).toBe(buf.length);
  return { version, precision, latent, nlayers, steps, params };
}

describe('host training runs', () => {
  for (const prec of ['fp32', 'u8']) {
    it(`${prec}: two runs give bit-identical weights; another seed does not`, () => {
      const train = writeSynthetic(dir, 250, `syn-${prec}.bin`);
      const bin = join(dir, `vae-host-${prec}`);
      const runOnce = (seed: number, out: string) => {
        const stdout = execFileSync(bin, ['--train', train, '--steps', '250', '--sequential', '--seed', String(seed), '--dump', out, '--quiet'], { encoding: 'utf8' });
        return stdout.trim().split('\n').map((l) => JSON.parse(l));
      };
      const a = runOnce(1, join(dir, `a-${prec}.bin`));
      runOnce(1, join(dir, `b-${prec}.bin`));
      runOnce(2, join(dir, `c-${prec}.bin`));
      const A = readFileSync(join(dir, `a-${prec}.bin`)), B = readFileSync(join(dir, `b-${prec}.bin`)), C = readFileSync(join(dir, `c-${prec}.bin`));
      expect(A.equals(B)).toBe(true);
      expect(A.equals(C)).toBe(false);
      const d = parseDump(A);
      expect(d).toMatchObject({ version: 1, precision: prec === 'u8' ? 1 : 0, latent: 10, nlayers: 7, steps: 250 });
      const cfg = a.find((l) => l.type === 'config');
      expect(d.params).toBe(cfg.params);
      const done = a.find((l) => l.type === 'done');
      expect(done).toMatchObject({ steps: 250, updates: 2 });
    }, 60_000);
  }

  it('u8 rounding modes: default = stochastic errors and weights; each mode changes the run, deterministically', () => {
    const train = writeSynthetic(dir, 150, 'syn-round.bin');
    const bin = join(dir, 'vae-host-u8');
    const dump = (name: string, extra: string[]) => {
      execFileSync(bin, ['--train', train, '--steps', '150', '--sequential', '--batch', '50', '--dump', join(dir, name), '--quiet', ...extra]);
      return readFileSync(join(dir, name));
    };
    const def = dump('r0.bin', []);
    const explicit = dump('r1.bin', ['--err-rounding', 'stochastic', '--w-rounding', 'stochastic']);
    expect(explicit.equals(def)).toBe(true);
    const variants = [
      dump('r2.bin', ['--err-rounding', 'floor']),
      dump('r3.bin', ['--err-rounding', 'nearest']),
      dump('r4.bin', ['--w-rounding', 'nearest']),
    ];
    for (const v of variants) expect(v.equals(def)).toBe(false);
    expect(variants[0].equals(variants[1])).toBe(false);
    expect(dump('r5.bin', ['--err-round']).equals(variants[1])).toBe(true); // the old flag = nearest
    expect(dump('r6.bin', ['--err-rounding', 'floor']).equals(variants[0])).toBe(true);
    const bad = spawnSync(bin, ['--train', train, '--err-rounding', 'up'], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim()).toMatch(/^vae-host: --err-rounding must be floor, nearest or stochastic, not: up$/);
  }, 60_000);

  it('u8 --diag N: a diagnostics line every N samples on stderr, the trajectory unchanged', () => {
    const train = writeSynthetic(dir, 120, 'syn-diag.bin');
    const bin = join(dir, 'vae-host-u8');
    const run = (name: string, extra: string[]) =>
      spawnSync(bin, ['--train', train, '--steps', '120', '--sequential', '--batch', '20', '--dump', join(dir, name), '--quiet', ...extra], { encoding: 'utf8' });
    const plain = run('d0.bin', []);
    const diag = run('d1.bin', ['--diag', '40']);
    expect(plain.status).toBe(0);
    expect(diag.status).toBe(0);
    expect(readFileSync(join(dir, 'd1.bin')).equals(readFileSync(join(dir, 'd0.bin')))).toBe(true);
    expect(plain.stderr).toBe('');
    const lines = diag.stderr.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.step)).toEqual([40, 80, 120]);
    for (const d of lines) {
      expect(d.type).toBe('diag');
      expect(d.lv[0]).toBeLessThanOrEqual(d.lv[1]);
      expect(Object.keys(d.layers)).toEqual(['conv1', 'conv2', 'enc', 'head', 'dec', 'deconv1', 'deconv2']);
      for (const l of Object.values(d.layers) as { s: number; w: number[]; sat: number; step: number }[]) {
        expect(l.s).toBeGreaterThan(0);
        expect(Math.abs((l.w[1] - l.w[0]) / (255 * l.s) - 1)).toBeLessThan(2e-3); // printed with 4 digits
        expect(l.sat).toBeGreaterThanOrEqual(0);
        expect(l.sat).toBeLessThanOrEqual(1);
      }
    }
    // 120 samples, batch 20: updates after 20, 40, ...; the step statistic is that of the updates in each window
    expect(lines[0].layers.conv2.step).toBeGreaterThan(0);
  }, 60_000);

  it('u8 training (default recipe) lowers the ELBO on a small synthetic set', () => {
    const train = writeSynthetic(dir, 500, 'syn-learn-u8.bin');
    const out = execFileSync(join(dir, 'vae-host-u8'), ['--train', train, '--epochs', '6', '--batch', '20', '--quiet'], { encoding: 'utf8' });
    const ep = out.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'epoch');
    expect(ep.length).toBe(6);
    expect(ep[5].train_elbo).toBeLessThan(0.8 * ep[0].train_elbo);
  }, 60_000);

  it('--cls-phase: the firmware classifier phase on the training file', () => {
    const train = writeSynthetic(dir, 80, 'syn-cls.bin');
    const run = (v: string) => spawnSync(join(dir, 'vae-host-fp32'), ['--train', train, '--steps', '40', '--sequential', '--cls-phase', v, '--quiet'], { encoding: 'utf8' });
    const r = run('3,20');
    expect(r.status).toBe(0);
    const ph = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.type === 'cls_phase');
    expect(ph).toMatchObject({ labelled: 30, held_out: 20 });
    expect(ph.labelled_correct).toBeGreaterThan(3);
    expect(ph.labelled_correct).toBeLessThanOrEqual(30);
    expect(ph.held_out_correct).toBeLessThanOrEqual(20);
    const short = run('3,70'); // 30 labelled + 70 held out > 80 images
    expect(short.status).not.toBe(0);
    expect(short.stderr.trim()).toMatch(/^vae-host: data file too short for --cls-phase: /);
    const bad = run('11,5');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim()).toMatch(/^vae-host: --cls-phase: PER must be 1\.\.10: 11,5$/);
  }, 60_000);

  it('fp32 training lowers the ELBO on a small synthetic set', () => {
    const train = writeSynthetic(dir, 500, 'syn-learn.bin');
    const out = execFileSync(join(dir, 'vae-host-fp32'), ['--train', train, '--epochs', '6', '--batch', '20', '--quiet'], { encoding: 'utf8' });
    const ep = out.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'epoch');
    expect(ep.length).toBe(6);
    expect(ep[5].train_elbo).toBeLessThan(0.8 * ep[0].train_elbo);
  }, 60_000);

  it('u8 DSGU updates only the top-k rows: fraction follows lambda_min/lambda_max', () => {
    const train = writeSynthetic(dir, 200, 'syn-dsgu.bin');
    const frac = (lmin: string, lmax: string) => {
      const out = execFileSync(join(dir, 'vae-host-u8'), ['--train', train, '--epochs', '1', '--batch', '20', '--dsgu', '--lambda-min', lmin, '--lambda-max', lmax, '--quiet'], { encoding: 'utf8' });
      const ep = out.trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.type === 'epoch');
      expect(Number.isFinite(ep.train_elbo)).toBe(true);
      return ep.update_fraction as number;
    };
    expect(frac('1', '1')).toBe(1);
    const f = frac('0.3', '0.3');
    // k = floor(0.3 N) per layer (at least 1): about 30 % of all rows
    expect(f).toBeGreaterThan(0.27);
    expect(f).toBeLessThan(0.31);
    const g = frac('0.1', '0.9');
    expect(g).toBeGreaterThan(0.09);
    expect(g).toBeLessThan(0.9);
  }, 60_000);

  it('rejects bad input with a one-line error and a non-zero exit', () => {
    const bin = join(dir, 'vae-host-fp32');
    const r1 = spawnSync(bin, ['--train', join(dir, 'does-not-exist.bin')], { encoding: 'utf8' });
    expect(r1.status).not.toBe(0);
    expect(r1.stderr.trim().split('\n').length).toBe(1);
    expect(r1.stderr).toMatch(/^vae-host: .*does-not-exist\.bin/);
    const r2 = spawnSync(bin, ['--train', join(VAE_DIR_MAKEFILE())], { encoding: 'utf8' });
    expect(r2.status).not.toBe(0);
    expect(r2.stderr).toMatch(/M4VD magic|too short/);
    const r3 = spawnSync(bin, ['--epochs', 'x'], { encoding: 'utf8' });
    expect(r3.status).not.toBe(0);
    expect(r3.stderr).toMatch(/--epochs/);
  });
});

function VAE_DIR_MAKEFILE(): string {
  return join(import.meta.dirname, '../../firmware/vae/Makefile');
}
