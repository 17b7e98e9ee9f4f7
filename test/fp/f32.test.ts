import { describe, it, expect } from 'vitest';
import * as fp from '../../sim/fp/f32.ts';
import { RefFP } from './ref.ts';

const RN = 0 << 22, RP = 1 << 22, RM = 2 << 22, RZ = 3 << 22;
const FZ = 1 << 24, DN = 1 << 25, AHP = 1 << 26;
const hex = (x: number): string => '0x' + (x >>> 0).toString(16).padStart(8, '0');

/** result bits and the FPSCR flags raised, from an operation on fpscr */
function run(f: () => number): [string, string] {
  const r = f();
  return [hex(r), hex(fp.fpscrOut)];
}

describe('sim/fp: known IEEE 754 cases', () => {
  it('1 + 2^-24 rounds to even in RN, up in RP, and flags IXC', () => {
    expect(run(() => fp.fpAdd(0x3f800000, 0x33800000, RN))).toEqual(['0x3f800000', hex(RN | fp.IXC)]);
    expect(run(() => fp.fpAdd(0x3f800000, 0x33800000, RP))).toEqual(['0x3f800001', hex(RP | fp.IXC)]);
    expect(run(() => fp.fpAdd(0x3f800000, 0x33800000, RM))).toEqual(['0x3f800000', hex(RM | fp.IXC)]);
    // 1 + 3*2^-25 (above the midpoint) rounds up in RN
    expect(run(() => fp.fpAdd(0x3f800000, 0x33c00000, RN))).toEqual(['0x3f800001', hex(fp.IXC)]);
  });

  it('x - x is +0, except -0 in round towards minus infinity', () => {
    expect(run(() => fp.fpSub(0x40490fdb, 0x40490fdb, RN))).toEqual(['0x00000000', '0x00000000']);
    expect(run(() => fp.fpSub(0x40490fdb, 0x40490fdb, RM))).toEqual(['0x80000000', hex(RM)]);
    expect(run(() => fp.fpAdd(0x80000000, 0x80000000, RN))).toEqual(['0x80000000', '0x00000000']);
  });

  it('overflow gives infinity or the largest normal by rounding mode, with OFC and IXC', () => {
    const big = 0x7f7fffff;
    expect(run(() => fp.fpMul(big, 0x40000000, RN))).toEqual(['0x7f800000', hex(fp.OFC | fp.IXC)]);
    expect(run(() => fp.fpMul(big, 0x40000000, RZ))).toEqual(['0x7f7fffff', hex(RZ | fp.OFC | fp.IXC)]);
    expect(run(() => fp.fpMul(big, 0xc0000000, RP))).toEqual(['0xff7fffff', hex(RP | fp.OFC | fp.IXC)]);
    expect(run(() => fp.fpMul(big, 0xc0000000, RM))).toEqual(['0xff800000', hex(RM | fp.OFC | fp.IXC)]);
  });

  it('subnormal results: exact ones raise nothing, inexact tiny ones UFC+IXC; FZ flushes with UFC only', () => {
    // 2^-126 * 0.5 = 2^-127 exactly (a subnormal)
    expect(run(() => fp.fpMul(0x00800000, 0x3f000000, RN))).toEqual(['0x00400000', '0x00000000']);
    // smallest subnormal * 0.75 -> 0.75 * 2^-149 rounds to 2^-149, inexact and tiny
    expect(run(() => fp.fpMul(0x00000001, 0x3f400000, RN))).toEqual(['0x00000001', hex(fp.UFC | fp.IXC)]);
    // FZ: a tiny result is flushed to +0 with UFC and without IXC
    expect(run(() => fp.fpMul(0x00800000, 0x3f000000, FZ))).toEqual(['0x00000000', hex(FZ | fp.UFC)]);
    // FZ: a subnormal input is treated as zero and raises IDC
    expect(run(() => fp.fpAdd(0x00000001, 0x3f800000, FZ))).toEqual(['0x3f800000', hex(FZ | fp.IDC)]);
    // tininess is detected before rounding: (2^-126)(1-2^-24) rounds to 2^-126 but is tiny
    expect(run(() => fp.fpMul(0x3f7fffff, 0x00800000, RN))).toEqual(['0x00800000', hex(fp.UFC | fp.IXC)]);
    expect(run(() => fp.fpMul(0x3f7fffff, 0x00800000, FZ))).toEqual(['0x00000000', hex(FZ | fp.UFC)]);
  });

  it('NaNs: signalling quieted with IOC, first operand wins, DN gives the default NaN', () => {
    expect(run(() => fp.fpAdd(0x7fc00001, 0x7f800002, RN))).toEqual(['0x7fc00002', hex(fp.IOC)]);
    expect(run(() => fp.fpAdd(0xffc00001, 0x7fc00002, RN))).toEqual(['0xffc00001', '0x00000000']);
    expect(run(() => fp.fpAdd(0x3f800000, 0x7fc00002, DN))).toEqual(['0x7fc00000', hex(DN)]);
    expect(run(() => fp.fpSub(0x3f800000, 0xffc00002, RN))).toEqual(['0xffc00002', '0x00000000']);
    expect(run(() => fp.fpMul(0x7f800000, 0x00000000, RN))).toEqual(['0x7fc00000', hex(fp.IOC)]);
    expect(run(() => fp.fpSqrt(0xbf800000, RN))).toEqual(['0x7fc00000', hex(fp.IOC)]);
    expect(run(() => fp.fpSqrt(0x80000000, RN))).toEqual(['0x80000000', '0x00000000']);
    // FPMulAdd: quiet NaN addend with 0*inf is the default NaN with IOC
    expect(run(() => fp.fpMulAdd(0x7fc00005, 0x00000000, 0x7f800000, RN))).toEqual(['0x7fc00000', hex(fp.IOC)]);
    expect(run(() => fp.fpMulAdd(0x7fa00005, 0x00000000, 0x7f800000, RN))).toEqual(['0x7fe00005', hex(fp.IOC)]);
  });

  it('division: by zero raises DZC, 0/0 IOC, 1/3 inexact', () => {
    expect(run(() => fp.fpDiv(0xbf800000, 0x00000000, RN))).toEqual(['0xff800000', hex(fp.DZC)]);
    expect(run(() => fp.fpDiv(0x00000000, 0x80000000, RN))).toEqual(['0x7fc00000', hex(fp.IOC)]);
    expect(run(() => fp.fpDiv(0x3f800000, 0x40400000, RN))).toEqual(['0x3eaaaaab', hex(fp.IXC)]);
    expect(run(() => fp.fpDiv(0x3f800000, 0x40400000, RZ))).toEqual(['0x3eaaaaaa', hex(RZ | fp.IXC)]);
  });

  it('fused multiply-add rounds once', () => {
    // (1+2^-23)^2 - (1+2^-22) = 2^-46 exactly with one rounding; VMLA would give 0
    const a = 0x3f800001;
    expect(run(() => fp.fpMulAdd(0xbf800002, a, a, RN))).toEqual(['0x28800000', '0x00000000']);
  });

  it('float to integer: saturation and NaN raise IOC, rounding by mode', () => {
    expect(run(() => fp.fpToFixed(0x4f000000, 32, 0, false, true, RN))).toEqual(['0x7fffffff', hex(fp.IOC)]);
    expect(run(() => fp.fpToFixed(0xcf000000, 32, 0, false, true, RN))).toEqual(['0x80000000', '0x00000000']);
    expect(run(() => fp.fpToFixed(0xbf800000, 32, 0, true, true, RN))).toEqual(['0x00000000', hex(fp.IOC)]);
    expect(run(() => fp.fpToFixed(0x7fc00000, 32, 0, false, true, RN))).toEqual(['0x00000000', hex(fp.IOC)]);
    expect(run(() => fp.fpToFixed(0x3fc00000, 32, 0, false, false, RN))).toEqual(['0x00000002', hex(fp.IXC)]); // 1.5
    expect(run(() => fp.fpToFixed(0x40200000, 32, 0, false, false, RN))).toEqual(['0x00000002', hex(fp.IXC)]); // 2.5
    expect(run(() => fp.fpToFixed(0xbfc00000, 32, 0, false, false, RM))).toEqual(['0xfffffffe', hex(RM | fp.IXC)]);
    expect(run(() => fp.fpToFixed(0xbfc00000, 32, 0, false, true, RM))).toEqual(['0xffffffff', hex(RM | fp.IXC)]);
    // 16-bit fixed point is sign-extended; 1.0 with 15 fraction bits saturates at 0x7fff
    expect(run(() => fp.fpToFixed(0x3f800000, 16, 15, false, true, RN))).toEqual(['0x00007fff', hex(fp.IOC)]);
    expect(run(() => fp.fpToFixed(0xbf800000, 16, 15, false, true, RN))).toEqual(['0xffff8000', '0x00000000']);
  });

  it('integer to float rounds by mode', () => {
    expect(run(() => fp.fixedToFP(0x7fffffff, 32, 0, false, RN))).toEqual(['0x4f000000', hex(fp.IXC)]);
    expect(run(() => fp.fixedToFP(0x7fffffff, 32, 0, false, RZ))).toEqual(['0x4effffff', hex(RZ | fp.IXC)]);
    expect(run(() => fp.fixedToFP(0xffffffff, 32, 0, true, RN))).toEqual(['0x4f800000', hex(fp.IXC)]);
    expect(run(() => fp.fixedToFP(0x8000, 16, 15, false, RN))).toEqual(['0xbf800000', '0x00000000']);
  });

  it('half precision: IEEE and alternative formats', () => {
    expect(run(() => fp.fpSingleToHalf(0x3f800000, RN))).toEqual(['0x00003c00', '0x00000000']);
    expect(run(() => fp.fpSingleToHalf(0x477ff000, RN))).toEqual(['0x00007c00', hex(fp.OFC | fp.IXC)]); // 65520
    expect(run(() => fp.fpSingleToHalf(0x477ff000, AHP))).toEqual(['0x00007c00', hex(AHP | fp.IXC)]); // 65536 in AHP
    expect(run(() => fp.fpSingleToHalf(0x7f800000, AHP))).toEqual(['0x00007fff', hex(AHP | fp.IOC)]);
    expect(run(() => fp.fpSingleToHalf(0x7fc00000, AHP))).toEqual(['0x00000000', hex(AHP | fp.IOC)]);
    expect(run(() => fp.fpSingleToHalf(0x7f802000, RN))).toEqual(['0x00007e01', hex(fp.IOC)]);
    expect(run(() => fp.fpHalfToSingle(0x7c00, RN))).toEqual(['0x7f800000', '0x00000000']);
    expect(run(() => fp.fpHalfToSingle(0x7c00, AHP))).toEqual(['0x47800000', hex(AHP)]); // 65536
    expect(run(() => fp.fpHalfToSingle(0x0001, FZ))).toEqual(['0x33800000', hex(FZ)]); // 2^-24, not flushed
    expect(run(() => fp.fpHalfToSingle(0x7d01, RN))).toEqual(['0x7fe02000', hex(fp.IOC)]);
  });

  it('compare: unordered sets C and V; VCMPE signals on quiet NaNs', () => {
    expect(run(() => fp.fpCompare(0x7fc00000, 0, false, RN))).toEqual(['0x30000000', '0x00000000']);
    expect(run(() => fp.fpCompare(0x7fc00000, 0, true, RN))).toEqual(['0x30000000', hex(fp.IOC)]);
    expect(run(() => fp.fpCompare(0x80000000, 0, false, RN))).toEqual(['0x60000000', '0x00000000']);
    expect(run(() => fp.fpCompare(0xff800000, 0xff7fffff, false, RN))).toEqual(['0x80000000', '0x00000000']);
    expect(run(() => fp.fpCompare(0x00000001, 0x80000000, false, FZ))).toEqual(['0x60000000', hex(FZ | fp.IDC)]);
  });

  it('VFPExpandImm', () => {
    expect(hex(fp.vfpExpandImm(0x70))).toBe('0x3f800000'); // 1.0
    expect(hex(fp.vfpExpandImm(0x00))).toBe('0x40000000'); // 2.0
    expect(hex(fp.vfpExpandImm(0xff))).toBe('0xbff80000'); // -1.9375
    expect(hex(fp.vfpExpandImm(0x40))).toBe('0x3e000000'); // 0.125
  });
});

// ---- random comparison with the exact pseudocode transcription ----

class Rng {
  constructor(private s: number) {}
  next(): number {
    // xorshift32
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number {
    return this.next() % n;
  }
}

const EDGES = [
  0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000, 0x80800000, 0x00800001, 0x3f800000,
  0xbf800000, 0x3f800001, 0x3f7fffff, 0x7f7fffff, 0xff7fffff, 0x7f7ffffe, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001,
  0x7f800001, 0xffbfffff, 0x7fa00000, 0x4f000000, 0xcf000000, 0x4f800000, 0x4effffff, 0x3f000000, 0x33800000, 0x34000000,
  0x0c000000, 0x1f800000, 0x5f800000, 0x00400000, 0x40490fdb, 0x47000000, 0x477ff000, 0x38800000, 0x387fc000, 0x33000000,
];

function operand(rng: Rng, near: number): number {
  switch (rng.below(8)) {
    case 0:
    case 1:
      return EDGES[rng.below(EDGES.length)];
    case 2: // a neighbour of another operand (cancellation, ties)
      return (near + rng.below(9) - 4) >>> 0;
    case 3: // same exponent region as the other operand, different sign maybe
      return ((near & 0xff800000) ^ (rng.below(2) << 31) | (rng.next() & 0x7fffff)) >>> 0;
    case 4: // tiny or huge exponent
      return ((rng.below(2) << 31) | ((rng.below(2) ? rng.below(30) : 225 + rng.below(30)) << 23) | (rng.next() & 0x7fffff)) >>> 0;
    case 5: // few significant bits (exact results and ties)
      return ((rng.below(2) << 31) | ((100 + rng.below(56)) << 23) | ((rng.next() & 7) << 20)) >>> 0;
    default:
      return rng.next();
  }
}

const MODES = [RN, RP, RM, RZ, RN | FZ, RP | FZ, RM | FZ, RZ | FZ, RN | DN, RZ | FZ | DN, RN | AHP, RM | AHP | DN];

function compareMany(name: string, count: number, body: (rng: Rng, fpscr: number, ref: RefFP) => [number, number, string]): void {
  it(`${name}: ${count} random edge-biased cases agree with the exact pseudocode`, () => {
    const rng = new Rng(0x9e3779b9 ^ name.length * 7919);
    const ref = new RefFP();
    const bad: string[] = [];
    for (let i = 0; i < count && bad.length < 10; i++) {
      const fpscr = (MODES[rng.below(MODES.length)] | (rng.below(4) === 0 ? 0xf0000000 : 0)) >>> 0;
      ref.fpscr = fpscr;
      const [ours, refResult, args] = body(rng, fpscr, ref);
      if (ours >>> 0 !== refResult >>> 0 || fp.fpscrOut >>> 0 !== ref.fpscr >>> 0)
        bad.push(`${args} fpscr=${hex(fpscr)}: ours ${hex(ours)}/${hex(fp.fpscrOut)} ref ${hex(refResult)}/${hex(ref.fpscr)}`);
    }
    expect(bad.join('\n')).toBe('');
  });
}

describe('sim/fp against a BigInt transcription of the Arm pseudocode', () => {
  compareMany('FPAdd', 20000, (rng, f, ref) => {
    const a = operand(rng, 0), b = operand(rng, a);
    return [fp.fpAdd(a, b, f), ref.addsub(a, b, false), `add ${hex(a)} ${hex(b)}`];
  });
  compareMany('FPSub', 10000, (rng, f, ref) => {
    const a = operand(rng, 0), b = operand(rng, a);
    return [fp.fpSub(a, b, f), ref.addsub(a, b, true), `sub ${hex(a)} ${hex(b)}`];
  });
  compareMany('FPMul', 20000, (rng, f, ref) => {
    const a = operand(rng, 0), b = operand(rng, a);
    return [fp.fpMul(a, b, f), ref.mul(a, b), `mul ${hex(a)} ${hex(b)}`];
  });
  compareMany('FPDiv', 15000, (rng, f, ref) => {
    const a = operand(rng, 0), b = operand(rng, a);
    return [fp.fpDiv(a, b, f), ref.div(a, b), `div ${hex(a)} ${hex(b)}`];
  });
  compareMany('FPSqrt', 10000, (rng, f, ref) => {
    const a = operand(rng, 0x3f800000);
    return [fp.fpSqrt(a, f), ref.sqrt(a), `sqrt ${hex(a)}`];
  });
  compareMany('FPMulAdd', 30000, (rng, f, ref) => {
    const a = operand(rng, 0), b = operand(rng, a);
    // an addend near -a*b makes cancellation likely
    let c = operand(rng, b);
    if (rng.below(3) === 0 && ((a >>> 23) & 0xff) !== 0xff && ((b >>> 23) & 0xff) !== 0xff) {
      const p = fp.toF(a) * fp.toF(b);
      if (Math.abs(p) < 3e38) c = (fp.fromF(Math.fround(-p)) + rng.below(5) - 2) >>> 0;
    }
    return [fp.fpMulAdd(c, a, b, f), ref.mulAdd(c, a, b), `fma ${hex(c)} + ${hex(a)} * ${hex(b)}`];
  });
  compareMany('FPCompare', 10000, (rng, f, ref) => {
    const a = operand(rng, 0), b = rng.below(4) === 0 ? a : operand(rng, a);
    const e = rng.below(2) === 1;
    const r = fp.fpCompare(a, b, e, f) >>> 28;
    return [r, ref.compare(a, b, e), `cmp${e ? 'e' : ''} ${hex(a)} ${hex(b)}`];
  });
  compareMany('FPToFixed', 20000, (rng, f, ref) => {
    const m = rng.below(2) ? 32 : 16;
    const fb = rng.below(3) === 0 ? 0 : rng.below(m + 1);
    const u = rng.below(2) === 1, rz = rng.below(2) === 1;
    let a = operand(rng, 0);
    if (rng.below(3) === 0) a = (((rng.below(2) << 31) | ((126 + rng.below(34) - fb) << 23) | (rng.next() & 0x7fffff)) >>> 0);
    return [fp.fpToFixed(a, m, fb, u, rz, f), ref.toFixed(a, m, fb, u, rz), `tofixed ${hex(a)} m=${m} fb=${fb} u=${u} rz=${rz}`];
  });
  compareMany('FixedToFP', 10000, (rng, f, ref) => {
    const m = rng.below(2) ? 32 : 16;
    const fb = rng.below(m + 1);
    const u = rng.below(2) === 1;
    const x = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x8000, 0x7fff, 0xffff, 0x01000001, 0x00ffffff][rng.below(10)] ^ (rng.below(2) ? rng.next() : 0);
    return [fp.fixedToFP(x >>> 0, m, fb, u, f), ref.fixedToFP(x >>> 0, m, fb, u), `fromfixed ${hex(x)} m=${m} fb=${fb} u=${u}`];
  });
  compareMany('FPHalfToSingle', 5000, (rng, f, ref) => {
    const h = rng.below(4) === 0 ? [0x7c00, 0xfc00, 0x7e00, 0x7d00, 0x0001, 0x03ff, 0x0400, 0x7bff][rng.below(8)] : rng.below(0x10000);
    return [fp.fpHalfToSingle(h, f), ref.halfToSingle(h), `h2s ${hex(h)}`];
  });
  compareMany('FPSingleToHalf', 15000, (rng, f, ref) => {
    let a = operand(rng, 0x3f800000);
    if (rng.below(2) === 0) a = (((rng.below(2) << 31) | ((100 + rng.below(45)) << 23) | (rng.next() & 0x7fffff)) >>> 0);
    return [fp.fpSingleToHalf(a, f), ref.singleToHalf(a), `s2h ${hex(a)}`];
  });
});
