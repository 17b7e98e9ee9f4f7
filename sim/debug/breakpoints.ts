// Breakpoints and watchpoints for the debugger.
//
// Breakpoints cost nothing while the core runs: the decoded instruction cached at the address
// (MemRegion.ops, the decode cache the run loop fetches from) is replaced by a breakpoint Op
// whose exec stops the run before the instruction has any effect (nextPC = pc, so the real
// instruction runs when execution resumes). The original Op is put back on removal, and the
// breakpoint is put back before every resume if the cache entry was dropped meanwhile (a
// write to the code, or the debugger writing memory). The run loop still counts the
// breakpoint Op as retired (instret, cycles, ITAdvance): the server undoes that from the
// state saved here at the hit.
//
// Watchpoints need to see every load and store, so they use the core's retire observer
// (installed only while a watchpoint exists): after each executed load/store the effective
// address cpu.ea and the access size (from op.cls and the access kind in op.d / op.n) are
// compared with the watched ranges. The stop comes after the accessing instruction.
import { Op, Cls } from '../core/op.ts';
import type { Cpu, RetireObserver } from '../core/cpu.ts';
import type { MemRegion } from '../memory/bus.ts';

/** imm of the breakpoint StopReason the debugger's own breakpoints and watchpoints give */
export const BP_IMM = -1;
export const WP_IMM = -2;

/** What the core looked like just before a breakpoint Op ran (to undo its retirement). */
export interface HitState {
  pc: number;
  itState: number;
  instret: number;
  cycles: number;
}

let lastHit: HitState | null = null;

/** The state saved by the last breakpoint hit (and clears it). */
export function takeHit(): HitState | null {
  const h = lastHit;
  lastHit = null;
  return h;
}

// BKPT (debugger breakpoint): stops before the instruction at this address executes
function breakpointExec(cpu: Cpu, o: Op): void {
  lastHit = { pc: o.pc, itState: cpu.itState, instret: cpu.instret, cycles: cpu.cycles };
  cpu.nextPC = o.pc;
  cpu.stop = { kind: 'breakpoint', imm: BP_IMM };
}

interface Installed {
  addr: number;
  region: MemRegion;
  bp: Op;
  /** the decoded instruction the breakpoint replaces */
  orig: Op;
}

export class Breakpoints {
  private readonly map = new Map<number, Installed>();

  constructor(private readonly cpu: Cpu) {}

  get size(): number {
    return this.map.size;
  }

  has(addr: number): boolean {
    return this.map.has(addr);
  }

  /** Inserts a breakpoint; false if there is no memory (or no instruction) at addr. */
  insert(addr: number): boolean {
    addr = (addr & ~1) >>> 0;
    if (this.map.has(addr)) return true;
    const region = this.cpu.bus.region(addr);
    if (region === undefined || addr + 2 > region.end) return false;
    let orig: Op;
    try {
      orig = this.cpu.fetch(addr);
    } catch {
      return false;
    }
    const bp = new Op('bkpt', breakpointExec, orig.size);
    bp.pc = addr;
    bp.raw = orig.raw;
    bp.cls = Cls.SYS;
    const e = { addr, region, bp, orig };
    this.map.set(addr, e);
    this.place(e);
    return true;
  }

  remove(addr: number): boolean {
    addr = (addr & ~1) >>> 0;
    const e = this.map.get(addr);
    if (!e) return false;
    this.map.delete(addr);
    const off = addr - e.region.base;
    // put the original back only if the breakpoint is still what the cache holds
    if (e.region.ops[off >>> 1] === e.bp) e.region.ops[off >>> 1] = e.orig;
    return true;
  }

  removeAll(): void {
    for (const a of [...this.map.keys()]) this.remove(a);
  }

  /** Puts every breakpoint back into the decode cache (after code was rewritten). */
  refresh(): void {
    for (const e of this.map.values()) {
      const off = e.addr - e.region.base;
      if (e.region.ops[off >>> 1] !== e.bp) {
        // the cache entry was dropped: decode the (possibly new) instruction again
        e.region.ops[off >>> 1] = undefined;
        try {
          e.orig = this.cpu.fetch(e.addr);
        } catch {
          continue;
        }
        e.bp.size = e.orig.size;
        e.bp.raw = e.orig.raw;
        this.place(e);
      }
    }
  }

  /** Runs `fn` with the breakpoint at addr (if any) lifted, e.g. to step off it. */
  lifted<T>(addr: number, fn: () => T): T {
    const e = this.map.get(addr);
    if (!e) return fn();
    const slot = (addr - e.region.base) >>> 1;
    if (e.region.ops[slot] === e.bp) e.region.ops[slot] = e.orig;
    try {
      return fn();
    } finally {
      this.refresh();
    }
  }

  private place(e: Installed): void {
    const off = e.addr - e.region.base;
    // drop anything derived from the old entry (and its aliases), then install
    e.region.invalidate(off, e.orig.size);
    e.region.cache(off, e.bp);
  }
}

export type WatchKind = 'write' | 'read' | 'access';

interface Watch {
  addr: number;
  len: number;
  kind: WatchKind;
}

export interface WatchHit {
  kind: WatchKind;
  /** the watched address that was hit */
  addr: number;
  /** the accessing instruction */
  pc: number;
}

/** The bytes and direction of an executed instruction's data access, from its class. */
export function accessOf(op: Op): { size: number; write: boolean } | null {
  switch (op.cls) {
    case Cls.LOAD:
    case Cls.STORE: {
      const kind = op.d >>> 4; // 0 word, 1 halfword, 2 signed halfword, 3/4 byte
      return { size: kind === 0 ? 4 : kind <= 2 ? 2 : 1, write: op.cls === Cls.STORE };
    }
    case Cls.LDRD:
      return { size: 8, write: false };
    case Cls.STRD:
      return { size: 8, write: true };
    case Cls.LDM:
    case Cls.FPLDM:
    case Cls.FPLOAD:
      return { size: 4 * Math.max(op.n, 1), write: false };
    case Cls.STM:
    case Cls.FPSTM:
    case Cls.FPSTORE:
      return { size: 4 * Math.max(op.n, 1), write: true };
    case Cls.TB:
      return { size: op.mnem === 'tbh' ? 2 : 1, write: false };
    case Cls.EXCL: {
      const m = op.mnem;
      if (m === 'clrex') return null;
      const size = m.endsWith('b') ? 1 : m.endsWith('h') ? 2 : 4;
      return { size, write: m.startsWith('str') };
    }
    default:
      return null;
  }
}

export class Watchpoints implements RetireObserver {
  private list: Watch[] = [];
  hit: WatchHit | null = null;
  /** the observer that was installed before ours (chained) */
  private prev: RetireObserver | null = null;
  private installed = false;

  constructor(private readonly cpu: Cpu) {}

  get size(): number {
    return this.list.length;
  }

  insert(addr: number, len: number, kind: WatchKind): void {
    this.list.push({ addr: addr >>> 0, len: Math.max(len, 1), kind });
    this.update();
  }

  remove(addr: number, len: number, kind: WatchKind): boolean {
    const i = this.list.findIndex((w) => w.addr === addr >>> 0 && w.len === Math.max(len, 1) && w.kind === kind);
    if (i < 0) return false;
    this.list.splice(i, 1);
    this.update();
    return true;
  }

  removeAll(): void {
    this.list = [];
    this.update();
  }

  private update(): void {
    if (this.list.length > 0 && !this.installed) {
      this.prev = this.cpu.observer;
      this.cpu.observer = this;
      this.installed = true;
    } else if (this.list.length === 0 && this.installed) {
      this.cpu.observer = this.prev;
      this.prev = null;
      this.installed = false;
    }
  }

  retired(cpu: Cpu, op: Op, executed: boolean, cycles: number): void {
    if (this.prev !== null) this.prev.retired(cpu, op, executed, cycles);
    if (!executed) return;
    const acc = accessOf(op);
    if (acc === null) return;
    const lo = cpu.ea >>> 0;
    const hi = lo + acc.size;
    for (const w of this.list) {
      if (lo < w.addr + w.len && w.addr < hi) {
        if (w.kind === 'write' && !acc.write) continue;
        if (w.kind === 'read' && acc.write) continue;
        this.hit = { kind: w.kind, addr: Math.max(w.addr, lo), pc: op.pc };
        cpu.stop = { kind: 'breakpoint', imm: WP_IMM };
        return;
      }
    }
  }
}
