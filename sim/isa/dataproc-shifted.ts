// 32-bit data processing with a shifted register operand (ARMv7-M ARM A5.3.11), including
// MOV (register) T3 and the immediate shifts LSL/LSR/ASR/ROR/RRX (A5.3.11.1). PKHBT/PKHTB
// (op 0110) belong to the DSP group.
//
// Field use: a = Rd, b = Rn, c = Rm. For instructions that only need the shifted value,
// e is a value kind (VK_*, with LSR #32 and ASR #32 folded) and imm the amount; for the
// logical instructions with S = 1, which need the shifter's carry, e is the SRType and imm
// the DecodeImmShift amount.
import { Cls } from '../core/op.ts';
import type { Cpu } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import { op, bits, bit, unpredictableOp, type Encoding } from './encoding.ts';
import { shiftC, carryOut, SRType_LSL, SRType_LSR, SRType_ASR, SRType_ROR, SRType_RRX } from '../core/alu.ts';
import { addFlags, setNZ, writeSP, badReg } from './dataproc-common.ts';

type Exec = (cpu: Cpu, o: Op) => void;

// value kinds of the shifted operand
const VK_LSL = 0; // R[m] << imm (imm 0..31)
const VK_LSR = 1; // R[m] >>> imm (imm 1..31)
const VK_ASR = 2; // R[m] >> imm (imm 1..31; ASR #32 gives the same value as ASR #31)
const VK_ROR = 3; // rotate right by imm (1..31)
const VK_RRX = 4; // C:R[m]<31:1>
const VK_ZERO = 5; // LSR #32

/** Shift(R[m], shift_t, shift_n, APSR.C) without the carry, from the value kind in o.e. */
export function opnd(cpu: Cpu, o: Op): number {
  const v = cpu.R[o.c];
  switch (o.e) {
    case VK_LSL:
      return v << o.imm;
    case VK_LSR:
      return v >>> o.imm;
    case VK_ASR:
      return (v | 0) >> o.imm;
    case VK_ROR:
      return (v >>> o.imm) | (v << (32 - o.imm));
    case VK_RRX:
      return (cpu.C << 31) | (v >>> 1);
    default:
      return 0;
  }
}

// ---- logical: <op>{S}.W <Rd>,<Rn>,<Rm>{,<shift>}   1110101 op S Rn | 0 imm3 Rd imm2 type Rm ----

// AND{S}.W   op 0000
export function andReg(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] & opnd(cpu, o);
}
export function andRegS(cpu: Cpu, o: Op): void {
  const r = cpu.R[o.b] & shiftC(cpu.R[o.c], o.e, o.imm, cpu.C);
  cpu.R[o.a] = r;
  setNZ(cpu, r);
  cpu.C = carryOut;
}

// BIC{S}.W   op 0001
export function bicReg(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] & ~opnd(cpu, o);
}
export function bicRegS(cpu: Cpu, o: Op): void {
  const r = cpu.R[o.b] & ~shiftC(cpu.R[o.c], o.e, o.imm, cpu.C);
  cpu.R[o.a] = r;
  setNZ(cpu, r);
  cpu.C = carryOut;
}

// ORR{S}.W   op 0010
export function orrReg(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] | opnd(cpu, o);
}
export function orrRegS(cpu: Cpu, o: Op): void {
  const r = cpu.R[o.b] | shiftC(cpu.R[o.c], o.e, o.imm, cpu.C);
  cpu.R[o.a] = r;
  setNZ(cpu, r);
  cpu.C = carryOut;
}

// ORN{S}   op 0011
export function ornReg(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] | ~opnd(cpu, o);
}
export function ornRegS(cpu: Cpu, o: Op): void {
  const r = cpu.R[o.b] | ~shiftC(cpu.R[o.c], o.e, o.imm, cpu.C);
  cpu.R[o.a] = r;
  setNZ(cpu, r);
  cpu.C = carryOut;
}

// EOR{S}.W   op 0100
export function eorReg(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] ^ opnd(cpu, o);
}
export function eorRegS(cpu: Cpu, o: Op): void {
  const r = cpu.R[o.b] ^ shiftC(cpu.R[o.c], o.e, o.imm, cpu.C);
  cpu.R[o.a] = r;
  setNZ(cpu, r);
  cpu.C = carryOut;
}

// MOV.W <Rd>,<Rm> (MOV (register) T3) | LSL/LSR/ASR/ROR.W <Rd>,<Rm>,#<n> (T2/T1) | RRX <Rd>,<Rm> (T1)
//   11101010010 S 1111 | 0 imm3 Rd imm2 type Rm
export function movReg(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = opnd(cpu, o);
}
// MOV.W SP,<Rm>   MOV (register) T3 with Rd = SP, S = 0
export function movRegSP(cpu: Cpu, o: Op): void {
  writeSP(cpu, cpu.R[o.c]);
}
export function movRegS(cpu: Cpu, o: Op): void {
  const r = shiftC(cpu.R[o.c], o.e, o.imm, cpu.C);
  cpu.R[o.a] = r;
  setNZ(cpu, r);
  cpu.C = carryOut;
}

// MVN{S}.W <Rd>,<Rm>{,<shift>}   MVN (register) T2: 11101010011 S 1111 | 0 imm3 Rd imm2 type Rm
export function mvnReg(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = ~opnd(cpu, o);
}
export function mvnRegS(cpu: Cpu, o: Op): void {
  const r = ~shiftC(cpu.R[o.c], o.e, o.imm, cpu.C);
  cpu.R[o.a] = r;
  setNZ(cpu, r);
  cpu.C = carryOut;
}

// TST.W <Rn>,<Rm>{,<shift>}   TST (register) T2: 111010100001 Rn | 0 imm3 1111 imm2 type Rm
export function tstReg(cpu: Cpu, o: Op): void {
  setNZ(cpu, cpu.R[o.b] & shiftC(cpu.R[o.c], o.e, o.imm, cpu.C));
  cpu.C = carryOut;
}

// TEQ <Rn>,<Rm>{,<shift>}   TEQ (register) T1: 111010101001 Rn | 0 imm3 1111 imm2 type Rm
export function teqReg(cpu: Cpu, o: Op): void {
  setNZ(cpu, cpu.R[o.b] ^ shiftC(cpu.R[o.c], o.e, o.imm, cpu.C));
  cpu.C = carryOut;
}

// ---- arithmetic ----

// ADD{S}.W <Rd>,<Rn>,<Rm>{,<shift>}   ADD (register) T3: 11101011000 S Rn | 0 imm3 Rd imm2 type Rm
// ADD{S}.W <Rd>,SP,<Rm>{,<shift>}     ADD (SP plus register) T3 (Rd != SP)
export function addReg(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] + opnd(cpu, o);
}
export function addRegS(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = addFlags(cpu, cpu.R[o.b], opnd(cpu, o), 0);
}
// ADD{S}.W SP,SP,<Rm>{,LSL #0-3}   ADD (SP plus register) T3 with Rd = SP
export function addRegSP(cpu: Cpu, o: Op): void {
  writeSP(cpu, cpu.R[o.b] + opnd(cpu, o));
}
export function addRegSSP(cpu: Cpu, o: Op): void {
  writeSP(cpu, addFlags(cpu, cpu.R[o.b], opnd(cpu, o), 0));
}

// SUB{S}.W <Rd>,<Rn>,<Rm>{,<shift>}   SUB (register) T2: 11101011101 S Rn | 0 imm3 Rd imm2 type Rm
// SUB{S} <Rd>,SP,<Rm>{,<shift>}       SUB (SP minus register) T1 (Rd != SP)
export function subReg(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] - opnd(cpu, o);
}
export function subRegS(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = addFlags(cpu, cpu.R[o.b], ~opnd(cpu, o), 1);
}
// SUB{S} SP,SP,<Rm>{,LSL #0-3}   SUB (SP minus register) T1 with Rd = SP
export function subRegSP(cpu: Cpu, o: Op): void {
  writeSP(cpu, cpu.R[o.b] - opnd(cpu, o));
}
export function subRegSSP(cpu: Cpu, o: Op): void {
  writeSP(cpu, addFlags(cpu, cpu.R[o.b], ~opnd(cpu, o), 1));
}

// ADC{S}.W <Rd>,<Rn>,<Rm>{,<shift>}   ADC (register) T2: 11101011010 S Rn | 0 imm3 Rd imm2 type Rm
export function adcReg(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] + (opnd(cpu, o) >>> 0) + cpu.C;
}
export function adcRegS(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = addFlags(cpu, cpu.R[o.b], opnd(cpu, o), cpu.C);
}

// SBC{S}.W <Rd>,<Rn>,<Rm>{,<shift>}   SBC (register) T2: 11101011011 S Rn | 0 imm3 Rd imm2 type Rm
export function sbcReg(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] + ~opnd(cpu, o) + cpu.C;
}
export function sbcRegS(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = addFlags(cpu, cpu.R[o.b], ~opnd(cpu, o), cpu.C);
}

// RSB{S} <Rd>,<Rn>,<Rm>{,<shift>}   RSB (register) T1: 11101011110 S Rn | 0 imm3 Rd imm2 type Rm
export function rsbReg(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = opnd(cpu, o) - cpu.R[o.b];
}
export function rsbRegS(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = addFlags(cpu, ~cpu.R[o.b], opnd(cpu, o), 1);
}

// CMP.W <Rn>,<Rm>{,<shift>}   CMP (register) T3: 111010111011 Rn | 0 imm3 1111 imm2 type Rm
export function cmpReg(cpu: Cpu, o: Op): void {
  addFlags(cpu, cpu.R[o.b], ~opnd(cpu, o), 1);
}

// CMN.W <Rn>,<Rm>{,<shift>}   CMN (register) T2: 111010110001 Rn | 0 imm3 1111 imm2 type Rm
export function cmnReg(cpu: Cpu, o: Op): void {
  addFlags(cpu, cpu.R[o.b], opnd(cpu, o), 0);
}

// ---- decoding ----

interface Fields {
  d: number;
  n: number;
  m: number;
  s: boolean;
  type: number;
  imm5: number;
  /** the (0) bit hw2[15] is 1: UNPREDICTABLE */
  sbz: boolean;
}

function fieldsOf(ins: number): Fields {
  return {
    d: bits(ins, 11, 8),
    n: bits(ins, 19, 16),
    m: ins & 15,
    s: bit(ins, 20) === 1,
    type: bits(ins, 5, 4),
    imm5: (bits(ins, 14, 12) << 2) | bits(ins, 7, 6),
    sbz: bit(ins, 15) === 1,
  };
}

/** An Op with the shifted operand as a value kind (no carry needed). */
function valueOp(mnem: string, exec: Exec, pc: number, ins: number, f: Fields): Op {
  const o = op(mnem, exec, 4, pc, ins, Cls.ALU);
  o.a = f.d;
  o.b = f.n;
  o.c = f.m;
  switch (f.type) {
    case 0:
      o.e = VK_LSL;
      o.imm = f.imm5;
      break;
    case 1:
      o.e = f.imm5 === 0 ? VK_ZERO : VK_LSR;
      o.imm = f.imm5;
      break;
    case 2:
      o.e = VK_ASR;
      o.imm = f.imm5 === 0 ? 31 : f.imm5;
      break;
    default:
      o.e = f.imm5 === 0 ? VK_RRX : VK_ROR;
      o.imm = f.imm5 === 0 ? 1 : f.imm5;
  }
  return o;
}

/** An Op with the shifted operand as (SRType, amount) for Shift_C (carry needed). */
function carryOp(mnem: string, exec: Exec, pc: number, ins: number, f: Fields): Op {
  const o = op(mnem, exec, 4, pc, ins, Cls.ALU);
  o.a = f.d;
  o.b = f.n;
  o.c = f.m;
  switch (f.type) {
    case 0:
      o.e = SRType_LSL;
      o.imm = f.imm5;
      break;
    case 1:
      o.e = SRType_LSR;
      o.imm = f.imm5 || 32;
      break;
    case 2:
      o.e = SRType_ASR;
      o.imm = f.imm5 || 32;
      break;
    default:
      o.e = f.imm5 === 0 ? SRType_RRX : SRType_ROR;
      o.imm = f.imm5 === 0 ? 1 : f.imm5;
  }
  return o;
}

/** An Op for `mnem` with S = 0 (exec) or S = 1 (execS); logical ones need the carry when S. */
function build(mnem: string, exec: Exec, execS: Exec, logical: boolean, pc: number, ins: number, f: Fields): Op {
  if (f.s) return logical ? carryOp(mnem, execS, pc, ins, f) : valueOp(mnem, execS, pc, ins, f);
  return valueOp(mnem, exec, pc, ins, f);
}

function enc(name: string, pattern: string, decode: (ins: number, pc: number, f: Fields) => Op | null): Encoding {
  return { name, pattern, decode: (ins, pc) => decode(ins, pc, fieldsOf(ins)) };
}

const P = (opc: number, rest: string) => '1110101 ' + opc.toString(2).padStart(4, '0') + rest;
const ANY = ' . .... | . ... .... .. .. ....';
const FLAGS_ONLY = ' 1 .... | . ... 1111 .. .. ....';
const RN_PC = ' . 1111 | . ... .... .. .. ....';
const RN_SP = ' . 1101 | . ... .... .. .. ....';

const U = (pc: number, ins: number) => unpredictableOp(4, pc, ins);

export const encodings: Encoding[] = [
  enc('TST (register) T2', P(0b0000, FLAGS_ONLY), (ins, pc, f) => {
    if (f.sbz || badReg(f.n) || badReg(f.m)) return U(pc, ins);
    return carryOp('tst', tstReg, pc, ins, f);
  }),
  enc('AND (register) T2', P(0b0000, ANY), (ins, pc, f) => {
    if (f.d === 15 && f.s) return null; // SEE TST (register)
    if (f.sbz || f.d === 13 || f.d === 15 || badReg(f.n) || badReg(f.m)) return U(pc, ins);
    return build('and', andReg, andRegS, true, pc, ins, f);
  }),
  enc('BIC (register) T2', P(0b0001, ANY), (ins, pc, f) => {
    if (f.sbz || badReg(f.d) || badReg(f.n) || badReg(f.m)) return U(pc, ins);
    return build('bic', bicReg, bicRegS, true, pc, ins, f);
  }),
  enc('MOV (register) T3', P(0b0010, ' . 1111 | . 000 .... 00 00 ....'), (ins, pc, f) => {
    if (f.sbz) return U(pc, ins);
    if (f.s && (badReg(f.d) || badReg(f.m))) return U(pc, ins);
    if (!f.s && (f.d === 15 || f.m === 15 || (f.d === 13 && f.m === 13))) return U(pc, ins);
    if (!f.s && f.d === 13) return valueOp('mov', movRegSP, pc, ins, f);
    return build('mov', movReg, movRegS, true, pc, ins, f);
  }),
  enc('LSL (immediate) T2', P(0b0010, ' . 1111 | . ... .... .. 00 ....'), (ins, pc, f) => {
    if (f.imm5 === 0) return null; // SEE MOV (register)
    if (f.sbz || badReg(f.d) || badReg(f.m)) return U(pc, ins);
    return build('lsl', movReg, movRegS, true, pc, ins, f);
  }),
  enc('LSR (immediate) T2', P(0b0010, ' . 1111 | . ... .... .. 01 ....'), (ins, pc, f) => {
    if (f.sbz || badReg(f.d) || badReg(f.m)) return U(pc, ins);
    return build('lsr', movReg, movRegS, true, pc, ins, f);
  }),
  enc('ASR (immediate) T2', P(0b0010, ' . 1111 | . ... .... .. 10 ....'), (ins, pc, f) => {
    if (f.sbz || badReg(f.d) || badReg(f.m)) return U(pc, ins);
    return build('asr', movReg, movRegS, true, pc, ins, f);
  }),
  enc('RRX T1', P(0b0010, ' . 1111 | . 000 .... 00 11 ....'), (ins, pc, f) => {
    if (f.sbz || badReg(f.d) || badReg(f.m)) return U(pc, ins);
    return build('rrx', movReg, movRegS, true, pc, ins, f);
  }),
  enc('ROR (immediate) T1', P(0b0010, ' . 1111 | . ... .... .. 11 ....'), (ins, pc, f) => {
    if (f.imm5 === 0) return null; // SEE RRX
    if (f.sbz || badReg(f.d) || badReg(f.m)) return U(pc, ins);
    return build('ror', movReg, movRegS, true, pc, ins, f);
  }),
  enc('ORR (register) T2', P(0b0010, ANY), (ins, pc, f) => {
    if (f.n === 15) return null; // SEE the move and immediate shift instructions
    if (f.sbz || badReg(f.d) || f.n === 13 || badReg(f.m)) return U(pc, ins);
    return build('orr', orrReg, orrRegS, true, pc, ins, f);
  }),
  enc('MVN (register) T2', P(0b0011, RN_PC), (ins, pc, f) => {
    if (f.sbz || badReg(f.d) || badReg(f.m)) return U(pc, ins);
    return build('mvn', mvnReg, mvnRegS, true, pc, ins, f);
  }),
  enc('ORN (register) T1', P(0b0011, ANY), (ins, pc, f) => {
    if (f.n === 15) return null; // SEE MVN (register)
    if (f.sbz || badReg(f.d) || f.n === 13 || badReg(f.m)) return U(pc, ins);
    return build('orn', ornReg, ornRegS, true, pc, ins, f);
  }),
  enc('TEQ (register) T1', P(0b0100, FLAGS_ONLY), (ins, pc, f) => {
    if (f.sbz || badReg(f.n) || badReg(f.m)) return U(pc, ins);
    return carryOp('teq', teqReg, pc, ins, f);
  }),
  enc('EOR (register) T2', P(0b0100, ANY), (ins, pc, f) => {
    if (f.d === 15 && f.s) return null; // SEE TEQ (register)
    if (f.sbz || f.d === 13 || f.d === 15 || badReg(f.n) || badReg(f.m)) return U(pc, ins);
    return build('eor', eorReg, eorRegS, true, pc, ins, f);
  }),
  enc('CMN (register) T2', P(0b1000, FLAGS_ONLY), (ins, pc, f) => {
    if (f.sbz || f.n === 15 || badReg(f.m)) return U(pc, ins);
    return valueOp('cmn', cmnReg, pc, ins, f);
  }),
  enc('ADD (SP plus register) T3', P(0b1000, RN_SP), (ins, pc, f) => {
    if (f.d === 15 && f.s) return null; // SEE CMN (register)
    if (f.sbz || (f.d === 13 && (f.type !== 0 || f.imm5 > 3)) || (f.d === 15 && !f.s) || badReg(f.m)) return U(pc, ins);
    if (f.d === 13) return build('add', addRegSP, addRegSSP, false, pc, ins, f);
    return build('add', addReg, addRegS, false, pc, ins, f);
  }),
  enc('ADD (register) T3', P(0b1000, ANY), (ins, pc, f) => {
    if (f.d === 15 && f.s) return null; // SEE CMN (register)
    if (f.n === 13) return null; // SEE ADD (SP plus register)
    if (f.sbz || f.d === 13 || (f.d === 15 && !f.s) || f.n === 15 || badReg(f.m)) return U(pc, ins);
    return build('add', addReg, addRegS, false, pc, ins, f);
  }),
  enc('ADC (register) T2', P(0b1010, ANY), (ins, pc, f) => {
    if (f.sbz || badReg(f.d) || badReg(f.n) || badReg(f.m)) return U(pc, ins);
    return build('adc', adcReg, adcRegS, false, pc, ins, f);
  }),
  enc('SBC (register) T2', P(0b1011, ANY), (ins, pc, f) => {
    if (f.sbz || badReg(f.d) || badReg(f.n) || badReg(f.m)) return U(pc, ins);
    return build('sbc', sbcReg, sbcRegS, false, pc, ins, f);
  }),
  enc('CMP (register) T3', P(0b1101, FLAGS_ONLY), (ins, pc, f) => {
    if (f.sbz || f.n === 15 || badReg(f.m)) return U(pc, ins);
    return valueOp('cmp', cmpReg, pc, ins, f);
  }),
  enc('SUB (SP minus register) T1', P(0b1101, RN_SP), (ins, pc, f) => {
    if (f.d === 15 && f.s) return null; // SEE CMP (register)
    if (f.sbz || (f.d === 13 && (f.type !== 0 || f.imm5 > 3)) || (f.d === 15 && !f.s) || badReg(f.m)) return U(pc, ins);
    if (f.d === 13) return build('sub', subRegSP, subRegSSP, false, pc, ins, f);
    return build('sub', subReg, subRegS, false, pc, ins, f);
  }),
  enc('SUB (register) T2', P(0b1101, ANY), (ins, pc, f) => {
    if (f.d === 15 && f.s) return null; // SEE CMP (register)
    if (f.n === 13) return null; // SEE SUB (SP minus register)
    if (f.sbz || f.d === 13 || (f.d === 15 && !f.s) || f.n === 15 || badReg(f.m)) return U(pc, ins);
    return build('sub', subReg, subRegS, false, pc, ins, f);
  }),
  enc('RSB (register) T1', P(0b1110, ANY), (ins, pc, f) => {
    if (f.sbz || badReg(f.d) || badReg(f.n) || badReg(f.m)) return U(pc, ins);
    return build('rsb', rsbReg, rsbRegS, false, pc, ins, f);
  }),
];
