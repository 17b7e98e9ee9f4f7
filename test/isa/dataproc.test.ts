// The base data-processing, multiply and divide instructions (sim/isa/dataproc*.ts).
// Encodings come from arm-none-eabi-as (.cpu cortex-m4), so the decoder's patterns are
// checked against an independent encoder; the 32-bit forms the assembler refuses to emit
// (UNPREDICTABLE ones) are written as halfwords from the encoding diagrams. Every expected
// value below was worked out by hand from the pseudocode of the ARMv7-M ARM (DDI 0403E,
// A7.7), not taken from the simulator.
import { describe, it, expect } from 'vitest';
import { machine, assemble, CODE_BASE, STACK_TOP } from '../helpers/machine.ts';
import type { System } from '../../sim/system.ts';
import { thumbDecoder } from '../../sim/isa/decoder.ts';
import { encodings } from '../../sim/isa/dataproc.ts';
import { compile } from '../../sim/isa/encoding.ts';
import { Cls } from '../../sim/core/op.ts';

interface Case {
  /** assembly, one instruction per ';' */
  src: string;
  /** initial registers: r0..r12, sp, lr */
  r?: Record<string, number>;
  /** initial N Z C V as 4 letters, upper case = 1 (default 'nzcv') */
  f?: string;
  /** expected registers */
  out: Record<string, number>;
  /** expected flags (default: the initial ones, unchanged) */
  fo?: string;
  /** initial ITSTATE (to run a 16-bit instruction inside an IT block) */
  it?: number;
  /** instructions to run (default: one per ';') */
  n?: number;
}

const REG: Record<string, number> = { sp: 13, lr: 14 };
const regNo = (k: string) => REG[k] ?? Number(k.slice(1));

// One device for the file: each case loads its code (which invalidates the decoded
// instructions there) and resets the core state it uses. Cases that fault use a device of
// their own (machine()), since a fault changes the exception state.
let shared: System | undefined;
function fresh(code: Uint8Array): System {
  if (shared === undefined) shared = machine(code);
  else shared.bus.load(CODE_BASE, code);
  const cpu = shared.cpu;
  cpu.R.fill(0);
  cpu.R[13] = STACK_TOP;
  cpu.APSR = 0;
  cpu.itState = 0;
  cpu.stop = null;
  cpu.pc = CODE_BASE;
  return shared;
}

function flags(s: string): number[] {
  return [...s].map((ch) => (ch === ch.toUpperCase() ? 1 : 0));
}
function flagStr(sys: System): string {
  const c = sys.cpu;
  return (c.N ? 'N' : 'n') + (c.Z ? 'Z' : 'z') + (c.C ? 'C' : 'c') + (c.V ? 'V' : 'v');
}

function runCase(c: Case): System {
  const lines = c.src.split(';');
  const sys = fresh(assemble(lines.join('\n') + '\nudf #0'));
  const cpu = sys.cpu;
  for (const [k, v] of Object.entries(c.r ?? {})) cpu.R[regNo(k)] = v;
  const f = c.f ?? 'nzcv';
  [cpu.N, cpu.Z, cpu.C, cpu.V] = flags(f);
  if (c.it !== undefined) cpu.itState = c.it;
  cpu.run(c.n ?? lines.length);
  expect(cpu.stop, c.src).toBeNull();
  expect(cpu.IPSR, `${c.src}: no exception taken`).toBe(0);
  for (const [k, v] of Object.entries(c.out)) {
    if (k === 'pc') expect(cpu.pc, `pc after ${c.src}`).toBe(v >>> 0);
    else expect(cpu.R[regNo(k)], `${k} after ${c.src}`).toBe(v >>> 0);
  }
  expect(flagStr(sys), `flags after ${c.src}`).toBe(c.fo ?? f);
  return sys;
}

function table(name: string, cases: Case[]) {
  describe(name, () => {
    for (const c of cases) it(`${c.src} ${JSON.stringify(c.r ?? {})} ${c.f ?? ''}${c.it ? ' in IT' : ''}`, () => runCase(c));
  });
}

// ---------------- 16-bit ----------------

table('A5.2.1 shift (immediate), add, subtract, move, compare', [
  { src: 'lsls r0, r1, #1', r: { r1: 0x80000001 }, f: 'nzcV', out: { r0: 2 }, fo: 'nzCV' },
  { src: 'lsls r0, r1, #31', r: { r1: 3 }, out: { r0: 0x80000000 }, fo: 'NzCv' },
  { src: 'lsls r0, r1, #31', r: { r1: 1 }, f: 'nzCv', out: { r0: 0x80000000 }, fo: 'Nzcv' },
  { src: 'lsrs r0, r1, #32', r: { r1: 0x80000000 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'lsrs r0, r1, #1', r: { r1: 1 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'lsrs r0, r1, #31', r: { r1: 0xbfffffff }, out: { r0: 1 }, fo: 'nzcv' },
  { src: 'asrs r0, r1, #32', r: { r1: 0x80000000 }, out: { r0: 0xffffffff }, fo: 'NzCv' },
  { src: 'asrs r0, r1, #32', r: { r1: 0x7fffffff }, f: 'NzCv', out: { r0: 0 }, fo: 'nZcv' },
  { src: 'asrs r0, r1, #4', r: { r1: 0x7ffffff8 }, out: { r0: 0x07ffffff }, fo: 'nzCv' },
  { src: 'movs r0, r1', r: { r0: 5, r1: 0 }, f: 'NzCV', out: { r0: 0 }, fo: 'nZCV' },
  { src: 'movs r0, r1', r: { r1: 0x80000000 }, out: { r0: 0x80000000 }, fo: 'Nzcv' },
  { src: 'adds r0, r1, r2', r: { r1: 0x7fffffff, r2: 1 }, out: { r0: 0x80000000 }, fo: 'NzcV' },
  { src: 'adds r0, r1, r2', r: { r1: 0xffffffff, r2: 1 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'adds r0, r1, r2', r: { r1: 0x80000000, r2: 0x80000000 }, out: { r0: 0 }, fo: 'nZCV' },
  { src: 'subs r0, r1, r2', r: { r1: 0, r2: 1 }, out: { r0: 0xffffffff }, fo: 'Nzcv' },
  { src: 'subs r0, r1, r2', r: { r1: 0x80000000, r2: 1 }, out: { r0: 0x7fffffff }, fo: 'nzCV' },
  { src: 'subs r0, r1, r2', r: { r1: 7, r2: 7 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'adds r0, r1, #7', r: { r1: 0xfffffff9 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'subs r0, r1, #1', r: { r1: 1 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'subs r0, r1, #0', r: { r1: 0 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'movs r3, #0x80', f: 'NZCV', out: { r3: 0x80 }, fo: 'nzCV' },
  { src: 'movs r3, #0', f: 'NzcV', out: { r3: 0 }, fo: 'nZcV' },
  { src: 'cmp r1, #0xff', r: { r1: 0xff }, out: { r1: 0xff }, fo: 'nZCv' },
  { src: 'cmp r1, #0xff', r: { r1: 0 }, out: { r1: 0 }, fo: 'Nzcv' },
  { src: 'cmp r1, #1', r: { r1: 0x80000000 }, out: {}, fo: 'nzCV' },
  { src: 'adds r1, #200', r: { r1: 0xffffff38 }, out: { r1: 0 }, fo: 'nZCv' },
  { src: 'adds r1, #1', r: { r1: 0x7fffffff }, out: { r1: 0x80000000 }, fo: 'NzcV' },
  { src: 'subs r1, #1', r: { r1: 0x80000000 }, out: { r1: 0x7fffffff }, fo: 'nzCV' },
  { src: 'subs r1, #255', r: { r1: 0 }, out: { r1: 0xffffff01 }, fo: 'Nzcv' },
]);

table('A5.2.2 data processing (register)', [
  { src: 'ands r0, r1', r: { r0: 0xf0f0f0f0, r1: 0x8f0f0f0f }, f: 'nZCV', out: { r0: 0x80000000 }, fo: 'NzCV' },
  { src: 'ands r0, r1', r: { r0: 0xf0f0f0f0, r1: 0x0f0f0f0f }, f: 'Nzcv', out: { r0: 0 }, fo: 'nZcv' },
  { src: 'eors r0, r1', r: { r0: 0x12345678, r1: 0x12345678 }, f: 'NzcV', out: { r0: 0 }, fo: 'nZcV' },
  { src: 'eors r0, r1', r: { r0: 0x7fffffff, r1: 0xffffffff }, out: { r0: 0x80000000 }, fo: 'Nzcv' },
  { src: 'orrs r0, r1', r: { r0: 0x80000000, r1: 1 }, f: 'nzCv', out: { r0: 0x80000001 }, fo: 'NzCv' },
  { src: 'bics r0, r1', r: { r0: 0xffffffff, r1: 0x7fffffff }, out: { r0: 0x80000000 }, fo: 'Nzcv' },
  { src: 'mvns r0, r1', r: { r1: 0xffffffff }, f: 'NzCV', out: { r0: 0 }, fo: 'nZCV' },
  { src: 'mvns r0, r1', r: { r1: 0 }, out: { r0: 0xffffffff }, fo: 'Nzcv' },
  { src: 'tst r0, r1', r: { r0: 0xf0, r1: 0x0f }, f: 'NzCV', out: { r0: 0xf0, r1: 0x0f }, fo: 'nZCV' },
  { src: 'tst r0, r1', r: { r0: 0x80000000, r1: 0xffffffff }, out: { r0: 0x80000000 }, fo: 'Nzcv' },
  { src: 'adcs r0, r1', r: { r0: 0xffffffff, r1: 0 }, f: 'nzCv', out: { r0: 0 }, fo: 'nZCv' },
  { src: 'adcs r0, r1', r: { r0: 0x7fffffff, r1: 0 }, f: 'nzCv', out: { r0: 0x80000000 }, fo: 'NzcV' },
  { src: 'adcs r0, r1', r: { r0: 0xffffffff, r1: 0xffffffff }, f: 'nzCv', out: { r0: 0xffffffff }, fo: 'NzCv' },
  { src: 'adcs r0, r1', r: { r0: 1, r1: 2 }, out: { r0: 3 }, fo: 'nzcv' },
  { src: 'sbcs r0, r1', r: { r0: 5, r1: 5 }, out: { r0: 0xffffffff }, fo: 'Nzcv' },
  { src: 'sbcs r0, r1', r: { r0: 5, r1: 5 }, f: 'nzCv', out: { r0: 0 }, fo: 'nZCv' },
  { src: 'sbcs r0, r1', r: { r0: 0x80000000, r1: 0 }, out: { r0: 0x7fffffff }, fo: 'nzCV' },
  { src: 'rsbs r0, r1, #0', r: { r1: 0x80000000 }, out: { r0: 0x80000000 }, fo: 'NzcV' },
  { src: 'rsbs r0, r1, #0', r: { r1: 0 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'rsbs r0, r1, #0', r: { r1: 1 }, out: { r0: 0xffffffff }, fo: 'Nzcv' },
  { src: 'cmp r0, r1', r: { r0: 1, r1: 2 }, out: {}, fo: 'Nzcv' },
  { src: 'cmp r0, r1', r: { r0: 0x7fffffff, r1: 0xffffffff }, out: {}, fo: 'NzcV' },
  { src: 'cmn r0, r1', r: { r0: 0xffffffff, r1: 1 }, out: {}, fo: 'nZCv' },
  { src: 'cmn r0, r1', r: { r0: 0x7fffffff, r1: 1 }, out: {}, fo: 'NzcV' },
  { src: 'muls r0, r1, r0', r: { r0: 0x10000, r1: 0x10000 }, f: 'NzCV', out: { r0: 0 }, fo: 'nZCV' },
  { src: 'muls r0, r1, r0', r: { r0: 3, r1: 0xffffffff }, f: 'nzcV', out: { r0: 0xfffffffd }, fo: 'NzcV' },
  { src: 'muls r2, r5, r2', r: { r2: 0x7fffffff, r5: 0x7fffffff }, out: { r2: 1 }, fo: 'nzcv' },
]);

// Shift by register: the bottom byte of Rm is the amount; value 0x80000001 (A7.7.68 etc.)
const V = 0x80000001;
const regShift16: Case[] = [];
const regShiftW: Case[] = [];
for (const [op, amount, result, c] of [
  ['lsl', 0, V, 0], ['lsl', 1, 2, 1], ['lsl', 31, 0x80000000, 0], ['lsl', 32, 0, 1], ['lsl', 33, 0, 0], ['lsl', 255, 0, 0], ['lsl', 256, V, 0],
  ['lsr', 0, V, 0], ['lsr', 1, 0x40000000, 1], ['lsr', 31, 1, 0], ['lsr', 32, 0, 1], ['lsr', 33, 0, 0], ['lsr', 255, 0, 0],
  ['asr', 0, V, 0], ['asr', 1, 0xc0000000, 1], ['asr', 31, 0xffffffff, 0], ['asr', 32, 0xffffffff, 1], ['asr', 33, 0xffffffff, 1], ['asr', 255, 0xffffffff, 1],
  ['ror', 0, V, 0], ['ror', 1, 0xc0000000, 1], ['ror', 31, 3, 0], ['ror', 32, V, 1], ['ror', 33, 0xc0000000, 1], ['ror', 255, 3, 0], ['ror', 0x120, V, 1],
] as [string, number, number, number][]) {
  const n = result >>> 31 ? 'N' : 'n';
  const z = result === 0 ? 'Z' : 'z';
  const fo = n + z + (c ? 'C' : 'c') + 'V';
  regShift16.push({ src: `${op}s r0, r1`, r: { r0: V, r1: amount }, f: 'nzcV', out: { r0: result }, fo });
  regShiftW.push({ src: `${op}s.w r8, r9, r10`, r: { r9: V, r10: amount }, f: 'nzcV', out: { r8: result, r9: V }, fo });
  regShiftW.push({ src: `${op}.w r8, r9, r10`, r: { r9: V, r10: amount }, f: 'nzcV', out: { r8: result }, fo: 'nzcV' });
}
// the carry-in is kept for a zero amount
regShift16.push({ src: 'lsls r0, r1', r: { r0: 5, r1: 0 }, f: 'NzCv', out: { r0: 5 }, fo: 'nzCv' });
table('A5.2.2 shifts by register (16-bit)', regShift16);

table('16-bit data processing inside an IT block: no flags, except CMP/CMN/TST', [
  { src: 'adds r0, r1, r2', r: { r1: 0xffffffff, r2: 1 }, it: 0xe8, out: { r0: 0 } },
  { src: 'subs r0, r1, r2', r: { r1: 0, r2: 1 }, f: 'nZCv', it: 0xe8, out: { r0: 0xffffffff } },
  { src: 'adds r0, r1, #7', r: { r1: 0xfffffff9 }, it: 0xe8, out: { r0: 0 } },
  { src: 'subs r1, #1', r: { r1: 0 }, it: 0xe8, out: { r1: 0xffffffff } },
  { src: 'movs r3, #0', f: 'Nzcv', it: 0xe8, out: { r3: 0 } },
  { src: 'lsls r0, r1, #1', r: { r1: 0x80000000 }, it: 0xe8, out: { r0: 0 } },
  { src: 'lsrs r0, r1, #32', r: { r1: 0x80000000 }, it: 0xe8, out: { r0: 0 } },
  { src: 'asrs r0, r1, #32', r: { r1: 0x80000000 }, it: 0xe8, out: { r0: 0xffffffff } },
  { src: 'ands r0, r1', r: { r0: 1, r1: 2 }, it: 0xe8, out: { r0: 0 } },
  { src: 'eors r0, r1', r: { r0: 1, r1: 1 }, it: 0xe8, out: { r0: 0 } },
  { src: 'orrs r0, r1', r: { r0: 0, r1: 0 }, it: 0xe8, out: { r0: 0 } },
  { src: 'bics r0, r1', r: { r0: 1, r1: 1 }, it: 0xe8, out: { r0: 0 } },
  { src: 'mvns r0, r1', r: { r1: 0xffffffff }, it: 0xe8, out: { r0: 0 } },
  { src: 'adcs r0, r1', r: { r0: 0xffffffff, r1: 0 }, f: 'nzCv', it: 0xe8, out: { r0: 0 } },
  { src: 'sbcs r0, r1', r: { r0: 5, r1: 5 }, it: 0xe8, out: { r0: 0xffffffff } },
  { src: 'rsbs r0, r1, #0', r: { r1: 0x80000000 }, it: 0xe8, out: { r0: 0x80000000 } },
  { src: 'lsls r0, r1', r: { r0: 1, r1: 32 }, it: 0xe8, out: { r0: 0 } },
  { src: 'rors r0, r1', r: { r0: 1, r1: 1 }, it: 0xe8, out: { r0: 0x80000000 } },
  { src: 'muls r0, r1, r0', r: { r0: 0, r1: 5 }, it: 0xe8, out: { r0: 0 } },
  { src: 'cmp r0, r1', r: { r0: 1, r1: 1 }, it: 0xe8, out: {}, fo: 'nZCv' },
  { src: 'cmp r0, #1', r: { r0: 0 }, it: 0xe8, out: {}, fo: 'Nzcv' },
  { src: 'cmn r0, r1', r: { r0: 0xffffffff, r1: 1 }, it: 0xe8, out: {}, fo: 'nZCv' },
  { src: 'tst r0, r1', r: { r0: 1, r1: 2 }, it: 0xe8, out: {}, fo: 'nZcv' },
  // with the IT instruction itself: ITE EQ, the 16-bit forms become ADDEQ / SUBNE
  { src: 'cmp r0, r0;ite eq;addeq r1, r1, r2;subne r1, r1, r2', r: { r1: 0xffffffff, r2: 1 }, out: { r1: 0 }, fo: 'nZCv' },
  { src: 'cmp r0, #1;ite eq;addeq r1, r1, r2;subne r1, r1, r2', r: { r1: 0, r2: 1 }, out: { r1: 0xffffffff }, fo: 'Nzcv' },
  { src: 'movs r2, #0;it eq;lsleq r0, r1, #1', r: { r1: 0x80000001 }, out: { r0: 2 }, fo: 'nZcv' },
]);

table('A5.2.3 special data instructions, ADR, ADD/SUB SP', [
  { src: 'add r8, r9', r: { r8: 1, r9: 0xffffffff }, f: 'NzcV', out: { r8: 0 } },
  { src: 'add r0, r12', r: { r0: 0x80000000, r12: 0x80000000 }, out: { r0: 0 } },
  { src: 'add r0, sp', r: { r0: 8 }, out: { r0: STACK_TOP + 8 } },
  { src: 'add r9, sp, r9', r: { r9: 0xfffffffc }, out: { r9: STACK_TOP - 4 } },
  { src: 'add sp, r1', r: { r1: 16 }, out: { sp: STACK_TOP + 16 } },
  { src: 'add sp, r1', r: { r1: 3 }, out: { sp: STACK_TOP } }, // SP[1:0] are always 0
  { src: 'add sp, sp', out: { sp: (STACK_TOP * 2) >>> 0 } },
  { src: 'add r0, pc', r: { r0: 1 }, out: { r0: CODE_BASE + 4 + 1 } },
  { src: 'mov r8, r0', r: { r0: 0x12345678 }, f: 'NZCV', out: { r8: 0x12345678 } },
  { src: 'mov r0, r8', r: { r8: 0 }, out: { r0: 0 } },
  { src: 'mov r0, sp', out: { r0: STACK_TOP } },
  { src: 'mov sp, r0', r: { r0: 0x20004000 }, out: { sp: 0x20004000 } },
  { src: 'mov sp, r0', r: { r0: 0x20004003 }, out: { sp: 0x20004000 } },
  { src: 'mov r0, pc', out: { r0: CODE_BASE + 4 } },
  { src: 'mov pc, r0', r: { r0: CODE_BASE + 0x101 }, out: { pc: CODE_BASE + 0x100 } },
  { src: 'add pc, r0', r: { r0: 0x20 }, out: { pc: CODE_BASE + 4 + 0x20 } },
  { src: 'add pc, r0', r: { r0: 0x21 }, out: { pc: CODE_BASE + 4 + 0x20 } },
  { src: 'cmp r8, r0', r: { r8: 1, r0: 2 }, out: {}, fo: 'Nzcv' },
  { src: 'cmp r0, r8', r: { r8: 0x80000000, r0: 0 }, out: {}, fo: 'NzcV' },
  { src: 'cmp sp, r10', r: { r10: STACK_TOP }, out: {}, fo: 'nZCv' },
  { src: 'adr r0, 1f;nop;nop;.align 2;1: nop', n: 1, out: { r0: CODE_BASE + 8 } },
  { src: 'movs r7, #0;adr r0, 1f;.align 2;1: nop', n: 2, out: { r0: CODE_BASE + 4 }, fo: 'nZcv' },
  { src: 'add r0, sp, #1020', out: { r0: STACK_TOP + 1020 } },
  { src: 'add sp, #508', out: { sp: STACK_TOP + 508 } },
  { src: 'sub sp, #508', out: { sp: STACK_TOP - 508 } },
  { src: 'sub sp, #4', r: { sp: 0 }, out: { sp: 0xfffffffc } },
]);

table('A5.2.5 extend and reverse (16-bit)', [
  { src: 'sxth r0, r1', r: { r1: 0x12348765 }, out: { r0: 0xffff8765 } },
  { src: 'sxth r0, r1', r: { r1: 0xffff7fff }, out: { r0: 0x7fff } },
  { src: 'sxtb r0, r1', r: { r1: 0x12345685 }, out: { r0: 0xffffff85 } },
  { src: 'sxtb r0, r1', r: { r1: 0xffffff7f }, out: { r0: 0x7f } },
  { src: 'uxth r0, r1', r: { r1: 0x12348765 }, out: { r0: 0x8765 } },
  { src: 'uxtb r0, r1', r: { r1: 0x12348765 }, out: { r0: 0x65 } },
  { src: 'rev r0, r1', r: { r1: 0x12345678 }, out: { r0: 0x78563412 } },
  { src: 'rev16 r0, r1', r: { r1: 0x12345678 }, out: { r0: 0x34127856 } },
  { src: 'revsh r0, r1', r: { r1: 0x12345680 }, out: { r0: 0xffff8056 } },
  { src: 'revsh r0, r1', r: { r1: 0xffff807f }, out: { r0: 0x7f80 } },
]);

// ---------------- 32-bit ----------------

table('A5.3.1 modified immediate', [
  // logical with a rotated constant: C = bit 31 of the constant; with a replicated one: C kept
  { src: 'ands r0, r1, #0xff000000', r: { r1: 0x12345678 }, f: 'nzcV', out: { r0: 0x12000000 }, fo: 'nzCV' },
  { src: 'ands r0, r1, #0x7f800000', r: { r1: 0xffffffff }, f: 'nzCv', out: { r0: 0x7f800000 }, fo: 'nzcv' },
  { src: 'ands r0, r1, #0x00ff00ff', r: { r1: 0xffffffff }, f: 'NzCv', out: { r0: 0x00ff00ff }, fo: 'nzCv' },
  { src: 'ands r0, r1, #0xff', r: { r1: 0xffffff00 }, f: 'nzcv', out: { r0: 0 }, fo: 'nZcv' },
  { src: 'and r0, r1, #0xff000000', r: { r1: 0x12345678 }, out: { r0: 0x12000000 } },
  { src: 'bics r0, r1, #0x80000000', r: { r1: 0x80000001 }, out: { r0: 1 }, fo: 'nzCv' },
  { src: 'bic r0, r1, #0xff', r: { r1: 0xffffffff }, out: { r0: 0xffffff00 } },
  { src: 'orr r0, r1, #0x100', r: { r1: 1 }, out: { r0: 0x101 } },
  { src: 'orrs r0, r1, #0x80000000', r: { r1: 0 }, out: { r0: 0x80000000 }, fo: 'NzCv' },
  { src: 'orn r0, r1, #0xff', r: { r1: 0 }, out: { r0: 0xffffff00 } },
  { src: 'orns r0, r1, #0xff000000', r: { r1: 0 }, out: { r0: 0x00ffffff }, fo: 'nzCv' },
  { src: 'eor r0, r1, #0xff00ff00', r: { r1: 0xffffffff }, out: { r0: 0x00ff00ff } },
  { src: 'eors r0, r1, #0xff00ff00', r: { r1: 0xff00ff00 }, f: 'NzCV', out: { r0: 0 }, fo: 'nZCV' },
  { src: 'mov.w r0, #0x55555555', out: { r0: 0x55555555 } },
  { src: 'movs.w r0, #0x80000000', out: { r0: 0x80000000 }, fo: 'NzCv' },
  { src: 'movs.w r0, #0', f: 'NzCV', out: { r0: 0 }, fo: 'nZCV' },
  { src: 'mov.w r10, #0x3fc', out: { r10: 0x3fc } },
  { src: 'mvn r0, #0', out: { r0: 0xffffffff } },
  { src: 'mvns r0, #0xff000000', out: { r0: 0x00ffffff }, fo: 'nzCv' },
  { src: 'mvns r0, #0xff', f: 'nzCv', out: { r0: 0xffffff00 }, fo: 'NzCv' },
  { src: 'tst r0, #0x80000000', r: { r0: 0x80000000 }, out: {}, fo: 'NzCv' },
  { src: 'tst r0, #0x00010001', r: { r0: 0x80000000 }, f: 'NzCV', out: {}, fo: 'nZCV' },
  { src: 'teq r0, #1', r: { r0: 1 }, f: 'nzCv', out: {}, fo: 'nZCv' },
  { src: 'teq r0, #0x40000000', r: { r0: 0xc0000000 }, f: 'nzCv', out: {}, fo: 'Nzcv' },
  { src: 'add.w r0, r1, #0x1000000', r: { r1: 5 }, out: { r0: 0x1000005 } },
  { src: 'adds.w r0, r1, #1', r: { r1: 0x7fffffff }, out: { r0: 0x80000000 }, fo: 'NzcV' },
  { src: 'adds.w r0, r1, #0x80000000', r: { r1: 0x80000000 }, out: { r0: 0 }, fo: 'nZCV' },
  { src: 'add.w r0, sp, #0x400', out: { r0: STACK_TOP + 0x400 } },
  { src: 'add.w sp, sp, #0x400', out: { sp: STACK_TOP + 0x400 } },
  { src: 'adds.w r0, sp, #0x400', out: { r0: STACK_TOP + 0x400 }, fo: 'nzcv' },
  { src: 'sub.w r0, r1, #0xff', r: { r1: 0x100 }, out: { r0: 1 } },
  { src: 'subs.w r0, r1, #1', r: { r1: 0 }, out: { r0: 0xffffffff }, fo: 'Nzcv' },
  { src: 'subs.w r0, r1, #0x80000000', r: { r1: 0 }, out: { r0: 0x80000000 }, fo: 'NzcV' },
  { src: 'sub.w sp, sp, #0x400', out: { sp: STACK_TOP - 0x400 } },
  { src: 'subs.w r0, sp, #0x400', out: { r0: STACK_TOP - 0x400 }, fo: 'nzCv' },
  { src: 'adc.w r0, r1, #0', r: { r1: 1 }, f: 'nzCv', out: { r0: 2 } },
  { src: 'adcs.w r0, r1, #1', r: { r1: 0xfffffffe }, f: 'nzCv', out: { r0: 0 }, fo: 'nZCv' },
  { src: 'adcs.w r0, r1, #0x7f000000', r: { r1: 0x00ffffff }, f: 'nzCv', out: { r0: 0x80000000 }, fo: 'NzcV' },
  { src: 'sbc.w r0, r1, #1', r: { r1: 5 }, out: { r0: 3 } },
  { src: 'sbcs.w r0, r1, #0', r: { r1: 0 }, out: { r0: 0xffffffff }, fo: 'Nzcv' },
  { src: 'sbcs.w r0, r1, #0', r: { r1: 0 }, f: 'nzCv', out: { r0: 0 }, fo: 'nZCv' },
  { src: 'rsb.w r0, r1, #0x100', r: { r1: 1 }, out: { r0: 0xff } },
  { src: 'rsbs.w r0, r1, #0', r: { r1: 0x80000000 }, out: { r0: 0x80000000 }, fo: 'NzcV' },
  { src: 'rsbs.w r0, r1, #1', r: { r1: 1 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'cmp.w r1, #0x100', r: { r1: 0x100 }, out: {}, fo: 'nZCv' },
  { src: 'cmp.w r1, #0x100', r: { r1: 0xff }, out: {}, fo: 'Nzcv' },
  { src: 'cmp.w sp, #0x400', out: {}, fo: 'nzCv' },
  { src: 'cmn.w r1, #1', r: { r1: 0xffffffff }, out: {}, fo: 'nZCv' },
  { src: 'cmn.w r1, #0x80000000', r: { r1: 0x80000000 }, out: {}, fo: 'nZCV' },
]);

table('A5.3.3 plain binary immediate', [
  { src: 'addw r0, r1, #0xfff', r: { r1: 1 }, f: 'NZCV', out: { r0: 0x1000 } },
  { src: 'subw r0, r1, #1', r: { r1: 0 }, out: { r0: 0xffffffff } },
  { src: 'addw r0, sp, #4', out: { r0: STACK_TOP + 4 } },
  { src: 'subw sp, sp, #8', out: { sp: STACK_TOP - 8 } },
  { src: 'addw sp, sp, #0xffc', out: { sp: STACK_TOP + 0xffc } },
  { src: 'addw r0, pc, #0x123', out: { r0: CODE_BASE + 4 + 0x123 } },
  { src: 'movs r7, #0;addw r0, pc, #1', out: { r0: CODE_BASE + 5 }, fo: 'nZcv' }, // Align(PC, 4)
  { src: 'movs r7, #0;subw r0, pc, #4', out: { r0: CODE_BASE }, fo: 'nZcv' },
  { src: 'adr.w r0, 1f;nop;1: nop', n: 1, out: { r0: CODE_BASE + 6 } },
  { src: '1: nop;adr.w r0, 1b', out: { r0: CODE_BASE } },
  { src: 'movw r0, #0xabcd', r: { r0: 0xffffffff }, out: { r0: 0xabcd } },
  { src: 'movw r9, #0', r: { r9: 0xffffffff }, out: { r9: 0 } },
  { src: 'movt r0, #0x1234', r: { r0: 0xffff5678 }, out: { r0: 0x12345678 } },
  { src: 'movw r0, #0x5678;movt r0, #0xffff', out: { r0: 0xffff5678 } },
]);

describe('A5.3.3 SSAT/USAT', () => {
  const cases: [string, number, number, number][] = [
    // src, Rn, result, Q
    ['ssat r0, #8, r1', 200, 127, 1],
    ['ssat r0, #8, r1', -200, -128, 1],
    ['ssat r0, #8, r1', 100, 100, 0],
    ['ssat r0, #8, r1', -128, -128, 0],
    ['ssat r0, #32, r1, lsl #1', 0x40000000, 0x80000000, 0],
    ['ssat r0, #31, r1, lsl #1', 0x40000000, -0x40000000, 1],
    ['ssat r0, #31, r1', 0x40000000, 0x3fffffff, 1],
    ['ssat r0, #16, r1, asr #31', 0x80000000, -1, 0],
    ['ssat r0, #16, r1, asr #8', 0x7fffffff, 0x7fff, 1],
    ['ssat r0, #1, r1', 5, 0, 1],
    ['ssat r0, #1, r1', -5, -1, 1],
    ['usat r0, #8, r1', 300, 255, 1],
    ['usat r0, #8, r1', -1, 0, 1],
    ['usat r0, #8, r1', 255, 255, 0],
    ['usat r0, #0, r1', 1, 0, 1],
    ['usat r0, #0, r1', 0, 0, 0],
    ['usat r0, #31, r1', 0x80000000, 0, 1],
    ['usat r0, #31, r1', 0x7fffffff, 0x7fffffff, 0],
    ['usat r0, #16, r1, asr #4', 0x000ffff0, 0xffff, 0],
    ['usat r0, #16, r1, lsl #4', 0x00001000, 0xffff, 1],
  ];
  for (const [src, rn, res, q] of cases) {
    it(`${src} with ${rn}`, () => {
      const sys = fresh(assemble(src + '\nudf #0'));
      sys.cpu.R[1] = rn;
      sys.cpu.run(1);
      expect(sys.cpu.R[0]).toBe(res >>> 0);
      expect(sys.cpu.Q).toBe(q);
      // Q is sticky
      const again = fresh(assemble(src + '\nudf #0'));
      again.cpu.R[1] = rn;
      again.cpu.Q = 1;
      again.cpu.run(1);
      expect(again.cpu.Q).toBe(1);
    });
  }
});

table('A5.3.3 bitfields', [
  { src: 'sbfx r0, r1, #4, #8', r: { r1: 0x00000f80 }, out: { r0: 0xfffffff8 } },
  { src: 'sbfx r0, r1, #4, #8', r: { r1: 0x000007f0 }, out: { r0: 0x7f } },
  { src: 'sbfx r0, r1, #0, #32', r: { r1: 0x80000000 }, out: { r0: 0x80000000 } },
  { src: 'sbfx r0, r1, #31, #1', r: { r1: 0x80000000 }, out: { r0: 0xffffffff } },
  { src: 'sbfx r0, r1, #0, #1', r: { r1: 0xfffffffe }, out: { r0: 0 } },
  { src: 'ubfx r0, r1, #4, #8', r: { r1: 0x00000f80 }, out: { r0: 0xf8 } },
  { src: 'ubfx r0, r1, #0, #32', r: { r1: 0xdeadbeef }, out: { r0: 0xdeadbeef } },
  { src: 'ubfx r0, r1, #31, #1', r: { r1: 0x80000000 }, out: { r0: 1 } },
  { src: 'ubfx r0, r1, #1, #31', r: { r1: 0xffffffff }, out: { r0: 0x7fffffff } },
  { src: 'bfi r0, r1, #8, #8', r: { r0: 0xffffffff, r1: 0x12345600 }, out: { r0: 0xffff00ff } },
  { src: 'bfi r0, r1, #8, #8', r: { r0: 0, r1: 0xab }, out: { r0: 0xab00 } },
  { src: 'bfi r0, r1, #0, #32', r: { r0: 0xffffffff, r1: 0x12345678 }, out: { r0: 0x12345678 } },
  { src: 'bfi r0, r1, #31, #1', r: { r0: 0, r1: 0xffffffff }, out: { r0: 0x80000000 } },
  { src: 'bfc r0, #4, #4', r: { r0: 0xffffffff }, out: { r0: 0xffffff0f } },
  { src: 'bfc r0, #31, #1', r: { r0: 0xffffffff }, out: { r0: 0x7fffffff } },
  { src: 'bfc r0, #0, #32', r: { r0: 0xffffffff }, out: { r0: 0 } },
]);

table('A5.3.11 shifted register', [
  { src: 'and.w r0, r1, r2, lsl #4', r: { r1: 0xffffffff, r2: 0x0f0f0f0f }, out: { r0: 0xf0f0f0f0 } },
  { src: 'ands.w r0, r1, r2, lsr #32', r: { r1: 0xffffffff, r2: 0x80000000 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'ands.w r0, r1, r2, asr #32', r: { r1: 0xffffffff, r2: 0x80000000 }, out: { r0: 0xffffffff }, fo: 'NzCv' },
  { src: 'ands.w r0, r1, r2', r: { r1: 0xffffffff, r2: 0x80000000 }, f: 'nzCV', out: { r0: 0x80000000 }, fo: 'NzCV' },
  { src: 'orrs.w r0, r1, r2, ror #4', r: { r1: 0, r2: 0xf }, out: { r0: 0xf0000000 }, fo: 'NzCv' },
  { src: 'orr.w r0, r1, r2, lsr #1', r: { r1: 0, r2: 0xf }, out: { r0: 7 } },
  { src: 'eors.w r0, r1, r2, rrx', r: { r1: 0, r2: 1 }, f: 'nzCv', out: { r0: 0x80000000 }, fo: 'NzCv' },
  { src: 'eors.w r0, r1, r2, rrx', r: { r1: 0, r2: 2 }, f: 'nzCv', out: { r0: 0x80000001 }, fo: 'Nzcv' },
  { src: 'eor.w r0, r1, r2, rrx', r: { r1: 0, r2: 3 }, out: { r0: 1 } },
  { src: 'bic.w r0, r1, r2, lsl #31', r: { r1: 0xffffffff, r2: 1 }, out: { r0: 0x7fffffff } },
  { src: 'bics.w r0, r1, r2, lsl #1', r: { r1: 0xffffffff, r2: 0xffffffff }, out: { r0: 1 }, fo: 'nzCv' },
  { src: 'orn r0, r1, r2', r: { r1: 0, r2: 0xffff0000 }, out: { r0: 0x0000ffff } },
  { src: 'orns r0, r1, r2, asr #31', r: { r1: 0, r2: 0x7fffffff }, out: { r0: 0xffffffff }, fo: 'NzCv' },
  { src: 'mvn.w r0, r1, lsl #8', r: { r1: 0xff }, out: { r0: 0xffff00ff } },
  { src: 'mvns.w r0, r1, lsr #1', r: { r1: 0xffffffff }, out: { r0: 0x80000000 }, fo: 'NzCv' },
  { src: 'mov.w r0, r1', r: { r1: 0x12345678 }, f: 'NZCV', out: { r0: 0x12345678 } },
  { src: 'movs.w r0, r1', r: { r1: 0 }, f: 'NzCV', out: { r0: 0 }, fo: 'nZCV' },
  { src: 'mov.w r0, sp', out: { r0: STACK_TOP } },
  { src: 'mov.w sp, r0', r: { r0: 0x20008000 }, out: { sp: 0x20008000 } },
  { src: 'mov.w sp, r0', r: { r0: 0x20008001 }, out: { sp: 0x20008000 } },
  { src: 'lsl.w r0, r1, #31', r: { r1: 3 }, out: { r0: 0x80000000 } },
  { src: 'lsls.w r0, r1, #1', r: { r1: 0x80000000 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'lsrs.w r0, r1, #32', r: { r1: 0x80000000 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'lsr.w r0, r1, #32', r: { r1: 0x80000000 }, out: { r0: 0 } },
  { src: 'lsrs.w r0, r1, #1', r: { r1: 2 }, f: 'nzCv', out: { r0: 1 }, fo: 'nzcv' },
  { src: 'asrs.w r0, r1, #32', r: { r1: 0x80000000 }, out: { r0: 0xffffffff }, fo: 'NzCv' },
  { src: 'asr.w r0, r1, #32', r: { r1: 0x80000000 }, out: { r0: 0xffffffff } },
  { src: 'asr.w r0, r1, #31', r: { r1: 0x7fffffff }, out: { r0: 0 } },
  { src: 'rors.w r0, r1, #1', r: { r1: 1 }, out: { r0: 0x80000000 }, fo: 'NzCv' },
  { src: 'ror.w r0, r1, #31', r: { r1: 0x80000000 }, out: { r0: 1 } },
  { src: 'rrxs r0, r1', r: { r1: 1 }, f: 'nzCv', out: { r0: 0x80000000 }, fo: 'NzCv' },
  { src: 'rrxs r0, r1', r: { r1: 0 }, f: 'nzcv', out: { r0: 0 }, fo: 'nZcv' },
  { src: 'rrx r0, r1', r: { r1: 3 }, out: { r0: 1 } },
  { src: 'tst.w r0, r1, lsl #1', r: { r0: 0xffffffff, r1: 0x80000000 }, out: {}, fo: 'nZCv' },
  { src: 'teq.w r0, r1, asr #1', r: { r0: 0xc0000000, r1: 0x80000000 }, f: 'nzCv', out: {}, fo: 'nZcv' },
  { src: 'add.w r0, r1, r2, lsl #2', r: { r1: 1, r2: 2 }, out: { r0: 9 } },
  { src: 'adds.w r0, r1, r2, lsr #1', r: { r1: 0x7fffffff, r2: 2 }, out: { r0: 0x80000000 }, fo: 'NzcV' },
  { src: 'adds.w r0, r1, r2, asr #32', r: { r1: 1, r2: 0x80000000 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'sub.w r0, r1, r2, asr #1', r: { r1: 0, r2: 0xfffffffe }, out: { r0: 1 } },
  { src: 'subs.w r0, r1, r2', r: { r1: 5, r2: 5 }, out: { r0: 0 }, fo: 'nZCv' },
  { src: 'subs.w r0, r1, r2, rrx', r: { r1: 0x80000000, r2: 0 }, f: 'nzCv', out: { r0: 0 }, fo: 'nZCv' },
  { src: 'adc.w r0, r1, r2', r: { r1: 1, r2: 2 }, f: 'nzCv', out: { r0: 4 } },
  { src: 'adcs.w r0, r1, r2', r: { r1: 0xffffffff, r2: 0 }, f: 'nzCv', out: { r0: 0 }, fo: 'nZCv' },
  { src: 'adc.w r0, r1, r2, lsr #32', r: { r1: 1, r2: 0xffffffff }, f: 'nzCv', out: { r0: 2 } },
  { src: 'sbc.w r0, r1, r2', r: { r1: 5, r2: 2 }, out: { r0: 2 } },
  { src: 'sbcs.w r0, r1, r2', r: { r1: 0x80000000, r2: 1 }, f: 'nzCv', out: { r0: 0x7fffffff }, fo: 'nzCV' },
  { src: 'rsb r0, r1, r2, lsl #1', r: { r1: 1, r2: 3 }, out: { r0: 5 } },
  { src: 'rsbs r0, r1, r2', r: { r1: 1, r2: 0 }, out: { r0: 0xffffffff }, fo: 'Nzcv' },
  { src: 'cmp.w r1, r2, lsl #1', r: { r1: 4, r2: 2 }, out: {}, fo: 'nZCv' },
  { src: 'cmp.w r1, r2, ror #16', r: { r1: 0x00010000, r2: 1 }, out: {}, fo: 'nZCv' },
  { src: 'cmn.w r1, r2', r: { r1: 0x80000000, r2: 0x80000000 }, out: {}, fo: 'nZCV' },
  { src: 'add.w r0, sp, r1, lsl #2', r: { r1: 4 }, out: { r0: STACK_TOP + 16 } },
  { src: 'add.w sp, sp, r1, lsl #2', r: { r1: 4 }, out: { sp: STACK_TOP + 16 } },
  { src: 'adds.w sp, sp, r1', r: { r1: 0 - STACK_TOP }, out: { sp: 0 }, fo: 'nZCv' },
  { src: 'sub.w sp, sp, r1', r: { r1: 8 }, out: { sp: STACK_TOP - 8 } },
  { src: 'subs.w r0, sp, r1, lsr #3', r: { r1: 8 }, out: { r0: STACK_TOP - 1 }, fo: 'nzCv' },
]);

table('A5.3.12 shifts by register (32-bit)', regShiftW);

table('A5.3.12 extends with rotation, A5.3.14 reverses and CLZ', [
  { src: 'sxtb.w r0, r1, ror #8', r: { r1: 0x00008000 }, out: { r0: 0xffffff80 } },
  { src: 'sxtb.w r8, r9', r: { r9: 0x1234567f }, out: { r8: 0x7f } },
  { src: 'sxth.w r0, r1, ror #16', r: { r1: 0x80000000 }, out: { r0: 0xffff8000 } },
  { src: 'sxth.w r0, r1, ror #24', r: { r1: 0x12000080 }, out: { r0: 0xffff8012 } },
  { src: 'uxtb.w r0, r1, ror #24', r: { r1: 0xab000000 }, out: { r0: 0xab } },
  { src: 'uxtb.w r0, r1, ror #16', r: { r1: 0x00cd0000 }, out: { r0: 0xcd } },
  { src: 'uxth.w r0, r1, ror #8', r: { r1: 0x00123400 }, out: { r0: 0x1234 } },
  { src: 'uxth.w r0, r1, ror #24', r: { r1: 0x12345678 }, out: { r0: 0x7812 } },
  { src: 'rev.w r0, r8', r: { r8: 0x12345678 }, out: { r0: 0x78563412 } },
  { src: 'rev16.w r0, r8', r: { r8: 0x12345678 }, out: { r0: 0x34127856 } },
  { src: 'revsh.w r0, r8', r: { r8: 0x000080ff }, out: { r0: 0xffffff80 } },
  { src: 'rbit r0, r1', r: { r1: 1 }, out: { r0: 0x80000000 } },
  { src: 'rbit r0, r1', r: { r1: 0x12345678 }, out: { r0: 0x1e6a2c48 } },
  { src: 'rbit r0, r1', r: { r1: 0xffff0000 }, out: { r0: 0x0000ffff } },
  { src: 'clz r0, r1', r: { r1: 0 }, out: { r0: 32 } },
  { src: 'clz r0, r1', r: { r1: 1 }, out: { r0: 31 } },
  { src: 'clz r0, r1', r: { r1: 0x80000000 }, out: { r0: 0 } },
  { src: 'clz r0, r1', r: { r1: 0x00010000 }, out: { r0: 15 } },
]);

table('A5.3.16 multiply, A5.3.17 long multiply', [
  { src: 'mul r0, r1, r2', r: { r1: 0xffffffff, r2: 0xffffffff }, f: 'NzCV', out: { r0: 1 } },
  { src: 'mul r0, r1, r2', r: { r1: 0x10000, r2: 0x10001 }, out: { r0: 0x10000 } },
  { src: 'mla r0, r1, r2, r3', r: { r1: 0x10000, r2: 0x10000, r3: 5 }, out: { r0: 5 } },
  { src: 'mla r0, r1, r2, r3', r: { r1: 0x7fffffff, r2: 2, r3: 3 }, out: { r0: 1 } },
  { src: 'mls r0, r1, r2, r3', r: { r1: 2, r2: 3, r3: 10 }, out: { r0: 4 } },
  { src: 'mls r0, r1, r2, r3', r: { r1: 2, r2: 3, r3: 0 }, out: { r0: 0xfffffffa } },
  { src: 'smull r0, r1, r2, r3', r: { r2: 0xffffffff, r3: 0xffffffff }, out: { r0: 1, r1: 0 } },
  { src: 'smull r0, r1, r2, r3', r: { r2: 0x80000000, r3: 0x80000000 }, out: { r0: 0, r1: 0x40000000 } },
  { src: 'smull r0, r1, r2, r3', r: { r2: 0x80000000, r3: 0x7fffffff }, out: { r0: 0x80000000, r1: 0xc0000000 } },
  { src: 'smull r0, r1, r2, r3', r: { r2: 0xffffffff, r3: 1 }, out: { r0: 0xffffffff, r1: 0xffffffff } },
  { src: 'smull r0, r1, r2, r3', r: { r2: 0x12345678, r3: 0x9abcdef0 }, out: { r0: 0x242d2080, r1: 0xf8cc93d6 } },
  { src: 'umull r0, r1, r2, r3', r: { r2: 0xffffffff, r3: 0xffffffff }, out: { r0: 1, r1: 0xfffffffe } },
  { src: 'umull r0, r1, r2, r3', r: { r2: 0x80000000, r3: 2 }, out: { r0: 0, r1: 1 } },
  { src: 'umull r0, r1, r2, r3', r: { r2: 0x12345678, r3: 0x9abcdef0 }, out: { r0: 0x242d2080, r1: 0x0b00ea4e } },
  { src: 'umull r2, r3, r2, r3', r: { r2: 0x10000, r3: 0x10000 }, out: { r2: 0, r3: 1 } },
  { src: 'smlal r0, r1, r2, r3', r: { r0: 0xffffffff, r1: 0, r2: 1, r3: 1 }, out: { r0: 0, r1: 1 } },
  { src: 'smlal r0, r1, r2, r3', r: { r0: 0, r1: 0, r2: 0xffffffff, r3: 1 }, out: { r0: 0xffffffff, r1: 0xffffffff } },
  { src: 'smlal r0, r1, r2, r3', r: { r0: 0, r1: 0x7fffffff, r2: 0x80000000, r3: 0x80000000 }, out: { r0: 0, r1: 0xbfffffff } },
  { src: 'umlal r0, r1, r2, r3', r: { r0: 0xffffffff, r1: 0xffffffff, r2: 0xffffffff, r3: 0xffffffff }, out: { r0: 0, r1: 0xfffffffe } },
  { src: 'umlal r0, r1, r2, r3', r: { r0: 5, r1: 7, r2: 0, r3: 0xffffffff }, f: 'NZCV', out: { r0: 5, r1: 7 } },
]);

describe('A5.3.17 SDIV/UDIV', () => {
  const cases: [string, number, number, number][] = [
    ['sdiv', 7, 2, 3],
    ['sdiv', -7, 2, -3],
    ['sdiv', 7, -2, -3],
    ['sdiv', -7, -2, 3],
    ['sdiv', 0x80000000, 0xffffffff, 0x80000000],
    ['sdiv', 0x80000000, 1, 0x80000000],
    ['sdiv', 5, 0, 0],
    ['sdiv', 0x7fffffff, 0x7fffffff, 1],
    ['udiv', 0xffffffff, 1, 0xffffffff],
    ['udiv', 0xffffffff, 0x10, 0x0fffffff],
    ['udiv', 0x80000000, 0xffffffff, 0],
    ['udiv', 0xffffffff, 0xffffffff, 1],
    ['udiv', 7, 0, 0],
    ['udiv', 0xfffffffe, 0xffffffff, 0],
  ];
  for (const [mnem, n, m, q] of cases) {
    it(`${mnem} ${n} / ${m}`, () => {
      const sys = runCase({ src: `${mnem} r0, r1, r2`, r: { r0: 0x55, r1: n, r2: m }, f: 'NzCV', out: { r0: q } });
      // |dividend| and |divisor| for the cycle model
      const abs = (x: number) => (mnem === 'sdiv' ? Math.abs(x | 0) : x >>> 0);
      expect(sys.cpu.ea).toBe(abs(n));
      expect(sys.cpu.aux).toBe(abs(m));
    });
  }
  it('divide by zero with CCR.DIV_0_TRP raises UsageFault DIVBYZERO, Rd unchanged', () => {
    for (const mnem of ['sdiv', 'udiv']) {
      const sys = machine(assemble(`${mnem} r0, r1, r2\nudf #0`));
      sys.cpu.div0Trp = true;
      sys.cpu.R[0] = 0x55;
      sys.cpu.R[1] = 9;
      sys.cpu.R[2] = 0;
      sys.cpu.run(1);
      expect(sys.cpu.exc.CFSR & (1 << 25)).not.toBe(0);
      expect(sys.cpu.R[0]).toBe(0x55);
    }
  });
});

describe('UNPREDICTABLE cases that depend on the IT state', () => {
  it('MOVS <Rd>,<Rm> (MOV register T2) in an IT block faults', () => {
    const sys = machine(assemble('movs r0, r1\nudf #0'));
    sys.cpu.itState = 0xe8;
    sys.cpu.R[0] = 7;
    sys.cpu.run(1);
    expect(sys.cpu.exc.CFSR & (1 << 16)).not.toBe(0); // UNDEFINSTR
    expect(sys.cpu.R[0]).toBe(7);
  });
  it('ADD PC / MOV PC inside an IT block but not last fault; last is fine', () => {
    for (const src of ['add pc, r0', 'mov pc, r0']) {
      const bad = machine(assemble(src + '\nudf #0'));
      bad.cpu.itState = 0xe4; // ITT AL, first of two
      bad.cpu.R[0] = CODE_BASE + 0x41;
      bad.cpu.run(1);
      expect(bad.cpu.exc.CFSR & (1 << 16), src).not.toBe(0);
      const ok = machine(assemble(src + '\nudf #0'));
      ok.cpu.itState = 0xe8; // IT AL: last
      ok.cpu.R[0] = 0x41;
      ok.cpu.run(1);
      expect(ok.cpu.exc.CFSR, src).toBe(0);
    }
  });
});

// ---------------- decoding ----------------

describe('decoding: UNPREDICTABLE forms, SEE redirects, timing classes', () => {
  const dec = thumbDecoder();
  const mnemOf = (hw1: number, hw2 = 0) => dec.decode(hw1, hw2, CODE_BASE).mnem;
  const U = 'UNPREDICTABLE';
  const cases: [string, number, number, string][] = [
    ['CMP (register) T2 with both registers low', 0x4501, 0, U],
    ['CMP (register) T2 with PC', 0x45f8, 0, U],
    ['CMP (register) T2 r8, r0', 0x4580, 0, 'cmp'],
    ['ADD PC, PC', 0x44ff, 0, U],
    ['ADD r0, r1 (T2 with low registers is fine in ARMv7-M)', 0x4408, 0, 'add'],
    ['MOV r0, r1 (T1 with low registers is fine in ARMv7-M)', 0x4608, 0, 'mov'],
    ['LSLS r0, r1, #0 is MOVS', 0x0008, 0, 'mov'],
    ['AND.W SP, r0, #1', 0xf000, 0x0d01, U],
    ['AND.W r0, SP, #1', 0xf00d, 0x0001, U],
    ['ANDS PC, r1, #1 is TST', 0xf011, 0x0f01, 'tst'],
    ['AND PC, r1, #1 (S = 0)', 0xf001, 0x0f01, U],
    ['MOV.W r0, #0 written as the replicated 0x00 pattern', 0xf04f, 0x1000, U],
    ['MOV.W r0, #0x00010001', 0xf04f, 0x1001, 'mov'],
    ['ORR r0, PC, #1 is MOV', 0xf04f, 0x0001, 'mov'],
    ['ORN r0, PC, #1 is MVN', 0xf06f, 0x0001, 'mvn'],
    ['ORR r0, SP, #1', 0xf04d, 0x0001, U],
    ['ADD.W r0, SP, #1 is ADD (SP plus immediate)', 0xf10d, 0x0001, 'add'],
    ['ADD.W SP, r1, #1', 0xf101, 0x0d01, U],
    ['ADD.W SP, SP, #1', 0xf10d, 0x0d01, 'add'],
    ['ADD.W PC, SP, #1 (S = 0)', 0xf10d, 0x0f01, U],
    ['ADDS.W PC, SP, #1 is CMN', 0xf11d, 0x0f01, 'cmn'],
    ['CMP.W PC, #1', 0xf1bf, 0x0f01, U],
    ['ADDW r0, PC, #1 is ADR', 0xf20f, 0x0001, 'adr'],
    ['ADDW SP, r1, #1', 0xf201, 0x0d01, U],
    ['ADDW SP, SP, #1', 0xf20d, 0x0d01, 'add'],
    ['MOVW SP, #1', 0xf240, 0x0d01, U],
    ['MOVT PC, #1', 0xf2c0, 0x0f01, U],
    ['SSAT with the (0) bit 26 set', 0xf701, 0x0007, U],
    ['SSAT r0, #8, r1', 0xf301, 0x0007, 'ssat'],
    ['SSAT with sh = 1 and shift 0 is SSAT16 (DSP)', 0xf321, 0x0007, 'ssat16'],
    ['USAT with sh = 1 and shift 0 is USAT16 (DSP)', 0xf3a1, 0x0007, 'usat16'],
    ['SBFX with lsb + width > 32', 0xf341, 0x70c1, U],
    ['SBFX r0, r1, #31, #1', 0xf341, 0x70c0, 'sbfx'],
    ['BFI with msb < lsb', 0xf361, 0x1003, U],
    ['BFI r0, r1, #4, #1', 0xf361, 0x1004, 'bfi'],
    ['BFI r0, PC is BFC', 0xf36f, 0x1004, 'bfc'],
    ['BFI r0, SP', 0xf36d, 0x1004, U],
    ['AND.W with hw2 bit 15 set', 0xea01, 0x8002, U],
    ['MOV.W SP, SP', 0xea4f, 0x0d0d, U],
    ['MOV.W SP, r0', 0xea4f, 0x0d00, 'mov'],
    ['MOV.W r0, SP', 0xea4f, 0x000d, 'mov'],
    ['MOVS.W r0, SP', 0xea5f, 0x000d, U],
    ['MOV.W PC, r0', 0xea4f, 0x0f00, U],
    ['LSL.W r0, SP, #1', 0xea4f, 0x004d, U],
    ['ADD.W SP, SP, r0, LSL #3', 0xeb0d, 0x0dc0, 'add'],
    ['ADD.W SP, SP, r0, LSL #4', 0xeb0d, 0x1d00, U],
    ['ADD.W SP, SP, r0, LSR #1', 0xeb0d, 0x0d50, U],
    ['ADD.W r0, PC, r1', 0xeb0f, 0x0001, U],
    ['ADD.W r0, r1, SP', 0xeb01, 0x000d, U],
    ['SUB.W SP, SP, r0, LSL #2', 0xebad, 0x0d80, 'sub'],
    ['SUBS.W PC, r1, r2 is CMP', 0xebb1, 0x0f02, 'cmp'],
    ['LSL.W r0, SP, r1', 0xfa0d, 0xf001, U],
    ['SXTB.W with the (0) bit 6 set', 0xfa4f, 0xf0c1, U],
    ['SXTB.W r0, SP', 0xfa4f, 0xf08d, U],
    ['REV.W with two different Rm fields', 0xfa91, 0xf082, U],
    ['REV.W r0, r1', 0xfa91, 0xf081, 'rev'],
    ['CLZ r0, r1', 0xfab1, 0xf081, 'clz'],
    ['CLZ SP, r1', 0xfab1, 0xfd81, U],
    ['MLA r0, r1, r2, SP', 0xfb01, 0xd002, U],
    ['MLA with Ra = PC is MUL', 0xfb01, 0xf002, 'mul'],
    ['MLS r0, r1, r2, PC', 0xfb01, 0xf012, U],
    ['SMULL with RdLo = RdHi', 0xfb81, 0x0002, U],
    ['UMULL r0, r1, r2, SP', 0xfba2, 0x010d, U],
    ['SDIV with hw2[15:12] != 1111', 0xfb91, 0x70f2, U],
    ['SDIV r0, r1, r2', 0xfb91, 0xf0f2, 'sdiv'],
  ];
  for (const [what, hw1, hw2, want] of cases) {
    it(what, () => expect(mnemOf(hw1, hw2)).toBe(want));
  }

  it('labels timing classes: MUL for multiplies, DIV for divides, BRANCH for writes to PC', () => {
    expect(dec.decode(0xfb01, 0xf002, CODE_BASE).cls).toBe(Cls.MUL);
    expect(dec.decode(0xfba2, 0x0103, CODE_BASE).cls).toBe(Cls.MUL);
    expect(dec.decode(0x4348, 0, CODE_BASE).cls).toBe(Cls.MUL);
    expect(dec.decode(0xfb91, 0xf0f2, CODE_BASE).cls).toBe(Cls.DIV);
    expect(dec.decode(0xfbb1, 0xf0f2, CODE_BASE).cls).toBe(Cls.DIV);
    expect(dec.decode(0x4487, 0, CODE_BASE).cls).toBe(Cls.BRANCH); // add pc, r0
    expect(dec.decode(0x4687, 0, CODE_BASE).cls).toBe(Cls.BRANCH); // mov pc, r0
    expect(dec.decode(0x4408, 0, CODE_BASE).cls).toBe(Cls.ALU);
  });

  it('every pattern is well formed and every encoding decodes some instruction of its own', () => {
    for (const e of encodings) {
      const c = compile(e);
      // a deterministic walk over the free bits
      let found = false;
      for (let k = 0; k < 64 && !found; k++) {
        const free = ~c.mask >>> 0;
        const r = Math.imul(k + 1, 0x9e3779b1) >>> 0;
        const ins = (c.match | (r & free)) >>> 0;
        const o = e.decode(c.size === 2 ? ins & 0xffff : ins, CODE_BASE);
        if (o !== null && o.mnem !== 'UNPREDICTABLE' && o.mnem !== 'UNDEFINED') found = true;
      }
      expect(found, e.name).toBe(true);
    }
  });
});
