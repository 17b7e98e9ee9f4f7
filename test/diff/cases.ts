// Random single-instruction test cases generated from the decoder's own encoding patterns
// (dynarmic-style): random bits where the pattern has dots, registers and memory biased
// toward the edges, UNPREDICTABLE forms skipped. Each case runs on m4sim and on Unicorn.
import { ThumbDecoder, thumbDecoder } from '../../sim/isa/decoder.ts';
import type { CompiledEncoding } from '../../sim/isa/encoding.ts';
import { Rng } from './rng.ts';

/** where the instruction sits */
export const CODE_ADDR = 0x20000000;
/** a window of RAM that registers often point into; compared after each case */
export const DATA_ADDR = 0x20001000;
export const DATA_SIZE = 512;

export interface Case {
  /** encoding name the generator aimed at, and the one the decoder picked */
  target: string;
  enc: string;
  /** instruction bytes (2 or 4) */
  code: number[];
  regs: number[];
  apsr: number;
  fpscr: number;
  s: number[];
  data: number[];
}

const EDGE32 = [0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0x00ff00ff, 0xff00ff00, 0x7f7f7f7f, 0x80808080];
// single-precision bit patterns at the edges: zeros, subnormals, normals, infinities, NaNs
const EDGEF = [0x00000000, 0x80000000, 0x00000001, 0x807fffff, 0x00800000, 0x3f800000, 0xbf800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001, 0x7fa00000, 0x4f000000, 0xcf000000, 0x4f800000, 0x3effffff, 0x3f000000, 0x40490fdb];

function value(rng: Rng): number {
  const r = rng.below(10);
  if (r < 4) return DATA_ADDR + (rng.chance(0.5) ? rng.below(DATA_SIZE / 4) * 4 : rng.below(DATA_SIZE));
  if (r < 7) return rng.pick(EDGE32) >>> 0;
  if (r < 8) return rng.below(64);
  return rng.u32();
}

function fvalue(rng: Rng): number {
  const r = rng.below(10);
  if (r < 5) return rng.pick(EDGEF) >>> 0;
  if (r < 7) {
    // a normal number of moderate magnitude
    const exp = 100 + rng.below(56);
    return ((rng.below(2) << 31) | (exp << 23) | (rng.u32() & 0x7fffff)) >>> 0;
  }
  return rng.u32();
}

/** Random instruction bits that match `e`'s pattern. */
export function instructionBits(e: CompiledEncoding, rng: Rng): number {
  const width = e.size === 2 ? 16 : 32;
  const full = width === 16 ? 0xffff : 0xffffffff;
  const r = (rng.u32() & full) >>> 0;
  return ((r & ~e.mask & full) | e.match) >>> 0;
}

export function generateCases(seed: number, perEncoding: number, filter?: (e: CompiledEncoding) => boolean, decoder: ThumbDecoder = thumbDecoder()): Case[] {
  const rng = new Rng(seed);
  const cases: Case[] = [];
  for (const e of decoder.encodings) {
    if (filter && !filter(e)) continue;
    let made = 0;
    for (let tries = 0; made < perEncoding && tries < perEncoding * 20; tries++) {
      const ins = instructionBits(e, rng);
      const hw1 = e.size === 2 ? ins : ins >>> 16;
      const hw2 = e.size === 2 ? 0 : ins & 0xffff;
      const { op, enc } = decoder.decodeWith(hw1, hw2, CODE_ADDR);
      if (op.mnem === 'UNPREDICTABLE' || op.mnem === 'UNDEFINED' || enc === undefined) continue;
      if (SKIP.has(enc.name)) continue;
      const code = e.size === 2 ? [hw1 & 0xff, hw1 >>> 8] : [hw1 & 0xff, hw1 >>> 8, hw2 & 0xff, hw2 >>> 8];
      const regs = Array.from({ length: 16 }, () => value(rng));
      // SP: word aligned, inside the window with room for pushes and pops
      regs[13] = (DATA_ADDR + 64 + rng.below((DATA_SIZE - 128) / 4) * 4) >>> 0;
      regs[15] = CODE_ADDR;
      const apsr = ((rng.u32() & 0xf8000000) | ((rng.u32() & 0xf) << 16)) >>> 0;
      // FPSCR: flags, rounding mode, FZ, DN, AHP at random
      const fpscr = (rng.u32() & 0xf7c0009f) >>> 0;
      const s = Array.from({ length: 32 }, () => fvalue(rng));
      const data = Array.from({ length: DATA_SIZE }, () => (rng.chance(0.3) ? rng.pick([0, 0xff, 0x80, 0x7f]) : rng.below(256)));
      cases.push({ target: e.name, enc: enc.name, code, regs, apsr, fpscr, s, data });
      made++;
    }
  }
  return cases;
}

/** Encodings not comparable one instruction at a time against Unicorn, with the reason. */
export const SKIP_REASONS: Record<string, string> = {};
const SKIP = new Set<string>();
export function skipEncoding(name: string, why: string): void {
  SKIP.add(name);
  SKIP_REASONS[name] = why;
}
