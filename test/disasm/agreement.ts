// Walks every instruction of a firmware ELF's code (the $t..$d runs of its executable
// sections) with m4sim's decoder, capstone and arm-none-eabi-objdump -d, and lists where they
// disagree on the length or the mnemonic. Mnemonics are compared after removing what is only
// syntax: width qualifiers (.w/.n), data-type suffixes (.f32, .s32.f32, .32, .8), condition
// suffixes, the flag-setting 's', the IT block's t/e pattern; and a small table of aliases
// (ALIASES), each a pair of names for the same encodings.
import { execFileSync } from 'node:child_process';
import { thumbDecoder } from '../../sim/isa/decoder.ts';
import { readElfCode, codeRanges, codeBytes } from '../../sim/disasm/elfcode.ts';
import type { CapstoneThumb } from '../../sim/disasm/capstone.ts';

/** Names of the same instruction in different tools or in the manual (normalised forms). */
export const ALIASES: [string, string][] = [
  ['push', 'stmdb'], // PUSH is STMDB SP! (A7.7.99)
  ['pop', 'ldm'], // POP is LDM SP! (A7.7.98)
  ['pop', 'ldmia'],
  ['pop', 'ldr'], // POP with one register (T3) is LDR Rt, [SP], #4
  ['push', 'str'], // PUSH with one register (T3) is STR Rt, [SP, #-4]!
  ['ldm', 'ldmia'],
  ['ldm', 'ldmfd'],
  ['stm', 'stmia'],
  ['stm', 'stmea'],
  ['stmdb', 'stmfd'],
  ['ldmdb', 'ldmea'],
  ['mov', 'lsl'], // MOV Rd, Rm is LSL #0 (T2 of LSL immediate with imm5 = 0)
  // MOV (shifted register) is the pseudo-instruction for the shifts by immediate (A7.7.77)
  ['asr', 'mov'],
  ['lsr', 'mov'],
  ['ror', 'mov'],
  ['rrx', 'mov'],
  ['mov', 'movw'], // MOVW is MOV (immediate) T3
  ['rsb', 'neg'], // NEG is RSB #0 (UAL)
  ['add', 'addw'],
  ['sub', 'subw'],
  ['adr', 'add'], // ADR is ADD Rd, PC, #imm (A7.7.7)
  ['adr', 'sub'],
  ['adr', 'addw'],
  ['adr', 'subw'],
  ['vpush', 'vstmdb'],
  ['vpop', 'vldmia'],
  ['vpop', 'vldm'],
  ['vldm', 'vldmia'],
  ['vstm', 'vstmia'],
  ['vmrs', 'fmstat'],
  ['svc', 'swi'],
  ['undefined', 'udf'], // m4sim names UDF (permanently UNDEFINED, A7.7.194) by what it does
  ['nop', 'mov'], // 16-bit MOV r8, r8 is listed as NOP by some tools
  ['cps', 'cpsid'],
  ['cps', 'cpsie'],
  ['vcvt', 'vcvtr'], // VCVTR is VCVT with the FPSCR rounding mode (op = 0)
  ['vmov', 'vmov'],
  ['vstmdb', 'vstm'],
  ['vldmdb', 'vldm'],
];

const CONDS = ['eq', 'ne', 'cs', 'hs', 'cc', 'lo', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al'];

/** The manual's base names a tool's mnemonic may stand for (syntax stripped). */
export function candidates(m: string): Set<string> {
  m = m.toLowerCase().trim();
  const out = new Set<string>();
  const base = m.split('.')[0];
  if (/^it[te]{0,3}$/.test(base)) return new Set(['it']);
  const add = (x: string) => {
    if (x.length === 0) return;
    out.add(x);
    if (x.endsWith('s') && x.length > 1) out.add(x.slice(0, -1));
  };
  add(base);
  for (const c of CONDS) {
    if (base.length > c.length && base.endsWith(c)) add(base.slice(0, -c.length));
    // UAL puts the condition after the 's': addseq
    if (base.length > c.length + 1 && base.endsWith('s' + c)) add(base.slice(0, -c.length - 1));
  }
  return out;
}

function aliasesOf(m: string): Set<string> {
  const s = new Set([m]);
  for (const [a, b] of ALIASES) {
    if (a === m) s.add(b);
    if (b === m) s.add(a);
  }
  return s;
}

/** True if m4sim's mnemonic `ours` names what the tool printed as `theirs`. */
export function sameMnemonic(ours: string, theirs: string): boolean {
  const c = candidates(theirs);
  const o = candidates(ours);
  for (const x of o) for (const y of aliasesOf(x)) if (c.has(y)) return true;
  return false;
}

export interface Disagreement {
  elf: string;
  addr: number;
  encoding: string;
  tool: 'capstone' | 'objdump';
  ours: string;
  theirs: string;
  what: 'length' | 'mnemonic' | 'missing';
}

export interface AgreementResult {
  instructions: number;
  disagreements: Disagreement[];
}

/** objdump -d: address -> { size, mnemonic } for instruction lines (not .word/.short). */
export function objdumpInsns(elf: string): Map<number, { size: number; mnem: string }> {
  const txt = execFileSync('arm-none-eabi-objdump', ['-d', '-z', elf], { maxBuffer: 1 << 28 }).toString('latin1');
  const map = new Map<number, { size: number; mnem: string }>();
  for (const line of txt.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f]{4}(?: [0-9a-f]{4})?|[0-9a-f]{8})\s*\t(\S+)/.exec(line);
    if (!m) continue;
    const mnem = m[3];
    if (mnem.startsWith('.')) continue; // .word / .short / .byte: data
    const size = m[2].length === 4 ? 2 : 4;
    map.set(Number.parseInt(m[1], 16), { size, mnem });
  }
  return map;
}

function enc(b: Uint8Array, off: number, size: number): string {
  const h1 = (b[off] | (b[off + 1] << 8)).toString(16).padStart(4, '0');
  if (size === 2) return h1;
  return `${h1} ${(b[off + 2] | (b[off + 3] << 8)).toString(16).padStart(4, '0')}`;
}

export function checkElf(elf: string, cs: CapstoneThumb): AgreementResult {
  const code = readElfCode(elf);
  const dec = thumbDecoder();
  const od = objdumpInsns(elf);
  const out: Disagreement[] = [];
  let n = 0;
  for (const r of codeRanges(code)) {
    const bytes = codeBytes(code, r.start, r.end - r.start)!;
    const capstone = new Map(cs.disasmRange(bytes, r.start).map((i) => [i.addr, i]));
    let off = 0;
    while (off + 1 < bytes.length) {
      const addr = r.start + off;
      const hw1 = bytes[off] | (bytes[off + 1] << 8);
      const hw2 = off + 3 < bytes.length ? bytes[off + 2] | (bytes[off + 3] << 8) : 0;
      const op = dec.decode(hw1, hw2, addr);
      // a 32-bit instruction cut by the end of the run: alignment padding, not code
      if (op.size === 4 && off + 3 >= bytes.length) break;
      n++;
      const e = enc(bytes, off, op.size);
      const c = capstone.get(addr);
      if (!c) out.push({ elf, addr, encoding: e, tool: 'capstone', ours: op.mnem, theirs: '(no instruction here)', what: 'missing' });
      else if (c.size !== op.size) out.push({ elf, addr, encoding: e, tool: 'capstone', ours: `${op.mnem}/${op.size}`, theirs: `${c.mnemonic}/${c.size}`, what: 'length' });
      else if (!sameMnemonic(op.mnem, c.mnemonic)) out.push({ elf, addr, encoding: e, tool: 'capstone', ours: op.mnem, theirs: c.mnemonic, what: 'mnemonic' });
      const o = od.get(addr);
      if (!o) out.push({ elf, addr, encoding: e, tool: 'objdump', ours: op.mnem, theirs: '(no instruction here)', what: 'missing' });
      else if (o.size !== op.size) out.push({ elf, addr, encoding: e, tool: 'objdump', ours: `${op.mnem}/${op.size}`, theirs: `${o.mnem}/${o.size}`, what: 'length' });
      else if (!sameMnemonic(op.mnem, o.mnem)) out.push({ elf, addr, encoding: e, tool: 'objdump', ours: op.mnem, theirs: o.mnem, what: 'mnemonic' });
      off += op.size;
    }
  }
  return { instructions: n, disagreements: out };
}
