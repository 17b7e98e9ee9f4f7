// Minimal ELF32 little-endian reader for the firmware tests: section headers and symbols.
import { readFileSync } from 'node:fs';

export interface Section {
  name: string;
  type: number;
  addr: number;
  offset: number;
  size: number;
}

export interface Elf {
  buf: Buffer;
  entry: number;
  sections: Section[];
  symbols: Map<string, number>;
}

export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_NOBITS = 8;

export function readElf(path: string): Elf {
  const buf = readFileSync(path);
  if (buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 1 || buf[5] !== 1) throw new Error(`${path}: not an ELF32 little-endian file`);
  const entry = buf.readUInt32LE(24);
  const shoff = buf.readUInt32LE(32);
  const shentsize = buf.readUInt16LE(46);
  const shnum = buf.readUInt16LE(48);
  const shstrndx = buf.readUInt16LE(50);
  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    raw.push({
      nameOff: buf.readUInt32LE(o),
      type: buf.readUInt32LE(o + 4),
      addr: buf.readUInt32LE(o + 12),
      offset: buf.readUInt32LE(o + 16),
      size: buf.readUInt32LE(o + 20),
      link: buf.readUInt32LE(o + 24),
    });
  }
  const cstr = (off: number) => {
    let e = off;
    while (buf[e] !== 0) e++;
    return buf.toString('latin1', off, e);
  };
  const strtab = raw[shstrndx];
  const sections = raw.map((s) => ({ name: cstr(strtab.offset + s.nameOff), type: s.type, addr: s.addr, offset: s.offset, size: s.size }));
  const symbols = new Map<string, number>();
  const symtab = raw.find((s) => s.type === SHT_SYMTAB);
  if (symtab) {
    const str = raw[symtab.link];
    for (let o = symtab.offset; o < symtab.offset + symtab.size; o += 16) {
      const name = cstr(str.offset + buf.readUInt32LE(o));
      if (name) symbols.set(name, buf.readUInt32LE(o + 4));
    }
  }
  return { buf, entry, sections, symbols };
}

export function section(elf: Elf, name: string): Section {
  const s = elf.sections.find((x) => x.name === name);
  if (!s) throw new Error(`no section ${name}`);
  return s;
}

/** The committed test ELFs of firmware/Makefile, in its order. */
const MULTI = ['hello', 'arith64', 'setjmp', 'switch', 'recurse', 'sort', 'crc', 'cpubench'];
const SINGLE = ['systick', 'svc', 'pendsv', 'usagefault', 'fpu_irq', 'dsp_intrinsics', 'float_ops'];
const ASM = ['bitfield', 'divzero', 'it', 'ldm_stm', 'ldrex', 'sysregs', 'tbb'];
export const TEST_ELFS = [
  ...MULTI.flatMap((p) => ['O0', 'O2', 'Os'].map((o) => `${p}-${o}.elf`)),
  ...SINGLE.map((p) => `${p}-O2.elf`),
  ...ASM.map((p) => `asm-${p}.elf`),
];
