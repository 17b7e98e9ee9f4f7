// 32-bit data processing with an immediate operand (ARMv7-M ARM A5.3.1 modified immediate,
// A5.3.3 plain binary immediate). Immediates, ThumbExpandImm's carry, ADR targets and
// saturation/bitfield bounds are all computed at decode.
//
// Field use: a = Rd, b = Rn, imm = the (expanded) immediate; for the logical S forms
// e = the carry ThumbExpandImm_C produces (-1: APSR.C unchanged); d = a carry-in constant
// for ADD/SUB/CMP/CMN (SUB and CMP store NOT(imm32) in imm and carry-in 1).
import { Cls } from '../core/op.ts';
import type { Cpu } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import { op, bits, bit, unpredictableOp, type Encoding } from './encoding.ts';
import { thumbExpandImmC, carryOut } from '../core/alu.ts';
import { addFlags, setNZ, writeSP, badReg } from './dataproc-common.ts';

type Exec = (cpu: Cpu, o: Op) => void;

// ---- logical, A5.3.1 ----

// AND{S}.W / BIC{S} <Rd>,<Rn>,#<const>   T1: 11110 i 0 0000 S Rn | 0 imm3 Rd imm8 (BIC: op 0001, imm inverted)
export function andImm(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] & o.imm;
}
export function andImmS(cpu: Cpu, o: Op): void {
  const r = cpu.R[o.b] & o.imm;
  cpu.R[o.a] = r;
  setNZ(cpu, r);
  if (o.e >= 0) cpu.C = o.e;
}

// ORR{S} / ORN{S} <Rd>,<Rn>,#<const>   T1: 11110 i 0 0010 S Rn | 0 imm3 Rd imm8 (ORN: op 0011, imm inverted)
export function orrImm(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] | o.imm;
}
export function orrImmS(cpu: Cpu, o: Op): void {
  const r = cpu.R[o.b] | o.imm;
  cpu.R[o.a] = r;
  setNZ(cpu, r);
  if (o.e >= 0) cpu.C = o.e;
}

// EOR{S} <Rd>,<Rn>,#<const>   T1: 11110 i 0 0100 S Rn | 0 imm3 Rd imm8
export function eorImm(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] ^ o.imm;
}
export function eorImmS(cpu: Cpu, o: Op): void {
  const r = cpu.R[o.b] ^ o.imm;
  cpu.R[o.a] = r;
  setNZ(cpu, r);
  if (o.e >= 0) cpu.C = o.e;
}

// MOV{S}.W / MVN{S} <Rd>,#<const>   MOV T2: 11110 i 0 0010 S 1111 | 0 imm3 Rd imm8; MVN T1 (op 0011)
// ADR.W <Rd>,<label>   ADR T2/T3 (the address is known at decode);  MOVW <Rd>,#<imm16>   MOV T3
export function movImm(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = o.imm;
}
export function movImmS(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = o.imm;
  setNZ(cpu, o.imm);
  if (o.e >= 0) cpu.C = o.e;
}

// TST <Rn>,#<const>   T1: 11110 i 0 0000 1 Rn | 0 imm3 1111 imm8
export function tstImm(cpu: Cpu, o: Op): void {
  setNZ(cpu, cpu.R[o.b] & o.imm);
  if (o.e >= 0) cpu.C = o.e;
}

// TEQ <Rn>,#<const>   T1: 11110 i 0 0100 1 Rn | 0 imm3 1111 imm8
export function teqImm(cpu: Cpu, o: Op): void {
  setNZ(cpu, cpu.R[o.b] ^ o.imm);
  if (o.e >= 0) cpu.C = o.e;
}

// ---- arithmetic, A5.3.1 and A5.3.3 ----

// ADD.W / SUB.W <Rd>,<Rn>,#<const>   T3: 11110 i 0 1000/1101 0 Rn | 0 imm3 Rd imm8 (SUB: imm negated)
// ADDW / SUBW <Rd>,<Rn>,#<imm12>     T4: 11110 i 1 0000/1010 0 Rn | 0 imm3 Rd imm8
// ADD/SUB <Rd>,SP,#<imm>             (SP plus/minus immediate) T3/T4 and T2/T3, Rd != SP
export function addImm(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] + o.imm;
}
// ADD{W}/SUB{W} SP,SP,#<imm>   ADD (SP plus immediate) T3/T4, SUB (SP minus immediate) T2/T3, Rd = SP
export function addImmSP(cpu: Cpu, o: Op): void {
  writeSP(cpu, cpu.R[o.b] + o.imm);
}

// ADDS.W / SUBS.W <Rd>,<Rn>,#<const>   T3 with S = 1 (SUB: imm = NOT(imm32), d = carry-in 1)
export function addImmS(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = addFlags(cpu, cpu.R[o.b], o.imm, o.d);
}
// ADDS/SUBS SP,SP,#<const>   (SP plus/minus immediate) with Rd = SP and S = 1
export function addImmSSP(cpu: Cpu, o: Op): void {
  writeSP(cpu, addFlags(cpu, cpu.R[o.b], o.imm, o.d));
}

// CMP.W / CMN <Rn>,#<const>   T2/T1: 11110 i 0 1101/1000 1 Rn | 0 imm3 1111 imm8
export function cmpImm(cpu: Cpu, o: Op): void {
  addFlags(cpu, cpu.R[o.b], o.imm, o.d);
}

// ADC{S} / SBC{S} <Rd>,<Rn>,#<const>   T1: 11110 i 0 1010/1011 S Rn | 0 imm3 Rd imm8 (SBC: imm inverted)
export function adcImm(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.b] + o.imm + cpu.C;
}
export function adcImmS(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = addFlags(cpu, cpu.R[o.b], o.imm, cpu.C);
}

// RSB{S}.W <Rd>,<Rn>,#<const>   T2: 11110 i 0 1110 S Rn | 0 imm3 Rd imm8
export function rsbImm(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = o.imm - cpu.R[o.b];
}
export function rsbImmS(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = addFlags(cpu, ~cpu.R[o.b], o.imm, 1);
}

// ---- A5.3.3 ----

// MOVT <Rd>,#<imm16>   T1: 11110 i 1 0110 0 imm4 | 0 imm3 Rd imm8
export function movt(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = o.imm | (cpu.R[o.a] & 0xffff);
}

// SSAT/USAT <Rd>,#<imm>,<Rn>{,<shift>}   T1: 11110 0 11x0 sh 0 Rn | 0 imm3 Rd imm2 0 sat_imm
// (e = 0: LSL #imm, 2: ASR #imm; c = the minimum, d = the maximum of the saturated range)
export function sat(cpu: Cpu, o: Op): void {
  const v = o.e === 0 ? cpu.R[o.b] << o.imm : (cpu.R[o.b] | 0) >> o.imm;
  if (v > o.d) {
    cpu.R[o.a] = o.d;
    cpu.Q = 1;
  } else if (v < o.c) {
    cpu.R[o.a] = o.c;
    cpu.Q = 1;
  } else cpu.R[o.a] = v;
}

// SBFX <Rd>,<Rn>,#<lsb>,#<width>   T1: 11110 0 11010 0 Rn | 0 imm3 Rd imm2 0 widthm1
// (d = 31 - msb, imm = 32 - width)
export function sbfx(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = (cpu.R[o.b] << o.d) >> o.imm;
}

// UBFX <Rd>,<Rn>,#<lsb>,#<width>   T1: 11110 0 11110 0 Rn | 0 imm3 Rd imm2 0 widthm1
export function ubfx(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = (cpu.R[o.b] << o.d) >>> o.imm;
}

// BFI <Rd>,<Rn>,#<lsb>,#<width>   T1: 11110 0 11011 0 Rn | 0 imm3 Rd imm2 0 msb
// (imm = the field mask, e = lsb)
export function bfi(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = (cpu.R[o.a] & ~o.imm) | ((cpu.R[o.b] << o.e) & o.imm);
}

// BFC <Rd>,#<lsb>,#<width>   T1: 11110 0 11011 0 1111 | 0 imm3 Rd imm2 0 msb
export function bfc(cpu: Cpu, o: Op): void {
  cpu.R[o.a] = cpu.R[o.a] & ~o.imm;
}

// ---- decoding ----

/** i:imm3:imm8 of a 32-bit data-processing immediate encoding. */
function imm12Of(ins: number): number {
  return (bit(ins, 26) << 11) | (bits(ins, 14, 12) << 8) | (ins & 0xff);
}

/** ThumbExpandImm's UNPREDICTABLE case: a replicated pattern of a zero byte. */
function badModImm(imm12: number): boolean {
  return imm12 >>> 10 === 0 && (imm12 >>> 8) !== 0 && (imm12 & 0xff) === 0;
}

function op32(mnem: string, exec: Exec, pc: number, ins: number, d: number, n: number, cls = Cls.ALU): Op {
  const o = op(mnem, exec, 4, pc, ins, cls);
  o.a = d;
  o.b = n;
  return o;
}

/** Sets o.imm = ThumbExpandImm(imm12) (inverted if `invert`) and o.e = its carry, or -1
 * when APSR.C is unchanged. */
function expand(o: Op, imm12: number, invert: boolean): Op {
  const v = thumbExpandImmC(imm12, 0);
  o.imm = invert ? ~v >>> 0 : v;
  o.e = imm12 >>> 10 === 0 ? -1 : carryOut;
  return o;
}

interface ModFields {
  d: number;
  n: number;
  s: boolean;
  imm12: number;
}

/** A modified-immediate encoding (A5.3.1): 11110 i 0 op S Rn | 0 imm3 Rd imm8 with fixed
 * bits after the op field given by `rest` (S, Rn, then hw2 from imm3). */
function modImm(name: string, opc: number, rest: string, build: (ins: number, pc: number, f: ModFields) => Op | null): Encoding {
  return {
    name,
    pattern: '11110 . 0 ' + opc.toString(2).padStart(4, '0') + rest,
    decode(ins, pc) {
      const f = { d: bits(ins, 11, 8), n: bits(ins, 19, 16), s: bit(ins, 20) === 1, imm12: imm12Of(ins) };
      return build(ins, pc, f);
    },
  };
}

const ANY = ' . .... | 0 ... .... ........';
const FLAGS_ONLY = ' 1 .... | 0 ... 1111 ........';
const RN_PC = ' . 1111 | 0 ... .... ........';
const RN_SP = ' . 1101 | 0 ... .... ........';

/** AND/BIC/ORR/ORN/EOR with an immediate: the logical group. */
function logicImm(mnem: string, exec: Exec, execS: Exec, invert: boolean) {
  return (ins: number, pc: number, f: ModFields): Op => {
    const o = op32(mnem, f.s ? execS : exec, pc, ins, f.d, f.n);
    return expand(o, f.imm12, invert);
  };
}

/** ADD/SUB/ADC/SBC/RSB with an immediate. */
function arithImm(mnem: string, exec: Exec, execS: Exec, value: (imm32: number) => number, carryIn: number) {
  return (ins: number, pc: number, f: ModFields): Op => {
    const o = op32(mnem, f.s ? execS : exec, pc, ins, f.d, f.n);
    o.imm = value(thumbExpandImmC(f.imm12, 0)) >>> 0;
    o.d = carryIn;
    return o;
  };
}

const same = (v: number) => v;
const inverted = (v: number) => ~v;
const negated = (v: number) => -v;

const modImmEncodings: Encoding[] = [
  modImm('TST (immediate) T1', 0b0000, FLAGS_ONLY, (ins, pc, f) => {
    if (badModImm(f.imm12) || badReg(f.n)) return unpredictableOp(4, pc, ins);
    return expand(op32('tst', tstImm, pc, ins, 0, f.n), f.imm12, false);
  }),
  modImm('AND (immediate) T1', 0b0000, ANY, (ins, pc, f) => {
    if (f.d === 15 && f.s) return null; // SEE TST
    if (badModImm(f.imm12) || f.d === 13 || f.d === 15 || badReg(f.n)) return unpredictableOp(4, pc, ins);
    return logicImm('and', andImm, andImmS, false)(ins, pc, f);
  }),
  modImm('BIC (immediate) T1', 0b0001, ANY, (ins, pc, f) => {
    if (badModImm(f.imm12) || badReg(f.d) || badReg(f.n)) return unpredictableOp(4, pc, ins);
    return logicImm('bic', andImm, andImmS, true)(ins, pc, f);
  }),
  modImm('MOV (immediate) T2', 0b0010, RN_PC, (ins, pc, f) => {
    if (badModImm(f.imm12) || badReg(f.d)) return unpredictableOp(4, pc, ins);
    return expand(op32('mov', f.s ? movImmS : movImm, pc, ins, f.d, 0), f.imm12, false);
  }),
  modImm('ORR (immediate) T1', 0b0010, ANY, (ins, pc, f) => {
    if (f.n === 15) return null; // SEE MOV (immediate)
    if (badModImm(f.imm12) || badReg(f.d) || f.n === 13) return unpredictableOp(4, pc, ins);
    return logicImm('orr', orrImm, orrImmS, false)(ins, pc, f);
  }),
  modImm('MVN (immediate) T1', 0b0011, RN_PC, (ins, pc, f) => {
    if (badModImm(f.imm12) || badReg(f.d)) return unpredictableOp(4, pc, ins);
    return expand(op32('mvn', f.s ? movImmS : movImm, pc, ins, f.d, 0), f.imm12, true);
  }),
  modImm('ORN (immediate) T1', 0b0011, ANY, (ins, pc, f) => {
    if (f.n === 15) return null; // SEE MVN (immediate)
    if (badModImm(f.imm12) || badReg(f.d) || f.n === 13) return unpredictableOp(4, pc, ins);
    return logicImm('orn', orrImm, orrImmS, true)(ins, pc, f);
  }),
  modImm('TEQ (immediate) T1', 0b0100, FLAGS_ONLY, (ins, pc, f) => {
    if (badModImm(f.imm12) || badReg(f.n)) return unpredictableOp(4, pc, ins);
    return expand(op32('teq', teqImm, pc, ins, 0, f.n), f.imm12, false);
  }),
  modImm('EOR (immediate) T1', 0b0100, ANY, (ins, pc, f) => {
    if (f.d === 15 && f.s) return null; // SEE TEQ
    if (badModImm(f.imm12) || f.d === 13 || f.d === 15 || badReg(f.n)) return unpredictableOp(4, pc, ins);
    return logicImm('eor', eorImm, eorImmS, false)(ins, pc, f);
  }),
  modImm('CMN (immediate) T1', 0b1000, FLAGS_ONLY, (ins, pc, f) => {
    if (badModImm(f.imm12) || f.n === 15) return unpredictableOp(4, pc, ins);
    return arithImm('cmn', cmpImm, cmpImm, same, 0)(ins, pc, f);
  }),
  modImm('ADD (SP plus immediate) T3', 0b1000, RN_SP, (ins, pc, f) => {
    if (f.d === 15 && f.s) return null; // SEE CMN (immediate)
    if (badModImm(f.imm12) || f.d === 15) return unpredictableOp(4, pc, ins);
    if (f.d === 13) return arithImm('add', addImmSP, addImmSSP, same, 0)(ins, pc, f);
    return arithImm('add', addImm, addImmS, same, 0)(ins, pc, f);
  }),
  modImm('ADD (immediate) T3', 0b1000, ANY, (ins, pc, f) => {
    if (f.d === 15 && f.s) return null; // SEE CMN (immediate)
    if (f.n === 13) return null; // SEE ADD (SP plus immediate)
    if (badModImm(f.imm12) || f.d === 13 || f.d === 15 || f.n === 15) return unpredictableOp(4, pc, ins);
    return arithImm('add', addImm, addImmS, same, 0)(ins, pc, f);
  }),
  modImm('ADC (immediate) T1', 0b1010, ANY, (ins, pc, f) => {
    if (badModImm(f.imm12) || badReg(f.d) || badReg(f.n)) return unpredictableOp(4, pc, ins);
    return arithImm('adc', adcImm, adcImmS, same, 0)(ins, pc, f);
  }),
  modImm('SBC (immediate) T1', 0b1011, ANY, (ins, pc, f) => {
    if (badModImm(f.imm12) || badReg(f.d) || badReg(f.n)) return unpredictableOp(4, pc, ins);
    return arithImm('sbc', adcImm, adcImmS, inverted, 0)(ins, pc, f);
  }),
  modImm('CMP (immediate) T2', 0b1101, FLAGS_ONLY, (ins, pc, f) => {
    if (badModImm(f.imm12) || f.n === 15) return unpredictableOp(4, pc, ins);
    return arithImm('cmp', cmpImm, cmpImm, inverted, 1)(ins, pc, f);
  }),
  modImm('SUB (SP minus immediate) T2', 0b1101, RN_SP, (ins, pc, f) => {
    if (f.d === 15 && f.s) return null; // SEE CMP (immediate)
    if (badModImm(f.imm12) || f.d === 15) return unpredictableOp(4, pc, ins);
    if (f.d === 13) return arithImm('sub', addImmSP, addImmSSP, f.s ? inverted : negated, f.s ? 1 : 0)(ins, pc, f);
    return arithImm('sub', addImm, addImmS, f.s ? inverted : negated, f.s ? 1 : 0)(ins, pc, f);
  }),
  modImm('SUB (immediate) T3', 0b1101, ANY, (ins, pc, f) => {
    if (f.d === 15 && f.s) return null; // SEE CMP (immediate)
    if (f.n === 13) return null; // SEE SUB (SP minus immediate)
    if (badModImm(f.imm12) || f.d === 13 || f.d === 15 || f.n === 15) return unpredictableOp(4, pc, ins);
    return arithImm('sub', addImm, addImmS, f.s ? inverted : negated, f.s ? 1 : 0)(ins, pc, f);
  }),
  modImm('RSB (immediate) T2', 0b1110, ANY, (ins, pc, f) => {
    if (badModImm(f.imm12) || badReg(f.d) || badReg(f.n)) return unpredictableOp(4, pc, ins);
    return arithImm('rsb', rsbImm, rsbImmS, same, 0)(ins, pc, f);
  }),
];

// ---- A5.3.3 plain binary immediate: 11110 i 1 op(5) Rn | 0 imm3 Rd imm8 ----

/** An unsigned 12-bit immediate add or subtract: ADDW/SUBW and their SP forms. */
function addw(mnem: string, sub: boolean, spForm: boolean) {
  return (ins: number, pc: number): Op => {
    const d = bits(ins, 11, 8);
    const n = bits(ins, 19, 16);
    if (spForm ? d === 15 : badReg(d)) return unpredictableOp(4, pc, ins);
    const imm12 = imm12Of(ins);
    const o = op32(mnem, d === 13 ? addImmSP : addImm, pc, ins, d, n);
    o.imm = sub ? -imm12 : imm12;
    return o;
  };
}

/** ADR T2/T3: Rd = Align(PC,4) -/+ imm12, a constant. */
function adrW(sub: boolean) {
  return (ins: number, pc: number): Op => {
    const d = bits(ins, 11, 8);
    if (badReg(d)) return unpredictableOp(4, pc, ins);
    const o = op32('adr', movImm, pc, ins, d, 15);
    const base = (pc + 4) & ~3;
    o.imm = (sub ? base - imm12Of(ins) : base + imm12Of(ins)) >>> 0;
    return o;
  };
}

/** imm4:i:imm3:imm8 of MOVW/MOVT. */
function imm16Of(ins: number): number {
  return (bits(ins, 19, 16) << 12) | imm12Of(ins);
}

/** SSAT/USAT (the non-16 forms). */
function satDecode(mnem: string, signed: boolean) {
  return (ins: number, pc: number): Op | null => {
    const sh = bit(ins, 21);
    const imm5 = (bits(ins, 14, 12) << 2) | bits(ins, 7, 6);
    if (sh === 1 && imm5 === 0) return null; // SEE SSAT16 / USAT16
    const d = bits(ins, 11, 8);
    const n = bits(ins, 19, 16);
    if (bit(ins, 26) === 1 || bit(ins, 5) === 1 || badReg(d) || badReg(n)) return unpredictableOp(4, pc, ins);
    const satImm = ins & 0x1f;
    const o = op32(mnem, sat, pc, ins, d, n);
    o.e = sh === 0 ? 0 : 2;
    o.imm = imm5;
    if (signed) {
      // saturate_to = sat_imm + 1
      o.d = 2 ** satImm - 1;
      o.c = -(2 ** satImm);
    } else {
      o.d = 2 ** satImm - 1;
      o.c = 0;
    }
    return o;
  };
}

/** SBFX/UBFX. */
function bfx(mnem: string, exec: Exec) {
  return (ins: number, pc: number): Op => {
    const d = bits(ins, 11, 8);
    const n = bits(ins, 19, 16);
    const lsb = (bits(ins, 14, 12) << 2) | bits(ins, 7, 6);
    const widthm1 = ins & 0x1f;
    const msb = lsb + widthm1;
    if (bit(ins, 26) === 1 || bit(ins, 5) === 1 || badReg(d) || badReg(n) || msb > 31) return unpredictableOp(4, pc, ins);
    const o = op32(mnem, exec, pc, ins, d, n);
    o.d = 31 - msb;
    o.imm = 31 - widthm1;
    return o;
  };
}

/** BFI/BFC: the mask of bits msb..lsb in imm, lsb in e. */
function bfiDecode(clear: boolean) {
  return (ins: number, pc: number): Op | null => {
    const d = bits(ins, 11, 8);
    const n = bits(ins, 19, 16);
    if (!clear && n === 15) return null; // SEE BFC
    const lsb = (bits(ins, 14, 12) << 2) | bits(ins, 7, 6);
    const msb = ins & 0x1f;
    if (bit(ins, 26) === 1 || bit(ins, 5) === 1 || badReg(d) || (!clear && n === 13) || msb < lsb) {
      return unpredictableOp(4, pc, ins);
    }
    const o = op32(clear ? 'bfc' : 'bfi', clear ? bfc : bfi, pc, ins, d, n);
    o.imm = ((0xffffffff >>> (31 - msb)) & ~((1 << lsb) - 1)) >>> 0;
    o.e = lsb;
    return o;
  };
}

const plainImmEncodings: Encoding[] = [
  { name: 'ADR T3', pattern: '11110 . 1 0000 0 1111 | 0 ... .... ........', decode: adrW(false) },
  { name: 'ADD (SP plus immediate) T4', pattern: '11110 . 1 0000 0 1101 | 0 ... .... ........', decode: addw('add', false, true) },
  {
    name: 'ADD (immediate) T4',
    pattern: '11110 . 1 0000 0 .... | 0 ... .... ........',
    decode: (ins, pc) => (bits(ins, 19, 16) === 15 || bits(ins, 19, 16) === 13 ? null : addw('add', false, false)(ins, pc)),
  },
  {
    name: 'MOV (immediate) T3',
    pattern: '11110 . 1 0010 0 .... | 0 ... .... ........',
    decode(ins, pc) {
      const d = bits(ins, 11, 8);
      if (badReg(d)) return unpredictableOp(4, pc, ins);
      const o = op32('movw', movImm, pc, ins, d, 0);
      o.imm = imm16Of(ins);
      return o;
    },
  },
  { name: 'ADR T2', pattern: '11110 . 1 0101 0 1111 | 0 ... .... ........', decode: adrW(true) },
  { name: 'SUB (SP minus immediate) T3', pattern: '11110 . 1 0101 0 1101 | 0 ... .... ........', decode: addw('sub', true, true) },
  {
    name: 'SUB (immediate) T4',
    pattern: '11110 . 1 0101 0 .... | 0 ... .... ........',
    decode: (ins, pc) => (bits(ins, 19, 16) === 15 || bits(ins, 19, 16) === 13 ? null : addw('sub', true, false)(ins, pc)),
  },
  {
    name: 'MOVT T1',
    pattern: '11110 . 1 0110 0 .... | 0 ... .... ........',
    decode(ins, pc) {
      const d = bits(ins, 11, 8);
      if (badReg(d)) return unpredictableOp(4, pc, ins);
      const o = op32('movt', movt, pc, ins, d, 0);
      o.imm = (imm16Of(ins) << 16) >>> 0;
      return o;
    },
  },
  { name: 'SSAT T1', pattern: '11110 . 1 100 . 0 .... | 0 ... .... .. . .....', decode: satDecode('ssat', true) },
  { name: 'USAT T1', pattern: '11110 . 1 110 . 0 .... | 0 ... .... .. . .....', decode: satDecode('usat', false) },
  { name: 'SBFX T1', pattern: '11110 . 1 1010 0 .... | 0 ... .... .. . .....', decode: bfx('sbfx', sbfx) },
  { name: 'UBFX T1', pattern: '11110 . 1 1110 0 .... | 0 ... .... .. . .....', decode: bfx('ubfx', ubfx) },
  { name: 'BFC T1', pattern: '11110 . 1 1011 0 1111 | 0 ... .... .. . .....', decode: bfiDecode(true) },
  { name: 'BFI T1', pattern: '11110 . 1 1011 0 .... | 0 ... .... .. . .....', decode: bfiDecode(false) },
];

export const encodings: Encoding[] = [...modImmEncodings, ...plainImmEncodings];
