// 32-bit data processing (register) (ARMv7-M ARM A5.3.12): shifts by a register, sign and
// zero extension with rotation; miscellaneous operations (A5.3.14): REV, REV16, RBIT, REVSH,
// CLZ; multiply and multiply-accumulate (A5.3.16): MUL, MLA, MLS; long multiply and divide
// (A5.3.17): SMULL, UMULL, SMLAL, UMLAL, SDIV, UDIV. The DSP members of these groups (SXTAB...,
// SXTB16, QADD..., SEL, SMULxy..., UMAAL, SMLALxy...) live in dsp.ts.
//
// Field use: a = Rd (RdLo), b = Rn, c = Rm, d = Ra (RdHi), e = shift type, imm = rotation.
import { Cls } from '../core/op.ts';
import type { Cpu } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import { GuestFault } from '../core/fault.ts';
import { op, bits, bit, unpredictableOp, type Encoding } from './encoding.ts';
import { shiftC, carryOut, umull, smull, mulHi, SRType_LSL, SRType_LSR, SRType_ASR, SRType_ROR } from '../core/alu.ts';
import { badReg } from './dataproc-common.ts';

type Exec = (cpu: Cpu, o: Op) => void;

// ---- shifts by a register ----

// LSL/LSR/ASR/ROR.W <Rd>,<Rn>,<Rm>   (register) T2: 11111010 0 type 0 Rn | 1111 Rd 0000 Rm
export function shiftRegW(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = shiftC(cpu.R[o.b], o.e, cpu.R[o.c] & 0xff, cpu.C);
}
// LSLS/LSRS/ASRS/RORS.W <Rd>,<Rn>,<Rm>   (register) T2 with S = 1
export function shiftRegWS(cpu: Cpu, o: Op): void {
  const r = shiftC(cpu.R[o.b], o.e, cpu.R[o.c] & 0xff, cpu.C);
  cpu.R[o.a] = r;
  cpu.N = r >>> 31;
  cpu.Z = r === 0 ? 1 : 0;
  cpu.C = carryOut;
}

// ---- extends (imm = rotation 0/8/16/24; the 16-bit T1 forms have rotation 0) ----

// SXTB <Rd>,<Rm>{,<rotation>}   T1: 1011 0010 01 Rm Rd;  T2: 11111010 0100 1111 | 1111 Rd 10 rotate Rm
export function sxtb(cpu: Cpu, o: Op): void {
  const v = cpu.R[o.c];
  cpu.R[o.a] = (((v >>> o.imm) | (v << (32 - o.imm))) << 24) >> 24;
}

// SXTH <Rd>,<Rm>{,<rotation>}   T1: 1011 0010 00 Rm Rd;  T2: 11111010 0000 1111 | 1111 Rd 10 rotate Rm
export function sxth(cpu: Cpu, o: Op): void {
  const v = cpu.R[o.c];
  cpu.R[o.a] = (((v >>> o.imm) | (v << (32 - o.imm))) << 16) >> 16;
}

// UXTB <Rd>,<Rm>{,<rotation>}   T1: 1011 0010 11 Rm Rd;  T2: 11111010 0101 1111 | 1111 Rd 10 rotate Rm
export function uxtb(cpu: Cpu, o: Op): void {
  const v = cpu.R[o.c];
  cpu.R[o.a] = ((v >>> o.imm) | (v << (32 - o.imm))) & 0xff;
}

// UXTH <Rd>,<Rm>{,<rotation>}   T1: 1011 0010 10 Rm Rd;  T2: 11111010 0001 1111 | 1111 Rd 10 rotate Rm
export function uxth(cpu: Cpu, o: Op): void {
  const v = cpu.R[o.c];
  cpu.R[o.a] = ((v >>> o.imm) | (v << (32 - o.imm))) & 0xffff;
}

// ---- reverses and CLZ ----

// REV <Rd>,<Rm>   T1: 1011 1010 00 Rm Rd;  T2: 11111010 1001 Rm | 1111 Rd 1000 Rm
export function rev(cpu: Cpu, o: Op): void {
  const v = cpu.R[o.c];
  cpu.R[o.a] = (v >>> 24) | ((v >>> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

// REV16 <Rd>,<Rm>   T1: 1011 1010 01 Rm Rd;  T2: 11111010 1001 Rm | 1111 Rd 1001 Rm
export function rev16(cpu: Cpu, o: Op): void {
  const v = cpu.R[o.c];
  cpu.R[o.a] = ((v >>> 8) & 0x00ff00ff) | ((v << 8) & 0xff00ff00);
}

// REVSH <Rd>,<Rm>   T1: 1011 1010 11 Rm Rd;  T2: 11111010 1001 Rm | 1111 Rd 1011 Rm
export function revsh(cpu: Cpu, o: Op): void {
  const v = cpu.R[o.c];
  cpu.R[o.a] = ((v << 24) >> 16) | ((v >>> 8) & 0xff);
}

// RBIT <Rd>,<Rm>   T1: 11111010 1001 Rm | 1111 Rd 1010 Rm
export function rbit(cpu: Cpu, o: Op): void {
  let v = cpu.R[o.c];
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  cpu.R[o.a] = (v >>> 16) | (v << 16);
}

// CLZ <Rd>,<Rm>   T1: 11111010 1011 Rm | 1111 Rd 1000 Rm
export function clz(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = Math.clz32(cpu.R[o.c]);
}

// ---- multiplies ----

// MUL <Rd>,<Rn>,<Rm>   T2: 111110110000 Rn | 1111 Rd 0000 Rm
export function mul(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = Math.imul(cpu.R[o.b], cpu.R[o.c]);
}

// MLA <Rd>,<Rn>,<Rm>,<Ra>   T1: 111110110000 Rn | Ra Rd 0000 Rm
export function mla(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = Math.imul(cpu.R[o.b], cpu.R[o.c]) + cpu.R[o.d];
}

// MLS <Rd>,<Rn>,<Rm>,<Ra>   T1: 111110110000 Rn | Ra Rd 0001 Rm
export function mls(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.d] - Math.imul(cpu.R[o.b], cpu.R[o.c]);
}

// SMULL <RdLo>,<RdHi>,<Rn>,<Rm>   T1: 111110111000 Rn | RdLo RdHi 0000 Rm
export function smullOp(cpu: Cpu, o: Op): void {
  const lo = smull(cpu.R[o.b], cpu.R[o.c]);
  cpu.R[o.a] = lo;
  cpu.R[o.d] = mulHi;
}

// UMULL <RdLo>,<RdHi>,<Rn>,<Rm>   T1: 111110111010 Rn | RdLo RdHi 0000 Rm
export function umullOp(cpu: Cpu, o: Op): void {
  const lo = umull(cpu.R[o.b], cpu.R[o.c]);
  cpu.R[o.a] = lo;
  cpu.R[o.d] = mulHi;
}

// SMLAL <RdLo>,<RdHi>,<Rn>,<Rm>   T1: 111110111100 Rn | RdLo RdHi 0000 Rm
export function smlal(cpu: Cpu, o: Op): void {
  const plo = smull(cpu.R[o.b], cpu.R[o.c]);
  const lo = cpu.R[o.a] + plo;
  cpu.R[o.d] = cpu.R[o.d] + mulHi + (lo > 0xffffffff ? 1 : 0);
  cpu.R[o.a] = lo;
}

// UMLAL <RdLo>,<RdHi>,<Rn>,<Rm>   T1: 111110111110 Rn | RdLo RdHi 0000 Rm
export function umlal(cpu: Cpu, o: Op): void {
  const plo = umull(cpu.R[o.b], cpu.R[o.c]);
  const lo = cpu.R[o.a] + plo;
  cpu.R[o.d] = cpu.R[o.d] + mulHi + (lo > 0xffffffff ? 1 : 0);
  cpu.R[o.a] = lo;
}

// ---- divides (ea = |dividend|, aux = |divisor| for the cycle model) ----

// SDIV <Rd>,<Rn>,<Rm>   T1: 111110111001 Rn | 1111 Rd 1111 Rm
export function sdiv(cpu: Cpu, o: Op): void {
  const n = cpu.R[o.b] | 0;
  const m = cpu.R[o.c] | 0;
  cpu.ea = Math.abs(n);
  cpu.aux = Math.abs(m);
  if (m === 0) {
    if (cpu.div0Trp) throw new GuestFault('DIVBYZERO');
    cpu.R[o.a] = 0;
  } else cpu.R[o.a] = (n / m) | 0; // RoundTowardsZero; 0x80000000 / -1 wraps to 0x80000000
}

// UDIV <Rd>,<Rn>,<Rm>   T1: 111110111011 Rn | 1111 Rd 1111 Rm
export function udiv(cpu: Cpu, o: Op): void {
  const n = cpu.R[o.b];
  const m = cpu.R[o.c];
  cpu.ea = n;
  cpu.aux = m;
  if (m === 0) {
    if (cpu.div0Trp) throw new GuestFault('DIVBYZERO');
    cpu.R[o.a] = 0;
  } else cpu.R[o.a] = (n / m) >>> 0;
}

// ---- decoding ----

function op32(mnem: string, exec: Exec, pc: number, ins: number, cls = Cls.ALU): Op {
  const o = op(mnem, exec, 4, pc, ins, cls);
  o.a = bits(ins, 11, 8);
  o.b = bits(ins, 19, 16);
  o.c = ins & 15;
  return o;
}

const U = (pc: number, ins: number) => unpredictableOp(4, pc, ins);

function shiftEnc(name: string, type: number, mnem: string): Encoding {
  return {
    name,
    pattern: '11111010 0' + type.toString(2).padStart(2, '0') + '. .... | 1111 .... 0000 ....',
    decode(ins, pc) {
      const o = op32(mnem, bit(ins, 20) === 1 ? shiftRegWS : shiftRegW, pc, ins);
      if (badReg(o.a) || badReg(o.b) || badReg(o.c)) return U(pc, ins);
      o.e = type;
      return o;
    },
  };
}

function extendEnc(name: string, op1: string, mnem: string, exec: Exec): Encoding {
  return {
    name,
    pattern: '11111010 ' + op1 + ' 1111 | 1111 .... 1 . .. ....',
    decode(ins, pc) {
      const o = op32(mnem, exec, pc, ins);
      if (bit(ins, 6) === 1 || badReg(o.a) || badReg(o.c)) return U(pc, ins);
      o.imm = bits(ins, 5, 4) << 3;
      return o;
    },
  };
}

/** REV/REV16/RBIT/REVSH/CLZ: Rm appears in both halfwords and must be the same. */
function miscEnc(name: string, op1: string, op2: string, mnem: string, exec: Exec): Encoding {
  return {
    name,
    pattern: '11111010 1' + op1 + ' .... | 1111 .... 10' + op2 + ' ....',
    decode(ins, pc) {
      const o = op32(mnem, exec, pc, ins);
      if (o.b !== o.c || badReg(o.a) || badReg(o.c)) return U(pc, ins);
      return o;
    },
  };
}

/** SMULL/UMULL/SMLAL/UMLAL: RdLo in a, RdHi in d. */
function longMulEnc(name: string, op1: string, mnem: string, exec: Exec): Encoding {
  return {
    name,
    pattern: '111110111 ' + op1 + ' .... | .... .... 0000 ....',
    decode(ins, pc) {
      const o = op32(mnem, exec, pc, ins, Cls.MUL);
      o.a = bits(ins, 15, 12);
      o.d = bits(ins, 11, 8);
      if (badReg(o.a) || badReg(o.d) || badReg(o.b) || badReg(o.c) || o.a === o.d) return U(pc, ins);
      return o;
    },
  };
}

function divEnc(name: string, op1: string, mnem: string, exec: Exec): Encoding {
  return {
    name,
    pattern: '111110111 ' + op1 + ' .... | .... .... 1111 ....',
    decode(ins, pc) {
      const o = op32(mnem, exec, pc, ins, Cls.DIV);
      if (bits(ins, 15, 12) !== 15 || badReg(o.a) || badReg(o.b) || badReg(o.c)) return U(pc, ins);
      return o;
    },
  };
}

export const encodings: Encoding[] = [
  shiftEnc('LSL (register) T2', SRType_LSL, 'lsl'),
  shiftEnc('LSR (register) T2', SRType_LSR, 'lsr'),
  shiftEnc('ASR (register) T2', SRType_ASR, 'asr'),
  shiftEnc('ROR (register) T2', SRType_ROR, 'ror'),
  extendEnc('SXTH T2', '0000', 'sxth', sxth),
  extendEnc('UXTH T2', '0001', 'uxth', uxth),
  extendEnc('SXTB T2', '0100', 'sxtb', sxtb),
  extendEnc('UXTB T2', '0101', 'uxtb', uxtb),
  miscEnc('REV T2', '001', '00', 'rev', rev),
  miscEnc('REV16 T2', '001', '01', 'rev16', rev16),
  miscEnc('RBIT T1', '001', '10', 'rbit', rbit),
  miscEnc('REVSH T2', '001', '11', 'revsh', revsh),
  miscEnc('CLZ T1', '011', '00', 'clz', clz),
  {
    name: 'MUL T2',
    pattern: '111110110 000 .... | 1111 .... 0000 ....',
    decode(ins, pc) {
      const o = op32('mul', mul, pc, ins, Cls.MUL);
      if (badReg(o.a) || badReg(o.b) || badReg(o.c)) return U(pc, ins);
      return o;
    },
  },
  {
    name: 'MLA T1',
    pattern: '111110110 000 .... | .... .... 0000 ....',
    decode(ins, pc) {
      const a = bits(ins, 15, 12);
      if (a === 15) return null; // SEE MUL
      const o = op32('mla', mla, pc, ins, Cls.MUL);
      o.d = a;
      if (badReg(o.a) || badReg(o.b) || badReg(o.c) || a === 13) return U(pc, ins);
      return o;
    },
  },
  {
    name: 'MLS T1',
    pattern: '111110110 000 .... | .... .... 0001 ....',
    decode(ins, pc) {
      const o = op32('mls', mls, pc, ins, Cls.MUL);
      o.d = bits(ins, 15, 12);
      if (badReg(o.a) || badReg(o.b) || badReg(o.c) || badReg(o.d)) return U(pc, ins);
      return o;
    },
  },
  longMulEnc('SMULL T1', '000', 'smull', smullOp),
  divEnc('SDIV T1', '001', 'sdiv', sdiv),
  longMulEnc('UMULL T1', '010', 'umull', umullOp),
  divEnc('UDIV T1', '011', 'udiv', udiv),
  longMulEnc('SMLAL T1', '100', 'smlal', smlal),
  longMulEnc('UMLAL T1', '110', 'umlal', umlal),
];
