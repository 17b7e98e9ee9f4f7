// The ARMv7-M exception model (ARMv7-M ARM B1.5): priorities, pending/active state, entry
// with stacking, EXC_RETURN, tail-chaining, fault escalation and lock-up.
// (placeholder: being written; the interface below is what the core calls)
import type { Cpu } from './cpu.ts';
import type { GuestFault } from './fault.ts';

export class Exceptions {
  constructor(readonly cpu: Cpu) {}

  /** Reset behaviour (B1.5.5): MSP and PC from the vector table at VTOR. */
  reset(): void {
    const cpu = this.cpu;
    cpu.R[13] = cpu.bus.read32(0) & ~3;
    const pc = cpu.bus.read32(4);
    cpu.pc = pc & ~1;
    cpu.T = pc & 1;
  }

  /** Takes the highest-priority pending exception if it can preempt; true if one was taken. */
  takePending(): boolean {
    return false;
  }

  /** True if a pending exception would wake the core from WFI. */
  wakeupPending(): boolean {
    return false;
  }

  /** A fault raised by the current instruction. */
  fault(f: GuestFault): void {
    this.cpu.stop = { kind: 'lockup', why: `${f.message} at pc 0x${this.cpu.pc.toString(16)}` };
  }

  /** Exception return through an EXC_RETURN value written to the PC in Handler mode. */
  exceptionReturn(excReturn: number): void {
    this.cpu.stop = { kind: 'lockup', why: `exception return 0x${excReturn.toString(16)} not modelled yet` };
  }

  /** Makes exception `n` pending (SVCall = 11, PendSV = 14, SysTick = 15, IRQ k = 16 + k). */
  setPending(n: number): void {
    void n;
  }
}
