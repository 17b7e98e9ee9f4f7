// Faults raised while executing an instruction. The run loop catches them and hands them to
// the exception model, which sets the fault status registers and takes the exception (or
// locks up / stops the run when no handler can run).

/** The fault status bit names of CFSR (ARMv7-M ARM B3.2.15) plus HardFault causes. */
export type FaultKind =
  // UsageFault (UFSR)
  | 'UNDEFINSTR'
  | 'INVSTATE'
  | 'INVPC'
  | 'NOCP'
  | 'UNALIGNED'
  | 'DIVBYZERO'
  // BusFault (BFSR)
  | 'IBUSERR'
  | 'PRECISERR'
  | 'IMPRECISERR'
  | 'UNSTKERR'
  | 'STKERR'
  | 'LSPERR'
  // MemManage (MMFSR)
  | 'IACCVIOL'
  | 'DACCVIOL'
  | 'MUNSTKERR'
  | 'MSTKERR'
  | 'MLSPERR'
  // HardFault
  | 'VECTTBL'
  | 'DEBUGEVT';

export class GuestFault extends Error {
  constructor(
    readonly kind: FaultKind,
    /** faulting data address (BFAR/MMFAR) when there is one */
    readonly addr: number | undefined = undefined,
    readonly detail = '',
  ) {
    super(kind + (detail ? `: ${detail}` : ''));
  }
}

/** A condition that ends the run (not an architectural exception). */
export type StopReason =
  | { kind: 'exit'; code: number }
  | { kind: 'lockup'; why: string }
  | { kind: 'limit'; what: string }
  | { kind: 'breakpoint'; imm: number }
  | { kind: 'halt'; why: string };
