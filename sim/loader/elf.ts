// Loads an ARM firmware ELF: PT_LOAD segments at their physical (load) addresses, the
// symbol table (elfy does not parse it), and the section headers (for the memory footprint).
// Every way a file can be unusable is reported as one ElfError line naming the file.
import { readFileSync, statSync } from 'node:fs';
import elfy from 'elfy';
import { hex8 } from '../hex.ts';

export class ElfError extends Error {}

export interface Segment {
  paddr: number;
  vaddr: number;
  data: Uint8Array;
  memsz: number;
  flags: { r: boolean; w: boolean; x: boolean };
}

export interface Section {
  name: string;
  type: string;
  addr: number;
  size: number;
  /** SHF_ALLOC: occupies memory at run time */
  alloc: boolean;
  /** SHF_WRITE */
  write: boolean;
  /** SHF_EXECINSTR */
  exec: boolean;
  /** SHT_NOBITS (.bss-like: no bytes in the file) */
  nobits: boolean;
}

export interface ElfSymbol {
  name: string;
  /** address with the Thumb bit cleared for functions */
  addr: number;
  size: number;
  type: 'func' | 'object' | 'notype' | 'section' | 'file' | 'other';
  global: boolean;
}

export interface Firmware {
  path: string;
  entry: number;
  segments: Segment[];
  sections: Section[];
  symbols: ElfSymbol[];
}

const SHT_SYMTAB = 2;

export function loadElfFile(path: string): Firmware {
  let buf: Buffer;
  try {
    if (!statSync(path).isFile()) throw new ElfError(`${path}: not a regular file`);
    buf = readFileSync(path);
  } catch (e) {
    if (e instanceof ElfError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ElfError(`${path}: cannot read file (${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message})`);
  }
  return parseElf(buf, path);
}

export function parseElf(buf: Buffer, path = '<buffer>'): Firmware {
  const fail = (why: string): never => {
    throw new ElfError(`${path}: ${why}`);
  };
  if (buf.length < 52) fail(buf.length >= 4 && buf.subarray(0, 4).toString('latin1') === '\x7fELF' ? 'truncated ELF header' : 'not an ELF file');
  if (buf.subarray(0, 4).toString('latin1') !== '\x7fELF') fail('not an ELF file (bad magic)');
  if (buf[4] !== 1) fail(`not a 32-bit ELF (EI_CLASS ${buf[4]})`);
  if (buf[5] !== 1) fail(`not little-endian (EI_DATA ${buf[5]})`);
  const machine = buf.readUInt16LE(18);
  if (machine !== 40) fail(`not an ARM ELF (e_machine ${machine})`);
  const phoff = buf.readUInt32LE(28);
  const shoff = buf.readUInt32LE(32);
  const phentsize = buf.readUInt16LE(42);
  const phnum = buf.readUInt16LE(44);
  const shentsize = buf.readUInt16LE(46);
  const shnum = buf.readUInt16LE(48);
  const shstrndx = buf.readUInt16LE(50);
  if (phnum > 0 && (phentsize < 32 || phoff + phnum * phentsize > buf.length)) fail('truncated or inconsistent program headers');
  if (shnum > 0 && (shentsize < 40 || shoff + shnum * shentsize > buf.length)) fail('truncated or inconsistent section headers');
  if (shnum > 0 && shstrndx >= shnum) fail('section name table index out of range');

  let parsed: ReturnType<typeof elfy.parse>;
  try {
    parsed = elfy.parse(buf);
  } catch (e) {
    return fail(`malformed ELF (${(e as Error).message})`);
  }

  const segments: Segment[] = [];
  for (const p of parsed.body.programs) {
    if (p.type !== 'load' || p.memsz === 0) continue;
    if (p.offset + p.filesz > buf.length) fail(`segment at ${hex8(p.paddr)} extends past the end of the file`);
    if (p.filesz > p.memsz) fail(`segment at ${hex8(p.paddr)} has filesz > memsz`);
    segments.push({
      paddr: p.paddr >>> 0,
      vaddr: p.vaddr >>> 0,
      data: new Uint8Array(buf.buffer, buf.byteOffset + p.offset, p.filesz),
      memsz: p.memsz,
      flags: { r: !!p.flags.r, w: !!p.flags.w, x: !!p.flags.x },
    });
  }
  if (segments.length === 0) fail('no loadable segments');

  const sections: Section[] = [];
  const raw: { type: number; off: number; size: number; link: number; entsize: number }[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    const type = buf.readUInt32LE(o + 4);
    const flags = buf.readUInt32LE(o + 8);
    const off = buf.readUInt32LE(o + 16);
    const size = buf.readUInt32LE(o + 20);
    raw.push({ type, off, size, link: buf.readUInt32LE(o + 24), entsize: buf.readUInt32LE(o + 36) });
    const s = parsed.body.sections[i];
    if (type !== 8 && type !== 0 && off + size > buf.length) fail(`section ${s?.name ?? i} extends past the end of the file`);
    sections.push({
      name: s?.name ?? '',
      type: String(s?.type ?? type),
      addr: buf.readUInt32LE(o + 12),
      size,
      alloc: (flags & 2) !== 0,
      write: (flags & 1) !== 0,
      exec: (flags & 4) !== 0,
      nobits: type === 8,
    });
  }

  const symbols: ElfSymbol[] = [];
  const symtabIdx = raw.findIndex((s) => s.type === SHT_SYMTAB);
  if (symtabIdx >= 0) {
    const st = raw[symtabIdx];
    const strtab = raw[st.link];
    if (!strtab) fail('symbol table has no string table');
    const entsize = st.entsize || 16;
    for (let o = st.off + entsize; o + 16 <= st.off + st.size; o += entsize) {
      const nameOff = buf.readUInt32LE(o);
      const value = buf.readUInt32LE(o + 4);
      const size = buf.readUInt32LE(o + 8);
      const info = buf[o + 12];
      const shndx = buf.readUInt16LE(o + 14);
      if (shndx === 0) continue; // undefined
      const t = info & 15;
      const type = t === 2 ? 'func' : t === 1 ? 'object' : t === 0 ? 'notype' : t === 3 ? 'section' : t === 4 ? 'file' : 'other';
      if (type === 'section' || type === 'file') continue;
      let end = strtab.off + nameOff;
      while (end < strtab.off + strtab.size && buf[end] !== 0) end++;
      const name = buf.toString('latin1', strtab.off + nameOff, end);
      if (name === '' || name.startsWith('$')) continue; // mapping symbols $t/$d
      symbols.push({ name, addr: (type === 'func' ? value & ~1 : value) >>> 0, size, type, global: info >>> 4 === 1 });
    }
  }
  return { path, entry: parsed.entry >>> 0, segments, sections, symbols };
}
