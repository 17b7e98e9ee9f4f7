// The WebAssembly tier of the fast path (M4SIM_JIT=wasm, a System built with an arena): hot
// blocks of the main flash region translated into WebAssembly functions (translate.ts), a
// table of them by address (the arena's dispatch table) and a dispatcher, itself WebAssembly,
// that runs one translated block after the other until one exits. BlockCache.run() enters it
// where the runner would fold the M4 model (no retire observer), and the run loop goes on
// from the state it leaves: the registers and memory are the arena's already; the flags,
// counters and the cycle model's record are copied in and out here.
//
// Exactness: the translated code runs the interpreter's semantics with runFolded's timing and
// leaves at an instruction boundary for anything else (translate.ts). Code changes: the
// translations are checked against the decode cache at every entry after an invalidation of
// the flash region or a new run (a debugger's breakpoints), and dropped if they differ.
import type { Cpu } from '../../core/cpu.ts';
import type { ArtAccelerator } from '../../timing/art.ts';
import { artLayout, dataFunction, fetchFunction, CFG_DCACHE, CFG_ICACHE, CFG_PREFETCH, type ArtLayout } from './art.ts';
import { FPCCR_ASPEN, FPCCR_LSPACT } from '../../core/exceptions.ts';
import type { MemRegion } from '../../memory/bus.ts';
import type { Block } from '../block.ts';
import type { SegmentObserver } from '../runner.ts';
import { isCompare, refillCycles, type ArtInternals, type M4Internals } from '../m4fold.ts';
import { A_ARTCFG, A_CCS, A_IT, A_LASTPC, A_AUX, A_Q, A_GE, A_FPSCR, A_FPOK, A_FPDEST, A_FPREADY, A_ARTCUR, A_C, A_CC, A_MW, A_CYC, A_DISPATCH, A_EA, A_END, A_EVENTAT, A_INSTRET, A_N, A_NEXTPC, A_PREVCLS, A_PREVCMP, A_PREVPC, A_PREVW, A_ST, A_V, A_Z, STAT_NAMES, type Arena } from './arena.ts';
import { EMPTY, F64, I32, ModuleBuilder, OP, memarg, sleb } from './writer.ts';
import { EXIT_NOBLOCK, I_DATA, I_FETCH, leaveFunction, translatable, translateBlock, type ExitRecords, type WasmTiming } from './translate.ts';

const NCLS = 32;
/** blocks per module, at most */
const BATCH = 32;
// the arena's slots as typed-array indices, module constants (an imported binding is read
// through a getter on every use when the modules are transpiled, as under tsx)
const I_N = A_N >>> 2;
const I_Z = A_Z >>> 2;
const I_C = A_C >>> 2;
const I_V = A_V >>> 2;
const I_NEXTPC = A_NEXTPC >>> 2;
const I_PREVCLS = A_PREVCLS >>> 2;
const I_PREVW = A_PREVW >>> 2;
const I_PREVCMP = A_PREVCMP >>> 2;
const I_PREVPC = A_PREVPC >>> 2;
const I_ARTCUR = A_ARTCUR >>> 2;
const I_EA = A_EA >>> 2;
const D_CYC = A_CYC >>> 3;
const D_INSTRET = A_INSTRET >>> 3;
const D_EVENTAT = A_EVENTAT >>> 3;
const D_END = A_END >>> 3;
const D_CC = A_CC >>> 3;
const D_ST = A_ST >>> 3;
const D_MW = A_MW >>> 3;
const I_FPSCR = A_FPSCR >>> 2;
const I_Q = A_Q >>> 2;
const I_GE = A_GE >>> 2;
const I_AUX = A_AUX >>> 2;
const I_ARTCFG = A_ARTCFG >>> 2;
const I_IT = A_IT >>> 2;
const I_LASTPC = A_LASTPC >>> 2;
const D_CCS = A_CCS >>> 3;
const I_FPOK = A_FPOK >>> 2;
const I_FPDEST = A_FPDEST >>> 2;
const D_FPREADY = A_FPREADY >>> 3;
const LSPACT = FPCCR_LSPACT;
const ASPEN = FPCCR_ASPEN;
const STATS: readonly string[] = STAT_NAMES;

export class WasmTier {
  /** the translated block functions, by dispatch index (0: none) */
  readonly table = new WebAssembly.Table({ element: 'anyfunc', initial: 1024 });
  private nextIndex = 1;
  private readonly runDispatch: () => number;
  private readonly imports: WebAssembly.Imports;
  private readonly timing: WasmTiming;
  /** the blocks with a translation, and those waiting for the next batch */
  private readonly live: Block[] = [];
  private readonly queue: Block[] = [];
  private ver = -1;
  private readonly art: ArtInternals | null;
  /** where the ART's state is in the arena (null: the JavaScript model's own arrays) */
  private readonly artLayout: ArtLayout | null;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  /** statistics: blocks translated, entries, exits by code, instructions run translated */
  translated = 0;
  modules = 0;
  entries = 0;
  readonly exits = new Float64Array(5);
  instructions = 0;
  compileMs = 0;
  /** the next free byte of the arena's exit-record area */
  private recordAt: number;
  private readonly records: ExitRecords;

  constructor(
    readonly cpu: Cpu,
    readonly arena: Arena,
    readonly M: M4Internals,
    /** the flash region the dispatch table covers */
    readonly region: MemRegion,
  ) {
    this.art = M.art;
    this.i32 = arena.i32;
    this.f64 = arena.f64;
    const p = M.p;
    this.timing = { loadPipelined: p.loadPipelined, storeRegOffset: p.storeRegOffset, addressDependency: p.addressDependency, afterStore: p.afterStore, divMin: p.divMin, divMax: p.divMax, divBitsPerCycle: p.divBitsPerCycle, skipped: p.skipped };
    const art = this.art;
    const stats = M.stats;
    const refill = refillCycles;
    this.artLayout = art !== null ? artLayout(art as unknown as ArtAccelerator, arena.memory, region.lin) : null;
    this.imports = {
      m: { mem: arena.memory },
      f: {
        // (the stall counted here, as runFolded counts each instruction's fetch stall)
        fetchUnit: (unit: number, now: number) => {
          const w = art!.fetchUnit(unit, now);
          if (w !== 0) stats.fetchWait += w;
          return w;
        },
        data: (off: number, t: number) => art!.data(off, t),
        refill: (next: number, base: number) => refill(M, base, next >>> 0, cpu.bus),
      },
    };
    this.runDispatch = this.dispatcher();
    this.recordAt = arena.records;
    this.records = {
      put: (words: number[]) => {
        const at = this.recordAt;
        if (at + 4 * words.length > arena.recordsEnd) return -1;
        for (let i = 0; i < words.length; i++) this.i32[(at >>> 2) + i] = words[i];
        this.recordAt = at + 4 * words.length;
        return at;
      },
    };
  }

  /** The dispatcher: () -> exit code. From the pc at A_NEXTPC, while cycles are below eventAt,
   * calls the translated block there until one exits or there is none. */
  private dispatcher(): () => number {
    const m = new ModuleBuilder();
    const t = m.type([], [I32]);
    m.importMemory(this.arena.memory.buffer.byteLength >>> 16);
    m.importTable(1);
    const L_PC = 0;
    const L_R = 1;
    const b: number[] = [];
    b.push(OP.loop, EMPTY);
    // cycles >= eventAt: leave
    b.push(OP.i32_const, 0, OP.f64_load, ...memarg(3, A_CYC), OP.i32_const, 0, OP.f64_load, ...memarg(3, A_EVENTAT), OP.f64_ge, OP.if, EMPTY, OP.i32_const, 2, OP.return, OP.end);
    // the offset of the pc in the dispatch region (unsigned: below it wraps)
    b.push(OP.i32_const, 0, OP.i32_load, ...memarg(2, A_NEXTPC), OP.i32_const, ...sleb(this.arena.codeBase), OP.i32_sub, OP.local_tee, L_PC);
    b.push(OP.i32_const, ...sleb(this.arena.codeSize), OP.i32_ge_u, OP.if, EMPTY, OP.i32_const, EXIT_NOBLOCK, OP.return, OP.end);
    // its table index: dispatch[off >>> 1] (i32 each)
    b.push(OP.local_get, L_PC, OP.i32_const, 1, OP.i32_shl, OP.i32_load, ...memarg(2, A_DISPATCH), OP.local_tee, L_PC);
    b.push(OP.i32_eqz, OP.if, EMPTY, OP.i32_const, EXIT_NOBLOCK, OP.return, OP.end);
    b.push(OP.local_get, L_PC, OP.call_indirect, t, 0x00, OP.local_tee, L_R);
    b.push(OP.i32_eqz, OP.br_if, 0, OP.end);
    b.push(OP.local_get, L_R);
    m.func({ type: t, locals: [[2, I32]], body: b }, 'run');
    const inst = new WebAssembly.Instance(new WebAssembly.Module(m.bytes()), { m: { mem: this.arena.memory, tbl: this.table } });
    return inst.exports.run as () => number;
  }

  /** Offers block `b`, run by the runner (its code checked by the caller), for translation.
   * Blocks are translated in batches, one module per batch (V8's cost per module is several
   * times its cost per function): a block whose first instruction translates is queued; the
   * queue is compiled when it holds BATCH blocks or when a queued block has been run
   * BlockCache.wasmQueuedRuns more times. */
  offer(b: Block): void {
    if (b.wasmQueued) {
      if (++b.wasmRuns >= this.cpu.blocks.wasmQueuedRuns) this.compileQueue();
      return;
    }
    if (b.wasmTried) return;
    b.wasmTried = true;
    if (b.region !== this.region || translatable(b.steps) === 0) return;
    b.wasmQueued = true;
    b.wasmRuns = 0;
    this.queue.push(b);
    if (this.queue.length >= BATCH) this.compileQueue();
  }

  /** Translates the queued blocks whose code is unchanged into one module. */
  private compileQueue(): void {
    const r = this.region;
    const queue = this.queue.splice(0);
    for (const b of queue) b.wasmQueued = false;
    // (the translations are brought up to date first: these are made from the current code)
    if (this.ver !== r.version) this.check();
    const t0 = performance.now();
    const m = new ModuleBuilder();
    const type = m.type([], [I32]);
    m.importFunc('fetchUnit', m.type([I32, F64], [F64]));
    m.importFunc('data', m.type([I32, F64], [F64]));
    m.importFunc('refill', m.type([I32, I32], [F64]));
    m.importMemory(this.arena.memory.buffer.byteLength >>> 16);
    m.func(leaveFunction(m.type([F64, I32, I32, I32], [I32])));
    m.func(fetchFunction(m.type([I32, F64], [F64]), this.artLayout, I_FETCH));
    m.func(dataFunction(m.type([I32, F64, I32], [F64]), this.artLayout, this.region.lin, I_DATA));
    const blocks: Block[] = [];
    for (const b of queue) {
      if (b.dead || b.wasm !== 0 || !this.cpu.blocks.checked(b)) continue;
      const n = translatable(b.steps);
      if (n === 0) continue;
      const f = translateBlock(b.steps, n, this.timing, type, this.records);
      // (null: the exit-record area is full; no more translations)
      if (f === null) break;
      m.func(f, `b${blocks.length}`);
      blocks.push(b);
    }
    if (blocks.length === 0) return;
    const exports = new WebAssembly.Instance(new WebAssembly.Module(m.bytes()), this.imports).exports;
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i];
      const idx = this.nextIndex++;
      if (idx >= this.table.length) this.table.grow(this.table.length);
      this.table.set(idx, exports[`b${i}`] as () => number);
      this.i32[(A_DISPATCH >>> 2) + ((b.pc - r.base) >>> 1)] = idx;
      b.wasm = idx;
      this.live.push(b);
    }
    this.translated += blocks.length;
    this.modules++;
    this.compileMs += performance.now() - t0;
  }

  /** Forgets every translation (BlockCache.flush). */
  clear(): void {
    for (const b of this.live) this.drop(b);
    this.live.length = 0;
    for (const b of this.queue) b.wasmQueued = false;
    this.queue.length = 0;
    this.recordAt = this.arena.records;
  }

  /** Forgets the translation of `b`. */
  private drop(b: Block): void {
    this.i32[(A_DISPATCH >>> 2) + ((b.pc - this.region.base) >>> 1)] = 0;
    b.wasm = 0;
  }

  /** Drops every translation after an invalidation of the flash region (a branch's refill
   * depends on the code at its target). The decode cache also changes without one when a
   * debugger lifts or removes a breakpoint (sim/debug/breakpoints.ts puts the original Op
   * back); that needs no check here: no translation holds a breakpoint (it has no form), and
   * one made while it was there ends before it. */
  private check(): void {
    for (const b of this.live) {
      this.drop(b);
      b.wasmTried = false;
    }
    this.live.length = 0;
    this.recordAt = this.arena.records;
    this.ver = this.region.version;
  }

  /** Runs translated blocks from cpu.pc (a block with a translation starts there) up to the
   * instruction limit `end`; false if nothing ran (the caller runs the block otherwise). */
  enter(end: number, meter: SegmentObserver | null): boolean {
    const cpu = this.cpu;
    const M = this.M;
    const X = cpu.exc;
    // exception activity since the model's last retire(): the model's own retire() first
    if (X.entries + X.returns + X.tailChains + X.lazySaves !== M.excSeen) return false;
    if (this.ver !== this.region.version) {
      this.check();
      const b = cpu.blocks.lookup(cpu.pc);
      if (b === null || b.wasm === 0) return false;
    }
    const i32 = this.i32;
    const f64 = this.f64;
    i32[I_N] = cpu.N;
    i32[I_Z] = cpu.Z;
    i32[I_C] = cpu.C;
    i32[I_V] = cpu.V;
    i32[I_Q] = cpu.Q;
    i32[I_GE] = cpu.GE;
    f64[D_CYC] = cpu.cycles;
    f64[D_INSTRET] = cpu.instret;
    f64[D_EVENTAT] = cpu.eventAt;
    f64[D_END] = end;
    i32[I_NEXTPC] = cpu.pc;
    i32[I_PREVCLS] = M.prevCls;
    i32[I_PREVW] = M.prevWrites;
    i32[I_PREVCMP] = M.prevOp !== null && isCompare(M.prevOp) ? 1 : 0;
    i32[I_PREVPC] = -1;
    i32[I_IT] = 0;
    i32[I_LASTPC] = -1;
    i32[I_ARTCUR] = this.art !== null ? this.art.cur : -1;
    const cfg = (this.art as unknown as ArtAccelerator | null)?.cfg;
    if (cfg !== undefined) i32[I_ARTCFG] = (cfg.icache ? CFG_ICACHE : 0) | (cfg.prefetch ? CFG_PREFETCH : 0) | (cfg.dcache ? CFG_DCACHE : 0) | (cfg.waitStates << 8);
    i32[I_EA] = cpu.ea;
    i32[I_AUX] = cpu.aux;
    // FP instructions run translated when ExecuteFPCheck would do nothing (the FPU enabled, no
    // lazy preservation pending, no new FP context to create) and FPSCR rounds to nearest
    const fpscr = cpu.FPSCR;
    i32[I_FPSCR] = fpscr;
    i32[I_FPOK] = cpu.fpEnabled && (X.FPCCR & LSPACT) === 0 && ((cpu.CONTROL & 4) !== 0 || (X.FPCCR & ASPEN) === 0) && (fpscr & 0x00c00000) === 0 ? 1 : 0;
    i32[I_FPDEST] = M.fpDest;
    f64[D_FPREADY] = M.fpReadyAt;
    const i0 = cpu.instret;
    const c0 = cpu.cycles;
    const code = this.runDispatch();
    this.entries++;
    this.exits[code]++;
    cpu.N = i32[I_N];
    cpu.Z = i32[I_Z];
    cpu.C = i32[I_C];
    cpu.V = i32[I_V];
    cpu.Q = i32[I_Q];
    cpu.GE = i32[I_GE];
    cpu.cycles = f64[D_CYC];
    cpu.instret = f64[D_INSTRET];
    cpu.pc = i32[I_NEXTPC] >>> 0;
    cpu.ea = i32[I_EA] >>> 0;
    cpu.aux = i32[I_AUX] >>> 0;
    cpu.FPSCR = i32[I_FPSCR] >>> 0;
    M.fpDest = i32[I_FPDEST];
    M.fpReadyAt = f64[D_FPREADY];
    if (this.art !== null) this.art.cur = i32[I_ARTCUR];
    cpu.itState = i32[I_IT];
    if (cpu.instret !== i0) {
      // the model's record (its instruction: the last one executed, if any ran here)
      M.prevCls = i32[I_PREVCLS];
      M.prevWrites = i32[I_PREVW];
      const prevPc = i32[I_PREVPC];
      if (prevPc !== -1) M.prevOp = this.region.ops[((prevPc >>> 0) - this.region.base) >>> 1] ?? null;
      cpu.R[15] = (i32[I_LASTPC] + 4) >>> 0;
      // the model's counts and statistics of the translated instructions (and the meter's)
      if (meter !== null) meter.translated(c0, cpu.cycles, f64, D_CC, f64[D_MW]);
      f64[D_MW] = 0;
      const CC = M.classCount;
      for (let i = 0; i < NCLS; i++) {
        const k = f64[D_CC + i] + f64[D_CCS + i];
        if (k !== 0) {
          CC[i] += k;
          f64[D_CC + i] = 0;
          f64[D_CCS + i] = 0;
        }
      }
      const ST = M.stats;
      for (let i = 0; i < STATS.length; i++) {
        const k = f64[D_ST + i];
        if (k !== 0) {
          ST[STATS[i]] += k;
          f64[D_ST + i] = 0;
        }
      }
    }
    this.instructions += cpu.instret - i0;
    return cpu.instret !== i0;
  }
}
