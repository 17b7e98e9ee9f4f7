// Decodes a Thumb instruction at an address into an Op, from the encodings each instruction
// group exports. Candidates are indexed by the first halfword, so decoding is one table
// look-up and a short scan; and the CPU decodes each address only once.
import type { Cpu } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import { compile, undefinedOp, type CompiledEncoding, type Encoding } from './encoding.ts';
import { encodings as dataproc } from './dataproc.ts';
import { encodings as loadstore } from './loadstore.ts';
import { encodings as branch } from './branch.ts';
import { encodings as system } from './system.ts';
import { encodings as dsp } from './dsp.ts';
import { encodings as vfp } from './vfp.ts';

export const allEncodings: Encoding[] = [...dataproc, ...loadstore, ...branch, ...system, ...dsp, ...vfp];

/** True if hw is the first halfword of a 32-bit instruction (A5.1). */
export function is32(hw: number): boolean {
  return hw >>> 11 >= 0b11101;
}

export class ThumbDecoder {
  private readonly t16: CompiledEncoding[];
  private readonly t32: CompiledEncoding[];
  private readonly by16: (CompiledEncoding[] | undefined)[] = new Array(65536);
  private readonly byHw1: (CompiledEncoding[] | undefined)[] = new Array(65536);

  constructor(list: Encoding[] = allEncodings) {
    const compiled = list.map(compile);
    // most specific first; the sort is stable so equal specificity keeps the listed order
    compiled.sort((a, b) => b.fixed - a.fixed);
    this.t16 = compiled.filter((e) => e.size === 2);
    this.t32 = compiled.filter((e) => e.size === 4);
  }

  /** Candidates for a 16-bit instruction. */
  candidates16(hw: number): CompiledEncoding[] {
    let c = this.by16[hw];
    if (c === undefined) {
      c = this.t16.filter((e) => (hw & e.mask) === e.match);
      this.by16[hw] = c;
    }
    return c;
  }

  /** Candidates for a 32-bit instruction with first halfword hw1. */
  candidates32(hw1: number): CompiledEncoding[] {
    let c = this.byHw1[hw1];
    if (c === undefined) {
      c = this.t32.filter((e) => ((hw1 << 16) & e.mask) >>> 0 === (e.match & 0xffff0000) >>> 0);
      this.byHw1[hw1] = c;
    }
    return c;
  }

  /** Decodes one instruction given its halfwords (hw2 ignored for 16-bit ones). */
  decode(hw1: number, hw2: number, pc: number): Op {
    return this.decodeWith(hw1, hw2, pc).op;
  }

  /** Decodes and also tells which encoding matched (undefined: no encoding, UNDEFINED). */
  decodeWith(hw1: number, hw2: number, pc: number): { op: Op; enc: CompiledEncoding | undefined } {
    if (!is32(hw1)) {
      for (const e of this.candidates16(hw1)) {
        const o = e.decode(hw1, pc);
        if (o !== null) return { op: o, enc: e };
      }
      return { op: undefinedOp(2, pc, hw1), enc: undefined };
    }
    const ins = ((hw1 << 16) | hw2) >>> 0;
    for (const e of this.candidates32(hw1)) {
      if (((ins & e.mask) >>> 0) !== e.match) continue;
      const o = e.decode(ins, pc);
      if (o !== null) return { op: o, enc: e };
    }
    return { op: undefinedOp(4, pc, ins), enc: undefined };
  }

  /** Every encoding, compiled (for the random differential tests). */
  get encodings(): CompiledEncoding[] {
    return [...this.t16, ...this.t32];
  }

  /** The decoder function the CPU calls: fetches the halfwords from memory. */
  readonly decodeAt = (cpu: Cpu, pc: number): Op => {
    const hw1 = cpu.bus.read16(pc);
    const hw2 = is32(hw1) ? cpu.bus.read16(pc + 2) : 0;
    return this.decode(hw1, hw2, pc);
  };
}

let shared: ThumbDecoder | undefined;
/** One decoder per process: its tables only depend on the encoding lists. */
export function thumbDecoder(): ThumbDecoder {
  return (shared ??= new ThumbDecoder());
}
