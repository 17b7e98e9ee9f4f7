// The instruction forms the WebAssembly translator knows (translate.ts), keyed by the exec
// function the decoder gave the Op (sim/isa/): each emits what its exec function does, with
// the same Op fields, outside an IT block (translated blocks never run inside one). A form may
// decline an Op (ok) and may leave to the JavaScript core before changing anything
// (Gen.slow: peripherals, unaligned or unmapped addresses, stores to decoded code).
//
// The list grows with what the firmware runs most (bench/isa-mix.ts); an exec function
// without a form ends the translated part of a block.
import type { Exec, Op } from '../../core/op.ts';
import * as W from './writer.ts';
import * as A from './arena.ts';
import type { Gen } from './gen.ts';
import * as G from './gen.ts';
import { DP32 } from './forms-dp32.ts';
import { MEM } from './forms-mem.ts';
import { FP } from './forms-fp.ts';
import * as dp from '../../isa/dataproc.ts';
import * as br from '../../isa/branch.ts';
import * as dpr from '../../isa/dataproc-reg.ts';
import * as sys from '../../isa/system.ts';
import { LOAD, STORE } from '../../isa/loadstore.ts';
// (module constants: imported bindings are read through a getter at every use under tsx)
const { EMPTY, OP, memarg } = W;
const { L_LIN, L_R, L_T, L_X, L_Y, addWithCarry, interworkingTarget, setNZ, ACCESS_SIZE, LOAD_OP, STORE_OP, effectiveAddress, writeback } = G;
const { A_AUX, A_C, A_EA, A_N, A_Z } = A;

export interface Form {
  /** false: this Op is not translated (an operand the form does not handle) */
  ok?(op: Op): boolean;
  /** emits the instruction's effect */
  sem?(g: Gen, op: Op): void;
  /** a conditional direct branch (target op.imm): emits the i32 condition under which it is
   * taken (after sem, if any) */
  taken?(g: Gen, op: Op): void;
  /** a direct branch that is always taken (target op.imm); the block ends with it */
  always?: true;
  /** a computed branch (or, as a function, for the Ops it returns true for): sem leaves the
   * new pc (bit 0 clear) in L_T, having left to the JavaScript core for an exception return
   * or a change to ARM state; the block ends with it */
  indirect?: true | ((op: Op) => boolean);
  /** the IT instruction (op.imm: the ITSTATE it sets) */
  it?: true;
  /** UNPREDICTABLE inside an IT block: not translated there */
  notInIT?: true;
}

export const FORMS = new Map<Exec, Form>();

/** Adds forms defined in the other forms-*.ts files. */
function add(list: readonly (readonly [Exec, Form])[]): void {
  for (const [exec, form] of list) {
    if (FORMS.has(exec)) throw new Error(`wasm forms: ${exec.name} twice`);
    FORMS.set(exec, form);
  }
}

const notPC = (op: Op) => op.a !== 15;

// ---- 16-bit data processing (sim/isa/dataproc.ts) ----

// MOVS <Rd>,<Rm>   MOV (register) T2: 000 00 00000 Rm Rd
FORMS.set(dp.movsReg16, { ok: notPC, notInIT: true, sem: (g, o) => setNZ(g, o.a, () => g.getR(o.c)) });

// LSLS <Rd>,<Rm>,#<imm5>   T1: 000 00 imm5 Rm Rd (imm5 1..31): C = bit 32-imm of Rm
FORMS.set(dp.lslImm16, {
  ok: notPC,
  sem(g, o) {
    g.getR(o.c);
    g.set(L_X);
    setNZ(g, o.a, () => g.o(OP.local_get, L_X, OP.i32_const, o.imm & 31, OP.i32_shl));
    g.store32(A_C, () => g.o(OP.local_get, L_X, OP.i32_const, (32 - o.imm) & 31, OP.i32_shr_u, OP.i32_const, 1, OP.i32_and));
  },
});

// LSRS <Rd>,<Rm>,#<imm>   T1: 000 01 imm5 Rm Rd (imm 1..32)
FORMS.set(dp.lsrImm16, {
  ok: notPC,
  sem(g, o) {
    g.getR(o.c);
    g.set(L_X);
    setNZ(g, o.a, () => (o.imm === 32 ? g.i32(0) : g.o(OP.local_get, L_X, OP.i32_const, o.imm, OP.i32_shr_u)));
    g.store32(A_C, () => g.o(OP.local_get, L_X, OP.i32_const, o.imm - 1, OP.i32_shr_u, OP.i32_const, 1, OP.i32_and));
  },
});

// ASRS <Rd>,<Rm>,#<imm>   T1: 000 10 imm5 Rm Rd (imm 1..32, d = min(imm, 31))
FORMS.set(dp.asrImm16, {
  ok: notPC,
  sem(g, o) {
    g.getR(o.c);
    g.set(L_X);
    setNZ(g, o.a, () => g.o(OP.local_get, L_X, OP.i32_const, o.d, OP.i32_shr_s));
    g.store32(A_C, () => g.o(OP.local_get, L_X, OP.i32_const, o.imm - 1, OP.i32_shr_u, OP.i32_const, 1, OP.i32_and));
  },
});

// ADDS <Rd>,<Rn>,<Rm>   ADD (register) T1: 0001100 Rm Rn Rd
FORMS.set(dp.addReg16, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => g.getR(o.b), () => g.getR(o.c), 0) });
// SUBS <Rd>,<Rn>,<Rm>   SUB (register) T1: 0001101 Rm Rn Rd
FORMS.set(dp.subReg16, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => g.getR(o.b), () => (g.getR(o.c), g.o(OP.i32_const, 0x7f, OP.i32_xor)), 1) });
// ADDS <Rd>,<Rn>,#<imm3> / ADDS <Rdn>,#<imm8>   ADD (immediate) T1, T2
FORMS.set(dp.addImm16, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => g.getR(o.b), () => g.i32(o.imm), 0) });
// SUBS <Rd>,<Rn>,#<imm3> / SUBS <Rdn>,#<imm8>   SUB (immediate) T1, T2
FORMS.set(dp.subImm16, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => g.getR(o.b), () => g.i32(~o.imm), 1) });
// MOVS <Rd>,#<imm8>   MOV (immediate) T1: 00100 Rd imm8 (C unchanged)
FORMS.set(dp.movImm16, {
  ok: notPC,
  sem(g, o) {
    g.setR(o.a, () => g.i32(o.imm));
    g.store32(A_N, () => g.i32(0));
    g.store32(A_Z, () => g.i32(o.imm === 0 ? 1 : 0));
  },
});
// CMP <Rn>,#<imm8>   CMP (immediate) T1: 00101 Rn imm8
FORMS.set(dp.cmpImm16, { sem: (g, o) => addWithCarry(g, -1, () => g.getR(o.b), () => g.i32(~o.imm), 1) });

// ANDS/EORS/ORRS/BICS <Rdn>,<Rm>   T1: 010000 0000/0001/1100/1110 Rm Rdn
const logic16 = (f: number, invert = false): Form => ({
  ok: notPC,
  sem: (g, o) =>
    setNZ(g, o.a, () => {
      g.getR(o.a);
      g.getR(o.c);
      if (invert) g.o(OP.i32_const, 0x7f, OP.i32_xor);
      g.o(f);
    }),
});
FORMS.set(dp.and16, logic16(OP.i32_and));
FORMS.set(dp.eor16, logic16(OP.i32_xor));
FORMS.set(dp.orr16, logic16(OP.i32_or));
FORMS.set(dp.bic16, logic16(OP.i32_and, true));
// MVNS <Rd>,<Rm>   MVN (register) T1: 010000 1111 Rm Rd
FORMS.set(dp.mvn16, { ok: notPC, sem: (g, o) => setNZ(g, o.a, () => (g.getR(o.c), g.o(OP.i32_const, 0x7f, OP.i32_xor))) });
// TST <Rn>,<Rm>   TST (register) T1: 010000 1000 Rm Rn
FORMS.set(dp.tst16, {
  sem(g, o) {
    g.getR(o.b);
    g.getR(o.c);
    g.o(OP.i32_and);
    g.set(L_R);
    g.nz(L_R);
  },
});
// ADCS / SBCS <Rdn>,<Rm>   T1: 010000 0101 / 0110 Rm Rdn
FORMS.set(dp.adc16, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => g.getR(o.a), () => g.getR(o.c), -1) });
FORMS.set(dp.sbc16, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => g.getR(o.a), () => (g.getR(o.c), g.o(OP.i32_const, 0x7f, OP.i32_xor)), -1) });
// RSBS <Rd>,<Rn>,#0   RSB (immediate) T1: 010000 1001 Rn Rd
FORMS.set(dp.rsb16, { ok: notPC, sem: (g, o) => addWithCarry(g, o.a, () => (g.getR(o.c), g.o(OP.i32_const, 0x7f, OP.i32_xor)), () => g.i32(0), 1) });
// CMP <Rn>,<Rm>   CMP (register) T1, T2; CMN <Rn>,<Rm>   CMN (register) T1
FORMS.set(dp.cmp16, { sem: (g, o) => addWithCarry(g, -1, () => g.getR(o.b), () => (g.getR(o.c), g.o(OP.i32_const, 0x7f, OP.i32_xor)), 1) });
FORMS.set(dp.cmn16, { sem: (g, o) => addWithCarry(g, -1, () => g.getR(o.b), () => g.getR(o.c), 0) });
// MULS <Rdm>,<Rn>,<Rdm>   MUL T1: 010000 1101 Rn Rdm (N, Z only)
FORMS.set(dp.mul16, { ok: notPC, sem: (g, o) => setNZ(g, o.a, () => (g.getR(o.c), g.getR(o.a), g.o(OP.i32_mul))) });
// ADD <Rdn>,<Rm>   ADD (register) T2: 01000100 DN Rm Rdn (no flags)
FORMS.set(dp.addHi16, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(o.b), g.getR(o.c), g.o(OP.i32_add))) });
// MOV <Rd>,<Rm>   MOV (register) T1: 01000110 D Rm Rd
FORMS.set(dp.movHi16, { ok: notPC, sem: (g, o) => g.setR(o.a, () => g.getR(o.c)) });
// ADR <Rd>,<label>   ADR T1: 10100 Rd imm8 (address known at decode)
FORMS.set(dp.movConst16, { ok: notPC, sem: (g, o) => g.setR(o.a, () => g.i32(o.imm)) });
// ADD <Rd>,SP,#<imm>   ADD (SP plus immediate) T1: 10101 Rd imm8
FORMS.set(dp.addSPImm16, { ok: notPC, sem: (g, o) => g.setR(o.a, () => (g.getR(13), g.i32(o.imm), g.o(OP.i32_add))) });
// ADD SP,SP,#<imm> / SUB SP,SP,#<imm>   T2 / T1: 101100000/1 imm7 (SP bits [1:0] stay zero)
FORMS.set(dp.addSPSP16, { sem: (g, o) => g.setR(13, () => (g.getR(13), g.i32(o.imm), g.o(OP.i32_add), g.i32(~3), g.o(OP.i32_and))) });

// SDIV / UDIV <Rd>,<Rn>,<Rm>   T1: 111110111001 / 111110111011 Rn | 1111 Rd 1111 Rm: |Rn| and
// |Rm| recorded for the cycle model (A_EA, A_AUX); a zero divisor (0, or the DIVBYZERO
// UsageFault with CCR.DIV_0_TRP) and INT_MIN / -1 leave to the core
const divide = (signed: boolean): Form => ({
  ok: notPC,
  sem(g, o) {
    g.getR(o.b);
    g.set(L_X);
    g.getR(o.c);
    g.set(L_Y);
    g.o(OP.local_get, L_Y, OP.i32_eqz);
    if (signed) {
      g.o(OP.local_get, L_X);
      g.i32(0x80000000);
      g.o(OP.i32_eq, OP.local_get, L_Y);
      g.i32(-1);
      g.o(OP.i32_eq, OP.i32_and, OP.i32_or);
    }
    g.o(OP.if, EMPTY);
    g.slow();
    g.o(OP.end);
    const abs = (l: number) => {
      if (!signed) return g.get(l);
      // (x ^ (x >> 31)) - (x >> 31)
      g.o(OP.local_get, l, OP.local_get, l, OP.i32_const, 31, OP.i32_shr_s, OP.i32_xor, OP.local_get, l, OP.i32_const, 31, OP.i32_shr_s, OP.i32_sub);
    };
    g.store32(A_EA, () => abs(L_X));
    g.store32(A_AUX, () => abs(L_Y));
    g.setR(o.a, () => g.o(OP.local_get, L_X, OP.local_get, L_Y, signed ? OP.i32_div_s : OP.i32_div_u));
  },
});
FORMS.set(dpr.sdiv, divide(true));
FORMS.set(dpr.udiv, divide(false));

// IT{<x>{<y>{<z>}}} <firstcond>   T1: 10111111 firstcond mask: the translator runs the
// instructions of the IT block conditionally (translate.ts); NOP and the other hints
FORMS.set(sys.it, { it: true });
FORMS.set(sys.nop, {});

/** The 16-bit data-processing instructions that set flags only outside an IT block. */
export const IT_NOFLAGS = new Set<Exec>([
  dp.adc16, dp.addImm16, dp.addReg16, dp.and16, dp.asrImm16, dp.bic16, dp.eor16, dp.lslImm16, dp.lsrImm16,
  dp.movImm16, dp.mul16, dp.mvn16, dp.orr16, dp.rsb16, dp.sbc16, dp.shiftReg16, dp.subImm16, dp.subReg16,
]);

// ---- branches (sim/isa/branch.ts): the target is op.imm ----

// B<c> <label>   T1: 1101 cond imm8; T3: 11110 S cond imm6 | 10 J1 0 J2 imm11
FORMS.set(br.bCond, { taken: (g, o) => g.cond(o.cond) });
// B <label>   T2: 11100 imm11; T4: 11110 S imm10 | 10 J1 1 J2 imm11
FORMS.set(br.bUncond, { always: true });
// BL <label>   T1: 11110 S imm10 | 11 J1 1 J2 imm11 (LR = the return address | 1, in op.d)
FORMS.set(br.bl, { sem: (g, o) => g.setR(14, () => g.i32(o.d)), always: true });
// CBZ / CBNZ <Rn>,<label>   T1: 1011 0/1 0 i 1 imm5 Rn
FORMS.set(br.cbz, { taken: (g, o) => (g.getR(o.b), g.o(OP.i32_eqz)) });
FORMS.set(br.cbnz, { taken: (g, o) => (g.getR(o.b), g.o(OP.i32_const, 0, OP.i32_ne)) });

// BX <Rm>   T1: 010001110 Rm 000 (BXWritePC)
FORMS.set(br.bx, {
  indirect: true,
  sem(g, o) {
    g.getR(o.c);
    g.set(L_T);
    interworkingTarget(g);
  },
});
// BLX <Rm>   T1: 010001111 Rm 000 (BLXWritePC; LR = the return address | 1, in op.d)
FORMS.set(br.blx, {
  indirect: true,
  sem(g, o) {
    g.getR(o.c);
    g.set(L_T);
    interworkingTarget(g);
    g.setR(14, () => g.i32(o.d));
  },
});

// ---- single loads and stores (sim/isa/loadstore.ts LOAD[kind][mode], STORE[kind][mode]: gen.ts) ----

LOAD.forEach((row, kind) =>
  row.forEach((exec, mode) =>
    FORMS.set(exec, {
      ok: notPC,
      sem(g, o) {
        effectiveAddress(g, o, mode);
        g.address(ACCESS_SIZE[kind], false);
        g.o(OP.local_get, L_LIN, LOAD_OP[kind], ...memarg(0, 0));
        g.set(L_R);
        writeback(g, o, mode);
        g.setR(o.a, () => g.get(L_R));
      },
    }),
  ),
);

STORE.forEach((row, kind) =>
  row.forEach((exec, mode) =>
    FORMS.set(exec, {
      sem(g, o) {
        effectiveAddress(g, o, mode);
        g.address(ACCESS_SIZE[kind], true);
        g.get(L_LIN);
        g.getR(o.a);
        g.o(STORE_OP[kind], ...memarg(0, 0));
        writeback(g, o, mode);
      },
    }),
  ),
);

add(DP32);
add(MEM);
add(FP);

/** True if `form` is a computed branch for `op`. */
export function isIndirect(form: Form, op: Op): boolean {
  const i = form.indirect;
  return i === true || (i !== undefined && i(op));
}
