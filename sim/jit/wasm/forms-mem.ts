// WebAssembly forms (see forms.ts) of the multiple and dual loads and stores (LDM/STM,
// PUSH/POP, LDRD/STRD) and the table branches (sim/isa/loadstore.ts).
//
// A multiple or dual access is checked as a whole before anything changes (range): the start
// word-aligned (else the core takes the alignment fault), all its words in one 64 KB page of
// plain memory, and for a store no decoded code in the 256-byte blocks it touches; then it
// cannot fault part-way, so the loads go straight from memory to the registers (a loaded base
// does not disturb the linear address in L_LIN).
import type { Exec, Op } from '../../core/op.ts';
import type { Form } from './forms.ts';
import type { Gen } from './gen.ts';
import * as W from './writer.ts';
import * as A from './arena.ts';
import * as G from './gen.ts';
import * as ls from '../../isa/loadstore.ts';
// (module constants: imported bindings are read through a getter at every use under tsx)
const { EMPTY, OP, memarg } = W;
const { A_CODE, A_EA, A_PAGE_R, A_PAGE_W } = A;
const { L_EA, L_LIN, L_R, L_T, interworkingTarget, ACCESS_SIZE, LOAD_OP, STORE_OP, MODE_REG, effectiveAddress, writeback, writeR } = G;

/** Checks `words` words at the address in L_EA (g.address for a multiple access): leaves to
 * the JavaScript core unless the start is word-aligned (else the exec's alignment fault), all
 * words are in one 64 KB page of plain memory, and, for a store, no 256-byte block they touch
 * holds decoded code; leaves the linear address in L_LIN and records cpu.ea (the start). */
function range(g: Gen, words: number, write: boolean): void {
  const bytes = 4 * words;
  if (bytes > 256) throw new Error('wasm forms: a multiple access of more than 256 bytes');
  // page delta (0: not plain memory)
  g.o(OP.local_get, L_EA, OP.i32_const, 16, OP.i32_shr_u, OP.i32_const, 2, OP.i32_shl, OP.i32_load, ...memarg(2, write ? A_PAGE_W : A_PAGE_R), OP.local_tee, L_LIN);
  g.o(OP.i32_eqz);
  // unaligned
  g.o(OP.local_get, L_EA, OP.i32_const, 3, OP.i32_and, OP.i32_or);
  // (ea & 0xffff) + bytes > 0x10000: crosses into the next page
  g.get(L_EA);
  g.i32(0xffff);
  g.o(OP.i32_and);
  g.i32(bytes);
  g.o(OP.i32_add);
  g.i32(0x10000);
  g.o(OP.i32_gt_u, OP.i32_or, OP.if, EMPTY);
  g.slow();
  g.o(OP.end);
  g.o(OP.local_get, L_EA, OP.local_get, L_LIN, OP.i32_add, OP.local_set, L_LIN);
  if (write) {
    // the first and the last 256-byte block (bytes <= 256: nothing in between)
    g.o(OP.local_get, L_LIN, OP.i32_const, 8, OP.i32_shr_u, OP.i32_load8_u, ...memarg(0, A_CODE));
    g.get(L_LIN);
    g.i32(bytes - 1);
    g.o(OP.i32_add, OP.i32_const, 8, OP.i32_shr_u, OP.i32_load8_u, ...memarg(0, A_CODE), OP.i32_or, OP.if, EMPTY);
    g.slow();
    g.o(OP.end);
  }
  g.store32(A_EA, () => g.get(L_EA));
}

/** the i32 word k of the checked access (at L_LIN + 4k) */
function word(g: Gen, k: number): void {
  g.o(OP.local_get, L_LIN, OP.i32_load, ...memarg(2, 4 * k));
}

/** stores R[r] as word k of the checked access */
function storeWord(g: Gen, k: number, r: number): void {
  g.get(L_LIN);
  g.getR(r);
  g.o(OP.i32_store, ...memarg(2, 4 * k));
}


/** the registers of a list, lowest first */
function regs(list: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 16; i++) if ((list & (1 << i)) !== 0) out.push(i);
  return out;
}

// ---- load/store multiple ----
// (translated blocks never run inside an IT block: ldm's UNPREDICTABLE check does not apply;
// the decoder never gives Rn = PC, a PC or SP in a store list, or SP in a load list, but the
// forms decline them anyway)

/** LDM/POP (ia) and LDMDB (db): all words loaded, LoadWritePC's target of a loaded PC into
 * L_T (leaving to the core for an exception return or ARM state before any register
 * changed), the loaded registers written, then the writeback (start + 4n for ia, start for
 * db, with the exec's writeR). With the PC in the list (POP {r4, pc}) it is a computed
 * branch. */
function loadMultiple(db: boolean): Form {
  return {
    ok: (o) => o.b !== 15 && (o.imm & 0x2000) === 0,
    sem: (g, o) => loadMultipleSem(g, o, db),
    indirect: (o) => (o.imm & 0x8000) !== 0,
  };
}
/** L_EA = the first address of an LDM/STM: Rn (ia), Rn - 4n (db) */
function multipleStart(g: Gen, o: Op, db: boolean): void {
  g.getR(o.b);
  if (db) {
    g.i32(4 * o.n);
    g.o(OP.i32_sub);
  }
  g.set(L_EA);
}

function loadMultipleSem(g: Gen, o: Op, db: boolean): void {
  const list = regs(o.imm);
  multipleStart(g, o, db);
  range(g, list.length, false);
  const pc = list.indexOf(15);
  if (pc >= 0) {
    word(g, pc);
    g.set(L_T);
    interworkingTarget(g);
  }
  list.forEach((r, k) => {
    if (r !== 15) g.setR(r, () => word(g, k));
  });
  if (o.d !== 0) {
    if (db) writeR(g, o.b, () => g.get(L_EA));
    else writeR(g, o.b, () => (g.get(L_EA), g.i32(4 * list.length), g.o(OP.i32_add)));
  }
}

/** STM (ia) and STMDB/PUSH (db): the lowest register at the lowest address, a base in the
 * list stored with its original value, then the writeback */
function storeMultiple(db: boolean): Form {
  return {
    ok: (o) => o.b !== 15 && (o.imm & 0xa000) === 0,
    sem(g, o) {
      const list = regs(o.imm);
      multipleStart(g, o, db);
      range(g, list.length, true);
      list.forEach((r, k) => storeWord(g, k, r));
      if (o.d !== 0) {
        if (db) writeR(g, o.b, () => g.get(L_EA));
        else writeR(g, o.b, () => (g.get(L_EA), g.i32(4 * list.length), g.o(OP.i32_add)));
      }
    },
  };
}

// ---- dual ----
// LDRD/STRD: modes offset, pre-indexed, post-indexed, literal (op.imm the address); a = Rt,
// d = Rt2, b = Rn, imm = the signed offset
const OFF = 0;
const PRE = 1;
const POST = 2;
const LIT = 4;

function dualAddress(g: Gen, o: Op, mode: number): void {
  if (mode === LIT) g.i32(o.imm);
  else {
    g.getR(o.b);
    if (mode !== POST) {
      g.i32(o.imm);
      g.o(OP.i32_add);
    }
  }
  g.set(L_EA);
}

/** the writeback of the exec (a plain register write: R[n] = addr or addr + imm) */
function dualWriteback(g: Gen, o: Op, mode: number): void {
  if (mode === PRE) g.setR(o.b, () => g.get(L_EA));
  else if (mode === POST) g.setR(o.b, () => (g.get(L_EA), g.i32(o.imm), g.o(OP.i32_add)));
}

function ldrd(mode: number): Form {
  return {
    ok: (o) => o.a !== 15 && o.d !== 15 && (mode === LIT || o.b !== 15),
    sem(g, o) {
      dualAddress(g, o, mode);
      range(g, 2, false);
      dualWriteback(g, o, mode);
      g.setR(o.a, () => word(g, 0));
      g.setR(o.d, () => word(g, 1));
    },
  };
}

function strd(mode: number): Form {
  return {
    ok: (o) => o.b !== 15 && o.a !== 15 && o.d !== 15,
    sem(g, o) {
      dualAddress(g, o, mode);
      range(g, 2, true);
      storeWord(g, 0, o.a);
      storeWord(g, 1, o.d);
      dualWriteback(g, o, mode);
    },
  };
}

// ---- single loads and stores with SP writeback (POP T3, PUSH T3) and loads to SP ----
// ldGeneric/stGeneric (loadstore.ts): o.d = mode | kind << 4; the same as the single forms in
// forms.ts (the writeback with writeR: SP bits [1:0] stay zero). A load to the PC is declined.

const ldGenericForm: Form = {
  ok: (o) => o.a !== 15 && (o.d & 15) <= LIT && (o.d >>> 4) < 5 && ((o.d & 15) !== MODE_REG || o.c !== 15),
  sem(g, o) {
    const mode = o.d & 15;
    const kind = o.d >>> 4;
    effectiveAddress(g, o, mode);
    g.address(ACCESS_SIZE[kind], false);
    g.o(OP.local_get, L_LIN, LOAD_OP[kind], ...memarg(0, 0));
    g.set(L_R);
    writeback(g, o, mode);
    writeR(g, o.a, () => g.get(L_R));
  },
};

const stGenericForm: Form = {
  ok: (o) => (o.d & 15) <= MODE_REG && STORE_OP[o.d >>> 4] !== undefined && STORE_OP[o.d >>> 4] !== 0 && o.a !== 15,
  sem(g, o) {
    const mode = o.d & 15;
    const kind = o.d >>> 4;
    effectiveAddress(g, o, mode);
    g.address(ACCESS_SIZE[kind], true);
    g.get(L_LIN);
    g.getR(o.a);
    g.o(STORE_OP[kind], ...memarg(0, 0));
    writeback(g, o, mode);
  },
};

// ---- table branches ----
// TBB [<Rn>,<Rm>] / TBH [<Rn>,<Rm>,LSL #1]: pc = R[15] (the instruction's address + 4) +
// 2 * the entry (a byte or a halfword; TBH's address halfword-aligned, else the core)
function tableBranch(half: boolean): Form {
  return {
    indirect: true,
    ok: (o) => o.c !== 15,
    sem(g, o) {
      g.getR(o.b);
      g.getR(o.c);
      if (half) g.o(OP.i32_const, 1, OP.i32_shl);
      g.o(OP.i32_add);
      g.set(L_EA);
      g.address(half ? 2 : 1, false);
      g.o(OP.local_get, L_LIN, half ? OP.i32_load16_u : OP.i32_load8_u, ...memarg(0, 0), OP.i32_const, 1, OP.i32_shl);
      g.i32((o.pc + 4) >>> 0);
      g.o(OP.i32_add);
      g.set(L_T);
    },
  };
}

export const MEM: (readonly [Exec, Form])[] = [
  [ls.ldm, loadMultiple(false)],
  [ls.ldmdb, loadMultiple(true)],
  [ls.stm, storeMultiple(false)],
  [ls.stmdb, storeMultiple(true)],
  [ls.ldrdOff, ldrd(OFF)],
  [ls.ldrdPre, ldrd(PRE)],
  [ls.ldrdPost, ldrd(POST)],
  [ls.ldrdLit, ldrd(LIT)],
  [ls.strdOff, strd(OFF)],
  [ls.strdPre, strd(PRE)],
  [ls.strdPost, strd(POST)],
  [ls.ldGeneric, ldGenericForm],
  [ls.stGeneric, stGenericForm],
  [ls.tbb, tableBranch(false)],
  [ls.tbh, tableBranch(true)],
];
