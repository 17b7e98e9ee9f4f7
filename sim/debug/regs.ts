// The registers m4sim shows a debugger, in GDB's numbering, and the target description XML
// that tells GDB about them (GDB manual, "Target Descriptions" and "ARM Features"):
// org.gnu.gdb.arm.m-profile (r0-r12, sp, lr, pc, xpsr), org.gnu.gdb.arm.vfp (d0-d15 and
// fpscr; GDB makes s0-s31 from them) and org.gnu.gdb.arm.m-system (msp, psp, primask,
// basepri, faultmask, control). The 'g' packet carries them all in this order.
import type { Cpu } from '../core/cpu.ts';

export interface DebugReg {
  name: string;
  /** GDB register number (the "regnum" of the XML, used by p/P) */
  num: number;
  bits: 32 | 64;
  feature: 'm-profile' | 'vfp' | 'm-system';
  type: string;
  group?: string;
  /** value as little-endian 32-bit words (one or two) */
  get(cpu: Cpu): number[];
  set(cpu: Cpu, words: number[]): void;
}

const REGS: DebugReg[] = [];

function core(name: string, num: number, type: string, get: (c: Cpu) => number, set: (c: Cpu, v: number) => void): void {
  REGS.push({ name, num, bits: 32, feature: 'm-profile', type, get: (c) => [get(c) >>> 0], set: (c, w) => set(c, w[0] >>> 0) });
}

for (let i = 0; i < 13; i++)
  core(`r${i}`, i, 'uint32', (c) => c.R[i], (c, v) => {
    c.R[i] = v;
  });
core('sp', 13, 'data_ptr', (c) => c.R[13], (c, v) => {
  c.R[13] = v & ~3;
});
core('lr', 14, 'uint32', (c) => c.R[14], (c, v) => {
  c.R[14] = v;
});
core('pc', 15, 'code_ptr', (c) => c.pc, (c, v) => {
  c.pc = v & ~1;
});
// GDB's m-profile feature numbers xpsr 25 (after the FPA registers of the old layout)
core('xpsr', 25, 'uint32', (c) => c.xPSR, (c, v) => {
  c.xPSR = v;
});
for (let i = 0; i < 16; i++)
  REGS.push({
    name: `d${i}`,
    num: 26 + i,
    bits: 64,
    feature: 'vfp',
    type: 'ieee_double',
    group: 'float',
    get: (c) => [c.SU[2 * i], c.SU[2 * i + 1]],
    set: (c, w) => {
      c.SU[2 * i] = w[0];
      c.SU[2 * i + 1] = w[1];
    },
  });
REGS.push({ name: 'fpscr', num: 42, bits: 32, feature: 'vfp', type: 'int', group: 'float', get: (c) => [c.FPSCR >>> 0], set: (c, w) => void (c.FPSCR = w[0] >>> 0) });
const sys = (name: string, num: number, get: (c: Cpu) => number, set: (c: Cpu, v: number) => void) =>
  REGS.push({ name, num, bits: 32, feature: 'm-system', type: name.endsWith('sp') ? 'data_ptr' : 'uint32', group: 'system', get: (c) => [get(c) >>> 0], set: (c, w) => set(c, w[0] >>> 0) });
sys('msp', 43, (c) => c.MSP, (c, v) => void (c.MSP = v));
sys('psp', 44, (c) => c.PSP, (c, v) => void (c.PSP = v));
sys('primask', 45, (c) => c.PRIMASK, (c, v) => void (c.PRIMASK = v & 1));
sys('basepri', 46, (c) => c.BASEPRI, (c, v) => void (c.BASEPRI = v & 0xff));
sys('faultmask', 47, (c) => c.FAULTMASK, (c, v) => void (c.FAULTMASK = v & 1));
sys('control', 48, (c) => c.CONTROL, (c, v) => {
  c.setModeAndSpsel(c.IPSR, (v >>> 1) & 1);
  c.CONTROL = v & 7;
});

export const debugRegs: readonly DebugReg[] = REGS;
export const regByNum = new Map(REGS.map((r) => [r.num, r]));

function feature(name: string, f: DebugReg['feature']): string {
  const regs = REGS.filter((r) => r.feature === f)
    .map((r) => `  <reg name="${r.name}" bitsize="${r.bits}" regnum="${r.num}" type="${r.type}"${r.group ? ` group="${r.group}"` : ''}/>`)
    .join('\n');
  return `<feature name="org.gnu.gdb.arm.${name}">\n${regs}\n</feature>`;
}

/** target.xml: the whole description in one document (no xi:include). */
export const targetXml = `<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>arm</architecture>
${feature('m-profile', 'm-profile')}
${feature('vfp', 'vfp')}
${feature('m-system', 'm-system')}
</target>
`;

/** Registers as the 'g' packet sends them: hex bytes, little-endian, in table order. */
export function readAllRegs(cpu: Cpu): string {
  let s = '';
  for (const r of REGS) for (const w of r.get(cpu)) s += wordHex(w);
  return s;
}

export function writeAllRegs(cpu: Cpu, hex: string): void {
  let off = 0;
  for (const r of REGS) {
    const n = r.bits / 32;
    if (off + 8 * n > hex.length) return;
    const words: number[] = [];
    for (let k = 0; k < n; k++, off += 8) words.push(hexWord(hex.slice(off, off + 8)));
    r.set(cpu, words);
  }
}

/** A 32-bit value as 8 hex digits, least significant byte first. */
export function wordHex(w: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += ((w >>> (8 * i)) & 0xff).toString(16).padStart(2, '0');
  return s;
}

export function hexWord(h: string): number {
  let v = 0;
  for (let i = 0; i < 4; i++) v |= Number.parseInt(h.slice(2 * i, 2 * i + 2) || '00', 16) << (8 * i);
  return v >>> 0;
}
