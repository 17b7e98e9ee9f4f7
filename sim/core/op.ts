// A decoded instruction. Decoding happens once per address; the run loop then calls
// `exec` with the operand fields filled in here. The fields are plain numbers so every Op
// has the same shape (one hidden class in V8). Their meaning is up to each instruction's
// decoder: usually a = Rd/Rt, b = Rn, c = Rm, d = Ra/Rt2/extra, imm = immediate or offset.
import type { Cpu } from './cpu.ts';

export type Exec = (cpu: Cpu, op: Op) => void;

/** Instruction classes of the Cortex-M4 TRM timing table (table 3-1) and FPU table. The core
 * only labels instructions; the cycle model in sim/timing/ gives these labels a cost. */
export const enum Cls {
  ALU = 0, // data processing, MOV, shifts, extends, bitfield, CLZ, REV, DSP single-cycle
  MUL = 1, // MUL/MLA/MLS/long multiplies/DSP multiplies (single cycle on M4)
  DIV = 2, // SDIV/UDIV (2-12 by operands)
  BRANCH = 3, // B, BL, BX, BLX, CBZ/CBNZ, TBB/TBH (TBx also loads)
  LOAD = 4, // LDR/LDRB/LDRH/LDRSB/LDRSH (single)
  STORE = 5, // STR/STRB/STRH (single)
  LDRD = 6,
  STRD = 7,
  LDM = 8, // LDM/POP: op.n registers
  STM = 9, // STM/PUSH: op.n registers
  TB = 10, // TBB/TBH
  EXCL = 11, // LDREX/STREX/CLREX
  SYS = 12, // MRS/MSR/CPS/barriers/NOP/hints/IT/SVC/BKPT
  IT = 13,
  WFI = 14,
  FP = 15, // single-cycle FPU data processing
  FPMAC = 16, // VMLA/VMLS/VNMLA/VNMLS/VFMA/...
  FPDIV = 17, // VDIV/VSQRT
  FPLOAD = 18, // VLDR
  FPSTORE = 19, // VSTR
  FPLDM = 20, // VLDM/VPOP: op.n words
  FPSTM = 21, // VSTM/VPUSH
  FPMOV = 22, // VMOV core<->FP, VMRS/VMSR
  UNDEF = 23,
}

export class Op {
  exec: Exec;
  /** 2 or 4 bytes */
  size: number;
  /** address of the instruction */
  pc = 0;
  a = 0;
  b = 0;
  c = 0;
  d = 0;
  e = 0;
  imm = 0;
  /** condition for conditional branches (14 = always) */
  cond = 14;
  /** timing class, see Cls */
  cls: Cls = Cls.ALU;
  /** registers transferred by LDM/STM/PUSH/POP/VLDM/VSTM (for the cycle model) */
  n = 0;
  /** raw encoding: hw1 in the low half for 16-bit; (hw1 << 16) | hw2 for 32-bit */
  raw = 0;
  /** the architecture manual's mnemonic, without condition or size suffix (e.g. "add", "ldr") */
  mnem: string;

  constructor(mnem: string, exec: Exec, size: number) {
    this.mnem = mnem;
    this.exec = exec;
    this.size = size;
  }
}
