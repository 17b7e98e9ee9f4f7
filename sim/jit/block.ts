// The fast path of the core: straight-line code grouped into blocks (up to a branch that is
// always taken, a table branch, a system instruction, MAX_BLOCK instructions; conditional
// branches and IT blocks stay inside), each prepared once into Steps (runner.ts) that run the
// block's decoded instructions one after the other with the interpreter's exact semantics and
// the cycle model's static part folded in. The interpreter in sim/core/cpu.ts stays the
// reference: the run loop uses a block only when it would have executed the same
// instructions, and falls back to the interpreter elsewhere (code entered fewer than
// HOT_ENTRIES times, a block starting inside an IT block, code that cannot be decoded, the
// last instructions before an instruction limit).
//
// Per instruction a block does what the interpreter does, in its order: R[15] = pc + 4,
// nextPC = pc + size, exec (with ConditionPassed/ITAdvance inside an IT block), pc = nextPC,
// instret++, the cycles. It returns to the run loop after any instruction that the
// interpreter would have followed by something other than the next instruction of the block
// (a PC write: nextPC is not the fall-through), when cycles reach eventAt (a timer, a pending
// exception, an attention() request, the cycle limit) and on a stop request; except that
// when a block ends and nothing is due the runner goes on with the block's own start or the
// cached block at the next pc (BlockCache.chain), which is what the run loop would run next.
// A fault thrown by an instruction leaves the same state the interpreter leaves (the energy
// meter's open segment and the model's record are completed by BlockCache.abandon()).
//
// Code changes: the bus forgets decoded instructions when their memory is written (the
// region's `ops`), debuggers put breakpoint Ops there. A block checks on entry that every
// instruction it was made from is still the region's decoded instruction at that address,
// and, in RAM (self-modifying code, semihosting writes), again before each of its
// instructions; a stale block is dropped and made again.
//
// Cycle model modes: 'fold' (the M4 model, no observer; with foldObserver also with one, which
// the runner calls per instruction with the folded cycles): folded timing, the model's own
// retire() for IT-block instructions and after exception activity or attention(); 'call'
// (another model, or a retire observer such as the energy meter or a profiler): retire() and
// the observer for every instruction, as the interpreter calls them; 'none': one cycle per
// instruction.
//
// Generated functions with the instructions inlined (M4SIM_JIT=inline, `inline`: jsblock.ts,
// inline.ts): the hottest blocks in flash compiled into JavaScript with each exec function's
// body inlined and the timing folded; the runner runs a block until then and whenever the
// function cannot run an entry. Opt-in: faster in the steady state of integer code, slower
// end to end on the training firmware because of V8's compile time (docs/speed.md).
//
// Generated functions (M4SIM_JIT=js, `codegen`): each block compiled into a JavaScript function
// with new Function (m4fold.ts emits the folded timing as code). Kept as an option because
// measurement showed it does not pay here: V8 spends more time compiling and deoptimising
// the functions (every rarely taken path is a deoptimisation point) than they save, 2-3x
// slower than the interpreter on the u8 training firmware, and in steady state on cpubench
// no faster than the runner.
import type { Cpu, CycleModel, RetireObserver } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import { MemRegion } from '../memory/bus.ts';
import { Step, TimingNumbers, linkSteps, runCalls, runFolded, sameCode, setStaticRefill, type SegmentObserver } from './runner.ts';
import { flashDataWait, foldable, foldedTiming, isCompare, refillCycles, writesOf, type M4Internals } from './m4fold.ts';
import { compileBlock, type CompiledBlock } from './jsblock.ts';
import { HelperTable } from './inline.ts';
import { hex8 } from '../hex.ts';
import type { Arena } from './wasm/arena.ts';
import { WasmTier } from './wasm/tier.ts';

/** Longest block, in instructions. */
export const MAX_BLOCK = 32;
/** Entries into code at an address before a block is formed there: until then the
 * interpreter runs it. Generated functions cost V8 far more than interpreting a cold block;
 * the runner's Steps are cheap to make. */
export const HOT_ENTRIES = 2;
export const HOT_ENTRIES_CODEGEN = 64;
/** Instructions a block runs in the runner before it is compiled into a function with its
 * instructions inlined (jsblock.ts): only the hottest blocks pay for V8's compile time. */
/** Longest generated function, in instructions (V8's compile time grows with it). */
export const MAX_JS = Number((typeof process !== 'undefined' && process.env.M4SIM_JIT_MAX) || 16);
export const HOT_JS = Number((typeof process !== 'undefined' && process.env.M4SIM_JIT_HOT) || 20_000);


// Cls values that end a block: branches, table branches, IT (the instructions after it are
// conditional and run in the interpreter), system instructions and WFI/WFE, UNDEFINED
const C_BRANCH = 3;
const C_LOAD = 4;
const C_LDM = 8;
const C_TB = 10;
const C_SYS = 12;
const C_IT = 13;
const C_WFI = 14;
const C_UNDEF = 23;

export type TimingMode = 'fold' | 'call' | 'none';

export class Block {
  /** the compiled function (M4SIM_JIT=js), or null: the runner runs `steps` */
  fn: ((cpu: Cpu) => boolean) | null = null;
  /** the block compiled with its instructions inlined (jsblock.ts), once hot */
  js: CompiledBlock | null = null;
  /** instructions the runner has run in this block, until compiled with inlining */
  runs = 0;
  /** the index of its WebAssembly translation (sim/jit/wasm/tier.ts), 0: none; offered to
   * the tier; waiting in its queue, and runs since */
  wasm = 0;
  wasmTried = false;
  wasmQueued = false;
  wasmRuns = 0;
  jsTried = false;
  /** the instructions (steps[j].op), for a block observer */
  readonly code: Op[];
  /** the energy meter's per-block counts (sim/energy/meter.ts), made on first use */
  meterTable: unknown = null;
  /** the region's invalidation count and the cache's epoch when the code was last checked
   * (sameCode): while both are unchanged the decode cache holds the same Ops */
  ver = -1;
  ep = -1;
  /** dropped from the cache (its code changed) */
  dead = false;
  /** the cache's generation when made (BlockCache.flush starts a new one) */
  gen = 0;
  /** the last two blocks the runner chained to from this one, and their addresses */
  succPc = -1;
  succ: Block | null = null;
  succPc2 = -1;
  succ2: Block | null = null;
  constructor(
    readonly pc: number,
    readonly region: MemRegion,
    readonly steps: Step[],
    /** the region's decode cache (to check that the code has not changed) */
    readonly ops: (Op | undefined)[],
    readonly ram: boolean,
  ) {
    this.code = steps.map((s) => s.op);
  }
  /** instructions */
  get len(): number {
    return this.steps.length;
  }
}

type Factory = (...args: unknown[]) => (cpu: Cpu) => boolean;

export class BlockCache {
  /** blocks by start address: per 64 KB page, by halfword */
  private pages: (Block[] | undefined)[] = new Array(1 << 16);
  /** entries seen per address (per 64 KB page, by halfword), until compiled */
  private heat: (Uint16Array | undefined)[] = new Array(1 << 16);
  private model: CycleModel | null = null;
  private observer: RetireObserver | null = null;
  mode: TimingMode = 'none';
  private numbers: TimingNumbers | null = null;
  /** generate a JavaScript function per block (new Function) instead of running the
   * block's steps; off by default (M4SIM_JIT=js turns it on): see the note in run() */
  codegen = typeof process !== 'undefined' && process.env.M4SIM_JIT === 'js';
  /** fold the M4 model also when a retire observer (energy meter, profiler) is attached: the
   * runner gives the observer each instruction and its folded cycles, the model's state
   * already updated, as the interpreter does (same observer stream: test/jit). On by
   * default; M4SIM_FOLD_OBSERVER=0 calls the model's retire() per instruction instead. */
  foldObserver = typeof process === 'undefined' || process.env.M4SIM_FOLD_OBSERVER !== '0';
  /** when the observer is the energy meter alone (no inner observer) and the model is
   * folded, the runner hands it runs of instructions (SegmentObserver) instead of calling it
   * per instruction: same counters (test/jit, test/energy). M4SIM_SEGMENT_OBSERVER=0: off. */
  segments = typeof process === 'undefined' || process.env.M4SIM_SEGMENT_OBSERVER !== '0';
  /** the runner continues from a block to the next one without returning to the run loop
   * when nothing is due (chain()); M4SIM_CHAIN=0: off */
  chaining = typeof process === 'undefined' || process.env.M4SIM_CHAIN !== '0';
  /** the observer as a SegmentObserver in this run, or null */
  private seg: SegmentObserver | null = null;
  /** the observer the runner calls per instruction in this run (null when `seg` takes them) */
  private perInstr: RetireObserver | null = null;
  /** compile hot blocks in flash into functions with their instructions inlined (jsblock.ts)
   * when the M4 model is folded. Off by default (M4SIM_JIT=inline turns it on): measured on
   * this machine it is faster than the runner only in the steady state of integer code; V8's
   * compile time per block and the softfloat-heavy FP code make it slower end to end on
   * cpubench and the u8 training firmware (docs/speed.md). */
  inline = typeof process !== 'undefined' && process.env.M4SIM_JIT === 'inline';
  /** instructions a block runs in the runner before it is compiled with inlining (tests lower it) */
  hotJs = HOT_JS;
  /** module bindings of inlined code, shared by the generated functions */
  private readonly helpers = new HelperTable();
  /** statistics: blocks compiled, entries */
  compiled = 0;
  dropped = 0;
  /** blocks compiled into functions with inlined instructions (jsblock.ts) */
  jsCompiled = 0;
  /** advanced at every run (sync()): generated functions check their code again after it
   * (breakpoints and loaded code change the decode cache between runs) */
  epoch = 0;

  /** the System's WebAssembly arena (sim/jit/wasm/arena.ts), or null: no WebAssembly tier */
  arena: Arena | null = null;
  /** the WebAssembly tier: hot blocks translated into WebAssembly where the M4 model is
   * folded and there is no retire observer (made when the model is attached) */
  tier: WasmTier | null = null;
  /** runs of a block waiting in the tier's queue before the queue is compiled (tests lower it) */
  wasmQueuedRuns = 16;

  constructor(readonly cpu: Cpu) {}

  /** Drops every block if the cycle model or the observer changed since they were compiled. */
  sync(): void {
    const cpu = this.cpu;
    this.epoch++;
    if (cpu.cycleModel !== this.model || cpu.observer !== this.observer) this.reset();
    // (re-evaluated every run: a profiler may have been chained behind the meter since)
    const o = cpu.observer as (RetireObserver & Partial<SegmentObserver> & { inner?: unknown }) | null;
    this.seg = this.segments && this.mode === 'fold' && o !== null && typeof o.endSegment === 'function' && o.inner === null ? (o as SegmentObserver) : null;
    this.perInstr = this.seg !== null ? null : this.observer;
  }

  /** True if the runner hands the observer runs of instructions in this run (SegmentObserver). */
  get segmenting(): boolean {
    return this.seg !== null;
  }

  /** the block runFolded is in (null outside it) and the last instruction in it that the
   * model's own retire() timed in this pass (IT blocks), for abandon() */
  cur: Block | null = null;
  itOp: Op | null = null;

  /** A fault ended a block early: a block observer counts what ran before it, and the model
   * gets its record of the instruction before the faulting one (runFolded writes it back
   * lazily), as the interpreter leaves it. */
  abandon(): void {
    if (this.seg !== null) this.seg.flushOpen(true);
    const b = this.cur;
    if (b === null) return;
    this.cur = null;
    const pc = this.cpu.pc;
    const code = b.code;
    let j = 0;
    while (j < code.length && code[j].pc !== pc) j++;
    if (j === code.length) throw new Error(`fast path: fault at ${hex8(pc)} outside the running block at ${hex8(b.pc)}`);
    // (j = 0: the record is up to date; after an IT-block instruction retire() wrote it)
    if (j > 0 && code[j - 1] !== this.itOp) {
      const M = this.model as unknown as M4Internals;
      const s = b.steps[j - 1];
      M.prevCls = s.cls;
      M.prevWrites = s.writes;
      M.prevOp = s.op;
    }
  }

  private reset(): void {
    const cpu = this.cpu;
    this.flush();
    this.model = cpu.cycleModel;
    this.observer = cpu.observer;
    // with foldObserver the runner folds the M4 model with a retire observer too (it calls
    // the observer with each instruction's cycles); generated functions call retire() then
    const observerCalls = this.observer !== null && (this.codegen || !this.foldObserver);
    this.mode = observerCalls || (this.model !== null && !foldable(this.model)) ? 'call' : this.model !== null ? 'fold' : 'none';
    this.numbers = this.mode === 'fold' ? new TimingNumbers((this.model as unknown as M4Internals).p) : null;
    const code = this.arena !== null ? cpu.bus.region(this.arena.codeBase) : undefined;
    this.tier = this.mode === 'fold' && code !== undefined && code.kind === 'flash' ? new WasmTier(cpu, this.arena!, this.model as unknown as M4Internals, code) : null;
  }

  /** Forget every compiled block. */
  flush(): void {
    this.pages = new Array(1 << 16);
    this.gen++;
    this.tier?.clear();
  }

  /** blocks made since the last flush carry this (chained successors from before do not) */
  private gen = 0;

  /**
   * The block the runner may continue with at `pc` after block `from` ended (a taken branch
   * or its last instruction), without returning to the run loop: the block the run loop
   * would look up and run there, its code checked; null if there is none (the run loop then
   * interprets or makes one). The caller has checked what the run loop checks first (cycles
   * against eventAt, stop, IT state, the instruction limit).
   */
  chain(from: Block, pc: number): Block | null {
    let b: Block | null;
    if (from.succPc === pc) b = from.succ;
    else if (from.succPc2 === pc) b = from.succ2;
    else {
      b = this.lookup(pc);
      if (b === null) return null;
      from.succPc2 = from.succPc;
      from.succ2 = from.succ;
      from.succPc = pc;
      from.succ = b;
    }
    // (a block with a translation is entered through the run loop: BlockCache.run)
    if (b === null || b.dead || b.gen !== this.gen || b.fn !== null || b.wasm !== 0 || b.wasmQueued) return null;
    return this.checked(b) ? b : null;
  }

  /** The compiled block starting at `pc`, or null. */
  lookup(pc: number): Block | null {
    const page = this.pages[pc >>> 16];
    if (page !== undefined) {
      const b = page[(pc & 0xffff) >>> 1];
      if (b !== undefined) return b;
    }
    return null;
  }

  /** Counts an entry into code at `pc`; true once it has been entered HOT_ENTRIES times. */
  hot(pc: number): boolean {
    let h = this.heat[pc >>> 16];
    if (h === undefined) h = this.heat[pc >>> 16] = new Uint16Array(1 << 15);
    const i = (pc & 0xffff) >>> 1;
    if (h[i] >= (this.codegen ? HOT_ENTRIES_CODEGEN : HOT_ENTRIES)) return true;
    h[i]++;
    return false;
  }

  /** Forget a block whose code changed. */
  drop(b: Block): void {
    const page = this.pages[b.pc >>> 16];
    if (page !== undefined && page[(b.pc & 0xffff) >>> 1] === b) page[(b.pc & 0xffff) >>> 1] = undefined as unknown as Block;
    b.dead = true;
    this.dropped++;
  }

  /** Compiles the block starting at `pc`; null if no instruction can be decoded there. */
  compile(pc: number): Block | null {
    const cpu = this.cpu;
    const r = cpu.bus.pages[pc >>> 16];
    if (!(r instanceof MemRegion) || pc - r.base >= r.size) return null;
    const ops: Op[] = [];
    let a = pc;
    while (ops.length < MAX_BLOCK && a - r.base < r.size) {
      if (cpu.bus.pages[a >>> 16] !== r) break;
      let op: Op;
      try {
        op = cpu.fetch(a);
      } catch {
        break; // not decodable here: the interpreter raises the fault when it gets there
      }
      ops.push(op);
      a += op.size;
      if (endsBlock(op, this.codegen)) break;
    }
    if (ops.length === 0) return null;
    const M = this.mode === 'fold' ? (this.model as unknown as M4Internals) : null;
    const steps = ops.map((o) => new Step(o, r, M));
    if (M !== null) for (let j = 1; j < steps.length; j++) linkSteps(steps[j - 1], steps[j], M);
    const b = new Block(pc, r, steps, r.ops, r.kind === 'ram');
    b.gen = this.gen;
    if (this.codegen) b.fn = this.generate(r, ops);
    let page = this.pages[pc >>> 16];
    if (page === undefined) page = this.pages[pc >>> 16] = new Array(1 << 15);
    page[(pc & 0xffff) >>> 1] = b;
    this.compiled++;
    return b;
  }

  /** Runs block `b` from its first instruction; false (nothing done) if its code changed.
   * Measured (bench/speed.ts, docs in the report): generated functions pay only for a few
   * very hot blocks; V8's compile and deoptimisation costs make them slower than the runner
   * on the training firmware, so the runner is the default. */
  run(b: Block, end: number): boolean {
    if (b.fn !== null) return b.fn(this.cpu);
    if (this.mode === 'fold') {
      const tier = this.tier;
      if (tier !== null && this.perInstr === null) {
        // the WebAssembly tier (with no observer, or the energy meter taking counts): offered
        // on the first run through here (the block is hot; translated in batches), entered
        // while it can run something (else the runner runs the block)
        if (b.wasm === 0 && (b.wasmQueued || (!b.wasmTried && this.checked(b)))) tier.offer(b);
        if (b.wasm !== 0 && tier.enter(end, this.seg)) return true;
      }
      if (this.inline) {
        let js = b.js;
        if (js === null && !b.ram && b.runs >= this.hotJs && !b.jsTried) {
          b.jsTried = true;
          js = b.js = this.generateInlined(b);
        }
        if (js !== null) {
          // (generated functions check their own code)
          let r = js.fn(this.cpu, end);
          // (chaining: the next block's generated function, while nothing is due)
          const cpu = this.cpu;
          while (r === 1 && cpu.cycles < cpu.eventAt && cpu.stop === null && cpu.itState === 0) {
            const nb = this.lookup(cpu.pc);
            if (nb === null || nb.js === null || nb.dead || cpu.instret + nb.len > end) break;
            b = nb;
            js = nb.js;
            r = js.fn(cpu, end);
            if (r === 0) {
              this.drop(nb);
              return true;
            }
          }
          if (r === 1) return true;
          if (r === 0) return false;
          if (r >= 16) {
            this.slowExit(js, r - 16);
            return true;
          }
        }
      }
      if (!this.checked(b)) return false;
      // (chaining from block to block inside the runner: not with generated functions, which
      // count the runner's passes through a block to decide what to compile)
      if (!this.inline) return runFolded(this.cpu, b, this.model as unknown as M4Internals, this.numbers!, end, this.perInstr, this.seg, this, this.chaining);
      // count the block's runs (a loop inside the runner counts each pass)
      const i0 = this.cpu.instret;
      const ran = runFolded(this.cpu, b, this.model as unknown as M4Internals, this.numbers!, end, this.perInstr, this.seg, this, false);
      b.runs += this.cpu.instret - i0;
      return ran;
    }
    if (!this.checked(b)) return false;
    return runCalls(this.cpu, b.steps, b.ops, b.ram);
  }

  /** The runner's check that the block's code has not changed: again only after an
   * invalidation in its region or at a new run (debuggers change the decode cache between
   * runs); a block in RAM also checks each instruction before it runs (runFolded, runCalls). */
  checked(b: Block): boolean {
    if (b.ver === b.region.version && b.ep === this.epoch) return true;
    if (!sameCode(b.steps, b.ops)) return false;
    // (a branch target's code may have changed too)
    if (this.mode === 'fold') for (const s of b.steps) if (s.tgt >= 0) setStaticRefill(s, b.region, this.model as unknown as M4Internals);
    b.ver = b.region.version;
    b.ep = this.epoch;
    return true;
  }

  /** A generated function left instruction j to the model's own retire() (exception activity
   * or an attention() request after it): the interpreter's timing of that instruction. */
  private slowExit(js: CompiledBlock, j: number): void {
    const cpu = this.cpu;
    const M = this.model as unknown as M4Internals;
    if (j > 0 && js.entry[j] === 0) {
      const prev = js.ops[j - 1];
      M.prevCls = prev.cls as number;
      M.prevWrites = writesOf(prev);
      M.prevOp = prev;
    }
    const op = js.ops[j];
    const c = M.retire(cpu, op, true);
    cpu.cycles += c;
    if (this.observer !== null) this.observer.retired(cpu, op, true, c);
  }

  /** The block's function with its instructions inlined (up to and including an IT
   * instruction: the interpreter runs IT blocks), or null. */
  private generateInlined(b: Block): CompiledBlock | null {
    const r = this.cpu.bus.pages[b.pc >>> 16] as MemRegion;
    const ops: Op[] = [];
    for (const s of b.steps) {
      if (ops.length >= MAX_JS) break;
      ops.push(s.op);
      if ((s.op.cls as number) === C_IT) break;
    }
    if (ops.length === 0) return null;
    const js = compileBlock(this.cpu, r, ops, this.model as unknown as M4Internals, this.observer, this.helpers, this);
    if (js !== null) this.jsCompiled++;
    return js;
  }

  private generate(r: MemRegion, ops: Op[]): (cpu: Cpu) => boolean {
    const mode = this.mode;
    const M = this.model as unknown as M4Internals | null;
    const ram = r.kind === 'ram';
    const idx = ops.map((o) => (o.pc - r.base) >>> 1);
    const L: string[] = [];
    const n = ops.length;
    // constants of the factory
    for (let j = 0; j < n; j++) L.push(`const O${j} = O[${j}], E${j} = O${j}.exec;`);
    L.push('return function block(cpu) {');
    L.push(`  if (${idx.map((ix, j) => `OPS[${ix}] !== O${j}`).join(' || ')}) return false;`);
    L.push('  let nx = 0, now = 0, w = 0, dw = 0, st = 0, ea = 0, k = 0, fd = 0, c = 0, J = 0;');
    L.push('  try {');
    L.push('   slow: {');
    const wb = (j: number) => (mode === 'fold' ? `M.prevCls = ${ops[j].cls}; M.prevWrites = ${writesOf(ops[j])}; M.prevOp = O${j}; ` : '');
    for (let j = 0; j < n; j++) {
      const o = ops[j];
      const fall = (o.pc + o.size) >>> 0;
      L.push(`    // ${hex8(o.pc)} ${o.mnem}`);
      if (j > 0 && ram) L.push(`    if (OPS[${idx[j]}] !== O${j}) { ${wb(j - 1)}return true; }`);
      L.push(`    J = ${j}; R[15] = ${(o.pc + 4) >>> 0}; cpu.nextPC = ${fall}; E${j}(cpu, O${j});`);
      L.push('    nx = cpu.nextPC; cpu.pc = nx; cpu.instret++;');
      const leave = j === n - 1 ? '' : `if (nx !== ${fall} || cpu.cycles >= cpu.eventAt || cpu.stop !== null) return true;`;
      if (mode === 'none') {
        L.push(`    cpu.cycles += 1; ${leave}`);
      } else if (mode === 'call') {
        L.push(`    c = ${M === null ? '1' : `M.retire(cpu, O${j}, true)`}; cpu.cycles += c;${this.observer !== null ? ` OBS.retired(cpu, O${j}, true, c);` : ''} ${leave}`);
      } else {
        // the model's own retire() after an attention() request (exception return, ...)
        const slow = 'break slow;';
        L.push(`    if (cpu.eventAt === 0) { ${slow} }`);
        L.push('    ' + foldedTiming(M!, o, j === 0 ? null : ops[j - 1], slow));
        if (j < n - 1) L.push(`    if (nx !== ${fall} || cpu.cycles >= cpu.eventAt || cpu.stop !== null) { ${wb(j)}return true; }`);
        else L.push(`    ${wb(j)}`);
      }
    }
    L.push('    return true;');
    L.push('   }');
    if (mode === 'fold') L.push('  } catch (e) { if (J > 0) { M.prevCls = WC[J - 1]; M.prevWrites = WW[J - 1]; M.prevOp = O[J - 1]; } throw e; }');
    else L.push('  } catch (e) { throw e; }');
    // the model's own retire() for instruction J (an attention() request, exception activity)
    if (mode === 'fold') L.push('  if (J > 0) { M.prevCls = WC[J - 1]; M.prevWrites = WW[J - 1]; M.prevOp = O[J - 1]; }\n  cpu.cycles += M.retire(cpu, O[J], true);');
    L.push('  return true;');
    L.push('};');
    const src = L.join('\n');
    const factory = new Function('R', 'M', 'A', 'CC', 'ST', 'PK', 'X', 'FDW', 'FIC', 'REFILL', 'BUS', 'OPS', 'O', 'WC', 'WW', 'OBS', src) as Factory;
    const cpu = this.cpu;
    return factory(
      cpu.R,
      M,
      M?.art ?? null,
      M?.classCount ?? null,
      M?.stats ?? null,
      M?.pageKind ?? null,
      cpu.exc,
      flashDataWait,
      isCompare,
      refillCycles,
      cpu.bus,
      r.ops,
      ops,
      ops.map((o) => o.cls),
      ops.map(writesOf),
      this.observer,
    );
  }
}

/** True for instructions after which a block stops (a PC write is likely or the next
 * instructions must not run in a block). Only a performance choice: a block checks for PC
 * writes after every instruction anyway. */
function endsBlock(op: Op, codegen: boolean): boolean {
  const cls = op.cls as number;
  // the runner continues past a conditional branch that is not taken (B<c>, CBZ, CBNZ)
  if (cls === C_BRANCH && !codegen && ((op.mnem === 'b' && op.cond !== 14) || op.mnem === 'cbz' || op.mnem === 'cbnz')) return false;
  if (cls === C_BRANCH || cls === C_TB || cls === C_SYS || cls === C_WFI || cls === C_UNDEF) return true;
  // generated code does not run IT blocks (the run loop steps them); the runner does
  if (cls === C_IT) return codegen;
  if (cls === C_LDM) return (op.imm & 0x8000) !== 0;
  if (cls === C_LOAD) return op.a === 15;
  return op.a === 15 && cls <= 1;
}

