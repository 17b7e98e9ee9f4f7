// The static cycle estimate of one instruction: the cost the cycle model (sim/timing/m4.ts)
// starts from for the instruction's TRM class, with the profile's "timing.core" numbers,
// before anything that depends on the run (pipelining after a load, address dependencies,
// flash wait states, FP result latency). A range "a-b" is given where the TRM gives one:
// a conditional branch not taken / taken, SDIV/UDIV's early termination.
import { Cls, type Op } from '../core/op.ts';
import type { CoreTimingParams } from '../timing/m4.ts';

export function staticCycles(op: Op, p: CoreTimingParams): string {
  switch (op.cls) {
    case Cls.ALU:
      return String(op.a === 15 && (op.mnem === 'mov' || op.mnem === 'add') && op.size === 2 ? p.alu + p.refill : p.alu);
    case Cls.MUL:
      return String(p.mul);
    case Cls.DIV:
      return `${p.divMin}-${p.divMax}`;
    case Cls.BRANCH: {
      const taken = p.alu + p.refill;
      const conditional = op.cond !== 14 || op.mnem === 'cbz' || op.mnem === 'cbnz';
      return conditional ? `${p.alu}-${taken}` : String(taken);
    }
    case Cls.LOAD:
      return String(op.a === 15 ? p.load + p.refillLoad : p.load);
    case Cls.STORE:
      return String((op.d & 15) === 3 ? p.storeRegOffset : p.store);
    case Cls.LDRD:
      return String(p.ldrd);
    case Cls.STRD:
      return String(p.strd);
    case Cls.LDM:
      return String(p.multipleBase + op.n + ((op.imm & 0x8000) !== 0 ? p.refillLoad : 0));
    case Cls.STM:
      return String(p.multipleBase + op.n);
    case Cls.TB:
      return String(p.tableBranch + p.refillLoad);
    case Cls.EXCL:
      return String(p.exclusive);
    case Cls.SYS:
    case Cls.WFI:
      return String(p.sys);
    case Cls.IT:
      return String(p.it);
    case Cls.FP:
      return String(p.fp);
    case Cls.FPMAC:
      return String(p.fpMac);
    case Cls.FPDIV:
      return String(p.fpDiv);
    case Cls.FPLOAD:
      return String(p.fpLoad + Math.max(op.n, 1) - 1);
    case Cls.FPSTORE:
      return String(p.fpStore + Math.max(op.n, 1) - 1);
    case Cls.FPLDM:
    case Cls.FPSTM:
      return String(p.fpMultipleBase + op.n);
    case Cls.FPMOV:
      return String(p.fpMov * Math.max(op.n, 1));
    default:
      return '-';
  }
}
