// The WebAssembly tier's FP forms (sim/jit/wasm/forms-fp.ts) against the interpreter
// (sim/fp/f32.ts, bit-exact with all FPSCR flags): generated programs of FP arithmetic,
// compares, conversions, moves, loads and stores on random operands (normal numbers of every
// magnitude, zeros, denormals, infinities, NaNs, results that overflow or underflow), looping
// in flash; registers, S0-S31, FPSCR, cycles and the cycle model's statistics must be equal.
import { describe, it, expect } from 'vitest';
import { runBoth, rng, randomWord, SRAM, type WasmMachine } from '../helpers/wasm.ts';

/** A random f32 bit pattern: mostly normal numbers near 1 (results stay normal), sometimes
 * any exponent, zeros, denormals, infinities and NaNs. */
function randomF32(r: (n: number) => number): number {
  const sign = r(2) << 31;
  switch (r(24)) {
    case 0: return (sign | 0) >>> 0; // zero
    case 1: return (sign | r(0x800000)) >>> 0; // denormal (or zero)
    case 2: return (sign | 0x7f800000) >>> 0; // infinity
    case 3: return (0x7f800000 | (1 + r(0x7fffff))) >>> 0; // NaN (quiet or signalling)
    case 4: return (sign | ((1 + r(254)) << 23) | r(0x800000)) >>> 0; // any normal
    case 5: return (sign | ((r(2) ? 1 + r(8) : 246 + r(8)) << 23) | r(0x800000)) >>> 0; // near under/overflow
    default: return (sign | ((120 + r(16)) << 23) | r(0x800000)) >>> 0; // near 1
  }
}

function fpLine(r: (n: number) => number): string {
  const s = () => `s${r(16)}`;
  switch (r(20)) {
    case 0: case 1: return `vadd.f32 ${s()}, ${s()}, ${s()}`;
    case 2: return `vsub.f32 ${s()}, ${s()}, ${s()}`;
    case 3: case 4: return `vmul.f32 ${s()}, ${s()}, ${s()}`;
    case 5: return `vnmul.f32 ${s()}, ${s()}, ${s()}`;
    case 6: return `${['vmla', 'vmls', 'vnmla', 'vnmls'][r(4)]}.f32 ${s()}, ${s()}, ${s()}`;
    case 7: return `vdiv.f32 ${s()}, ${s()}, ${s()}`;
    case 8: return `vsqrt.f32 ${s()}, ${s()}`;
    case 9: return `${['vabs', 'vneg', 'vmov'][r(3)]}.f32 ${s()}, ${s()}`;
    case 10: return `${['vcmp', 'vcmpe'][r(2)]}.f32 ${s()}, ${r(3) ? s() : '#0'}\n vmrs APSR_nzcv, fpscr`;
    case 11: return `vcvt.f32.${['s32', 'u32'][r(2)]} ${s()}, ${s()}`;
    case 12: return r(2) ? `${['vcvt', 'vcvtr'][r(2)]}.${['s32', 'u32'][r(2)]}.f32 ${s()}, ${s()}` : ((d) => `vcvt.f32.${['s16', 'u16', 's32', 'u32'][r(4)]} ${d}, ${d}, #${1 + r(16)}`)(s());
    case 13: return `vmov r${r(5)}, ${s()}`;
    case 14: return `vmov ${s()}, r${r(5)}`;
    case 15: return `vmov.f32 ${s()}, #${['1.0', '-2.5', '0.125', '31.0'][r(4)]}`;
    case 16: return `${['vldr', 'vstr'][r(2)]} ${s()}, [r6, #${4 * r(64)}]`;
    case 17: return `${['vldr', 'vstr'][r(2)]} d${r(8)}, [r7, #${8 * r(16)}]`;
    case 18: return `vpush {s${r(4)}-s${4 + r(8)}}\n vpop {s${r(4)}-s${4 + r(8)}}`.replace(/\{s(\d+)-s(\d+)\}\n vpop \{s\d+-s\d+\}/, (_m, a, b) => `{s${a}-s${b}}\n vpop {s${a}-s${b}}`);
    default: return `vldr ${s()}, =0x${(0x3f800000 + r(0x100000)).toString(16)}`;
  }
}

function setup(seed: number) {
  return (m: WasmMachine) => {
    const r = rng(seed);
    const cpu = m.sys.cpu;
    for (let i = 0; i < 13; i++) cpu.R[i] = randomWord(r);
    cpu.R[6] = SRAM + 0x1000;
    cpu.R[7] = SRAM + 0x2000;
    for (let i = 0; i < 32; i++) cpu.SU[i] = randomF32(r);
    for (let a = 0; a < 0x2000; a += 4) m.sys.bus.write32(SRAM + 0x1000 + a, randomF32(r));
    // FZ (flush to zero) and DN (default NaN) in some runs; RMode stays round to nearest
    cpu.FPSCR = (r(2) << 24) | (r(2) << 25);
  };
}

describe('WebAssembly tier = interpreter on FP programs', () => {
  let translated = 0;
  let total = 0;
  for (let seed = 1; seed <= 24; seed++) {
    it(`FP arithmetic, compares, conversions, moves, loads and stores, seed ${seed}`, () => {
      const r = rng(seed * 31337);
      const lines = Array.from({ length: 20 }, () => fpLine(r));
      const src = `start:\n${lines.join('\n')}\n b start\n .ltorg\n`;
      const { ref, wasm, tier } = runBoth(src, 4000, setup(seed));
      expect(wasm).toEqual(ref);
      translated += tier.instructions;
      total += 4000;
    });
  }

  it('most of those programs ran translated (the special operands leave to the core)', () => {
    // (about 28 %: special values spread through the registers as the loops run)
    expect(translated).toBeGreaterThan(total / 5);
  });

  it('a loop of normal arithmetic runs translated (no exit for the common case)', () => {
    const src = `
      vmov.f32 s0, #1.0
      vmov.f32 s1, #0.125
      vmov.f32 s2, #3.0
    start:
      vmul.f32 s3, s1, s2
      vadd.f32 s0, s0, s3
      vsub.f32 s4, s0, s1
      vdiv.f32 s5, s4, s2
      vmla.f32 s6, s5, s1
      vcmp.f32 s6, s0
      vmrs APSR_nzcv, fpscr
      vcvt.s32.f32 s7, s5
      vcvt.f32.s32 s8, s7
      b start`;
    const { ref, wasm, tier } = runBoth(src, 5000);
    expect(wasm).toEqual(ref);
    expect(tier.instructions).toBeGreaterThan(4500);
    expect(tier.exits[4]).toBe(0);
  });

  it('IXC of a sum whose f64 addition is itself inexact (1 + 2^-60, 2^-60 - 1), none for exact sums', () => {
    // FPSCR cleared before each one and stored after it (VMSR/VMRS run in the core)
    const one = (ins: string) => ` vmsr fpscr, r5\n b 1f\n1: ${ins}\n vmrs r6, fpscr\n str r6, [r7], #4\n`;
    // and exact sums, which must not set it (1 + 1, 1 - 1, s4 + 1 * 1 with s4 = 1)
    const src = `start:\n${one('vadd.f32 s0, s1, s2')}${one('vsub.f32 s3, s2, s1')}${one('vmla.f32 s4, s1, s1')}${one('vmov.f32 s4, s2')}${one('vadd.f32 s5, s1, s1')}${one('vsub.f32 s5, s1, s1')}${one('vmov.f32 s6, s1')}${one('vmla.f32 s6, s1, s1')} b start\n`;
    const { ref, wasm, tier } = runBoth(src, 3200, (m) => {
      m.sys.cpu.SU[1] = 0x3f800000; // 1.0
      m.sys.cpu.SU[2] = 0x21800000; // 2^-60
      m.sys.cpu.SU[4] = 0x21800000;
      m.sys.cpu.R[5] = 0;
      m.sys.cpu.R[7] = SRAM + 0x4000;
    });
    expect(wasm).toEqual(ref);
    expect(tier.instructions).toBeGreaterThan(100);
  });

  it('FP instructions leave to the core when the FPU is disabled (NOCP) or FPSCR rounds otherwise', () => {
    const src = `start:\n vadd.f32 s0, s1, s2\n vmul.f32 s3, s0, s1\n adds r0, #1\n b start\n`;
    for (const mode of [0x00400000, 0x00800000, 0x00c00000]) {
      const { ref, wasm } = runBoth(src, 2000, (m) => {
        m.sys.cpu.SU[1] = 0x3f8ccccd;
        m.sys.cpu.SU[2] = 0x3e4ccccd;
        m.sys.cpu.FPSCR = mode;
      });
      expect(wasm).toEqual(ref);
    }
    const { ref, wasm } = runBoth(src, 2000, (m) => {
      m.sys.cpu.fpEnabled = false;
    });
    expect(wasm).toEqual(ref);
  });
});
