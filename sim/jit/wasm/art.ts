// The ART model's common cases in WebAssembly, on its state in the arena (sim/timing/art.ts
// keeps its caches, prefetcher and statistics in typed arrays that the arena provides): an
// instruction fetch of a new unit that hits the I-cache (with the prefetcher's next read),
// and a flash data read that hits the D-cache, the model's loop over 64-bit units included.
// Anything else (a miss, a prefetch hit, a demand read) calls the JavaScript model, which
// finds the same state. Every block module gets these two functions (translate.ts: F_FETCH,
// F_DATA); the imported JavaScript functions stay behind them (I_FETCH, I_DATA).
//
// The code mirrors ArtAccelerator.fetchUnit()'s I-cache hit path and data()'s D-cache hit
// path, and M4CycleModel.retire()'s loop over data units; m4fold.ts's REF_HASH guard covers
// retire() and fetch(), and the equivalence tests (test/jit) compare every statistic.
import type { ArtAccelerator } from '../../timing/art.ts';
import * as ART from '../../timing/art.ts';
import * as W from './writer.ts';
import type { WasmFunction } from './writer.ts';
import * as A from './arena.ts';
// (module constants: imported bindings are read through a getter at every use under tsx)
const { S_FREEAT, S_PFREADY, S_PFUNIT, S_STATS } = ART;
const { EMPTY, F64, I32, OP, memarg, pushF64Const, sleb } = W;
const { A_ARTCFG, A_ARTCUR, A_ST, ST_DATAWAIT } = A;


/** bits of the arena's A_ARTCFG slot (FLASH_ACR as the tier found it on entry) */
export const CFG_ICACHE = 1;
export const CFG_PREFETCH = 2;
export const CFG_DCACHE = 4;
// (the wait states: A_ARTCFG >>> 8)

const ICACHE_HITS = S_STATS + 3;
const PREFETCH_READS = S_STATS + 1;
const DCACHE_HITS = S_STATS + 6;

/** Where the ART's state is in linear memory (null: not in the arena; then the functions
 * only call the JavaScript model). */
export interface ArtLayout {
  /** ArtAccelerator.st */
  st: number;
  ic: CacheLayout;
  dc: CacheLayout;
  /** the flash region's linear address (data offsets are from it) */
  flashLin: number;
}

interface CacheLayout {
  tick: number;
  tags: number;
  stamp: number;
  setMask: number;
  ways: number;
}

/** The layout of `art`'s state if it is in `memory`, else null. */
export function artLayout(art: ArtAccelerator, memory: WebAssembly.Memory, flashLin: number): ArtLayout | null {
  if (art.st.buffer !== memory.buffer) return null;
  const cache = (c: ArtAccelerator['ic']): CacheLayout => ({ tick: c.tick.byteOffset, tags: c.tags.byteOffset, stamp: c.stamp.byteOffset, setMask: c.setMask, ways: c.ways });
  return { st: art.st.byteOffset, ic: cache(art.ic), dc: cache(art.dc), flashLin };
}

function f64c(b: number[], x: number): void {
  pushF64Const(b, x);
}

/** st[i] += 1 */
function count(b: number[], L: ArtLayout, i: number): void {
  b.push(OP.i32_const, 0, OP.i32_const, 0, OP.f64_load, ...memarg(3, L.st + 8 * i));
  f64c(b, 1);
  b.push(OP.f64_add, OP.f64_store, ...memarg(3, L.st + 8 * i));
}

/** Emits: the entry of cache `c` holding the unit in local `unit` into local `at` (-1: none);
 * with `use`, it becomes the most recently used (stamp = ++tick, local `tick` a scratch). */
function lookup(b: number[], c: CacheLayout, unit: number, at: number, use: boolean, tick = -1): void {
  // at = base = (unit & setMask) * ways; scan ways entries
  b.push(OP.i32_const, ...sleb(-1), OP.local_set, at);
  b.push(OP.block, EMPTY);
  for (let w = 0; w < c.ways; w++) {
    // entry = (unit & setMask) * ways + w; its tag at tags + 4 * entry
    b.push(OP.local_get, unit, OP.i32_const, ...sleb(c.setMask), OP.i32_and, OP.i32_const, ...sleb(c.ways), OP.i32_mul, OP.i32_const, ...sleb(w), OP.i32_add, OP.local_tee, at);
    b.push(OP.i32_const, 2, OP.i32_shl, OP.i32_load, ...memarg(2, c.tags), OP.local_get, unit, OP.i32_eq, OP.br_if, 0);
  }
  b.push(OP.i32_const, ...sleb(-1), OP.local_set, at, OP.end);
  if (use) {
    b.push(OP.local_get, at, OP.i32_const, 0, OP.i32_ge_s, OP.if, EMPTY);
    // tick + 1 into tick and stamp[at]
    b.push(OP.local_get, at, OP.i32_const, 2, OP.i32_shl, OP.i32_const, 0, OP.i32_load, ...memarg(2, c.tick), OP.i32_const, 1, OP.i32_add, OP.local_tee, tick);
    b.push(OP.i32_store, ...memarg(2, c.stamp), OP.i32_const, 0, OP.local_get, tick, OP.i32_store, ...memarg(2, c.tick), OP.end);
  }
}

/**
 * fetch(unit i32, now f64) -> stall f64: ArtAccelerator.fetchUnit (the caller has found the
 * unit differs from the current one). `importFetch`: the imported JavaScript fetchUnit.
 */
export function fetchFunction(type: number, L: ArtLayout | null, importFetch: number): WasmFunction {
  const b: number[] = [];
  const P_UNIT = 0;
  const P_NOW = 1;
  const L_AT = 2;
  const L_CFG = 3;
  const L_NEXT = 4;
  const L_TICK = 5;
  // the current unit (the JavaScript model sets its own on a miss)
  b.push(OP.i32_const, 0, OP.local_get, P_UNIT, OP.i32_store, ...memarg(2, A_ARTCUR));
  if (L !== null) {
    b.push(OP.i32_const, 0, OP.i32_load, ...memarg(2, A_ARTCFG), OP.local_tee, L_CFG, OP.i32_const, CFG_ICACHE, OP.i32_and, OP.if, EMPTY);
    lookup(b, L.ic, P_UNIT, L_AT, true, L_TICK);
    b.push(OP.local_get, L_AT, OP.i32_const, 0, OP.i32_ge_s, OP.if, EMPTY);
    count(b, L, ICACHE_HITS);
    // the prefetcher: off, or the next unit (unless the I-cache holds it or it is being read)
    b.push(OP.local_get, L_CFG, OP.i32_const, CFG_PREFETCH, OP.i32_and, OP.i32_eqz, OP.if, EMPTY);
    b.push(OP.i32_const, 0);
    f64c(b, -1);
    b.push(OP.f64_store, ...memarg(3, L.st + 8 * S_PFUNIT), OP.else);
    b.push(OP.local_get, P_UNIT, OP.i32_const, 1, OP.i32_add, OP.local_tee, L_NEXT, OP.f64_convert_i32_s, OP.i32_const, 0, OP.f64_load, ...memarg(3, L.st + 8 * S_PFUNIT), OP.f64_ne, OP.if, EMPTY);
    lookup(b, L.ic, L_NEXT, L_AT, false);
    b.push(OP.local_get, L_AT, OP.i32_const, 0, OP.i32_ge_s, OP.if, EMPTY);
    b.push(OP.i32_const, 0);
    f64c(b, -1);
    b.push(OP.f64_store, ...memarg(3, L.st + 8 * S_PFUNIT), OP.else);
    // startPrefetch(next, now): start = max(freeAt, now + 1); ready at start + wait states
    b.push(OP.i32_const, 0, OP.local_get, L_NEXT, OP.f64_convert_i32_s, OP.f64_store, ...memarg(3, L.st + 8 * S_PFUNIT));
    b.push(OP.i32_const, 0, OP.i32_const, 0, OP.f64_load, ...memarg(3, L.st + 8 * S_FREEAT), OP.local_get, P_NOW);
    f64c(b, 1);
    b.push(OP.f64_add, OP.i32_const, 0, OP.f64_load, ...memarg(3, L.st + 8 * S_FREEAT), OP.local_get, P_NOW);
    f64c(b, 1);
    b.push(OP.f64_add, OP.f64_gt, OP.select);
    b.push(OP.local_get, L_CFG, OP.i32_const, 8, OP.i32_shr_u, OP.f64_convert_i32_s, OP.f64_add, OP.f64_store, ...memarg(3, L.st + 8 * S_PFREADY));
    count(b, L, PREFETCH_READS);
    b.push(OP.end, OP.end, OP.end);
    f64c(b, 0);
    b.push(OP.return, OP.end, OP.end);
  }
  b.push(OP.local_get, P_UNIT, OP.local_get, P_NOW, OP.call, importFetch);
  return { type, locals: [[4, I32]], body: b };
}

/**
 * data(lin i32, t f64, words i32) -> stall f64: M4CycleModel.retire()'s loop over the 64-bit
 * units of a flash data read at linear address `lin` (its flash offset: lin - flashLin),
 * each through ArtAccelerator.data (a D-cache hit here, anything else through the imported
 * JavaScript `data(off, t)`), the stall added to the model's dataWait (the arena's slot).
 */
export function dataFunction(type: number, L: ArtLayout | null, flashLin: number, importData: number): WasmFunction {
  const b: number[] = [];
  const P_LIN = 0;
  const P_T = 1;
  const P_WORDS = 2;
  const L_A = 3;
  const L_LAST = 4;
  const L_AT = 5;
  const L_UNIT = 6;
  const L_TICK = 7;
  const L_DW = 8; // f64
  const L_S = 9; // f64
  // a = off = lin - flashLin; last = off + 4 * words - 1
  b.push(OP.local_get, P_LIN, OP.i32_const, ...sleb(flashLin), OP.i32_sub, OP.local_tee, L_A, OP.local_get, P_WORDS, OP.i32_const, 2, OP.i32_shl, OP.i32_add, OP.i32_const, 1, OP.i32_sub, OP.local_set, L_LAST);
  b.push(OP.loop, EMPTY);
  // s = data(a, t)
  if (L !== null) {
    b.push(OP.i32_const, 0, OP.i32_load, ...memarg(2, A_ARTCFG), OP.i32_const, CFG_DCACHE, OP.i32_and, OP.if, F64);
    b.push(OP.local_get, L_A, OP.i32_const, 3, OP.i32_shr_u, OP.local_set, L_UNIT);
    lookup(b, L.dc, L_UNIT, L_AT, true, L_TICK);
    b.push(OP.local_get, L_AT, OP.i32_const, 0, OP.i32_ge_s, OP.if, F64);
    count(b, L, DCACHE_HITS);
    f64c(b, 0);
    b.push(OP.else, OP.local_get, L_A, OP.local_get, P_T, OP.call, importData, OP.end);
    b.push(OP.else, OP.local_get, L_A, OP.local_get, P_T, OP.call, importData, OP.end);
  } else b.push(OP.local_get, L_A, OP.local_get, P_T, OP.call, importData);
  b.push(OP.local_tee, L_S, OP.local_get, L_DW, OP.f64_add, OP.local_set, L_DW);
  // t += s + 1; the next unit ((a >>> 3) + 1) << 3, while not past the last byte
  b.push(OP.local_get, P_T, OP.local_get, L_S, OP.f64_add);
  f64c(b, 1);
  b.push(OP.f64_add, OP.local_set, P_T);
  b.push(OP.local_get, L_A, OP.i32_const, 3, OP.i32_shr_u, OP.i32_const, 1, OP.i32_add, OP.i32_const, 3, OP.i32_shl, OP.local_tee, L_A, OP.local_get, L_LAST, OP.i32_le_u, OP.br_if, 0, OP.end);
  // the model's dataWait
  b.push(OP.i32_const, 0, OP.i32_const, 0, OP.f64_load, ...memarg(3, A_ST + 8 * ST_DATAWAIT), OP.local_get, L_DW, OP.f64_add, OP.f64_store, ...memarg(3, A_ST + 8 * ST_DATAWAIT));
  b.push(OP.local_get, L_DW);
  return { type, locals: [[5, I32], [2, F64]], body: b };
}
