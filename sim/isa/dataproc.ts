// Data processing: moves, arithmetic, logic, shifts, compares, multiplies and divides, in
// their 16-bit and 32-bit encodings (ARMv7-M ARM A5.2.1, A5.3.1-A5.3.5, A5.3.15-A5.3.17).
import { Cls } from '../core/op.ts';
import type { Cpu } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import { op, bits, type Encoding } from './encoding.ts';

// MOVS <Rd>, #<imm8> | MOV<c> <Rd>, #<imm8>   T1: 001 00 Rd:3 imm8
function movImm16(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = o.imm;
  if (cpu.itState === 0) {
    cpu.N = 0;
    cpu.Z = o.imm === 0 ? 1 : 0;
  }
}

export const encodings: Encoding[] = [
  {
    name: 'MOV (immediate) T1',
    pattern: '00100 ... ........',
    decode(ins, pc) {
      const o = op('mov', movImm16, 2, pc, ins, Cls.ALU);
      o.a = bits(ins, 10, 8);
      o.imm = ins & 0xff;
      return o;
    },
  },
];
