// FPv4-SP floating-point instructions (ARMv7-M ARM A6 "Floating-point instruction
// encoding", A7.7 VFP instruction pages): data processing, conversions, register transfers,
// loads/stores and FPSCR access. Single precision only: the double-precision (sz=1) forms of
// the data-processing instructions are UNDEFINED on FPv4-SP; D registers exist only as pairs
// of S registers for VLDR/VSTR/VLDM/VSTM/VMOV.
//
// Every instruction first runs ExecuteFPCheck (B1.5.7) through cpu.checkFP(): NOCP UsageFault
// when CPACR disables CP10/CP11, lazy FP state preservation, and with FPCCR.ASPEN set
// CONTROL.FPCA := 1 and FPSCR<26:22> := FPDSCR for a new FP context (the exception model in
// sim/core/exceptions.ts installs that check). Arithmetic is in sim/fp/f32.ts.
import { Cls } from '../core/op.ts';
import type { Cpu } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import { GuestFault } from '../core/fault.ts';
import { op, bits, bit, unpredictableOp, undefinedOp, type Encoding } from './encoding.ts';
import * as fp from '../fp/f32.ts';

// Module-level copies of the arithmetic entry points: tsx and vitest compile imported bindings
// into getter calls, which cost more than the arithmetic on the hot path.
export const FPSCR_MASK = fp.FPSCR_MASK;
export const fixedToFP = fp.fixedToFP;
export const fpAdd = fp.fpAdd;
export const fpCompare = fp.fpCompare;
export const fpDiv = fp.fpDiv;
export const fpHalfToSingle = fp.fpHalfToSingle;
export const fpMul = fp.fpMul;
export const fpMulAdd = fp.fpMulAdd;
export const fpSingleToHalf = fp.fpSingleToHalf;
export const fpSqrt = fp.fpSqrt;
export const fpSub = fp.fpSub;
export const fpToFixed = fp.fpToFixed;
export const vfpExpandImm = fp.vfpExpandImm;
export const fpscrAfter = fp.fpscrAfter;

/** ExecuteFPCheck (installed by the exception model): NOCP, lazy preservation, FPCA. */
export function fpEnter(cpu: Cpu): void {
  cpu.checkFP();
}

// ---- register-number helpers (A6.3: Sd = Vd:D, Dd = D:Vd) ----
const sD = (ins: number): number => (bits(ins, 15, 12) << 1) | bit(ins, 22);
const sN = (ins: number): number => (bits(ins, 19, 16) << 1) | bit(ins, 7);
const sM = (ins: number): number => (bits(ins, 3, 0) << 1) | bit(ins, 5);
const dD = (ins: number): number => (bit(ins, 22) << 4) | bits(ins, 15, 12);
const dM = (ins: number): number => (bit(ins, 5) << 4) | bits(ins, 3, 0);

// ---- data processing ----

// VADD.F32 <Sd>, <Sn>, <Sm>   T1: 11101110 0D11 Vn | Vd 1010 N0M0 Vm
export function vadd(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = fpAdd(cpu.SU[o.b], cpu.SU[o.c], cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VSUB.F32 <Sd>, <Sn>, <Sm>   T1: 11101110 0D11 Vn | Vd 1010 N1M0 Vm
export function vsub(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = fpSub(cpu.SU[o.b], cpu.SU[o.c], cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VMUL.F32 <Sd>, <Sn>, <Sm>   T2: 11101110 0D10 Vn | Vd 1010 N0M0 Vm
export function vmul(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = fpMul(cpu.SU[o.b], cpu.SU[o.c], cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VNMUL.F32 <Sd>, <Sn>, <Sm>   T2: 11101110 0D10 Vn | Vd 1010 N1M0 Vm  (FPNeg(FPMul))
export function vnmul(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = fpMul(cpu.SU[o.b], cpu.SU[o.c], cpu.FPSCR) ^ 0x80000000;
  cpu.FPSCR = fpscrAfter();
}

// VDIV.F32 <Sd>, <Sn>, <Sm>   T1: 11101110 1D00 Vn | Vd 1010 N0M0 Vm
export function vdiv(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = fpDiv(cpu.SU[o.b], cpu.SU[o.c], cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VSQRT.F32 <Sd>, <Sm>   T1: 11101110 1D11 0001 | Vd 1010 11M0 Vm
export function vsqrt(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = fpSqrt(cpu.SU[o.c], cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VABS.F32 <Sd>, <Sm>   T1: 11101110 1D11 0000 | Vd 1010 11M0 Vm
export function vabs(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = cpu.SU[o.c] & 0x7fffffff;
}

// VNEG.F32 <Sd>, <Sm>   T1: 11101110 1D11 0001 | Vd 1010 01M0 Vm
export function vneg(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = cpu.SU[o.c] ^ 0x80000000;
}

// VMOV.F32 <Sd>, <Sm>   T2: 11101110 1D11 0000 | Vd 1010 01M0 Vm
export function vmovReg(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = cpu.SU[o.c];
}

// VMOV.F32 <Sd>, #<imm>   T1: 11101110 1D11 imm4H | Vd 1010 (0)0(0)0 imm4L
export function vmovImm(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = o.imm;
}

// VMLA.F32 <Sd>, <Sn>, <Sm>   T1: 11101110 0D00 Vn | Vd 1010 N0M0 Vm
// FPAdd(S[d], FPMul(S[n], S[m])): two roundings
export function vmla(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const SU = cpu.SU;
  const product = fpMul(SU[o.b], SU[o.c], cpu.FPSCR);
  SU[o.a] = fpAdd(SU[o.a], product, fpscrAfter());
  cpu.FPSCR = fpscrAfter();
}

// VMLS.F32 <Sd>, <Sn>, <Sm>   T1: 11101110 0D00 Vn | Vd 1010 N1M0 Vm
// FPAdd(S[d], FPNeg(FPMul(S[n], S[m])))
export function vmls(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const SU = cpu.SU;
  const product = fpMul(SU[o.b], SU[o.c], cpu.FPSCR);
  SU[o.a] = fpAdd(SU[o.a], (product ^ 0x80000000) >>> 0, fpscrAfter());
  cpu.FPSCR = fpscrAfter();
}

// VNMLA.F32 <Sd>, <Sn>, <Sm>   T1: 11101110 0D01 Vn | Vd 1010 N1M0 Vm
// FPAdd(FPNeg(S[d]), FPNeg(FPMul(S[n], S[m])))
export function vnmla(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const SU = cpu.SU;
  const product = fpMul(SU[o.b], SU[o.c], cpu.FPSCR);
  SU[o.a] = fpAdd((SU[o.a] ^ 0x80000000) >>> 0, (product ^ 0x80000000) >>> 0, fpscrAfter());
  cpu.FPSCR = fpscrAfter();
}

// VNMLS.F32 <Sd>, <Sn>, <Sm>   T1: 11101110 0D01 Vn | Vd 1010 N0M0 Vm
// FPAdd(FPNeg(S[d]), FPMul(S[n], S[m]))
export function vnmls(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const SU = cpu.SU;
  const product = fpMul(SU[o.b], SU[o.c], cpu.FPSCR);
  SU[o.a] = fpAdd((SU[o.a] ^ 0x80000000) >>> 0, product, fpscrAfter());
  cpu.FPSCR = fpscrAfter();
}

// VFMA.F32 <Sd>, <Sn>, <Sm>   T1: 11101110 1D10 Vn | Vd 1010 N0M0 Vm   FPMulAdd(S[d], S[n], S[m])
function vfma(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const SU = cpu.SU;
  SU[o.a] = fpMulAdd(SU[o.a], SU[o.b], SU[o.c], cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VFMS.F32 <Sd>, <Sn>, <Sm>   T1: 11101110 1D10 Vn | Vd 1010 N1M0 Vm   FPMulAdd(S[d], FPNeg(S[n]), S[m])
function vfms(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const SU = cpu.SU;
  SU[o.a] = fpMulAdd(SU[o.a], (SU[o.b] ^ 0x80000000) >>> 0, SU[o.c], cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VFNMA.F32 <Sd>, <Sn>, <Sm>   T1: 11101110 1D01 Vn | Vd 1010 N1M0 Vm
// FPMulAdd(FPNeg(S[d]), FPNeg(S[n]), S[m])
function vfnma(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const SU = cpu.SU;
  SU[o.a] = fpMulAdd((SU[o.a] ^ 0x80000000) >>> 0, (SU[o.b] ^ 0x80000000) >>> 0, SU[o.c], cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VFNMS.F32 <Sd>, <Sn>, <Sm>   T1: 11101110 1D01 Vn | Vd 1010 N0M0 Vm
// FPMulAdd(FPNeg(S[d]), S[n], S[m])
function vfnms(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const SU = cpu.SU;
  SU[o.a] = fpMulAdd((SU[o.a] ^ 0x80000000) >>> 0, SU[o.b], SU[o.c], cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VCMP{E}.F32 <Sd>, <Sm>   T1: 11101110 1D11 0100 | Vd 1010 E1M0 Vm   (o.d = E: quiet NaNs signal)
export function vcmp(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const nzcv = fpCompare(cpu.SU[o.a], cpu.SU[o.c], o.d !== 0, cpu.FPSCR);
  cpu.FPSCR = ((fpscrAfter() & 0x0fffffff) | nzcv) >>> 0;
}

// VCMP{E}.F32 <Sd>, #0.0   T2: 11101110 1D11 0101 | Vd 1010 E1(0)0 (0)(0)(0)(0)
export function vcmpZero(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const nzcv = fpCompare(cpu.SU[o.a], 0, o.d !== 0, cpu.FPSCR);
  cpu.FPSCR = ((fpscrAfter() & 0x0fffffff) | nzcv) >>> 0;
}

// VCVT.F32.<S32|U32> <Sd>, <Sm>   T1: 11101110 1D11 1000 | Vd 1010 op1M0 Vm  (o.e = unsigned)
// FixedToFP(S[m], 32, 0, unsigned, FALSE): FPSCR rounding
export function vcvtFromInt(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = fixedToFP(cpu.SU[o.c], 32, 0, o.e !== 0, cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VCVT{R}.<S32|U32>.F32 <Sd>, <Sm>   T1: 11101110 1D11 110U | Vd 1010 op1M0 Vm
// FPToFixed(S[m], 32, 0, unsigned, round_zero): o.e = unsigned, o.d = round_zero (VCVT; VCVTR uses RMode)
export function vcvtToInt(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = fpToFixed(cpu.SU[o.c], 32, 0, o.e !== 0, o.d !== 0, cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VCVT.<S|U><16|32>.F32 <Sd>, <Sd>, #<fbits>   T1: 11101110 1D11 1 1 1 U | Vd 1010 sx 1 i 0 imm4
// FPToFixed(S[d], size, frac_bits, unsigned, TRUE): o.d = size, o.e = unsigned, o.imm = frac_bits
function vcvtToFixed(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = fpToFixed(cpu.SU[o.a], o.d, o.imm, o.e !== 0, true, cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VCVT.F32.<S|U><16|32> <Sd>, <Sd>, #<fbits>   T1: 11101110 1D11 1 0 1 U | Vd 1010 sx 1 i 0 imm4
// FixedToFP(S[d]<size-1:0>, 32, frac_bits, unsigned, FALSE)
export function vcvtFromFixed(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = fixedToFP(cpu.SU[o.a], o.d, o.imm, o.e !== 0, cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VCVT<B|T>.F32.F16 <Sd>, <Sm>   T1: 11101110 1D11 0010 | Vd 1010 T1M0 Vm   (o.imm = 0 or 16)
function vcvtFromHalf(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.a] = fpHalfToSingle((cpu.SU[o.c] >>> o.imm) & 0xffff, cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
}

// VCVT<B|T>.F16.F32 <Sd>, <Sm>   T1: 11101110 1D11 0011 | Vd 1010 T1M0 Vm
// writes one half of S[d]; the other half is unchanged
function vcvtToHalf(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const h = fpSingleToHalf(cpu.SU[o.c], cpu.FPSCR);
  cpu.FPSCR = fpscrAfter();
  cpu.SU[o.a] = o.imm === 0 ? (cpu.SU[o.a] & 0xffff0000) | h : (cpu.SU[o.a] & 0xffff) | (h << 16);
}

// ---- transfers between core and FP registers ----

// VMOV <Rt>, <Sn>   T1: 11101110 0001 Vn | Rt 1010 N(0)(0)1 (0)(0)(0)(0)
export function vmovToCore(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.R[o.a] = cpu.SU[o.b];
}

// VMOV <Sn>, <Rt>   T1: 11101110 0000 Vn | Rt 1010 N(0)(0)1 (0)(0)(0)(0)
export function vmovFromCore(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.b] = cpu.R[o.a];
}

// VMOV <Rt>, <Rt2>, <Sm>, <Sm1> / VMOV <Rt>, <Rt2>, <Dm>   T1: 11101100 0101 Rt2 | Rt 101x 00M1 Vm
// (o.c = first S register: Sm, or S[2m] of Dm)
export function vmov2ToCore(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.R[o.a] = cpu.SU[o.c];
  cpu.R[o.d] = cpu.SU[o.c + 1];
}

// VMOV <Sm>, <Sm1>, <Rt>, <Rt2> / VMOV <Dm>, <Rt>, <Rt2>   T1: 11101100 0100 Rt2 | Rt 101x 00M1 Vm
export function vmov2FromCore(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.SU[o.c] = cpu.R[o.a];
  cpu.SU[o.c + 1] = cpu.R[o.d];
}

// VMRS <Rt>, FPSCR   T1: 11101110 1111 0001 | Rt 1010 (0)(0)(0)1 (0)(0)(0)(0)
function vmrs(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.R[o.a] = cpu.FPSCR;
}

// VMRS APSR_nzcv, FPSCR   (the same encoding with Rt = 1111)
export function vmrsApsr(cpu: Cpu, _o: Op): void {
  fpEnter(cpu);
  const f = cpu.FPSCR;
  cpu.N = f >>> 31;
  cpu.Z = (f >>> 30) & 1;
  cpu.C = (f >>> 29) & 1;
  cpu.V = (f >>> 28) & 1;
}

// VMSR FPSCR, <Rt>   T1: 11101110 1110 0001 | Rt 1010 (0)(0)(0)1 (0)(0)(0)(0)
function vmsr(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  cpu.FPSCR = (cpu.R[o.a] & FPSCR_MASK) >>> 0;
}

// ---- loads and stores (MemA: always word aligned) ----

// VLDR <Sd>, [<Rn>{, #+/-<imm>}]   T2: 11101101 UD01 Rn | Vd 1010 imm8
// VLDR <Dd>, [<Rn>{, #+/-<imm>}]   T1: 11101101 UD01 Rn | Vd 1011 imm8   (o.n = words: 1 or 2)
export function vldr(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  const w0 = cpu.bus.read32(addr);
  if (o.n === 2) cpu.SU[o.a + 1] = cpu.bus.read32((addr + 4) >>> 0);
  cpu.SU[o.a] = w0;
}

// VLDR <Sd|Dd>, <label>   (Rn = 1111: base Align(PC, 4), precomputed in o.imm)
export function vldrLit(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const addr = o.imm >>> 0;
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  const w0 = cpu.bus.read32(addr);
  if (o.n === 2) cpu.SU[o.a + 1] = cpu.bus.read32((addr + 4) >>> 0);
  cpu.SU[o.a] = w0;
}

// VSTR <Sd>, [<Rn>{, #+/-<imm>}]   T2: 11101101 UD00 Rn | Vd 1010 imm8
// VSTR <Dd>, [<Rn>{, #+/-<imm>}]   T1: 11101101 UD00 Rn | Vd 1011 imm8
export function vstr(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  cpu.bus.write32(addr, cpu.SU[o.a]);
  if (o.n === 2) cpu.bus.write32((addr + 4) >>> 0, cpu.SU[o.a + 1]);
}

// VLDM{IA|DB} <Rn>{!}, <list> / VPOP <list>   T1/T2: 1110110P UDW1 Rn | Vd 101x imm8
// o.a = first S register, o.n = words, o.imm = byte offset of the first word from R[n]
// (0 for IA, -4n for DB), o.d = writeback delta (0 without !)
export function vldm(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const base = cpu.R[o.b];
  let addr = (base + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  const SU = cpu.SU;
  const bus = cpu.bus;
  const end = o.a + o.n;
  for (let i = o.a; i < end; i++) {
    SU[i] = bus.read32(addr);
    addr = (addr + 4) >>> 0;
  }
  if (o.d !== 0) cpu.R[o.b] = base + o.d;
}

// VSTM{IA|DB} <Rn>{!}, <list> / VPUSH <list>   T1/T2: 1110110P UDW0 Rn | Vd 101x imm8
export function vstm(cpu: Cpu, o: Op): void {
  fpEnter(cpu);
  const base = cpu.R[o.b];
  let addr = (base + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  const SU = cpu.SU;
  const bus = cpu.bus;
  const end = o.a + o.n;
  for (let i = o.a; i < end; i++) {
    bus.write32(addr, SU[i]);
    addr = (addr + 4) >>> 0;
  }
  if (o.d !== 0) cpu.R[o.b] = base + o.d;
}

// Any other encoding in the CP10/CP11 space: UNDEFINED, but NOCP first when the FPU is off
function fpUndefined(cpu: Cpu, o: Op): void {
  if (!cpu.fpEnabled) throw new GuestFault('NOCP', undefined, 'CPACR does not enable CP10/CP11');
  throw new GuestFault('UNDEFINSTR', undefined, `floating-point encoding 0x${o.raw.toString(16)} (not in FPv4-SP)`);
}

// ---- encodings ----

function fpUndef(pc: number, ins: number): Op {
  return op('UNDEFINED', fpUndefined, 4, pc, ins, Cls.UNDEF);
}

/** A three-register single-precision data-processing encoding and its UNDEFINED sz=1 twin. */
function dp3(name: string, mnem: string, hw1: string, hw2: string, exec: (cpu: Cpu, o: Op) => void, cls: Cls): Encoding[] {
  return [
    {
      name: `${name} T1`,
      pattern: `${hw1} ${hw2.replace('sz', '0')}`,
      decode(ins, pc) {
        const o = op(mnem, exec, 4, pc, ins, cls);
        o.a = sD(ins);
        o.b = sN(ins);
        o.c = sM(ins);
        return o;
      },
    },
    {
      name: `${name} (double precision: UNDEFINED on FPv4-SP)`,
      pattern: `${hw1} ${hw2.replace('sz', '1')}`,
      decode: (ins, pc) => fpUndef(pc, ins),
    },
  ];
}

/** A two-register encoding (Sd, Sm) and its UNDEFINED sz=1 twin. */
function dp2(name: string, mnem: string, hw1: string, hw2: string, exec: (cpu: Cpu, o: Op) => void, cls: Cls): Encoding[] {
  return [
    {
      name: `${name} T1`,
      pattern: `${hw1} ${hw2.replace('sz', '0')}`,
      decode(ins, pc) {
        const o = op(mnem, exec, 4, pc, ins, cls);
        o.a = sD(ins);
        o.c = sM(ins);
        return o;
      },
    },
    {
      name: `${name} (double precision: UNDEFINED on FPv4-SP)`,
      pattern: `${hw1} ${hw2.replace('sz', '1')}`,
      decode: (ins, pc) => fpUndef(pc, ins),
    },
  ];
}

export const encodings: Encoding[] = [
  ...dp3('VMLA', 'vmla', '11101110 0.00 ....', '.... 101sz .0.0 ....', vmla, Cls.FPMAC),
  ...dp3('VMLS', 'vmls', '11101110 0.00 ....', '.... 101sz .1.0 ....', vmls, Cls.FPMAC),
  ...dp3('VNMLA', 'vnmla', '11101110 0.01 ....', '.... 101sz .1.0 ....', vnmla, Cls.FPMAC),
  ...dp3('VNMLS', 'vnmls', '11101110 0.01 ....', '.... 101sz .0.0 ....', vnmls, Cls.FPMAC),
  ...dp3('VMUL', 'vmul', '11101110 0.10 ....', '.... 101sz .0.0 ....', vmul, Cls.FP),
  ...dp3('VNMUL', 'vnmul', '11101110 0.10 ....', '.... 101sz .1.0 ....', vnmul, Cls.FP),
  ...dp3('VADD', 'vadd', '11101110 0.11 ....', '.... 101sz .0.0 ....', vadd, Cls.FP),
  ...dp3('VSUB', 'vsub', '11101110 0.11 ....', '.... 101sz .1.0 ....', vsub, Cls.FP),
  ...dp3('VDIV', 'vdiv', '11101110 1.00 ....', '.... 101sz .0.0 ....', vdiv, Cls.FPDIV),
  ...dp3('VFNMA', 'vfnma', '11101110 1.01 ....', '.... 101sz .1.0 ....', vfnma, Cls.FPMAC),
  ...dp3('VFNMS', 'vfnms', '11101110 1.01 ....', '.... 101sz .0.0 ....', vfnms, Cls.FPMAC),
  ...dp3('VFMA', 'vfma', '11101110 1.10 ....', '.... 101sz .0.0 ....', vfma, Cls.FPMAC),
  ...dp3('VFMS', 'vfms', '11101110 1.10 ....', '.... 101sz .1.0 ....', vfms, Cls.FPMAC),
  ...dp2('VMOV (register)', 'vmov', '11101110 1.11 0000', '.... 101sz 01.0 ....', vmovReg, Cls.FP),
  ...dp2('VABS', 'vabs', '11101110 1.11 0000', '.... 101sz 11.0 ....', vabs, Cls.FP),
  ...dp2('VNEG', 'vneg', '11101110 1.11 0001', '.... 101sz 01.0 ....', vneg, Cls.FP),
  ...dp2('VSQRT', 'vsqrt', '11101110 1.11 0001', '.... 101sz 11.0 ....', vsqrt, Cls.FPDIV),
  {
    name: 'VMOV (immediate) T1',
    pattern: '11101110 1.11 .... .... 1010 .0.0 ....',
    decode(ins, pc) {
      if (bit(ins, 7) !== 0 || bit(ins, 5) !== 0) return unpredictableOp(4, pc, ins);
      const o = op('vmov', vmovImm, 4, pc, ins, Cls.FP);
      o.a = sD(ins);
      o.imm = vfpExpandImm((bits(ins, 19, 16) << 4) | bits(ins, 3, 0));
      return o;
    },
  },
  {
    name: 'VMOV (immediate) (double precision: UNDEFINED on FPv4-SP)',
    pattern: '11101110 1.11 .... .... 1011 .0.0 ....',
    decode: (ins, pc) => fpUndef(pc, ins),
  },
  {
    name: 'VCMP{E} T1',
    pattern: '11101110 1.11 0100 .... 1010 .1.0 ....',
    decode(ins, pc) {
      const o = op(bit(ins, 7) ? 'vcmpe' : 'vcmp', vcmp, 4, pc, ins, Cls.FP);
      o.a = sD(ins);
      o.c = sM(ins);
      o.d = bit(ins, 7);
      return o;
    },
  },
  {
    name: 'VCMP{E} T2 (with zero)',
    pattern: '11101110 1.11 0101 .... 1010 .1.0 ....',
    decode(ins, pc) {
      if (bit(ins, 5) !== 0 || bits(ins, 3, 0) !== 0) return unpredictableOp(4, pc, ins);
      const o = op(bit(ins, 7) ? 'vcmpe' : 'vcmp', vcmpZero, 4, pc, ins, Cls.FP);
      o.a = sD(ins);
      o.d = bit(ins, 7);
      return o;
    },
  },
  {
    name: 'VCMP{E} (double precision: UNDEFINED on FPv4-SP)',
    pattern: '11101110 1.11 010. .... 1011 .1.0 ....',
    decode: (ins, pc) => fpUndef(pc, ins),
  },
  {
    name: 'VCVT (between floating-point and integer) T1, to floating-point',
    pattern: '11101110 1.11 1000 .... 1010 .1.0 ....',
    decode(ins, pc) {
      const o = op('vcvt', vcvtFromInt, 4, pc, ins, Cls.FP);
      o.a = sD(ins);
      o.c = sM(ins);
      o.e = bit(ins, 7) ? 0 : 1; // op = 1: signed
      return o;
    },
  },
  {
    name: 'VCVT, VCVTR (between floating-point and integer) T1, to integer',
    pattern: '11101110 1.11 110. .... 1010 .1.0 ....',
    decode(ins, pc) {
      const o = op(bit(ins, 7) ? 'vcvt' : 'vcvtr', vcvtToInt, 4, pc, ins, Cls.FP);
      o.a = sD(ins);
      o.c = sM(ins);
      o.e = bit(ins, 16) ? 0 : 1; // opc2<0> = 0: unsigned
      o.d = bit(ins, 7); // op = 1: round towards zero
      return o;
    },
  },
  {
    name: 'VCVT (between floating-point and integer) (double precision: UNDEFINED on FPv4-SP)',
    pattern: '11101110 1.11 1.0. .... 1011 .1.0 ....',
    decode: (ins, pc) => fpUndef(pc, ins),
  },
  {
    name: 'VCVT (between floating-point and fixed-point) T1',
    pattern: '11101110 1.11 1.1. .... 1010 .1.0 ....',
    decode(ins, pc) {
      const toFixed = bit(ins, 18) === 1;
      const size = bit(ins, 7) ? 32 : 16;
      const fracBits = size - ((bits(ins, 3, 0) << 1) | bit(ins, 5));
      if (fracBits < 0) return unpredictableOp(4, pc, ins);
      const o = op('vcvt', toFixed ? vcvtToFixed : vcvtFromFixed, 4, pc, ins, Cls.FP);
      o.a = sD(ins);
      o.d = size;
      o.e = bit(ins, 16); // U
      o.imm = fracBits;
      return o;
    },
  },
  {
    name: 'VCVT (between floating-point and fixed-point) (double precision: UNDEFINED on FPv4-SP)',
    pattern: '11101110 1.11 1.1. .... 1011 .1.0 ....',
    decode: (ins, pc) => fpUndef(pc, ins),
  },
  {
    name: 'VCVTB, VCVTT T1',
    pattern: '11101110 1.11 001. .... 1010 .1.0 ....',
    decode(ins, pc) {
      const toHalf = bit(ins, 16) === 1;
      const o = op(bit(ins, 7) ? 'vcvtt' : 'vcvtb', toHalf ? vcvtToHalf : vcvtFromHalf, 4, pc, ins, Cls.FP);
      o.a = sD(ins);
      o.c = sM(ins);
      o.imm = bit(ins, 7) ? 16 : 0;
      return o;
    },
  },
  {
    name: 'VMOV (between ARM core register and single-precision register) T1',
    pattern: '11101110 000. .... .... 1010 .001 ....',
    decode(ins, pc) {
      const t = bits(ins, 15, 12);
      if (bits(ins, 6, 5) !== 0 || bits(ins, 3, 0) !== 0 || t === 13 || t === 15) return unpredictableOp(4, pc, ins);
      const toArm = bit(ins, 20) === 1;
      const o = op('vmov', toArm ? vmovToCore : vmovFromCore, 4, pc, ins, Cls.FPMOV);
      o.a = t;
      o.b = sN(ins);
      return o;
    },
  },
  {
    name: 'VMOV (between ARM core register and single-precision register) T1 (bits 6:5 set)',
    pattern: '11101110 000. .... .... 1010 .1.1 ....',
    decode: (ins, pc) => unpredictableOp(4, pc, ins),
  },
  {
    name: 'VMOV (between ARM core register and single-precision register) T1 (bit 5 set)',
    pattern: '11101110 000. .... .... 1010 .011 ....',
    decode: (ins, pc) => unpredictableOp(4, pc, ins),
  },
  {
    name: 'VMOV (ARM core register to scalar) T1',
    pattern: '11101110 00.0 .... .... 1011 .001 ....',
    decode(ins, pc) {
      const t = bits(ins, 15, 12);
      if (bits(ins, 3, 0) !== 0 || t === 13 || t === 15) return unpredictableOp(4, pc, ins);
      if (bit(ins, 7) !== 0) return fpUndef(pc, ins); // D16-D31 do not exist on FPv4-SP
      const o = op('vmov', vmovFromCore, 4, pc, ins, Cls.FPMOV);
      o.a = t;
      o.b = 2 * bits(ins, 19, 16) + bit(ins, 21); // Dd[x] = S[2d+x]
      return o;
    },
  },
  {
    name: 'VMOV (scalar to ARM core register) T1',
    pattern: '11101110 00.1 .... .... 1011 .001 ....',
    decode(ins, pc) {
      const t = bits(ins, 15, 12);
      if (bits(ins, 3, 0) !== 0 || t === 13 || t === 15) return unpredictableOp(4, pc, ins);
      if (bit(ins, 7) !== 0) return fpUndef(pc, ins);
      const o = op('vmov', vmovToCore, 4, pc, ins, Cls.FPMOV);
      o.a = t;
      o.b = 2 * bits(ins, 19, 16) + bit(ins, 21);
      return o;
    },
  },
  {
    name: 'VMOV (between two ARM core registers and two single-precision registers) T1',
    pattern: '11101100 010. .... .... 1010 00.1 ....',
    decode(ins, pc) {
      const toArm = bit(ins, 20) === 1;
      const t = bits(ins, 15, 12);
      const t2 = bits(ins, 19, 16);
      const m = sM(ins);
      if (t === 15 || t2 === 15 || m === 31 || t === 13 || t2 === 13 || (toArm && t === t2)) return unpredictableOp(4, pc, ins);
      const o = op('vmov', toArm ? vmov2ToCore : vmov2FromCore, 4, pc, ins, Cls.FPMOV);
      o.a = t;
      o.d = t2;
      o.c = m;
      o.n = 2;
      return o;
    },
  },
  {
    name: 'VMOV (between two ARM core registers and a doubleword register) T1',
    pattern: '11101100 010. .... .... 1011 00.1 ....',
    decode(ins, pc) {
      const toArm = bit(ins, 20) === 1;
      const t = bits(ins, 15, 12);
      const t2 = bits(ins, 19, 16);
      if (t === 15 || t2 === 15 || t === 13 || t2 === 13 || (toArm && t === t2)) return unpredictableOp(4, pc, ins);
      const m = dM(ins);
      if (m > 15) return fpUndef(pc, ins);
      const o = op('vmov', toArm ? vmov2ToCore : vmov2FromCore, 4, pc, ins, Cls.FPMOV);
      o.a = t;
      o.d = t2;
      o.c = 2 * m;
      o.n = 2;
      return o;
    },
  },
  {
    name: 'VMRS T1',
    pattern: '11101110 1111 0001 .... 1010 ...1 ....',
    decode(ins, pc) {
      const t = bits(ins, 15, 12);
      if (bits(ins, 7, 5) !== 0 || bits(ins, 3, 0) !== 0 || t === 13) return unpredictableOp(4, pc, ins);
      const o = op('vmrs', t === 15 ? vmrsApsr : vmrs, 4, pc, ins, Cls.FPMOV);
      o.a = t;
      return o;
    },
  },
  {
    name: 'VMSR T1',
    pattern: '11101110 1110 0001 .... 1010 ...1 ....',
    decode(ins, pc) {
      const t = bits(ins, 15, 12);
      if (bits(ins, 7, 5) !== 0 || bits(ins, 3, 0) !== 0 || t === 13 || t === 15) return unpredictableOp(4, pc, ins);
      const o = op('vmsr', vmsr, 4, pc, ins, Cls.FPMOV);
      o.a = t;
      return o;
    },
  },
  {
    name: 'VLDR T1/T2',
    pattern: '11101101 ..01 .... .... 101. ........',
    decode(ins, pc) {
      const double = bit(ins, 8) === 1;
      const n = bits(ins, 19, 16);
      const imm32 = (ins & 0xff) << 2;
      const offset = bit(ins, 23) ? imm32 : -imm32;
      const d = double ? dD(ins) : sD(ins);
      if (double && d > 15) return fpUndef(pc, ins);
      const o = op('vldr', n === 15 ? vldrLit : vldr, 4, pc, ins, Cls.FPLOAD);
      o.a = double ? 2 * d : d;
      o.b = n;
      o.n = double ? 2 : 1;
      o.imm = n === 15 ? (((pc + 4) & ~3) + offset) >>> 0 : offset;
      return o;
    },
  },
  {
    name: 'VSTR T1/T2',
    pattern: '11101101 ..00 .... .... 101. ........',
    decode(ins, pc) {
      const double = bit(ins, 8) === 1;
      const n = bits(ins, 19, 16);
      if (n === 15) return unpredictableOp(4, pc, ins); // A7.7 VSTR: n == 15 UNPREDICTABLE in Thumb
      const d = double ? dD(ins) : sD(ins);
      if (double && d > 15) return fpUndef(pc, ins);
      const imm32 = (ins & 0xff) << 2;
      const o = op('vstr', vstr, 4, pc, ins, Cls.FPSTORE);
      o.a = double ? 2 * d : d;
      o.b = n;
      o.n = double ? 2 : 1;
      o.imm = bit(ins, 23) ? imm32 : -imm32;
      return o;
    },
  },
  ...multiple('VLDMIA', '11101100 1.01 .... .... 101. ........', true),
  ...multiple('VLDMIA (writeback) / VPOP', '11101100 1.11 .... .... 101. ........', true),
  ...multiple('VLDMDB (writeback)', '11101101 0.11 .... .... 101. ........', true),
  ...multiple('VSTMIA', '11101100 1.00 .... .... 101. ........', false),
  ...multiple('VSTMIA (writeback)', '11101100 1.10 .... .... 101. ........', false),
  ...multiple('VSTMDB (writeback) / VPUSH', '11101101 0.10 .... .... 101. ........', false),
  {
    // everything else in the CP10/CP11 coprocessor space (CDP/LDC/STC/MCR/MRC/MCRR/MRRC with
    // coproc 101x): UNDEFINED, after the CPACR check
    name: 'Floating-point space, unallocated (UNDEFINED)',
    pattern: '111011.. .... .... .... 101. .... ....',
    decode: (ins, pc) => fpUndef(pc, ins),
  },
];

/** VLDM/VSTM (and the VPUSH/VPOP aliases) for one P/U/W/L combination. */
function multiple(name: string, pattern: string, load: boolean): Encoding[] {
  return [
    {
      name: `${name} T1/T2`,
      pattern,
      decode(ins, pc) {
        const p = bit(ins, 24);
        const u = bit(ins, 23);
        const w = bit(ins, 21);
        const n = bits(ins, 19, 16);
        const double = bit(ins, 8) === 1;
        const imm8 = ins & 0xff;
        const words = double ? imm8 & ~1 : imm8; // a double list transfers 2*(imm8 DIV 2) words
        const regs = double ? imm8 >>> 1 : imm8;
        const d = double ? dD(ins) : sD(ins);
        if (n === 15) return unpredictableOp(4, pc, ins);
        if (regs === 0) return unpredictableOp(4, pc, ins);
        if (double ? regs > 16 || d + regs > 16 || (imm8 & 1) !== 0 : d + regs > 32) return unpredictableOp(4, pc, ins);
        const mnem = n === 13 && w === 1 && (load ? p === 0 && u === 1 : p === 1 && u === 0) ? (load ? 'vpop' : 'vpush') : load ? 'vldm' : 'vstm';
        const o = op(mnem, load ? vldm : vstm, 4, pc, ins, load ? Cls.FPLDM : Cls.FPSTM);
        o.a = double ? 2 * d : d;
        o.b = n;
        o.n = words;
        o.imm = u ? 0 : -4 * words;
        o.d = w ? (u ? 4 * words : -4 * words) : 0;
        return o;
      },
    },
  ];
}
