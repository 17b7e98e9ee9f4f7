// Disassembly with symbols: a function listing with the static cycle estimate of each
// instruction (m4sim disasm), the few instructions around a PC (fault reports), and a
// per-address text cache for the execution tracer. Text comes from capstone; lengths, classes
// and costs from m4sim's own decoder.
import { thumbDecoder, is32 } from '../isa/decoder.ts';
import { SymbolTable } from '../loader/symbols.ts';
import type { CoreTimingParams } from '../timing/m4.ts';
import type { Session } from '../session.ts';
import { capstone, insnText, type CapstoneThumb, type Insn } from './capstone.ts';
import { readElfCode, codeRanges, codeBytes, isData, type ElfCode, type CodeRange } from './elfcode.ts';
import { staticCycles } from './cost.ts';

export { loadCapstone, capstone, CapstoneThumb } from './capstone.ts';
export { readElfCode, codeRanges, type ElfCode, type CodeRange } from './elfcode.ts';
export { staticCycles } from './cost.ts';

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** Reads memory for disassembly; throws or returns undefined where there is none. */
export type ByteSource = (addr: number, len: number) => Uint8Array | undefined;

/**
 * Disassembly text by address, cached. A missing address is filled by disassembling the
 * whole run of code around it (its function, cut to the $t..$d code range) in one pass, so
 * instructions in IT blocks get their conditions; code outside the ELF (RAM) is disassembled
 * one instruction at a time from `bytes`.
 */
export class CodeText {
  private readonly cache = new Map<number, string>();
  private readonly ranges: CodeRange[];

  constructor(
    readonly cs: CapstoneThumb,
    readonly code: ElfCode | undefined,
    readonly symbols: SymbolTable,
    readonly bytes: ByteSource,
  ) {
    this.ranges = code ? codeRanges(code) : [];
  }

  text(addr: number): string {
    const t = this.cache.get(addr);
    if (t !== undefined) return t;
    this.fill(addr);
    return this.cache.get(addr) ?? '(no instruction memory)';
  }

  private fill(addr: number): void {
    const r = this.ranges.find((x) => addr >= x.start && addr < x.end);
    let start = addr;
    let end = addr + 4;
    if (r !== undefined) {
      const f = this.symbols.lookup(addr);
      start = f && f.type === 'func' && f.addr >= r.start && f.addr <= addr ? f.addr : r.start;
      end = f && f.type === 'func' && f.size > 0 && f.addr + f.size <= r.end && f.addr + f.size > addr ? f.addr + f.size : r.end;
      // very long runs without a function symbol: start near the address
      if (addr - start > 65536) start = addr;
      if (end - addr > 65536) end = addr + 65536;
    }
    // memory first (it is what runs), the ELF's bytes where memory cannot be read
    let b: Uint8Array | undefined;
    try {
      b = this.bytes(start, end - start);
    } catch {
      b = undefined;
    }
    if (b === undefined && r && this.code) b = codeBytes(this.code, start, end - start);
    if (b === undefined) return;
    const list = r !== undefined ? this.cs.disasmRange(b, start) : this.cs.disasmRange(b.subarray(0, is32(b[0] | (b[1] << 8)) ? 4 : 2), start);
    for (const i of list) if (!this.cache.has(i.addr)) this.cache.set(i.addr, insnText(i));
    // an address in the middle of what the pass decoded (a branch into the second half of a
    // 32-bit instruction, or a different IT context): decode it alone
    if (!this.cache.has(addr)) {
      try {
        const one = this.bytes(addr, 4);
        if (one) {
          const i = this.cs.disasmRange(one.subarray(0, is32(one[0] | (one[1] << 8)) ? 4 : 2), addr)[0];
          if (i) this.cache.set(addr, insnText(i));
        }
      } catch {
        // no memory there
      }
    }
  }
}

export interface ListingOptions {
  /** the profile's timing.core numbers, for the cycle column */
  timing: CoreTimingParams;
}

/** The listing of one function (or every function when `name` is undefined): address,
 * encoding, capstone's text, branch targets and literals named, and the static cycle
 * estimate from m4sim's decoder. Throws Error with a one-line message for an unknown name. */
export function listFunction(code: ElfCode, cs: CapstoneThumb, name: string | undefined, opts: ListingOptions): string[] {
  const symbols = new SymbolTable(code.fw.symbols);
  const funcs = code.fw.symbols.filter((s) => s.type === 'func' && (name === undefined || s.name === name));
  if (funcs.length === 0) {
    if (name === undefined) throw new Error(`${code.fw.path}: no function symbols`);
    const near = code.fw.symbols.filter((s) => s.type === 'func' && s.name.toLowerCase().includes(name.toLowerCase())).slice(0, 5);
    throw new Error(`${code.fw.path}: no function named '${name}'${near.length ? ` (did you mean ${near.map((s) => s.name).join(', ')}?)` : ''}`);
  }
  // one listing per address (aliases: weak default handlers share one body)
  const seen = new Set<number>();
  const out: string[] = [];
  for (const f of funcs.sort((a, b) => a.addr - b.addr)) {
    if (seen.has(f.addr)) continue;
    seen.add(f.addr);
    const size = f.size > 0 ? f.size : 2;
    const bytes = codeBytes(code, f.addr, size);
    if (bytes === undefined) throw new Error(`${code.fw.path}: ${f.name} at 0x${hex8(f.addr)} is not in an executable section`);
    const aliases = code.fw.symbols.filter((s) => s.type === 'func' && s.addr === f.addr && s.name !== f.name).map((s) => s.name);
    const also = aliases.length > 4 ? `${aliases.slice(0, 4).join(', ')} and ${aliases.length - 4} more` : aliases.join(', ');
    out.push(`${hex8(f.addr)} <${f.name}>:${aliases.length ? `  (also ${also})` : ''}  ${size} bytes`);
    out.push(...listRange(code, cs, symbols, f.addr, bytes, opts));
    out.push('');
  }
  return out;
}

function listRange(code: ElfCode, cs: CapstoneThumb, symbols: SymbolTable, base: number, bytes: Uint8Array, opts: ListingOptions): string[] {
  const out: string[] = [];
  const dec = thumbDecoder();
  let off = 0;
  let total = 0;
  while (off < bytes.length) {
    const addr = base + off;
    if (isData(code, addr)) {
      // literal pool: words (or a trailing halfword) up to the next $t
      let end = off;
      while (end < bytes.length && isData(code, base + end)) end += 2;
      for (let o = off; o < end; ) {
        if (end - o >= 4 && (base + o) % 4 === 0) {
          const w = (bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24)) >>> 0;
          const s = symbols.lookup(w & ~1);
          out.push(`  ${hex8(base + o)}:  ${hex8(w)}   .word 0x${hex8(w)}${s ? `  ; ${symbols.describe(w & ~1).split(' ')[0]}` : ''}`);
          o += 4;
        } else {
          const h = bytes[o] | (bytes[o + 1] << 8);
          out.push(`  ${hex8(base + o)}:  ${h.toString(16).padStart(4, '0')}       .short 0x${h.toString(16).padStart(4, '0')}`);
          o += 2;
        }
      }
      off = end;
      continue;
    }
    // the code run up to the next data or the end, in one capstone pass
    let end = off;
    while (end < bytes.length && !isData(code, base + end)) end += 2;
    const insns = cs.disasmRange(bytes.subarray(off, end), addr);
    for (const i of insns) {
      const o = i.addr - base;
      const hw1 = bytes[o] | (bytes[o + 1] << 8);
      const wide = i.size === 4;
      const hw2 = wide ? bytes[o + 2] | (bytes[o + 3] << 8) : 0;
      const op = dec.decode(hw1, hw2, i.addr);
      const enc = wide ? `${hw1.toString(16).padStart(4, '0')} ${hw2.toString(16).padStart(4, '0')}` : `${hw1.toString(16).padStart(4, '0')}     `;
      const cyc = staticCycles(op, opts.timing);
      const n = Number.parseInt(cyc, 10);
      if (Number.isFinite(n)) total += n;
      const note = annotate(i, code, symbols);
      out.push(`  ${hex8(i.addr)}:  ${enc}  ${insnText(i).padEnd(34)} ${cyc.padStart(5)}${note ? `  ; ${note}` : ''}`);
    }
    off = end;
  }
  out.push(`  static estimate, every instruction once (lower bound of ranges): ${total} cycles`);
  return out;
}

/** Names the target of a branch, and the address and value of a PC-relative literal load. */
function annotate(i: Insn, code: ElfCode, symbols: SymbolTable): string {
  const m = i.mnemonic.replace(/\.[nw]$/, '');
  if (/^(b|bl|blx|cbn?z)([a-z]{2})?$/.test(m)) {
    const t = /#?0x([0-9a-f]+)\s*$/.exec(i.opStr);
    if (t) {
      const target = Number.parseInt(t[1], 16);
      return symbols.describe(target).split(' ')[0];
    }
  }
  const lit = /\[pc, #(-?)(0x[0-9a-f]+|\d+)\]/.exec(i.opStr);
  if (lit && /^(ldr|vldr)/.test(m)) {
    const n = Number(lit[2]);
    const a = ((i.addr + 4) & ~3) + (lit[1] === '-' ? -n : n);
    const b = codeBytes(code, a, 4) ?? readOther(code, a);
    if (b) {
      const w = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
      const s = symbols.lookup(w & ~1);
      return `0x${hex8(a)} = 0x${hex8(w)}${s ? ` ${symbols.describe(w & ~1).split(' ')[0]}` : ''}`;
    }
  }
  return '';
}

function readOther(code: ElfCode, a: number): Uint8Array | undefined {
  for (const s of code.fw.segments) {
    if (a >= s.paddr && a + 4 <= s.paddr + s.data.length) return s.data.subarray(a - s.paddr, a - s.paddr + 4);
  }
  return undefined;
}

const elfCache = new Map<string, ElfCode | null>();

function sessionCode(s: Session): ElfCode | undefined {
  const p = s.opts.elf;
  let c = elfCache.get(p);
  if (c === undefined) {
    try {
      c = readElfCode(p);
    } catch {
      c = null;
    }
    elfCache.set(p, c);
  }
  return c ?? undefined;
}

/**
 * The instructions around `pc` for a report: up to `before` instructions before it (found by
 * disassembling forward from the start of its function or code range), the one at `pc`
 * marked "=>", and `after` more. Text from capstone once loadCapstone() has completed, else
 * m4sim's own mnemonics with the encoding.
 */
export function disassembleAround(session: Session, pc: number, before: number, after: number): string[] {
  const bus = session.sys.bus;
  const symbols = session.symbols;
  const code = sessionCode(session);
  pc = pc >>> 0 & ~1;
  const ranges = code ? codeRanges(code) : [];
  const r = ranges.find((x) => pc >= x.start && pc < x.end);
  const f = symbols.lookup(pc);
  let start = pc;
  if (r) start = f && f.type === 'func' && f.addr >= r.start && f.addr <= pc ? f.addr : Math.max(r.start, pc - 64);
  else if (f && f.type === 'func' && pc - f.addr <= 256) start = f.addr;
  if (pc - start > 4096) start = pc - 64;
  const stopAt = r ? r.end : pc + 64;
  // walk forward with m4sim's decoder for lengths
  const dec = thumbDecoder();
  const addrs: number[] = [];
  let a = start;
  let hitIndex = -1;
  const peek16 = (x: number): number | undefined => {
    try {
      const b = bus.peek(x, 2);
      return b[0] | (b[1] << 8);
    } catch {
      return undefined;
    }
  };
  while (a < stopAt) {
    if (a === pc) hitIndex = addrs.length;
    else if (a > pc && hitIndex < 0) {
      // the walk stepped over pc (it is inside an instruction as decoded from the start):
      // restart at pc itself
      addrs.length = 0;
      a = pc;
      continue;
    }
    if (hitIndex >= 0 && addrs.length - hitIndex > after) break;
    const h = peek16(a);
    if (h === undefined) break;
    addrs.push(a);
    a += is32(h) ? 4 : 2;
    if (code && isData(code, a)) break;
  }
  if (hitIndex < 0) return [`  (no instruction memory at 0x${hex8(pc)})`];
  const first = Math.max(0, hitIndex - before);
  const shown = addrs.slice(first, hitIndex + after + 1);
  const cs = capstone();
  const text = cs ? new CodeText(cs, code, symbols, (x, n) => bus.peek(x, n)) : undefined;
  const lines: string[] = [];
  for (const x of shown) {
    let t: string;
    const h1 = peek16(x)!;
    const wide = is32(h1);
    const h2 = wide ? peek16(x + 2) ?? 0 : 0;
    const enc = wide ? `${h1.toString(16).padStart(4, '0')} ${h2.toString(16).padStart(4, '0')}` : `${h1.toString(16).padStart(4, '0')}     `;
    if (text) t = text.text(x);
    else t = dec.decode(h1, h2, x).mnem;
    const sym = symbols.describe(x).split(' ')[0];
    lines.push(`  ${x === pc ? '=>' : '  '} ${hex8(x)} <${sym}>:  ${enc}  ${t}`);
  }
  return lines;
}
