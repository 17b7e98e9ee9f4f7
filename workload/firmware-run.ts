// Helpers for running the VAE firmware in a simulator and checking it against the host
// build: prepare the semihosting directory (train.bin + vae.cfg), compute the host
// reference dump, and compare two M4VW weight dumps.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostBinary, type Precision } from './experiment.ts';

export interface FirmwareRunConfig {
  steps: number;
  seed?: number;
  inferEvery?: number;
  logEvery?: number;
  uart?: boolean;
}

/** Writes `train.bin` (a copy of trainFile) and `vae.cfg` into dir; returns the dump file name the firmware will write. */
export function prepareFirmwareDir(dir: string, trainFile: string, precision: Precision, c: FirmwareRunConfig): string {
  mkdirSync(dir, { recursive: true });
  copyFileSync(trainFile, join(dir, 'train.bin'));
  const dump = `weights-${precision}.bin`;
  const cfg = [`steps=${c.steps}`, `seed=${c.seed ?? 1}`, `infer_every=${c.inferEvery ?? 10}`, `log_every=${c.logEvery ?? 10}`, `uart=${c.uart === false ? 0 : 1}`, 'data=train.bin', `dump=${dump}`];
  writeFileSync(join(dir, 'vae.cfg'), cfg.join('\n') + '\n');
  return dump;
}

/** The host build's weights after the same sequential steps (what the firmware must produce). */
export function hostReferenceDump(precision: Precision, trainFile: string, steps: number, seed = 1, outFile?: string): Uint8Array {
  const bin = hostBinary(precision);
  const out = outFile ?? join(process.env.TMPDIR ?? '/tmp', `vae-ref-${process.pid}-${precision}.bin`);
  execFileSync(bin, ['--train', trainFile, '--steps', String(steps), '--sequential', '--seed', String(seed), '--dump', out, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Uint8Array(readFileSync(out));
}

export interface DumpDiff {
  identical: boolean;
  differingBytes: number;
  firstDifference: number; // byte offset, -1 if none
  layer: number; // layer index of the first difference (-1: header or none)
}

/** Byte comparison of two M4VW dumps, naming the layer of the first difference. */
export function compareDumps(a: Uint8Array, b: Uint8Array): DumpDiff {
  const n = Math.max(a.length, b.length);
  let first = -1, count = 0;
  for (let i = 0; i < n; i++)
    if (a[i] !== b[i]) {
      if (first < 0) first = i;
      count++;
    }
  let layer = -1;
  if (first >= 32 && a.length >= 32) {
    const dv = new DataView(a.buffer, a.byteOffset, a.byteLength);
    const prec = dv.getUint32(8, true), nl = dv.getUint32(20, true);
    let o = 32;
    for (let l = 0; l < nl && o + 8 <= a.length; l++) {
      const nw = dv.getUint32(o, true), nb = dv.getUint32(o + 4, true);
      const end = o + 8 + (prec === 0 ? 4 * (nw + nb) : 12 + nw + ((4 - (nw & 3)) & 3) + 4 * nb);
      if (first < end) {
        layer = l;
        break;
      }
      o = end;
    }
  }
  return { identical: first < 0, differingBytes: count, firstDifference: first, layer };
}
