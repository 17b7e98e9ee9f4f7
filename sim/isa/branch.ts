// Branches: B, BL, BX, BLX (register), CBZ/CBNZ (ARMv7-M ARM A5.2.3, A5.2.5, A5.2.6, A5.3.4;
// A7.7.12, A7.7.18-A7.7.21). Targets are computed at decode into op.imm; BL's return
// address (with bit 0 set) into op.d. TBB/TBH live in loadstore.ts, SVC/UDF in system.ts.
import { Cls } from '../core/op.ts';
import type { Cpu } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import { op, bits, bit, unpredictableOp, type Encoding } from './encoding.ts';
import { signExtend } from '../core/alu.ts';
import { inITNotLast, unpredictableAt } from './loadstore.ts';

// B<c> <label>   T1: 1101 cond imm8 (conditional, not allowed in an IT block)
//                T3: 11110 S cond imm6 | 10 J1 0 J2 imm11
export function bCond(cpu: Cpu, o: Op): void {
  if (cpu.itState !== 0) unpredictableAt(o, 'conditional branch inside an IT block');
  if (cpu.condPassed(o.cond)) cpu.nextPC = o.imm;
}

// B <label>   T2: 11100 imm11; T4: 11110 S imm10 | 10 J1 1 J2 imm11 (may end an IT block)
export function bUncond(cpu: Cpu, o: Op): void {
  if (inITNotLast(cpu)) unpredictableAt(o, 'inside an IT block, not last');
  cpu.nextPC = o.imm;
}

// BL <label>   T1: 11110 S imm10 | 11 J1 1 J2 imm11
export function bl(cpu: Cpu, o: Op): void {
  if (inITNotLast(cpu)) unpredictableAt(o, 'inside an IT block, not last');
  cpu.R[14] = o.d;
  cpu.nextPC = o.imm;
}

// BX <Rm>   T1: 010001110 Rm 000 (BXWritePC: interworking, exception return in Handler mode)
export function bx(cpu: Cpu, o: Op): void {
  if (inITNotLast(cpu)) unpredictableAt(o, 'inside an IT block, not last');
  cpu.bxWritePC(cpu.R[o.c]);
}

// BLX <Rm>   T1: 010001111 Rm 000 (BLXWritePC: interworking only, no exception return)
export function blx(cpu: Cpu, o: Op): void {
  if (inITNotLast(cpu)) unpredictableAt(o, 'inside an IT block, not last');
  const target = cpu.R[o.c];
  cpu.R[14] = o.d;
  cpu.T = target & 1;
  cpu.nextPC = (target & ~1) >>> 0;
}

// CBZ <Rn>,<label>   T1: 1011 0 0 i 1 imm5 Rn
export function cbz(cpu: Cpu, o: Op): void {
  if (cpu.itState !== 0) unpredictableAt(o, 'inside an IT block');
  if (cpu.R[o.b] === 0) cpu.nextPC = o.imm;
}

// CBNZ <Rn>,<label>   T1: 1011 1 0 i 1 imm5 Rn
export function cbnz(cpu: Cpu, o: Op): void {
  if (cpu.itState !== 0) unpredictableAt(o, 'inside an IT block');
  if (cpu.R[o.b] !== 0) cpu.nextPC = o.imm;
}

/** imm32 of B T4 / BL T1: SignExtend(S:I1:I2:imm10:imm11:'0') with Ii = NOT(Ji XOR S). */
function imm25(ins: number): number {
  const s = bit(ins, 26);
  const i1 = 1 ^ bit(ins, 13) ^ s;
  const i2 = 1 ^ bit(ins, 11) ^ s;
  const v = (s << 24) | (i1 << 23) | (i2 << 22) | (bits(ins, 25, 16) << 12) | (bits(ins, 10, 0) << 1);
  return signExtend(v, 25);
}

export const encodings: Encoding[] = [
  {
    name: 'B T1',
    pattern: '1101 .... ........',
    decode(ins, pc) {
      const cond = bits(ins, 11, 8);
      if (cond >= 14) return null; // SEE UDF (1110), SVC (1111)
      const o = op('b', bCond, 2, pc, ins, Cls.BRANCH);
      o.cond = cond;
      o.imm = (pc + 4 + signExtend((ins & 0xff) << 1, 9)) >>> 0;
      return o;
    },
  },
  {
    name: 'B T2',
    pattern: '11100 ...........',
    decode(ins, pc) {
      const o = op('b', bUncond, 2, pc, ins, Cls.BRANCH);
      o.imm = (pc + 4 + signExtend(bits(ins, 10, 0) << 1, 12)) >>> 0;
      return o;
    },
  },
  {
    name: 'B T3',
    pattern: '11110 . .... ...... | 10 . 0 . ...........',
    decode(ins, pc) {
      const cond = bits(ins, 25, 22);
      if (cond >>> 1 === 7) return null; // SEE branches and miscellaneous control
      const v = (bit(ins, 26) << 20) | (bit(ins, 11) << 19) | (bit(ins, 13) << 18) | (bits(ins, 21, 16) << 12) | (bits(ins, 10, 0) << 1);
      const o = op('b', bCond, 4, pc, ins, Cls.BRANCH);
      o.cond = cond;
      o.imm = (pc + 4 + signExtend(v, 21)) >>> 0;
      return o;
    },
  },
  {
    name: 'B T4',
    pattern: '11110 . .......... | 10 . 1 . ...........',
    decode(ins, pc) {
      const o = op('b', bUncond, 4, pc, ins, Cls.BRANCH);
      o.imm = (pc + 4 + imm25(ins)) >>> 0;
      return o;
    },
  },
  {
    name: 'BL T1',
    pattern: '11110 . .......... | 11 . 1 . ...........',
    decode(ins, pc) {
      const o = op('bl', bl, 4, pc, ins, Cls.BRANCH);
      o.imm = (pc + 4 + imm25(ins)) >>> 0;
      o.d = (pc + 4) | 1;
      return o;
    },
  },
  {
    name: 'BX T1',
    pattern: '010001110 .... 000',
    decode(ins, pc) {
      const o = op('bx', bx, 2, pc, ins, Cls.BRANCH);
      o.c = bits(ins, 6, 3);
      return o;
    },
  },
  {
    name: 'BLX (register) T1',
    pattern: '010001111 .... 000',
    decode(ins, pc) {
      const m = bits(ins, 6, 3);
      if (m === 15) return unpredictableOp(2, pc, ins);
      const o = op('blx', blx, 2, pc, ins, Cls.BRANCH);
      o.c = m;
      o.d = (pc + 2) | 1;
      return o;
    },
  },
  {
    name: 'CBZ/CBNZ T1',
    pattern: '1011 . 0 . 1 ..... ...',
    decode(ins, pc) {
      const nonzero = bit(ins, 11) === 1;
      const o = op(nonzero ? 'cbnz' : 'cbz', nonzero ? cbnz : cbz, 2, pc, ins, Cls.BRANCH);
      o.b = ins & 7;
      o.imm = (pc + 4 + ((bit(ins, 9) << 6) | (bits(ins, 7, 3) << 1))) >>> 0;
      return o;
    },
  },
];
