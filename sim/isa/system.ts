// System and control: IT, hints (NOP, YIELD, WFE, WFI, SEV, DBG and the reserved hints),
// BKPT, SVC, UDF, CPS, MRS/MSR (B5.2.2-B5.2.3), barriers DSB/DMB/ISB and CLREX
// (ARMv7-M ARM A5.2.5, A5.3.4, A6.7.*, B5.2).
import { Cls } from '../core/op.ts';
import type { Cpu } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import { GuestFault } from '../core/fault.ts';
import { op, bits, bit, unpredictableOp, undefinedOp, type Encoding } from './encoding.ts';
import { bitCount, unpredictableAt } from './loadstore.ts';

// ---- the event register (B1.5.18) ----
// Kept here until the Cpu grows a field for it: set by SEV (and, architecturally, by
// exception entry and return), consumed by WFE.
const eventRegister = new WeakMap<Cpu, boolean>();

/** Sets the event register (SEV; the exception model should call this on exception entry/return). */
export function sendEvent(cpu: Cpu): void {
  eventRegister.set(cpu, true);
}

/** The event register's state (for tests and the debugger). */
export function eventRegisterSet(cpu: Cpu): boolean {
  return eventRegister.get(cpu) === true;
}

/** ExecutionPriority() > -1, ignoring the FAULTMASK boost: false in NMI (2) and HardFault (3). */
function priorityAboveMinus1(cpu: Cpu): boolean {
  return cpu.IPSR !== 2 && cpu.IPSR !== 3;
}

// ---- IT and hints ----

// IT{<x>{<y>{<z>}}} <firstcond>   T1: 10111111 firstcond mask (mask != 0000)
export function it(cpu: Cpu, o: Op): void {
  if (cpu.itState !== 0) unpredictableAt(o, 'IT inside an IT block');
  cpu.itState = o.imm;
}

// NOP, YIELD, DBG #<option>, reserved hints   T1: 10111111 opA 0000; T2: 11110011101011111000000000000000 + hint
export function nop(_cpu: Cpu, _o: Op): void {}

// WFI   T1: 1011111100110000; T2: 11110011101011111000000000000011
function wfi(cpu: Cpu, _o: Op): void {
  cpu.sleeping = true;
  cpu.attention();
}

// WFE   T1: 1011111100100000; T2: 11110011101011111000000000000010
function wfe(cpu: Cpu, _o: Op): void {
  if (eventRegister.get(cpu) === true) {
    eventRegister.set(cpu, false);
    return;
  }
  cpu.sleeping = true;
  cpu.attention();
}

// SEV   T1: 1011111101000000; T2: 11110011101011111000000000000100
function sev(cpu: Cpu, _o: Op): void {
  eventRegister.set(cpu, true);
}

function hintOp(hint: number, size: number, pc: number, ins: number): Op {
  switch (hint) {
    case 1:
      return op('yield', nop, size, pc, ins, Cls.SYS);
    case 2:
      return op('wfe', wfe, size, pc, ins, Cls.WFI);
    case 3:
      return op('wfi', wfi, size, pc, ins, Cls.WFI);
    case 4:
      return op('sev', sev, size, pc, ins, Cls.SYS);
    default:
      // NOP, DBG (1111xxxx) and the unallocated hints all execute as NOP
      return op(hint >>> 4 === 15 ? 'dbg' : 'nop', nop, size, pc, ins, Cls.SYS);
  }
}

// ---- BKPT, SVC, UDF ----

// BKPT #<imm8>   T1: 10111110 imm8 (semihosting and debuggers through cpu.onBkpt)
function bkpt(cpu: Cpu, o: Op): void {
  if (!cpu.onBkpt(cpu, o.imm)) throw new GuestFault('DEBUGEVT', undefined, `BKPT #${o.imm} with no debugger`);
}

// SVC #<imm8>   T1: 11011111 imm8 (SVCall, exception 11, is taken before the next instruction)
function svc(cpu: Cpu, _o: Op): void {
  cpu.exc.setPending(11);
  cpu.attention();
}

// ---- CPS ----

// CPSIE <iflags>   T1: 10110110011 0 0 0 I F
function cpsie(cpu: Cpu, o: Op): void {
  if (cpu.itState !== 0) unpredictableAt(o, 'inside an IT block');
  if (!cpu.privileged) return;
  if ((o.imm & 2) !== 0) cpu.PRIMASK = 0;
  if ((o.imm & 1) !== 0) cpu.FAULTMASK = 0;
  cpu.attention();
}

// CPSID <iflags>   T1: 10110110011 1 0 0 I F
function cpsid(cpu: Cpu, o: Op): void {
  if (cpu.itState !== 0) unpredictableAt(o, 'inside an IT block');
  if (!cpu.privileged) return;
  if ((o.imm & 2) !== 0) cpu.PRIMASK = 1;
  if ((o.imm & 1) !== 0 && priorityAboveMinus1(cpu)) cpu.FAULTMASK = 1;
}

// ---- MRS / MSR (B5.2.2, B5.2.3) ----

// MRS <Rd>,<spec_reg>   T1: 11110011111011111000 Rd SYSm
function mrs(cpu: Cpu, o: Op): void {
  const sysm = o.imm;
  let v = 0;
  if (sysm < 8) {
    // xPSR views: APSR unless SYSm<2>, IPSR if SYSm<0>; EPSR always reads as zero
    if ((sysm & 1) !== 0) v |= cpu.IPSR;
    if ((sysm & 4) === 0) v |= cpu.APSR;
  } else if (sysm === 20) {
    v = cpu.CONTROL & 7;
  } else if (cpu.privileged) {
    switch (sysm) {
      case 8:
        v = cpu.MSP;
        break;
      case 9:
        v = cpu.PSP;
        break;
      case 16:
        v = cpu.PRIMASK;
        break;
      case 17:
      case 18:
        v = cpu.BASEPRI;
        break;
      default: // 19
        v = cpu.FAULTMASK;
    }
  } // unprivileged: the other registers read as zero
  cpu.R[o.a] = v;
}

// MSR <spec_reg>,<Rn>   T1: 111100111000 Rn 1000 mask 00 SYSm  (APSR_nzcvq, APSR_g, APSR_nzcvqg, ...)
function msrApsr(cpu: Cpu, o: Op): void {
  // o.imm is the mask of APSR bits written: 0xf8000000 (nzcvq) and/or 0x000f0000 (g)
  const v = cpu.R[o.b];
  cpu.APSR = (cpu.APSR & ~o.imm) | (v & o.imm);
}

// MSR to IPSR, EPSR, IEPSR (no writable bits)
function msrNone(_cpu: Cpu, _o: Op): void {}

// MSR MSP/PSP/PRIMASK/BASEPRI/BASEPRI_MAX/FAULTMASK/CONTROL,<Rn>: privileged only
function msrSpecial(cpu: Cpu, o: Op): void {
  if (!cpu.privileged) return;
  const v = cpu.R[o.b];
  switch (o.imm) {
    case 8:
      cpu.MSP = v;
      break;
    case 9:
      cpu.PSP = v;
      break;
    case 16:
      cpu.PRIMASK = v & 1;
      cpu.attention();
      break;
    case 17:
      // only the implemented priority bits (the profile's nvicPrioBits) are kept
      cpu.BASEPRI = v & cpu.exc.prioMask;
      cpu.attention();
      break;
    case 18: {
      // BASEPRI_MAX: only raises the masking (lowers the non-zero priority value)
      const p = v & cpu.exc.prioMask;
      if (p !== 0 && (p < cpu.BASEPRI || cpu.BASEPRI === 0)) cpu.BASEPRI = p;
      break;
    }
    case 19:
      if ((v & 1) === 0) cpu.FAULTMASK = 0;
      else if (priorityAboveMinus1(cpu)) cpu.FAULTMASK = 1;
      cpu.attention();
      break;
    default: {
      // CONTROL: nPRIV, FPCA; SPSEL only in Thread mode (swapping the stack pointers)
      cpu.CONTROL = (cpu.CONTROL & 2) | (v & 5);
      if (cpu.IPSR === 0) cpu.setModeAndSpsel(0, (v >>> 1) & 1);
    }
  }
}

// ---- barriers and CLREX ----

// DSB/DMB/ISB #<option>   T1: 111100111011111110001111 0100/0101/0110 option
// (memory is sequentially consistent here and the decode cache follows writes, so no effect)
function barrier(_cpu: Cpu, _o: Op): void {}

// CLREX   T1: 11110011101111111000111100101111
function clrex(cpu: Cpu, _o: Op): void {
  cpu.exclusiveAddr = -1;
}

const VALID_SYSM = new Set([0, 1, 2, 3, 5, 6, 7, 8, 9, 16, 17, 18, 19, 20]);

export const encodings: Encoding[] = [
  {
    name: 'IT T1',
    pattern: '10111111 .... ....',
    decode(ins, pc) {
      const firstcond = bits(ins, 7, 4);
      const mask = ins & 15;
      if (mask === 0) return null; // SEE hints
      if (firstcond === 15 || (firstcond === 14 && bitCount(mask) !== 1)) return unpredictableOp(2, pc, ins);
      const o = op('it', it, 2, pc, ins, Cls.IT);
      o.imm = ins & 0xff;
      return o;
    },
  },
  {
    name: 'hints T1 (NOP, YIELD, WFE, WFI, SEV)',
    pattern: '10111111 .... 0000',
    decode: (ins, pc) => hintOp(bits(ins, 7, 4), 2, pc, ins),
  },
  {
    name: 'hints T2 (NOP.W, YIELD.W, WFE.W, WFI.W, SEV.W, DBG)',
    pattern: '1111 0011 1010 1111 | 1000 0000 ........',
    decode: (ins, pc) => hintOp(ins & 0xff, 4, pc, ins),
  },
  {
    name: 'BKPT T1',
    pattern: '10111110 ........',
    decode(ins, pc) {
      const o = op('bkpt', bkpt, 2, pc, ins, Cls.SYS);
      o.imm = ins & 0xff;
      return o;
    },
  },
  {
    name: 'SVC T1',
    pattern: '11011111 ........',
    decode(ins, pc) {
      const o = op('svc', svc, 2, pc, ins, Cls.SYS);
      o.imm = ins & 0xff;
      return o;
    },
  },
  {
    name: 'UDF T1',
    pattern: '11011110 ........',
    decode: (ins, pc) => undefinedOp(2, pc, ins),
  },
  {
    name: 'UDF T2',
    pattern: '111101111111 .... | 1010 ............',
    decode: (ins, pc) => undefinedOp(4, pc, ins),
  },
  {
    name: 'CPS T1',
    pattern: '10110110011 . 0 0 . .',
    decode(ins, pc) {
      const flags = ins & 3; // I:F
      if (flags === 0) return unpredictableOp(2, pc, ins);
      const disable = bit(ins, 4) === 1;
      const o = op(disable ? 'cpsid' : 'cpsie', disable ? cpsid : cpsie, 2, pc, ins, Cls.SYS);
      o.imm = flags;
      return o;
    },
  },
  {
    name: 'MRS T1',
    pattern: '1111 0011 1110 1111 | 1000 .... ........',
    decode(ins, pc) {
      const d = bits(ins, 11, 8);
      const sysm = ins & 0xff;
      if (d === 13 || d === 15 || !VALID_SYSM.has(sysm)) return unpredictableOp(4, pc, ins);
      const o = op('mrs', mrs, 4, pc, ins, Cls.SYS);
      o.a = d;
      o.imm = sysm;
      return o;
    },
  },
  {
    name: 'MSR T1',
    pattern: '1111 0011 1000 .... | 1000 .. 00 ........',
    decode(ins, pc) {
      const n = bits(ins, 19, 16);
      const mask = bits(ins, 11, 10);
      const sysm = ins & 0xff;
      if (mask === 0 || (mask !== 2 && sysm > 3)) return unpredictableOp(4, pc, ins);
      if (n === 13 || n === 15 || !VALID_SYSM.has(sysm)) return unpredictableOp(4, pc, ins);
      if (sysm < 8) {
        if ((sysm & 4) !== 0) {
          const o = op('msr', msrNone, 4, pc, ins, Cls.SYS);
          o.b = n;
          return o;
        }
        const o = op('msr', msrApsr, 4, pc, ins, Cls.SYS);
        o.b = n;
        o.imm = ((mask & 2 ? 0xf8000000 : 0) | (mask & 1 ? 0x000f0000 : 0)) >>> 0;
        return o;
      }
      const o = op('msr', msrSpecial, 4, pc, ins, Cls.SYS);
      o.b = n;
      o.imm = sysm;
      return o;
    },
  },
  {
    name: 'CLREX T1',
    pattern: '1111 0011 1011 1111 | 1000 1111 0010 1111',
    decode: (_ins, pc) => op('clrex', clrex, 4, pc, _ins, Cls.EXCL),
  },
  {
    name: 'DSB T1',
    pattern: '1111 0011 1011 1111 | 1000 1111 0100 ....',
    decode: (ins, pc) => op('dsb', barrier, 4, pc, ins, Cls.SYS),
  },
  {
    name: 'DMB T1',
    pattern: '1111 0011 1011 1111 | 1000 1111 0101 ....',
    decode: (ins, pc) => op('dmb', barrier, 4, pc, ins, Cls.SYS),
  },
  {
    name: 'ISB T1',
    pattern: '1111 0011 1011 1111 | 1000 1111 0110 ....',
    decode: (ins, pc) => op('isb', barrier, 4, pc, ins, Cls.SYS),
  },
];
