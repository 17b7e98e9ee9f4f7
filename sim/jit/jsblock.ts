// Generated block functions with the instructions inlined (opt-in: M4SIM_JIT=inline, or
// BlockCache.inline). A block in flash that the runner (runner.ts) has run HOT_JS instructions
// of is compiled with new Function into JavaScript: each instruction's exec function body
// inlined with its operands as constants (inline.ts), the cycle model's static part as
// constants (the previous instruction is known inside the block), the dynamic part (flash
// fetch and data waits through the ART, load/store pipelining against the instruction before
// the block, unaligned and peripheral accesses, divide, FP result latency, branch refill) as
// code and calls of shared helpers. Cycles, instret, the per-class counts and the next PC live
// in locals and are written back when the block leaves; before an instruction that calls out
// of the inlined code (an exec that could not be inlined, anything that may read the core
// state, write the PC, raise an exception or stop the run) the core state is written back
// exactly as the interpreter would have it; a memory access writes back pc and cycles (a
// peripheral may read them). After such an instruction the block leaves if the PC changed, an
// exception or attention() request is due or the run stops. A branch to the block's start or
// to a branch target inside it loops inside the function (a switch with one case per entry)
// while nothing is due and the instruction limit allows a whole pass.
//
// Measured (docs/speed.md): in the steady state of integer code (cpubench) about 2-3x the
// runner; but V8 needs tens of milliseconds of TurboFan time per block on this shared
// machine, and until a block is optimised it runs in V8's interpreter, several times slower
// than the runner: on the u8 training firmware (many blocks, FP calls into the softfloat) the
// generated code is slower end to end, so the runner stays the default.
//
// Exactness: the same rules as runFolded (runner.ts): the block returns to the run loop after
// any instruction that the interpreter would have followed by something else than the next
// instruction of the block, when cycles reach eventAt, on a stop request; the model's own
// retire() times an instruction after which exception activity or an attention() request is
// seen; a fault thrown by an instruction leaves the interpreter's state (pc, nextPC, R[15],
// instret, cycles, the model's record of the previous instruction). The function returns 0 if
// the code changed (the block is dropped), 2 if it cannot run this entry (exception activity
// since the model last saw the core: the runner runs it) and 1 after running.
import type { Cpu, RetireObserver } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import type { MemRegion } from '../memory/bus.ts';
import { flashDataWait, isCompare, refillCycles, staticRefill, staticTarget, writesOf, type ArtInternals, type M4Internals } from './m4fold.ts';
import { HelperTable, inlineExec } from './inline.ts';
import { hex8 } from '../hex.ts';

const C_ALU = 0;
const C_DIV = 2;
const C_LOAD = 4;
const C_STORE = 5;
const C_LDRD = 6;
const C_STRD = 7;
const C_LDM = 8;
const C_STM = 9;
const C_TB = 10;
const C_EXCL = 11;
const C_FP = 15;
const C_FPMAC = 16;
const C_FPLOAD = 18;
const C_FPSTORE = 19;
const C_FPLDM = 20;
const C_FPSTM = 21;
const C_FPMOV = 22;

export type BlockFn = (cpu: Cpu, end: number) => number;

/** A generated block function with what its caller needs to finish a slow exit (16 + j: the
 * model's own retire() times instruction j, which has executed). */
export interface CompiledBlock {
  fn: BlockFn;
  ops: Op[];
  /** 1 for instructions entered by a branch inside the block (the model's record of the
   * previous instruction is already written) */
  entry: Uint8Array;
}

/** Statistics of the generator (bench, tests). */
export const jsStats = { blocks: 0, instructions: 0, inlined: 0, notInlined: new Map<string, number>() };

function isSimpleFp(op: Op): boolean {
  const m = op.mnem;
  return m === 'vabs' || m === 'vneg' || m === 'vmov' || m === 'vcmp' || m === 'vcmpe';
}

// ---- shared helpers of the generated code (one copy, so V8 optimises and warms them once
// for every block; a rarely taken path inside a generated function would cost a deoptimisation
// the first time it is taken) ----

/** Instruction fetch of flash read unit `u` at cycle `now` through the ART: the stall. */
export function fetchWait(A: ArtInternals, ST: Record<string, number>, u: number, now: number): number {
  if (A.cur === u) return 0;
  const w = A.fetchUnit(u, now);
  if (w !== 0) ST.fetchWait += w;
  return w;
}

/** True if the decode cache `ops` still holds the block's instructions `list` at `idx`. */
export function sameOps(ops: (Op | undefined)[], idx: Int32Array, list: Op[]): boolean {
  for (let j = 0; j < idx.length; j++) if (ops[idx[j]] !== list[j]) return false;
  return true;
}

/** Scratch results of prevRules (the stall part). */
export const T = { st: 0 };

/** The load/store rules against the instruction before the block (the model's record, read at
 * run time): returns the base cycles, leaves the stall in T.st. `kind`: 0 load, 1 store with a
 * register offset, 2 other. */
export function prevRules(M: M4Internals, addrRegs: number, kind: number, c: number): number {
  const p = M.p;
  let dep = (M.prevWrites & addrRegs) !== 0;
  if (dep && M.prevCls === C_ALU && M.prevOp !== null && isCompare(M.prevOp)) dep = false;
  const afterLoad = M.prevCls === C_LOAD || M.prevCls === C_EXCL;
  if (kind === 0) {
    if (afterLoad && !dep) c = p.loadPipelined;
  } else if (kind === 1 && !(afterLoad && !dep)) c = p.storeRegOffset;
  let st = 0;
  if (dep && !(kind === 0 && afterLoad)) {
    st += p.addressDependency;
    M.stats.addressDependency += p.addressDependency;
  }
  if (M.prevCls === C_STORE) {
    st += p.afterStore;
    M.stats.afterStore += p.afterStore;
  }
  T.st = st;
  return c;
}

/** The effective-address part of a load/store's timing when it is not a plain aligned SRAM
 * access: unaligned extra accesses (`unal` 0 word, 1 halfword, -1 none), flash data reads
 * through the ART (`words`, 0 for stores), peripheral accesses. `t` = now + fetch wait, `st`
 * the stall so far; returns the added stall plus data wait. */
export function eaTiming(M: M4Internals, ea: number, t: number, st: number, unal: number, words: number): number {
  const p = M.p;
  const ST = M.stats;
  let add = 0;
  if (unal >= 0 && (ea & 3) !== 0) {
    let u = 0;
    if (unal === 0) u = (ea & 1) !== 0 ? p.unalignedWordOdd : p.unalignedWordHalf;
    else if ((ea & 1) !== 0) u = p.unalignedHalf;
    add += u;
    ST.unaligned += u;
  }
  const k = M.pageKind[ea >>> 16];
  if (k === 1) {
    if (words !== 0 && M.art !== null) add += flashDataWait(M, ea, t + st + add + 1, words);
  } else if (k === 2) {
    add += p.peripheralAccess;
    ST.peripheral += p.peripheralAccess;
  }
  return add;
}

/** The extra divide cycles (early termination) of SDIV/UDIV (cpu.ea = |n|, cpu.aux = |d|). */
export function divExtra(M: M4Internals, n: number, d: number): number {
  const p = M.p;
  if (d === 0 || n < d) return 0;
  let q = p.divMin + Math.ceil((Math.clz32(d) - Math.clz32(n) + 1) / p.divBitsPerCycle);
  if (q > p.divMax) q = p.divMax;
  M.stats.divideExtra += q - p.divMin;
  return q - p.divMin;
}

/** FP result latency: the stall of an FP instruction reading `a`/`b`/`c` (-1 unused) that
 * starts at `start`, and the new pending result (`dest`, `lat`; lat < 0: none). */
export function fpTiming(M: M4Internals, start: number, a: number, b: number, c: number, dest: number, lat: number): number {
  const fd = M.fpDest;
  let st = 0;
  if (fd >= 0 && M.fpReadyAt > start && (fd === a || fd === b || fd === c)) {
    st = M.fpReadyAt - start;
    M.stats.fpLatency += st;
  }
  if (lat >= 0) {
    M.fpDest = dest;
    M.fpReadyAt = start + st + lat;
  }
  return st;
}

/**
 * Code for the cycles of `op` (just executed; `prev` the instruction before it in the block, or
 * null: the model's record is read at run time). Adds them to $cyc and leaves them in $c. `pcw`:
 * the instruction may write the PC ($nx is the next pc). `knownUnit`: the flash unit the ART's
 * fetch stage is known to be on (-1: unknown).
 */
function timing(M: M4Internals, op: Op, prev: Op | null, pcw: boolean, knownUnit: number, refill: [number, number] | null): string {
  const p = M.p;
  const cls = op.cls as number;
  const out: string[] = [`$n${cls}++;`];
  const art = M.art;
  const fb = M.flashBase[op.pc >>> 16];
  // fetch wait: $w
  let w = '0';
  if (art !== null && fb >= 0) {
    const off = op.pc - fb;
    const u1 = off >>> art.shift;
    const parts: string[] = [];
    if (u1 !== knownUnit) parts.push(`$w = A.cur === ${u1} ? 0 : FW(A, ST, ${u1}, $cyc);`);
    if (op.size === 4) {
      const u2 = (off + 2) >>> art.shift;
      if (u2 !== u1) {
        if (parts.length === 0) parts.push('$w = 0;');
        parts.push(`if (A.cur !== ${u2}) $w += FW(A, ST, ${u2}, $cyc + $w);`);
      }
    }
    if (parts.length > 0) {
      out.push(...parts);
      w = '$w';
    }
  }
  let c = M.base[cls];
  let stall = 0;
  const dyn: string[] = [];
  let cExpr = '';
  let stExpr = '';
  if (M.memCls[cls] !== 0) {
    const single = cls === C_LOAD || cls === C_STORE;
    const regOffset = single && (op.d & 15) === 3;
    const addrRegs = (1 << op.b) | (regOffset || cls === C_TB ? 1 << op.c : 0);
    switch (cls) {
      case C_LDM:
      case C_STM:
      case C_FPLDM:
      case C_FPSTM:
        c += op.n;
        break;
      case C_FPLOAD:
      case C_FPSTORE:
        c += op.n - 1;
        break;
    }
    if (prev !== null) {
      const prevCls = prev.cls as number;
      let dep = (writesOf(prev) & addrRegs) !== 0;
      if (dep && prevCls === C_ALU && isCompare(prev)) dep = false;
      const afterLoad = prevCls === C_LOAD || prevCls === C_EXCL;
      if (cls === C_LOAD && afterLoad && !dep) c = p.loadPipelined;
      else if (cls === C_STORE && regOffset && !(afterLoad && !dep)) c = p.storeRegOffset;
      if (dep && !(cls === C_LOAD && afterLoad)) {
        stall += p.addressDependency;
        if (p.addressDependency !== 0) dyn.push(`ST.addressDependency += ${p.addressDependency};`);
      }
      if (prevCls === C_STORE) {
        stall += p.afterStore;
        if (p.afterStore !== 0) dyn.push(`ST.afterStore += ${p.afterStore};`);
      }
    } else {
      // the previous instruction ran before: the same rules at run time
      const kind = cls === C_LOAD ? 0 : cls === C_STORE && regOffset ? 1 : 2;
      dyn.push(`$c = PR(M, ${addrRegs}, ${kind}, ${c}); $st = T.st;`);
      cExpr = '$c';
      stExpr = '$st';
    }
    const kind = op.d >>> 4;
    const unal = single ? (kind === 0 ? 0 : kind <= 2 ? 1 : -1) : -1;
    const storeish = cls === C_STORE || cls === C_STRD || cls === C_STM || cls === C_FPSTORE || cls === C_FPSTM;
    const words = art !== null && !storeish ? (cls === C_LDM || cls === C_FPLDM || cls === C_FPLOAD ? op.n : cls === C_LDRD ? 2 : 1) : 0;
    const st0 = stExpr === '' ? String(stall) : stExpr;
    // unaligned, flash or peripheral data (PK: 0 SRAM): the shared helper
    const test = unal >= 0 ? '(($ea & 3) | PK[$ea >>> 16])' : 'PK[$ea >>> 16]';
    dyn.push(`$ea = cpu.ea >>> 0; $dw = ${test} !== 0 ? EA(M, $ea, $cyc + ${w}, ${st0}, ${unal}, ${words}) : 0;`);
    stExpr = stExpr === '' ? (stall !== 0 ? `${stall} + $dw` : '$dw') : '$st + $dw';
  } else if (cls === C_DIV) {
    dyn.push('$dw = DIV(M, cpu.ea >>> 0, cpu.aux >>> 0);');
    stExpr = '$dw';
  } else if (cls >= C_FP && cls <= C_FPMOV) {
    let a = -1;
    let b = -1;
    let cc = -1;
    if (cls === C_FPMAC) {
      a = op.a;
      b = op.b;
      cc = op.c;
    } else if (cls === C_FPMOV) b = op.b;
    else {
      b = op.b;
      cc = op.c;
    }
    let lat = -1;
    if (cls === C_FPMOV) {
      if (op.n > 1) c += (op.n - 1) * p.fpMov;
    } else if (cls === C_FP) lat = isSimpleFp(op) ? p.fpLatencySimple : p.fpLatency;
    else lat = cls === C_FPMAC ? p.fpMacLatency : p.fpDivLatency;
    dyn.push(`$dw = FPT(M, $cyc + ${w}, ${a}, ${b}, ${cc}, ${op.a}, ${lat});`);
    stExpr = '$dw';
  }
  out.push(...dyn);
  let sum = cExpr === '' ? String(c + (stExpr === '' ? stall : 0)) : cExpr;
  if (stExpr !== '') sum += ` + ${stExpr}`;
  if (w !== '0') sum += ' + $w';
  out.push(`$c = ${sum};`);
  if (pcw) {
    const load = cls === C_LOAD || cls === C_LDM || cls === C_TB;
    const dynRefill = `$c += REFILL(M, ${load ? p.refillLoad : p.refill}, $nx, $BUS);`;
    if (refill !== null) out.push(`if ($nx !== ${(op.pc + op.size) >>> 0}) { if ($nx === ${refill[0]}) { $c += ${refill[1]}; ST.branchRefill += ${refill[1]}; } else ${dynRefill} }`);
    else out.push(`if ($nx !== ${(op.pc + op.size) >>> 0}) ${dynRefill}`);
  }
  out.push('$cyc += $c;');
  return out.join(' ');
}

/** What a generated function checks to know that the code it was made from is unchanged:
 * the region's invalidation count and the cache's epoch (advanced at every run, so debugger
 * breakpoints put into the decode cache between runs are seen). */
export interface CodeEpoch {
  epoch: number;
}

/**
 * Compiles the block `ops` (in flash region `r`) into a function, or returns null. `M` is the
 * folded model, `obs` the retire observer (called per instruction, as the interpreter does).
 */
export function compileBlock(cpu: Cpu, r: MemRegion, ops: Op[], M: M4Internals, obs: RetireObserver | null, helpers: HelperTable, cache: CodeEpoch): CompiledBlock | null {
  const n = ops.length;
  const L: string[] = [];
  const start = ops[0].pc >>> 0;
  const idx = ops.map((o) => (o.pc - r.base) >>> 1);
  const syncs: boolean[] = [];
  // entries: the block's start and the targets of its direct branches inside it (a loop)
  const index = new Map<number, number>();
  ops.forEach((o, j) => index.set(o.pc >>> 0, j));
  const entries = new Set<number>([0]);
  for (const o of ops) {
    const t = staticTarget(o);
    if (t >= 0 && index.has(t)) entries.add(index.get(t)!);
  }
  const rec = (j: number) => `M.prevCls = ${ops[j].cls}; M.prevWrites = ${writesOf(ops[j])}; M.prevOp = $O${j};`;
  let knownUnit = -1;
  const classes = new Set<number>();
  L.push('let $ver = -1, $ep = -1;');
  L.push('return function block(cpu, end) {');
  L.push('  if (REG.version !== $ver || CACHE.epoch !== $ep) { if (!SAME(OPS, IDX, OA)) return 0; $ver = REG.version; $ep = CACHE.epoch; }');
  L.push('  if (X.entries + X.returns + X.tailChains + X.lazySaves !== M.excSeen) return 2;');
  L.push('  let $cyc = cpu.cycles, $EA = cpu.eventAt, $ic = cpu.instret, $J = 0, $nx = 0, $w = 0, $st = 0, $dw = 0, $ea = 0, $c = 0, $E = 0, $why = 1;');
  const localsAt = L.length;
  L.push('  try {');
  L.push('   for (;;) {');
  L.push('    $X: switch ($E) {');
  for (let j = 0; j < n; j++) {
    const o = ops[j];
    const pc = o.pc >>> 0;
    const fall = (o.pc + o.size) >>> 0;
    const last = j === n - 1;
    const entry = entries.has(j);
    if (entry) {
      // entered by a branch: the previous instruction is the model's record (written by the
      // fall-through path here and by the loop below)
      if (j > 0) L.push('     ' + rec(j - 1));
      L.push(`     case ${j}:`);
      knownUnit = -1;
    }
    const inl = inlineExec(o, j, helpers, `$L${j}`);
    jsStats.instructions++;
    let sync: boolean;
    let light = false;
    let fpc = false;
    let pcw: boolean;
    let throws: boolean;
    let readsPC: boolean;
    let body: string;
    if (inl !== null) {
      jsStats.inlined++;
      sync = inl.sync;
      // a memory access may reach a peripheral (which reads the cycle count and pc, may raise an
      // interrupt or stop the run); the FP check may preserve FP state (exception counters)
      light = !sync && (inl.memory || inl.fpCheck);
      fpc = inl.fpCheck;
      pcw = inl.writesPC;
      throws = inl.throws;
      readsPC = inl.readsPC;
      body = `$L${j}: {${inl.code}}`;
    } else {
      const k = o.exec.name || '(anonymous)';
      jsStats.notInlined.set(k, (jsStats.notInlined.get(k) ?? 0) + 1);
      sync = pcw = throws = readsPC = true;
      body = `$O${j}.exec(cpu, $O${j});`;
    }
    syncs.push(sync || light);
    L.push(`     // ${hex8(pc)} ${o.mnem}`);
    const pre: string[] = [];
    if (throws || sync || light) pre.push(`$J = ${j};`);
    if (light) pre.push(`cpu.pc = ${pc}; cpu.cycles = $cyc;`);
    if (sync) pre.push(`cpu.pc = ${pc}; cpu.nextPC = ${fall}; $R[15] = ${(pc + 4) >>> 0}; cpu.cycles = $cyc; cpu.instret = $ic + ${j};`);
    else {
      if (pcw) pre.push(`cpu.nextPC = ${fall};`);
      if (readsPC) pre.push(`$R[15] = ${(pc + 4) >>> 0};`);
    }
    if (pre.length > 0) L.push('     ' + pre.join(' '));
    L.push('     ' + body);
    const post: string[] = [];
    post.push(pcw ? '$nx = cpu.nextPC;' : `$nx = ${fall};`);
    if (sync) {
      // exception activity (an exception return, lazy FP preservation) or an attention()
      // request: the model's own retire() times this instruction (BlockCache.run, on the
      // returned 16 + j), then back to the run loop
      post.push(`if (cpu.eventAt === 0 || X.entries + X.returns + X.tailChains + X.lazySaves !== M.excSeen) { $J = ${j}; $why = ${16 + j}; break $X; }`);
      post.push('$cyc = cpu.cycles;');
    } else if (fpc) {
      post.push(`if (X.entries + X.returns + X.tailChains + X.lazySaves !== M.excSeen) { $J = ${j}; $why = ${16 + j}; break $X; }`);
    }
    L.push('     ' + post.join(' '));
    const pure = !sync && !light;
    L.push('     ' + timing(M, o, j > 0 && !entry ? ops[j - 1] : null, pcw, pure ? knownUnit : -1, staticRefill(M, o, r)));
    knownUnit = lastUnit(M, o);
    classes.add(o.cls as number);
    if (obs !== null) {
      L.push(`     CC[${o.cls}] += $n${o.cls}; $n${o.cls} = 0; cpu.cycles = $cyc; cpu.pc = $nx; cpu.nextPC = $nx; cpu.instret = $ic + ${j + 1}; $R[15] = ${(pc + 4) >>> 0}; ${rec(j)} OBS.retired(cpu, $O${j}, true, $c);`);
    }
    const exits: string[] = [];
    if (pcw) exits.push(`if ($nx !== ${fall}) { $J = ${j}; break $X; }`);
    if (sync || light) exits.push('$EA = cpu.eventAt; if (cpu.stop !== null) { $J = ' + j + '; break $X; }');
    if (!last) exits.push(`if ($cyc >= $EA) { $J = ${j}; break $X; }`);
    else exits.push(`$J = ${j};`);
    L.push('     ' + exits.join(' '));
  }
  L.push('    }');
  // a branch to an entry of this block with nothing due: run on here
  const cases = [...entries].map((k) => `case ${ops[k].pc >>> 0}: $E = ${k}; break;`).join(' ');
  L.push(`    if ($why !== 1 || $nx === ${(ops[n - 1].pc + ops[n - 1].size) >>> 0} || $cyc >= ($EA = cpu.eventAt) || cpu.stop !== null || cpu.itState !== 0) break;`);
  L.push(`    switch ($nx) { ${cases} default: $E = -1; }`);
  L.push(`    if ($E < 0 || $ic + $J + 1 + ${n} - $E > end) break;`);
  L.push('    $ic += $J + 1 - $E; M.prevCls = WC[$J]; M.prevWrites = WW[$J]; M.prevOp = OA[$J];');
  L.push('   }');
  L.splice(localsAt, 0, '  let ' + [...classes].map((k) => `$n${k} = 0`).join(', ') + ';');
  const flush = [...classes].map((k) => `CC[${k}] += $n${k};`).join(' ');
  L.push('  } catch (e) {');
  L.push(`    ${flush}`);
  L.push('    cpu.pc = PCS[$J]; cpu.nextPC = FALLS[$J]; $R[15] = PCS[$J] + 4; cpu.instret = $ic + $J; if (SYNCS[$J] === 0) cpu.cycles = $cyc;');
  L.push('    if ($J > 0 && ENTRY[$J] === 0) { M.prevCls = WC[$J - 1]; M.prevWrites = WW[$J - 1]; M.prevOp = OA[$J - 1]; }');
  L.push('    throw e;');
  L.push('  }');
  L.push(`  ${flush}`);
  L.push('  cpu.instret = $ic + $J + 1; cpu.pc = $nx; cpu.nextPC = $nx; $R[15] = PCS[$J] + 4;');
  L.push('  if ($why !== 1) return $why;');
  L.push('  cpu.cycles = $cyc; M.prevCls = WC[$J]; M.prevWrites = WW[$J]; M.prevOp = OA[$J];');
  L.push('  return 1;');
  L.push('};');
  const src = L.join('\n');
  const hs = helpers.values.map((_, i) => `$H${i}`);
  const os = ops.map((_, j) => `$O${j}`);
  const names = ['$R', '$SU', '$S', '$BUS', 'M', 'A', 'CC', 'ST', 'PK', 'X', 'FDW', 'FIC', 'REFILL', 'OPS', 'OA', 'WC', 'WW', 'PCS', 'FALLS', 'SYNCS', 'ENTRY', 'OBS', 'REG', 'CACHE', 'SAME', 'IDX', 'FW', 'PR', 'T', 'EA', 'DIV', 'FPT', ...os, ...hs];
  let factory: (...a: unknown[]) => BlockFn;
  try {
    factory = new Function(...names, src) as (...a: unknown[]) => BlockFn;
  } catch (e) {
    if (process.env.M4SIM_JIT_DEBUG) process.stderr.write(`jsblock: cannot compile block at ${hex8(start)}: ${(e as Error).message}\n${src}\n`);
    return null;
  }
  if (process.env.M4SIM_JIT_DEBUG === '2') process.stderr.write(src + '\n');
  jsStats.blocks++;
  const entry = Uint8Array.from(ops, (_, j) => (j > 0 && entries.has(j) ? 1 : 0));
  const fn = factory(
    cpu.R,
    cpu.SU,
    cpu.S,
    cpu.bus,
    M,
    M.art,
    M.classCount,
    M.stats,
    M.pageKind,
    cpu.exc,
    flashDataWait,
    isCompare,
    refillCycles,
    r.ops,
    ops,
    Int32Array.from(ops, (o) => o.cls as number),
    Int32Array.from(ops, writesOf),
    Float64Array.from(ops, (o) => o.pc >>> 0),
    Float64Array.from(ops, (o) => (o.pc + o.size) >>> 0),
    Uint8Array.from(syncs, (s) => (s ? 1 : 0)),
    entry,
    obs,
    r,
    cache,
    sameOps,
    Int32Array.from(idx),
    fetchWait,
    prevRules,
    T,
    eaTiming,
    divExtra,
    fpTiming,
    ...ops,
    ...helpers.values,
  );
  return { fn, ops, entry };
}

/** The flash read unit the ART's fetch stage is on after fetching `op` (-1: not in flash). */
function lastUnit(M: M4Internals, op: Op): number {
  const art = M.art;
  const fb = M.flashBase[op.pc >>> 16];
  if (art === null || fb < 0) return -1;
  return (op.pc + op.size - 2 - fb) >>> art.shift;
}

