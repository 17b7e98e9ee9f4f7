// Address -> symbol look-up for reports, call stacks and profiles.
import type { ElfSymbol } from './elf.ts';

export class SymbolTable {
  /** functions and objects sorted by address */
  private readonly sorted: ElfSymbol[];
  private readonly byName = new Map<string, ElfSymbol>();

  constructor(readonly symbols: ElfSymbol[]) {
    this.sorted = symbols.filter((s) => s.type === 'func' || s.type === 'object' || s.type === 'notype').sort((a, b) => a.addr - b.addr || b.size - a.size);
    for (const s of symbols) if (!this.byName.has(s.name) || s.global) this.byName.set(s.name, s);
  }

  get(name: string): ElfSymbol | undefined {
    return this.byName.get(name);
  }

  /** The function containing `addr` (by its size; a sizeless symbol covers up to the next one). */
  lookup(addr: number): ElfSymbol | undefined {
    const a = this.sorted;
    let lo = 0;
    let hi = a.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid].addr <= addr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // prefer a function symbol at or before addr that actually covers it
    for (let i = best; i >= 0 && i > best - 8; i--) {
      const s = a[i];
      if (addr < s.addr + Math.max(s.size, 1) && (s.type === 'func' || s.size > 0)) return s;
    }
    // a sizeless function symbol (hand-written assembly) covers up to the next symbol
    if (best >= 0 && a[best].size === 0 && a[best].type === 'func') return a[best];
    return undefined;
  }

  /** "name+0x12" or "0x08000123" */
  describe(addr: number): string {
    const s = this.lookup(addr);
    const hex = `0x${(addr >>> 0).toString(16).padStart(8, '0')}`;
    if (!s) return hex;
    const off = addr - s.addr;
    return off === 0 ? `${s.name} (${hex})` : `${s.name}+0x${off.toString(16)} (${hex})`;
  }
}
