// ELF32 section-header reader: section names and sizes, enough for the SRAM table
// (arm-none-eabi-size -A gives the same numbers).
import { readFileSync } from 'node:fs';

export interface Section {
  name: string;
  type: number;
  addr: number;
  size: number;
}

export function readSections(buf: Uint8Array, name = 'ELF'): Section[] {
  if (buf.length < 52 || buf[0] !== 0x7f || buf[1] !== 0x45 || buf[2] !== 0x4c || buf[3] !== 0x46)
    throw new Error(`${name}: not an ELF file`);
  if (buf[4] !== 1) throw new Error(`${name}: not a 32-bit ELF`);
  const le = buf[5] === 1;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const shoff = dv.getUint32(32, le);
  const shentsize = dv.getUint16(46, le);
  const shnum = dv.getUint16(48, le);
  const shstrndx = dv.getUint16(50, le);
  if (shoff + shnum * shentsize > buf.length) throw new Error(`${name}: section headers beyond end of file`);
  const hdr = (i: number) => {
    const o = shoff + i * shentsize;
    return {
      nameOff: dv.getUint32(o, le),
      type: dv.getUint32(o + 4, le),
      addr: dv.getUint32(o + 12, le),
      offset: dv.getUint32(o + 16, le),
      size: dv.getUint32(o + 20, le),
    };
  };
  const strtab = hdr(shstrndx);
  const str = (off: number) => {
    let e = strtab.offset + off;
    while (e < buf.length && buf[e] !== 0) e++;
    return Buffer.from(buf.subarray(strtab.offset + off, e)).toString('latin1');
  };
  const out: Section[] = [];
  for (let i = 0; i < shnum; i++) {
    const h = hdr(i);
    out.push({ name: str(h.nameOff), type: h.type, addr: h.addr, size: h.size });
  }
  return out;
}

export interface SramUse {
  weights: number; // .weights + .grads, bytes
  activations: number; // .activations + .errors, bytes
  sections: Record<string, number>;
}

export function sramUse(path: string): SramUse {
  const secs = readSections(readFileSync(path), path);
  const get = (n: string) => secs.find((s) => s.name === n)?.size ?? 0;
  const sections: Record<string, number> = {};
  for (const n of ['.weights', '.grads', '.activations', '.errors', '.data', '.bss']) sections[n] = get(n);
  return {
    weights: sections['.weights'] + sections['.grads'],
    activations: sections['.activations'] + sections['.errors'],
    sections,
  };
}
