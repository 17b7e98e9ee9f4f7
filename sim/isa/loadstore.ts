// Loads and stores: single (16-bit A5.2.4, 32-bit A5.3.7-A5.3.10), multiple (LDM/STM,
// PUSH/POP: A5.2.5, A6.7.40-41, A5.3.5), dual, exclusive and table branch (A5.3.6), and the
// preload hints PLD/PLI (ARMv7-M ARM, DDI 0403E).
//
// Op fields for single loads/stores: a = Rt, b = Rn, c = Rm, e = shift (LSL #0-3),
// imm = signed offset (or, for literal forms, the absolute address computed at decode),
// d = addressing mode | kind << 4 (only the generic slow path reads d).
// LDM/STM: b = Rn, imm = register list, d = wback (0/1), n = number of registers.
import { Cls, type Op, type Exec } from '../core/op.ts';
import type { Cpu } from '../core/cpu.ts';
import { GuestFault } from '../core/fault.ts';
import { op, bits, bit, unpredictableOp, undefinedOp, type Encoding } from './encoding.ts';

// ---- shared helpers (also used by branch.ts and system.ts) ----

/** InITBlock() && !LastInITBlock() (A7.3.2), evaluated during exec (before ITAdvance). */
export function inITNotLast(cpu: Cpu): boolean {
  const s = cpu.itState & 0xf;
  return s !== 0 && s !== 8;
}

/** An UNPREDICTABLE case only detectable at run time: executes as UNDEFINED. The message
 * starts with "UNPREDICTABLE" so differential testers can tell these apart. */
export function unpredictableAt(o: Op, why: string): never {
  throw new GuestFault('UNDEFINSTR', undefined, `UNPREDICTABLE ${o.mnem} 0x${o.raw.toString(16)}: ${why}`);
}

export function bitCount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** BadReg(n): SP or PC (A5.1.2 / A7.1.4). */
function badReg(r: number): boolean {
  return r === 13 || r === 15;
}

/** Writes a loaded value to a register other than PC: SP bits [1:0] are always zero. */
export function writeR(cpu: Cpu, r: number, v: number): void {
  cpu.R[r] = r === 13 ? v & ~3 : v;
}

// addressing modes and access kinds
const OFF = 0; // [Rn, #imm]
const PRE = 1; // [Rn, #imm]!
const POST = 2; // [Rn], #imm
const REG = 3; // [Rn, Rm, LSL #shift]
const LIT = 4; // <label> (address precomputed)

const W = 0; // word
const H = 1; // halfword
const SH = 2; // signed halfword
const B = 3; // byte
const SB = 4; // signed byte

// ---- single loads: one exec per (kind, mode) ----

// LDR <Rt>,[<Rn>{,#<imm>}]  T1: 01101 imm5 Rn Rt, T2: 10011 Rt imm8 (SP), T3: 111110001101 Rn|Rt imm12,
// T4 (P=1 U=0 W=0): 111110000101 Rn|Rt 1100 imm8; LDRT: 111110000101 Rn|Rt 1110 imm8
function ldrOff(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 4);
  cpu.R[o.a] = cpu.bus.read32(addr);
}
// LDR <Rt>,[<Rn>,#+/-<imm8>]!  T4: 111110000101 Rn|Rt 1 1 U 1 imm8
function ldrPre(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 4);
  const v = cpu.bus.read32(addr);
  cpu.R[o.b] = addr;
  cpu.R[o.a] = v;
}
// LDR <Rt>,[<Rn>],#+/-<imm8>  T4: 111110000101 Rn|Rt 1 0 U 1 imm8
function ldrPost(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 4);
  const v = cpu.bus.read32(addr);
  cpu.R[o.b] = addr + o.imm;
  cpu.R[o.a] = v;
}
// LDR <Rt>,[<Rn>,<Rm>{,LSL #<imm2>}]  T1: 0101100 Rm Rn Rt, T2: 111110000101 Rn|Rt 000000 imm2 Rm
function ldrReg(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + (cpu.R[o.c] << o.e)) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 4);
  cpu.R[o.a] = cpu.bus.read32(addr);
}
// LDR <Rt>,<label>  T1: 01001 Rt imm8, T2: 11111000 U 1011111|Rt imm12
function ldrLit(cpu: Cpu, o: Op): void {
  const addr = o.imm;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 4);
  cpu.R[o.a] = cpu.bus.read32(addr);
}

// LDRH <Rt>,[<Rn>{,#<imm>}]  T1: 10001 imm5 Rn Rt, T2: 111110001011 Rn|Rt imm12, T3: ...0011 Rn|Rt 1100 imm8; LDRHT
function ldrhOff(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  cpu.R[o.a] = cpu.bus.read16(addr);
}
// LDRH <Rt>,[<Rn>,#+/-<imm8>]!  T3
function ldrhPre(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  const v = cpu.bus.read16(addr);
  cpu.R[o.b] = addr;
  cpu.R[o.a] = v;
}
// LDRH <Rt>,[<Rn>],#+/-<imm8>  T3
function ldrhPost(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  const v = cpu.bus.read16(addr);
  cpu.R[o.b] = addr + o.imm;
  cpu.R[o.a] = v;
}
// LDRH <Rt>,[<Rn>,<Rm>{,LSL #<imm2>}]  T1: 0101101 Rm Rn Rt, T2: 111110000011 Rn|Rt 000000 imm2 Rm
function ldrhReg(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + (cpu.R[o.c] << o.e)) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  cpu.R[o.a] = cpu.bus.read16(addr);
}
// LDRH <Rt>,<label>  T1: 11111000 U 0111111|Rt imm12
function ldrhLit(cpu: Cpu, o: Op): void {
  const addr = o.imm;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  cpu.R[o.a] = cpu.bus.read16(addr);
}

// LDRSH <Rt>,[<Rn>{,#<imm>}]  T1: 111110011011 Rn|Rt imm12, T2: 111110010011 Rn|Rt 1100 imm8; LDRSHT
function ldrshOff(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  cpu.R[o.a] = (cpu.bus.read16(addr) << 16) >> 16;
}
// LDRSH <Rt>,[<Rn>,#+/-<imm8>]!  T2
function ldrshPre(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  const v = (cpu.bus.read16(addr) << 16) >> 16;
  cpu.R[o.b] = addr;
  cpu.R[o.a] = v;
}
// LDRSH <Rt>,[<Rn>],#+/-<imm8>  T2
function ldrshPost(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  const v = (cpu.bus.read16(addr) << 16) >> 16;
  cpu.R[o.b] = addr + o.imm;
  cpu.R[o.a] = v;
}
// LDRSH <Rt>,[<Rn>,<Rm>{,LSL #<imm2>}]  T1: 0101111 Rm Rn Rt, T2: 111110010011 Rn|Rt 000000 imm2 Rm
function ldrshReg(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + (cpu.R[o.c] << o.e)) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  cpu.R[o.a] = (cpu.bus.read16(addr) << 16) >> 16;
}
// LDRSH <Rt>,<label>  T1: 11111001 U 0111111|Rt imm12
function ldrshLit(cpu: Cpu, o: Op): void {
  const addr = o.imm;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  cpu.R[o.a] = (cpu.bus.read16(addr) << 16) >> 16;
}

// LDRB <Rt>,[<Rn>{,#<imm>}]  T1: 01111 imm5 Rn Rt, T2: 111110001001 Rn|Rt imm12, T3: ...0001 Rn|Rt 1100 imm8; LDRBT
function ldrbOff(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.R[o.a] = cpu.bus.read8(addr);
}
// LDRB <Rt>,[<Rn>,#+/-<imm8>]!  T3
function ldrbPre(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  const v = cpu.bus.read8(addr);
  cpu.R[o.b] = addr;
  cpu.R[o.a] = v;
}
// LDRB <Rt>,[<Rn>],#+/-<imm8>  T3
function ldrbPost(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  const v = cpu.bus.read8(addr);
  cpu.R[o.b] = addr + o.imm;
  cpu.R[o.a] = v;
}
// LDRB <Rt>,[<Rn>,<Rm>{,LSL #<imm2>}]  T1: 0101110 Rm Rn Rt, T2: 111110000001 Rn|Rt 000000 imm2 Rm
function ldrbReg(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + (cpu.R[o.c] << o.e)) >>> 0;
  cpu.ea = addr;
  cpu.R[o.a] = cpu.bus.read8(addr);
}
// LDRB <Rt>,<label>  T1: 11111000 U 0011111|Rt imm12
function ldrbLit(cpu: Cpu, o: Op): void {
  const addr = o.imm;
  cpu.ea = addr;
  cpu.R[o.a] = cpu.bus.read8(addr);
}

// LDRSB <Rt>,[<Rn>{,#<imm>}]  T1: 111110011001 Rn|Rt imm12, T2: 111110010001 Rn|Rt 1100 imm8; LDRSBT
function ldrsbOff(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.R[o.a] = (cpu.bus.read8(addr) << 24) >> 24;
}
// LDRSB <Rt>,[<Rn>,#+/-<imm8>]!  T2
function ldrsbPre(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  const v = (cpu.bus.read8(addr) << 24) >> 24;
  cpu.R[o.b] = addr;
  cpu.R[o.a] = v;
}
// LDRSB <Rt>,[<Rn>],#+/-<imm8>  T2
function ldrsbPost(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  const v = (cpu.bus.read8(addr) << 24) >> 24;
  cpu.R[o.b] = addr + o.imm;
  cpu.R[o.a] = v;
}
// LDRSB <Rt>,[<Rn>,<Rm>{,LSL #<imm2>}]  T1: 0101011 Rm Rn Rt, T2: 111110010001 Rn|Rt 000000 imm2 Rm
function ldrsbReg(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + (cpu.R[o.c] << o.e)) >>> 0;
  cpu.ea = addr;
  cpu.R[o.a] = (cpu.bus.read8(addr) << 24) >> 24;
}
// LDRSB <Rt>,<label>  T1: 11111001 U 0011111|Rt imm12
function ldrsbLit(cpu: Cpu, o: Op): void {
  const addr = o.imm;
  cpu.ea = addr;
  cpu.R[o.a] = (cpu.bus.read8(addr) << 24) >> 24;
}

/** Reads one item of `kind` (slow path). */
export function loadKind(cpu: Cpu, kind: number, addr: number): number {
  switch (kind) {
    case W:
      cpu.checkUnaligned(addr, 4);
      return cpu.bus.read32(addr);
    case H:
      cpu.checkUnaligned(addr, 2);
      return cpu.bus.read16(addr);
    case SH:
      cpu.checkUnaligned(addr, 2);
      return ((cpu.bus.read16(addr) << 16) >> 16) >>> 0;
    case B:
      return cpu.bus.read8(addr);
    default:
      return ((cpu.bus.read8(addr) << 24) >> 24) >>> 0;
  }
}

export function singleAddress(cpu: Cpu, o: Op, mode: number): number {
  const R = cpu.R;
  switch (mode) {
    case OFF:
    case PRE:
      return (R[o.b] + o.imm) >>> 0;
    case POST:
      return R[o.b];
    case REG:
      return (R[o.b] + (R[o.c] << o.e)) >>> 0;
    default:
      return o.imm;
  }
}

// LDR/LDRH/LDRSH/LDRB/LDRSB in any addressing mode, the rare cases: LDR to PC (LoadWritePC),
// LDR to SP, and writeback to SP (SP bits [1:0] stay zero).
export function ldGeneric(cpu: Cpu, o: Op): void {
  const mode = o.d & 15;
  const addr = singleAddress(cpu, o, mode);
  if (o.a === 15) {
    if (inITNotLast(cpu)) unpredictableAt(o, 'load to PC inside an IT block, not last');
    if ((addr & 3) !== 0) unpredictableAt(o, 'load to PC from an address that is not word aligned');
  }
  cpu.ea = addr;
  const v = loadKind(cpu, o.d >>> 4, addr);
  if (mode === PRE) writeR(cpu, o.b, addr);
  else if (mode === POST) writeR(cpu, o.b, addr + o.imm);
  if (o.a === 15) cpu.bxWritePC(v);
  else writeR(cpu, o.a, v);
}

/** the single loads by kind and addressing mode (the WebAssembly translator reads them too) */
export const LOAD: Exec[][] = [
  [ldrOff, ldrPre, ldrPost, ldrReg, ldrLit],
  [ldrhOff, ldrhPre, ldrhPost, ldrhReg, ldrhLit],
  [ldrshOff, ldrshPre, ldrshPost, ldrshReg, ldrshLit],
  [ldrbOff, ldrbPre, ldrbPost, ldrbReg, ldrbLit],
  [ldrsbOff, ldrsbPre, ldrsbPost, ldrsbReg, ldrsbLit],
];

function load(mnem: string, kind: number, size: number, pc: number, ins: number, t: number, n: number, mode: number, imm: number, m = 0, shift = 0): Op {
  const wback = mode === PRE || mode === POST;
  const slow = (kind === W && (t === 15 || t === 13)) || (wback && n === 13);
  const o = op(mnem, slow ? ldGeneric : LOAD[kind][mode], size, pc, ins, Cls.LOAD);
  o.a = t;
  o.b = n;
  o.c = m;
  o.d = mode | (kind << 4);
  o.e = shift;
  o.imm = mode === LIT ? imm >>> 0 : imm;
  o.n = 1;
  return o;
}

// ---- single stores ----

// STR <Rt>,[<Rn>{,#<imm>}]  T1: 01100 imm5 Rn Rt, T2: 10010 Rt imm8 (SP), T3: 111110001100 Rn|Rt imm12,
// T4 (P=1 U=0 W=0): 111110000100 Rn|Rt 1100 imm8; STRT: 111110000100 Rn|Rt 1110 imm8
function strOff(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 4);
  cpu.bus.write32(addr, cpu.R[o.a]);
}
// STR <Rt>,[<Rn>,#+/-<imm8>]!  T4: 111110000100 Rn|Rt 1 1 U 1 imm8
function strPre(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 4);
  cpu.bus.write32(addr, cpu.R[o.a]);
  cpu.R[o.b] = addr;
}
// STR <Rt>,[<Rn>],#+/-<imm8>  T4: 111110000100 Rn|Rt 1 0 U 1 imm8
function strPost(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 4);
  cpu.bus.write32(addr, cpu.R[o.a]);
  cpu.R[o.b] = addr + o.imm;
}
// STR <Rt>,[<Rn>,<Rm>{,LSL #<imm2>}]  T1: 0101000 Rm Rn Rt, T2: 111110000100 Rn|Rt 000000 imm2 Rm
function strReg(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + (cpu.R[o.c] << o.e)) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 4);
  cpu.bus.write32(addr, cpu.R[o.a]);
}

// STRH <Rt>,[<Rn>{,#<imm>}]  T1: 10000 imm5 Rn Rt, T2: 111110001010 Rn|Rt imm12, T3: ...0010 Rn|Rt 1100 imm8; STRHT
function strhOff(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  cpu.bus.write16(addr, cpu.R[o.a] & 0xffff);
}
// STRH <Rt>,[<Rn>,#+/-<imm8>]!  T3
function strhPre(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  cpu.bus.write16(addr, cpu.R[o.a] & 0xffff);
  cpu.R[o.b] = addr;
}
// STRH <Rt>,[<Rn>],#+/-<imm8>  T3
function strhPost(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  cpu.bus.write16(addr, cpu.R[o.a] & 0xffff);
  cpu.R[o.b] = addr + o.imm;
}
// STRH <Rt>,[<Rn>,<Rm>{,LSL #<imm2>}]  T1: 0101001 Rm Rn Rt, T2: 111110000010 Rn|Rt 000000 imm2 Rm
function strhReg(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + (cpu.R[o.c] << o.e)) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  cpu.bus.write16(addr, cpu.R[o.a] & 0xffff);
}

// STRB <Rt>,[<Rn>{,#<imm>}]  T1: 01110 imm5 Rn Rt, T2: 111110001000 Rn|Rt imm12, T3: ...0000 Rn|Rt 1100 imm8; STRBT
function strbOff(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.bus.write8(addr, cpu.R[o.a] & 0xff);
}
// STRB <Rt>,[<Rn>,#+/-<imm8>]!  T3
function strbPre(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.bus.write8(addr, cpu.R[o.a] & 0xff);
  cpu.R[o.b] = addr;
}
// STRB <Rt>,[<Rn>],#+/-<imm8>  T3
function strbPost(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  cpu.bus.write8(addr, cpu.R[o.a] & 0xff);
  cpu.R[o.b] = addr + o.imm;
}
// STRB <Rt>,[<Rn>,<Rm>{,LSL #<imm2>}]  T1: 0101010 Rm Rn Rt, T2: 111110000000 Rn|Rt 000000 imm2 Rm
function strbReg(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + (cpu.R[o.c] << o.e)) >>> 0;
  cpu.ea = addr;
  cpu.bus.write8(addr, cpu.R[o.a] & 0xff);
}

// STR/STRH/STRB with writeback to SP (PUSH T3 among them): SP bits [1:0] stay zero.
export function stGeneric(cpu: Cpu, o: Op): void {
  const mode = o.d & 15;
  const kind = o.d >>> 4;
  const addr = singleAddress(cpu, o, mode);
  cpu.ea = addr;
  const v = cpu.R[o.a];
  if (kind === W) {
    cpu.checkUnaligned(addr, 4);
    cpu.bus.write32(addr, v);
  } else if (kind === H) {
    cpu.checkUnaligned(addr, 2);
    cpu.bus.write16(addr, v & 0xffff);
  } else cpu.bus.write8(addr, v & 0xff);
  if (mode === PRE) writeR(cpu, o.b, addr);
  else if (mode === POST) writeR(cpu, o.b, addr + o.imm);
}

/** the single stores by kind and addressing mode */
export const STORE: Exec[][] = [
  [strOff, strPre, strPost, strReg],
  [strhOff, strhPre, strhPost, strhReg],
  [],
  [strbOff, strbPre, strbPost, strbReg],
];

function store(mnem: string, kind: number, size: number, pc: number, ins: number, t: number, n: number, mode: number, imm: number, m = 0, shift = 0): Op {
  const wback = mode === PRE || mode === POST;
  const o = op(mnem, wback && n === 13 ? stGeneric : STORE[kind][mode], size, pc, ins, Cls.STORE);
  o.a = t;
  o.b = n;
  o.c = m;
  o.d = mode | (kind << 4);
  o.e = shift;
  o.imm = imm;
  o.n = 1;
  return o;
}

// ---- preload hints ----

// PLD/PLI (all forms) and the unallocated memory hints of A5.3.8: no architectural effect
function hintNop(_cpu: Cpu, _o: Op): void {}

function hint(mnem: string, pc: number, ins: number): Op {
  return op(mnem, hintNop, 4, pc, ins, Cls.SYS);
}

// ---- load/store multiple ----

export const scratch = new Uint32Array(16);

// LDM <Rn>{!},<registers>  T1: 11001 Rn list (wback unless Rn in list); T2: 1110100010 W 1 Rn|P M 0 list;
// POP <registers>  T1: 1011110 P list; T2: 1110100010111101|P M 0 list
export function ldm(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  const list = o.imm;
  if ((list & 0x8000) !== 0 && inITNotLast(cpu)) unpredictableAt(o, 'load to PC inside an IT block, not last');
  const start = R[o.b];
  cpu.ea = start;
  cpu.checkAligned(start, 4);
  // read everything first: a bus fault part-way leaves the registers unchanged
  let addr = start;
  for (let i = 0, l = list; l !== 0; i++, l >>>= 1) {
    if ((l & 1) !== 0) {
      scratch[i] = cpu.bus.read32(addr);
      addr = (addr + 4) >>> 0;
    }
  }
  for (let i = 0, l = list & 0x7fff; l !== 0; i++, l >>>= 1) if ((l & 1) !== 0) R[i] = scratch[i];
  // writeback before LoadWritePC: an exception return unstacks from the updated SP
  if (o.d !== 0) writeR(cpu, o.b, addr);
  if ((list & 0x8000) !== 0) cpu.bxWritePC(scratch[15]);
}

// LDMDB <Rn>{!},<registers>  T1: 1110100100 W 1 Rn|P M 0 list
export function ldmdb(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  const list = o.imm;
  if ((list & 0x8000) !== 0 && inITNotLast(cpu)) unpredictableAt(o, 'load to PC inside an IT block, not last');
  const start = (R[o.b] - 4 * o.n) >>> 0;
  cpu.ea = start;
  cpu.checkAligned(start, 4);
  let addr = start;
  for (let i = 0, l = list; l !== 0; i++, l >>>= 1) {
    if ((l & 1) !== 0) {
      scratch[i] = cpu.bus.read32(addr);
      addr = (addr + 4) >>> 0;
    }
  }
  for (let i = 0, l = list & 0x7fff; l !== 0; i++, l >>>= 1) if ((l & 1) !== 0) R[i] = scratch[i];
  if (o.d !== 0) writeR(cpu, o.b, start);
  if ((list & 0x8000) !== 0) cpu.bxWritePC(scratch[15]);
}

// STM <Rn>{!},<registers>  T1: 11000 Rn list (wback); T2: 1110100010 W 0 Rn|0 M 0 list
export function stm(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  const start = R[o.b];
  cpu.ea = start;
  cpu.checkAligned(start, 4);
  let addr = start;
  // a base register in the list (16-bit STM, lowest register) stores its original value
  for (let i = 0, l = o.imm; l !== 0; i++, l >>>= 1) {
    if ((l & 1) !== 0) {
      cpu.bus.write32(addr, R[i]);
      addr = (addr + 4) >>> 0;
    }
  }
  if (o.d !== 0) writeR(cpu, o.b, addr);
}

// STMDB <Rn>{!},<registers>  T1: 1110100100 W 0 Rn|0 M 0 list;
// PUSH <registers>  T1: 1011010 M list; T2: 1110100100101101|0 M 0 list
export function stmdb(cpu: Cpu, o: Op): void {
  const R = cpu.R;
  const start = (R[o.b] - 4 * o.n) >>> 0;
  cpu.ea = start;
  cpu.checkAligned(start, 4);
  let addr = start;
  for (let i = 0, l = o.imm; l !== 0; i++, l >>>= 1) {
    if ((l & 1) !== 0) {
      cpu.bus.write32(addr, R[i]);
      addr = (addr + 4) >>> 0;
    }
  }
  if (o.d !== 0) writeR(cpu, o.b, start);
}

function multiple(mnem: string, exec: Exec, isLoad: boolean, size: number, pc: number, ins: number, n: number, list: number, wback: boolean): Op {
  const o = op(mnem, exec, size, pc, ins, isLoad ? Cls.LDM : Cls.STM);
  o.b = n;
  o.imm = list;
  o.d = wback ? 1 : 0;
  o.n = bitCount(list);
  return o;
}

/** Checks shared by 32-bit LDM/LDMDB/POP T2 (A6.7.41-42, A6.7.97): returns true if UNPREDICTABLE. */
function badLoadList(list: number, n: number, wback: boolean): boolean {
  if (n === 15 || bitCount(list) < 2) return true;
  if ((list & 0xc000) === 0xc000) return true; // PC and LR both
  if (wback && (list & (1 << n)) !== 0) return true;
  return false;
}

/** Checks shared by 32-bit STM/STMDB/PUSH T2. */
function badStoreList(list: number, n: number, wback: boolean): boolean {
  if (n === 15 || bitCount(list) < 2) return true;
  if (wback && (list & (1 << n)) !== 0) return true;
  return false;
}

// ---- dual ----

// LDRD <Rt>,<Rt2>,[<Rn>{,#+/-<imm>}]  T1: 1110100 1 U 1 0 1 Rn|Rt Rt2 imm8
export function ldrdOff(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  const v1 = cpu.bus.read32(addr);
  const v2 = cpu.bus.read32((addr + 4) >>> 0);
  cpu.R[o.a] = v1;
  cpu.R[o.d] = v2;
}
// LDRD <Rt>,<Rt2>,[<Rn>,#+/-<imm>]!  T1: 1110100 1 U 1 1 1 Rn|Rt Rt2 imm8
export function ldrdPre(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  const v1 = cpu.bus.read32(addr);
  const v2 = cpu.bus.read32((addr + 4) >>> 0);
  cpu.R[o.b] = addr;
  cpu.R[o.a] = v1;
  cpu.R[o.d] = v2;
}
// LDRD <Rt>,<Rt2>,[<Rn>],#+/-<imm>  T1: 1110100 0 U 1 1 1 Rn|Rt Rt2 imm8
export function ldrdPost(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  const v1 = cpu.bus.read32(addr);
  const v2 = cpu.bus.read32((addr + 4) >>> 0);
  cpu.R[o.b] = addr + o.imm;
  cpu.R[o.a] = v1;
  cpu.R[o.d] = v2;
}
// LDRD <Rt>,<Rt2>,<label>  T1: 1110100 P U 1 W 1 1111|Rt Rt2 imm8
export function ldrdLit(cpu: Cpu, o: Op): void {
  const addr = o.imm;
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  const v1 = cpu.bus.read32(addr);
  const v2 = cpu.bus.read32((addr + 4) >>> 0);
  cpu.R[o.a] = v1;
  cpu.R[o.d] = v2;
}
// STRD <Rt>,<Rt2>,[<Rn>{,#+/-<imm>}]  T1: 1110100 1 U 1 0 0 Rn|Rt Rt2 imm8
export function strdOff(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  cpu.bus.write32(addr, cpu.R[o.a]);
  cpu.bus.write32((addr + 4) >>> 0, cpu.R[o.d]);
}
// STRD <Rt>,<Rt2>,[<Rn>,#+/-<imm>]!  T1: 1110100 1 U 1 1 0 Rn|Rt Rt2 imm8
export function strdPre(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  cpu.bus.write32(addr, cpu.R[o.a]);
  cpu.bus.write32((addr + 4) >>> 0, cpu.R[o.d]);
  cpu.R[o.b] = addr;
}
// STRD <Rt>,<Rt2>,[<Rn>],#+/-<imm>  T1: 1110100 0 U 1 1 0 Rn|Rt Rt2 imm8
export function strdPost(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  cpu.bus.write32(addr, cpu.R[o.a]);
  cpu.bus.write32((addr + 4) >>> 0, cpu.R[o.d]);
  cpu.R[o.b] = addr + o.imm;
}

function decodeDual(ins: number, pc: number): Op | null {
  const p = bit(ins, 24);
  const u = bit(ins, 23);
  const w = bit(ins, 21);
  const l = bit(ins, 20);
  const n = bits(ins, 19, 16);
  const t = bits(ins, 15, 12);
  const t2 = bits(ins, 11, 8);
  const imm = bits(ins, 7, 0) << 2;
  const off = u === 1 ? imm : -imm;
  const wback = w === 1;
  if (l === 1) {
    if (n === 15) {
      // LDRD (literal)
      if (badReg(t) || badReg(t2) || t === t2 || wback) return unpredictableOp(4, pc, ins);
      const o = op('ldrd', ldrdLit, 4, pc, ins, Cls.LDRD);
      o.a = t;
      o.d = t2;
      o.imm = (((pc + 4) & ~3) + off) >>> 0;
      o.n = 2;
      return o;
    }
    if ((wback && (n === t || n === t2)) || badReg(t) || badReg(t2) || t === t2) return unpredictableOp(4, pc, ins);
    const o = op('ldrd', p === 0 ? ldrdPost : wback ? ldrdPre : ldrdOff, 4, pc, ins, Cls.LDRD);
    o.a = t;
    o.b = n;
    o.d = t2;
    o.imm = off;
    o.n = 2;
    return o;
  }
  if ((wback && (n === t || n === t2)) || n === 15 || badReg(t) || badReg(t2)) return unpredictableOp(4, pc, ins);
  const o = op('strd', p === 0 ? strdPost : wback ? strdPre : strdOff, 4, pc, ins, Cls.STRD);
  o.a = t;
  o.b = n;
  o.d = t2;
  o.imm = off;
  o.n = 2;
  return o;
}

// ---- exclusive ----

// LDREX <Rt>,[<Rn>{,#<imm>}]  T1: 111010000101 Rn|Rt 1111 imm8
function ldrex(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  const v = cpu.bus.read32(addr);
  cpu.exclusiveAddr = addr;
  cpu.R[o.a] = v;
}
// LDREXH <Rt>,[<Rn>]  T1: 111010001101 Rn|Rt 1111 0101 1111
function ldrexh(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  cpu.checkAligned(addr, 2);
  const v = cpu.bus.read16(addr);
  cpu.exclusiveAddr = addr;
  cpu.R[o.a] = v;
}
// LDREXB <Rt>,[<Rn>]  T1: 111010001101 Rn|Rt 1111 0100 1111
function ldrexb(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  const v = cpu.bus.read8(addr);
  cpu.exclusiveAddr = addr;
  cpu.R[o.a] = v;
}
// STREX <Rd>,<Rt>,[<Rn>{,#<imm>}]  T1: 111010000100 Rn|Rt Rd imm8
// (ExclusiveMonitorsPass: alignment is checked first; the local monitor is cleared either way)
function strex(cpu: Cpu, o: Op): void {
  const addr = (cpu.R[o.b] + o.imm) >>> 0;
  cpu.ea = addr;
  cpu.checkAligned(addr, 4);
  if (cpu.exclusiveAddr === addr) {
    cpu.bus.write32(addr, cpu.R[o.a]);
    cpu.R[o.d] = 0;
  } else cpu.R[o.d] = 1;
  cpu.exclusiveAddr = -1;
}
// STREXH <Rd>,<Rt>,[<Rn>]  T1: 111010001100 Rn|Rt 1111 0101 Rd
function strexh(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  cpu.checkAligned(addr, 2);
  if (cpu.exclusiveAddr === addr) {
    cpu.bus.write16(addr, cpu.R[o.a] & 0xffff);
    cpu.R[o.d] = 0;
  } else cpu.R[o.d] = 1;
  cpu.exclusiveAddr = -1;
}
// STREXB <Rd>,<Rt>,[<Rn>]  T1: 111010001100 Rn|Rt 1111 0100 Rd
function strexb(cpu: Cpu, o: Op): void {
  const addr = cpu.R[o.b];
  cpu.ea = addr;
  if (cpu.exclusiveAddr === addr) {
    cpu.bus.write8(addr, cpu.R[o.a] & 0xff);
    cpu.R[o.d] = 0;
  } else cpu.R[o.d] = 1;
  cpu.exclusiveAddr = -1;
}

// ---- table branch ----

// TBB [<Rn>,<Rm>]  T1: 111010001101 Rn|1111 0000 000 0 Rm
export function tbb(cpu: Cpu, o: Op): void {
  if (inITNotLast(cpu)) unpredictableAt(o, 'inside an IT block, not last');
  const addr = (cpu.R[o.b] + cpu.R[o.c]) >>> 0;
  cpu.ea = addr;
  const entry = cpu.bus.read8(addr);
  cpu.branchWritePC(cpu.R[15] + 2 * entry);
}
// TBH [<Rn>,<Rm>,LSL #1]  T1: 111010001101 Rn|1111 0000 000 1 Rm
export function tbh(cpu: Cpu, o: Op): void {
  if (inITNotLast(cpu)) unpredictableAt(o, 'inside an IT block, not last');
  const addr = (cpu.R[o.b] + (cpu.R[o.c] << 1)) >>> 0;
  cpu.ea = addr;
  cpu.checkUnaligned(addr, 2);
  const entry = cpu.bus.read16(addr);
  cpu.branchWritePC(cpu.R[15] + 2 * entry);
}

// ---- decoders of the 32-bit single load/store forms ----

/** Load, 32-bit "imm8" form (T3/T4/T2 of LDR/LDRB/LDRH/LDRSB/LDRSH): 1 P U W imm8, or the
 * unprivileged form (P U W = 110). `isWord` selects LDR's rules (Rt = PC allowed). */
function decodeLoadImm8(mnem: string, kind: number, ins: number, pc: number): Op | null {
  const n = bits(ins, 19, 16);
  const t = bits(ins, 15, 12);
  const p = bit(ins, 10);
  const u = bit(ins, 9);
  const w = bit(ins, 8);
  const imm8 = ins & 0xff;
  if (n === 15) return null; // SEE literal
  if (p === 1 && u === 1 && w === 0) {
    // LDRT/LDRBT/LDRHT/LDRSBT/LDRSHT: unprivileged; without an MPU the same access
    if (badReg(t)) return unpredictableOp(4, pc, ins);
    return load(mnem + 't', kind, 4, pc, ins, t, n, OFF, imm8);
  }
  if (p === 0 && w === 0) return undefinedOp(4, pc, ins);
  const wback = w === 1;
  if (kind === W) {
    if (wback && n === t) return unpredictableOp(4, pc, ins);
  } else {
    // the Rt = 1111 negative-offset form is a hint (PLD/PLI/unallocated), decoded elsewhere
    if (badReg(t) || (wback && n === t)) return unpredictableOp(4, pc, ins);
  }
  const off = u === 1 ? imm8 : -imm8;
  return load(mnem, kind, 4, pc, ins, t, n, p === 0 ? POST : wback ? PRE : OFF, off);
}

function decodeLoadImm12(mnem: string, kind: number, ins: number, pc: number): Op | null {
  const n = bits(ins, 19, 16);
  const t = bits(ins, 15, 12);
  if (n === 15) return null; // SEE literal
  if (kind !== W && t === 13) return unpredictableOp(4, pc, ins);
  return load(mnem, kind, 4, pc, ins, t, n, OFF, ins & 0xfff);
}

function decodeLoadReg(mnem: string, kind: number, ins: number, pc: number): Op | null {
  const n = bits(ins, 19, 16);
  const t = bits(ins, 15, 12);
  const m = ins & 15;
  if (n === 15) return null; // SEE literal
  if (badReg(m) || (kind !== W && t === 13)) return unpredictableOp(4, pc, ins);
  return load(mnem, kind, 4, pc, ins, t, n, REG, 0, m, bits(ins, 5, 4));
}

function decodeLoadLit(mnem: string, kind: number, ins: number, pc: number): Op | null {
  const t = bits(ins, 15, 12);
  if (kind !== W && t === 13) return unpredictableOp(4, pc, ins);
  const imm12 = ins & 0xfff;
  const base = (pc + 4) & ~3;
  return load(mnem, kind, 4, pc, ins, t, 15, LIT, bit(ins, 23) === 1 ? base + imm12 : base - imm12);
}

function decodeStoreImm8(mnem: string, kind: number, ins: number, pc: number): Op | null {
  const n = bits(ins, 19, 16);
  const t = bits(ins, 15, 12);
  const p = bit(ins, 10);
  const u = bit(ins, 9);
  const w = bit(ins, 8);
  const imm8 = ins & 0xff;
  if (n === 15 || (p === 0 && w === 0)) return undefinedOp(4, pc, ins);
  if (p === 1 && u === 1 && w === 0) {
    // STRT/STRBT/STRHT
    if (badReg(t)) return unpredictableOp(4, pc, ins);
    return store(mnem + 't', kind, 4, pc, ins, t, n, OFF, imm8);
  }
  const wback = w === 1;
  if ((kind === W ? t === 15 : badReg(t)) || (wback && n === t)) return unpredictableOp(4, pc, ins);
  const off = u === 1 ? imm8 : -imm8;
  return store(mnem, kind, 4, pc, ins, t, n, p === 0 ? POST : wback ? PRE : OFF, off);
}

function decodeStoreImm12(mnem: string, kind: number, ins: number, pc: number): Op | null {
  const n = bits(ins, 19, 16);
  const t = bits(ins, 15, 12);
  if (n === 15) return undefinedOp(4, pc, ins);
  if (kind === W ? t === 15 : badReg(t)) return unpredictableOp(4, pc, ins);
  return store(mnem, kind, 4, pc, ins, t, n, OFF, ins & 0xfff);
}

function decodeStoreReg(mnem: string, kind: number, ins: number, pc: number): Op | null {
  const n = bits(ins, 19, 16);
  const t = bits(ins, 15, 12);
  const m = ins & 15;
  if (n === 15) return undefinedOp(4, pc, ins);
  if ((kind === W ? t === 15 : badReg(t)) || badReg(m)) return unpredictableOp(4, pc, ins);
  return store(mnem, kind, 4, pc, ins, t, n, REG, 0, m, bits(ins, 5, 4));
}

/** The four 32-bit forms of one load (imm12, imm8/unprivileged, register, literal) plus its
 * hint forms with Rt = 1111 (for all but LDR). hw1 prefixes: `s` = bit 8 (signed), `sz` = bits 6:5. */
function loadForms(mnem: string, kind: number, s: string, sz: string, hintName: string | null): Encoding[] {
  const list: Encoding[] = [
    { name: `${mnem.toUpperCase()} (immediate) imm12`, pattern: `11111 00 ${s} 1 ${sz} 1 .... | ................`, decode: (ins, pc) => decodeLoadImm12(mnem, kind, ins, pc) },
    { name: `${mnem.toUpperCase()} (immediate) imm8`, pattern: `11111 00 ${s} 0 ${sz} 1 .... | .... 1 ... ........`, decode: (ins, pc) => decodeLoadImm8(mnem, kind, ins, pc) },
    { name: `${mnem.toUpperCase()} (register) T2`, pattern: `11111 00 ${s} 0 ${sz} 1 .... | .... 000000 .. ....`, decode: (ins, pc) => decodeLoadReg(mnem, kind, ins, pc) },
    { name: `${mnem.toUpperCase()} (literal)`, pattern: `11111 00 ${s} . ${sz} 1 1111 | ................`, decode: (ins, pc) => decodeLoadLit(mnem, kind, ins, pc) },
  ];
  if (hintName !== null) {
    const h = hintName;
    list.push(
      // Rt = 1111: PLD/PLI or an unallocated memory hint, executed as NOP
      { name: `${h} (immediate) imm12`, pattern: `11111 00 ${s} 1 ${sz} 1 .... | 1111 ............`, decode: (ins, pc) => (bits(ins, 19, 16) === 15 ? null : hint(h, pc, ins)) },
      { name: `${h} (immediate) imm8`, pattern: `11111 00 ${s} 0 ${sz} 1 .... | 1111 1100 ........`, decode: (ins, pc) => (bits(ins, 19, 16) === 15 ? null : hint(h, pc, ins)) },
      {
        name: `${h} (register)`,
        pattern: `11111 00 ${s} 0 ${sz} 1 .... | 1111 000000 .. ....`,
        decode: (ins, pc) => (bits(ins, 19, 16) === 15 ? null : badReg(ins & 15) ? unpredictableOp(4, pc, ins) : hint(h, pc, ins)),
      },
      { name: `${h} (literal)`, pattern: `11111 00 ${s} . ${sz} 1 1111 | 1111 ............`, decode: (ins, pc) => hint(h, pc, ins) },
    );
  }
  return list;
}

function storeForms(mnem: string, kind: number, sz: string): Encoding[] {
  return [
    { name: `${mnem.toUpperCase()} (immediate) imm12`, pattern: `11111 000 1 ${sz} 0 .... | ................`, decode: (ins, pc) => decodeStoreImm12(mnem, kind, ins, pc) },
    { name: `${mnem.toUpperCase()} (immediate) imm8`, pattern: `11111 000 0 ${sz} 0 .... | .... 1 ... ........`, decode: (ins, pc) => decodeStoreImm8(mnem, kind, ins, pc) },
    { name: `${mnem.toUpperCase()} (register) T2`, pattern: `11111 000 0 ${sz} 0 .... | .... 000000 .. ....`, decode: (ins, pc) => decodeStoreReg(mnem, kind, ins, pc) },
  ];
}

// ---- 16-bit decoders ----

function ld16reg(mnem: string, kind: number) {
  return (ins: number, pc: number): Op => load(mnem, kind, 2, pc, ins, ins & 7, bits(ins, 5, 3), REG, 0, bits(ins, 8, 6), 0);
}
function st16reg(mnem: string, kind: number) {
  return (ins: number, pc: number): Op => store(mnem, kind, 2, pc, ins, ins & 7, bits(ins, 5, 3), REG, 0, bits(ins, 8, 6), 0);
}
function ld16imm(mnem: string, kind: number, scale: number) {
  return (ins: number, pc: number): Op => load(mnem, kind, 2, pc, ins, ins & 7, bits(ins, 5, 3), OFF, bits(ins, 10, 6) << scale);
}
function st16imm(mnem: string, kind: number, scale: number) {
  return (ins: number, pc: number): Op => store(mnem, kind, 2, pc, ins, ins & 7, bits(ins, 5, 3), OFF, bits(ins, 10, 6) << scale);
}

export const encodings: Encoding[] = [
  // ---- 16-bit load/store single (A5.2.4) ----
  { name: 'STR (register) T1', pattern: '0101 000 ... ... ...', decode: st16reg('str', W) },
  { name: 'STRH (register) T1', pattern: '0101 001 ... ... ...', decode: st16reg('strh', H) },
  { name: 'STRB (register) T1', pattern: '0101 010 ... ... ...', decode: st16reg('strb', B) },
  { name: 'LDRSB (register) T1', pattern: '0101 011 ... ... ...', decode: ld16reg('ldrsb', SB) },
  { name: 'LDR (register) T1', pattern: '0101 100 ... ... ...', decode: ld16reg('ldr', W) },
  { name: 'LDRH (register) T1', pattern: '0101 101 ... ... ...', decode: ld16reg('ldrh', H) },
  { name: 'LDRB (register) T1', pattern: '0101 110 ... ... ...', decode: ld16reg('ldrb', B) },
  { name: 'LDRSH (register) T1', pattern: '0101 111 ... ... ...', decode: ld16reg('ldrsh', SH) },
  { name: 'STR (immediate) T1', pattern: '01100 ..... ... ...', decode: st16imm('str', W, 2) },
  { name: 'LDR (immediate) T1', pattern: '01101 ..... ... ...', decode: ld16imm('ldr', W, 2) },
  { name: 'STRB (immediate) T1', pattern: '01110 ..... ... ...', decode: st16imm('strb', B, 0) },
  { name: 'LDRB (immediate) T1', pattern: '01111 ..... ... ...', decode: ld16imm('ldrb', B, 0) },
  { name: 'STRH (immediate) T1', pattern: '10000 ..... ... ...', decode: st16imm('strh', H, 1) },
  { name: 'LDRH (immediate) T1', pattern: '10001 ..... ... ...', decode: ld16imm('ldrh', H, 1) },
  {
    name: 'STR (immediate) T2',
    pattern: '10010 ... ........',
    decode: (ins, pc) => store('str', W, 2, pc, ins, bits(ins, 10, 8), 13, OFF, (ins & 0xff) << 2),
  },
  {
    name: 'LDR (immediate) T2',
    pattern: '10011 ... ........',
    decode: (ins, pc) => load('ldr', W, 2, pc, ins, bits(ins, 10, 8), 13, OFF, (ins & 0xff) << 2),
  },
  {
    name: 'LDR (literal) T1',
    pattern: '01001 ... ........',
    decode: (ins, pc) => load('ldr', W, 2, pc, ins, bits(ins, 10, 8), 15, LIT, ((pc + 4) & ~3) + ((ins & 0xff) << 2)),
  },

  // ---- 16-bit multiple: STM/LDM T1, PUSH/POP T1 ----
  {
    name: 'STM T1',
    pattern: '11000 ... ........',
    decode(ins, pc) {
      const list = ins & 0xff;
      if (list === 0) return unpredictableOp(2, pc, ins);
      return multiple('stm', stm, false, 2, pc, ins, bits(ins, 10, 8), list, true);
    },
  },
  {
    name: 'LDM T1',
    pattern: '11001 ... ........',
    decode(ins, pc) {
      const list = ins & 0xff;
      const n = bits(ins, 10, 8);
      if (list === 0) return unpredictableOp(2, pc, ins);
      return multiple('ldm', ldm, true, 2, pc, ins, n, list, (list & (1 << n)) === 0);
    },
  },
  {
    name: 'PUSH T1',
    pattern: '1011 010 . ........',
    decode(ins, pc) {
      const list = (ins & 0xff) | (bit(ins, 8) << 14);
      if (list === 0) return unpredictableOp(2, pc, ins);
      return multiple('push', stmdb, false, 2, pc, ins, 13, list, true);
    },
  },
  {
    name: 'POP T1',
    pattern: '1011 110 . ........',
    decode(ins, pc) {
      const list = (ins & 0xff) | (bit(ins, 8) << 15);
      if (list === 0) return unpredictableOp(2, pc, ins);
      return multiple('pop', ldm, true, 2, pc, ins, 13, list, true);
    },
  },

  // ---- 32-bit load/store multiple (A5.3.5) ----
  {
    name: 'STM T2',
    pattern: '1110100 010 . 0 .... | 0 . 0 .............',
    decode(ins, pc) {
      const n = bits(ins, 19, 16);
      const wback = bit(ins, 21) === 1;
      const list = ins & 0x5fff;
      if (badStoreList(list, n, wback)) return unpredictableOp(4, pc, ins);
      return multiple('stm', stm, false, 4, pc, ins, n, list, wback);
    },
  },
  {
    name: 'LDM T2',
    pattern: '1110100 010 . 1 .... | . . 0 .............',
    decode(ins, pc) {
      const n = bits(ins, 19, 16);
      const wback = bit(ins, 21) === 1;
      if (wback && n === 13) return null; // SEE POP
      const list = ins & 0xdfff;
      if (badLoadList(list, n, wback)) return unpredictableOp(4, pc, ins);
      return multiple('ldm', ldm, true, 4, pc, ins, n, list, wback);
    },
  },
  {
    name: 'POP T2',
    pattern: '1110100 010 1 1 1101 | . . 0 .............',
    decode(ins, pc) {
      const list = ins & 0xdfff;
      if (badLoadList(list, 13, false)) return unpredictableOp(4, pc, ins);
      return multiple('pop', ldm, true, 4, pc, ins, 13, list, true);
    },
  },
  {
    name: 'STMDB T1',
    pattern: '1110100 100 . 0 .... | 0 . 0 .............',
    decode(ins, pc) {
      const n = bits(ins, 19, 16);
      const wback = bit(ins, 21) === 1;
      if (wback && n === 13) return null; // SEE PUSH
      const list = ins & 0x5fff;
      if (badStoreList(list, n, wback)) return unpredictableOp(4, pc, ins);
      return multiple('stmdb', stmdb, false, 4, pc, ins, n, list, wback);
    },
  },
  {
    name: 'PUSH T2',
    pattern: '1110100 100 1 0 1101 | 0 . 0 .............',
    decode(ins, pc) {
      const list = ins & 0x5fff;
      if (badStoreList(list, 13, false)) return unpredictableOp(4, pc, ins);
      return multiple('push', stmdb, false, 4, pc, ins, 13, list, true);
    },
  },
  {
    name: 'LDMDB T1',
    pattern: '1110100 100 . 1 .... | . . 0 .............',
    decode(ins, pc) {
      const n = bits(ins, 19, 16);
      const wback = bit(ins, 21) === 1;
      const list = ins & 0xdfff;
      if (badLoadList(list, n, wback)) return unpredictableOp(4, pc, ins);
      return multiple('ldmdb', ldmdb, true, 4, pc, ins, n, list, wback);
    },
  },
  {
    // LDR <Rt>,[SP],#4
    name: 'POP T3',
    pattern: '1111 1000 0101 1101 | .... 1011 0000 0100',
    decode(ins, pc) {
      const t = bits(ins, 15, 12);
      if (t === 13) return unpredictableOp(4, pc, ins);
      return load('pop', W, 4, pc, ins, t, 13, POST, 4);
    },
  },
  {
    // STR <Rt>,[SP,#-4]!
    name: 'PUSH T3',
    pattern: '1111 1000 0100 1101 | .... 1101 0000 0100',
    decode(ins, pc) {
      const t = bits(ins, 15, 12);
      if (badReg(t)) return unpredictableOp(4, pc, ins);
      return store('push', W, 4, pc, ins, t, 13, PRE, -4);
    },
  },

  // ---- load/store dual, exclusive, table branch (A5.3.6) ----
  { name: 'LDRD/STRD (immediate) T1, offset/pre-indexed', pattern: '1110100 1 . 1 . . .... | ................', decode: decodeDual },
  { name: 'LDRD/STRD (immediate) T1, post-indexed', pattern: '1110100 0 . 1 1 . .... | ................', decode: decodeDual },
  {
    name: 'STREX T1',
    pattern: '1110100 0010 0 .... | ................',
    decode(ins, pc) {
      const n = bits(ins, 19, 16);
      const t = bits(ins, 15, 12);
      const d = bits(ins, 11, 8);
      if (badReg(d) || badReg(t) || n === 15 || d === n || d === t) return unpredictableOp(4, pc, ins);
      const o = op('strex', strex, 4, pc, ins, Cls.EXCL);
      o.a = t;
      o.b = n;
      o.d = d;
      o.imm = (ins & 0xff) << 2;
      o.n = 1;
      return o;
    },
  },
  {
    name: 'LDREX T1',
    pattern: '1110100 0010 1 .... | .... 1111 ........',
    decode(ins, pc) {
      const n = bits(ins, 19, 16);
      const t = bits(ins, 15, 12);
      if (badReg(t) || n === 15) return unpredictableOp(4, pc, ins);
      const o = op('ldrex', ldrex, 4, pc, ins, Cls.EXCL);
      o.a = t;
      o.b = n;
      o.imm = (ins & 0xff) << 2;
      o.n = 1;
      return o;
    },
  },
  {
    name: 'STREXB/STREXH T1',
    pattern: '1110100 0110 0 .... | .... 1111 010 . ....',
    decode(ins, pc) {
      const n = bits(ins, 19, 16);
      const t = bits(ins, 15, 12);
      const d = ins & 15;
      if (badReg(d) || badReg(t) || n === 15 || d === n || d === t) return unpredictableOp(4, pc, ins);
      const half = bit(ins, 4) === 1;
      const o = op(half ? 'strexh' : 'strexb', half ? strexh : strexb, 4, pc, ins, Cls.EXCL);
      o.a = t;
      o.b = n;
      o.d = d;
      o.n = 1;
      return o;
    },
  },
  {
    name: 'LDREXB/LDREXH T1',
    pattern: '1110100 0110 1 .... | .... 1111 010 . 1111',
    decode(ins, pc) {
      const n = bits(ins, 19, 16);
      const t = bits(ins, 15, 12);
      if (badReg(t) || n === 15) return unpredictableOp(4, pc, ins);
      const half = bit(ins, 4) === 1;
      const o = op(half ? 'ldrexh' : 'ldrexb', half ? ldrexh : ldrexb, 4, pc, ins, Cls.EXCL);
      o.a = t;
      o.b = n;
      o.n = 1;
      return o;
    },
  },
  {
    name: 'TBB/TBH T1',
    pattern: '1110100 0110 1 .... | 1111 0000 000 . ....',
    decode(ins, pc) {
      const n = bits(ins, 19, 16);
      const m = ins & 15;
      if (n === 13 || badReg(m)) return unpredictableOp(4, pc, ins);
      const half = bit(ins, 4) === 1;
      const o = op(half ? 'tbh' : 'tbb', half ? tbh : tbb, 4, pc, ins, Cls.TB);
      o.b = n;
      o.c = m;
      o.n = 1;
      return o;
    },
  },

  // ---- 32-bit single loads (A5.3.7-A5.3.9) and stores (A5.3.10) ----
  ...loadForms('ldr', W, '0', '10', null),
  ...loadForms('ldrh', H, '0', '01', 'nop'),
  ...loadForms('ldrsh', SH, '1', '01', 'nop'),
  ...loadForms('ldrb', B, '0', '00', 'pld'),
  ...loadForms('ldrsb', SB, '1', '00', 'pli'),
  ...storeForms('str', W, '10'),
  ...storeForms('strh', H, '01'),
  ...storeForms('strb', B, '00'),
];
