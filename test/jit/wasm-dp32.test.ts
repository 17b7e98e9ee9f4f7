// The WebAssembly tier's forms of the 32-bit data-processing instructions
// (sim/jit/wasm/forms-dp32.ts) against the interpreter: generated programs of each group
// (modified and plain immediates, shifted registers, register shifts / extends / reverses /
// multiplies, DSP, the parallel additions and subtractions with SEL, the instructions that set
// Q), looping in flash from random registers and flags (edge values included), must leave the
// same registers, flags (Q and GE too), counts and cycle-model statistics, and mostly run
// translated. GE is folded into r12 through SEL, Q through MRS (cleared by MSR every pass).
import { describe, it, expect } from 'vitest';
import { runBoth, rng, randomWord, wasmMachine } from '../helpers/wasm.ts';

type R = (n: number) => number;

const pick = <T>(r: R, xs: readonly T[]): T => xs[r(xs.length)];
/** a destination register (r0-r11; r12 accumulates the flags, see flagLine) */
const rd = (r: R) => `r${r(12)}`;
/** a source register (r0-r12) */
const rn = (r: R) => `r${r(13)}`;
/** S or not */
const S = (r: R) => (r(2) ? 's' : '');

/** A modified immediate constant (ThumbExpandImm of a random imm12 that is not UNPREDICTABLE). */
function modImm(r: R): number {
  const imm8 = r(256);
  if (r(2)) {
    // the replicated patterns
    const k = r(4);
    const v = imm8 || 1;
    return [v, (v << 16) | v, (v << 24) | (v << 8), (v << 24) | (v << 16) | (v << 8) | v][k] >>> 0;
  }
  const rot = 8 + r(24);
  const u = 0x80 | (imm8 & 0x7f);
  return ((u >>> rot) | (u << (32 - rot))) >>> 0;
}
const hex = (v: number) => `#0x${(v >>> 0).toString(16)}`;

/** An immediate shift of a shifted-register operand (all types and edge amounts). */
function shift(r: R): string {
  switch (r(6)) {
    case 0: return '';
    case 1: return `, lsl #${pick(r, [0, 1, 31, 1 + r(31)])}`;
    case 2: return `, lsr #${pick(r, [1, 31, 32, 1 + r(32)])}`;
    case 3: return `, asr #${pick(r, [1, 31, 32, 1 + r(32)])}`;
    case 4: return `, ror #${pick(r, [1, 31, 1 + r(31)])}`;
    default: return ', rrx';
  }
}

/** A line of group 1: 32-bit data processing with an immediate (dataproc-imm.ts). */
function immLine(r: R, label: () => string): string {
  const K = () => hex(modImm(r));
  switch (r(19)) {
    case 0: return `${pick(r, ['and', 'bic', 'orr', 'orn', 'eor'])}${S(r)} ${rd(r)}, ${rn(r)}, ${K()}`;
    case 1: return `${pick(r, ['mov', 'mvn'])}${S(r)}.w ${rd(r)}, ${K()}`;
    case 2: return `${pick(r, ['tst', 'teq'])} ${rn(r)}, ${K()}`;
    case 3: return `${pick(r, ['add', 'sub'])}${S(r)}.w ${rd(r)}, ${rn(r)}, ${K()}`;
    case 4: return `${pick(r, ['add', 'sub'])}${S(r)}.w ${rd(r)}, sp, ${K()}`;
    case 5: return `${pick(r, ['cmp', 'cmn'])}.w ${rn(r)}, ${K()}`;
    case 6: return `${pick(r, ['adc', 'sbc', 'rsb'])}${S(r)} ${rd(r)}, ${rn(r)}, ${K()}`;
    case 7: return `${pick(r, ['addw', 'subw'])} ${rd(r)}, ${r(2) ? 'sp' : rn(r)}, #${r(4096)}`;
    case 8: {
      const w = r(3) === 0;
      return `${pick(r, ['add', 'sub'])}${w ? 'w' : S(r)} sp, sp, ${w ? `#${r(4096)}` : K()}`;
    }
    case 9: return `movw ${rd(r)}, #${r(65536)}`;
    case 10: return `movt ${rd(r)}, #${r(65536)}`;
    case 11: {
      const l = label();
      return `adr.w ${rd(r)}, ${l}\n${l}:`;
    }
    case 12: {
      const lsb = r(32);
      return `${pick(r, ['ubfx', 'sbfx'])} ${rd(r)}, ${rn(r)}, #${lsb}, #${1 + r(32 - lsb)}`;
    }
    case 13: {
      const lsb = r(32);
      return `bfi ${rd(r)}, ${rn(r)}, #${lsb}, #${1 + r(32 - lsb)}`;
    }
    case 14: {
      const lsb = r(32);
      return `bfc ${rd(r)}, #${lsb}, #${1 + r(32 - lsb)}`;
    }
    case 15: {
      const lsb = r(4);
      return `${pick(r, ['ubfx', 'sbfx'])} ${rd(r)}, ${rn(r)}, #${lsb}, #${32 - lsb - r(2)}`;
    }
    // small values for the saturations and bitfields
    case 16: return `movs ${rd(r).replace(/r(\d+)/, (_, n) => `r${n & 7}`)}, #${r(256)}`;
    default: return `${pick(r, ['adds', 'subs'])}.w ${rd(r)}, ${rn(r)}, #${r(4)}`;
  }
}

/** SSAT/USAT (saturating sets Q) and small values. */
function satLine(r: R): string {
  if (r(2) === 0) {
    // values at the edges of the ranges
    const v = pick(r, [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, -1, -0x80, -0x81, -0x8000, -0x8001, 0x7fffffff, -0x80000000]) >>> 0;
    const d = rd(r);
    return `movw ${d}, #${v & 0xffff}\n movt ${d}, #${v >>> 16}`;
  }
  const sh = r(3) === 0 ? '' : r(2) ? `, lsl #${r(32)}` : `, asr #${1 + r(31)}`;
  return r(2) ? `ssat ${rd(r)}, #${pick(r, [32, 31, 16, 8, 1 + r(32)])}, ${rn(r)}${sh}` : `usat ${rd(r)}, #${pick(r, [31, 0, 16, 8, r(32)])}, ${rn(r)}${sh}`;
}

/** A line of group 2: 32-bit data processing with a shifted register (dataproc-shifted.ts). */
function shiftedLine(r: R): string {
  switch (r(13)) {
    case 0:
    case 1: return `${pick(r, ['and', 'bic', 'orr', 'orn', 'eor'])}${S(r)}${r(2) ? '.w' : ''} ${rd(r)}, ${rn(r)}, ${rn(r)}${shift(r)}`.replace('orn.w', 'orn').replace('orns.w', 'orns');
    case 2: {
      const s = S(r);
      switch (r(6)) {
        case 0: return `mov${s}.w ${rd(r)}, ${rn(r)}`;
        case 1: return `lsl${s}.w ${rd(r)}, ${rn(r)}, #${1 + r(31)}`;
        case 2: return `lsr${s}.w ${rd(r)}, ${rn(r)}, #${1 + r(32)}`;
        case 3: return `asr${s}.w ${rd(r)}, ${rn(r)}, #${1 + r(32)}`;
        case 4: return `ror${s}.w ${rd(r)}, ${rn(r)}, #${1 + r(31)}`;
        default: return `rrx${s} ${rd(r)}, ${rn(r)}`;
      }
    }
    case 3: return `mvn${S(r)}.w ${rd(r)}, ${rn(r)}${shift(r)}`;
    case 4: return `${pick(r, ['tst.w', 'teq'])} ${rn(r)}, ${rn(r)}${shift(r)}`;
    case 5:
    case 6: return `${pick(r, ['add', 'sub', 'adc', 'sbc'])}${S(r)}.w ${rd(r)}, ${rn(r)}, ${rn(r)}${shift(r)}`;
    case 7: return `rsb${S(r)} ${rd(r)}, ${rn(r)}, ${rn(r)}${shift(r)}`;
    case 8: return `${pick(r, ['add', 'sub'])}${S(r)}.w ${rd(r)}, sp, ${rn(r)}${shift(r)}`;
    case 9: return `${pick(r, ['add', 'sub'])}${S(r)}.w sp, sp, ${rn(r)}, lsl #${r(4)}`;
    case 10: return `mov.w sp, ${rn(r)}`;
    case 11: return `mov.w ${rd(r)}, sp`;
    default: return `${pick(r, ['cmp', 'cmn'])}.w ${rn(r)}, ${rn(r)}${shift(r)}`;
  }
}

/** A line of group 3: register shifts, extends, reverses, CLZ, multiplies (dataproc-reg.ts and
 * the 16-bit forms). */
function regLine(r: R): string {
  const lo = () => `r${r(8)}`;
  switch (r(14)) {
    case 0:
    case 1: return `${pick(r, ['lsl', 'lsr', 'asr', 'ror'])}${S(r)}.w ${rd(r)}, ${rn(r)}, ${rn(r)}`;
    case 2: {
      const d = lo();
      return `${pick(r, ['lsls', 'lsrs', 'asrs', 'rors'])} ${d}, ${d}, ${lo()}`;
    }
    // small shift amounts (0..40)
    case 3: return `mov.w ${rd(r)}, #${r(41)}`;
    case 4: return `${pick(r, ['sxtb', 'sxth', 'uxtb', 'uxth'])}.w ${rd(r)}, ${rn(r)}, ror #${8 * r(4)}`;
    case 5: return `${pick(r, ['sxtb', 'sxth', 'uxtb', 'uxth', 'rev', 'rev16', 'revsh'])} ${lo()}, ${lo()}`;
    case 6: return `${pick(r, ['rev.w', 'rev16.w', 'revsh.w', 'rbit', 'clz'])} ${rd(r)}, ${rn(r)}`;
    case 7: return `mul.w ${rd(r)}, ${rn(r)}, ${rn(r)}`;
    case 8:
    case 9: return `${pick(r, ['mla', 'mls'])} ${rd(r)}, ${rn(r)}, ${rn(r)}, ${rn(r)}`;
    default: {
      const l = r(12);
      const h = (l + 1 + r(11)) % 12;
      return `${pick(r, ['umull', 'smull', 'umlal', 'smlal'])} r${l}, r${h}, ${rn(r)}, ${rn(r)}`;
    }
  }
}

/** A line of group 4: DSP (dsp.ts) without GE, the Q setters among them. */
function dspLine(r: R): string {
  const d = rd(r);
  const [n, m, a] = [rn(r), rn(r), rn(r)];
  const rot = r(2) ? `, ror #${8 * r(4)}` : '';
  switch (r(16)) {
    case 0: return `${pick(r, ['qadd', 'qsub', 'qdadd', 'qdsub'])} ${d}, ${m}, ${n}`;
    case 1: return r(2) ? `ssat16 ${d}, #${1 + r(16)}, ${n}` : `usat16 ${d}, #${r(16)}, ${n}`;
    case 2: return r(2) ? `pkhbt ${d}, ${n}, ${m}, lsl #${r(32)}` : `pkhtb ${d}, ${n}, ${m}, asr #${1 + r(32)}`;
    case 3: return `${pick(r, ['sxtab', 'sxtah', 'uxtab', 'uxtah', 'sxtab16', 'uxtab16'])} ${d}, ${n}, ${m}${rot}`;
    case 4: return `${pick(r, ['sxtb16', 'uxtb16'])} ${d}, ${m}${rot}`;
    case 5: return `smul${pick(r, ['bb', 'bt', 'tb', 'tt'])} ${d}, ${n}, ${m}`;
    case 6: return `smla${pick(r, ['bb', 'bt', 'tb', 'tt'])} ${d}, ${n}, ${m}, ${a}`;
    case 7: return `${pick(r, ['smuad', 'smuadx', 'smusd', 'smusdx'])} ${d}, ${n}, ${m}`;
    case 8: return `${pick(r, ['smlad', 'smladx', 'smlsd', 'smlsdx'])} ${d}, ${n}, ${m}, ${a}`;
    case 9: return `${pick(r, ['smulwb', 'smulwt'])} ${d}, ${n}, ${m}`;
    case 10: return `${pick(r, ['smlawb', 'smlawt'])} ${d}, ${n}, ${m}, ${a}`;
    case 11: return `${pick(r, ['smmul', 'smmulr'])} ${d}, ${n}, ${m}`;
    case 12: return `${pick(r, ['smmla', 'smmlar', 'smmls', 'smmlsr'])} ${d}, ${n}, ${m}, ${a}`;
    case 13: return r(2) ? `usad8 ${d}, ${n}, ${m}` : `usada8 ${d}, ${n}, ${m}, ${a}`;
    default: {
      const l = r(12);
      const h = (l + 1 + r(11)) % 12;
      return `${pick(r, ['smlalbb', 'smlalbt', 'smlaltb', 'smlaltt', 'smlald', 'smlaldx', 'smlsld', 'smlsldx', 'umaal'])} r${l}, r${h}, ${n}, ${m}`;
    }
  }
}

/** A word whose halfwords and bytes sit at the lane edges of the parallel instructions. */
function laneWord(r: R): number {
  const half = () => pick(r, [0, 1, 0x7fff, 0x8000, 0xffff, 0x7f80, 0x8080, 0x7f7f, 0xff00, 0x00ff, 0x807f, 0x0180, r(0x10000)]);
  return ((half() << 16) | half()) >>> 0;
}

/** A line of group 5: the parallel additions and subtractions (dsp.ts: the S and U ones set
 * GE), SEL (reads GE, folded into r12 so a wrong GE shows), values at the lane edges. */
function parLine(r: R): string {
  const d = rd(r);
  const [n, m] = [rn(r), rn(r)];
  switch (r(8)) {
    case 0:
    case 1:
    case 2: {
      const op = pick(r, ['add16', 'asx', 'sax', 'sub16', 'add8', 'sub8']);
      return `${pick(r, ['s', 'u', 's', 'u', 'q', 'uq', 'sh', 'uh'])}${op} ${d}, ${n}, ${m}`;
    }
    case 3: return `${pick(r, ['ssub16', 'sadd16', 'usub8', 'uadd8'])} ${d}, ${n}, ${m}`;
    case 4:
    case 5: return `sel ${d}, ${n}, ${m}\n eor.w r12, r12, ${d}, ror #${r(32)}`;
    default: {
      const v = laneWord(r);
      return `movw ${d}, #${v & 0xffff}\n movt ${d}, #${v >>> 16}`;
    }
  }
}

/** A line of group 6: an instruction of family `fam` that sets Q (saturation, overflow), or
 * half the time a value at the edges. */
function qLine(r: R, fam: number): string {
  const d = rd(r);
  const [n, m, a] = [rn(r), rn(r), rn(r)];
  switch (r(2) ? fam : 6) {
    case 0: return `${pick(r, ['qadd', 'qsub', 'qdadd', 'qdsub'])} ${d}, ${m}, ${n}`;
    case 1: return r(2) ? `ssat16 ${d}, #${1 + r(16)}, ${n}` : `usat16 ${d}, #${r(16)}, ${n}`;
    case 2: return r(2) ? `ssat ${d}, #${1 + r(32)}, ${n}` : `usat ${d}, #${r(32)}, ${n}${r(2) ? `, asr #${1 + r(31)}` : ''}`;
    case 3: return `smla${pick(r, ['bb', 'bt', 'tb', 'tt'])} ${d}, ${n}, ${m}, ${a}`;
    case 4: {
      const op = pick(r, ['smuad', 'smuadx', 'smlad', 'smladx', 'smlsd', 'smlsdx']);
      // (SMUAD overflows only for 0x8000 * 0x8000 twice: Rm = Rn a third of the time)
      const m2 = r(3) === 0 ? n : m;
      return op.startsWith('smu') ? `${op} ${d}, ${n}, ${m2}` : `${op} ${d}, ${n}, ${m2}, ${a}`;
    }
    case 5: return `${pick(r, ['smlawb', 'smlawt'])} ${d}, ${n}, ${m}, ${a}`;
    default: {
      const v = pick(r, [0x7fffffff, 0x80000000, 0x80008000, 0x80008000, 0x80008000, 0x7fff7fff, 0x40000000, 0xc0000000, 0xffffffff, 0x00010001, 0x8000]) >>> 0;
      return `movw ${d}, #${v & 0xffff}\n movt ${d}, #${v >>> 16}`;
    }
  }
}
/** The start of a pass of the Q programs: Q folded into r12, then cleared (through r11; MRS
 * and MSR run in the JavaScript core). */
const Q_PROLOGUE = ['mrs r11, apsr', 'eor.w r12, r12, r11, ror #27', 'mov.w r11, #0', 'msr apsr_nzcvq, r11'];

/** Folds the flags into r12 (so a wrong flag is seen even when a later line overwrites it):
 * C by an ADC, N, Z, C or V by a conditional branch over an EOR. */
function flagLine(r: R, label: () => string): string {
  if (r(2)) return `adc.w r12, r12, r12, ror #${1 + r(31)}`;
  const l = label();
  return `b${pick(r, ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ge', 'gt'])} ${l}\n eor.w r12, r12, #${1 << r(31)}\n${l}:`;
}

/** `n` lines of `gen`, each followed by a flagLine half the time */
function lines(r: R, n: number, gen: (r: R, label: () => string) => string): string[] {
  let k = 0;
  const label = () => `L${k++}`;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(gen(r, label));
    if (r(2)) out.push(flagLine(r, label));
  }
  return out;
}

function program(lines: string[]): string {
  return `start:\n${lines.join('\n')}\n b start\n .ltorg\n`;
}

function randomState(seed: number, q?: number) {
  return (m: ReturnType<typeof wasmMachine>) => {
    const r = rng(seed);
    const cpu = m.sys.cpu;
    for (let i = 0; i < 13; i++) cpu.R[i] = randomWord(r);
    cpu.N = r(2);
    cpu.Z = r(2);
    cpu.C = r(2);
    cpu.V = r(2);
    cpu.Q = q ?? r(2);
    cpu.GE = r(16);
  };
}

/** Runs `lines` looping for n instructions on both paths from a random state. */
function check(src: string[], seed: number, n = 3000, q?: number) {
  const { ref, wasm, tier } = runBoth(program(src), n, randomState(seed, q));
  expect(wasm).toEqual(ref);
  return tier;
}

describe('WebAssembly tier = interpreter: 32-bit data processing', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`modified and plain immediates (dataproc-imm.ts), seed ${seed}`, () => {
      const r = rng(seed * 7727);
      const tier = check(lines(r, 30, immLine), seed);
      expect(tier.instructions).toBeGreaterThan(2000);
    });
  }

  for (let seed = 1; seed <= 6; seed++) {
    it(`SSAT/USAT (saturation sets Q), seed ${seed}`, () => {
      const r = rng(seed * 3571);
      // (Q clear before for odd seeds, so that a saturation shows)
      const tier = check(lines(r, 30, satLine), seed, 3000, seed & 1 ? 0 : 1);
      expect(tier.instructions).toBeGreaterThan(2500);
    });
  }

  for (let seed = 1; seed <= 12; seed++) {
    it(`shifted registers (dataproc-shifted.ts), seed ${seed}`, () => {
      const r = rng(seed * 6007);
      const tier = check(lines(r, 30, shiftedLine), seed);
      expect(tier.instructions).toBeGreaterThan(2500);
    });
  }

  for (let seed = 1; seed <= 12; seed++) {
    it(`register shifts, extends, reverses, multiplies (dataproc-reg.ts), seed ${seed}`, () => {
      const r = rng(seed * 5023);
      const tier = check(lines(r, 30, regLine), seed);
      expect(tier.instructions).toBeGreaterThan(2500);
    });
  }

  for (let seed = 1; seed <= 12; seed++) {
    it(`DSP multiplies, extends, packs, saturating arithmetic (dsp.ts), seed ${seed}`, () => {
      const r = rng(seed * 4409);
      // (Q clear before for even seeds, so that a saturation or overflow shows)
      const tier = check(lines(r, 30, dspLine), seed, 3000, seed & 1);
      expect(tier.instructions).toBeGreaterThan(2500);
    });
  }

  for (let seed = 1; seed <= 12; seed++) {
    it(`parallel add/subtract (GE), SEL (dsp.ts), seed ${seed}`, () => {
      const r = rng(seed * 2203);
      const tier = check(lines(r, 30, parLine), seed);
      expect(tier.instructions).toBeGreaterThan(2500);
    });
  }

  const Q_FAMILIES = ['QADD/QSUB/QDADD/QDSUB', 'SSAT16/USAT16', 'SSAT/USAT', 'SMLA<x><y>', 'SMUAD/SMLAD/SMLSD', 'SMLAW<y>'];
  for (let seed = 1; seed <= 18; seed++) {
    const fam = seed % 6;
    it(`Q set by ${Q_FAMILIES[fam]}, cleared each pass, seed ${seed}`, () => {
      const r = rng(seed * 8501);
      const tier = check([...Q_PROLOGUE, ...lines(r, 16, (r) => qLine(r, fam))], seed);
      expect(tier.instructions).toBeGreaterThan(2000);
    });
  }
});
