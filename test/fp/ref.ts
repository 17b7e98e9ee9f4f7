// A slow, literal transcription of the ARMv7-M ARM A2.5 floating-point pseudocode with exact
// rational arithmetic (BigInt numerator/denominator), as an independent reference for
// sim/fp/f32.ts. No fast paths, no shared code with the implementation under test.

interface Real {
  n: bigint; // numerator (signed)
  d: bigint; // denominator > 0
}

const ZERO: Real = { n: 0n, d: 1n };
const real = (n: bigint, d: bigint = 1n): Real => (d < 0n ? { n: -n, d: -d } : { n, d });
const add = (a: Real, b: Real): Real => real(a.n * b.d + b.n * a.d, a.d * b.d);
const mul = (a: Real, b: Real): Real => real(a.n * b.n, a.d * b.d);
const div = (a: Real, b: Real): Real => real(a.n * b.d, a.d * b.n);
const neg = (a: Real): Real => ({ n: -a.n, d: a.d });
const cmp = (a: Real, b: Real): number => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
const isZero = (a: Real): boolean => a.n === 0n;
const pow2 = (k: number): Real => (k >= 0 ? real(1n << BigInt(k)) : real(1n, 1n << BigInt(-k)));
const floorR = (a: Real): bigint => {
  const q = a.n / a.d;
  return a.n < 0n && q * a.d !== a.n ? q - 1n : q;
};

type FPType = 'Zero' | 'Nonzero' | 'Infinity' | 'QNaN' | 'SNaN';

export class RefFP {
  fpscr = 0;

  private exc(bit: number): void {
    this.fpscr = (this.fpscr | bit) >>> 0;
  }

  unpack(x: number, N: 16 | 32 = 32): { type: FPType; sign: number; value: Real } {
    if (N === 16) {
      const sign = (x >>> 15) & 1;
      const exp = (x >>> 10) & 31;
      const frac = x & 0x3ff;
      if (exp === 0) {
        if (frac === 0) return { type: 'Zero', sign, value: ZERO };
        return { type: 'Nonzero', sign, value: signed(sign, mul(pow2(-24), real(BigInt(frac)))) };
      }
      if (exp === 31 && (this.fpscr & (1 << 26)) === 0) {
        if (frac === 0) return { type: 'Infinity', sign, value: ZERO };
        return { type: (frac & 0x200) !== 0 ? 'QNaN' : 'SNaN', sign, value: ZERO };
      }
      return { type: 'Nonzero', sign, value: signed(sign, mul(pow2(exp - 25), real(BigInt(frac | 0x400)))) };
    }
    const sign = x >>> 31;
    const exp = (x >>> 23) & 0xff;
    const frac = x & 0x7fffff;
    if (exp === 0) {
      if (frac === 0 || (this.fpscr & (1 << 24)) !== 0) {
        if (frac !== 0) this.exc(1 << 7); // IDC
        return { type: 'Zero', sign, value: ZERO };
      }
      return { type: 'Nonzero', sign, value: signed(sign, mul(pow2(-149), real(BigInt(frac)))) };
    }
    if (exp === 255) {
      if (frac === 0) return { type: 'Infinity', sign, value: ZERO };
      return { type: (frac & 0x400000) !== 0 ? 'QNaN' : 'SNaN', sign, value: ZERO };
    }
    return { type: 'Nonzero', sign, value: signed(sign, mul(pow2(exp - 150), real(BigInt(frac | 0x800000)))) };
  }

  /** FPRound(result, N, fpscr_val) */
  round(result: Real, N: 16 | 32 = 32): number {
    const E = N === 32 ? 8 : 5;
    const F = N === 32 ? 23 : 10;
    const minimumExp = N === 32 ? -126 : -14;
    const sign = result.n < 0n ? 1 : 0;
    let mantissa = sign ? neg(result) : result;
    let exponent = 0;
    // find exponent with 1 <= mantissa < 2 (jump close first, then step)
    const guess = bitlen(mantissa.n) - bitlen(mantissa.d);
    mantissa = mul(mantissa, pow2(-guess));
    exponent = guess;
    while (cmp(mantissa, real(1n)) < 0) {
      mantissa = mul(mantissa, real(2n));
      exponent--;
    }
    while (cmp(mantissa, real(2n)) >= 0) {
      mantissa = div(mantissa, real(2n));
      exponent++;
    }
    if ((this.fpscr & (1 << 24)) !== 0 && N !== 16 && exponent < minimumExp) {
      this.exc(1 << 3); // UFC
      return sign ? (N === 32 ? 0x80000000 : 0x8000) : 0;
    }
    let biasedExp = Math.max(exponent - minimumExp + 1, 0);
    if (biasedExp === 0) mantissa = div(mantissa, pow2(minimumExp - exponent));
    const scaled = mul(mantissa, pow2(F));
    let intMant = floorR(scaled);
    let error = add(scaled, real(-intMant));
    if (biasedExp === 0 && !isZero(error)) this.exc(1 << 3); // UFC
    const half = real(1n, 2n);
    let roundUp: boolean;
    let overflowToInf: boolean;
    switch ((this.fpscr >>> 22) & 3) {
      case 0:
        roundUp = cmp(error, half) > 0 || (cmp(error, half) === 0 && (intMant & 1n) === 1n);
        overflowToInf = true;
        break;
      case 1:
        roundUp = !isZero(error) && sign === 0;
        overflowToInf = sign === 0;
        break;
      case 2:
        roundUp = !isZero(error) && sign === 1;
        overflowToInf = sign === 1;
        break;
      default:
        roundUp = false;
        overflowToInf = false;
    }
    if (roundUp) {
      intMant++;
      if (intMant === 1n << BigInt(F)) biasedExp = 1;
      if (intMant === 1n << BigInt(F + 1)) {
        biasedExp++;
        intMant >>= 1n;
      }
    }
    let out: number;
    if (N !== 16 || (this.fpscr & (1 << 26)) === 0) {
      if (biasedExp >= 2 ** E - 1) {
        out = overflowToInf ? inf(sign, N) : maxNormal(sign, N);
        this.exc(1 << 2); // OFC
        error = real(1n);
      } else out = pack(sign, biasedExp, Number(intMant & ((1n << BigInt(F)) - 1n)), N);
    } else {
      if (biasedExp >= 2 ** E) {
        out = sign ? 0xffff : 0x7fff;
        this.exc(1); // IOC
        error = ZERO;
      } else out = pack(sign, biasedExp, Number(intMant & ((1n << BigInt(F)) - 1n)), N);
    }
    if (!isZero(error)) this.exc(1 << 4); // IXC
    return out >>> 0;
  }

  processNaN(type: FPType, op: number, N: 16 | 32 = 32): number {
    let result = op;
    if (type === 'SNaN') {
      result = N === 32 ? (result | 0x400000) >>> 0 : result | 0x200;
      this.exc(1);
    }
    if ((this.fpscr & (1 << 25)) !== 0) result = N === 32 ? 0x7fc00000 : 0x7e00;
    return result >>> 0;
  }

  private nans(t: FPType[], ops: number[]): number | null {
    for (let i = 0; i < t.length; i++) if (t[i] === 'SNaN') return this.processNaN(t[i], ops[i]);
    for (let i = 0; i < t.length; i++) if (t[i] === 'QNaN') return this.processNaN(t[i], ops[i]);
    return null;
  }

  private zeroByMode(): number {
    return ((this.fpscr >>> 22) & 3) === 2 ? 0x80000000 : 0;
  }

  addsub(op1: number, op2: number, sub: boolean): number {
    const a = this.unpack(op1);
    const b = this.unpack(op2);
    const n = this.nans([a.type, b.type], [op1, op2]);
    if (n !== null) return n;
    const s2 = sub ? 1 - b.sign : b.sign;
    const inf1 = a.type === 'Infinity', inf2 = b.type === 'Infinity';
    const zero1 = a.type === 'Zero', zero2 = b.type === 'Zero';
    if (inf1 && inf2 && a.sign !== s2) {
      this.exc(1);
      return 0x7fc00000;
    }
    if ((inf1 && a.sign === 0) || (inf2 && s2 === 0)) return 0x7f800000;
    if ((inf1 && a.sign === 1) || (inf2 && s2 === 1)) return 0xff800000;
    if (zero1 && zero2 && a.sign === s2) return (a.sign << 31) >>> 0;
    const v = sub ? add(a.value, neg(b.value)) : add(a.value, b.value);
    if (isZero(v)) return this.zeroByMode();
    return this.round(v);
  }

  mul(op1: number, op2: number): number {
    const a = this.unpack(op1);
    const b = this.unpack(op2);
    const n = this.nans([a.type, b.type], [op1, op2]);
    if (n !== null) return n;
    const inf1 = a.type === 'Infinity', inf2 = b.type === 'Infinity';
    const zero1 = a.type === 'Zero', zero2 = b.type === 'Zero';
    if ((inf1 && zero2) || (zero1 && inf2)) {
      this.exc(1);
      return 0x7fc00000;
    }
    const s = a.sign ^ b.sign;
    if (inf1 || inf2) return inf(s, 32);
    if (zero1 || zero2) return (s << 31) >>> 0;
    return this.round(mul(a.value, b.value));
  }

  div(op1: number, op2: number): number {
    const a = this.unpack(op1);
    const b = this.unpack(op2);
    const n = this.nans([a.type, b.type], [op1, op2]);
    if (n !== null) return n;
    const inf1 = a.type === 'Infinity', inf2 = b.type === 'Infinity';
    const zero1 = a.type === 'Zero', zero2 = b.type === 'Zero';
    if ((inf1 && inf2) || (zero1 && zero2)) {
      this.exc(1);
      return 0x7fc00000;
    }
    const s = a.sign ^ b.sign;
    if (inf1 || zero2) {
      if (!inf1) this.exc(2);
      return inf(s, 32);
    }
    if (zero1 || inf2) return (s << 31) >>> 0;
    return this.round(div(a.value, b.value));
  }

  mulAdd(addend: number, op1: number, op2: number): number {
    const A = this.unpack(addend);
    const a = this.unpack(op1);
    const b = this.unpack(op2);
    const inf1 = a.type === 'Infinity', inf2 = b.type === 'Infinity';
    const zero1 = a.type === 'Zero', zero2 = b.type === 'Zero';
    let result = this.nans([A.type, a.type, b.type], [addend, op1, op2]);
    if (A.type === 'QNaN' && ((inf1 && zero2) || (zero1 && inf2))) {
      result = 0x7fc00000;
      this.exc(1);
    }
    if (result !== null) return result;
    const infA = A.type === 'Infinity', zeroA = A.type === 'Zero';
    const signP = a.sign ^ b.sign;
    const infP = inf1 || inf2;
    const zeroP = zero1 || zero2;
    if ((inf1 && zero2) || (zero1 && inf2) || (infA && infP && A.sign !== signP)) {
      this.exc(1);
      return 0x7fc00000;
    }
    if ((infA && A.sign === 0) || (infP && signP === 0)) return 0x7f800000;
    if ((infA && A.sign === 1) || (infP && signP === 1)) return 0xff800000;
    if (zeroA && zeroP && A.sign === signP) return (A.sign << 31) >>> 0;
    const v = add(A.value, mul(a.value, b.value));
    if (isZero(v)) return this.zeroByMode();
    return this.round(v);
  }

  sqrt(op: number): number {
    const a = this.unpack(op);
    if (a.type === 'QNaN' || a.type === 'SNaN') return this.processNaN(a.type, op);
    if (a.type === 'Zero') return (a.sign << 31) >>> 0;
    if (a.type === 'Infinity' && a.sign === 0) return 0x7f800000;
    if (a.sign === 1) {
      this.exc(1);
      return 0x7fc00000;
    }
    // Sqrt(value) to 400 fraction bits, plus a quarter-ulp when inexact: rounds like the real root
    const K = 400n;
    const scaled = floorR(mul(a.value, real(1n << (2n * K))));
    const r = isqrt(scaled);
    const exact = r * r === scaled && isZero(add(mul(a.value, real(1n << (2n * K))), real(-scaled)));
    const v = exact ? real(r, 1n << K) : real(4n * r + 1n, 4n << K);
    return this.round(v);
  }

  compare(op1: number, op2: number, quietNaNExc: boolean): number {
    const a = this.unpack(op1);
    const b = this.unpack(op2);
    const nan = (t: FPType) => t === 'QNaN' || t === 'SNaN';
    if (nan(a.type) || nan(b.type)) {
      if (a.type === 'SNaN' || b.type === 'SNaN' || quietNaNExc) this.exc(1);
      return 0b0011;
    }
    const va = a.type === 'Infinity' ? real(a.sign ? -1n : 1n, 0n) : a.value;
    const vb = b.type === 'Infinity' ? real(b.sign ? -1n : 1n, 0n) : b.value;
    const c = cmpInf(va, vb, a.type === 'Infinity' ? a.sign : -1, b.type === 'Infinity' ? b.sign : -1);
    return c === 0 ? 0b0110 : c < 0 ? 0b1000 : 0b0010;
  }

  toFixed(op: number, M: number, fbits: number, unsigned: boolean, roundZero: boolean): number {
    const saved = this.fpscr;
    if (roundZero) this.fpscr = (this.fpscr | (3 << 22)) >>> 0;
    const a = this.unpack(op);
    if (a.type === 'QNaN' || a.type === 'SNaN') this.exc(1);
    let value: Real;
    if (a.type === 'Infinity') value = real(a.sign ? -(1n << 1000n) : 1n << 1000n);
    else value = mul(a.value, pow2(fbits));
    let intResult = floorR(value);
    const error = add(value, real(-intResult));
    const half = real(1n, 2n);
    let roundUp: boolean;
    switch ((this.fpscr >>> 22) & 3) {
      case 0:
        roundUp = cmp(error, half) > 0 || (cmp(error, half) === 0 && (intResult & 1n) === 1n);
        break;
      case 1:
        roundUp = !isZero(error);
        break;
      case 2:
        roundUp = false;
        break;
      default:
        roundUp = !isZero(error) && intResult < 0n;
    }
    if (roundUp) intResult++;
    const lo = unsigned ? 0n : -(1n << BigInt(M - 1));
    const hi = unsigned ? (1n << BigInt(M)) - 1n : (1n << BigInt(M - 1)) - 1n;
    let res = intResult;
    let overflow = false;
    if (res > hi) {
      res = hi;
      overflow = true;
    } else if (res < lo) {
      res = lo;
      overflow = true;
    }
    if (overflow) this.exc(1);
    else if (!isZero(error)) this.exc(1 << 4);
    const flags = this.fpscr & 0x9f;
    this.fpscr = (saved | flags) >>> 0;
    return Number(BigInt.asUintN(32, res));
  }

  fixedToFP(x: number, M: number, fbits: number, unsigned: boolean): number {
    const bitsM = BigInt.asUintN(M, BigInt(x >>> 0));
    const intOperand = unsigned ? bitsM : BigInt.asIntN(M, bitsM);
    const v = real(intOperand, 1n << BigInt(fbits));
    if (isZero(v)) return 0;
    return this.round(v);
  }

  halfToSingle(h: number): number {
    const a = this.unpack(h, 16);
    if (a.type === 'QNaN' || a.type === 'SNaN') {
      let r: number;
      if ((this.fpscr & (1 << 25)) !== 0) r = 0x7fc00000;
      else r = ((a.sign << 31) | 0x7fc00000 | ((h & 0x1ff) << 13)) >>> 0;
      if (a.type === 'SNaN') this.exc(1);
      return r;
    }
    if (a.type === 'Infinity') return inf(a.sign, 32);
    if (a.type === 'Zero') return (a.sign << 31) >>> 0;
    return this.round(a.value, 32);
  }

  singleToHalf(x: number): number {
    const a = this.unpack(x, 32);
    const ahp = (this.fpscr & (1 << 26)) !== 0;
    if (a.type === 'QNaN' || a.type === 'SNaN') {
      let r: number;
      if (ahp) r = a.sign << 15;
      else if ((this.fpscr & (1 << 25)) !== 0) r = 0x7e00;
      else r = (a.sign << 15) | 0x7e00 | ((x >>> 13) & 0x1ff);
      if (a.type === 'SNaN' || ahp) this.exc(1);
      return r;
    }
    if (a.type === 'Infinity') {
      if (ahp) {
        this.exc(1);
        return (a.sign << 15) | 0x7fff;
      }
      return (a.sign << 15) | 0x7c00;
    }
    if (a.type === 'Zero') return a.sign << 15;
    return this.round(a.value, 16);
  }
}

function signed(sign: number, v: Real): Real {
  return sign ? neg(v) : v;
}
function bitlen(x: bigint): number {
  if (x < 0n) x = -x;
  return x === 0n ? 0 : x.toString(2).length;
}
function inf(sign: number, N: number): number {
  return N === 32 ? ((sign << 31) | 0x7f800000) >>> 0 : (sign << 15) | 0x7c00;
}
function maxNormal(sign: number, N: number): number {
  return N === 32 ? ((sign << 31) | 0x7f7fffff) >>> 0 : (sign << 15) | 0x7bff;
}
function pack(sign: number, be: number, frac: number, N: number): number {
  return N === 32 ? ((sign << 31) | (be << 23) | frac) >>> 0 : (sign << 15) | (be << 10) | frac;
}
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  // Newton from a float estimate (may be far off for huge n)
  x = 1n << BigInt(Math.ceil(bitlen(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}
/** compares two values where an infinity is marked by its sign (>=0) and value ignored */
function cmpInf(a: Real, b: Real, infA: number, infB: number): number {
  const rank = (v: Real, s: number): [number, Real] => (s < 0 ? [0, v] : s === 0 ? [1, ZERO] : [-1, ZERO]);
  const [ra, va] = rank(a, infA);
  const [rb, vb] = rank(b, infB);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (ra !== 0) return 0;
  return cmp(va, vb);
}
