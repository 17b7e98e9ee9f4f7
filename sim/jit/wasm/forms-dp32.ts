// WebAssembly forms (see forms.ts) of the 32-bit data-processing instructions
// (sim/isa/dataproc-imm.ts, dataproc-shifted.ts, dataproc-reg.ts), the 16-bit register shifts
// and extends, and the DSP instructions (sim/isa/dsp.ts).
//
// Each form does what its exec function does with the same Op fields (the decoders fold
// constants into them: ThumbExpandImm and its carry, shift value kinds, bitfield masks,
// saturation bounds). APSR.Q is the arena's A_Q: the forms set it (never clear it) where
// their exec functions set cpu.Q (saturation, overflow). APSR.GE is the arena's A_GE: the parallel additions and
// subtractions (SADD16, UADD8, ...) write it as their exec functions write cpu.GE, SEL reads it.
import type { Exec, Op } from '../../core/op.ts';
import type { Form } from './forms.ts';
import type { Gen } from './gen.ts';
import * as W from './writer.ts';
import * as A from './arena.ts';
import * as G from './gen.ts';
import * as imm from '../../isa/dataproc-imm.ts';
import * as sh from '../../isa/dataproc-shifted.ts';
import * as reg from '../../isa/dataproc-reg.ts';
import * as dp from '../../isa/dataproc.ts';
import * as dsp from '../../isa/dsp.ts';
// (module constants: imported bindings are read through a getter at every use under tsx)
const { EMPTY, OP } = W;
const { A_C, A_GE, A_Q } = A;
const { L_Q, L_R, L_T, L_X, L_Y, addWithCarry, setNZ } = G;

export const DP32: (readonly [Exec, Form])[] = [];
const def = (exec: Exec, form: Form) => DP32.push([exec, form]);

/** Rd is not the PC (the exec would write R[15]: left to the core) */
const notPC = (o: Op) => o.a !== 15;
/** neither Rd (o.a) nor RdHi / Ra (o.d) is the PC */
const notPC2 = (o: Op) => o.a !== 15 && o.d !== 15;

// ---- small emitters ----

/** NOT of the i32 on the stack */
const not = (g: Gen) => (g.i32(-1), g.o(OP.i32_xor));
/** the i32 on the stack rotated right by a constant (nothing for 0) */
function rotr(g: Gen, n: number): void {
  if ((n & 31) !== 0) (g.i32(n & 31), g.o(OP.i32_rotr));
}
/** SInt(x<15:0>) of the i32 on the stack */
const sLo = (g: Gen) => g.o(OP.i32_extend16_s);
/** SInt(x<31:16>) */
const sHi = (g: Gen) => (g.i32(16), g.o(OP.i32_shr_s));
/** clamps the i32 in local l to lo..hi (signed), leaving it on the stack (and l at min(l, hi)) */
function clamp(g: Gen, l: number, lo: number, hi: number): void {
  // select(lo, min(l, hi), min(l, hi) < lo)
  g.i32(lo);
  g.i32(hi);
  g.o(OP.local_get, l, OP.local_get, l);
  g.i32(hi);
  g.o(OP.i32_gt_s, OP.select, OP.local_tee, l, OP.local_get, l);
  g.i32(lo);
  g.o(OP.i32_lt_s, OP.select);
}

/** R[a] = the i32 on the stack; N, Z from it */
function setNZTop(g: Gen, a: number): void {
  g.set(L_R);
  g.setR(a, () => g.get(L_R));
  g.nz(L_R);
}
/** SP = value, bits 1:0 cleared (writeSP) */
const setSP = (g: Gen, value: () => void) => g.setR(13, () => (value(), g.i32(~3), g.o(OP.i32_and)));

// value kinds of a shifted operand (dataproc-shifted.ts VK_*)
const VK_LSL = 0;
const VK_LSR = 1;
const VK_ASR = 2;
const VK_ROR = 3;
const VK_RRX = 4;
// SRType (core/alu.ts)
const LSL = 0;
const LSR = 1;
const ASR = 2;
const ROR = 3;
const RRX = 4;

/** Shift(R[c], ...) from the value kind in o.e and the amount in o.imm (opnd() of
 * dataproc-shifted.ts): pushes the value; uses no locals */
function opnd(g: Gen, o: Op): void {
  if (o.e === 5) {
    g.i32(0); // LSR #32
    return;
  }
  g.getR(o.c);
  switch (o.e) {
    case VK_LSL:
      if (o.imm !== 0) (g.i32(o.imm), g.o(OP.i32_shl));
      break;
    case VK_LSR:
      g.i32(o.imm);
      g.o(OP.i32_shr_u);
      break;
    case VK_ASR:
      g.i32(o.imm);
      g.o(OP.i32_shr_s);
      break;
    case VK_ROR:
      rotr(g, o.imm);
      break;
    case VK_RRX:
      g.i32(1);
      g.o(OP.i32_shr_u);
      g.load32(A_C);
      g.i32(31);
      g.o(OP.i32_shl, OP.i32_or);
      break;
    default:
      throw new Error(`wasm forms: value kind ${o.e}`);
  }
}

/** Shift_C(R[c], o.e, o.imm, APSR.C) with a constant amount (the carry Ops of
 * dataproc-shifted.ts: LSL 0..31, LSR/ASR 1..32, ROR 1..31, RRX): pushes the value, leaving
 * R[c] in L_X; returns the emitter of the carry out (from L_X), or null if C is unchanged */
function opndC(g: Gen, o: Op): (() => void) | null {
  const n = o.imm;
  g.getR(o.c);
  g.tee(L_X);
  const bitOfX = (k: number) => () => g.o(OP.local_get, L_X, OP.i32_const, k & 31, OP.i32_shr_u, OP.i32_const, 1, OP.i32_and);
  switch (o.e) {
    case LSL:
      if (n === 0) return null;
      g.i32(n);
      g.o(OP.i32_shl);
      return bitOfX(32 - n);
    case LSR:
      if (n === 32) g.o(OP.drop, OP.i32_const, 0);
      else (g.i32(n), g.o(OP.i32_shr_u));
      return bitOfX(n - 1);
    case ASR:
      g.i32(Math.min(n, 31));
      g.o(OP.i32_shr_s);
      return bitOfX(n - 1);
    case ROR:
      rotr(g, n);
      return bitOfX(n - 1);
    case RRX:
      g.i32(1);
      g.o(OP.i32_shr_u);
      g.load32(A_C);
      g.i32(31);
      g.o(OP.i32_shl, OP.i32_or);
      return bitOfX(0);
    default:
      throw new Error(`wasm forms: shift type ${o.e}`);
  }
}

/** Shift_C(L_X, type, L_T & 0xff, APSR.C) with the amount in a register (0..255): the value
 * into L_R, the carry out into L_Y (L_T holds the amount; L_Q is used) */
function shiftByReg(g: Gen, type: number): void {
  // clamp the amount: LSL and LSR to 33, ASR to 32 (the results and carries of larger
  // amounts are the same); in L_Y meanwhile
  const clamp = (k: number) => g.o(OP.local_get, L_T, OP.i32_const, k, OP.local_get, L_T, OP.i32_const, k, OP.i32_lt_u, OP.select, OP.i64_extend_i32_u);
  switch (type) {
    case LSL:
      // q = x << n (64 bits): value q<31:0>, carry q<32>
      g.o(OP.local_get, L_X, OP.i64_extend_i32_u);
      clamp(33);
      g.o(OP.i64_shl, OP.local_tee, L_Q, OP.i32_wrap_i64, OP.local_set, L_R);
      g.o(OP.local_get, L_Q, OP.i64_const, 32, OP.i64_shr_u, OP.i32_wrap_i64, OP.i32_const, 1, OP.i32_and, OP.local_set, L_Y);
      break;
    case LSR:
    case ASR:
      // q = (x:0) >> n (64 bits): value q<63:32>, carry q<31>
      g.o(OP.local_get, L_X, type === LSR ? OP.i64_extend_i32_u : OP.i64_extend_i32_s, OP.i64_const, 32, OP.i64_shl);
      clamp(type === LSR ? 33 : 32);
      g.o(type === LSR ? OP.i64_shr_u : OP.i64_shr_s, OP.local_tee, L_Q, OP.i64_const, 32, OP.i64_shr_u, OP.i32_wrap_i64, OP.local_set, L_R);
      g.o(OP.local_get, L_Q, OP.i64_const, 31, OP.i64_shr_u, OP.i32_wrap_i64, OP.i32_const, 1, OP.i32_and, OP.local_set, L_Y);
      break;
    default:
      // ROR: rotate by n mod 32, carry = the result's bit 31
      g.o(OP.local_get, L_X, OP.local_get, L_T, OP.i32_rotr, OP.local_tee, L_R, OP.i32_const, 31, OP.i32_shr_u, OP.local_set, L_Y);
  }
  // amount 0: the value unchanged, C unchanged
  g.o(OP.local_get, L_X, OP.local_get, L_R, OP.local_get, L_T, OP.i32_eqz, OP.select, OP.local_set, L_R);
  g.load32(A_C);
  g.o(OP.local_get, L_Y, OP.local_get, L_T, OP.i32_eqz, OP.select, OP.local_set, L_Y);
}

/** L_X = R[x], L_T = R[n] & 0xff, then shiftByReg */
function shiftRegister(g: Gen, x: number, n: number, type: number): void {
  g.getR(n);
  g.i32(0xff);
  g.o(OP.i32_and);
  g.set(L_T);
  g.getR(x);
  g.set(L_X);
  shiftByReg(g, type);
}

/** APSR.Q = 1 if the i32 condition on the stack is true (Q is sticky: never cleared) */
function setQIf(g: Gen): void {
  g.o(OP.if, EMPTY);
  g.store32(A_Q, () => g.i32(1));
  g.o(OP.end);
}
/** pushes the i32 0/1 "the i64 in L_Q does not fit in an int32" */
const overflows = (g: Gen) => g.o(OP.local_get, L_Q, OP.i32_wrap_i64, OP.i64_extend_i32_s, OP.local_get, L_Q, OP.i64_ne);
/** APSR.Q = 1 unless the i64 in L_Q fits in an int32 (the result is its low word anyway) */
const qUnlessFits = (g: Gen) => (overflows(g), setQIf(g));
/** the i64 in L_Q saturated to an int32 (SignedSatQ(x, 32)) into local l, APSR.Q = 1 if it did not fit */
function ssat32Q(g: Gen, l: number): void {
  g.o(OP.local_get, L_Q, OP.i32_wrap_i64, OP.local_set, l);
  overflows(g);
  g.o(OP.if, EMPTY);
  g.store32(A_Q, () => g.i32(1));
  // (x >> 63) ^ 0x7fffffff: 0x7fffffff above, 0x80000000 below
  g.o(OP.local_get, L_Q, OP.i64_const, 63, OP.i64_shr_s, OP.i32_wrap_i64);
  g.i32(0x7fffffff);
  g.o(OP.i32_xor, OP.local_set, l, OP.end);
}
/** pushes the i32 0/1 "the i32 in local l is outside lo..hi" */
function outside(g: Gen, l: number, lo: number, hi: number): void {
  g.get(l);
  g.i32(hi);
  g.o(OP.i32_gt_s, OP.local_get, l);
  g.i32(lo);
  g.o(OP.i32_lt_s, OP.i32_or);
}

// ==== 32-bit data processing, modified immediate (dataproc-imm.ts) ====

// AND{S}.W / BIC{S} <Rd>,<Rn>,#<const>   T1: 11110 i 0 0000/0001 S Rn | 0 imm3 Rd imm8 (BIC: imm inverted)
// ORR{S} / ORN{S} <Rd>,<Rn>,#<const>     T1: 11110 i 0 0010/0011 S Rn | 0 imm3 Rd imm8 (ORN: imm inverted)
// EOR{S} <Rd>,<Rn>,#<const>              T1: 11110 i 0 0100 S Rn | 0 imm3 Rd imm8
// (S: C = ThumbExpandImm_C's carry in o.e, -1 unchanged)
for (const [exec, execS, f] of [
  [imm.andImm, imm.andImmS, OP.i32_and],
  [imm.orrImm, imm.orrImmS, OP.i32_or],
  [imm.eorImm, imm.eorImmS, OP.i32_xor],
] as const) {
  def(exec, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), g.i32(o.imm), g.o(f))) });
  def(execS, {
    ok: notPC,
    sem(g, o) {
      setNZ(g, o.a, () => (g.getR(o.b), g.i32(o.imm), g.o(f)));
      if (o.e >= 0) g.store32(A_C, () => g.i32(o.e));
    },
  });
}

// MOV{S}.W / MVN{S} <Rd>,#<const>   MOV T2: 11110 i 0 0010 S 1111 | 0 imm3 Rd imm8; MVN T1 (op 0011)
// MOVW <Rd>,#<imm16>   MOV T3;  ADR.W <Rd>,<label>   ADR T2/T3 (a constant in o.imm)
def(imm.movImm, { ok: notPC, sem: (g, o) => g.setR(o.a, () => g.i32(o.imm)) });
def(imm.movImmS, {
  ok: notPC,
  sem(g, o) {
    setNZ(g, o.a, () => g.i32(o.imm));
    if (o.e >= 0) g.store32(A_C, () => g.i32(o.e));
  },
});

// TST / TEQ <Rn>,#<const>   T1: 11110 i 0 0000/0100 1 Rn | 0 imm3 1111 imm8
for (const [exec, f] of [
  [imm.tstImm, OP.i32_and],
  [imm.teqImm, OP.i32_xor],
] as const) {
  def(exec, {
    sem(g, o) {
      g.getR(o.b);
      g.i32(o.imm);
      g.o(f);
      g.set(L_R);
      g.nz(L_R);
      if (o.e >= 0) g.store32(A_C, () => g.i32(o.e));
    },
  });
}

// ADD.W / SUB.W <Rd>,<Rn>,#<const>   T3: 11110 i 0 1000/1101 0 Rn | 0 imm3 Rd imm8 (SUB: imm negated)
// ADDW / SUBW <Rd>,<Rn>,#<imm12>     T4: 11110 i 1 0000/1010 0 Rn | 0 imm3 Rd imm8
// ADD/SUB <Rd>,SP,#<imm>             (SP plus/minus immediate), Rd != SP
def(imm.addImm, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), g.i32(o.imm), g.o(OP.i32_add))) });
// ADD{W}/SUB{W} SP,SP,#<imm>   (SP plus/minus immediate) with Rd = SP
def(imm.addImmSP, { sem: (g, o) => setSP(g, () => (g.getR(o.b), g.i32(o.imm), g.o(OP.i32_add))) });
// ADDS.W / SUBS.W <Rd>,<Rn>,#<const>   T3 with S = 1 (SUB: imm = NOT(imm32), carry-in o.d = 1)
def(imm.addImmS, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => g.getR(o.b), () => g.i32(o.imm), o.d) });
// ADDS/SUBS SP,SP,#<const>   with Rd = SP
def(imm.addImmSSP, {
  sem(g, o) {
    addWithCarry(g, -1, () => g.getR(o.b), () => g.i32(o.imm), o.d);
    setSP(g, () => g.get(L_R));
  },
});
// CMP.W / CMN <Rn>,#<const>   T2/T1: 11110 i 0 1101/1000 1 Rn | 0 imm3 1111 imm8 (CMP: NOT(imm), o.d = 1)
def(imm.cmpImm, { sem: (g, o) => addWithCarry(g, -1, () => g.getR(o.b), () => g.i32(o.imm), o.d) });
// ADC{S} / SBC{S} <Rd>,<Rn>,#<const>   T1: 11110 i 0 1010/1011 S Rn | 0 imm3 Rd imm8 (SBC: imm inverted)
def(imm.adcImm, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), g.i32(o.imm), g.o(OP.i32_add), g.load32(A_C), g.o(OP.i32_add))) });
def(imm.adcImmS, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => g.getR(o.b), () => g.i32(o.imm), -1) });
// RSB{S}.W <Rd>,<Rn>,#<const>   T2: 11110 i 0 1110 S Rn | 0 imm3 Rd imm8
def(imm.rsbImm, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.i32(o.imm), g.getR(o.b), g.o(OP.i32_sub))) });
def(imm.rsbImmS, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => (g.getR(o.b), not(g)), () => g.i32(o.imm), 1) });

// ==== plain binary immediate (dataproc-imm.ts) ====

// MOVT <Rd>,#<imm16>   T1: 11110 i 1 0110 0 imm4 | 0 imm3 Rd imm8 (o.imm = imm16 << 16)
def(imm.movt, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.a), g.i32(0xffff), g.o(OP.i32_and), g.i32(o.imm), g.o(OP.i32_or))) });

// SSAT/USAT <Rd>,#<imm>,<Rn>{,<shift>}   T1: 11110 0 11x0 sh 0 Rn | 0 imm3 Rd imm2 0 sat_imm
// (o.e = 0: LSL #o.imm, 2: ASR #o.imm; range o.c..o.d; saturating sets Q)
def(imm.sat, {
  ok: notPC,
  sem(g, o) {
    g.getR(o.b);
    g.i32(o.imm);
    g.o(o.e === 0 ? OP.i32_shl : OP.i32_shr_s);
    g.set(L_R);
    outside(g, L_R, o.c, o.d);
    setQIf(g);
    g.setR(o.a, () => clamp(g, L_R, o.c, o.d));
  },
});

// SBFX / UBFX <Rd>,<Rn>,#<lsb>,#<width>   T1: 11110 0 11010/11110 0 Rn | 0 imm3 Rd imm2 0 widthm1
// (o.d = 31 - msb, o.imm = 32 - width)
def(imm.sbfx, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), g.i32(o.d), g.o(OP.i32_shl), g.i32(o.imm), g.o(OP.i32_shr_s))) });
def(imm.ubfx, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), g.i32(o.d), g.o(OP.i32_shl), g.i32(o.imm), g.o(OP.i32_shr_u))) });
// BFI <Rd>,<Rn>,#<lsb>,#<width>   T1: 11110 0 11011 0 Rn | 0 imm3 Rd imm2 0 msb (o.imm = mask, o.e = lsb)
def(imm.bfi, {
  ok: notPC,
  sem: (g, o) =>
    g.setR(o.a, () => {
      g.getR(o.a);
      g.i32(~o.imm);
      g.o(OP.i32_and);
      g.getR(o.b);
      g.i32(o.e);
      g.o(OP.i32_shl);
      g.i32(o.imm);
      g.o(OP.i32_and, OP.i32_or);
    }),
});
// BFC <Rd>,#<lsb>,#<width>   T1: 11110 0 11011 0 1111 | 0 imm3 Rd imm2 0 msb
def(imm.bfc, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.a), g.i32(~o.imm), g.o(OP.i32_and))) });

// ==== shifted register (dataproc-shifted.ts): 1110101 op S Rn | 0 imm3 Rd imm2 type Rm ====
// S = 0 and the arithmetic ones: o.e a value kind; logical with S = 1: o.e the SRType.

// AND/BIC/ORR/ORN/EOR{S}.W <Rd>,<Rn>,<Rm>{,<shift>}   op 0000/0001/0010/0011/0100
for (const [exec, execS, f, inv] of [
  [sh.andReg, sh.andRegS, OP.i32_and, false],
  [sh.bicReg, sh.bicRegS, OP.i32_and, true],
  [sh.orrReg, sh.orrRegS, OP.i32_or, false],
  [sh.ornReg, sh.ornRegS, OP.i32_or, true],
  [sh.eorReg, sh.eorRegS, OP.i32_xor, false],
] as const) {
  def(exec, {
    ok: notPC,
    sem: (g, o) =>
      g.setR(o.a, () => {
        g.getR(o.b);
        opnd(g, o);
        if (inv) not(g);
        g.o(f);
      }),
  });
  def(execS, {
    ok: notPC,
    sem(g, o) {
      g.getR(o.b);
      const carry = opndC(g, o);
      if (inv) not(g);
      g.o(f);
      setNZTop(g, o.a);
      if (carry !== null) g.store32(A_C, carry);
    },
  });
}

// MOV.W <Rd>,<Rm> (MOV (register) T3) | LSL/LSR/ASR/ROR.W <Rd>,<Rm>,#<n> | RRX <Rd>,<Rm>
//   11101010010 S 1111 | 0 imm3 Rd imm2 type Rm;  MVN{S}.W <Rd>,<Rm>{,<shift>}   op 0011
def(sh.movReg, { ok: notPC, sem: (g, o) => g.setR(o.a, () => opnd(g, o)) });
def(sh.mvnReg, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (opnd(g, o), not(g))) });
for (const [execS, inv] of [
  [sh.movRegS, false],
  [sh.mvnRegS, true],
] as const) {
  def(execS, {
    ok: notPC,
    sem(g, o) {
      const carry = opndC(g, o);
      if (inv) not(g);
      setNZTop(g, o.a);
      if (carry !== null) g.store32(A_C, carry);
    },
  });
}
// MOV.W SP,<Rm>   MOV (register) T3 with Rd = SP, S = 0
def(sh.movRegSP, { sem: (g, o) => setSP(g, () => g.getR(o.c)) });

// TST.W / TEQ <Rn>,<Rm>{,<shift>}   111010100001 / 111010101001 Rn | 0 imm3 1111 imm2 type Rm
for (const [exec, f] of [
  [sh.tstReg, OP.i32_and],
  [sh.teqReg, OP.i32_xor],
] as const) {
  def(exec, {
    sem(g, o) {
      g.getR(o.b);
      const carry = opndC(g, o);
      g.o(f);
      g.set(L_R);
      g.nz(L_R);
      if (carry !== null) g.store32(A_C, carry);
    },
  });
}

// ADD{S}.W / SUB{S}.W / RSB{S} <Rd>,<Rn>,<Rm>{,<shift>}   op 1000 / 1101 / 1110 (Rn may be SP)
// ADC{S}.W / SBC{S}.W <Rd>,<Rn>,<Rm>{,<shift>}             op 1010 / 1011
def(sh.addReg, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), opnd(g, o), g.o(OP.i32_add))) });
def(sh.subReg, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), opnd(g, o), g.o(OP.i32_sub))) });
def(sh.rsbReg, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (opnd(g, o), g.getR(o.b), g.o(OP.i32_sub))) });
def(sh.adcReg, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), opnd(g, o), g.o(OP.i32_add), g.load32(A_C), g.o(OP.i32_add))) });
def(sh.sbcReg, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), opnd(g, o), not(g), g.o(OP.i32_add), g.load32(A_C), g.o(OP.i32_add))) });
def(sh.addRegS, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => g.getR(o.b), () => opnd(g, o), 0) });
def(sh.subRegS, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => g.getR(o.b), () => (opnd(g, o), not(g)), 1) });
def(sh.rsbRegS, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => (g.getR(o.b), not(g)), () => opnd(g, o), 1) });
def(sh.adcRegS, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => g.getR(o.b), () => opnd(g, o), -1) });
def(sh.sbcRegS, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => g.getR(o.b), () => (opnd(g, o), not(g)), -1) });
// ADD{S}.W / SUB{S} SP,SP,<Rm>{,LSL #0-3}   (SP plus/minus register) with Rd = SP
def(sh.addRegSP, { sem: (g, o) => setSP(g, () => (g.getR(o.b), opnd(g, o), g.o(OP.i32_add))) });
def(sh.subRegSP, { sem: (g, o) => setSP(g, () => (g.getR(o.b), opnd(g, o), g.o(OP.i32_sub))) });
def(sh.addRegSSP, {
  sem(g, o) {
    addWithCarry(g, -1, () => g.getR(o.b), () => opnd(g, o), 0);
    setSP(g, () => g.get(L_R));
  },
});
def(sh.subRegSSP, {
  sem(g, o) {
    addWithCarry(g, -1, () => g.getR(o.b), () => (opnd(g, o), not(g)), 1);
    setSP(g, () => g.get(L_R));
  },
});
// CMP.W / CMN.W <Rn>,<Rm>{,<shift>}   111010111011 / 111010110001 Rn | 0 imm3 1111 imm2 type Rm
def(sh.cmpReg, { sem: (g, o) => addWithCarry(g, -1, () => g.getR(o.b), () => (opnd(g, o), not(g)), 1) });
def(sh.cmnReg, { sem: (g, o) => addWithCarry(g, -1, () => g.getR(o.b), () => opnd(g, o), 0) });

// ==== register (dataproc-reg.ts, dataproc.ts) ====

// LSL/LSR/ASR/ROR.W <Rd>,<Rn>,<Rm>   (register) T2: 11111010 0 type S Rn | 1111 Rd 0000 Rm (o.e = type)
def(reg.shiftRegW, {
  ok: notPC,
  sem(g, o) {
    shiftRegister(g, o.b, o.c, o.e);
    g.setR(o.a, () => g.get(L_R));
  },
});
def(reg.shiftRegWS, {
  ok: notPC,
  sem(g, o) {
    shiftRegister(g, o.b, o.c, o.e);
    g.setR(o.a, () => g.get(L_R));
    g.nz(L_R);
    g.store32(A_C, () => g.get(L_Y));
  },
});
// LSLS/LSRS/ASRS/RORS <Rdn>,<Rm>   (register) T1: 010000 0010/0011/0100/0111 Rm Rdn (flags outside IT)
def(dp.shiftReg16, {
  ok: notPC,
  sem(g, o) {
    shiftRegister(g, o.a, o.c, o.e);
    g.setR(o.a, () => g.get(L_R));
    g.nz(L_R);
    g.store32(A_C, () => g.get(L_Y));
  },
});

// SXTB/SXTH/UXTB/UXTH <Rd>,<Rm>{,<rotation>}   T1: 1011 0010 01/00/11/10 Rm Rd;
//   T2: 11111010 0100/0000/0101/0001 1111 | 1111 Rd 10 rotate Rm (o.imm = rotation)
for (const [exec, ext] of [
  [reg.sxtb, (g: Gen) => g.o(OP.i32_extend8_s)],
  [reg.sxth, (g: Gen) => g.o(OP.i32_extend16_s)],
  [reg.uxtb, (g: Gen) => (g.i32(0xff), g.o(OP.i32_and))],
  [reg.uxth, (g: Gen) => (g.i32(0xffff), g.o(OP.i32_and))],
] as const) {
  def(exec, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.c), rotr(g, o.imm), ext(g))) });
}

// REV <Rd>,<Rm>   T1: 1011 1010 00 Rm Rd;  T2: 11111010 1001 Rm | 1111 Rd 1000 Rm
def(reg.rev, {
  ok: notPC,
  sem: (g, o) =>
    g.setR(o.a, () => {
      g.getR(o.c);
      g.tee(L_X);
      g.i32(8);
      g.o(OP.i32_rotr);
      g.i32(0xff00ff00);
      g.o(OP.i32_and, OP.local_get, L_X);
      g.i32(8);
      g.o(OP.i32_rotl);
      g.i32(0x00ff00ff);
      g.o(OP.i32_and, OP.i32_or);
    }),
});
// REV16 <Rd>,<Rm>   T1: 1011 1010 01 Rm Rd;  T2: 11111010 1001 Rm | 1111 Rd 1001 Rm
def(reg.rev16, {
  ok: notPC,
  sem: (g, o) =>
    g.setR(o.a, () => {
      g.getR(o.c);
      g.tee(L_X);
      g.i32(8);
      g.o(OP.i32_shr_u);
      g.i32(0x00ff00ff);
      g.o(OP.i32_and, OP.local_get, L_X);
      g.i32(8);
      g.o(OP.i32_shl);
      g.i32(0xff00ff00);
      g.o(OP.i32_and, OP.i32_or);
    }),
});
// REVSH <Rd>,<Rm>   T1: 1011 1010 11 Rm Rd;  T2: 11111010 1001 Rm | 1111 Rd 1011 Rm
def(reg.revsh, {
  ok: notPC,
  sem: (g, o) =>
    g.setR(o.a, () => {
      g.getR(o.c);
      g.tee(L_X);
      g.i32(24);
      g.o(OP.i32_shl);
      g.i32(16);
      g.o(OP.i32_shr_s, OP.local_get, L_X);
      g.i32(8);
      g.o(OP.i32_shr_u);
      g.i32(0xff);
      g.o(OP.i32_and, OP.i32_or);
    }),
});
// RBIT <Rd>,<Rm>   T1: 11111010 1001 Rm | 1111 Rd 1010 Rm
def(reg.rbit, {
  ok: notPC,
  sem(g, o) {
    g.getR(o.c);
    g.set(L_X);
    for (const [k, m] of [
      [1, 0x55555555],
      [2, 0x33333333],
      [4, 0x0f0f0f0f],
      [8, 0x00ff00ff],
    ]) {
      // v = ((v >>> k) & m) | ((v & m) << k)
      g.get(L_X);
      g.i32(k);
      g.o(OP.i32_shr_u);
      g.i32(m);
      g.o(OP.i32_and, OP.local_get, L_X);
      g.i32(m);
      g.o(OP.i32_and);
      g.i32(k);
      g.o(OP.i32_shl, OP.i32_or, OP.local_set, L_X);
    }
    g.setR(o.a, () => (g.get(L_X), rotr(g, 16)));
  },
});
// CLZ <Rd>,<Rm>   T1: 11111010 1011 Rm | 1111 Rd 1000 Rm
def(reg.clz, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.c), g.o(OP.i32_clz))) });

// MUL <Rd>,<Rn>,<Rm>   T2: 111110110000 Rn | 1111 Rd 0000 Rm
def(reg.mul, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), g.getR(o.c), g.o(OP.i32_mul))) });
// MLA <Rd>,<Rn>,<Rm>,<Ra>   T1: 111110110000 Rn | Ra Rd 0000 Rm (o.d = Ra)
def(reg.mla, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), g.getR(o.c), g.o(OP.i32_mul), g.getR(o.d), g.o(OP.i32_add))) });
// MLS <Rd>,<Rn>,<Rm>,<Ra>   T1: 111110110000 Rn | Ra Rd 0001 Rm
def(reg.mls, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.d), g.getR(o.b), g.getR(o.c), g.o(OP.i32_mul, OP.i32_sub))) });

/** RdHi:RdLo (o.d:o.a) = the i64 in L_Q */
function setLong(g: Gen, o: Op): void {
  g.setR(o.a, () => g.o(OP.local_get, L_Q, OP.i32_wrap_i64));
  g.setR(o.d, () => g.o(OP.local_get, L_Q, OP.i64_const, 32, OP.i64_shr_u, OP.i32_wrap_i64));
}
/** pushes RdHi:RdLo (o.d:o.a) as an i64 */
function getLong(g: Gen, o: Op): void {
  g.getR(o.d);
  g.o(OP.i64_extend_i32_u, OP.i64_const, 32, OP.i64_shl);
  g.getR(o.a);
  g.o(OP.i64_extend_i32_u, OP.i64_or);
}

// SMULL / UMULL / SMLAL / UMLAL <RdLo>,<RdHi>,<Rn>,<Rm>   T1: 111110111 000/010/100/110 Rn | RdLo RdHi 0000 Rm
for (const [exec, signed, acc] of [
  [reg.smullOp, true, false],
  [reg.umullOp, false, false],
  [reg.smlal, true, true],
  [reg.umlal, false, true],
] as const) {
  def(exec, {
    ok: notPC2,
    sem(g, o) {
      const ext = signed ? OP.i64_extend_i32_s : OP.i64_extend_i32_u;
      g.getR(o.b);
      g.o(ext);
      g.getR(o.c);
      g.o(ext, OP.i64_mul);
      if (acc) (getLong(g, o), g.o(OP.i64_add));
      g.set(L_Q);
      setLong(g, o);
    },
  });
}

// ==== DSP (dsp.ts) ====

// QADD / QSUB <Rd>,<Rm>,<Rn>   T1: 11111010 1000 Rn | 1111 Rd 1000/1010 Rm (Rm +/- Rn; saturation sets Q)
// QDADD / QDSUB <Rd>,<Rm>,<Rn>  T1: ... 1001/1011 Rm (Rm +/- sat(2 * Rn))
for (const [exec, sub, dbl] of [
  [dsp.qadd, false, false],
  [dsp.qsub, true, false],
  [dsp.qdadd, false, true],
  [dsp.qdsub, true, true],
] as const) {
  def(exec, {
    ok: notPC,
    sem(g, o) {
      if (dbl) {
        // doubled = SignedSatQ(2 * Rn, 32) into L_T
        g.getR(o.b);
        g.o(OP.i64_extend_i32_s, OP.i64_const, 1, OP.i64_shl, OP.local_set, L_Q);
        ssat32Q(g, L_T);
      }
      g.getR(o.c);
      g.o(OP.i64_extend_i32_s);
      if (dbl) g.get(L_T);
      else g.getR(o.b);
      g.o(OP.i64_extend_i32_s, sub ? OP.i64_sub : OP.i64_add, OP.local_set, L_Q);
      ssat32Q(g, L_R);
      g.setR(o.a, () => g.get(L_R));
    },
  });
}

// SSAT16 / USAT16 <Rd>,#<imm>,<Rn>   T1: 11110 (0) 11 0010/1010 Rn | 0 000 Rd 00 (0)(0) sat_imm
// (range o.e..o.d; USAT16 0..o.d; saturating sets Q)
for (const [exec, signed] of [
  [dsp.ssat16, true],
  [dsp.usat16, false],
] as const) {
  def(exec, {
    ok: notPC,
    sem(g, o) {
      const min = signed ? o.e : 0;
      g.getR(o.b);
      g.tee(L_R);
      sLo(g);
      g.set(L_X);
      g.get(L_R);
      sHi(g);
      g.set(L_Y);
      outside(g, L_X, min, o.d);
      outside(g, L_Y, min, o.d);
      g.o(OP.i32_or);
      setQIf(g);
      g.setR(o.a, () => {
        clamp(g, L_X, min, o.d);
        g.i32(0xffff);
        g.o(OP.i32_and);
        clamp(g, L_Y, min, o.d);
        g.i32(16);
        g.o(OP.i32_shl, OP.i32_or);
      });
    },
  });
}

// PKHBT <Rd>,<Rn>,<Rm>{,LSL #<imm>}  T1: 11101010110 0 Rn | (0) imm3 Rd imm2 0 0 Rm
def(dsp.pkhbt, {
  ok: notPC,
  sem: (g, o) =>
    g.setR(o.a, () => {
      g.getR(o.b);
      g.i32(0xffff);
      g.o(OP.i32_and);
      g.getR(o.c);
      g.i32(o.imm);
      g.o(OP.i32_shl);
      g.i32(0xffff0000);
      g.o(OP.i32_and, OP.i32_or);
    }),
});
// PKHTB <Rd>,<Rn>,<Rm>{,ASR #<imm>}  T1: 11101010110 0 Rn | (0) imm3 Rd imm2 1 0 Rm (o.imm 1..31)
def(dsp.pkhtb, {
  ok: notPC,
  sem: (g, o) =>
    g.setR(o.a, () => {
      g.getR(o.b);
      g.i32(0xffff0000);
      g.o(OP.i32_and);
      g.getR(o.c);
      g.i32(o.imm);
      g.o(OP.i32_shr_s);
      g.i32(0xffff);
      g.o(OP.i32_and, OP.i32_or);
    }),
});

// SXTAB / SXTAH / UXTAB / UXTAH <Rd>,<Rn>,<Rm>{,ROR #<rot>}   T1: 11111010 0100/0000/0101/0001 Rn | 1111 Rd 1 (0) rotate Rm
for (const [exec, ext] of [
  [dsp.sxtab, (g: Gen) => g.o(OP.i32_extend8_s)],
  [dsp.sxtah, (g: Gen) => g.o(OP.i32_extend16_s)],
  [dsp.uxtab, (g: Gen) => (g.i32(0xff), g.o(OP.i32_and))],
  [dsp.uxtah, (g: Gen) => (g.i32(0xffff), g.o(OP.i32_and))],
] as const) {
  def(exec, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), g.getR(o.c), rotr(g, o.imm), ext(g), g.o(OP.i32_add))) });
}
// UXTB16 <Rd>,<Rm>{,ROR #<rot>}   T1: 11111010 0011 1111 | 1111 Rd 1 (0) rotate Rm
def(dsp.uxtb16, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.c), rotr(g, o.imm), g.i32(0x00ff00ff), g.o(OP.i32_and))) });
// SXTB16 <Rd>,<Rm>{,ROR #<rot>}   T1: 11111010 0010 1111 | 1111 Rd 1 (0) rotate Rm
def(dsp.sxtb16, {
  ok: notPC,
  sem(g, o) {
    g.getR(o.c);
    rotr(g, o.imm);
    g.set(L_X);
    g.setR(o.a, () => {
      // SInt(r<7:0>)<15:0> | SInt(r<23:16>) << 16
      g.get(L_X);
      g.o(OP.i32_extend8_s);
      g.i32(0xffff);
      g.o(OP.i32_and, OP.local_get, L_X);
      g.i32(8);
      g.o(OP.i32_shl);
      g.i32(24);
      g.o(OP.i32_shr_s);
      g.i32(16);
      g.o(OP.i32_shl, OP.i32_or);
    });
  },
});
// UXTAB16 / SXTAB16 <Rd>,<Rn>,<Rm>{,ROR #<rot>}   T1: 11111010 0011/0010 Rn | 1111 Rd 1 (0) rotate Rm
// lo = (Rn + lane0)<15:0>, hi = (Rn<31:16> + lane2) << 16 = (Rn & 0xffff0000) + (lane2 << 16)
for (const [exec, signed] of [
  [dsp.uxtab16, false],
  [dsp.sxtab16, true],
] as const) {
  def(exec, {
    ok: notPC,
    sem(g, o) {
      g.getR(o.c);
      rotr(g, o.imm);
      g.set(L_X);
      g.getR(o.b);
      g.set(L_Y);
      g.setR(o.a, () => {
        g.get(L_Y);
        g.get(L_X);
        if (signed) g.o(OP.i32_extend8_s);
        else (g.i32(0xff), g.o(OP.i32_and));
        g.o(OP.i32_add);
        g.i32(0xffff);
        g.o(OP.i32_and, OP.local_get, L_Y);
        g.i32(0xffff0000);
        g.o(OP.i32_and, OP.local_get, L_X);
        if (signed) (g.i32(8), g.o(OP.i32_shl), g.i32(24), g.o(OP.i32_shr_s), g.i32(16), g.o(OP.i32_shl));
        else (g.i32(0x00ff0000), g.o(OP.i32_and));
        g.o(OP.i32_add, OP.i32_or);
      });
    },
  });
}

/** pushes the halfword of R[r]: top (SInt(<31:16>)) or bottom (SInt(<15:0>)) */
const half = (g: Gen, r: number, top: boolean) => (g.getR(r), top ? sHi(g) : sLo(g));
/** pushes the i64 of a halfword product */
const hprod = (g: Gen, o: Op, nTop: boolean, mTop: boolean) => (half(g, o.b, nTop), half(g, o.c, mTop), g.o(OP.i32_mul, OP.i64_extend_i32_s));

// SMUL<x><y> <Rd>,<Rn>,<Rm>  T1: 11111011 0001 Rn | 1111 Rd 00 N M Rm (the product fits: no Q)
// SMLA<x><y> <Rd>,<Rn>,<Rm>,<Ra>  T1: 11111011 0001 Rn | Ra Rd 00 N M Rm (Q on overflow)
for (const [mulExec, accExec, nTop, mTop] of [
  [dsp.smulbb, dsp.smlabb, false, false],
  [dsp.smulbt, dsp.smlabt, false, true],
  [dsp.smultb, dsp.smlatb, true, false],
  [dsp.smultt, dsp.smlatt, true, true],
] as const) {
  def(mulExec, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (half(g, o.b, nTop), half(g, o.c, mTop), g.o(OP.i32_mul))) });
  def(accExec, {
    ok: notPC,
    sem(g, o) {
      hprod(g, o, nTop, mTop);
      g.getR(o.d);
      g.o(OP.i64_extend_i32_s, OP.i64_add, OP.local_set, L_Q);
      qUnlessFits(g);
      g.setR(o.a, () => g.o(OP.local_get, L_Q, OP.i32_wrap_i64));
    },
  });
}

// SMUAD{X} / SMUSD{X} <Rd>,<Rn>,<Rm>        T1: 11111011 0010/0100 Rn | 1111 Rd 000 M Rm
// SMLAD{X} / SMLSD{X} <Rd>,<Rn>,<Rm>,<Ra>   T1: 11111011 0010/0100 Rn | Ra Rd 000 M Rm
// (SMUAD and the accumulating ones set Q on overflow; SMUSD cannot overflow)
for (const [exec, x, minus, acc] of [
  [dsp.smuad, false, false, false],
  [dsp.smuadx, true, false, false],
  [dsp.smlad, false, false, true],
  [dsp.smladx, true, false, true],
  [dsp.smusd, false, true, false],
  [dsp.smusdx, true, true, false],
  [dsp.smlsd, false, true, true],
  [dsp.smlsdx, true, true, true],
] as const) {
  def(exec, {
    ok: notPC,
    sem(g, o) {
      hprod(g, o, false, x);
      hprod(g, o, true, !x);
      g.o(minus ? OP.i64_sub : OP.i64_add);
      if (acc) (g.getR(o.d), g.o(OP.i64_extend_i32_s, OP.i64_add));
      g.set(L_Q);
      if (acc || !minus) qUnlessFits(g);
      g.setR(o.a, () => g.o(OP.local_get, L_Q, OP.i32_wrap_i64));
    },
  });
}

// SMULW<y> <Rd>,<Rn>,<Rm>  T1: 11111011 0011 Rn | 1111 Rd 000 M Rm   ((Rn * Rm.y)<47:16>)
// SMLAW<y> <Rd>,<Rn>,<Rm>,<Ra>  T1: 11111011 0011 Rn | Ra Rd 000 M Rm (+ Ra; Q on overflow)
for (const [exec, top, acc] of [
  [dsp.smulwb, false, false],
  [dsp.smulwt, true, false],
  [dsp.smlawb, false, true],
  [dsp.smlawt, true, true],
] as const) {
  def(exec, {
    ok: notPC,
    sem(g, o) {
      g.getR(o.b);
      g.o(OP.i64_extend_i32_s);
      half(g, o.c, top);
      g.o(OP.i64_extend_i32_s, OP.i64_mul, OP.i64_const, 16, OP.i64_shr_s);
      if (acc) {
        g.getR(o.d);
        g.o(OP.i64_extend_i32_s, OP.i64_add, OP.local_set, L_Q);
        qUnlessFits(g);
        g.get(L_Q);
      }
      g.o(OP.i32_wrap_i64);
      g.set(L_R);
      g.setR(o.a, () => g.get(L_R));
    },
  });
}

// SMMUL{R} <Rd>,<Rn>,<Rm>         T1: 11111011 0101 Rn | 1111 Rd 000 R Rm   (product<63:32>)
// SMMLA{R} / SMMLS{R} <Rd>,<Rn>,<Rm>,<Ra>   T1: 11111011 0101/0110 Rn | Ra Rd 000 R Rm
// ((Ra << 32) +/- product (+ 0x80000000 if R))<63:32>
for (const [exec, acc, minus, round] of [
  [dsp.smmul, false, false, false],
  [dsp.smmulr, false, false, true],
  [dsp.smmla, true, false, false],
  [dsp.smmlar, true, false, true],
  [dsp.smmls, true, true, false],
  [dsp.smmlsr, true, true, true],
] as const) {
  def(exec, {
    ok: notPC,
    sem(g, o) {
      if (acc) (g.getR(o.d), g.o(OP.i64_extend_i32_u, OP.i64_const, 32, OP.i64_shl));
      g.getR(o.b);
      g.o(OP.i64_extend_i32_s);
      g.getR(o.c);
      g.o(OP.i64_extend_i32_s, OP.i64_mul);
      if (acc) g.o(minus ? OP.i64_sub : OP.i64_add);
      if (round) (g.o(OP.i64_const, 0x80, 0x80, 0x80, 0x80, 0x08), g.o(OP.i64_add)); // i64.const 0x80000000
      g.o(OP.i64_const, 32, OP.i64_shr_u, OP.i32_wrap_i64);
      g.set(L_R);
      g.setR(o.a, () => g.get(L_R));
    },
  });
}

// USAD8 <Rd>,<Rn>,<Rm>   T1: 11111011 0111 Rn | 1111 Rd 0000 Rm;  USADA8 (+ Ra)   Ra Rd 0000 Rm
for (const [exec, acc] of [
  [dsp.usad8, false],
  [dsp.usada8, true],
] as const) {
  def(exec, {
    ok: notPC,
    sem(g, o) {
      g.getR(o.b);
      g.set(L_X);
      g.getR(o.c);
      g.set(L_Y);
      if (acc) g.getR(o.d);
      else g.i32(0);
      for (let k = 0; k < 32; k += 8) {
        // |Rn.byte - Rm.byte|
        g.o(OP.local_get, L_X);
        g.i32(k);
        g.o(OP.i32_shr_u);
        g.i32(0xff);
        g.o(OP.i32_and, OP.local_get, L_Y);
        g.i32(k);
        g.o(OP.i32_shr_u);
        g.i32(0xff);
        g.o(OP.i32_and, OP.i32_sub, OP.local_tee, L_T, OP.i32_const, 0, OP.local_get, L_T, OP.i32_sub, OP.local_get, L_T, OP.i32_const, 0, OP.i32_ge_s, OP.select, OP.i32_add);
      }
      g.set(L_R);
      g.setR(o.a, () => g.get(L_R));
    },
  });
}

// SMLAL<x><y> <RdLo>,<RdHi>,<Rn>,<Rm>   T1: 11111011 1100 Rn | RdLo RdHi 10 N M Rm
// SMLALD{X} / SMLSLD{X} <RdLo>,<RdHi>,<Rn>,<Rm>   T1: 11111011 1100/1101 Rn | RdLo RdHi 110 M Rm
for (const [exec, terms] of [
  [dsp.smlalbb, [[false, false]]],
  [dsp.smlalbt, [[false, true]]],
  [dsp.smlaltb, [[true, false]]],
  [dsp.smlaltt, [[true, true]]],
  [dsp.smlald, [[false, false], [true, true, '+']]],
  [dsp.smlaldx, [[false, true], [true, false, '+']]],
  [dsp.smlsld, [[false, false], [true, true, '-']]],
  [dsp.smlsldx, [[false, true], [true, false, '-']]],
] as const) {
  def(exec, {
    ok: notPC2,
    sem(g, o) {
      getLong(g, o);
      for (const t of terms as readonly (readonly [boolean, boolean, string?])[]) {
        hprod(g, o, t[0], t[1]);
        if (t[2] === '-') g.o(OP.i64_sub);
        else g.o(OP.i64_add);
      }
      g.set(L_Q);
      setLong(g, o);
    },
  });
}
// UMAAL <RdLo>,<RdHi>,<Rn>,<Rm>   T1: 11111011 1110 Rn | RdLo RdHi 0110 Rm (Rn * Rm + RdHi + RdLo)
def(dsp.umaal, {
  ok: notPC2,
  sem(g, o) {
    g.getR(o.b);
    g.o(OP.i64_extend_i32_u);
    g.getR(o.c);
    g.o(OP.i64_extend_i32_u, OP.i64_mul);
    g.getR(o.a);
    g.o(OP.i64_extend_i32_u, OP.i64_add);
    g.getR(o.d);
    g.o(OP.i64_extend_i32_u, OP.i64_add);
    g.set(L_Q);
    setLong(g, o);
  },
});

// ==== parallel addition and subtraction (dsp.ts) ====
// 11111010 1 op1 Rn | 1111 Rd 0 U op2 Rm: op1 = 001 ADD16, 010 ASX, 110 SAX, 101 SUB16,
// 000 ADD8, 100 SUB8; U:op2 = 000 S, 001 Q, 010 SH, 100 U, 101 UQ, 110 UH. Each lane is
// computed exactly in an i32 from the sign- (S, Q, SH) or zero-extended (U, UQ, UH) lanes of
// Rn and Rm, then kept (S, U: GE from it), saturated (Q, UQ) or halved (SH, UH: >> 1).

type ParKind = 's' | 'q' | 'sh' | 'u' | 'uq' | 'uh';
/** a lane of a 16-bit shape: [Rm's half is the top one, subtract] for the bottom, then the top result lane */
const SHAPES16 = {
  add16: [[false, false], [true, false]],
  asx: [[true, true], [false, false]],
  sax: [[true, false], [false, true]],
  sub16: [[false, true], [true, true]],
} as const;

/** pushes the i32 0/1 "lane l is GE": >= 0, or for an unsigned sum lane >= 2^bits (its carry) */
function geOf(g: Gen, l: number, unsignedSum: boolean, bits: number): void {
  g.get(l);
  if (unsignedSum) (g.i32(bits), g.o(OP.i32_shr_u));
  else (g.i32(-1), g.o(OP.i32_gt_s));
}

/** the lane value (in local l) as the exec stores it, before packing: saturated or halved */
function laneResult(g: Gen, l: number, kind: ParKind, bits: number): void {
  if (kind === 'q') {
    clamp(g, l, -(1 << (bits - 1)), (1 << (bits - 1)) - 1);
    g.set(l);
  } else if (kind === 'uq') {
    clamp(g, l, 0, (1 << bits) - 1);
    g.set(l);
  } else if (kind === 'sh' || kind === 'uh') {
    g.get(l);
    g.i32(1);
    g.o(OP.i32_shr_s);
    g.set(l);
  }
}

const PAR: Record<string, Exec> = dsp as unknown as Record<string, Exec>;
for (const kind of ['s', 'q', 'sh', 'u', 'uq', 'uh'] as const) {
  const signed = kind === 's' || kind === 'q' || kind === 'sh';
  const ge = kind === 's' || kind === 'u';
  // 16-bit lanes: bottom into L_R, top into L_T
  for (const [shape, lanes] of Object.entries(SHAPES16)) {
    def(PAR[kind + shape], {
      ok: notPC,
      sem(g, o) {
        g.getR(o.b);
        g.set(L_X);
        g.getR(o.c);
        g.set(L_Y);
        const half = (l: number, top: boolean) => {
          g.get(l);
          if (signed) top ? (g.i32(16), g.o(OP.i32_shr_s)) : g.o(OP.i32_extend16_s);
          else top ? (g.i32(16), g.o(OP.i32_shr_u)) : (g.i32(0xffff), g.o(OP.i32_and));
        };
        lanes.forEach(([mTop, sub], i) => {
          half(L_X, i === 1);
          half(L_Y, mTop);
          g.o(sub ? OP.i32_sub : OP.i32_add);
          g.set(i === 0 ? L_R : L_T);
        });
        laneResult(g, L_R, kind, 16);
        laneResult(g, L_T, kind, 16);
        g.setR(o.a, () => {
          g.get(L_R);
          g.i32(0xffff);
          g.o(OP.i32_and, OP.local_get, L_T);
          g.i32(16);
          g.o(OP.i32_shl, OP.i32_or);
        });
        if (ge)
          g.store32(A_GE, () => {
            geOf(g, L_R, !signed && !lanes[0][1], 16);
            g.i32(3);
            g.o(OP.i32_mul);
            geOf(g, L_T, !signed && !lanes[1][1], 16);
            g.i32(12);
            g.o(OP.i32_mul, OP.i32_or);
          });
      },
    });
  }
  // 8-bit lanes: each into L_T, the result gathered in L_R, GE on the stack
  for (const sub of [false, true]) {
    def(PAR[kind + (sub ? 'sub8' : 'add8')], {
      ok: notPC,
      sem(g, o) {
        g.getR(o.b);
        g.set(L_X);
        g.getR(o.c);
        g.set(L_Y);
        const byte = (l: number, k: number) => {
          g.get(l);
          if (signed) {
            if (k !== 24) (g.i32(24 - k), g.o(OP.i32_shl));
            g.i32(24);
            g.o(OP.i32_shr_s);
          } else {
            if (k !== 0) (g.i32(k), g.o(OP.i32_shr_u));
            if (k !== 24) (g.i32(0xff), g.o(OP.i32_and));
          }
        };
        if (ge) g.i32(0);
        for (let k = 0; k < 32; k += 8) {
          byte(L_X, k);
          byte(L_Y, k);
          g.o(sub ? OP.i32_sub : OP.i32_add);
          g.set(L_T);
          if (ge) {
            geOf(g, L_T, !signed && !sub, 8);
            if (k !== 0) (g.i32(k >>> 3), g.o(OP.i32_shl));
            g.o(OP.i32_or);
          }
          laneResult(g, L_T, kind, 8);
          // L_R = L_R | (L_T & 0xff) << k
          if (k !== 0) g.get(L_R);
          g.get(L_T);
          if (k !== 24) (g.i32(0xff), g.o(OP.i32_and));
          if (k !== 0) (g.i32(k), g.o(OP.i32_shl, OP.i32_or));
          g.set(L_R);
        }
        if (ge) g.set(L_X);
        g.setR(o.a, () => g.get(L_R));
        if (ge) g.store32(A_GE, () => g.get(L_X));
      },
    });
  }
}

// SEL <Rd>,<Rn>,<Rm>   T1: 11111010 1010 Rn | 1111 Rd 1000 Rm   (byte i from Rn if GE[i], else Rm)
// mask: GE * 0x204081 puts GE[i] at bit 8i (the partial products do not overlap), & 0x01010101,
// * 0xff; Rd = Rm ^ ((Rn ^ Rm) & mask)
def(dsp.sel, {
  ok: notPC,
  sem(g, o) {
    g.getR(o.c);
    g.tee(L_Y);
    g.getR(o.b);
    g.o(OP.local_get, L_Y, OP.i32_xor);
    g.load32(A_GE);
    g.i32(0x204081);
    g.o(OP.i32_mul);
    g.i32(0x01010101);
    g.o(OP.i32_and);
    g.i32(0xff);
    g.o(OP.i32_mul, OP.i32_and, OP.i32_xor);
    g.set(L_R);
    g.setR(o.a, () => g.get(L_R));
  },
});
