// The ARMv7E-M DSP extension (Armv7-M ARM DDI 0403E, the v7E-M rows of the A5.3 decode
// tables and their A7.7 instruction pages): parallel add/subtract, signed and unsigned
// ("Parallel addition and subtraction" tables), SEL and QADD/QSUB/QDADD/QDSUB
// ("Miscellaneous operations"), SSAT16/USAT16 ("Data processing (plain binary immediate)"),
// PKHBT/PKHTB ("Data processing (shifted register)"), the extend-and-add forms ("Data
// processing (register)"), and the DSP multiplies ("Multiply, multiply accumulate, and
// absolute difference" with a 32-bit result; "Long multiply, long multiply accumulate, and
// divide" with a 64-bit one). APSR.Q (cpu.Q) is sticky: only set here, never cleared.
// APSR.GE (cpu.GE, 4 bits) is written by the plain signed and unsigned parallel
// add/subtract instructions and read by SEL.
//
// Operand fields of the Op: a = Rd (RdLo for the long multiplies), b = Rn, c = Rm,
// d = Ra (RdHi for the long multiplies), imm/e = precomputed immediates.
import { Cls } from '../core/op.ts';
import type { Cpu } from '../core/cpu.ts';
import type { Op, Exec } from '../core/op.ts';
import { op, bits, bit, unpredictableOp, type Encoding } from './encoding.ts';

/** BadReg(n) of the pseudocode: SP or PC. */
function badReg(r: number): boolean {
  return r === 13 || r === 15;
}

// ---- lane helpers (small, inlined by the JIT) ----

/** SInt(x<15:0>) */
export function sLo(x: number): number {
  return (x << 16) >> 16;
}
/** SInt(x<31:16>) */
export function sHi(x: number): number {
  return x >> 16;
}
/** UInt(x<15:0>) */
export function uLo(x: number): number {
  return x & 0xffff;
}
/** UInt(x<31:16>) */
export function uHi(x: number): number {
  return x >>> 16;
}
/** lo<15:0> and hi<15:0> packed into a word (the Uint32Array store wraps) */
export function pack16(lo: number, hi: number): number {
  return (lo & 0xffff) | (hi << 16);
}
/** SignedSat(x, 16) */
export function ssat16v(x: number): number {
  return x > 0x7fff ? 0x7fff : x < -0x8000 ? -0x8000 : x;
}
/** UnsignedSat(x, 16) */
export function usat16v(x: number): number {
  return x > 0xffff ? 0xffff : x < 0 ? 0 : x;
}
/** SignedSat(x, 8) */
function ssat8v(x: number): number {
  return x > 0x7f ? 0x7f : x < -0x80 ? -0x80 : x;
}
/** UnsignedSat(x, 8) */
function usat8v(x: number): number {
  return x > 0xff ? 0xff : x < 0 ? 0 : x;
}
/** SInt(x<8i+7:8i>) for i = sh/8, sh in 0, 8, 16, 24 */
export function sB(x: number, sh: number): number {
  return (x << (24 - sh)) >> 24;
}
/** UInt(x<8i+7:8i>) */
export function uB(x: number, sh: number): number {
  return (x >>> sh) & 0xff;
}

// ==== Parallel addition and subtraction, 16-bit lanes ====
// Encoding of every one: 11111010 1 op1:3 Rn | 1111 Rd 0 U op2:2 Rm, op1 = 001 ADD16,
// 010 ASX, 110 SAX, 101 SUB16; U:op2 = 000 S, 001 Q, 010 SH, 100 U, 101 UQ, 110 UH.
// ASX: lo = n.lo - m.hi, hi = n.hi + m.lo.  SAX: lo = n.lo + m.hi, hi = n.hi - m.lo.

// SADD16 <Rd>,<Rn>,<Rm>
export function sadd16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const lo = sLo(n) + sLo(m), hi = sHi(n) + sHi(m);
  R[o.a] = pack16(lo, hi);
  cpu.GE = (lo >= 0 ? 3 : 0) | (hi >= 0 ? 12 : 0);
}
// SASX <Rd>,<Rn>,<Rm>
export function sasx(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const lo = sLo(n) - sHi(m), hi = sHi(n) + sLo(m);
  R[o.a] = pack16(lo, hi);
  cpu.GE = (lo >= 0 ? 3 : 0) | (hi >= 0 ? 12 : 0);
}
// SSAX <Rd>,<Rn>,<Rm>
export function ssax(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const lo = sLo(n) + sHi(m), hi = sHi(n) - sLo(m);
  R[o.a] = pack16(lo, hi);
  cpu.GE = (lo >= 0 ? 3 : 0) | (hi >= 0 ? 12 : 0);
}
// SSUB16 <Rd>,<Rn>,<Rm>
export function ssub16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const lo = sLo(n) - sLo(m), hi = sHi(n) - sHi(m);
  R[o.a] = pack16(lo, hi);
  cpu.GE = (lo >= 0 ? 3 : 0) | (hi >= 0 ? 12 : 0);
}
// QADD16 <Rd>,<Rn>,<Rm>
export function qadd16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16(ssat16v(sLo(n) + sLo(m)), ssat16v(sHi(n) + sHi(m)));
}
// QASX <Rd>,<Rn>,<Rm>
export function qasx(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16(ssat16v(sLo(n) - sHi(m)), ssat16v(sHi(n) + sLo(m)));
}
// QSAX <Rd>,<Rn>,<Rm>
export function qsax(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16(ssat16v(sLo(n) + sHi(m)), ssat16v(sHi(n) - sLo(m)));
}
// QSUB16 <Rd>,<Rn>,<Rm>
export function qsub16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16(ssat16v(sLo(n) - sLo(m)), ssat16v(sHi(n) - sHi(m)));
}
// SHADD16 <Rd>,<Rn>,<Rm>  (result<16:1> of each lane)
export function shadd16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16((sLo(n) + sLo(m)) >> 1, (sHi(n) + sHi(m)) >> 1);
}
// SHASX <Rd>,<Rn>,<Rm>
export function shasx(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16((sLo(n) - sHi(m)) >> 1, (sHi(n) + sLo(m)) >> 1);
}
// SHSAX <Rd>,<Rn>,<Rm>
export function shsax(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16((sLo(n) + sHi(m)) >> 1, (sHi(n) - sLo(m)) >> 1);
}
// SHSUB16 <Rd>,<Rn>,<Rm>
export function shsub16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16((sLo(n) - sLo(m)) >> 1, (sHi(n) - sHi(m)) >> 1);
}
// UADD16 <Rd>,<Rn>,<Rm>  (GE set where the lane carries out: sum >= 0x10000)
export function uadd16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const lo = uLo(n) + uLo(m), hi = uHi(n) + uHi(m);
  R[o.a] = pack16(lo, hi);
  cpu.GE = (lo >= 0x10000 ? 3 : 0) | (hi >= 0x10000 ? 12 : 0);
}
// UASX <Rd>,<Rn>,<Rm>
export function uasx(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const lo = uLo(n) - uHi(m), hi = uHi(n) + uLo(m);
  R[o.a] = pack16(lo, hi);
  cpu.GE = (lo >= 0 ? 3 : 0) | (hi >= 0x10000 ? 12 : 0);
}
// USAX <Rd>,<Rn>,<Rm>
export function usax(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const lo = uLo(n) + uHi(m), hi = uHi(n) - uLo(m);
  R[o.a] = pack16(lo, hi);
  cpu.GE = (lo >= 0x10000 ? 3 : 0) | (hi >= 0 ? 12 : 0);
}
// USUB16 <Rd>,<Rn>,<Rm>
export function usub16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const lo = uLo(n) - uLo(m), hi = uHi(n) - uHi(m);
  R[o.a] = pack16(lo, hi);
  cpu.GE = (lo >= 0 ? 3 : 0) | (hi >= 0 ? 12 : 0);
}
// UQADD16 <Rd>,<Rn>,<Rm>
export function uqadd16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16(usat16v(uLo(n) + uLo(m)), usat16v(uHi(n) + uHi(m)));
}
// UQASX <Rd>,<Rn>,<Rm>
export function uqasx(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16(usat16v(uLo(n) - uHi(m)), usat16v(uHi(n) + uLo(m)));
}
// UQSAX <Rd>,<Rn>,<Rm>
export function uqsax(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16(usat16v(uLo(n) + uHi(m)), usat16v(uHi(n) - uLo(m)));
}
// UQSUB16 <Rd>,<Rn>,<Rm>
export function uqsub16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16(usat16v(uLo(n) - uLo(m)), usat16v(uHi(n) - uHi(m)));
}
// UHADD16 <Rd>,<Rn>,<Rm>
export function uhadd16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16((uLo(n) + uLo(m)) >> 1, (uHi(n) + uHi(m)) >> 1);
}
// UHASX <Rd>,<Rn>,<Rm>
export function uhasx(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16((uLo(n) - uHi(m)) >> 1, (uHi(n) + uLo(m)) >> 1);
}
// UHSAX <Rd>,<Rn>,<Rm>
export function uhsax(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16((uLo(n) + uHi(m)) >> 1, (uHi(n) - uLo(m)) >> 1);
}
// UHSUB16 <Rd>,<Rn>,<Rm>
export function uhsub16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = pack16((uLo(n) - uLo(m)) >> 1, (uHi(n) - uHi(m)) >> 1);
}

// ==== Parallel addition and subtraction, 8-bit lanes: op1 = 000 ADD8, 100 SUB8 ====

// SADD8 <Rd>,<Rn>,<Rm>
export function sadd8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  let r = 0, ge = 0;
  for (let i = 0; i < 4; i++) {
    const s = sB(n, 8 * i) + sB(m, 8 * i);
    r |= (s & 0xff) << (8 * i);
    if (s >= 0) ge |= 1 << i;
  }
  R[o.a] = r;
  cpu.GE = ge;
}
// SSUB8 <Rd>,<Rn>,<Rm>
export function ssub8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  let r = 0, ge = 0;
  for (let i = 0; i < 4; i++) {
    const s = sB(n, 8 * i) - sB(m, 8 * i);
    r |= (s & 0xff) << (8 * i);
    if (s >= 0) ge |= 1 << i;
  }
  R[o.a] = r;
  cpu.GE = ge;
}
// QADD8 <Rd>,<Rn>,<Rm>
export function qadd8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  let r = 0;
  for (let i = 0; i < 32; i += 8) r |= (ssat8v(sB(n, i) + sB(m, i)) & 0xff) << i;
  R[o.a] = r;
}
// QSUB8 <Rd>,<Rn>,<Rm>
export function qsub8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  let r = 0;
  for (let i = 0; i < 32; i += 8) r |= (ssat8v(sB(n, i) - sB(m, i)) & 0xff) << i;
  R[o.a] = r;
}
// SHADD8 <Rd>,<Rn>,<Rm>
export function shadd8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  let r = 0;
  for (let i = 0; i < 32; i += 8) r |= (((sB(n, i) + sB(m, i)) >> 1) & 0xff) << i;
  R[o.a] = r;
}
// SHSUB8 <Rd>,<Rn>,<Rm>
export function shsub8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  let r = 0;
  for (let i = 0; i < 32; i += 8) r |= (((sB(n, i) - sB(m, i)) >> 1) & 0xff) << i;
  R[o.a] = r;
}
// UADD8 <Rd>,<Rn>,<Rm>  (GE[i] where byte i carries out: sum >= 0x100)
export function uadd8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  let r = 0, ge = 0;
  for (let i = 0; i < 4; i++) {
    const s = uB(n, 8 * i) + uB(m, 8 * i);
    r |= (s & 0xff) << (8 * i);
    if (s >= 0x100) ge |= 1 << i;
  }
  R[o.a] = r;
  cpu.GE = ge;
}
// USUB8 <Rd>,<Rn>,<Rm>
export function usub8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  let r = 0, ge = 0;
  for (let i = 0; i < 4; i++) {
    const s = uB(n, 8 * i) - uB(m, 8 * i);
    r |= (s & 0xff) << (8 * i);
    if (s >= 0) ge |= 1 << i;
  }
  R[o.a] = r;
  cpu.GE = ge;
}
// UQADD8 <Rd>,<Rn>,<Rm>
export function uqadd8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  let r = 0;
  for (let i = 0; i < 32; i += 8) r |= usat8v(uB(n, i) + uB(m, i)) << i;
  R[o.a] = r;
}
// UQSUB8 <Rd>,<Rn>,<Rm>
export function uqsub8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  let r = 0;
  for (let i = 0; i < 32; i += 8) r |= usat8v(uB(n, i) - uB(m, i)) << i;
  R[o.a] = r;
}
// UHADD8 <Rd>,<Rn>,<Rm>
export function uhadd8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  let r = 0;
  for (let i = 0; i < 32; i += 8) r |= ((uB(n, i) + uB(m, i)) >> 1) << i;
  R[o.a] = r;
}
// UHSUB8 <Rd>,<Rn>,<Rm>
export function uhsub8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  let r = 0;
  for (let i = 0; i < 32; i += 8) r |= (((uB(n, i) - uB(m, i)) >> 1) & 0xff) << i;
  R[o.a] = r;
}

// ==== SEL and saturating arithmetic (Miscellaneous operations) ====

// SEL <Rd>,<Rn>,<Rm>   T1: 11111010 1010 Rn | 1111 Rd 1000 Rm   (byte i from Rn if GE[i])
export function sel(cpu: Cpu, o: Op): void {
  const R = cpu.R, ge = cpu.GE;
  const mask = (ge & 1 ? 0xff : 0) | (ge & 2 ? 0xff00 : 0) | (ge & 4 ? 0xff0000 : 0) | (ge & 8 ? 0xff000000 : 0);
  R[o.a] = (R[o.b] & mask) | (R[o.c] & ~mask);
}

/** SignedSatQ(x, 32) with APSR.Q set on saturation */
function ssat32q(cpu: Cpu, x: number): number {
  if (x > 0x7fffffff) {
    cpu.Q = 1;
    return 0x7fffffff;
  }
  if (x < -0x80000000) {
    cpu.Q = 1;
    return -0x80000000;
  }
  return x;
}

// QADD <Rd>,<Rm>,<Rn>   T1: 11111010 1000 Rn | 1111 Rd 1000 Rm   (Rm + Rn)
export function qadd(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = ssat32q(cpu, (R[o.c] | 0) + (R[o.b] | 0));
}
// QSUB <Rd>,<Rm>,<Rn>   T1: 11111010 1000 Rn | 1111 Rd 1010 Rm   (Rm - Rn)
export function qsub(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = ssat32q(cpu, (R[o.c] | 0) - (R[o.b] | 0));
}
// QDADD <Rd>,<Rm>,<Rn>  T1: 11111010 1000 Rn | 1111 Rd 1001 Rm   (Rm + sat(2*Rn))
export function qdadd(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  const doubled = ssat32q(cpu, 2 * (R[o.b] | 0));
  R[o.a] = ssat32q(cpu, (R[o.c] | 0) + doubled);
}
// QDSUB <Rd>,<Rm>,<Rn>  T1: 11111010 1000 Rn | 1111 Rd 1011 Rm   (Rm - sat(2*Rn))
export function qdsub(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  const doubled = ssat32q(cpu, 2 * (R[o.b] | 0));
  R[o.a] = ssat32q(cpu, (R[o.c] | 0) - doubled);
}

// ==== SSAT16, USAT16 (plain binary immediate: the sh=1, imm3:imm2=0 cases of SSAT/USAT) ====
// o.d = the largest value, o.e = the smallest, of the saturation range.

// SSAT16 <Rd>,#<imm>,<Rn>   T1: 11110 (0) 11 0010 Rn | 0 000 Rd 00 (0)(0) sat_imm
export function ssat16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], max = o.d, min = o.e;
  let lo = sLo(n), hi = sHi(n);
  if (lo > max) (lo = max), (cpu.Q = 1);
  else if (lo < min) (lo = min), (cpu.Q = 1);
  if (hi > max) (hi = max), (cpu.Q = 1);
  else if (hi < min) (hi = min), (cpu.Q = 1);
  R[o.a] = pack16(lo, hi);
}
// USAT16 <Rd>,#<imm>,<Rn>   T1: 11110 (0) 11 1010 Rn | 0 000 Rd 00 (0)(0) sat_imm
export function usat16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], max = o.d;
  let lo = sLo(n), hi = sHi(n);
  if (lo > max) (lo = max), (cpu.Q = 1);
  else if (lo < 0) (lo = 0), (cpu.Q = 1);
  if (hi > max) (hi = max), (cpu.Q = 1);
  else if (hi < 0) (hi = 0), (cpu.Q = 1);
  R[o.a] = pack16(lo, hi);
}

// ==== Packing (shifted register group) and extend-and-add (register group) ====

// PKHBT <Rd>,<Rn>,<Rm>{,LSL #<imm>}  T1: 11101010110 0 Rn | (0) imm3 Rd imm2 0 0 Rm
export function pkhbt(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = (R[o.b] & 0xffff) | ((R[o.c] << o.imm) & 0xffff0000);
}
// PKHTB <Rd>,<Rn>,<Rm>{,ASR #<imm>}  T1: 11101010110 0 Rn | (0) imm3 Rd imm2 1 0 Rm
// (o.imm = the ASR amount, 32 replaced by 31: the same bottom halfword)
export function pkhtb(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = (R[o.b] & 0xffff0000) | (((R[o.c] | 0) >> o.imm) & 0xffff);
}

/** ROR(x, rot) for rot in 0, 8, 16, 24 */
export function ror(x: number, rot: number): number {
  return (x >>> rot) | (x << (32 - rot));
}

// SXTAB <Rd>,<Rn>,<Rm>{,ROR #<rot>}    T1: 11111010 0100 Rn | 1111 Rd 1 (0) rotate Rm
export function sxtab(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = R[o.b] + ((ror(R[o.c], o.imm) << 24) >> 24);
}
// SXTAH <Rd>,<Rn>,<Rm>{,ROR #<rot>}    T1: 11111010 0000 Rn | 1111 Rd 1 (0) rotate Rm
export function sxtah(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = R[o.b] + ((ror(R[o.c], o.imm) << 16) >> 16);
}
// UXTAB <Rd>,<Rn>,<Rm>{,ROR #<rot>}    T1: 11111010 0101 Rn | 1111 Rd 1 (0) rotate Rm
export function uxtab(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = R[o.b] + (ror(R[o.c], o.imm) & 0xff);
}
// UXTAH <Rd>,<Rn>,<Rm>{,ROR #<rot>}    T1: 11111010 0001 Rn | 1111 Rd 1 (0) rotate Rm
export function uxtah(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = R[o.b] + (ror(R[o.c], o.imm) & 0xffff);
}
// SXTAB16 <Rd>,<Rn>,<Rm>{,ROR #<rot>}  T1: 11111010 0010 Rn | 1111 Rd 1 (0) rotate Rm
export function sxtab16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], r = ror(R[o.c], o.imm);
  R[o.a] = pack16(n + sB(r, 0), (n >>> 16) + sB(r, 16));
}
// UXTAB16 <Rd>,<Rn>,<Rm>{,ROR #<rot>}  T1: 11111010 0011 Rn | 1111 Rd 1 (0) rotate Rm
export function uxtab16(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], r = ror(R[o.c], o.imm);
  R[o.a] = pack16(n + (r & 0xff), (n >>> 16) + ((r >>> 16) & 0xff));
}
// SXTB16 <Rd>,<Rm>{,ROR #<rot>}        T1: 11111010 0010 1111 | 1111 Rd 1 (0) rotate Rm
export function sxtb16(cpu: Cpu, o: Op): void {
  const R = cpu.R, r = ror(R[o.c], o.imm);
  R[o.a] = pack16(sB(r, 0), sB(r, 16));
}
// UXTB16 <Rd>,<Rm>{,ROR #<rot>}        T1: 11111010 0011 1111 | 1111 Rd 1 (0) rotate Rm
export function uxtb16(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = ror(R[o.c], o.imm) & 0x00ff00ff;
}

// ==== Multiplies with a 32-bit result ====
// hw1 = 11111011 0 op1 Rn, hw2 = Ra Rd 00 op2 Rm.

// SMUL<x><y> <Rd>,<Rn>,<Rm>  T1: 11111011 0001 Rn | 1111 Rd 00 N M Rm  (o.imm: bit 1 = N, bit 0 = M)
export function smulbb(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = sLo(R[o.b]) * sLo(R[o.c]);
}
export function smulbt(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = sLo(R[o.b]) * sHi(R[o.c]);
}
export function smultb(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = sHi(R[o.b]) * sLo(R[o.c]);
}
export function smultt(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = sHi(R[o.b]) * sHi(R[o.c]);
}
// SMLA<x><y> <Rd>,<Rn>,<Rm>,<Ra>  T1: 11111011 0001 Rn | Ra Rd 00 N M Rm  (Q on overflow)
export function smlabb(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  const r = sLo(R[o.b]) * sLo(R[o.c]) + (R[o.d] | 0);
  R[o.a] = r;
  if (r !== (r | 0)) cpu.Q = 1;
}
export function smlabt(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  const r = sLo(R[o.b]) * sHi(R[o.c]) + (R[o.d] | 0);
  R[o.a] = r;
  if (r !== (r | 0)) cpu.Q = 1;
}
export function smlatb(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  const r = sHi(R[o.b]) * sLo(R[o.c]) + (R[o.d] | 0);
  R[o.a] = r;
  if (r !== (r | 0)) cpu.Q = 1;
}
export function smlatt(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  const r = sHi(R[o.b]) * sHi(R[o.c]) + (R[o.d] | 0);
  R[o.a] = r;
  if (r !== (r | 0)) cpu.Q = 1;
}

// SMUAD{X} <Rd>,<Rn>,<Rm>  T1: 11111011 0010 Rn | 1111 Rd 000 M Rm  (Q on overflow)
export function smuad(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const r = sLo(n) * sLo(m) + sHi(n) * sHi(m);
  R[o.a] = r;
  if (r !== (r | 0)) cpu.Q = 1;
}
export function smuadx(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const r = sLo(n) * sHi(m) + sHi(n) * sLo(m);
  R[o.a] = r;
  if (r !== (r | 0)) cpu.Q = 1;
}
// SMLAD{X} <Rd>,<Rn>,<Rm>,<Ra>  T1: 11111011 0010 Rn | Ra Rd 000 M Rm  (Q on overflow)
export function smlad(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const r = sLo(n) * sLo(m) + sHi(n) * sHi(m) + (R[o.d] | 0);
  R[o.a] = r;
  if (r !== (r | 0)) cpu.Q = 1;
}
export function smladx(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const r = sLo(n) * sHi(m) + sHi(n) * sLo(m) + (R[o.d] | 0);
  R[o.a] = r;
  if (r !== (r | 0)) cpu.Q = 1;
}
// SMUSD{X} <Rd>,<Rn>,<Rm>  T1: 11111011 0100 Rn | 1111 Rd 000 M Rm  (cannot overflow; no Q)
export function smusd(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = sLo(n) * sLo(m) - sHi(n) * sHi(m);
}
export function smusdx(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] = sLo(n) * sHi(m) - sHi(n) * sLo(m);
}
// SMLSD{X} <Rd>,<Rn>,<Rm>,<Ra>  T1: 11111011 0100 Rn | Ra Rd 000 M Rm  (Q on overflow)
export function smlsd(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const r = sLo(n) * sLo(m) - sHi(n) * sHi(m) + (R[o.d] | 0);
  R[o.a] = r;
  if (r !== (r | 0)) cpu.Q = 1;
}
export function smlsdx(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const r = sLo(n) * sHi(m) - sHi(n) * sLo(m) + (R[o.d] | 0);
  R[o.a] = r;
  if (r !== (r | 0)) cpu.Q = 1;
}

// SMULW<y> <Rd>,<Rn>,<Rm>  T1: 11111011 0011 Rn | 1111 Rd 000 M Rm   (product<47:16>)
export function smulwb(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = Math.floor(((R[o.b] | 0) * sLo(R[o.c])) / 65536);
}
export function smulwt(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = Math.floor(((R[o.b] | 0) * sHi(R[o.c])) / 65536);
}
// SMLAW<y> <Rd>,<Rn>,<Rm>,<Ra>  T1: 11111011 0011 Rn | Ra Rd 000 M Rm
// result = Rn * Rm.y + (Ra << 16); Rd = result<47:16>; Q if result >> 16 does not fit
export function smlawb(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  const r = Math.floor(((R[o.b] | 0) * sLo(R[o.c])) / 65536) + (R[o.d] | 0);
  R[o.a] = r;
  if (r !== (r | 0)) cpu.Q = 1;
}
export function smlawt(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  const r = Math.floor(((R[o.b] | 0) * sHi(R[o.c])) / 65536) + (R[o.d] | 0);
  R[o.a] = r;
  if (r !== (r | 0)) cpu.Q = 1;
}

/** Bits 63:32 of the unsigned 64-bit product of two 32-bit values. */
function umulh(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const lh = al * bh, hl = ah * bl;
  const mid = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}
/** Bits 63:32 of the signed 64-bit product of two 32-bit values, as an int32. */
function smulh(a: number, b: number): number {
  a |= 0;
  b |= 0;
  return (umulh(a >>> 0, b >>> 0) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

// SMMUL{R} <Rd>,<Rn>,<Rm>  T1: 11111011 0101 Rn | 1111 Rd 000 R Rm   (product<63:32>)
export function smmul(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = smulh(R[o.b], R[o.c]);
}
// (rounded: + 0x80000000 before taking the top word)
export function smmulr(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const lo = Math.imul(n, m) >>> 0;
  R[o.a] = smulh(n, m) + (lo >= 0x80000000 ? 1 : 0);
}
// SMMLA{R} <Rd>,<Rn>,<Rm>,<Ra>  T1: 11111011 0101 Rn | Ra Rd 000 R Rm   ((Ra<<32) + product)<63:32>
export function smmla(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  R[o.a] = smulh(R[o.b], R[o.c]) + R[o.d];
}
export function smmlar(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const lo = Math.imul(n, m) >>> 0;
  R[o.a] = smulh(n, m) + R[o.d] + (lo >= 0x80000000 ? 1 : 0);
}
// SMMLS{R} <Rd>,<Rn>,<Rm>,<Ra>  T1: 11111011 0110 Rn | Ra Rd 000 R Rm   ((Ra<<32) - product)<63:32>
export function smmls(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const lo = Math.imul(n, m);
  // -(hi:lo) = (~hi + (lo == 0)) : -lo
  R[o.a] = R[o.d] + ~smulh(n, m) + (lo === 0 ? 1 : 0);
}
export function smmlsr(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const lo = Math.imul(n, m) >>> 0;
  const nlo = lo === 0 ? 0 : 0x100000000 - lo;
  R[o.a] = R[o.d] + ~smulh(n, m) + (lo === 0 ? 1 : 0) + (nlo >= 0x80000000 ? 1 : 0);
}

// USAD8 <Rd>,<Rn>,<Rm>          T1: 11111011 0111 Rn | 1111 Rd 0000 Rm
export function usad8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] =
    Math.abs((n & 0xff) - (m & 0xff)) +
    Math.abs(((n >>> 8) & 0xff) - ((m >>> 8) & 0xff)) +
    Math.abs(((n >>> 16) & 0xff) - ((m >>> 16) & 0xff)) +
    Math.abs((n >>> 24) - (m >>> 24));
}
// USADA8 <Rd>,<Rn>,<Rm>,<Ra>    T1: 11111011 0111 Rn | Ra Rd 0000 Rm
export function usada8(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  R[o.a] =
    R[o.d] +
    Math.abs((n & 0xff) - (m & 0xff)) +
    Math.abs(((n >>> 8) & 0xff) - ((m >>> 8) & 0xff)) +
    Math.abs(((n >>> 16) & 0xff) - ((m >>> 16) & 0xff)) +
    Math.abs((n >>> 24) - (m >>> 24));
}

// ==== Multiplies with a 64-bit result: hw1 = 11111011 1 op1 Rn, hw2 = RdLo RdHi op2 Rm ====
// o.a = RdLo, o.d = RdHi.

/** RdHi:RdLo += v, for an integer |v| <= 2^31 */
function acc64(R: Uint32Array, lo: number, hi: number, v: number): void {
  const s = R[lo] + (v >>> 0);
  R[lo] = s;
  R[hi] = R[hi] + (v < 0 ? -1 : 0) + (s > 0xffffffff ? 1 : 0);
}

// SMLAL<x><y> <RdLo>,<RdHi>,<Rn>,<Rm>  T1: 11111011 1100 Rn | RdLo RdHi 10 N M Rm
export function smlalbb(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  acc64(R, o.a, o.d, sLo(R[o.b]) * sLo(R[o.c]));
}
export function smlalbt(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  acc64(R, o.a, o.d, sLo(R[o.b]) * sHi(R[o.c]));
}
export function smlaltb(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  acc64(R, o.a, o.d, sHi(R[o.b]) * sLo(R[o.c]));
}
export function smlaltt(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  acc64(R, o.a, o.d, sHi(R[o.b]) * sHi(R[o.c]));
}
// SMLALD{X} <RdLo>,<RdHi>,<Rn>,<Rm>  T1: 11111011 1100 Rn | RdLo RdHi 110 M Rm
export function smlald(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  acc64(R, o.a, o.d, sLo(n) * sLo(m) + sHi(n) * sHi(m));
}
export function smlaldx(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  acc64(R, o.a, o.d, sLo(n) * sHi(m) + sHi(n) * sLo(m));
}
// SMLSLD{X} <RdLo>,<RdHi>,<Rn>,<Rm>  T1: 11111011 1101 Rn | RdLo RdHi 110 M Rm
export function smlsld(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  acc64(R, o.a, o.d, sLo(n) * sLo(m) - sHi(n) * sHi(m));
}
export function smlsldx(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  acc64(R, o.a, o.d, sLo(n) * sHi(m) - sHi(n) * sLo(m));
}
// UMAAL <RdLo>,<RdHi>,<Rn>,<Rm>  T1: 11111011 1110 Rn | RdLo RdHi 0110 Rm
// RdHi:RdLo = Rn * Rm + RdHi + RdLo (cannot overflow 64 bits)
export function umaal(cpu: Cpu, o: Op): void {
  const R = cpu.R, n = R[o.b], m = R[o.c];
  const s = (Math.imul(n, m) >>> 0) + R[o.a] + R[o.d]; // < 3 * 2^32: exact
  const carry = s >= 0x200000000 ? 2 : s >= 0x100000000 ? 1 : 0;
  R[o.a] = s;
  R[o.d] = umulh(n, m) + carry;
}

// ==== the encoding table ====

type Decode = Encoding['decode'];

/** Rd = bits 11:8, Rn = 19:16, Rm = 3:0; UNPREDICTABLE if any is SP or PC. */
function rdnm(mnem: string, exec: Exec, cls: Cls = Cls.ALU): Decode {
  return (ins, pc) => {
    const d = bits(ins, 11, 8), n = bits(ins, 19, 16), m = bits(ins, 3, 0);
    if (badReg(d) || badReg(n) || badReg(m)) return unpredictableOp(4, pc, ins);
    const o = op(mnem, exec, 4, pc, ins, cls);
    o.a = d;
    o.b = n;
    o.c = m;
    return o;
  };
}

/** The multiply-accumulate forms with Ra (bits 15:12): Ra == 1111 is the non-accumulating
 * instruction (SEE ...) unless `raPcUnpredictable` (SMMLS, which has no such form). */
function rdnma(mnem: string, exec: Exec, raPcUnpredictable = false): Decode {
  return (ins, pc) => {
    const d = bits(ins, 11, 8), n = bits(ins, 19, 16), m = bits(ins, 3, 0), a = bits(ins, 15, 12);
    if (a === 15 && !raPcUnpredictable) return null;
    if (badReg(d) || badReg(n) || badReg(m) || badReg(a)) return unpredictableOp(4, pc, ins);
    const o = op(mnem, exec, 4, pc, ins, Cls.MUL);
    o.a = d;
    o.b = n;
    o.c = m;
    o.d = a;
    return o;
  };
}

/** Long multiply-accumulates: RdLo = 15:12, RdHi = 11:8; UNPREDICTABLE for SP/PC or RdHi == RdLo. */
function rlhnm(mnem: string, exec: Exec): Decode {
  return (ins, pc) => {
    const lo = bits(ins, 15, 12), hi = bits(ins, 11, 8), n = bits(ins, 19, 16), m = bits(ins, 3, 0);
    if (badReg(lo) || badReg(hi) || badReg(n) || badReg(m) || hi === lo) return unpredictableOp(4, pc, ins);
    const o = op(mnem, exec, 4, pc, ins, Cls.MUL);
    o.a = lo;
    o.d = hi;
    o.b = n;
    o.c = m;
    return o;
  };
}

/** Extend-and-add (and SXTB16/UXTB16 when `plain`): bit 6 is (0); rotation = rotate:'000'. */
function extend(mnem: string, exec: Exec, plain: boolean): Decode {
  return (ins, pc) => {
    const d = bits(ins, 11, 8), n = bits(ins, 19, 16), m = bits(ins, 3, 0);
    if (!plain && n === 15) return null; // SEE SXTB/SXTH/UXTB/UXTH/SXTB16/UXTB16
    if (badReg(d) || (!plain && n === 13) || badReg(m) || bit(ins, 6) === 1) return unpredictableOp(4, pc, ins);
    const o = op(mnem, exec, 4, pc, ins, Cls.ALU);
    o.a = d;
    o.b = n;
    o.c = m;
    o.imm = bits(ins, 5, 4) * 8;
    return o;
  };
}

/** SSAT16 / USAT16: hw1 bit 10 and hw2 bits 5:4 are (0). */
function sat16(mnem: string, exec: Exec, signed: boolean): Decode {
  return (ins, pc) => {
    const d = bits(ins, 11, 8), n = bits(ins, 19, 16), sat = bits(ins, 3, 0);
    if (badReg(d) || badReg(n) || bit(ins, 26) === 1 || bits(ins, 5, 4) !== 0) return unpredictableOp(4, pc, ins);
    const o = op(mnem, exec, 4, pc, ins, Cls.ALU);
    o.a = d;
    o.b = n;
    if (signed) {
      // saturate_to = sat_imm + 1 (1..16)
      o.d = (1 << sat) - 1;
      o.e = -(1 << sat);
    } else {
      // saturate_to = sat_imm (0..15)
      o.d = (1 << sat) - 1;
      o.e = 0;
    }
    return o;
  };
}

/** PKHBT/PKHTB: hw2 bit 15 is (0); shift = DecodeImmShift(tb:'0', imm3:imm2). */
function pkh(mnem: string, exec: Exec, tb: boolean): Decode {
  return (ins, pc) => {
    const d = bits(ins, 11, 8), n = bits(ins, 19, 16), m = bits(ins, 3, 0);
    if (badReg(d) || badReg(n) || badReg(m) || bit(ins, 15) === 1) return unpredictableOp(4, pc, ins);
    const o = op(mnem, exec, 4, pc, ins, Cls.ALU);
    o.a = d;
    o.b = n;
    o.c = m;
    const imm5 = (bits(ins, 14, 12) << 2) | bits(ins, 7, 6);
    // LSL #imm5; ASR #imm5 with 0 meaning 32, which gives the same low halfword as 31
    o.imm = tb ? (imm5 === 0 ? 31 : imm5) : imm5;
    return o;
  };
}

const enc: Encoding[] = [];

// parallel add/sub: [mnemonic suffix, op1] x [prefix, U:op2]
const parOps: [string, string][] = [
  ['add8', '000'],
  ['add16', '001'],
  ['asx', '010'],
  ['sub8', '100'],
  ['sub16', '101'],
  ['sax', '110'],
];
const parKinds: [string, string][] = [
  ['s', '000'],
  ['q', '001'],
  ['sh', '010'],
  ['u', '100'],
  ['uq', '101'],
  ['uh', '110'],
];
const parExec: Record<string, Exec> = {
  sadd8, sadd16, sasx, ssub8, ssub16, ssax,
  qadd8, qadd16, qasx, qsub8, qsub16, qsax,
  shadd8, shadd16, shasx, shsub8, shsub16, shsax,
  uadd8, uadd16, uasx, usub8, usub16, usax,
  uqadd8, uqadd16, uqasx, uqsub8, uqsub16, uqsax,
  uhadd8, uhadd16, uhasx, uhsub8, uhsub16, uhsax,
};
for (const [kind, k] of parKinds) {
  for (const [name, op1] of parOps) {
    const mnem = kind + name;
    enc.push({
      name: `${mnem.toUpperCase()} T1`,
      pattern: `11111010 1${op1} .... | 1111 .... 0${k} ....`,
      decode: rdnm(mnem, parExec[mnem]),
    });
  }
}

enc.push(
  { name: 'SEL T1', pattern: '11111010 1010 .... | 1111 .... 1000 ....', decode: rdnm('sel', sel) },
  { name: 'QADD T1', pattern: '11111010 1000 .... | 1111 .... 1000 ....', decode: rdnm('qadd', qadd) },
  { name: 'QDADD T1', pattern: '11111010 1000 .... | 1111 .... 1001 ....', decode: rdnm('qdadd', qdadd) },
  { name: 'QSUB T1', pattern: '11111010 1000 .... | 1111 .... 1010 ....', decode: rdnm('qsub', qsub) },
  { name: 'QDSUB T1', pattern: '11111010 1000 .... | 1111 .... 1011 ....', decode: rdnm('qdsub', qdsub) },

  { name: 'SSAT16 T1', pattern: '11110 . 11 0010 .... | 0 000 .... 00 .. ....', decode: sat16('ssat16', ssat16, true) },
  { name: 'USAT16 T1', pattern: '11110 . 11 1010 .... | 0 000 .... 00 .. ....', decode: sat16('usat16', usat16, false) },

  { name: 'PKHBT T1', pattern: '1110101 0110 0 .... | . ... .... .. 0 0 ....', decode: pkh('pkhbt', pkhbt, false) },
  { name: 'PKHTB T1', pattern: '1110101 0110 0 .... | . ... .... .. 1 0 ....', decode: pkh('pkhtb', pkhtb, true) },

  { name: 'SXTAH T1', pattern: '11111010 0000 .... | 1111 .... 1 . .. ....', decode: extend('sxtah', sxtah, false) },
  { name: 'UXTAH T1', pattern: '11111010 0001 .... | 1111 .... 1 . .. ....', decode: extend('uxtah', uxtah, false) },
  { name: 'SXTAB16 T1', pattern: '11111010 0010 .... | 1111 .... 1 . .. ....', decode: extend('sxtab16', sxtab16, false) },
  { name: 'UXTAB16 T1', pattern: '11111010 0011 .... | 1111 .... 1 . .. ....', decode: extend('uxtab16', uxtab16, false) },
  { name: 'SXTAB T1', pattern: '11111010 0100 .... | 1111 .... 1 . .. ....', decode: extend('sxtab', sxtab, false) },
  { name: 'UXTAB T1', pattern: '11111010 0101 .... | 1111 .... 1 . .. ....', decode: extend('uxtab', uxtab, false) },
  { name: 'SXTB16 T1', pattern: '11111010 0010 1111 | 1111 .... 1 . .. ....', decode: extend('sxtb16', sxtb16, true) },
  { name: 'UXTB16 T1', pattern: '11111010 0011 1111 | 1111 .... 1 . .. ....', decode: extend('uxtb16', uxtb16, true) },
);

// SMUL<x><y> / SMLA<x><y>, SMULW<y> / SMLAW<y>: one encoding per N:M
const xy = ['bb', 'bt', 'tb', 'tt'];
const smulExec = [smulbb, smulbt, smultb, smultt];
const smlaExec = [smlabb, smlabt, smlatb, smlatt];
const smlalExec = [smlalbb, smlalbt, smlaltb, smlaltt];
for (let i = 0; i < 4; i++) {
  const nm = (i >> 1).toString() + (i & 1).toString();
  enc.push(
    { name: `SMUL${xy[i].toUpperCase()} T1`, pattern: `11111011 0001 .... | 1111 .... 00 ${nm} ....`, decode: rdnm(`smul${xy[i]}`, smulExec[i], Cls.MUL) },
    { name: `SMLA${xy[i].toUpperCase()} T1`, pattern: `11111011 0001 .... | .... .... 00 ${nm} ....`, decode: rdnma(`smla${xy[i]}`, smlaExec[i]) },
    { name: `SMLAL${xy[i].toUpperCase()} T1`, pattern: `11111011 1100 .... | .... .... 10 ${nm} ....`, decode: rlhnm(`smlal${xy[i]}`, smlalExec[i]) },
  );
}

enc.push(
  { name: 'SMULWB T1', pattern: '11111011 0011 .... | 1111 .... 0000 ....', decode: rdnm('smulwb', smulwb, Cls.MUL) },
  { name: 'SMULWT T1', pattern: '11111011 0011 .... | 1111 .... 0001 ....', decode: rdnm('smulwt', smulwt, Cls.MUL) },
  { name: 'SMLAWB T1', pattern: '11111011 0011 .... | .... .... 0000 ....', decode: rdnma('smlawb', smlawb) },
  { name: 'SMLAWT T1', pattern: '11111011 0011 .... | .... .... 0001 ....', decode: rdnma('smlawt', smlawt) },

  { name: 'SMUAD T1', pattern: '11111011 0010 .... | 1111 .... 0000 ....', decode: rdnm('smuad', smuad, Cls.MUL) },
  { name: 'SMUADX T1', pattern: '11111011 0010 .... | 1111 .... 0001 ....', decode: rdnm('smuadx', smuadx, Cls.MUL) },
  { name: 'SMLAD T1', pattern: '11111011 0010 .... | .... .... 0000 ....', decode: rdnma('smlad', smlad) },
  { name: 'SMLADX T1', pattern: '11111011 0010 .... | .... .... 0001 ....', decode: rdnma('smladx', smladx) },

  { name: 'SMUSD T1', pattern: '11111011 0100 .... | 1111 .... 0000 ....', decode: rdnm('smusd', smusd, Cls.MUL) },
  { name: 'SMUSDX T1', pattern: '11111011 0100 .... | 1111 .... 0001 ....', decode: rdnm('smusdx', smusdx, Cls.MUL) },
  { name: 'SMLSD T1', pattern: '11111011 0100 .... | .... .... 0000 ....', decode: rdnma('smlsd', smlsd) },
  { name: 'SMLSDX T1', pattern: '11111011 0100 .... | .... .... 0001 ....', decode: rdnma('smlsdx', smlsdx) },

  { name: 'SMMUL T1', pattern: '11111011 0101 .... | 1111 .... 0000 ....', decode: rdnm('smmul', smmul, Cls.MUL) },
  { name: 'SMMULR T1', pattern: '11111011 0101 .... | 1111 .... 0001 ....', decode: rdnm('smmulr', smmulr, Cls.MUL) },
  { name: 'SMMLA T1', pattern: '11111011 0101 .... | .... .... 0000 ....', decode: rdnma('smmla', smmla) },
  { name: 'SMMLAR T1', pattern: '11111011 0101 .... | .... .... 0001 ....', decode: rdnma('smmlar', smmlar) },
  { name: 'SMMLS T1', pattern: '11111011 0110 .... | .... .... 0000 ....', decode: rdnma('smmls', smmls, true) },
  { name: 'SMMLSR T1', pattern: '11111011 0110 .... | .... .... 0001 ....', decode: rdnma('smmlsr', smmlsr, true) },

  { name: 'USAD8 T1', pattern: '11111011 0111 .... | 1111 .... 0000 ....', decode: rdnm('usad8', usad8, Cls.MUL) },
  { name: 'USADA8 T1', pattern: '11111011 0111 .... | .... .... 0000 ....', decode: rdnma('usada8', usada8) },

  { name: 'SMLALD T1', pattern: '11111011 1100 .... | .... .... 1100 ....', decode: rlhnm('smlald', smlald) },
  { name: 'SMLALDX T1', pattern: '11111011 1100 .... | .... .... 1101 ....', decode: rlhnm('smlaldx', smlaldx) },
  { name: 'SMLSLD T1', pattern: '11111011 1101 .... | .... .... 1100 ....', decode: rlhnm('smlsld', smlsld) },
  { name: 'SMLSLDX T1', pattern: '11111011 1101 .... | .... .... 1101 ....', decode: rlhnm('smlsldx', smlsldx) },
  { name: 'UMAAL T1', pattern: '11111011 1110 .... | .... .... 0110 ....', decode: rlhnm('umaal', umaal) },
);

export const encodings: Encoding[] = enc;
