// The emitter of one translated instruction's WebAssembly (translate.ts drives it, the forms
// in forms.ts write through it): the block function's locals, registers and APSR flags in the
// arena, AddWithCarry, conditions, and the address check of a load or store.
import type { Op } from '../../core/op.ts';
import * as W from './writer.ts';
import * as A from './arena.ts';
// (module constants: imported bindings are read through a getter at every use under tsx)
const { EMPTY, F64, I32, I64, OP, memarg, sleb, pushSleb, pushUleb } = W;
const { A_C, A_CODE, A_EA, A_N, A_PAGE_R, A_PAGE_W, A_V, A_Z } = A;

// locals of a block function
export const L_CYC = 0; // f64: cycles
export const L_EV = 1; // f64: eventAt
export const L_W = 2; // f64: fetch stall of the instruction
export const L_DW = 3; // f64: flash data stall
export const L_C = 4; // f64: cost (first instruction's load/store rules, at run time)
export const L_ST = 5; // f64: stall (the same)
export const L_EA = 6; // i32: effective address
export const L_LIN = 7; // i32: linear address
export const L_X = 8; // i32 scratch
export const L_Y = 9;
export const L_R = 10;
export const L_T = 11;
export const L_Q = 12; // i64 scratch
export const L_F0 = 13; // f64 scratch (the FP forms)
export const L_F1 = 14;
export const L_F2 = 15;
export const L_F3 = 16;
export const L_K = 17; // i32: an IT-block instruction's ConditionPassed
export const LOCALS: [number, number][] = [
  [6, F64],
  [6, I32],
  [1, I64],
  [4, F64],
  [1, I32],
];

/** Emits one instruction's code into a function body (forms.ts writes through it). */
export class Gen {
  readonly b: number[] = [];
  /** the instruction being translated and its index in the block */
  op!: Op;
  j = 0;
  /** emits the exit to the JavaScript core before instruction j (it has not run) */
  slow!: () => void;

  i32(n: number): void {
    this.b.push(OP.i32_const);
    pushSleb(this.b, n);
  }
  get(l: number): void {
    this.b.push(OP.local_get, l);
  }
  set(l: number): void {
    this.b.push(OP.local_set, l);
  }
  tee(l: number): void {
    this.b.push(OP.local_tee, l);
  }
  o(...ops: number[]): void {
    for (const x of ops) this.b.push(x);
  }
  /** i32.load/i32.store of a slot at a fixed address */
  load32(addr: number): void {
    this.b.push(OP.i32_const, 0, OP.i32_load, 2);
    pushUleb(this.b, addr);
  }
  /** the instruction sets no flags here (16-bit data processing inside an IT block) */
  noFlags = false;
  store32(addr: number, value: () => void): void {
    if (this.noFlags && addr >= A_N && addr <= A_V) return;
    this.b.push(OP.i32_const, 0);
    value();
    this.b.push(OP.i32_store, 2);
    pushUleb(this.b, addr);
  }
  /** R[n] (PC reads as the instruction's address + 4, as the core sets R[15]) */
  getR(n: number): void {
    if (n === 15) this.i32((this.op.pc + 4) >>> 0);
    else this.load32(4 * n);
  }
  setR(n: number, value: () => void): void {
    if (n === 15) throw new Error('wasm translator: a form wrote the PC');
    this.store32(4 * n, value);
  }
  /** APSR.N and Z from the i32 in local l */
  nz(l: number): void {
    this.store32(A_N, () => this.o(OP.local_get, l, OP.i32_const, 31, OP.i32_shr_u));
    this.store32(A_Z, () => this.o(OP.local_get, l, OP.i32_eqz));
  }
  /** AddWithCarry(x, y, carry) (A2.2.1) of locals x and y into local L_R, setting N, Z, C, V;
   * carry: 0, 1 or -1 for APSR.C */
  addFlags(x: number, y: number, carry: number): void {
    const b = this.b;
    // usum = x + y + carry as 64-bit unsigned
    b.push(OP.local_get, x, OP.i64_extend_i32_u, OP.local_get, y, OP.i64_extend_i32_u, OP.i64_add);
    if (carry === -1) {
      this.load32(A_C);
      b.push(OP.i64_extend_i32_u, OP.i64_add);
    } else if (carry !== 0) b.push(OP.i64_const, ...sleb(carry), OP.i64_add);
    b.push(OP.local_tee, L_Q, OP.i32_wrap_i64, OP.local_set, L_R);
    this.nz(L_R);
    this.store32(A_C, () => b.push(OP.local_get, L_Q, OP.i64_const, 32, OP.i64_shr_u, OP.i32_wrap_i64));
    // V: ((x ^ r) & (y ^ r)) >>> 31
    this.store32(A_V, () => b.push(OP.local_get, x, OP.local_get, L_R, OP.i32_xor, OP.local_get, y, OP.local_get, L_R, OP.i32_xor, OP.i32_and, OP.i32_const, 31, OP.i32_shr_u));
  }
  /** ConditionPassed for `cond` (A7.3.1) as an i32 0/1 */
  cond(cond: number): void {
    const b = this.b;
    switch (cond >>> 1) {
      case 0:
        this.load32(A_Z);
        break;
      case 1:
        this.load32(A_C);
        break;
      case 2:
        this.load32(A_N);
        break;
      case 3:
        this.load32(A_V);
        break;
      case 4: // C == 1 && Z == 0
        this.load32(A_C);
        this.load32(A_Z);
        b.push(OP.i32_eqz, OP.i32_and);
        break;
      case 5: // N == V
        this.load32(A_N);
        this.load32(A_V);
        b.push(OP.i32_eq);
        break;
      case 6: // N == V && Z == 0
        this.load32(A_N);
        this.load32(A_V);
        b.push(OP.i32_eq);
        this.load32(A_Z);
        b.push(OP.i32_eqz, OP.i32_and);
        break;
      default:
        this.i32(1);
        return;
    }
    if ((cond & 1) === 1) b.push(OP.i32_eqz);
  }
  /** Checks the address in L_EA for an access of `size` bytes and leaves its linear address in
   * L_LIN; leaves to the JavaScript core (before anything changed) if the access is not to
   * plain memory, is unaligned (so it stays inside one page and one 256-byte code block), or
   * is a store to memory holding decoded code. Also records cpu.ea. */
  address(size: number, write: boolean): void {
    const b = this.b;
    // page delta
    b.push(OP.local_get, L_EA, OP.i32_const, 16, OP.i32_shr_u, OP.i32_const, 2, OP.i32_shl, OP.i32_load, ...memarg(2, write ? A_PAGE_W : A_PAGE_R), OP.local_tee, L_LIN);
    b.push(OP.i32_eqz);
    if (size > 1) b.push(OP.local_get, L_EA, OP.i32_const, size - 1, OP.i32_and, OP.i32_or);
    b.push(OP.if, EMPTY);
    this.slow();
    b.push(OP.end);
    b.push(OP.local_get, L_EA, OP.local_get, L_LIN, OP.i32_add, OP.local_set, L_LIN);
    if (write) {
      b.push(OP.local_get, L_LIN, OP.i32_const, 8, OP.i32_shr_u, OP.i32_load8_u, ...memarg(0, A_CODE), OP.if, EMPTY);
      this.slow();
      b.push(OP.end);
    }
    this.store32(A_EA, () => this.get(L_EA));
  }
}

// ---- helpers of the forms ----

/** R[a] = value; N, Z from it */
export function setNZ(g: Gen, a: number, value: () => void): void {
  value();
  g.set(L_R);
  g.setR(a, () => g.get(L_R));
  g.nz(L_R);
}

/** R[a] (or flags only, a < 0) = AddWithCarry(x, y, carry) with x, y emitted into L_X, L_Y */
export function addWithCarry(g: Gen, a: number, x: () => void, y: () => void, carry: number): void {
  x();
  g.set(L_X);
  y();
  g.set(L_Y);
  g.addFlags(L_X, L_Y, carry);
  if (a >= 0) g.setR(a, () => g.get(L_R));
}

/** L_T = the target of BXWritePC/LoadWritePC from the value in L_T, leaving to the core for
 * an exception return (EXC_RETURN, 0xFxxxxxxx) or bit 0 clear (a UsageFault follows) */
export function interworkingTarget(g: Gen): void {
  g.o(OP.local_get, L_T, OP.i32_const, 1, OP.i32_and, OP.i32_eqz, OP.local_get, L_T, OP.i32_const, 28, OP.i32_shr_u, OP.i32_const, 15, OP.i32_eq, OP.i32_or, OP.if, EMPTY);
  g.slow();
  g.o(OP.end, OP.local_get, L_T, OP.i32_const, 0x7e, OP.i32_and, OP.local_set, L_T);
}

// ---- single loads and stores (sim/isa/loadstore.ts LOAD[kind][mode], STORE[kind][mode]) ----
// kinds: word, halfword, signed halfword, byte, signed byte; modes: [Rn,#imm], [Rn,#imm]!,
// [Rn],#imm, [Rn,Rm,LSL #e], literal (op.imm the address)
export const MODE_OFF = 0;
export const MODE_PRE = 1;
export const MODE_POST = 2;
export const MODE_REG = 3;
export const ACCESS_SIZE = [4, 2, 2, 1, 1];
export const LOAD_OP = [OP.i32_load, OP.i32_load16_u, OP.i32_load16_s, OP.i32_load8_u, OP.i32_load8_s];
export const STORE_OP = [OP.i32_store, OP.i32_store16, 0, OP.i32_store8];

/** R[r] = value, SP's bits [1:0] cleared (loadstore.ts writeR) */
export function writeR(g: Gen, r: number, value: () => void): void {
  g.setR(r, () => {
    value();
    if (r === 13) {
      g.i32(~3);
      g.o(OP.i32_and);
    }
  });
}

/** the effective address of a single load or store into L_EA */
export function effectiveAddress(g: Gen, o: Op, mode: number): void {
  if (mode === MODE_OFF || mode === MODE_PRE) {
    g.getR(o.b);
    g.i32(o.imm);
    g.o(OP.i32_add);
  } else if (mode === MODE_POST) g.getR(o.b);
  else if (mode === MODE_REG) {
    g.getR(o.b);
    g.getR(o.c);
    g.i32(o.e);
    g.o(OP.i32_shl, OP.i32_add);
  } else g.i32(o.imm);
  g.set(L_EA);
}

/** the base register's writeback of a pre- or post-indexed access */
export function writeback(g: Gen, o: Op, mode: number): void {
  if (mode === MODE_PRE) writeR(g, o.b, () => g.get(L_EA));
  else if (mode === MODE_POST) writeR(g, o.b, () => (g.get(L_EA), g.i32(o.imm), g.o(OP.i32_add)));
}

