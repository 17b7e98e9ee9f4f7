import { describe, it, expect } from 'vitest';
import { machine, assemble, CODE_BASE, STACK_TOP } from '../helpers/machine.ts';
import { GuestFault } from '../../sim/core/fault.ts';
import { Cls } from '../../sim/core/op.ts';
import type { System } from '../../sim/system.ts';

const RM = 2 << 22, RZ = 3 << 22, FZ = 1 << 24, DN = 1 << 25, AHP = 1 << 26;
const IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128;
const hex = (x: number): string => '0x' + (x >>> 0).toString(16).padStart(8, '0');
const DATA = 0x20004000;

interface Init {
  s?: Record<number, number>;
  r?: Record<number, number>;
  fpscr?: number;
}

/** A machine running `src` with an active FP context (CONTROL.FPCA = 1, so the first FP
 * instruction does not reset FPSCR's mode bits from FPDSCR). */
function fpm(src: string, init: Init = {}): System {
  const sys = machine(assemble(src));
  const cpu = sys.cpu;
  cpu.CONTROL |= 4;
  for (const [k, v] of Object.entries(init.s ?? {})) cpu.SU[Number(k)] = v;
  for (const [k, v] of Object.entries(init.r ?? {})) cpu.R[Number(k)] = v;
  cpu.FPSCR = init.fpscr ?? 0;
  return sys;
}

function runAll(src: string, init: Init = {}): System {
  const sys = fpm(src, init);
  const n = src.split('\n').filter((l) => l.trim() !== '' && !l.trim().endsWith(':') && !l.trim().startsWith('.')).length;
  sys.cpu.run(n);
  expect(sys.cpu.stop).toBeNull();
  return sys;
}

/** Executes the instruction at pc directly and returns the fault it raises, if any. */
function faultOf(sys: System): string | null {
  const cpu = sys.cpu;
  const o = cpu.fetch(cpu.pc);
  cpu.R[15] = cpu.pc + 4;
  cpu.nextPC = cpu.pc + o.size;
  try {
    o.exec(cpu, o);
    return null;
  } catch (e) {
    if (e instanceof GuestFault) return e.kind;
    throw e;
  }
}

const S = (sys: System, i: number): string => hex(sys.cpu.SU[i]);

describe('VFP data processing', () => {
  it('VADD/VSUB/VMUL/VDIV/VSQRT/VNMUL on S registers, flags accumulate in FPSCR', () => {
    const sys = runAll(
      `vadd.f32 s0, s1, s2
       vsub.f32 s3, s1, s2
       vmul.f32 s4, s1, s2
       vdiv.f32 s5, s1, s2
       vsqrt.f32 s6, s2
       vnmul.f32 s7, s1, s2`,
      { s: { 1: 0x3f800000, 2: 0x40400000 } }, // 1.0, 3.0
    );
    expect(S(sys, 0)).toBe('0x40800000');
    expect(S(sys, 3)).toBe('0xc0000000');
    expect(S(sys, 4)).toBe('0x40400000');
    expect(S(sys, 5)).toBe('0x3eaaaaab');
    expect(S(sys, 6)).toBe('0x3fddb3d7');
    expect(S(sys, 7)).toBe('0xc0400000');
    expect(hex(sys.cpu.FPSCR)).toBe(hex(IXC));
  });

  it('register numbers use all of Vd:D, Vn:N, Vm:M', () => {
    const sys = runAll('vadd.f32 s31, s30, s29', { s: { 30: 0x3f800000, 29: 0x3f800000 } });
    expect(S(sys, 31)).toBe('0x40000000');
  });

  it('VABS/VNEG/VMOV only touch the sign bit, even of signalling NaNs, and raise nothing', () => {
    const sys = runAll('vabs.f32 s0, s1\n vneg.f32 s2, s1\n vmov.f32 s3, s1', { s: { 1: 0xff800001 } });
    expect(S(sys, 0)).toBe('0x7f800001');
    expect(S(sys, 2)).toBe('0x7f800001');
    expect(S(sys, 3)).toBe('0xff800001');
    expect(sys.cpu.FPSCR).toBe(0);
  });

  it('VMOV immediate expands VFPExpandImm', () => {
    const sys = runAll('vmov.f32 s0, #1.0\n vmov.f32 s1, #-0.125\n vmov.f32 s2, #31.0');
    expect([S(sys, 0), S(sys, 1), S(sys, 2)]).toEqual(['0x3f800000', '0xbe000000', '0x41f80000']);
  });

  it('VMLA rounds twice, VFMA once', () => {
    // s1 = 1+2^-23; s1*s1 = 1+2^-22+2^-46; addend -(1+2^-22)
    const init = { s: { 0: 0xbf800002, 1: 0x3f800001, 2: 0xbf800002 } };
    const sys = runAll('vmla.f32 s0, s1, s1\n vfma.f32 s2, s1, s1', init);
    expect(S(sys, 0)).toBe('0x00000000');
    expect(S(sys, 2)).toBe('0x28800000'); // 2^-46
  });

  it('VMLS/VNMLA/VNMLS/VFMS/VFNMA/VFNMS negate as the manual says', () => {
    const init = { s: { 1: 0x40000000, 2: 0x40400000, 10: 0x3f800000, 11: 0x3f800000, 12: 0x3f800000, 13: 0x3f800000, 14: 0x3f800000, 15: 0x3f800000 } };
    const sys = runAll(
      `vmls.f32 s10, s1, s2
       vnmla.f32 s11, s1, s2
       vnmls.f32 s12, s1, s2
       vfms.f32 s13, s1, s2
       vfnma.f32 s14, s1, s2
       vfnms.f32 s15, s1, s2`,
      init,
    );
    expect(S(sys, 10)).toBe(hex(0xc0a00000)); // 1 - 6 = -5
    expect(S(sys, 11)).toBe(hex(0xc0e00000)); // -1 - 6 = -7
    expect(S(sys, 12)).toBe(hex(0x40a00000)); // -1 + 6 = 5
    expect(S(sys, 13)).toBe(hex(0xc0a00000)); // 1 - 6
    expect(S(sys, 14)).toBe(hex(0xc0e00000)); // -1 - 6
    expect(S(sys, 15)).toBe(hex(0x40a00000)); // -1 + 6
  });

  it('VMLS negates a NaN product before the add (FPNeg does not check for NaNs)', () => {
    const sys = runAll('vmls.f32 s0, s1, s2', { s: { 0: 0x3f800000, 1: 0x7fc00001, 2: 0x3f800000 } });
    expect(S(sys, 0)).toBe('0xffc00001');
  });

  it('rounding mode, FZ and DN come from FPSCR', () => {
    const sys = runAll('vadd.f32 s0, s1, s2\n vmul.f32 s3, s4, s4\n vadd.f32 s5, s6, s1', {
      s: { 1: 0x3f800000, 2: 0x33800000, 4: 0x1f800000, 6: 0x7f800001 },
      fpscr: (1 << 22) | FZ | DN, // round towards +inf
    });
    expect(S(sys, 0)).toBe('0x3f800001');
    expect(S(sys, 3)).toBe('0x00000000'); // 2^-64 squared flushed
    expect(S(sys, 5)).toBe('0x7fc00000');
    expect(hex(sys.cpu.FPSCR)).toBe(hex((1 << 22) | FZ | DN | IXC | UFC | IOC));
  });

  it('overflow and division by zero set OFC, DZC', () => {
    const sys = runAll('vmul.f32 s0, s1, s1\n vdiv.f32 s2, s1, s3', { s: { 1: 0x7f000000, 3: 0 }, fpscr: RZ });
    expect(S(sys, 0)).toBe('0x7f7fffff');
    expect(S(sys, 2)).toBe('0x7f800000');
    expect(hex(sys.cpu.FPSCR)).toBe(hex(RZ | OFC | IXC | DZC));
  });
});

describe('VCMP, VMRS, VMSR', () => {
  it('VCMP sets FPSCR.NZCV; VMRS APSR_nzcv copies them for a conditional branch', () => {
    const sys = runAll(
      `vcmp.f32 s0, s1
       vmrs APSR_nzcv, fpscr
       ite lt
       movlt r0, #1
       movge r0, #2`,
      { s: { 0: 0xbf800000, 1: 0x3f800000 } },
    );
    expect(sys.cpu.R[0]).toBe(1);
    expect(hex(sys.cpu.FPSCR)).toBe('0x80000000');
    expect([sys.cpu.N, sys.cpu.Z, sys.cpu.C, sys.cpu.V]).toEqual([1, 0, 0, 0]);
  });

  it('VCMP with #0.0 and unordered results; VCMPE raises IOC on quiet NaNs', () => {
    let sys = runAll('vcmp.f32 s0, #0.0', { s: { 0: 0x80000000 } });
    expect(hex(sys.cpu.FPSCR)).toBe('0x60000000');
    sys = runAll('vcmp.f32 s0, s1', { s: { 0: 0x7fc00000 } });
    expect(hex(sys.cpu.FPSCR)).toBe('0x30000000');
    sys = runAll('vcmpe.f32 s0, #0.0', { s: { 0: 0x7fc00000 } });
    expect(hex(sys.cpu.FPSCR)).toBe(hex(0x30000000 | IOC));
    sys = runAll('vcmp.f32 s0, s1', { s: { 0: 0x00000001, 1: 0 }, fpscr: FZ });
    expect(hex(sys.cpu.FPSCR)).toBe(hex(0x60000000 | FZ | IDC));
  });

  it('VMSR writes only the implemented FPSCR bits; VMRS reads them back', () => {
    const sys = runAll('vmsr fpscr, r0\n vmrs r1, fpscr', { r: { 0: 0xffffffff } });
    expect(hex(sys.cpu.R[1])).toBe('0xf7c0009f');
  });
});

describe('VCVT', () => {
  it('float to integer: VCVT rounds towards zero, VCVTR uses FPSCR.RMode; saturation raises IOC', () => {
    const sys = runAll(
      `vcvt.s32.f32 s10, s0
       vcvtr.s32.f32 s11, s0
       vcvt.u32.f32 s12, s1
       vcvt.s32.f32 s13, s2
       vcvtr.u32.f32 s14, s0`,
      { s: { 0: 0xbfc00000, 1: 0xbf800000, 2: 0x7f800000 }, fpscr: RM }, // -1.5, -1.0, +inf
    );
    expect([S(sys, 10), S(sys, 11), S(sys, 12), S(sys, 13), S(sys, 14)]).toEqual(['0xffffffff', '0xfffffffe', '0x00000000', '0x7fffffff', '0x00000000']);
    expect(hex(sys.cpu.FPSCR)).toBe(hex(RM | IXC | IOC));
  });

  it('integer to float uses the rounding mode', () => {
    const sys = runAll('vcvt.f32.s32 s0, s1\n vcvt.f32.u32 s2, s3', { s: { 1: 0x7fffffff, 3: 0xffffffff }, fpscr: RZ });
    expect([S(sys, 0), S(sys, 2)]).toEqual(['0x4effffff', '0x4f7fffff']);
  });

  it('fixed point in place, 16 and 32 bits, signed and unsigned', () => {
    const sys = runAll(
      `vcvt.s16.f32 s0, s0, #8
       vcvt.u32.f32 s1, s1, #16
       vcvt.f32.s16 s2, s2, #8
       vcvt.f32.u32 s3, s3, #32`,
      { s: { 0: 0xc0200000, 1: 0x3fc00000, 2: 0xdeadff80, 3: 0x80000000 } }, // -2.5, 1.5, -0.5 in s7.8 (high half ignored), 0.5
    );
    expect([S(sys, 0), S(sys, 1), S(sys, 2), S(sys, 3)]).toEqual(['0xfffffd80', '0x00018000', '0xbf000000', '0x3f000000']);
  });

  it('VCVTB/VCVTT convert one half of a register; AHP selects the alternative format', () => {
    let sys = runAll('vcvtb.f16.f32 s0, s1\n vcvtt.f16.f32 s0, s2\n vcvtb.f32.f16 s3, s0\n vcvtt.f32.f16 s4, s0', {
      s: { 0: 0x12345678, 1: 0x3f800000, 2: 0xc0000000 },
    });
    expect([S(sys, 0), S(sys, 3), S(sys, 4)]).toEqual(['0xc0003c00', '0x3f800000', '0xc0000000']);
    sys = runAll('vcvtb.f16.f32 s0, s1\n vcvtb.f32.f16 s2, s3', { s: { 1: 0x7f800000, 3: 0x7c00 }, fpscr: AHP });
    expect([S(sys, 0), S(sys, 2)]).toEqual(['0x00007fff', '0x47800000']);
    expect(hex(sys.cpu.FPSCR)).toBe(hex(AHP | IOC));
  });
});

describe('VMOV between core and FP registers', () => {
  it('core <-> single, two cores <-> two singles, two cores <-> D, core <-> Dn[x]', () => {
    const sys = runAll(
      `vmov s5, r0
       vmov r1, s5
       vmov s6, s7, r2, r3
       vmov r4, r5, s7, s8
       vmov d5, r2, r0
       vmov r6, r7, d5
       .fpu vfpv3-d16
       vmov.32 d7[1], r0
       vmov.32 r8, d3[0]`,
      { r: { 0: 0x11111111, 2: 0x22222222, 3: 0x33333333 }, s: { 8: 0x44444444 } },
    );
    const c = sys.cpu;
    expect(hex(c.SU[5])).toBe('0x11111111');
    expect(hex(c.R[1])).toBe('0x11111111');
    expect([S(sys, 6), S(sys, 7)]).toEqual(['0x22222222', '0x33333333']);
    expect([hex(c.R[4]), hex(c.R[5])]).toEqual(['0x33333333', '0x44444444']);
    expect([S(sys, 10), S(sys, 11)]).toEqual(['0x22222222', '0x11111111']);
    expect([hex(c.R[6]), hex(c.R[7])]).toEqual(['0x22222222', '0x11111111']);
    expect(S(sys, 15)).toBe('0x11111111');
    expect(hex(c.R[8])).toBe('0x22222222'); // d3[0] = s6
  });

  it('VMOV to or from SP/PC and VMOV r, r, s31, s32 are UNPREDICTABLE', () => {
    // vmov sp, s0 ; vmov r0, r1, s31, <s32>
    for (const w of [0xee10da10, 0xec510a3f]) {
      const sys = fpm(`.inst.w 0x${w.toString(16)}`);
      expect(sys.cpu.fetch(CODE_BASE).mnem).toBe('UNPREDICTABLE');
    }
  });
});

describe('VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP', () => {
  it('VLDR/VSTR single and double with offsets, and VLDR literal', () => {
    const sys = fpm(
      `vldr s0, [r0, #4]
       vldr d1, [r0, #-8]
       vstr s0, [r1]
       vstr d1, [r1, #8]
       vldr s9, lit
       b .
       .align 2
       lit: .word 0xcafef00d`,
      { r: { 0: DATA + 16, 1: DATA + 64 } },
    );
    const bus = sys.bus;
    bus.write32(DATA + 20, 0x3f800000);
    bus.write32(DATA + 8, 0xaaaaaaaa);
    bus.write32(DATA + 12, 0xbbbbbbbb);
    sys.cpu.run(5);
    expect([S(sys, 0), S(sys, 2), S(sys, 3), S(sys, 9)]).toEqual(['0x3f800000', '0xaaaaaaaa', '0xbbbbbbbb', '0xcafef00d']);
    expect([bus.read32(DATA + 64), bus.read32(DATA + 72), bus.read32(DATA + 76)].map(hex)).toEqual(['0x3f800000', '0xaaaaaaaa', '0xbbbbbbbb']);
  });

  it('VPUSH/VPOP and VLDM/VSTM with and without writeback', () => {
    const sys = fpm(
      `vpush {s2-s5}
       vpop {d4-d5}
       vstmia r0!, {s2-s3}
       vstmdb r1!, {s4}
       vldmia r2, {s20-s22}
       vldmdb r0!, {d12}`,
      { r: { 0: DATA, 1: DATA + 0x100, 2: DATA }, s: { 2: 2, 3: 3, 4: 4, 5: 5 } },
    );
    const c = sys.cpu;
    c.run(1);
    expect(hex(c.R[13])).toBe(hex(STACK_TOP - 16));
    expect(hex(sys.bus.read32(STACK_TOP - 16))).toBe('0x00000002');
    expect(c.fetch(CODE_BASE).n).toBe(4);
    expect(c.fetch(CODE_BASE).mnem).toBe('vpush');
    c.run(1);
    expect(hex(c.R[13])).toBe(hex(STACK_TOP));
    expect([c.SU[8], c.SU[9], c.SU[10], c.SU[11]]).toEqual([2, 3, 4, 5]);
    c.run(4);
    expect(c.stop).toBeNull();
    expect(hex(c.R[1])).toBe(hex(DATA + 0xfc));
    expect(sys.bus.read32(DATA + 0xfc)).toBe(4);
    expect([c.SU[20], c.SU[21], c.SU[22]]).toEqual([2, 3, sys.bus.read32(DATA + 8)]);
    // vstmia r0! moved r0 by 8; vldmdb r0!, {d12} moved it back and loaded s24/s25
    expect(hex(c.R[0])).toBe(hex(DATA));
    expect([c.SU[24], c.SU[25]]).toEqual([2, 3]);
    expect(hex(c.R[2])).toBe(hex(DATA));
  });

  it('UNPREDICTABLE register counts: zero registers, past s31 / d15, more than 16 doubles', () => {
    // vldmia r0, {} (imm8=0); vstmia r0, s31 with 2 regs; vpush with 17 doubles (imm8 = 34)
    for (const w of [0xec900a00, 0xecc0fa02, 0xed2d0b22, (0xecbd0b02 | (1 << 22)) >>> 0]) {
      const sys = fpm(`.inst.w 0x${w.toString(16)}`);
      expect(sys.cpu.fetch(CODE_BASE).mnem).toBe('UNPREDICTABLE');
    }
    // VSTR with Rn = PC
    expect(fpm('.inst.w 0xed8f0a00').cpu.fetch(CODE_BASE).mnem).toBe('UNPREDICTABLE');
  });

  it('unaligned addresses fault even with CCR.UNALIGN_TRP clear (MemA; ARMv7-M ARM A3.2.1 lists VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP as always checked; Unicorn 2.0.1 does not fault)', () => {
    const sys = fpm('vldr s0, [r0]', { r: { 0: DATA + 2 } });
    expect(faultOf(sys)).toBe('UNALIGNED');
    const sys2 = fpm('vstmia r0, {s0-s1}', { r: { 0: DATA + 1 } });
    expect(faultOf(sys2)).toBe('UNALIGNED');
  });

  it('effective address and classes for the cycle model', () => {
    const sys = fpm('vldr s0, [r0, #8]\n vpop {s0-s2}\n vmla.f32 s0, s1, s2\n vdiv.f32 s0, s1, s2\n vmov r0, s0', { r: { 0: DATA } });
    sys.cpu.run(1);
    expect(hex(sys.cpu.ea)).toBe(hex(DATA + 8));
    const cls = [0, 4, 8, 12, 16].map((off) => sys.cpu.fetch(CODE_BASE + off).cls);
    expect(cls).toEqual([Cls.FPLOAD, Cls.FPLDM, Cls.FPMAC, Cls.FPDIV, Cls.FPMOV]);
  });
});

describe('FPU access and context', () => {
  it('NOCP UsageFault when CPACR disables the FPU, for valid and undefined FP encodings', () => {
    for (const src of ['vadd.f32 s0, s1, s2', 'vmov r0, s0', 'vldr s0, [r0]', 'vmrs r0, fpscr', '.inst.w 0xee300b01']) {
      const sys = fpm(src, { r: { 0: DATA } });
      sys.cpu.fpEnabled = false;
      expect(faultOf(sys)).toBe('NOCP');
    }
  });

  it('double-precision data processing is UNDEFINED on FPv4-SP', () => {
    // vadd.f64 d0, d0, d1 ; vsqrt.f64 d0, d1 ; vcvt.f64.f32 d0, s1
    for (const w of [0xee300b01, 0xeeb10bc1, 0xeeb70ae0]) {
      const sys = fpm(`.inst.w 0x${w.toString(16)}`);
      expect(faultOf(sys)).toBe('UNDEFINSTR');
    }
  });

  it('an FP instruction sets CONTROL.FPCA and, for a new context, takes FPSCR mode bits from FPDSCR', () => {
    const sys = machine(assemble('vadd.f32 s0, s1, s2'));
    const cpu = sys.cpu;
    expect(cpu.CONTROL & 4).toBe(0);
    cpu.FPSCR = RZ | FZ | 0xf0000000;
    cpu.SU[1] = 0x3f800000;
    cpu.SU[2] = 0x33c00000; // 1.5 * 2^-24
    cpu.run(1);
    expect(cpu.CONTROL & 4).toBe(4);
    // FPDSCR resets to 0: round to nearest, FZ off (FPSCR<26:22> come from FPDSCR)
    expect(cpu.FPSCR & 0x07c00000).toBe(0);
    expect(S(sys, 0)).toBe('0x3f800001');
  });
});
