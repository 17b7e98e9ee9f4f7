// Shared helpers for the workload tests: build the VAE binaries into a temp dir once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packM4VD, type ImageSet } from '../../workload/data.ts';

export const REPO = resolve(import.meta.dirname, '../..');
export const VAE_DIR = join(REPO, 'firmware', 'vae');

export function buildInto(targets: string[], extra: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'vae-test-'));
  execFileSync('make', ['-s', '-C', VAE_DIR, ...targets, `BUILD=${dir}`, `ELFDIR=${dir}`, ...extra], { stdio: 'pipe' });
  return dir;
}

/** Deterministic synthetic images (blobs at varying places), labels 0..9. */
export function syntheticSet(n: number): ImageSet {
  const labels = new Uint8Array(n);
  const pixels = new Uint8Array(n * 784);
  for (let i = 0; i < n; i++) {
    const c = i % 10;
    labels[i] = c;
    const cx = 6 + ((c * 7 + i) % 16), cy = 6 + ((c * 3 + 2 * i) % 16), r = 3 + (c % 4);
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) {
        const d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
        pixels[i * 784 + y * 28 + x] = d < r * r ? 255 - 8 * c : d < (r + 2) * (r + 2) ? 90 : 0;
      }
  }
  return { rows: 28, cols: 28, labels, pixels };
}

export function writeSynthetic(dir: string, n: number, name = 'train.bin'): string {
  const p = join(dir, name);
  writeFileSync(p, packM4VD(syntheticSet(n)));
  return p;
}
