// Helpers shared by the data-processing exec functions (dataproc*.ts): flag updates of
// AddWithCarry, stack pointer writes, and the run-time UNPREDICTABLE checks that depend on
// the IT state (which is not known when an instruction is decoded).
import type { Cpu } from '../core/cpu.ts';
import { GuestFault } from '../core/fault.ts';

/** AddWithCarry(x, y, carry_in) (A2.2.1) that also sets APSR.N/Z/C/V; returns the result. */
export function addFlags(cpu: Cpu, x: number, y: number, carryIn: number): number {
  const usum = (x >>> 0) + (y >>> 0) + carryIn;
  const r = usum >>> 0;
  cpu.N = r >>> 31;
  cpu.Z = r === 0 ? 1 : 0;
  cpu.C = usum > 0xffffffff ? 1 : 0;
  // signed overflow: both operands have the same sign and the result has the other one
  cpu.V = ((x ^ r) & (y ^ r)) >>> 31;
  return r;
}

/** APSR.N and APSR.Z from a result. */
export function setNZ(cpu: Cpu, r: number): void {
  cpu.N = r >>> 31;
  cpu.Z = (r | 0) === 0 ? 1 : 0;
}

/** Writes SP. The Cortex-M4 stack pointers have bits[1:0] fixed at zero (MSP/PSP are
 * word-aligned; writes to the low two bits are ignored, as for MSR MSP/PSP). */
export function writeSP(cpu: Cpu, v: number): void {
  cpu.R[13] = v & ~3;
}

/** UNPREDICTABLE cases that depend on the IT state are checked when executing; m4sim treats
 * them as UNDEFINED (like the statically known UNPREDICTABLE encodings). */
export function unpredictableNow(cpu: Cpu, why: string): never {
  throw new GuestFault('UNDEFINSTR', undefined, `UNPREDICTABLE at 0x${(cpu.pc >>> 0).toString(16)}: ${why}`);
}

/** True when a write to the PC here is UNPREDICTABLE: inside an IT block but not its last
 * instruction (InITBlock() && !LastInITBlock()). */
export function pcWriteInITNotLast(cpu: Cpu): boolean {
  const it = cpu.itState & 0xf;
  return it !== 0 && it !== 8;
}

/** BadReg(n): SP or PC, UNPREDICTABLE as an operand of most 32-bit instructions. */
export function badReg(n: number): boolean {
  return n === 13 || n === 15;
}
