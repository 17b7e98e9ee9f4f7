// Translation of a block (the runner's Steps, sim/jit/runner.ts) into one WebAssembly function
// that runs the block's instructions with the interpreter's semantics and the M4 cycle
// model's folded timing, on the registers, flags and guest memory in the arena (arena.ts).
//
// The function translates the longest prefix of the block whose instructions have a form in
// forms.ts; the instruction after it is left to the JavaScript core. It returns 0 with the
// next pc at A_NEXTPC when the block ends (the dispatcher, tier.ts, runs the next translated
// block), or an exit code with the state at an instruction boundary:
//   EXIT_LIMIT  the block does not fit under the instruction limit (nothing ran)
//   EXIT_EVENT  cycles reached eventAt after an instruction (a timer, an interrupt, a limit)
//   EXIT_SLOW   the next instruction needs the JavaScript core (a peripheral or unmapped
//               address, an unaligned access, a store to memory holding decoded code); it has
//               not run
// and on every exit the cycle model's record of the last instruction it ran (A_PREV*).
//
// The timing mirrors runFolded (runner.ts), itself a folded copy of M4CycleModel.retire():
// the same Step facts (base cost, the load/store pipeline rules against the previous
// instruction, precomputed when the block was made), the ART's fetch of each new unit and
// flash data reads through the JavaScript ART model (imported functions), the refill of a
// taken branch. The translator runs only where runFolded would fold (the M4 model, no retire
// observer: BlockCache), and like it only when the model's source matches REF_HASH.
import type { Step } from '../runner.ts';
import * as W from './writer.ts';
import type { WasmFunction } from './writer.ts';
import type { Gen } from './gen.ts';
import * as G from './gen.ts';
import * as A from './arena.ts';
import { FORMS, IT_NOFLAGS, isIndirect, type Form } from './forms.ts';
import { MEM_BASE, MEM_PER_N } from '../../energy/meter.ts';
// (module constants: imported bindings are read through a getter at every use under tsx)
const { EMPTY, F64, I32, OP, f64Bytes, memarg, sleb, pushF64Const } = W;
const { LOCALS, L_C, L_CYC, L_DW, L_EA, L_EV, L_ST, L_T, L_W, L_X, L_Y, L_K, L_LIN } = G;
const { A_MW, A_CC, A_CYC, A_END, A_EVENTAT, A_INSTRET, A_NEXTPC, A_PREVCLS, A_PREVCMP, A_PREVPC, A_PREVW, A_ARTCUR, A_ST, A_PAGE_F, ST_FETCH, ST_ADDR, ST_AFTERSTORE, ST_REFILL, ST_FPLAT, A_FPDEST, A_FPREADY, ST_DIV, A_AUX, A_EA, A_CCS, A_IT, A_LASTPC } = A;

/** data words an instruction moves, as the energy meter counts them */
function memWords(cls: number, n: number): number {
  return MEM_BASE[cls] + MEM_PER_N[cls] * n;
}

export const EXIT_CONTINUE = 0;
export const EXIT_NOBLOCK = 1;
export const EXIT_EVENT = 2;
export const EXIT_LIMIT = 3;
export const EXIT_SLOW = 4;

// imported functions (indices in every block module)
// imported JavaScript functions: the ART model's fetchUnit(unit i32, now f64) -> stall f64
// (the stall counted) and data(off i32, t f64) -> stall f64, and refill(next i32, base i32)
// -> cycles f64 (the M4 refill rule, counted)
export const I_FETCH = 0;
export const I_DATA = 1;
export const F_REFILL = 2;
// the module's own functions: leave (leaveFunction), and the ART's common cases (art.ts):
// fetch(unit i32, now f64) -> stall f64 and data(lin i32, t f64, words i32) -> stall f64
export const F_LEAVE = 3;
export const F_FETCH = 4;
export const F_DATA = 5;

// Cls values (module constants, as in runner.ts)
const C_ALU = 0;
const C_LOAD = 4;
const C_STORE = 5;
const C_EXCL = 11;
// Step.dyn
const D_NONE = 0;
const D_MEM = 1;
const D_DIV = 2;
const D_FP = 3;

/** The timing numbers a translation folds in (M4CycleModel's profile section). */
export interface WasmTiming {
  loadPipelined: number;
  storeRegOffset: number;
  addressDependency: number;
  afterStore: number;
  divMin: number;
  divMax: number;
  divBitsPerCycle: number;
  /** cycles of an IT-block instruction that is not executed */
  skipped: number;
}

function f64c(b: number[], x: number): void {
  pushF64Const(b, x);
}

/** f64 slot += x (a constant) */
function addSlot(b: number[], addr: number, x: number): void {
  b.push(OP.i32_const, 0, OP.i32_const, 0, OP.f64_load, ...memarg(3, addr));
  f64c(b, x);
  b.push(OP.f64_add, OP.f64_store, ...memarg(3, addr));
}

/** f64 slot += local l */
function addSlotLocal(b: number[], addr: number, l: number): void {
  b.push(OP.i32_const, 0, OP.i32_const, 0, OP.f64_load, ...memarg(3, addr), OP.local_get, l, OP.f64_add, OP.f64_store, ...memarg(3, addr));
}

/** The form of a step, or null if it is not translated. */
export function formOf(s: Step): Form | null {
  let f = s.wasmForm as Form | null | undefined;
  if (f === undefined) f = s.wasmForm = findForm(s);
  // (a direct branch whose refill is not known: Step.tgt is made again when code changes)
  if (f !== null && (f.taken !== undefined || f.always === true) && s.tgt < 0) return null;
  return f;
}

function findForm(s: Step): Form | null {
  const f = FORMS.get(s.exec);
  if (f === undefined) return null;
  if (f.ok !== undefined && !f.ok(s.op)) return null;
  return f;
}

/** How many of the block's first steps translate. */
export function translatable(steps: Step[]): number {
  let n = 0;
  let it = 0;
  while (n < steps.length) {
    const s = steps[n];
    const f = formOf(s);
    if (f === null) break;
    if (it !== 0) {
      // inside an IT block: no branches, no IT, nothing UNPREDICTABLE there
      if (f.taken !== undefined || f.always === true || isIndirect(f, s.op) || f.it === true || f.notInIT === true) break;
      it = (it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
    } else if (f.it === true) it = s.op.imm;
    n++;
    // (the block ends at an unconditional or computed branch)
    if (f.always === true || isIndirect(f, s.op)) break;
  }
  return n;
}

/** Room an exit site's record takes in the arena's exit-record area (ExitRecords). */
export interface ExitRecords {
  /** stores the i32 words of one record; returns its linear address, or -1 when full */
  put(words: number[]): number;
}

/** An upper bound of the cycles one step can take on any path: its base cost or the
 * pipelined/register-offset alternatives, the stalls, a refill, and for every fetch unit and
 * flash data word the longest flash stall (a read waits at most for the array to finish a
 * read of LATENCY <= 15 wait states, then its own: 64 is well above), the FP latency. */
function boundOf(s: Step, T: WasmTiming): number {
  const c = Math.max(s.cost, T.loadPipelined, T.storeRegOffset);
  return c + T.addressDependency + T.afterStore + s.refill + s.tgtRefill + 4 + 64 * (2 + s.words) + 32;
}

/**
 * The block function of the first `n` steps (translatable(steps) >= n >= 1): () -> i32.
 * Its exits call the module's leave function (leaveFunction) with a record in the arena's
 * exit-record area (`records`); null if that area is full.
 *
 * Cycles: the constant part of each instruction's cost is summed while translating
 * (`pending`) and added where the cycle count is read (an ART fetch, a flash data read, FP
 * latency, an exit), so straight-line code adds nothing at run time. Events: the block runs
 * only if its cycles cannot reach eventAt (an upper bound, boundOf, checked on entry); else it
 * leaves at once and the runner, which checks after every instruction, runs it.
 */
export function translateBlock(steps: Step[], n: number, T: WasmTiming, type: number, records: ExitRecords): WasmFunction | null {
  const g = new G.Gen();
  const b = g.b;
  // the prefix sums of what the exit records count: classes, data words, static stalls
  let full = false;
  // (IT-block instructions, and the load/store rules after them, are counted as they run)
  const recordOf = (k: number, refill: number): number => {
    const cls = new Map<number, number>();
    let words = 0;
    let dep = 0;
    let after = 0;
    for (let i = 0; i < k; i++) {
      const s = steps[i];
      if (itAt[i] !== 0) continue;
      cls.set(s.cls, (cls.get(s.cls) ?? 0) + 1);
      words += memWords(s.cls, s.op.n);
      if (!dynPrev[i] && s.dyn === D_MEM) {
        dep += s.lDep;
        after += s.lStore;
      }
    }
    const p = k > 0 ? steps[k - 1] : null;
    // the model's record of step k-1: set as it ran if it was conditional (prev pc -2)
    const cond = k > 0 && itAt[k - 1] !== 0;
    const w = [k, p?.cls ?? 0, p?.writes ?? 0, p?.isCmp ? 1 : 0, cond ? -2 : (p?.op.pc ?? -1), words, dep, after, refill, p?.op.pc ?? -1, itAt[k] ?? 0, cls.size];
    for (const [c, m] of cls) w.push(c, m);
    const at = records.put(w);
    if (at < 0) full = true;
    return at;
  };
  // an exit after k steps: leave(cycles, record, next pc, code); `pending` cycles not yet in L_CYC
  const leave = (k: number, pending: number, next: number | 'T', code: number, refill = 0) => {
    b.push(OP.local_get, L_CYC);
    if (pending !== 0) {
      f64c(b, pending);
      b.push(OP.f64_add);
    }
    g.i32(recordOf(k, refill));
    if (next === 'T') g.get(L_T);
    else g.i32(next);
    b.push(OP.i32_const, code, OP.call, F_LEAVE, OP.return);
  };
  // ITSTATE before each step (0: not in an IT block) and whether the model's record of the
  // instruction before it is known only at run time (the first step, and after a conditional
  // one)
  const itAt: number[] = [];
  const dynPrev: boolean[] = [];
  {
    let it = 0;
    for (let j = 0; j <= n; j++) {
      itAt.push(it);
      dynPrev.push(j === 0 || (j > 0 && itAt[j - 1] !== 0));
      if (j === n) break;
      const f = formOf(steps[j])!;
      if (it !== 0) it = (it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
      else if (f.it === true) it = steps[j].op.imm;
    }
  }
  // the instruction limit: the whole translated prefix must fit
  b.push(OP.i32_const, 0, OP.f64_load, ...memarg(3, A_INSTRET));
  f64c(b, n);
  b.push(OP.f64_add, OP.i32_const, 0, OP.f64_load, ...memarg(3, A_END), OP.f64_gt, OP.if, EMPTY, OP.i32_const, EXIT_LIMIT, OP.return, OP.end);
  // an event within reach: the runner runs the block
  let bound = 0;
  for (let j = 0; j < n; j++) bound += boundOf(steps[j], T);
  b.push(OP.i32_const, 0, OP.f64_load, ...memarg(3, A_CYC), OP.local_tee, L_CYC);
  f64c(b, bound);
  b.push(OP.f64_add, OP.i32_const, 0, OP.f64_load, ...memarg(3, A_EVENTAT), OP.f64_ge, OP.if, EMPTY, OP.i32_const, EXIT_EVENT, OP.return, OP.end);
  let pending = 0;
  // the cycle count now (L_CYC + pending) onto the stack; the pending cycles into L_CYC
  const pushNow = () => {
    b.push(OP.local_get, L_CYC);
    if (pending !== 0) {
      f64c(b, pending);
      b.push(OP.f64_add);
    }
  };
  const flushPending = () => {
    if (pending === 0) return;
    pushNow();
    b.push(OP.local_set, L_CYC);
    pending = 0;
  };
  // the ART's current unit after the instructions so far (-1: not known here)
  let knownUnit = -1;
  for (let j = 0; j < n; j++) {
    const s = steps[j];
    const op = s.op;
    const form = formOf(s)!;
    g.op = op;
    g.j = j;
    const cond = itAt[j] !== 0;
    if (cond) {
      // an IT-block instruction: ConditionPassed into L_K; the constant cycles so far into
      // L_CYC (the two paths differ from here)
      flushPending();
      g.cond(itAt[j] >>> 4);
      b.push(OP.local_tee, L_K, OP.if, EMPTY);
    }
    const atStart = pending;
    g.slow = () => leave(j, atStart, op.pc, EXIT_SLOW);
    // ---- semantics (a branch: its condition, below); inside an IT block the 16-bit
    // data-processing instructions set no flags ----
    g.noFlags = cond && IT_NOFLAGS.has(s.exec);
    if (form.sem !== undefined) form.sem(g, op);
    g.noFlags = false;
    if (cond) b.push(OP.end);
    // ---- timing: runFolded's fold of M4CycleModel.retire() ----
    // instruction fetch: the ART model in JavaScript (which also counts the stall) for a new
    // unit; its current unit is mirrored in the arena. The stall goes into L_CYC at once.
    // (a unit the instruction before fetched is the current one: nothing to check)
    if (s.u1 >= 0) {
      for (const u of s.u2 >= 0 ? [s.u1, s.u2] : [s.u1]) {
        if (u === knownUnit) continue;
        b.push(OP.i32_const, 0, OP.i32_load, ...memarg(2, A_ARTCUR), OP.i32_const, ...sleb(u), OP.i32_ne, OP.if, EMPTY);
        b.push(OP.local_get, L_CYC, OP.i32_const, ...sleb(u));
        pushNow();
        b.push(OP.call, F_FETCH, OP.f64_add, OP.local_set, L_CYC, OP.end);
        knownUnit = u;
      }
    }
    if (cond) {
      // executed: the folded timing below, with the record as it is at run time, counted as
      // it runs; skipped: the model's `skipped` cycles, and the record says so (no class,
      // no registers written; its instruction stays the one before)
      b.push(OP.local_get, L_K, OP.if, EMPTY);
      addSlot(b, A_CC + 8 * s.cls, 1);
      const words = memWords(s.cls, op.n);
      if (words !== 0) addSlot(b, A_MW, words);
    }
    const dyn = dynPrev[j];
    if (s.dyn === D_MEM) {
      let stall = 0;
      if (!dyn) {
        if (s.lc < 0) throw new Error('wasm translator: a load/store step was not linked');
        stall = s.lDep + s.lStore;
      } else firstMemRules(g, s, T);
      // a flash data read through the ART (its stall counted there), issued at now + w + st + 1
      if (s.words !== 0) {
        b.push(OP.local_get, L_EA, OP.i32_const, 16, OP.i32_shr_u, OP.i32_load8_u, ...memarg(0, A_PAGE_F), OP.if, EMPTY);
        b.push(OP.local_get, L_CYC, OP.local_get, L_LIN, OP.local_get, L_CYC);
        f64c(b, pending + stall + 1);
        b.push(OP.f64_add);
        if (dyn) b.push(OP.local_get, L_ST, OP.f64_add);
        b.push(OP.i32_const, ...sleb(s.words), OP.call, F_DATA, OP.f64_add, OP.local_set, L_CYC, OP.end);
      }
      if (dyn) b.push(OP.local_get, L_CYC, OP.local_get, L_C, OP.f64_add, OP.local_get, L_ST, OP.f64_add, OP.local_set, L_CYC);
      else pending += s.lc + stall;
    } else if (s.dyn === D_FP) {
      // FP result latency: a stall while a register this instruction uses waits for an earlier
      // FP instruction's result (the model's record: FPDEST, FPREADY); then this
      // instruction's result is the record. now + w = L_CYC + pending.
      const uses = [s.fpA, s.fpB, s.fpC].filter((r) => r >= 0);
      if (uses.length > 0) {
        pushNow();
        b.push(OP.local_set, L_DW);
        b.push(OP.i32_const, 0, OP.i32_load, ...memarg(2, A_FPDEST), OP.local_tee, L_X, OP.i32_const, 0, OP.i32_ge_s);
        b.push(OP.i32_const, 0, OP.f64_load, ...memarg(3, A_FPREADY), OP.local_get, L_DW, OP.f64_gt, OP.i32_and);
        uses.forEach((r, i) => {
          b.push(OP.local_get, L_X, OP.i32_const, ...sleb(r), OP.i32_eq);
          if (i > 0) b.push(OP.i32_or);
        });
        b.push(OP.i32_and, OP.if, EMPTY);
        b.push(OP.i32_const, 0, OP.f64_load, ...memarg(3, A_FPREADY), OP.local_get, L_DW, OP.f64_sub, OP.local_set, L_ST);
        addSlotLocal(b, A_ST + 8 * ST_FPLAT, L_ST);
        b.push(OP.local_get, L_CYC, OP.local_get, L_ST, OP.f64_add, OP.local_set, L_CYC);
        b.push(OP.end);
      }
      if (s.lat >= 0) {
        g.store32(A_FPDEST, () => g.i32(op.a));
        b.push(OP.i32_const, 0, OP.local_get, L_CYC);
        f64c(b, pending + s.lat);
        b.push(OP.f64_add, OP.f64_store, ...memarg(3, A_FPREADY));
      }
      pending += s.cost;
    } else if (s.dyn === D_DIV) {
      // early termination (the form left |dividend| in A_EA and |divisor| in A_AUX): with a
      // divisor <= dividend, divMin + ceil(quotient bits / divBitsPerCycle), at most divMax,
      // replaces the base cost
      b.push(OP.i32_const, 0, OP.i32_load, ...memarg(2, A_AUX), OP.local_tee, L_Y, OP.i32_const, 0, OP.i32_ne);
      b.push(OP.i32_const, 0, OP.i32_load, ...memarg(2, A_EA), OP.local_tee, L_X, OP.local_get, L_Y, OP.i32_ge_u, OP.i32_and, OP.if, EMPTY);
      b.push(OP.local_get, L_Y, OP.i32_clz, OP.local_get, L_X, OP.i32_clz, OP.i32_sub, OP.i32_const, 1, OP.i32_add, OP.f64_convert_i32_s);
      f64c(b, T.divBitsPerCycle);
      b.push(OP.f64_div, OP.f64_ceil);
      f64c(b, T.divMin);
      b.push(OP.f64_add, OP.local_tee, L_C);
      f64c(b, T.divMax);
      b.push(OP.f64_gt, OP.if, EMPTY);
      f64c(b, T.divMax);
      b.push(OP.local_set, L_C, OP.end);
      // divideExtra += c - divMin; cycles += c - base
      b.push(OP.local_get, L_C);
      f64c(b, T.divMin);
      b.push(OP.f64_sub, OP.local_set, L_ST);
      addSlotLocal(b, A_ST + 8 * ST_DIV, L_ST);
      b.push(OP.local_get, L_CYC, OP.local_get, L_C, OP.f64_add);
      f64c(b, s.cost);
      b.push(OP.f64_sub, OP.local_set, L_CYC, OP.end);
      pending += s.cost;
    } else pending += s.cost;
    if (cond) {
      flushPending();
      g.store32(A_PREVCLS, () => g.i32(s.cls));
      g.store32(A_PREVW, () => g.i32(s.writes));
      g.store32(A_PREVCMP, () => g.i32(s.isCmp ? 1 : 0));
      g.store32(A_PREVPC, () => g.i32(op.pc));
      b.push(OP.else);
      b.push(OP.local_get, L_CYC);
      f64c(b, T.skipped);
      b.push(OP.f64_add, OP.local_set, L_CYC);
      addSlot(b, A_CCS + 8 * s.cls, 1);
      g.store32(A_PREVCLS, () => g.i32(-1));
      g.store32(A_PREVW, () => g.i32(0));
      b.push(OP.end);
    }
    if ((form.taken !== undefined || form.always === true) && s.tgt !== s.fall) {
      // a direct branch: taken (its refill, and the block ends there) or not (a branch to the
      // next instruction is neither: no refill, the model sees the fall-through)
      if (form.always === true) {
        leave(j + 1, pending + s.tgtRefill, s.tgt, EXIT_CONTINUE, s.tgtRefill);
        break;
      }
      form.taken!(g, op);
      b.push(OP.if, EMPTY);
      leave(j + 1, pending + s.tgtRefill, s.tgt, EXIT_CONTINUE, s.tgtRefill);
      b.push(OP.end);
    } else if (isIndirect(form, op)) {
      // a computed branch (BX, POP {pc}, ...): the new pc in L_T; the refill if it is not the
      // fall-through (the model's rule, in JavaScript: it reads the code at the target, and
      // counts the refill)
      b.push(OP.local_get, L_T, OP.i32_const, ...sleb(s.fall), OP.i32_ne, OP.if, EMPTY);
      b.push(OP.local_get, L_CYC, OP.local_get, L_T, OP.i32_const, ...sleb(s.refill), OP.call, F_REFILL, OP.f64_add, OP.local_set, L_CYC, OP.end);
      leave(j + 1, pending, 'T', EXIT_CONTINUE);
      break;
    }
    if (j === n - 1) leave(n, pending, s.fall, EXIT_CONTINUE);
  }
  // (every path returns; the validator needs a value at the end of the body)
  b.push(OP.unreachable);
  return full ? null : { type, locals: LOCALS, body: b };
}

/** The leave function every block module has (index F_LEAVE): (cycles f64, record i32, next
 * pc i32, code i32) -> code. Stores the cycles and the next pc; from the exit record (k,
 * the model's record of step k-1, data words, stalls, refill, counts by class) adds k to
 * instret and the counts and stalls to the arena's slots (tier.ts moves them to the model
 * and the meter when the tier exits). */
export function leaveFunction(type: number): WasmFunction {
  const b: number[] = [];
  const P_CYC = 0;
  const P_REC = 1;
  const P_NEXT = 2;
  const P_CODE = 3;
  const L_K = 4;
  const L_P = 5;
  const L_N = 6;
  const rec = (off: number) => [OP.local_get, P_REC, OP.i32_load, ...memarg(2, off)];
  const addTo = (slot: number, value: number[]) => b.push(OP.i32_const, 0, OP.i32_const, 0, OP.f64_load, ...memarg(3, slot), ...value, OP.f64_convert_i32_s, OP.f64_add, OP.f64_store, ...memarg(3, slot));
  b.push(OP.i32_const, 0, OP.local_get, P_CYC, OP.f64_store, ...memarg(3, A_CYC));
  b.push(OP.i32_const, 0, OP.local_get, P_NEXT, OP.i32_store, ...memarg(2, A_NEXTPC));
  b.push(OP.i32_const, 0, ...rec(40), OP.i32_store, ...memarg(2, A_IT));
  b.push(...rec(0), OP.local_tee, L_K, OP.if, EMPTY);
  addTo(A_INSTRET, [OP.local_get, L_K]);
  b.push(OP.i32_const, 0, ...rec(36), OP.i32_store, ...memarg(2, A_LASTPC));
  // the model's record (unless the instruction was conditional: set as it ran)
  b.push(...rec(16), OP.i32_const, ...sleb(-2), OP.i32_ne, OP.if, EMPTY);
  b.push(OP.i32_const, 0, ...rec(4), OP.i32_store, ...memarg(2, A_PREVCLS));
  b.push(OP.i32_const, 0, ...rec(8), OP.i32_store, ...memarg(2, A_PREVW));
  b.push(OP.i32_const, 0, ...rec(12), OP.i32_store, ...memarg(2, A_PREVCMP));
  b.push(OP.i32_const, 0, ...rec(16), OP.i32_store, ...memarg(2, A_PREVPC));
  b.push(OP.end);
  addTo(A_MW, rec(20));
  addTo(A_ST + 8 * ST_ADDR, rec(24));
  addTo(A_ST + 8 * ST_AFTERSTORE, rec(28));
  addTo(A_ST + 8 * ST_REFILL, rec(32));
  // the class counts: pairs (cls, count) from offset 48
  b.push(...rec(44), OP.local_set, L_N, OP.local_get, P_REC, OP.i32_const, 48, OP.i32_add, OP.local_set, L_P);
  b.push(OP.block, EMPTY, OP.loop, EMPTY, OP.local_get, L_N, OP.i32_eqz, OP.br_if, 1);
  // CC[cls] += count: the slot address is A_CC + 8 * cls
  b.push(OP.local_get, L_P, OP.i32_load, ...memarg(2, 0), OP.i32_const, 3, OP.i32_shl, OP.local_tee, L_K);
  b.push(OP.local_get, L_K, OP.f64_load, ...memarg(3, A_CC), OP.local_get, L_P, OP.i32_load, ...memarg(2, 4), OP.f64_convert_i32_s, OP.f64_add, OP.f64_store, ...memarg(3, A_CC));
  b.push(OP.local_get, L_P, OP.i32_const, 8, OP.i32_add, OP.local_set, L_P);
  b.push(OP.local_get, L_N, OP.i32_const, 1, OP.i32_sub, OP.local_set, L_N, OP.br, 0, OP.end, OP.end);
  b.push(OP.end);
  b.push(OP.local_get, P_CODE);
  return { type, locals: [[3, I32]], body: b };
}

/** The load/store pipeline rules of a block's first instruction against the model's record of
 * the instruction before it (runFolded when the previous step is not known): L_C, L_ST. */
function firstMemRules(g: Gen, s: Step, T: WasmTiming): void {
  const b = g.b;
  const cls = s.cls;
  // dep = (prevWrites & addrRegs) != 0 && !(prevCls == ALU && prevIsCmp): in L_X
  g.load32(A_PREVW);
  g.i32(s.addrRegs);
  b.push(OP.i32_and, OP.i32_const, 0, OP.i32_ne);
  g.load32(A_PREVCLS);
  b.push(OP.i32_const, C_ALU, OP.i32_eq);
  g.load32(A_PREVCMP);
  b.push(OP.i32_and, OP.i32_eqz, OP.i32_and, OP.local_set, L_X);
  // afterLoad = prevCls == LOAD || prevCls == EXCL: in L_Y
  g.load32(A_PREVCLS);
  b.push(OP.i32_const, C_LOAD, OP.i32_eq);
  g.load32(A_PREVCLS);
  b.push(OP.i32_const, C_EXCL, OP.i32_eq, OP.i32_or, OP.local_set, L_Y);
  // the cost
  const pipelined = () => b.push(OP.local_get, L_Y, OP.local_get, L_X, OP.i32_eqz, OP.i32_and); // afterLoad && !dep
  if (cls === C_LOAD) {
    pipelined();
    b.push(OP.if, F64);
    f64c(b, T.loadPipelined);
    b.push(OP.else);
    f64c(b, s.cost);
    b.push(OP.end);
  } else if (s.regOffset) {
    pipelined();
    b.push(OP.if, F64);
    f64c(b, s.cost);
    b.push(OP.else);
    f64c(b, T.storeRegOffset);
    b.push(OP.end);
  } else f64c(b, s.cost);
  b.push(OP.local_set, L_C);
  f64c(b, 0);
  b.push(OP.local_set, L_ST);
  // the address dependency stall: dep && !(LOAD && afterLoad)
  b.push(OP.local_get, L_X);
  if (cls === C_LOAD) b.push(OP.local_get, L_Y, OP.i32_eqz, OP.i32_and);
  b.push(OP.if, EMPTY);
  f64c(b, T.addressDependency);
  b.push(OP.local_set, L_ST);
  addSlot(b, A_ST + 8 * ST_ADDR, T.addressDependency);
  b.push(OP.end);
  // after a store
  g.load32(A_PREVCLS);
  b.push(OP.i32_const, C_STORE, OP.i32_eq, OP.if, EMPTY, OP.local_get, L_ST);
  f64c(b, T.afterStore);
  b.push(OP.f64_add, OP.local_set, L_ST);
  addSlot(b, A_ST + 8 * ST_AFTERSTORE, T.afterStore);
  b.push(OP.end);
}

