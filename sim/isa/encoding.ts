// The table-driven decoder's vocabulary. Each instruction group file (dataproc.ts,
// loadstore.ts, branch.ts, system.ts, dsp.ts, vfp.ts) exports a list of encodings: a bit
// pattern written as in the Arm ARM's encoding diagrams, and a function that builds the Op.
import { Op, Cls, type Exec } from '../core/op.ts';
import { GuestFault } from '../core/fault.ts';

export interface Encoding {
  /** the manual's name of the encoding, e.g. "ADD (register) T2" */
  name: string;
  /** 16 (hw) or 32 (hw1 then hw2) characters of 0, 1 or '.', spaces and '|' ignored */
  pattern: string;
  /** builds the Op for `ins` (hw for 16-bit, (hw1 << 16 | hw2) >>> 0 for 32-bit) at `pc`;
   * returns null when the encoding's "SEE ..." constraints send it to another encoding */
  decode(ins: number, pc: number): Op | null;
}

export interface CompiledEncoding extends Encoding {
  size: 2 | 4;
  mask: number;
  match: number;
  /** number of fixed bits: more specific encodings are tried first */
  fixed: number;
}

export function compile(e: Encoding): CompiledEncoding {
  const bits = e.pattern.replace(/[\s|]/g, '');
  if (bits.length !== 16 && bits.length !== 32) throw new Error(`${e.name}: pattern has ${bits.length} bits`);
  let mask = 0;
  let match = 0;
  let fixed = 0;
  for (const ch of bits) {
    mask = mask * 2;
    match = match * 2;
    if (ch === '0' || ch === '1') {
      mask += 1;
      match += ch === '1' ? 1 : 0;
      fixed++;
    } else if (ch !== '.') throw new Error(`${e.name}: bad pattern character ${ch}`);
  }
  return { ...e, size: bits.length === 16 ? 2 : 4, mask: mask >>> 0, match: match >>> 0, fixed };
}

/** A new Op for an instruction of `size` bytes at `pc`. */
export function op(mnem: string, exec: Exec, size: number, pc: number, ins: number, cls: Cls = Cls.ALU): Op {
  const o = new Op(mnem, exec, size);
  o.pc = pc;
  o.raw = ins >>> 0;
  o.cls = cls;
  return o;
}

const undefinedExec: Exec = (_cpu, o) => {
  throw new GuestFault('UNDEFINSTR', undefined, `${o.mnem} 0x${o.raw.toString(16)}`);
};

/** UNDEFINED encodings raise UsageFault UNDEFINSTR when executed (not when decoded, since
 * data may be decoded by a fetch that is never executed). */
export function undefinedOp(size: number, pc: number, ins: number): Op {
  return op('UNDEFINED', undefinedExec, size, pc, ins, Cls.UNDEF);
}

/** UNPREDICTABLE encodings: m4sim treats them as UNDEFINED, so firmware that relies on one
 * stops with a clear report instead of computing something arbitrary. Random differential
 * tests skip them (mnem "UNPREDICTABLE"). */
export function unpredictableOp(size: number, pc: number, ins: number): Op {
  return op('UNPREDICTABLE', undefinedExec, size, pc, ins, Cls.UNDEF);
}

// ---- field extraction shorthands ----

/** bits hi..lo of x */
export function bits(x: number, hi: number, lo: number): number {
  return (x >>> lo) & ((1 << (hi - lo + 1)) - 1);
}

export function bit(x: number, n: number): number {
  return (x >>> n) & 1;
}
