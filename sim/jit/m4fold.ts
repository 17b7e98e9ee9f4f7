// The static part of the Cortex-M4 cycle model (sim/timing/m4.ts) folded into compiled blocks.
// Inside a block the previous instruction is known when the block is compiled, so the
// pipeline effects between neighbours (load pipelining, address dependency, load/store after
// a store) and each class's base cost become constants; what stays dynamic is emitted as
// code: flash wait states and ART hits (the fetch unit is a constant, whether the ART holds it
// is not), the effective address (unaligned, flash or peripheral data), divide early
// termination and FP result latency.
//
// This file mirrors M4CycleModel.retire() for an executed instruction whose next instruction
// is the fall-through one and with no exception activity since the previous instruction; the
// block compiler (block.ts) calls the model's own retire() for everything else (the first
// instruction of a block, taken branches and PC writes, exception entry/return, lazy FP
// stacking), so those cases are exact by construction. Because this is a copy of the model's
// mechanism, `foldable()` only allows it for the exact source text of the model it was written
// against (REF_HASH); after a change to m4.ts or art.ts the blocks call retire() for every
// instruction (exact, slower) until this file is checked against the new model and the hash
// updated (test/jit/equivalence.test.ts fails and says so).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Cpu, CycleModel } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import { M4CycleModel } from '../timing/m4.ts';
import type { MemRegion } from '../memory/bus.ts';

// Cls values (module constants: see the note in sim/timing/m4.ts)
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

/** The model's fields the folded code reads and writes (TypeScript-private in m4.ts/art.ts). */
export interface M4Internals {
  p: Record<string, number>;
  base: Int32Array;
  memCls: Uint8Array;
  flashBase: Int32Array;
  pageKind: Uint8Array;
  stats: Record<string, number>;
  classCount: Float64Array;
  prevCls: number;
  prevWrites: number;
  prevOp: Op | null;
  fpDest: number;
  fpReadyAt: number;
  excSeen: number;
  art: ArtInternals | null;
  retire(cpu: Cpu, op: Op, executed: boolean): number;
}

export interface ArtInternals {
  cur: number;
  shift: number;
  fetchUnit(unit: number, now: number): number;
  data(off: number, now: number): number;
}

/** sha256 of the model source this file was written against (modelSourceHash()). */
export const REF_HASH = 'f6187203d00bf94af5c58206eb1ab3dcab467b7d393755ed7fed935b8b5be31a';

let sourceHash: string | undefined;
/** Hash of the source of what this file mirrors: M4CycleModel.retire(), isCompare(),
 * isSimpleFp() (sim/timing/m4.ts) and ArtAccelerator.fetch() (sim/timing/art.ts), whitespace
 * removed; '' if the sources cannot be read (then nothing is folded). */
export function modelSourceHash(): string {
  if (sourceHash === undefined) {
    try {
      const m4 = readFileSync(new URL('../timing/m4.ts', import.meta.url), 'utf8');
      const art = readFileSync(new URL('../timing/art.ts', import.meta.url), 'utf8');
      const parts = [section(m4, '\n  retire(', '\n  }\n'), section(m4, '\nfunction isCompare(', '\n}\n'), section(m4, '\nfunction isSimpleFp(', '\n}\n'), section(art, '\n  fetch(', '\n  }\n')];
      sourceHash = createHash('sha256').update(parts.join('\n').replace(/\s+/g, '')).digest('hex');
    } catch {
      sourceHash = '';
    }
  }
  return sourceHash;
}

function section(src: string, start: string, end: string): string {
  const a = src.indexOf(start);
  if (a < 0) throw new Error(`${start.trim()} not found`);
  const b = src.indexOf(end, a);
  if (b < 0) throw new Error(`end of ${start.trim()} not found`);
  return src.slice(a, b + end.length);
}

/** True if `model` is the M4 model this file mirrors. */
export function foldable(model: CycleModel | null): model is M4CycleModel {
  return model !== null && Object.getPrototypeOf(model) === M4CycleModel.prototype && modelSourceHash() === REF_HASH && foldOverride !== false;
}

/** Tests can force folding off (null: automatic). */
export let foldOverride: boolean | null = null;
export function setFoldOverride(v: boolean | null): void {
  foldOverride = v;
}

/** Registers the instruction writes, as the model records them for the next instruction. */
export function writesOf(op: Op): number {
  switch (op.cls as number) {
    case C_ALU:
    case 1:
    case C_DIV:
    case C_LOAD:
    case C_FPMOV:
      return op.a < 15 ? 1 << op.a : 0;
    case C_LDRD:
      return (1 << op.a) | (1 << op.d);
    case C_LDM:
      return op.imm & 0x7fff;
  }
  return 0;
}

export function isCompare(op: Op): boolean {
  const m = op.mnem;
  return m === 'cmp' || m === 'cmn' || m === 'tst' || m === 'teq';
}

function isSimpleFp(op: Op): boolean {
  const m = op.mnem;
  return m === 'vabs' || m === 'vneg' || m === 'vmov' || m === 'vcmp' || m === 'vcmpe';
}

/** The refill after a taken branch or PC write to `next` (the model's rule: one more when the
 * target is a 32-bit instruction at a halfword address). */
export function refillCycles(M: M4Internals, base: number, next: number, bus: { pages: unknown[] }): number {
  let refill = base;
  if ((next & 2) !== 0) {
    // (MemRegion pages are the ones with u16; instanceof of an imported class is slow in V8)
    const r = bus.pages[next >>> 16] as MemRegion | null;
    if (r !== null && r.u16 !== undefined && r.u16[(next - r.base) >>> 1] >>> 11 >= 0b11101) refill += M.p.refillUnaligned32;
  }
  M.stats.branchRefill += refill;
  return refill;
}

/** A branch whose target is in its Op (B, B<c>, BL, CBZ, CBNZ): the target, else -1. */
export function staticTarget(op: Op): number {
  if ((op.cls as number) !== 3) return -1;
  const m = op.mnem;
  return m === 'b' || m === 'bl' || m === 'cbz' || m === 'cbnz' ? op.imm >>> 0 : -1;
}

/** The refill of a taken direct branch to a target in flash region `r`, known before it runs
 * (the model's rule: one more cycle when the target is a 32-bit instruction at a halfword
 * address, which depends on the code there), as [target, cycles]; null if not known. */
export function staticRefill(M: M4Internals, op: Op, r: MemRegion): [number, number] | null {
  const t = staticTarget(op);
  if (t < 0 || r.kind !== 'flash' || t < r.base || t - r.base >= r.size) return null;
  let refill = M.p.refill;
  if ((t & 2) !== 0 && r.u16[(t - r.base) >>> 1] >>> 11 >= 0b11101) refill += M.p.refillUnaligned32;
  return [t, refill];
}

/** Flash data reads of a load (the model's loop over 64-bit units); returns the stall. */
export function flashDataWait(M: M4Internals, ea: number, t: number, words: number): number {
  const art = M.art!;
  const off = ea - M.flashBase[ea >>> 16];
  let dw = 0;
  for (let a = off, last = off + 4 * words - 1; ; ) {
    const s = art.data(a, t);
    dw += s;
    t += s + 1;
    const nextUnit = ((a >>> 3) + 1) << 3;
    if (nextUnit > last) break;
    a = nextUnit;
  }
  M.stats.dataWait += dw;
  return dw;
}

/**
 * JavaScript statements that add the cycles of `op` (just executed) to cpu.cycles, given the
 * instruction before it in the block (null for the first instruction: the model's record of
 * the previous instruction is read at run time). A taken branch or PC write (nx, the next
 * pc, is not the fall-through) adds the refill. Uses
 * the block function's locals `now`, `w`, `dw`, `st`, `ea`, `k`, `fd` and its constants `M`
 * (the model), `A` (the ART), `CC` (classCount), `ST` (stats), `PK` (pageKind), `X`
 * (cpu.exc), `FDW` (flashDataWait). `slow` is the code to run instead when an FP instruction
 * finds exception activity (it calls the model's retire()).
 */
export function foldedTiming(M: M4Internals, op: Op, prev: Op | null, slow: string): string {
  const p = M.p;
  const cls = op.cls as number;
  const out: string[] = ['now = cpu.cycles;'];
  const isFpData = M.memCls[cls] === 0 && cls >= C_FP && cls <= C_FPMOV;
  // exception activity (a lazy FP state preservation) can only come from an FP instruction
  // (and, for the first instruction of a block, from the run loop: an exception entry)
  if ((cls >= C_FP && cls <= C_FPMOV) || prev === null) out.push(`if (X.entries + X.returns + X.tailChains + X.lazySaves !== M.excSeen) { ${slow} }`);
  out.push(`CC[${cls}]++;`);
  // instruction fetch
  const art = M.art;
  const fb = M.flashBase[op.pc >>> 16];
  let fetch = false;
  if (art !== null && fb >= 0) {
    fetch = true;
    const off = op.pc - fb;
    const u1 = off >>> art.shift;
    out.push(`w = A.cur === ${u1} ? 0 : A.fetchUnit(${u1}, now);`);
    if (op.size === 4) {
      const u2 = (off + 2) >>> art.shift;
      if (u2 !== u1) out.push(`if (A.cur !== ${u2}) w += A.fetchUnit(${u2}, now + w);`);
    }
  }
  if (!fetch) out.push('w = 0;');
  let c = M.base[cls];
  let stall = 0;
  const stats: string[] = [];
  let dyn = '';
  if (M.memCls[cls] !== 0) {
    const single = cls === C_LOAD || cls === C_STORE;
    const regOffset = single && (op.d & 15) === 3;
    const addrRegs = (1 << op.b) | (regOffset || cls === C_TB ? 1 << op.c : 0);
    const d: string[] = [];
    if (prev !== null) {
      const prevCls = prev.cls as number;
      let dep = (writesOf(prev) & addrRegs) !== 0;
      if (dep && prevCls === C_ALU && isCompare(prev)) dep = false;
      const afterLoad = prevCls === C_LOAD || prevCls === C_EXCL;
      switch (cls) {
        case C_LOAD:
          if (afterLoad && !dep) c = p.loadPipelined;
          break;
        case C_STORE:
          if (regOffset && !(afterLoad && !dep)) c = p.storeRegOffset;
          break;
      }
      if (dep && !(cls === C_LOAD && afterLoad)) {
        stall += p.addressDependency;
        if (p.addressDependency !== 0) stats.push(`ST.addressDependency += ${p.addressDependency};`);
      }
      if (prevCls === C_STORE) {
        stall += p.afterStore;
        if (p.afterStore !== 0) stats.push(`ST.afterStore += ${p.afterStore};`);
      }
    } else {
      // the previous instruction ran before this block: the same rules at run time (k = dep)
      d.push(`k = (M.prevWrites & ${addrRegs}) !== 0 ? 1 : 0; if (k === 1 && M.prevCls === ${C_ALU} && FIC(M.prevOp)) k = 0;`);
      d.push(`fd = M.prevCls === ${C_LOAD} || M.prevCls === ${C_EXCL} ? 1 : 0;`); // fd = afterLoad
      if (cls === C_LOAD) d.push(`if (fd === 1 && k === 0) c = ${p.loadPipelined};`);
      else if (cls === C_STORE && regOffset) d.push(`if (!(fd === 1 && k === 0)) c = ${p.storeRegOffset};`);
      const depStall = cls === C_LOAD ? 'k === 1 && fd === 0' : 'k === 1';
      d.push(`if (${depStall}) { st += ${p.addressDependency}; ST.addressDependency += ${p.addressDependency}; }`);
      d.push(`if (M.prevCls === ${C_STORE}) { st += ${p.afterStore}; ST.afterStore += ${p.afterStore}; }`);
    }
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
    d.push('ea = cpu.ea >>> 0;');
    if (single) {
      const kind = op.d >>> 4;
      if (kind === 0) d.push(`if ((ea & 3) !== 0) { k = (ea & 1) !== 0 ? ${p.unalignedWordOdd} : ${p.unalignedWordHalf}; st += k; ST.unaligned += k; }`);
      else if (kind <= 2) d.push(`if ((ea & 3) !== 0 && (ea & 1) !== 0) { st += ${p.unalignedHalf}; ST.unaligned += ${p.unalignedHalf}; }`);
    }
    const storeish = cls === C_STORE || cls === C_STRD || cls === C_STM || cls === C_FPSTORE || cls === C_FPSTM;
    const words = cls === C_LDM || cls === C_FPLDM || cls === C_FPLOAD ? op.n : cls === C_LDRD ? 2 : 1;
    const flash = art !== null && !storeish ? `dw = FDW(M, ea, now + w + st + 1, ${words});` : '';
    d.push(`k = PK[ea >>> 16]; if (k !== 0) { if (k === 1) { ${flash} } else if (k === 2) { st += ${p.peripheralAccess}; ST.peripheral += ${p.peripheralAccess}; } }`);
    dyn = d.join(' ');
  } else if (cls === C_DIV) {
    dyn = `{ const n = cpu.ea >>> 0, d = cpu.aux >>> 0; if (d !== 0 && n >= d) { let q = ${p.divMin} + Math.ceil((Math.clz32(d) - Math.clz32(n) + 1) / ${p.divBitsPerCycle}); if (q > ${p.divMax}) q = ${p.divMax}; ST.divideExtra += q - ${p.divMin}; st += q - ${p.divMin}; } }`;
  } else if (isFpData) {
    let uses: string;
    if (cls === C_FPMAC) uses = `fd === ${op.b} || fd === ${op.c} || fd === ${op.a}`;
    else if (cls === C_FPMOV) uses = `fd === ${op.b}`;
    else uses = `fd === ${op.b} || fd === ${op.c}`;
    const d = [`fd = M.fpDest; if (fd >= 0 && M.fpReadyAt > now + w && (${uses})) { k = M.fpReadyAt - (now + w); st += k; ST.fpLatency += k; }`];
    if (cls === C_FPMOV) {
      if (op.n > 1) c += (op.n - 1) * p.fpMov;
    } else {
      let lat: number;
      if (cls === C_FP) lat = isSimpleFp(op) ? p.fpLatencySimple : p.fpLatency;
      else lat = cls === C_FPMAC ? p.fpMacLatency : p.fpDivLatency;
      d.push(`M.fpDest = ${op.a}; M.fpReadyAt = now + w + st + ${lat};`);
    }
    dyn = d.join(' ');
  }
  out.push(`c = ${c}; st = ${stall}; dw = 0;`);
  out.push(...stats);
  if (dyn !== '') out.push(dyn);
  if (fetch) out.push('if (w !== 0) ST.fetchWait += w;');
  // a taken branch or PC write: the pipeline refill (an exception return went to retire())
  const load = cls === C_LOAD || cls === C_LDM || cls === C_TB;
  out.push(`if (nx !== ${(op.pc + op.size) >>> 0}) c += REFILL(M, ${load ? p.refillLoad : p.refill}, nx, BUS);`);
  out.push(`cpu.cycles = now + c + st + w + dw;`);
  return out.join('\n    ');
}
