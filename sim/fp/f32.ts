// Bit-exact single-precision arithmetic of the FPv4-SP unit, following the pseudocode of the
// ARMv7-M ARM A2.5 ("Floating-point data types and arithmetic"): FPUnpack, FPRound,
// FPProcessNaN(s), FPAdd, FPMul, FPMulAdd, FPDiv, FPSqrt, FPCompare, FPToFixed, FixedToFP,
// FPHalfToSingle, FPSingleToHalf. Operands and results are raw bit patterns (uint32).
//
// Every operation takes the current FPSCR value (for RMode, FZ, DN, AHP) and leaves the new
// FPSCR value, with the cumulative exception bits it raised ORed in, in `fpscrOut`.
//
// Exactness: every generic path computes the exact result as an integer significand `sig`
// (< 2^53, so plain JS numbers are exact) times a power of two, or a "jammed" approximation
// whose lowest bit stands for any nonzero bits below it (softfloat-style sticky bit) with at
// least two bits to spare below the rounding position; roundPack then follows FPRound
// (tininess detected before rounding, as FPRound does on the unrounded value).
// Fast paths for round-to-nearest with FZ off use double arithmetic where the double result
// provably rounds to the same single (p=53 >= 2*24+2, innocuous double rounding for + - * / sqrt)
// and compute the flags exactly (TwoSum error terms, exact back-multiplication).

// ---- FPSCR bits (ARMv7-M ARM A2.5.3 / B1.4 FPSCR) ----
export const FPSCR_N = 0x80000000;
export const FPSCR_Z = 0x40000000;
export const FPSCR_C = 0x20000000;
export const FPSCR_V = 0x10000000;
export const FPSCR_AHP = 1 << 26;
export const FPSCR_DN = 1 << 25;
export const FPSCR_FZ = 1 << 24;
export const FPSCR_RMODE_SHIFT = 22;
export const IDC = 1 << 7;
export const IXC = 1 << 4;
export const UFC = 1 << 3;
export const OFC = 1 << 2;
export const DZC = 1 << 1;
export const IOC = 1 << 0;
/** The bits of FPSCR that exist on ARMv7-M (others are reserved, RAZ/WI). */
export const FPSCR_MASK = 0xf7c0009f;

export const RN = 0;
export const RP = 1;
export const RM = 2;
export const RZ = 3;

export const DEFAULT_NAN = 0x7fc00000;
const POS_INF = 0x7f800000;
const MAX_NORMAL = 0x7f7fffff;

/** The FPSCR after the last operation: the input FPSCR with the raised exception bits set. */
export let fpscrOut = 0;

/** fpscrOut as a function: callers on hot paths keep a module-level reference to it, because
 * some module loaders (tsx, vitest) turn every read of an imported binding into a getter call. */
export function fpscrAfter(): number {
  // (unsigned, as every other write of FPSCR leaves it: the same number for the same bits)
  return fpscrOut >>> 0;
}

// scratch views for moving between bit patterns and numbers
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new Uint32Array(f64.buffer); // little-endian: [lo, hi]

/** Bits to float (only for non-NaN values: NaN payloads do not survive a JS number). */
export function toF(bits: number): number {
  u32[0] = bits;
  return f32[0];
}
/** A number that is exactly representable as a single, to its bits. */
export function fromF(x: number): number {
  f32[0] = x;
  return u32[0];
}

// ---- FPUnpack ----
const T_ZERO = 0;
const T_NONZERO = 1;
const T_INF = 2;
const T_QNAN = 3;
const T_SNAN = 4;

// results of unpack(): type, sign (0/1), and value = sig * 2^exp for T_NONZERO
let uType = 0;
let uSign = 0;
let uSig = 0;
let uExp = 0;

/** FPUnpack for N=32: sets uType/uSign/uSig/uExp; IDC when FZ flushes a denormal input. */
function unpack(x: number, fpscr: number): void {
  uSign = x >>> 31;
  const e = (x >>> 23) & 0xff;
  const f = x & 0x7fffff;
  if (e === 0) {
    if (f === 0) uType = T_ZERO;
    else if ((fpscr & FPSCR_FZ) !== 0) {
      uType = T_ZERO;
      fpscrOut |= IDC;
    } else {
      uType = T_NONZERO;
      uSig = f;
      uExp = -149;
    }
  } else if (e === 0xff) {
    uType = f === 0 ? T_INF : (f & 0x400000) !== 0 ? T_QNAN : T_SNAN;
  } else {
    uType = T_NONZERO;
    uSig = f | 0x800000;
    uExp = e - 150;
  }
}

/** FPProcessNaN: quiets a signalling NaN (IOC); DN gives the default NaN. */
function processNaN(type: number, x: number, fpscr: number): number {
  if (type === T_SNAN) {
    x = (x | 0x400000) >>> 0;
    fpscrOut |= IOC;
  }
  return (fpscr & FPSCR_DN) !== 0 ? DEFAULT_NAN : x >>> 0;
}

function isNaNType(t: number): boolean {
  return t >= T_QNAN;
}

/** FPProcessNaNs: the first signalling NaN, else the first quiet NaN. Caller checks a NaN exists. */
function processNaNs(t1: number, t2: number, a: number, b: number, fpscr: number): number {
  if (t1 === T_SNAN) return processNaN(t1, a, fpscr);
  if (t2 === T_SNAN) return processNaN(t2, b, fpscr);
  if (t1 === T_QNAN) return processNaN(t1, a, fpscr);
  return processNaN(t2, b, fpscr);
}

/** Number of significant bits of a positive integer < 2^53. */
function bitLength(x: number): number {
  if (x >= 4294967296) return 64 - Math.clz32(Math.floor(x / 4294967296));
  return 32 - Math.clz32(x);
}

const POW2 = new Float64Array(128);
for (let i = 0; i < 128; i++) POW2[i] = 2 ** i;

/**
 * FPRound to single precision of the value (-1)^sign * sig * 2^exp (sig an integer in
 * [1, 2^53), possibly jammed: see the file comment). Returns the bits; raises UFC/OFC/IXC.
 */
export function roundPack(sign: number, sig: number, exp: number, fpscr: number): number {
  const s = sign << 31;
  const e = bitLength(sig) - 1 + exp; // unrounded exponent: value in [2^e, 2^(e+1))
  if (e < -126 && (fpscr & FPSCR_FZ) !== 0) {
    fpscrOut |= UFC;
    return s >>> 0;
  }
  const lsb = e >= -126 ? e - 23 : -149; // weight of the result's last place
  const shift = lsb - exp;
  let mant: number;
  let rnd: number; // 0 exact, 1 below half, 2 half, 3 above half
  if (shift <= 0) {
    mant = sig * POW2[-shift];
    rnd = 0;
  } else if (shift > 54) {
    mant = 0;
    rnd = 1;
  } else {
    const p = POW2[shift];
    mant = Math.floor(sig / p);
    const rem = sig - mant * p;
    const half = p / 2;
    rnd = rem === 0 ? 0 : rem < half ? 1 : rem === half ? 2 : 3;
  }
  if (rnd !== 0 && e < -126) fpscrOut |= UFC;
  const mode = (fpscr >>> FPSCR_RMODE_SHIFT) & 3;
  let up: boolean;
  let overflowToInf: boolean;
  switch (mode) {
    case RN:
      up = rnd === 3 || (rnd === 2 && (mant & 1) === 1);
      overflowToInf = true;
      break;
    case RP:
      up = rnd !== 0 && sign === 0;
      overflowToInf = sign === 0;
      break;
    case RM:
      up = rnd !== 0 && sign === 1;
      overflowToInf = sign === 1;
      break;
    default:
      up = false;
      overflowToInf = false;
  }
  if (up) mant++;
  // normal: biased exponent field plus the fraction; a carry out of the fraction moves into
  // the exponent field by itself (and a subnormal rounding up to 2^-126 becomes normal)
  const bits = e >= -126 ? (e + 127) * 0x800000 + (mant - 0x800000) : mant;
  if (bits >= POS_INF) {
    fpscrOut |= OFC | IXC;
    return (s | (overflowToInf ? POS_INF : MAX_NORMAL)) >>> 0;
  }
  if (rnd !== 0) fpscrOut |= IXC;
  return (s | bits) >>> 0;
}

/** FPRound of a double that holds an exact value (at most 53 significant bits). */
function roundDouble(x: number, fpscr: number): number {
  f64[0] = x;
  const hi = u64[1];
  const lo = u64[0];
  const sign = hi >>> 31;
  const be = (hi >>> 20) & 0x7ff;
  let sig = (hi & 0xfffff) * 4294967296 + lo;
  let exp: number;
  if (be === 0) exp = -1074;
  else {
    sig += 4503599627370496; // 2^52
    exp = be - 1075;
  }
  return roundPack(sign, sig, exp, fpscr);
}

const ZERO_RESULT_SIGN = (fpscr: number): number => (((fpscr >>> FPSCR_RMODE_SHIFT) & 3) === RM ? 0x80000000 : 0);

// ---- FPAdd / FPSub ----

/** FPAdd(op1, op2): single-precision addition. */
export function fpAdd(a: number, b: number, fpscr: number): number {
  fpscrOut = fpscr;
  if ((fpscr & 0x01c00000) === 0) {
    // fast path: RN, FZ off, both operands finite (zeros and subnormals are fine)
    if (((a >>> 23) & 0xff) !== 0xff && ((b >>> 23) & 0xff) !== 0xff) {
      u32[0] = a;
      const x = f32[0];
      u32[0] = b;
      const y = f32[0];
      const s = x + y;
      f32[0] = s;
      const r = f32[0];
      if (r !== s) {
        if (r === Infinity || r === -Infinity) fpscrOut |= OFC | IXC;
        else fpscrOut |= IXC;
      } else {
        // TwoSum: was the double sum itself exact?
        const bb = s - x;
        if (x - (s - bb) + (y - bb) !== 0) fpscrOut |= IXC;
      }
      return u32[0];
    }
  }
  return addSlow(a, b, fpscr);
}

/** FPSub(op1, op2) = FPAdd(op1, FPNeg(op2)) for everything but NaN operands. */
export function fpSub(a: number, b: number, fpscr: number): number {
  // FPSub in the pseudocode is FPAdd with the sign of op2 flipped in the arithmetic; a NaN op2
  // is propagated unchanged (not negated), so handle NaN operands before negating.
  if (((b >>> 23) & 0xff) === 0xff && (b & 0x7fffff) !== 0) {
    fpscrOut = fpscr;
    unpack(a, fpscr);
    const t1 = uType;
    unpack(b, fpscr);
    return processNaNs(t1, uType, a, b, fpscr);
  }
  return fpAdd(a, (b ^ 0x80000000) >>> 0, fpscr);
}

function addSlow(a: number, b: number, fpscr: number): number {
  unpack(a, fpscr);
  const t1 = uType, s1 = uSign, m1 = uSig, e1 = uExp;
  unpack(b, fpscr);
  const t2 = uType, s2 = uSign, m2 = uSig, e2 = uExp;
  if (isNaNType(t1) || isNaNType(t2)) return processNaNs(t1, t2, a, b, fpscr);
  if (t1 === T_INF && t2 === T_INF && s1 !== s2) {
    fpscrOut |= IOC;
    return DEFAULT_NAN;
  }
  if ((t1 === T_INF && s1 === 0) || (t2 === T_INF && s2 === 0)) return POS_INF;
  if (t1 === T_INF || t2 === T_INF) return 0xff800000;
  if (t1 === T_ZERO && t2 === T_ZERO && s1 === s2) return (s1 << 31) >>> 0;
  if (t1 === T_ZERO) return t2 === T_ZERO ? ZERO_RESULT_SIGN(fpscr) : roundPack(s2, m2, e2, fpscr);
  if (t2 === T_ZERO) return roundPack(s1, m1, e1, fpscr);
  return addMag(s1, m1, e1, s2, m2, e2, fpscr);
}

/** Exact sum of two signed values m*2^e (m < 2^24 or a product < 2^48), rounded. */
function addMag(s1: number, m1: number, e1: number, s2: number, m2: number, e2: number, fpscr: number): number {
  // make operand 1 the one with the higher last-place weight
  if (e1 < e2) {
    let t = s1; s1 = s2; s2 = t;
    t = m1; m1 = m2; m2 = t;
    t = e1; e1 = e2; e2 = t;
  }
  const room = 52 - bitLength(m1); // how far m1 can move left and stay < 2^53
  const d = e1 - e2;
  let big: number;
  let small: number;
  let exp: number;
  if (d <= room) {
    big = m1 * POW2[d];
    small = m2;
    exp = e2;
  } else {
    // m1 moves left by `room`; m2 moves right by d-room with the shifted-out bits jammed
    big = m1 * POW2[room];
    exp = e1 - room;
    const k = d - room;
    if (k >= 53) small = 1;
    else {
      const p = POW2[k];
      small = Math.floor(m2 / p);
      if (small * p !== m2) small += small % 2 === 0 ? 1 : 0;
    }
  }
  let sig: number;
  let sign: number;
  if (s1 === s2) {
    sig = big + small;
    sign = s1;
    if (sig >= 9007199254740992) {
      // one bit too many: halve with jamming (only when the value is large, never exact loss)
      const odd = sig % 2;
      sig = Math.floor(sig / 2);
      if (odd !== 0 && sig % 2 === 0) sig += 1;
      exp += 1;
    }
  } else if (big >= small) {
    sig = big - small;
    sign = s1;
  } else {
    sig = small - big;
    sign = s2;
  }
  if (sig === 0) return ZERO_RESULT_SIGN(fpscr);
  return roundPack(sign, sig, exp, fpscr);
}

// ---- FPMul ----

/** FPMul(op1, op2). */
export function fpMul(a: number, b: number, fpscr: number): number {
  fpscrOut = fpscr;
  if ((fpscr & 0x01c00000) === 0 && ((a >>> 23) & 0xff) !== 0xff && ((b >>> 23) & 0xff) !== 0xff) {
    u32[0] = a;
    const x = f32[0];
    u32[0] = b;
    const p = x * f32[0]; // exact: 24x24 bits, well inside the double range
    f32[0] = p;
    const r = f32[0];
    if (r !== p) {
      if (r === Infinity || r === -Infinity) fpscrOut |= OFC | IXC;
      else {
        fpscrOut |= IXC;
        if (p < 1.1754943508222875e-38 && p > -1.1754943508222875e-38) fpscrOut |= UFC;
      }
    }
    return u32[0];
  }
  unpack(a, fpscr);
  const t1 = uType, s1 = uSign, m1 = uSig, e1 = uExp;
  unpack(b, fpscr);
  const t2 = uType, s2 = uSign, m2 = uSig, e2 = uExp;
  if (isNaNType(t1) || isNaNType(t2)) return processNaNs(t1, t2, a, b, fpscr);
  const sign = s1 ^ s2;
  if ((t1 === T_INF && t2 === T_ZERO) || (t1 === T_ZERO && t2 === T_INF)) {
    fpscrOut |= IOC;
    return DEFAULT_NAN;
  }
  if (t1 === T_INF || t2 === T_INF) return ((sign << 31) | POS_INF) >>> 0;
  if (t1 === T_ZERO || t2 === T_ZERO) return (sign << 31) >>> 0;
  return roundPack(sign, m1 * m2, e1 + e2, fpscr);
}

// ---- FPMulAdd (fused) ----

/** FPMulAdd(addend, op1, op2): addend + op1*op2 with a single rounding. */
export function fpMulAdd(c: number, a: number, b: number, fpscr: number): number {
  fpscrOut = fpscr;
  if (
    (fpscr & 0x01c00000) === 0 &&
    ((a >>> 23) & 0xff) - 1 < 0xfe && // normal operands only (not zero/subnormal/inf/NaN)
    ((b >>> 23) & 0xff) - 1 < 0xfe &&
    ((c >>> 23) & 0xff) - 1 < 0xfe
  ) {
    return mulAddFast(c, a, b);
  }
  unpack(c, fpscr);
  const tA = uType, sA = uSign, mA = uSig, eA = uExp;
  unpack(a, fpscr);
  const t1 = uType, s1 = uSign, m1 = uSig, e1 = uExp;
  unpack(b, fpscr);
  const t2 = uType, s2 = uSign, m2 = uSig, e2 = uExp;
  const inf1 = t1 === T_INF, inf2 = t2 === T_INF, zero1 = t1 === T_ZERO, zero2 = t2 === T_ZERO;
  const invalidProduct = (inf1 && zero2) || (zero1 && inf2);
  if (isNaNType(tA) || isNaNType(t1) || isNaNType(t2)) {
    // FPProcessNaNs3, then a quiet-NaN addend with an invalid product gives the default NaN
    let r: number;
    if (tA === T_SNAN) r = processNaN(tA, c, fpscr);
    else if (t1 === T_SNAN) r = processNaN(t1, a, fpscr);
    else if (t2 === T_SNAN) r = processNaN(t2, b, fpscr);
    else if (tA === T_QNAN) r = processNaN(tA, c, fpscr);
    else if (t1 === T_QNAN) r = processNaN(t1, a, fpscr);
    else r = processNaN(t2, b, fpscr);
    if (tA === T_QNAN && invalidProduct) {
      fpscrOut |= IOC;
      r = DEFAULT_NAN;
    }
    return r;
  }
  const infA = tA === T_INF, zeroA = tA === T_ZERO;
  const sP = s1 ^ s2;
  const infP = inf1 || inf2;
  const zeroP = zero1 || zero2;
  if (invalidProduct || (infA && infP && sA !== sP)) {
    fpscrOut |= IOC;
    return DEFAULT_NAN;
  }
  if ((infA && sA === 0) || (infP && sP === 0)) return POS_INF;
  if (infA || infP) return 0xff800000;
  if (zeroA && zeroP && sA === sP) return (sA << 31) >>> 0;
  if (zeroP) return zeroA ? ZERO_RESULT_SIGN(fpscr) : roundPack(sA, mA, eA, fpscr);
  if (zeroA) return roundPack(sP, m1 * m2, e1 + e2, fpscr);
  return addMag(sP, m1 * m2, e1 + e2, sA, mA, eA, fpscr);
}

/** RN, FZ off, all operands normal: exact product in double, TwoSum for the addition, and a
 * correction where the double sum lands exactly on a midpoint between two singles. */
function mulAddFast(c: number, a: number, b: number): number {
  u32[0] = a;
  const x = f32[0];
  u32[0] = b;
  const p = x * f32[0];
  u32[0] = c;
  const z = f32[0];
  const s = p + z;
  const bb = s - p;
  const err = p - (s - bb) + (z - bb); // exact: s + err = p + z
  f32[0] = s;
  let r = f32[0];
  if (r === s) {
    if (err !== 0) {
      fpscrOut |= IXC;
      if (s < 1.1754943508222875e-38 && s > -1.1754943508222875e-38) fpscrOut |= UFC;
      else if (s === 1.1754943508222875e-38 ? err < 0 : s === -1.1754943508222875e-38 && err > 0) fpscrOut |= UFC;
    }
    return u32[0];
  }
  // s is not a single: the correct rounding of s+err equals that of s unless s is a midpoint
  const rb = u32[0];
  const toward = Math.abs(s) > Math.abs(r) ? 1 : -1; // neighbour of r on the side of s (in magnitude)
  const nb = rb + toward; // same sign bit: magnitudes are adjacent bit patterns
  let neighbour: number;
  if ((nb & 0x7fffffff) >= POS_INF) neighbour = r > 0 ? 3.402823669209385e38 : -3.402823669209385e38; // 2^128
  else {
    u32[0] = nb;
    neighbour = f32[0];
  }
  const rr = r === Infinity ? 3.402823669209385e38 : r === -Infinity ? -3.402823669209385e38 : r;
  if (err !== 0 && s + s === rr + neighbour) {
    // midpoint: the exact value lies on the side of err
    if (err > 0 === neighbour > s) r = neighbour === rr ? r : neighbour;
    // (else r stays: the exact value is on r's side)
    if (Math.abs(r) === 3.402823669209385e38) r = r > 0 ? Infinity : -Infinity;
  }
  f32[0] = r;
  const out = u32[0];
  if ((out & 0x7fffffff) === POS_INF) fpscrOut |= OFC | IXC;
  else {
    fpscrOut |= IXC;
    const as = Math.abs(s);
    if (as < 1.1754943508222875e-38 || (as === 1.1754943508222875e-38 && (s > 0 ? err < 0 : err > 0))) fpscrOut |= UFC;
  }
  return out;
}

// ---- FPDiv ----

/** FPDiv(op1, op2). */
export function fpDiv(a: number, b: number, fpscr: number): number {
  fpscrOut = fpscr;
  const ea = (a >>> 23) & 0xff;
  const eb = (b >>> 23) & 0xff;
  if ((fpscr & 0x01c00000) === 0 && ea !== 0xff && eb !== 0xff && (a & 0x7fffffff) !== 0 && (b & 0x7fffffff) !== 0) {
    u32[0] = a;
    const x = f32[0];
    u32[0] = b;
    const y = f32[0];
    f32[0] = x / y;
    const r = f32[0];
    if (r * y !== x) {
      // inexact (r*y is exact in double)
      if (r === Infinity || r === -Infinity) fpscrOut |= OFC | IXC;
      else {
        fpscrOut |= IXC;
        if (Math.abs(x) < Math.abs(y) * 1.1754943508222875e-38) fpscrOut |= UFC;
      }
    }
    return u32[0];
  }
  unpack(a, fpscr);
  const t1 = uType, s1 = uSign, m1 = uSig, e1 = uExp;
  unpack(b, fpscr);
  const t2 = uType, s2 = uSign, m2 = uSig, e2 = uExp;
  if (isNaNType(t1) || isNaNType(t2)) return processNaNs(t1, t2, a, b, fpscr);
  const sign = s1 ^ s2;
  if ((t1 === T_INF && t2 === T_INF) || (t1 === T_ZERO && t2 === T_ZERO)) {
    fpscrOut |= IOC;
    return DEFAULT_NAN;
  }
  if (t1 === T_INF || t2 === T_ZERO) {
    if (t1 !== T_INF) fpscrOut |= DZC;
    return ((sign << 31) | POS_INF) >>> 0;
  }
  if (t1 === T_ZERO || t2 === T_INF) return (sign << 31) >>> 0;
  // normalise both significands to 24 bits, then a 30-bit quotient with a sticky bit
  const n1 = 24 - bitLength(m1);
  const n2 = 24 - bitLength(m2);
  const x = m1 * POW2[n1] * POW2[29];
  const y = m2 * POW2[n2];
  let q = Math.floor(x / y);
  let r = x - q * y;
  while (r < 0) {
    q--;
    r += y;
  }
  while (r >= y) {
    q++;
    r -= y;
  }
  return roundPack(sign, q * 2 + (r !== 0 ? 1 : 0), e1 - n1 - 29 - (e2 - n2) - 1, fpscr);
}

// ---- FPSqrt ----

/** FPSqrt(op). */
export function fpSqrt(a: number, fpscr: number): number {
  fpscrOut = fpscr;
  if ((fpscr & 0x01c00000) === 0 && a < 0x7f800000 && a !== 0) {
    // positive, finite, nonzero
    u32[0] = a;
    const x = f32[0];
    f32[0] = Math.sqrt(x);
    const r = f32[0];
    if (r * r !== x) fpscrOut |= IXC;
    return u32[0];
  }
  unpack(a, fpscr);
  if (isNaNType(uType)) return processNaN(uType, a, fpscr);
  if (uType === T_ZERO) return (uSign << 31) >>> 0;
  if (uType === T_INF && uSign === 0) return POS_INF;
  if (uSign === 1) {
    fpscrOut |= IOC;
    return DEFAULT_NAN;
  }
  // value = m * 2^e: scale m to 51-52 bits with e even, so the integer root has 26 bits
  let k = 52 - bitLength(uSig);
  if (((uExp - k) & 1) !== 0) k -= 1;
  const m = uSig * POW2[k];
  const e = uExp - k;
  let q = Math.floor(Math.sqrt(m));
  while (q * q > m) q--;
  while ((q + 1) * (q + 1) <= m) q++;
  const rem = m - q * q;
  return roundPack(0, q * 2 + (rem !== 0 ? 1 : 0), e / 2 - 1, fpscr);
}

// ---- FPCompare ----

/** FPCompare(op1, op2, quiet_nan_exc): returns the NZCV nibble in bits 31:28. */
export function fpCompare(a: number, b: number, quietNaNExc: boolean, fpscr: number): number {
  fpscrOut = fpscr;
  unpack(a, fpscr);
  const t1 = uType;
  unpack(b, fpscr);
  const t2 = uType;
  if (isNaNType(t1) || isNaNType(t2)) {
    if (t1 === T_SNAN || t2 === T_SNAN || quietNaNExc) fpscrOut |= IOC;
    return 0x30000000; // unordered: C and V
  }
  // flushed or true zeros compare as 0; everything else as its float value
  const x = t1 === T_ZERO ? 0 : toF(a);
  const y = t2 === T_ZERO ? 0 : toF(b);
  if (x === y) return 0x60000000; // Z and C
  if (x < y) return 0x80000000; // N
  return 0x20000000; // C
}

// ---- conversions ----

/**
 * FPToFixed(op, M, fraction_bits, unsigned, round_zero): M is 16 or 32. Returns the result
 * as a uint32 bit pattern of the M-bit integer, sign- or zero-extended to 32 bits (as VCVT
 * writes it to the register).
 */
export function fpToFixed(a: number, m: number, fbits: number, unsigned: boolean, roundZero: boolean, fpscr: number): number {
  fpscrOut = fpscr;
  const mode = roundZero ? RZ : (fpscr >>> FPSCR_RMODE_SHIFT) & 3;
  unpack(a, fpscr);
  let value: number;
  if (isNaNType(uType)) {
    fpscrOut |= IOC;
    value = 0;
  } else if (uType === T_INF) value = uSign === 1 ? -Infinity : Infinity;
  else if (uType === T_ZERO) value = 0;
  else value = (uSign === 1 ? -uSig : uSig) * 2 ** (uExp + fbits); // exact: < 2^(128+32)
  let int = Math.floor(value);
  const error = value - int; // exact
  let up: boolean;
  switch (mode) {
    case RN:
      up = error > 0.5 || (error === 0.5 && int % 2 !== 0);
      break;
    case RP:
      up = error !== 0;
      break;
    case RM:
      up = false;
      break;
    default:
      up = error !== 0 && int < 0;
  }
  if (up) int += 1;
  let lo: number, hi: number;
  if (unsigned) {
    lo = 0;
    hi = m === 32 ? 4294967295 : 65535;
  } else {
    lo = m === 32 ? -2147483648 : -32768;
    hi = m === 32 ? 2147483647 : 32767;
  }
  if (int > hi || int < lo || int !== int) {
    fpscrOut |= IOC;
    int = int > hi ? hi : lo;
  } else if (error !== 0) fpscrOut |= IXC;
  if (isNaNType(uType)) int = 0;
  return int >>> 0;
}

/** FixedToFP(operand, 32, fraction_bits, unsigned, round_to_nearest=false): operand holds the
 * `m`-bit integer (16 or 32) in its low bits. */
export function fixedToFP(x: number, m: number, fbits: number, unsigned: boolean, fpscr: number): number {
  fpscrOut = fpscr;
  let v: number;
  if (m === 16) v = unsigned ? x & 0xffff : (x << 16) >> 16;
  else v = unsigned ? x >>> 0 : x | 0;
  if (v === 0) return 0;
  return roundDouble(v / 2 ** fbits, fpscr);
}

/** FPHalfToSingle(operand): operand in the low 16 bits. */
export function fpHalfToSingle(h: number, fpscr: number): number {
  fpscrOut = fpscr;
  const sign = (h >>> 15) & 1;
  const e = (h >>> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0x1f && (fpscr & FPSCR_AHP) === 0) {
    if (f === 0) return ((sign << 31) | POS_INF) >>> 0;
    if ((f & 0x200) === 0) fpscrOut |= IOC; // signalling
    if ((fpscr & FPSCR_DN) !== 0) return DEFAULT_NAN;
    return ((sign << 31) | 0x7fc00000 | ((f & 0x1ff) << 13)) >>> 0;
  }
  if (e === 0) {
    if (f === 0) return (sign << 31) >>> 0;
    return roundPack(sign, f, -24, fpscr & ~FPSCR_FZ); // exact, never tiny in single
  }
  return roundPack(sign, f | 0x400, e - 25, fpscr & ~FPSCR_FZ);
}

/** FPSingleToHalf(operand): returns the 16-bit half-precision bits (FPRound with N=16). */
export function fpSingleToHalf(a: number, fpscr: number): number {
  fpscrOut = fpscr;
  const ahp = (fpscr & FPSCR_AHP) !== 0;
  unpack(a, fpscr);
  const s = uSign << 15;
  if (isNaNType(uType)) {
    if (ahp) {
      fpscrOut |= IOC;
      return s;
    }
    if (uType === T_SNAN) fpscrOut |= IOC;
    if ((fpscr & FPSCR_DN) !== 0) return 0x7e00;
    return s | 0x7e00 | ((a >>> 13) & 0x1ff);
  }
  if (uType === T_INF) {
    if (ahp) {
      fpscrOut |= IOC;
      return s | 0x7fff;
    }
    return s | 0x7c00;
  }
  if (uType === T_ZERO) return s;
  // FPRound with E=5, F=10, minimum_exp=-14; FZ does not apply to half precision
  const sig = uSig;
  const exp = uExp;
  const e = bitLength(sig) - 1 + exp;
  const lsb = e >= -14 ? e - 10 : -24;
  const shift = lsb - exp;
  let mant: number;
  let rnd: number;
  if (shift <= 0) {
    mant = sig * POW2[-shift];
    rnd = 0;
  } else if (shift > 54) {
    mant = 0;
    rnd = 1;
  } else {
    const p = POW2[shift];
    mant = Math.floor(sig / p);
    const rem = sig - mant * p;
    rnd = rem === 0 ? 0 : rem < p / 2 ? 1 : rem === p / 2 ? 2 : 3;
  }
  if (rnd !== 0 && e < -14) fpscrOut |= UFC;
  const mode = (fpscr >>> FPSCR_RMODE_SHIFT) & 3;
  const sign = uSign;
  let up: boolean;
  let overflowToInf: boolean;
  switch (mode) {
    case RN:
      up = rnd === 3 || (rnd === 2 && (mant & 1) === 1);
      overflowToInf = true;
      break;
    case RP:
      up = rnd !== 0 && sign === 0;
      overflowToInf = sign === 0;
      break;
    case RM:
      up = rnd !== 0 && sign === 1;
      overflowToInf = sign === 1;
      break;
    default:
      up = false;
      overflowToInf = false;
  }
  if (up) mant++;
  const bits = e >= -14 ? (e + 15) * 0x400 + (mant - 0x400) : mant;
  if (!ahp) {
    if (bits >= 0x7c00) {
      fpscrOut |= OFC | IXC;
      return s | (overflowToInf ? 0x7c00 : 0x7bff);
    }
  } else if (bits >= 0x8000) {
    fpscrOut |= IOC;
    return s | 0x7fff;
  }
  if (rnd !== 0) fpscrOut |= IXC;
  return s | bits;
}

// ---- simple bit operations (no exceptions, no NaN processing) ----

export function fpNeg(a: number): number {
  return (a ^ 0x80000000) >>> 0;
}
export function fpAbs(a: number): number {
  return (a & 0x7fffffff) >>> 0;
}

/** VFPExpandImm(imm8) for single precision. */
export function vfpExpandImm(imm8: number): number {
  const sign = (imm8 >>> 7) & 1;
  const b6 = (imm8 >>> 6) & 1;
  const exp = ((b6 ^ 1) << 7) | (b6 ? 0x7c : 0) | ((imm8 >>> 4) & 3);
  return ((sign << 31) | (exp << 23) | ((imm8 & 0xf) << 19)) >>> 0;
}
