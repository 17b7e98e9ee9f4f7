// WebAssembly forms (see forms.ts) of the FPv4-SP instructions (sim/isa/vfp.ts) that the
// training firmware runs most: arithmetic, compares, conversions, moves, loads and stores.
//
// Exactness: sim/fp/f32.ts computes each operation bit-exactly with all of FPSCR's cumulative
// flags. Here the arithmetic runs in f64 on f32 operands and is rounded once to f32; for +, -,
// *, / and square root this gives the correctly rounded f32 result (f64 has more than
// 2 x 24 + 2 bits, so the double rounding is innocuous), the same as f32.ts in round to
// nearest. The translated code takes only the common case: operands that are normal numbers
// or zeros (compares: any non-NaN, non-denormal), a result that is zero or normal and finite;
// then the only cumulative flag that can arise is IXC (inexact), found exactly: for * the f64
// product is exact, for + and - the f64 sum's own rounding error comes from TwoSum, for / and
// square root the f64 product of the result back is exact. Everything else (NaN, infinities,
// denormals, overflow, underflow, division by zero, out-of-range conversions) leaves to the
// JavaScript core before the instruction, as does any FP instruction when A_FPOK is 0
// (tier.ts: ExecuteFPCheck would have something to do, or FPSCR does not round to nearest).
import type { Exec, Op } from '../../core/op.ts';
import type { Form } from './forms.ts';
import type { Gen } from './gen.ts';
import * as W from './writer.ts';
import * as A from './arena.ts';
import * as G from './gen.ts';
import * as V from '../../isa/vfp.ts';

// (module constants: imported bindings are read through a getter at every use under tsx)
const { OP, EMPTY, F64, memarg, f64Bytes } = W;
const { A_S, A_FPSCR, A_FPOK, A_N, A_Z, A_C, A_V } = A;
const { L_X, L_Y, L_R, L_T, L_EA, L_LIN, L_F0, L_F1, L_F2, L_F3 } = G;

const IXC = 0x10;
/** 2^-126: the smallest normal f32 */
const MIN_NORMAL = 2 ** -126;

export const FP: (readonly [Exec, Form])[] = [];

// ---- emit helpers ----

function f64c(g: Gen, x: number): void {
  g.o(OP.f64_const, ...f64Bytes(x));
}

/** leaves to the core unless FP instructions may run translated */
function fpCheck(g: Gen): void {
  g.load32(A_FPOK);
  g.o(OP.i32_eqz, OP.if, EMPTY);
  g.slow();
  g.o(OP.end);
}

/** the bits of S[n] into local l */
function bitsOf(g: Gen, n: number, l: number): void {
  g.load32(A_S + 4 * n);
  g.set(l);
}

/** leaves to the core unless the f32 bits in local l are a normal number or a zero */
function requireNormalOrZero(g: Gen, l: number): void {
  // exponent - 1 (unsigned) >= 254: zero/denormal or Inf/NaN; then only a zero is allowed
  g.o(OP.local_get, l, OP.i32_const, 23, OP.i32_shr_u);
  g.i32(0xff);
  g.o(OP.i32_and, OP.i32_const, 1, OP.i32_sub);
  g.i32(254);
  g.o(OP.i32_ge_u, OP.local_get, l, OP.i32_const, 1, OP.i32_shl, OP.i32_const, 0, OP.i32_ne, OP.i32_and, OP.if, EMPTY);
  g.slow();
  g.o(OP.end);
}

/** leaves to the core if the f32 bits in local l are a NaN or a denormal (a compare's operand) */
function requireOrdered(g: Gen, l: number): void {
  // NaN: (bits << 1) > 0xff000000; denormal: exponent 0 and mantissa != 0
  g.o(OP.local_get, l, OP.i32_const, 1, OP.i32_shl);
  g.i32(0xff000000);
  g.o(OP.i32_gt_u);
  g.o(OP.local_get, l);
  g.i32(0x7f800000);
  g.o(OP.i32_and, OP.i32_eqz, OP.local_get, l);
  g.i32(0x007fffff);
  g.o(OP.i32_and, OP.i32_const, 0, OP.i32_ne, OP.i32_and, OP.i32_or, OP.if, EMPTY);
  g.slow();
  g.o(OP.end);
}

/** pushes the f64 value of the f32 bits in local l */
function f64Of(g: Gen, l: number): void {
  g.o(OP.local_get, l, OP.f32_reinterpret_i32, OP.f64_promote_f32);
}

/** The exact (or f64) result in local `exact` rounded to f32 bits in L_R; leaves to the core
 * if it is tiny (below 2^-126, not zero) or overflows; `inexact` pushes an extra i32
 * condition for IXC (or null): IXC is also set when the f32 result differs from `exact`.
 * Nothing is written: the caller stores L_R and calls setIxc(). L_T holds the IXC bit. */
function roundToF32(g: Gen, exact: number, inexact: (() => void) | null): void {
  // tiny: 0 < |x| < 2^-126
  g.o(OP.local_get, exact, OP.f64_abs);
  f64c(g, MIN_NORMAL);
  g.o(OP.f64_lt, OP.local_get, exact);
  f64c(g, 0);
  g.o(OP.f64_ne, OP.i32_and);
  // overflow: the rounded result is infinite
  g.o(OP.local_get, exact, OP.f32_demote_f64, OP.i32_reinterpret_f32, OP.local_tee, L_R);
  g.i32(0x7fffffff);
  g.o(OP.i32_and);
  g.i32(0x7f800000);
  g.o(OP.i32_eq, OP.i32_or, OP.if, EMPTY);
  g.slow();
  g.o(OP.end);
  // IXC
  g.o(OP.local_get, L_R, OP.f32_reinterpret_i32, OP.f64_promote_f32, OP.local_get, exact, OP.f64_ne);
  if (inexact !== null) {
    inexact();
    g.o(OP.i32_or);
  }
  g.set(L_T);
}

/** FPSCR |= IXC if L_T */
function setIxc(g: Gen): void {
  g.store32(A_FPSCR, () => {
    g.load32(A_FPSCR);
    g.o(OP.local_get, L_T, OP.i32_const, 4, OP.i32_shl, OP.i32_or);
  });
}

/** S[n] = the bits in local l */
function setS(g: Gen, n: number, l: number): void {
  g.store32(A_S + 4 * n, () => g.get(l));
}

// ---- arithmetic ----

/** x + y in f64 (locals) into `sum` (another local), and whether that addition was inexact
 * (TwoSum: the rounding error of sum = x + y is exactly (x - (sum - yy)) + (y - yy),
 * yy = sum - x) into L_X */
function twoSum(g: Gen, x: number, y: number, sum: number): void {
  if (sum === x || sum === y) throw new Error('twoSum: the sum must not overwrite an operand');
  g.o(OP.local_get, x, OP.local_get, y, OP.f64_add, OP.local_tee, sum);
  // yy = sum - x into L_F2 (x, y are not needed after)
  g.o(OP.local_get, x, OP.f64_sub, OP.local_set, L_F2);
  g.o(OP.local_get, x, OP.local_get, sum, OP.local_get, L_F2, OP.f64_sub, OP.f64_sub);
  g.o(OP.local_get, y, OP.local_get, L_F2, OP.f64_sub, OP.f64_add);
  f64c(g, 0);
  g.o(OP.f64_ne, OP.local_set, L_X);
}

/** S[a] = S[b] + (negate ? -S[c] : S[c]) */
function addForm(negate: boolean): Form {
  return {
    sem(g, o) {
      fpCheck(g);
      bitsOf(g, o.b, L_X);
      requireNormalOrZero(g, L_X);
      bitsOf(g, o.c, L_Y);
      requireNormalOrZero(g, L_Y);
      f64Of(g, L_X);
      g.set(L_F0);
      f64Of(g, L_Y);
      if (negate) g.o(OP.f64_neg);
      g.set(L_F1);
      twoSum(g, L_F0, L_F1, L_F3);
      roundToF32(g, L_F3, () => g.get(L_X));
      setS(g, o.a, L_R);
      setIxc(g);
    },
  };
}
FP.push([V.vadd, addForm(false)]);
FP.push([V.vsub, addForm(true)]);

/** the exact product S[b] * S[c] into `p` (operands checked) */
function product(g: Gen, o: Op, p: number): void {
  bitsOf(g, o.b, L_X);
  requireNormalOrZero(g, L_X);
  bitsOf(g, o.c, L_Y);
  requireNormalOrZero(g, L_Y);
  f64Of(g, L_X);
  f64Of(g, L_Y);
  g.o(OP.f64_mul);
  g.set(p);
}

// VMUL.F32 / VNMUL.F32 <Sd>, <Sn>, <Sm>
FP.push([
  V.vmul,
  {
    sem(g, o) {
      fpCheck(g);
      product(g, o, L_F0);
      roundToF32(g, L_F0, null);
      setS(g, o.a, L_R);
      setIxc(g);
    },
  },
]);
FP.push([
  V.vnmul,
  {
    sem(g, o) {
      fpCheck(g);
      product(g, o, L_F0);
      roundToF32(g, L_F0, null);
      g.o(OP.local_get, L_R);
      g.i32(0x80000000);
      g.o(OP.i32_xor, OP.local_set, L_R);
      setS(g, o.a, L_R);
      setIxc(g);
    },
  },
]);

// VMLA/VMLS/VNMLA/VNMLS.F32 <Sd>, <Sn>, <Sm>: the product rounded, then added (not fused):
// Sd = (negD ? -Sd : Sd) + (negP ? -p : p)
function macForm(negD: boolean, negP: boolean): Form {
  return {
    sem(g, o) {
      fpCheck(g);
      bitsOf(g, o.a, L_EA);
      requireNormalOrZero(g, L_EA);
      product(g, o, L_F0);
      roundToF32(g, L_F0, null);
      // (IXC of the product in L_Y; the rounded product as f64 in L_F1)
      g.o(OP.local_get, L_T, OP.local_set, L_Y);
      g.o(OP.local_get, L_R, OP.f32_reinterpret_i32, OP.f64_promote_f32);
      if (negP) g.o(OP.f64_neg);
      g.set(L_F1);
      f64Of(g, L_EA);
      if (negD) g.o(OP.f64_neg);
      g.set(L_F0);
      twoSum(g, L_F0, L_F1, L_F3);
      roundToF32(g, L_F3, () => g.o(OP.local_get, L_X, OP.local_get, L_Y, OP.i32_or));
      setS(g, o.a, L_R);
      setIxc(g);
    },
  };
}
FP.push([V.vmla, macForm(false, false)]);
FP.push([V.vmls, macForm(false, true)]);
FP.push([V.vnmla, macForm(true, true)]);
FP.push([V.vnmls, macForm(true, false)]);

// VDIV.F32 <Sd>, <Sn>, <Sm>: exact iff the rounded quotient times the divisor is the dividend
FP.push([
  V.vdiv,
  {
    sem(g, o) {
      fpCheck(g);
      bitsOf(g, o.b, L_X);
      requireNormalOrZero(g, L_X);
      bitsOf(g, o.c, L_Y);
      requireNormalOrZero(g, L_Y);
      // a zero divisor: DZC or IOC
      g.o(OP.local_get, L_Y, OP.i32_const, 1, OP.i32_shl, OP.i32_eqz, OP.if, EMPTY);
      g.slow();
      g.o(OP.end);
      f64Of(g, L_X);
      f64Of(g, L_Y);
      g.o(OP.f64_div, OP.local_set, L_F0);
      roundToF32(g, L_F0, () => {
        g.o(OP.local_get, L_R, OP.f32_reinterpret_i32, OP.f64_promote_f32);
        f64Of(g, L_Y);
        g.o(OP.f64_mul);
        f64Of(g, L_X);
        g.o(OP.f64_ne);
      });
      setS(g, o.a, L_R);
      setIxc(g);
    },
  },
]);

// VSQRT.F32 <Sd>, <Sm>: exact iff the rounded root squared is the operand
FP.push([
  V.vsqrt,
  {
    sem(g, o) {
      fpCheck(g);
      bitsOf(g, o.c, L_X);
      requireNormalOrZero(g, L_X);
      // a negative operand (not -0): IOC
      g.o(OP.local_get, L_X, OP.i32_const, 0, OP.i32_lt_s, OP.local_get, L_X, OP.i32_const, 1, OP.i32_shl, OP.i32_const, 0, OP.i32_ne, OP.i32_and, OP.if, EMPTY);
      g.slow();
      g.o(OP.end);
      f64Of(g, L_X);
      g.o(OP.f64_sqrt, OP.local_set, L_F0);
      roundToF32(g, L_F0, () => {
        g.o(OP.local_get, L_R, OP.f32_reinterpret_i32, OP.f64_promote_f32, OP.local_tee, L_F1, OP.local_get, L_F1, OP.f64_mul);
        f64Of(g, L_X);
        g.o(OP.f64_ne);
      });
      setS(g, o.a, L_R);
      setIxc(g);
    },
  },
]);

// ---- moves (no FP exceptions) ----

// VABS.F32 / VNEG.F32 / VMOV.F32 <Sd>, <Sm>
const unary = (mask: number | null, xor: number | null): Form => ({
  sem(g, o) {
    fpCheck(g);
    g.store32(A_S + 4 * o.a, () => {
      g.load32(A_S + 4 * o.c);
      if (mask !== null) {
        g.i32(mask);
        g.o(OP.i32_and);
      }
      if (xor !== null) {
        g.i32(xor);
        g.o(OP.i32_xor);
      }
    });
  },
});
FP.push([V.vabs, unary(0x7fffffff, null)]);
FP.push([V.vneg, unary(null, 0x80000000)]);
FP.push([V.vmovReg, unary(null, null)]);
// VMOV.F32 <Sd>, #<imm>   (the expanded constant in op.imm)
FP.push([
  V.vmovImm,
  {
    sem(g, o) {
      fpCheck(g);
      g.store32(A_S + 4 * o.a, () => g.i32(o.imm));
    },
  },
]);
// VMOV <Rt>, <Sn> / VMOV <Sn>, <Rt>
FP.push([
  V.vmovToCore,
  {
    ok: (o) => o.a !== 15,
    sem(g, o) {
      fpCheck(g);
      g.setR(o.a, () => g.load32(A_S + 4 * o.b));
    },
  },
]);
FP.push([
  V.vmovFromCore,
  {
    sem(g, o) {
      fpCheck(g);
      g.store32(A_S + 4 * o.b, () => g.getR(o.a));
    },
  },
]);
// VMOV <Rt>, <Rt2>, <Sm>, <Sm1> / VMOV <Sm>, <Sm1>, <Rt>, <Rt2>
FP.push([
  V.vmov2ToCore,
  {
    ok: (o) => o.a !== 15 && o.d !== 15 && o.c < 31,
    sem(g, o) {
      fpCheck(g);
      g.setR(o.a, () => g.load32(A_S + 4 * o.c));
      g.setR(o.d, () => g.load32(A_S + 4 * (o.c + 1)));
    },
  },
]);
FP.push([
  V.vmov2FromCore,
  {
    ok: (o) => o.c < 31,
    sem(g, o) {
      fpCheck(g);
      g.getR(o.a);
      g.set(L_X);
      g.getR(o.d);
      g.set(L_Y);
      setS(g, o.c, L_X);
      setS(g, o.c + 1, L_Y);
    },
  },
]);
// VMRS APSR_nzcv, FPSCR
FP.push([
  V.vmrsApsr,
  {
    sem(g) {
      fpCheck(g);
      g.load32(A_FPSCR);
      g.set(L_X);
      g.store32(A_N, () => g.o(OP.local_get, L_X, OP.i32_const, 31, OP.i32_shr_u));
      g.store32(A_Z, () => g.o(OP.local_get, L_X, OP.i32_const, 30, OP.i32_shr_u, OP.i32_const, 1, OP.i32_and));
      g.store32(A_C, () => g.o(OP.local_get, L_X, OP.i32_const, 29, OP.i32_shr_u, OP.i32_const, 1, OP.i32_and));
      g.store32(A_V, () => g.o(OP.local_get, L_X, OP.i32_const, 28, OP.i32_shr_u, OP.i32_const, 1, OP.i32_and));
    },
  },
]);

// ---- compares: FPSCR.NZCV = 0110 equal, 1000 less, 0010 greater (NaNs leave to the core) ----

function compareForm(zero: boolean): Form {
  return {
    sem(g, o) {
      fpCheck(g);
      bitsOf(g, o.a, L_X);
      requireOrdered(g, L_X);
      if (!zero) {
        bitsOf(g, o.c, L_Y);
        requireOrdered(g, L_Y);
      }
      const rhs = () => (zero ? g.o(OP.f32_const, 0, 0, 0, 0) : g.o(OP.local_get, L_Y, OP.f32_reinterpret_i32));
      g.store32(A_FPSCR, () => {
        g.load32(A_FPSCR);
        g.i32(0x0fffffff);
        g.o(OP.i32_and);
        // equal ? 0x60000000 : less ? 0x80000000 : 0x20000000
        g.i32(0x60000000);
        g.i32(0x80000000);
        g.i32(0x20000000);
        g.o(OP.local_get, L_X, OP.f32_reinterpret_i32);
        rhs();
        g.o(OP.f32_lt, OP.select);
        g.o(OP.local_get, L_X, OP.f32_reinterpret_i32);
        rhs();
        g.o(OP.f32_eq, OP.select, OP.i32_or);
      });
    },
  };
}
FP.push([V.vcmp, compareForm(false)]);
FP.push([V.vcmpZero, compareForm(true)]);

// ---- conversions between f32 and 32-bit integers ----

// VCVT.F32.<S32|U32> <Sd>, <Sm>   (op.e: unsigned): inexact above 2^24
FP.push([
  V.vcvtFromInt,
  {
    sem(g, o) {
      fpCheck(g);
      bitsOf(g, o.c, L_X);
      const unsigned = o.e !== 0;
      g.o(OP.local_get, L_X, unsigned ? OP.f32_convert_i32_u : OP.f32_convert_i32_s, OP.i32_reinterpret_f32, OP.local_set, L_R);
      g.o(OP.local_get, L_R, OP.f32_reinterpret_i32, OP.f64_promote_f32, OP.local_get, L_X, unsigned ? OP.f64_convert_i32_u : OP.f64_convert_i32_s, OP.f64_ne, OP.local_set, L_T);
      setS(g, o.a, L_R);
      setIxc(g);
    },
  },
]);

// VCVT{R}.<S32|U32>.F32 <Sd>, <Sm>   (op.e: unsigned; op.d: round towards zero, else to nearest)
FP.push([
  V.vcvtToInt,
  {
    sem(g, o) {
      fpCheck(g);
      bitsOf(g, o.c, L_X);
      requireNormalOrZero(g, L_X);
      const unsigned = o.e !== 0;
      f64Of(g, L_X);
      g.o(OP.local_tee, L_F0, o.d !== 0 ? OP.f64_trunc : OP.f64_nearest, OP.local_tee, L_F1);
      // out of range: IOC and saturation
      f64c(g, unsigned ? 0 : -2147483648);
      g.o(OP.f64_lt, OP.local_get, L_F1);
      f64c(g, unsigned ? 4294967295 : 2147483647);
      g.o(OP.f64_gt, OP.i32_or, OP.if, EMPTY);
      g.slow();
      g.o(OP.end);
      g.o(OP.local_get, L_F1, unsigned ? OP.i32_trunc_f64_u : OP.i32_trunc_f64_s, OP.local_set, L_R);
      g.o(OP.local_get, L_F1, OP.local_get, L_F0, OP.f64_ne, OP.local_set, L_T);
      setS(g, o.a, L_R);
      setIxc(g);
    },
  },
]);

// VCVT.F32.<S|U><16|32> <Sd>, <Sd>, #<fbits>   (op.d: size, op.e: unsigned, op.imm: fraction
// bits): the integer times 2^-fbits is exact in f64 and never tiny, rounded once to f32
FP.push([
  V.vcvtFromFixed,
  {
    ok: (o) => (o.d === 16 || o.d === 32) && o.imm >= 0 && o.imm <= 32,
    sem(g, o) {
      fpCheck(g);
      bitsOf(g, o.a, L_X);
      const unsigned = o.e !== 0;
      g.get(L_X);
      if (o.d === 16) {
        if (unsigned) {
          g.i32(0xffff);
          g.o(OP.i32_and);
        } else g.o(OP.i32_extend16_s);
      }
      g.o(unsigned ? OP.f64_convert_i32_u : OP.f64_convert_i32_s);
      f64c(g, 2 ** -o.imm);
      g.o(OP.f64_mul, OP.local_set, L_F0);
      roundToF32(g, L_F0, null);
      setS(g, o.a, L_R);
      setIxc(g);
    },
  },
]);

// ---- loads and stores: word aligned (MemA), one or two words ----

/** L_EA = the address; checks both words (a second word must be in the same 256-byte block) */
function fpAddress(g: Gen, o: Op, literal: boolean, write: boolean): void {
  if (literal) g.i32(o.imm);
  else {
    g.getR(o.b);
    g.i32(o.imm);
    g.o(OP.i32_add);
  }
  g.set(L_EA);
  if (o.n === 2) {
    g.o(OP.local_get, L_EA);
    g.i32(0xfc);
    g.o(OP.i32_and);
    g.i32(0xfc);
    g.o(OP.i32_eq, OP.if, EMPTY);
    g.slow();
    g.o(OP.end);
  }
  g.address(4, write);
}

const vload = (literal: boolean): Form => ({
  ok: (o) => o.n === 1 || (o.n === 2 && o.a < 31),
  sem(g, o) {
    fpCheck(g);
    fpAddress(g, o, literal, false);
    if (o.n === 2) g.store32(A_S + 4 * (o.a + 1), () => g.o(OP.local_get, L_LIN, OP.i32_load, ...memarg(2, 4)));
    g.store32(A_S + 4 * o.a, () => g.o(OP.local_get, L_LIN, OP.i32_load, ...memarg(2, 0)));
  },
});
FP.push([V.vldr, vload(false)]);
FP.push([V.vldrLit, vload(true)]);
FP.push([
  V.vstr,
  {
    ok: (o) => o.n === 1 || (o.n === 2 && o.a < 31),
    sem(g, o) {
      fpCheck(g);
      fpAddress(g, o, false, true);
      g.o(OP.local_get, L_LIN);
      g.load32(A_S + 4 * o.a);
      g.o(OP.i32_store, ...memarg(2, 0));
      if (o.n === 2) {
        g.o(OP.local_get, L_LIN);
        g.load32(A_S + 4 * (o.a + 1));
        g.o(OP.i32_store, ...memarg(2, 4));
      }
    },
  },
]);

// VLDM/VSTM/VPUSH/VPOP: op.a the first S register, op.n words, op.imm the first word's offset
// from R[n], op.d the writeback delta. The whole range must be in one 64 KB page; stores check
// the code flags of its first and last 256-byte blocks (it spans at most two).
function multipleAddress(g: Gen, o: Op, write: boolean): void {
  g.getR(o.b);
  g.i32(o.imm);
  g.o(OP.i32_add);
  g.set(L_EA);
  // (ea & 0xffff) + 4n > 0x10000: crosses a page
  g.o(OP.local_get, L_EA);
  g.i32(0xffff);
  g.o(OP.i32_and);
  g.i32(0x10000 - 4 * o.n);
  g.o(OP.i32_gt_u, OP.if, EMPTY);
  g.slow();
  g.o(OP.end);
  g.address(4, write);
  if (write) {
    // the last word's code block (the first one was checked by address())
    g.o(OP.local_get, L_LIN);
    g.i32(4 * o.n - 4);
    g.o(OP.i32_add, OP.i32_const, 8, OP.i32_shr_u, OP.i32_load8_u, ...memarg(0, A.A_CODE), OP.if, EMPTY);
    g.slow();
    g.o(OP.end);
  }
}
FP.push([
  V.vldm,
  {
    ok: (o) => o.a + o.n <= 32 && o.n >= 1,
    sem(g, o) {
      fpCheck(g);
      g.getR(o.b);
      g.set(L_T); // the base (for the writeback)
      multipleAddress(g, o, false);
      for (let i = 0; i < o.n; i++) g.store32(A_S + 4 * (o.a + i), () => g.o(OP.local_get, L_LIN, OP.i32_load, ...memarg(2, 4 * i)));
      if (o.d !== 0) g.setR(o.b, () => (g.get(L_T), g.i32(o.d), g.o(OP.i32_add)));
    },
  },
]);
FP.push([
  V.vstm,
  {
    ok: (o) => o.a + o.n <= 32 && o.n >= 1,
    sem(g, o) {
      fpCheck(g);
      g.getR(o.b);
      g.set(L_T);
      multipleAddress(g, o, true);
      for (let i = 0; i < o.n; i++) {
        g.o(OP.local_get, L_LIN);
        g.load32(A_S + 4 * (o.a + i));
        g.o(OP.i32_store, ...memarg(2, 4 * i));
      }
      if (o.d !== 0) g.setR(o.b, () => (g.get(L_T), g.i32(o.d), g.o(OP.i32_add)));
    },
  },
]);

void F64;
