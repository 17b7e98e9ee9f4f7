// The code of a firmware ELF as the disassembler needs it: the executable sections with their
// bytes, and the ARM ELF mapping symbols ($t = Thumb code starts, $d = data starts, ELF for
// the Arm Architecture 5.5.5) that tell instructions from literal pools. sim/loader/elf.ts
// drops mapping symbols (they are no use for naming addresses), so they are read here.
import { readFileSync } from 'node:fs';
import { parseElf, ElfError, type Firmware } from '../loader/elf.ts';

export interface CodeSection {
  name: string;
  addr: number;
  bytes: Uint8Array;
}

export interface MappingSymbol {
  addr: number;
  kind: 't' | 'd' | 'a';
}

/** A run of Thumb instructions [start, end) inside an executable section. */
export interface CodeRange {
  section: string;
  start: number;
  end: number;
}

export interface ElfCode {
  fw: Firmware;
  sections: CodeSection[];
  /** sorted by address */
  mapping: MappingSymbol[];
}

const SHT_SYMTAB = 2;
const SHT_NOBITS = 8;
const SHF_EXECINSTR = 4;

export function readElfCode(path: string): ElfCode {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ElfError(`${path}: cannot read file (${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message})`);
  }
  return elfCode(buf, path);
}

/** Executable sections and mapping symbols of an ELF already checked by parseElf. */
export function elfCode(buf: Buffer, path = '<buffer>'): ElfCode {
  const fw = parseElf(buf, path);
  const shoff = buf.readUInt32LE(32);
  const shentsize = buf.readUInt16LE(46);
  const shnum = buf.readUInt16LE(48);
  const hdr = (i: number) => {
    const o = shoff + i * shentsize;
    return {
      type: buf.readUInt32LE(o + 4),
      flags: buf.readUInt32LE(o + 8),
      addr: buf.readUInt32LE(o + 12),
      off: buf.readUInt32LE(o + 16),
      size: buf.readUInt32LE(o + 20),
      link: buf.readUInt32LE(o + 24),
      entsize: buf.readUInt32LE(o + 36),
    };
  };
  const sections: CodeSection[] = [];
  const execIdx = new Set<number>();
  for (let i = 0; i < shnum; i++) {
    const h = hdr(i);
    if ((h.flags & SHF_EXECINSTR) === 0 || h.type === SHT_NOBITS || h.size === 0) continue;
    execIdx.add(i);
    sections.push({ name: fw.sections[i].name, addr: h.addr >>> 0, bytes: new Uint8Array(buf.buffer, buf.byteOffset + h.off, h.size) });
  }
  const mapping: MappingSymbol[] = [];
  for (let i = 0; i < shnum; i++) {
    const st = hdr(i);
    if (st.type !== SHT_SYMTAB) continue;
    const str = hdr(st.link);
    const entsize = st.entsize || 16;
    for (let o = st.off + entsize; o + 16 <= st.off + st.size; o += entsize) {
      const shndx = buf.readUInt16LE(o + 14);
      if (!execIdx.has(shndx)) continue;
      const nameOff = str.off + buf.readUInt32LE(o);
      // "$t", "$d", "$a", optionally followed by ".<anything>"
      if (buf[nameOff] !== 0x24) continue;
      const k = String.fromCharCode(buf[nameOff + 1]);
      const after = buf[nameOff + 2];
      if ((k !== 't' && k !== 'd' && k !== 'a') || (after !== 0 && after !== 0x2e)) continue;
      mapping.push({ addr: buf.readUInt32LE(o + 4) >>> 0, kind: k });
    }
  }
  mapping.sort((a, b) => a.addr - b.addr);
  return { fw, sections, mapping };
}

/** The Thumb code runs of every executable section: from each $t to the next $d/$a or the
 * section's end. A section without mapping symbols is taken as all code. */
export function codeRanges(code: ElfCode): CodeRange[] {
  const out: CodeRange[] = [];
  for (const s of code.sections) {
    const end = s.addr + s.bytes.length;
    const marks = code.mapping.filter((m) => m.addr >= s.addr && m.addr < end);
    if (marks.length === 0) {
      out.push({ section: s.name, start: s.addr, end });
      continue;
    }
    for (let i = 0; i < marks.length; i++) {
      if (marks[i].kind !== 't') continue;
      const stop = i + 1 < marks.length ? marks[i + 1].addr : end;
      if (stop > marks[i].addr) out.push({ section: s.name, start: marks[i].addr, end: stop });
    }
  }
  // merge adjacent runs ($t after $t)
  const merged: CodeRange[] = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && last.section === r.section && last.end === r.start) last.end = r.end;
    else merged.push({ ...r });
  }
  return merged;
}

/** The bytes of an executable section at [addr, addr+len), or undefined outside them. */
export function codeBytes(code: ElfCode, addr: number, len: number): Uint8Array | undefined {
  for (const s of code.sections) {
    if (addr >= s.addr && addr + len <= s.addr + s.bytes.length) return s.bytes.subarray(addr - s.addr, addr - s.addr + len);
  }
  return undefined;
}

/** True if `addr` lies in data ($d) according to the mapping symbols. */
export function isData(code: ElfCode, addr: number): boolean {
  const m = code.mapping;
  let lo = 0;
  let hi = m.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (m[mid].addr <= addr) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best >= 0 && m[best].kind === 'd';
}
