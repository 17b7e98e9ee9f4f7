// Minimal PNG encoder (RGB or grayscale, 8 bit) with node:zlib, and a tiny raster canvas
// for line plots and image grids. PNG: signature, IHDR, IDAT (zlib, filter 0 per row),
// IEND; each chunk is length, type, data, CRC-32 over type+data (ISO 3309 polynomial).
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Uint8Array, crc = 0xffffffff): number {
  for (let i = 0; i < buf.length; i++) crc = CRC_TABLE[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Encode 8-bit pixels; channels 1 (gray) or 3 (RGB), row-major. */
export function encodePng(width: number, height: number, pixels: Uint8Array, channels: 1 | 3): Uint8Array {
  if (pixels.length !== width * height * channels) throw new Error('encodePng: pixel buffer size does not match');
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 3 ? 2 : 0; // colour type
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const sig = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const parts = [sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Grid of 28x28 grayscale images (count images of rows*cols bytes each), 1 px gaps. */
export function imageGrid(images: Uint8Array, count: number, cols: number, scale = 2, size = 28): Uint8Array {
  const rows = Math.ceil(count / cols);
  const cell = size * scale + 2;
  const w = cols * cell + 2, h = rows * cell + 2;
  const px = new Uint8Array(w * h).fill(64);
  for (let n = 0; n < count; n++) {
    const gx = 2 + (n % cols) * cell, gy = 2 + Math.floor(n / cols) * cell;
    for (let y = 0; y < size * scale; y++)
      for (let x = 0; x < size * scale; x++)
        px[(gy + y) * w + gx + x] = images[n * size * size + Math.floor(y / scale) * size + Math.floor(x / scale)];
  }
  return encodePng(w, h, px, 1);
}

// 3x5 bitmap font for tick labels (digits and a few signs), rows top to bottom, 3 bits each
const FONT: Record<string, number[]> = {
  '0': [7, 5, 5, 5, 7], '1': [2, 6, 2, 2, 7], '2': [7, 1, 7, 4, 7], '3': [7, 1, 7, 1, 7], '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7], '6': [7, 4, 7, 5, 7], '7': [7, 1, 1, 1, 1], '8': [7, 5, 7, 5, 7], '9': [7, 5, 7, 1, 7],
  '.': [0, 0, 0, 0, 2], '-': [0, 0, 7, 0, 0], '%': [5, 1, 2, 4, 5], ' ': [0, 0, 0, 0, 0],
};

export class Canvas {
  readonly px: Uint8Array;
  constructor(readonly width: number, readonly height: number) {
    this.px = new Uint8Array(width * height * 3).fill(255);
  }
  set(x: number, y: number, c: [number, number, number]): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const o = (y * this.width + x) * 3;
    this.px[o] = c[0];
    this.px[o + 1] = c[1];
    this.px[o + 2] = c[2];
  }
  line(x0: number, y0: number, x1: number, y1: number, c: [number, number, number], thick = 1): void {
    const n = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let i = 0; i <= n; i++) {
      const x = x0 + ((x1 - x0) * i) / n, y = y0 + ((y1 - y0) * i) / n;
      for (let d = 0; d < thick; d++) {
        this.set(x, y + d, c);
        this.set(x + d, y, c);
      }
    }
  }
  text(x: number, y: number, s: string, c: [number, number, number], scale = 2): void {
    for (const ch of s) {
      const g = FONT[ch] ?? FONT[' '];
      for (let r = 0; r < 5; r++)
        for (let b = 0; b < 3; b++)
          if (g[r] & (4 >> b))
            for (let sy = 0; sy < scale; sy++) for (let sx = 0; sx < scale; sx++) this.set(x + b * scale + sx, y + r * scale + sy, c);
      x += 4 * scale;
    }
  }
  png(): Uint8Array {
    return encodePng(this.width, this.height, this.px, 3);
  }
}
