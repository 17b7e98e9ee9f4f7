// Data processing: moves, arithmetic, logic, shifts, compares, multiplies and divides, in
// their 16-bit and 32-bit encodings (ARMv7-M ARM DDI 0403E, A5.2.1-A5.2.3, A5.2.5 and
// A5.3.1, A5.3.3, A5.3.11, A5.3.12, A5.3.14, A5.3.16, A5.3.17). This file holds the 16-bit
// encodings and exports the whole group's list; the 32-bit encodings live in
// dataproc-imm.ts (immediates), dataproc-shifted.ts (shifted register) and dataproc-reg.ts
// (register shifts, extends, reverses, multiplies, divides).
//
// Field use in the Op: a = Rd (or RdLo), b = Rn, c = Rm, d = Ra/RdHi or a precomputed
// constant, e = shift type or precomputed carry, imm = immediate or shift amount.
import { Cls } from '../core/op.ts';
import type { Cpu } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import { op, bits, bit, unpredictableOp, type Encoding } from './encoding.ts';
import { shiftC, carryOut, SRType_LSL, SRType_LSR, SRType_ASR, SRType_ROR } from '../core/alu.ts';
import { addFlags, setNZ, writeSP, unpredictableNow, pcWriteInITNotLast } from './dataproc-common.ts';
import { encodings as immEncodings } from './dataproc-imm.ts';
import { encodings as shiftedEncodings } from './dataproc-shifted.ts';
import { encodings as regEncodings, sxtb, sxth, uxtb, uxth, rev, rev16, revsh } from './dataproc-reg.ts';

// ---- A5.2.1 shift (immediate), add, subtract, move, and compare ----

// MOVS <Rd>,<Rm>   MOV (register) T2: 000 00 00000 Rm Rd   (UNPREDICTABLE in an IT block)
export function movsReg16(cpu: Cpu, o: Op): void {
  if (cpu.itState !== 0) unpredictableNow(cpu, 'MOVS (register) T2 in an IT block');
  const r = cpu.R[o.c];
  cpu.R[o.a] = r;
  setNZ(cpu, r);
}

// LSLS <Rd>,<Rm>,#<imm5>   LSL (immediate) T1: 000 00 imm5 Rm Rd   (imm5 1..31)
export function lslImm16(cpu: Cpu, o: Op): void {
  const v = cpu.R[o.c];
  const r = (v << o.imm) >>> 0;
  cpu.R[o.a] = r;
  if (cpu.itState === 0) {
    cpu.N = r >>> 31;
    cpu.Z = r === 0 ? 1 : 0;
    cpu.C = (v >>> (32 - o.imm)) & 1;
  }
}

// LSRS <Rd>,<Rm>,#<imm>   LSR (immediate) T1: 000 01 imm5 Rm Rd   (imm 1..32; 0 encodes 32)
export function lsrImm16(cpu: Cpu, o: Op): void {
  const v = cpu.R[o.c];
  const r = o.imm === 32 ? 0 : v >>> o.imm;
  cpu.R[o.a] = r;
  if (cpu.itState === 0) {
    cpu.N = r >>> 31;
    cpu.Z = r === 0 ? 1 : 0;
    cpu.C = (v >>> (o.imm - 1)) & 1;
  }
}

// ASRS <Rd>,<Rm>,#<imm>   ASR (immediate) T1: 000 10 imm5 Rm Rd   (imm 1..32; d = min(imm, 31))
export function asrImm16(cpu: Cpu, o: Op): void {
  const v = cpu.R[o.c];
  const r = (v | 0) >> o.d;
  cpu.R[o.a] = r;
  if (cpu.itState === 0) {
    cpu.N = r >>> 31;
    cpu.Z = r === 0 ? 1 : 0;
    cpu.C = (v >>> (o.imm - 1)) & 1;
  }
}

// ADDS <Rd>,<Rn>,<Rm>   ADD (register) T1: 0001100 Rm Rn Rd
export function addReg16(cpu: Cpu, o: Op): void {
  if (cpu.itState === 0) cpu.R[o.a] = addFlags(cpu, cpu.R[o.b], cpu.R[o.c], 0);
  else cpu.R[o.a] = cpu.R[o.b] + cpu.R[o.c];
}

// SUBS <Rd>,<Rn>,<Rm>   SUB (register) T1: 0001101 Rm Rn Rd
export function subReg16(cpu: Cpu, o: Op): void {
  if (cpu.itState === 0) cpu.R[o.a] = addFlags(cpu, cpu.R[o.b], ~cpu.R[o.c], 1);
  else cpu.R[o.a] = cpu.R[o.b] - cpu.R[o.c];
}

// ADDS <Rd>,<Rn>,#<imm3>   ADD (immediate) T1: 0001110 imm3 Rn Rd
// ADDS <Rdn>,#<imm8>       ADD (immediate) T2: 00110 Rdn imm8
export function addImm16(cpu: Cpu, o: Op): void {
  if (cpu.itState === 0) cpu.R[o.a] = addFlags(cpu, cpu.R[o.b], o.imm, 0);
  else cpu.R[o.a] = cpu.R[o.b] + o.imm;
}

// SUBS <Rd>,<Rn>,#<imm3>   SUB (immediate) T1: 0001111 imm3 Rn Rd
// SUBS <Rdn>,#<imm8>       SUB (immediate) T2: 00111 Rdn imm8
export function subImm16(cpu: Cpu, o: Op): void {
  if (cpu.itState === 0) cpu.R[o.a] = addFlags(cpu, cpu.R[o.b], ~o.imm, 1);
  else cpu.R[o.a] = cpu.R[o.b] - o.imm;
}

// MOVS <Rd>,#<imm8>   MOV (immediate) T1: 00100 Rd imm8
export function movImm16(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = o.imm;
  if (cpu.itState === 0) {
    cpu.N = 0;
    cpu.Z = o.imm === 0 ? 1 : 0;
  }
}

// CMP <Rn>,#<imm8>   CMP (immediate) T1: 00101 Rn imm8
export function cmpImm16(cpu: Cpu, o: Op): void {
  addFlags(cpu, cpu.R[o.b], ~o.imm, 1);
}

// ---- A5.2.2 data processing (register): 010000 opcode Rm Rdn ----

// ANDS <Rdn>,<Rm>   AND (register) T1: 010000 0000 Rm Rdn
export function and16(cpu: Cpu, o: Op): void {
  const r = cpu.R[o.a] & cpu.R[o.c];
  cpu.R[o.a] = r;
  if (cpu.itState === 0) setNZ(cpu, r);
}

// EORS <Rdn>,<Rm>   EOR (register) T1: 010000 0001 Rm Rdn
export function eor16(cpu: Cpu, o: Op): void {
  const r = cpu.R[o.a] ^ cpu.R[o.c];
  cpu.R[o.a] = r;
  if (cpu.itState === 0) setNZ(cpu, r);
}

// ORRS <Rdn>,<Rm>   ORR (register) T1: 010000 1100 Rm Rdn
export function orr16(cpu: Cpu, o: Op): void {
  const r = cpu.R[o.a] | cpu.R[o.c];
  cpu.R[o.a] = r;
  if (cpu.itState === 0) setNZ(cpu, r);
}

// BICS <Rdn>,<Rm>   BIC (register) T1: 010000 1110 Rm Rdn
export function bic16(cpu: Cpu, o: Op): void {
  const r = cpu.R[o.a] & ~cpu.R[o.c];
  cpu.R[o.a] = r;
  if (cpu.itState === 0) setNZ(cpu, r);
}

// MVNS <Rd>,<Rm>   MVN (register) T1: 010000 1111 Rm Rd
export function mvn16(cpu: Cpu, o: Op): void {
  const r = ~cpu.R[o.c];
  cpu.R[o.a] = r;
  if (cpu.itState === 0) setNZ(cpu, r);
}

// TST <Rn>,<Rm>   TST (register) T1: 010000 1000 Rm Rn
export function tst16(cpu: Cpu, o: Op): void {
  setNZ(cpu, cpu.R[o.b] & cpu.R[o.c]);
}

// LSLS/LSRS/ASRS/RORS <Rdn>,<Rm>   (register) T1: 010000 0010/0011/0100/0111 Rm Rdn
// (e = shift type; the amount is the bottom byte of Rm)
export function shiftReg16(cpu: Cpu, o: Op): void {
  const r = shiftC(cpu.R[o.a], o.e, cpu.R[o.c] & 0xff, cpu.C);
  cpu.R[o.a] = r;
  if (cpu.itState === 0) {
    cpu.N = r >>> 31;
    cpu.Z = r === 0 ? 1 : 0;
    cpu.C = carryOut;
  }
}

// ADCS <Rdn>,<Rm>   ADC (register) T1: 010000 0101 Rm Rdn
export function adc16(cpu: Cpu, o: Op): void {
  if (cpu.itState === 0) cpu.R[o.a] = addFlags(cpu, cpu.R[o.a], cpu.R[o.c], cpu.C);
  else cpu.R[o.a] = cpu.R[o.a] + cpu.R[o.c] + cpu.C;
}

// SBCS <Rdn>,<Rm>   SBC (register) T1: 010000 0110 Rm Rdn
export function sbc16(cpu: Cpu, o: Op): void {
  if (cpu.itState === 0) cpu.R[o.a] = addFlags(cpu, cpu.R[o.a], ~cpu.R[o.c], cpu.C);
  else cpu.R[o.a] = cpu.R[o.a] + ~cpu.R[o.c] + cpu.C;
}

// RSBS <Rd>,<Rn>,#0   RSB (immediate) T1: 010000 1001 Rn Rd   (Rn in c, from the Rm position)
export function rsb16(cpu: Cpu, o: Op): void {
  if (cpu.itState === 0) cpu.R[o.a] = addFlags(cpu, ~cpu.R[o.c], 0, 1);
  else cpu.R[o.a] = -cpu.R[o.c];
}

// CMP <Rn>,<Rm>   CMP (register) T1: 010000 1010 Rm Rn;  T2: 01000101 N Rm Rn
export function cmp16(cpu: Cpu, o: Op): void {
  addFlags(cpu, cpu.R[o.b], ~cpu.R[o.c], 1);
}

// CMN <Rn>,<Rm>   CMN (register) T1: 010000 1011 Rm Rn
export function cmn16(cpu: Cpu, o: Op): void {
  addFlags(cpu, cpu.R[o.b], cpu.R[o.c], 0);
}

// MULS <Rdm>,<Rn>,<Rdm>   MUL T1: 010000 1101 Rn Rdm   (Rn in c; N, Z only, C and V unchanged)
export function mul16(cpu: Cpu, o: Op): void {
  const r = Math.imul(cpu.R[o.c], cpu.R[o.a]);
  cpu.R[o.a] = r;
  if (cpu.itState === 0) setNZ(cpu, r);
}

// ---- A5.2.3 special data instructions ----

// ADD <Rdn>,<Rm>            ADD (register) T2: 01000100 DN Rm Rdn
// ADD <Rdm>,SP,<Rdm>        ADD (SP plus register) T1: 01000100 DM 1101 Rdm   (Rdm != SP, PC)
export function addHi16(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] + cpu.R[o.c];
}

// ADD SP,<Rm> | ADD SP,SP,SP   ADD (SP plus register) T2: 01000100 1 Rm 101;  T1 with Rdm = SP
function addHiSP16(cpu: Cpu, o: Op): void {
  writeSP(cpu, cpu.R[o.b] + cpu.R[o.c]);
}

// ADD PC,<Rm> | ADD PC,SP,PC   ADD (register) T2 / ADD (SP plus register) T1 with Rd = PC:
// a branch (ALUWritePC = BranchWritePC)
function addHiPC16(cpu: Cpu, o: Op): void {
  if (pcWriteInITNotLast(cpu)) unpredictableNow(cpu, 'ADD PC inside an IT block, not last');
  cpu.branchWritePC((cpu.R[o.b] + cpu.R[o.c]) >>> 0);
}

// MOV <Rd>,<Rm>   MOV (register) T1: 01000110 D Rm Rd
export function movHi16(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.c];
}

// MOV SP,<Rm>   MOV (register) T1 with Rd = SP
function movHiSP16(cpu: Cpu, o: Op): void {
  writeSP(cpu, cpu.R[o.c]);
}

// MOV PC,<Rm>   MOV (register) T1 with Rd = PC: a branch
function movHiPC16(cpu: Cpu, o: Op): void {
  if (pcWriteInITNotLast(cpu)) unpredictableNow(cpu, 'MOV PC inside an IT block, not last');
  cpu.branchWritePC(cpu.R[o.c]);
}

// ADR <Rd>,<label>   ADR T1: 10100 Rd imm8   (imm = Align(PC,4) + imm8:'00', known at decode)
export function movConst16(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = o.imm;
}

// ADD <Rd>,SP,#<imm>   ADD (SP plus immediate) T1: 10101 Rd imm8
export function addSPImm16(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[13] + o.imm;
}

// ADD SP,SP,#<imm>   ADD (SP plus immediate) T2: 101100000 imm7
// SUB SP,SP,#<imm>   SUB (SP minus immediate) T1: 101100001 imm7   (imm negated at decode)
export function addSPSP16(cpu: Cpu, o: Op): void {
  writeSP(cpu, cpu.R[13] + o.imm);
}

/** Builds a 16-bit Op with Rd in a, Rn in b, Rm in c. */
function op16(mnem: string, exec: (cpu: Cpu, o: Op) => void, pc: number, ins: number, a: number, b: number, c: number, cls = Cls.ALU): Op {
  const o = op(mnem, exec, 2, pc, ins, cls);
  o.a = a;
  o.b = b;
  o.c = c;
  return o;
}

/** The A5.2.2 "data processing" encodings: 010000 opcode Rm Rdn. */
function dp16(name: string, opcode: number, mnem: string, exec: (cpu: Cpu, o: Op) => void, shiftType = 0, cls = Cls.ALU): Encoding {
  return {
    name,
    pattern: '010000' + opcode.toString(2).padStart(4, '0') + '......',
    decode(ins, pc) {
      const rdn = ins & 7;
      const rm = bits(ins, 5, 3);
      const o = op16(mnem, exec, pc, ins, rdn, rdn, rm, cls);
      o.e = shiftType;
      return o;
    },
  };
}

/** The 16-bit sign/zero extend and byte-reverse encodings: 1011 op Rm Rd. */
function misc16(name: string, pattern: string, mnem: string, exec: (cpu: Cpu, o: Op) => void): Encoding {
  return {
    name,
    pattern,
    decode(ins, pc) {
      const o = op16(mnem, exec, pc, ins, ins & 7, 0, bits(ins, 5, 3));
      o.imm = 0; // no rotation
      return o;
    },
  };
}

const encodings16: Encoding[] = [
  // A5.2.1
  {
    name: 'MOV (register) T2',
    pattern: '000 00 00000 ... ...',
    decode: (ins, pc) => op16('mov', movsReg16, pc, ins, ins & 7, 0, bits(ins, 5, 3)),
  },
  {
    name: 'LSL (immediate) T1',
    pattern: '000 00 ..... ... ...',
    decode(ins, pc) {
      const imm5 = bits(ins, 10, 6);
      if (imm5 === 0) return null; // SEE MOV (register)
      const o = op16('lsl', lslImm16, pc, ins, ins & 7, 0, bits(ins, 5, 3));
      o.imm = imm5;
      return o;
    },
  },
  {
    name: 'LSR (immediate) T1',
    pattern: '000 01 ..... ... ...',
    decode(ins, pc) {
      const o = op16('lsr', lsrImm16, pc, ins, ins & 7, 0, bits(ins, 5, 3));
      o.imm = bits(ins, 10, 6) || 32;
      return o;
    },
  },
  {
    name: 'ASR (immediate) T1',
    pattern: '000 10 ..... ... ...',
    decode(ins, pc) {
      const o = op16('asr', asrImm16, pc, ins, ins & 7, 0, bits(ins, 5, 3));
      o.imm = bits(ins, 10, 6) || 32;
      o.d = Math.min(o.imm, 31);
      return o;
    },
  },
  {
    name: 'ADD (register) T1',
    pattern: '000 11 0 0 ... ... ...',
    decode: (ins, pc) => op16('add', addReg16, pc, ins, ins & 7, bits(ins, 5, 3), bits(ins, 8, 6)),
  },
  {
    name: 'SUB (register) T1',
    pattern: '000 11 0 1 ... ... ...',
    decode: (ins, pc) => op16('sub', subReg16, pc, ins, ins & 7, bits(ins, 5, 3), bits(ins, 8, 6)),
  },
  {
    name: 'ADD (immediate) T1',
    pattern: '000 11 1 0 ... ... ...',
    decode(ins, pc) {
      const o = op16('add', addImm16, pc, ins, ins & 7, bits(ins, 5, 3), 0);
      o.imm = bits(ins, 8, 6);
      return o;
    },
  },
  {
    name: 'SUB (immediate) T1',
    pattern: '000 11 1 1 ... ... ...',
    decode(ins, pc) {
      const o = op16('sub', subImm16, pc, ins, ins & 7, bits(ins, 5, 3), 0);
      o.imm = bits(ins, 8, 6);
      return o;
    },
  },
  {
    name: 'MOV (immediate) T1',
    pattern: '001 00 ... ........',
    decode(ins, pc) {
      const o = op16('mov', movImm16, pc, ins, bits(ins, 10, 8), 0, 0);
      o.imm = ins & 0xff;
      return o;
    },
  },
  {
    name: 'CMP (immediate) T1',
    pattern: '001 01 ... ........',
    decode(ins, pc) {
      const o = op16('cmp', cmpImm16, pc, ins, 0, bits(ins, 10, 8), 0);
      o.imm = ins & 0xff;
      return o;
    },
  },
  {
    name: 'ADD (immediate) T2',
    pattern: '001 10 ... ........',
    decode(ins, pc) {
      const rdn = bits(ins, 10, 8);
      const o = op16('add', addImm16, pc, ins, rdn, rdn, 0);
      o.imm = ins & 0xff;
      return o;
    },
  },
  {
    name: 'SUB (immediate) T2',
    pattern: '001 11 ... ........',
    decode(ins, pc) {
      const rdn = bits(ins, 10, 8);
      const o = op16('sub', subImm16, pc, ins, rdn, rdn, 0);
      o.imm = ins & 0xff;
      return o;
    },
  },

  // A5.2.2
  dp16('AND (register) T1', 0b0000, 'and', and16),
  dp16('EOR (register) T1', 0b0001, 'eor', eor16),
  dp16('LSL (register) T1', 0b0010, 'lsl', shiftReg16, SRType_LSL),
  dp16('LSR (register) T1', 0b0011, 'lsr', shiftReg16, SRType_LSR),
  dp16('ASR (register) T1', 0b0100, 'asr', shiftReg16, SRType_ASR),
  dp16('ADC (register) T1', 0b0101, 'adc', adc16),
  dp16('SBC (register) T1', 0b0110, 'sbc', sbc16),
  dp16('ROR (register) T1', 0b0111, 'ror', shiftReg16, SRType_ROR),
  dp16('TST (register) T1', 0b1000, 'tst', tst16),
  dp16('RSB (immediate) T1', 0b1001, 'rsb', rsb16),
  dp16('CMP (register) T1', 0b1010, 'cmp', cmp16),
  dp16('CMN (register) T1', 0b1011, 'cmn', cmn16),
  dp16('ORR (register) T1', 0b1100, 'orr', orr16),
  dp16('MUL T1', 0b1101, 'mul', mul16, 0, Cls.MUL),
  dp16('BIC (register) T1', 0b1110, 'bic', bic16),
  dp16('MVN (register) T1', 0b1111, 'mvn', mvn16),

  // A5.2.3
  {
    name: 'ADD (register) T2',
    pattern: '01000100 . .... ...',
    decode(ins, pc) {
      const d = (bit(ins, 7) << 3) | (ins & 7);
      const m = bits(ins, 6, 3);
      if (d === 13 || m === 13) return null; // SEE ADD (SP plus register)
      if (d === 15 && m === 15) return unpredictableOp(2, pc, ins);
      if (d === 15) return op16('add', addHiPC16, pc, ins, d, d, m, Cls.BRANCH);
      return op16('add', addHi16, pc, ins, d, d, m);
    },
  },
  {
    name: 'ADD (SP plus register) T1',
    pattern: '01000100 . 1101 ...',
    decode(ins, pc) {
      const d = (bit(ins, 7) << 3) | (ins & 7);
      if (d === 15) return op16('add', addHiPC16, pc, ins, d, 13, d, Cls.BRANCH);
      if (d === 13) return op16('add', addHiSP16, pc, ins, d, 13, d);
      return op16('add', addHi16, pc, ins, d, 13, d);
    },
  },
  {
    name: 'ADD (SP plus register) T2',
    pattern: '01000100 1 .... 101',
    decode(ins, pc) {
      const m = bits(ins, 6, 3);
      if (m === 13) return null; // SEE encoding T1
      return op16('add', addHiSP16, pc, ins, 13, 13, m);
    },
  },
  {
    name: 'CMP (register) T2',
    pattern: '01000101 . .... ...',
    decode(ins, pc) {
      const n = (bit(ins, 7) << 3) | (ins & 7);
      const m = bits(ins, 6, 3);
      if ((n < 8 && m < 8) || n === 15 || m === 15) return unpredictableOp(2, pc, ins);
      return op16('cmp', cmp16, pc, ins, 0, n, m);
    },
  },
  {
    name: 'MOV (register) T1',
    pattern: '01000110 . .... ...',
    decode(ins, pc) {
      const d = (bit(ins, 7) << 3) | (ins & 7);
      const m = bits(ins, 6, 3);
      if (d === 15) return op16('mov', movHiPC16, pc, ins, d, 0, m, Cls.BRANCH);
      if (d === 13) return op16('mov', movHiSP16, pc, ins, d, 0, m);
      return op16('mov', movHi16, pc, ins, d, 0, m);
    },
  },

  // ADR, ADD/SUB SP
  {
    name: 'ADR T1',
    pattern: '10100 ... ........',
    decode(ins, pc) {
      const o = op16('adr', movConst16, pc, ins, bits(ins, 10, 8), 15, 0);
      o.imm = (((pc + 4) & ~3) + ((ins & 0xff) << 2)) >>> 0;
      return o;
    },
  },
  {
    name: 'ADD (SP plus immediate) T1',
    pattern: '10101 ... ........',
    decode(ins, pc) {
      const o = op16('add', addSPImm16, pc, ins, bits(ins, 10, 8), 13, 0);
      o.imm = (ins & 0xff) << 2;
      return o;
    },
  },
  {
    name: 'ADD (SP plus immediate) T2',
    pattern: '1011 0000 0 .......',
    decode(ins, pc) {
      const o = op16('add', addSPSP16, pc, ins, 13, 13, 0);
      o.imm = (ins & 0x7f) << 2;
      return o;
    },
  },
  {
    name: 'SUB (SP minus immediate) T1',
    pattern: '1011 0000 1 .......',
    decode(ins, pc) {
      const o = op16('sub', addSPSP16, pc, ins, 13, 13, 0);
      o.imm = -((ins & 0x7f) << 2);
      return o;
    },
  },

  // A5.2.5 (the data-processing part)
  misc16('SXTH T1', '1011 0010 00 ... ...', 'sxth', sxth),
  misc16('SXTB T1', '1011 0010 01 ... ...', 'sxtb', sxtb),
  misc16('UXTH T1', '1011 0010 10 ... ...', 'uxth', uxth),
  misc16('UXTB T1', '1011 0010 11 ... ...', 'uxtb', uxtb),
  misc16('REV T1', '1011 1010 00 ... ...', 'rev', rev),
  misc16('REV16 T1', '1011 1010 01 ... ...', 'rev16', rev16),
  misc16('REVSH T1', '1011 1010 11 ... ...', 'revsh', revsh),
];

export const encodings: Encoding[] = [...encodings16, ...immEncodings, ...shiftedEncodings, ...regEncodings];
