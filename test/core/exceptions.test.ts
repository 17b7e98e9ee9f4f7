// The ARMv7-M exception model (sim/core/exceptions.ts) driven by small programs with their
// vector table in SRAM (VTOR = 0x20000000): stacking, EXC_RETURN, priorities, masking,
// grouping, tail-chaining, faults and escalation, lock-up, FP context.
import { describe, it, expect } from 'vitest';
import { excMachine, runToStop, MAIN, TABLE, VTOR_ADDR } from '../periph/helpers.ts';
import { machine, CODE_BASE } from '../helpers/machine.ts';
import { attachCorePeripherals } from '../../sim/periph/index.ts';
import { GuestFault } from '../../sim/core/fault.ts';

const LOGA = 0x20008000;
/** LOG v: appends v to the word log at 0x20008000 (count first); clobbers r0-r2 */
const LOG = `
.macro LOG val
  ldr r0, =${LOGA}
  ldr r1, [r0]
  adds r1, r1, #1
  str r1, [r0]
  movs r2, #\\val
  str r2, [r0, r1, lsl #2]
.endm
`;
function log(m: ReturnType<typeof excMachine>): number[] {
  const n = m.w(LOGA);
  return Array.from({ length: n }, (_, i) => m.w(LOGA + 4 + 4 * i));
}

const SHPR2 = 0xe000ed1c;
const SHPR3 = 0xe000ed20;
const SHCSR = 0xe000ed24;
const CFSR = 0xe000ed28;
const HFSR = 0xe000ed2c;
const BFAR = 0xe000ed38;
const CCR = 0xe000ed14;
const ICSR = 0xe000ed04;
const AIRCR = 0xe000ed0c;
const NVIC_ISER = 0xe000e100;
const NVIC_ISPR = 0xe000e200;
const NVIC_IPR = 0xe000e400;
const SYST_CSR = 0xe000e010;
const SYST_RVR = 0xe000e014;
const SYST_CVR = 0xe000e018;

describe('exception entry and return', () => {
  it('SVC: handler runs in Handler mode on MSP with EXC_RETURN 0xFFFFFFF9, returns after the SVC, frame content', () => {
    const m = excMachine(
      `
      ldr r0, =0x11111111
      ldr r1, =0x22222222
      ldr r2, =0x33333333
      ldr r3, =0x44444444
      ldr r4, =0x55555555
      mov r12, r4
      ldr r4, =0x66666666
      mov lr, r4
      movs r4, #0
      cmp r4, #1          @ N=1, C=0: flags to be stacked
      svc #5
    after_svc:
      movs r7, #1
      bkpt #0x42
    svc_h:
      mov r4, sp
      mov r5, lr
      mrs r6, ipsr
      movs r0, #0         @ clobber: restored by unstacking
      movs r1, #0
      bx lr
    `,
      { 11: 'svc_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    const { R } = m.sys.cpu;
    const frame = R[4];
    expect(frame).toBe(0x20010000 - 0x20);
    expect(R[5]).toBe(0xfffffff9);
    expect(R[6]).toBe(11);
    expect(R[7]).toBe(1);
    expect([R[0], R[1], R[2], R[3], R[12], R[14]]).toEqual([0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555, 0x66666666]);
    expect(R[13]).toBe(0x20010000);
    expect(m.sys.cpu.IPSR).toBe(0);
    // the frame: R0-R3, R12, LR, return address (the instruction after SVC), xPSR
    const words = Array.from({ length: 8 }, (_, i) => m.w(frame + 4 * i));
    expect(words.slice(0, 6)).toEqual([0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555, 0x66666666]);
    const svcAddr = words[6] - 2;
    expect(m.sys.bus.read16(svcAddr)).toBe(0xdf05); // svc #5
    expect(words[7]).toBe(0x81000000); // N, T; no realignment, IPSR 0
    expect(m.sys.cpu.exc.entries).toBe(1);
    expect(m.sys.cpu.exc.returns).toBe(1);
  });

  it('stack realignment: SP 4 mod 8 -> frame 8-aligned, xPSR bit 9 set, SP restored on return', () => {
    const m = excMachine(
      `
      sub sp, sp, #4      @ SP = 0x2000FFFC
      svc #0
      mov r5, sp
      bkpt #0x42
    svc_h:
      mov r4, sp
      bx lr
    `,
      { 11: 'svc_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    const frame = m.sys.cpu.R[4];
    expect(frame).toBe(0x2000fff8 - 0x20); // (0x2000FFFC - 0x20) aligned down to 8
    expect(m.w(frame + 28) & (1 << 9)).toBe(1 << 9);
    expect(m.sys.cpu.R[5]).toBe(0x2000fffc);
  });

  it('no realignment when CCR.STKALIGN is cleared', () => {
    const m = excMachine(
      `
      sub sp, sp, #4
      svc #0
      mov r5, sp
      bkpt #0x42
    svc_h:
      mov r4, sp
      bx lr
    `,
      { 11: 'svc_h' },
    );
    expect(m.w(CCR)).toBe(0x200); // STKALIGN resets to 1 on the Cortex-M4
    m.sys.bus.write32(CCR, 0);
    runToStop(m);
    expect(m.sys.cpu.R[4]).toBe(0x2000fffc - 0x20);
    expect(m.w(m.sys.cpu.R[4] + 28) & (1 << 9)).toBe(0);
    expect(m.sys.cpu.R[5]).toBe(0x2000fffc);
  });

  it('Thread mode on PSP: frame on PSP, EXC_RETURN 0xFFFFFFFD, handler on MSP, back on PSP', () => {
    const m = excMachine(
      `
      ldr r0, =0x2000c000
      msr psp, r0
      movs r0, #2
      msr control, r0     @ SPSEL = 1
      isb
      svc #1
      mov r7, sp
      mrs r8, control
      bkpt #0x42
    svc_h:
      mov r4, sp
      mov r5, lr
      mrs r6, psp
      bx lr
    `,
      { 11: 'svc_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    const R = m.sys.cpu.R;
    expect(R[4]).toBe(0x20010000); // MSP untouched
    expect(R[5]).toBe(0xfffffffd);
    expect(R[6]).toBe(0x2000c000 - 0x20);
    expect(R[7]).toBe(0x2000c000);
    expect(R[8]).toBe(2);
  });

  it('nested exception: EXC_RETURN 0xFFFFFFF1 for a preempted handler', () => {
    const m = excMachine(
      `
      ${LOG}
      ldr r0, =${SHPR2}
      ldr r1, =0x80000000    @ SVCall priority 0x80
      str r1, [r0]
      svc #0
      bkpt #0x42
    svc_h:
      LOG 1
      ldr r0, =${ICSR}
      ldr r1, =0x10000000    @ PENDSVSET: PendSV (priority 0) preempts SVCall (0x80)
      str r1, [r0]
      LOG 3
      bx lr
    pendsv_h:
      mov r4, lr
      LOG 2
      bx lr
    `,
      { 11: 'svc_h', 14: 'pendsv_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(log(m)).toEqual([1, 2, 3]);
    expect(m.sys.cpu.R[4]).toBe(0xfffffff1);
  });
});

describe('interrupts, priorities and masking', () => {
  it('SysTick interrupts N times while main waits in WFI', () => {
    const m = excMachine(
      `
      ldr r4, =${SYST_RVR}
      movs r0, #99
      str r0, [r4]           @ period 100 cycles
      str r0, [r4, #4]       @ CVR write clears
      movs r0, #7
      str r0, [r4, #-4]      @ CSR: ENABLE, TICKINT, CLKSOURCE = processor
      ldr r5, =0x20008100
    loop:
      wfi
      ldr r0, [r5]
      cmp r0, #5
      bne loop
      movs r0, #0
      str r0, [r4, #-4]
      bkpt #0x42
    systick_h:
      ldr r0, =0x20008100
      ldr r1, [r0]
      adds r1, r1, #1
      str r1, [r0]
      bx lr
    `,
      { 15: 'systick_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.w(0x20008100)).toBe(5);
    expect(m.sys.cpu.exc.entries).toBe(5);
    // 5 periods of 100 cycles (one cycle per instruction here), plus the set-up
    expect(m.sys.cpu.cycles).toBeGreaterThanOrEqual(500);
    expect(m.sys.cpu.cycles).toBeLessThan(560);
  });

  it('PendSV pended by a higher-priority SysTick tail-chains after it', () => {
    const m = excMachine(
      `
      ${LOG}
      ldr r0, =${SHPR3}
      ldr r1, =0x40f00000    @ SysTick 0x40, PendSV 0xF0
      str r1, [r0]
      ldr r4, =${SYST_RVR}
      movs r0, #49
      str r0, [r4]
      str r0, [r4, #4]
      movs r0, #7
      str r0, [r4, #-4]
    wait:
      ldr r0, =${LOGA}
      ldr r0, [r0]
      cmp r0, #3
      blt wait
      movs r0, #0
      str r0, [r4, #-4]
      bkpt #0x42
    systick_h:
      LOG 1
      ldr r0, =${ICSR}
      ldr r1, =0x10000000
      str r1, [r0]           @ PendSV: lower priority, waits for SysTick to return
      LOG 2
      bx lr
    pendsv_h:
      LOG 3
      bx lr
    `,
      { 14: 'pendsv_h', 15: 'systick_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(log(m)).toEqual([1, 2, 3]);
    const exc = m.sys.cpu.exc;
    expect(exc.tailChains).toBe(1);
    expect(exc.entries).toBe(1); // PendSV entered by tail-chaining, not stacking
    expect(exc.returns).toBe(1);
  });

  it('BASEPRI masks interrupts of lower or equal priority; lowering it takes them', () => {
    const m = excMachine(
      `
      ${LOG}
      ldr r0, =${NVIC_IPR}
      ldr r1, =0x00002080    @ IRQ0 priority 0x80, IRQ1 priority 0x20
      str r1, [r0]
      ldr r0, =${NVIC_ISER}
      movs r1, #3
      str r1, [r0]
      movs r0, #0x40
      msr basepri, r0
      ldr r0, =${NVIC_ISPR}
      movs r1, #1
      str r1, [r0]           @ IRQ0 (0x80) pending: masked
      LOG 10
      ldr r0, =${NVIC_ISPR}
      movs r1, #2
      str r1, [r0]           @ IRQ1 (0x20) pending: taken at once
      LOG 11
      movs r0, #0
      msr basepri, r0        @ now IRQ0 runs
      LOG 12
      bkpt #0x42
    irq0_h:
      LOG 1
      bx lr
    irq1_h:
      LOG 2
      bx lr
    `,
      { 16: 'irq0_h', 17: 'irq1_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(log(m)).toEqual([10, 2, 11, 1, 12]);
  });

  it('PRIMASK masks everything but NMI and HardFault; WFI still wakes on a masked interrupt', () => {
    const m = excMachine(
      `
      ${LOG}
      cpsid i
      ldr r4, =${SYST_RVR}
      movs r0, #20
      str r0, [r4]
      str r0, [r4, #4]
      movs r0, #7
      str r0, [r4, #-4]
      wfi                    @ wakes when SysTick pends, but does not take it
      LOG 10
      movs r0, #0
      str r0, [r4, #-4]
      ldr r0, =${ICSR}
      ldr r1, =0x80000000    @ NMIPENDSET: taken despite PRIMASK
      str r1, [r0]
      LOG 11
      cpsie i                @ SysTick taken here
      LOG 12
      bkpt #0x42
    systick_h:
      LOG 1
      bx lr
    nmi_h:
      LOG 2
      bx lr
    `,
      { 2: 'nmi_h', 15: 'systick_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(log(m)).toEqual([10, 2, 11, 1, 12]);
  });

  for (const [prigroup, expected] of [
    [4, [1, 2, 3]],
    [5, [1, 3, 2]],
  ] as const) {
    it(`priority grouping: PRIGROUP ${prigroup} ${prigroup === 4 ? 'lets 0x40 preempt 0x60' : 'puts 0x40 and 0x60 in one group: no preemption'}`, () => {
      const m = excMachine(
        `
        ${LOG}
        ldr r0, =${AIRCR}
        ldr r1, =${0x05fa0000 | (prigroup << 8)}
        str r1, [r0]
        ldr r0, =${NVIC_IPR}
        ldr r1, =0x00004060    @ IRQ0 0x60, IRQ1 0x40
        str r1, [r0]
        ldr r0, =${NVIC_ISER}
        movs r1, #3
        str r1, [r0]
        ldr r0, =${NVIC_ISPR}
        movs r1, #1
        str r1, [r0]
        bkpt #0x42
      irq0_h:
        LOG 1
        ldr r0, =${NVIC_ISPR}
        movs r1, #2
        str r1, [r0]
        LOG 3
        bx lr
      irq1_h:
        LOG 2
        bx lr
      `,
        { 16: 'irq0_h', 17: 'irq1_h' },
      );
      expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
      expect(log(m)).toEqual(expected);
      expect(m.w(AIRCR)).toBe((0xfa050000 | (prigroup << 8)) >>> 0);
    });
  }

  it('among pending exceptions of equal priority the lowest number is taken first', () => {
    const m = excMachine(
      `
      ${LOG}
      cpsid i
      ldr r0, =${NVIC_ISER}
      movs r1, #7
      str r1, [r0]
      ldr r0, =${NVIC_ISPR}
      movs r1, #6           @ IRQ1, IRQ2
      str r1, [r0]
      ldr r0, =${ICSR}
      ldr r1, =0x14000000   @ PendSV and SysTick too, all priority 0
      str r1, [r0]
      cpsie i
      bkpt #0x42
    h14:
      LOG 14
      bx lr
    h15:
      LOG 15
      bx lr
    h17:
      LOG 17
      bx lr
    h18:
      LOG 18
      bx lr
    `,
      { 14: 'h14', 15: 'h15', 17: 'h17', 18: 'h18' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(log(m)).toEqual([14, 15, 17, 18]);
    expect(m.sys.cpu.exc.tailChains).toBe(3);
  });

  it('a level-sensitive interrupt line re-pends while held high', () => {
    const m = excMachine(
      `
      ldr r0, =${NVIC_ISER}
      movs r1, #1
      str r1, [r0]
      movs r4, #0
    spin:
      cmp r4, #3
      bne spin
      bkpt #0x42
    irq0_h:
      adds r4, r4, #1
      bx lr
    `,
      { 16: 'irq0_h' },
    );
    const exc = m.sys.cpu.exc;
    m.sys.cpu.onBkpt = (cpu, imm) => {
      cpu.stop = { kind: 'breakpoint', imm };
      cpu.attention();
      return true;
    };
    m.sys.cpu.run(5);
    exc.setIrqLine(0, true);
    // r4 is not stacked: each handler run increments it; drop the line on the third
    let guard = 0;
    while (m.sys.cpu.stop === null && guard++ < 1000) {
      m.sys.cpu.run(1);
      if (m.sys.cpu.R[4] >= 3) exc.setIrqLine(0, false);
    }
    expect(m.sys.cpu.stop).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[4]).toBe(3);
  });
});

describe('faults', () => {
  function faultProgram(body: string, setup = '', vectors: Record<number, string> = { 6: 'fault_h' }) {
    return excMachine(
      `
      ldr r0, =${SHCSR}
      ldr r1, =0x70000        @ MemManage, BusFault, UsageFault enabled
      str r1, [r0]
      ${setup}
    faulting:
      ${body}
      bkpt #0x41              @ not reached
    fault_h:
      ldr r0, =${CFSR}
      ldr r4, [r0]
      ldr r5, [sp, #24]       @ stacked return address
      ldr r6, =${HFSR}
      ldr r6, [r6]
      ldr r7, =${BFAR}
      ldr r7, [r7]
      mrs r8, ipsr
      bkpt #0x42
    `,
      vectors,
    );
  }
  const faultAddr = (m: ReturnType<typeof excMachine>) => {
    // address of label 'faulting': find the first instruction after the setup by the stacked PC
    return m.sys.cpu.R[5];
  };

  it('UNDEFINSTR: UDF caught by UsageFault with the faulting address stacked', () => {
    const m = faultProgram('udf #7');
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    const R = m.sys.cpu.R;
    expect(R[4]).toBe(1 << 16);
    expect(m.sys.bus.read16(faultAddr(m))).toBe(0xde07);
    expect(R[8]).toBe(6);
    expect(R[6]).toBe(0);
  });

  it('DIVBYZERO with CCR.DIV_0_TRP (and a plain 0 result without it)', () => {
    const body = 'movs r2, #0\n movs r3, #9\n sdiv r1, r3, r2';
    const m = faultProgram(body, `ldr r0, =${CCR}\n ldr r1, =0x210\n str r1, [r0]`);
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[4]).toBe(1 << 25);
    const pc = m.sys.cpu.R[5];
    expect(m.sys.bus.read16(pc)).toBe(0xfb93); // sdiv r1, r3, r2 (first halfword)
    expect(m.sys.cpu.div0Trp).toBe(true);
    const m2 = faultProgram(body + '\n bkpt #0x43');
    expect(runToStop(m2)).toEqual({ kind: 'breakpoint', imm: 0x43 });
    expect(m2.sys.cpu.R[1]).toBe(0);
  });

  it('UNALIGNED with CCR.UNALIGN_TRP', () => {
    const m = faultProgram('ldr r2, =0x20008001\n ldr r3, [r2]', `ldr r0, =${CCR}\n ldr r1, =0x208\n str r1, [r0]`);
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[4]).toBe(1 << 24);
    expect(m.sys.bus.read16(m.sys.cpu.R[5])).toBe(0x6813); // ldr r3, [r2]
  });

  it('INVSTATE: BX to an even address faults on the target with the target stacked', () => {
    const m = faultProgram('ldr r2, 1f\n bx r2\n .align 2\n 1: .word BASE + (even_tgt - vectors)\n even_tgt: bkpt #0x45');
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[4]).toBe(1 << 17);
    expect(m.sys.bus.read16(m.sys.cpu.R[5])).toBe(0xbe45); // stacked PC = the BX target
    expect(m.w(m.sys.cpu.R[13] + 28) & (1 << 24)).toBe(0); // stacked EPSR.T = 0
  });

  it('escalation: UsageFault disabled -> HardFault with HFSR.FORCED', () => {
    const m = excMachine(
      `
    faulting:
      udf #1
    hf_h:
      ldr r0, =${CFSR}
      ldr r4, [r0]
      ldr r0, =${HFSR}
      ldr r6, [r0]
      mrs r8, ipsr
      bkpt #0x42
    `,
      { 3: 'hf_h', 6: 'unexpected' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[4]).toBe(1 << 16);
    expect(m.sys.cpu.R[6]).toBe(1 << 30);
    expect(m.sys.cpu.R[8]).toBe(3);
  });

  it('escalation: a UsageFault in a handler of higher priority than UsageFault -> HardFault', () => {
    const m = excMachine(
      `
      ldr r0, =${SHCSR}
      ldr r1, =0x40000
      str r1, [r0]
      ldr r0, =0xe000ed18
      ldr r1, =0x00800000    @ UsageFault priority 0x80; SVCall stays 0
      str r1, [r0]
      svc #0
    svc_h:
      udf #2
    hf_h:
      ldr r0, =${HFSR}
      ldr r6, [r0]
      bkpt #0x42
    `,
      { 3: 'hf_h', 11: 'svc_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[6]).toBe(1 << 30);
  });

  it('BusFault on a read of unmapped memory records BFAR with BFARVALID', () => {
    const m = faultProgram('ldr r2, =0x60000010\n ldr r3, [r2]', '', { 5: 'fault_h' });
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[4]).toBe((1 << 9) | (1 << 15)); // PRECISERR, BFARVALID
    expect(m.sys.cpu.R[7]).toBe(0x60000010);
    expect(m.sys.cpu.R[8]).toBe(5);
    // CFSR is write-one-to-clear
    m.sys.bus.write32(CFSR, 1 << 9);
    expect(m.w(CFSR)).toBe(1 << 15);
  });

  it('SVC with PRIMASK set escalates to HardFault', () => {
    const m = excMachine(
      `
      cpsid i
      svc #0
    hf_h:
      ldr r0, =${HFSR}
      ldr r6, [r0]
      mrs r8, ipsr
      bkpt #0x42
    `,
      { 3: 'hf_h', 11: 'unexpected' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[6]).toBe(1 << 30);
    expect(m.sys.cpu.R[8]).toBe(3);
  });

  it('lock-up when the HardFault handler faults', () => {
    const m = excMachine(
      `
      udf #1
    hf_h:
      nop
      udf #3
    `,
      { 3: 'hf_h' },
    );
    const stop = runToStop(m);
    expect(stop?.kind).toBe('lockup');
    const why = (stop as { why: string }).why;
    expect(why).toContain('UNDEFINSTR');
    expect(why).toContain('HardFault');
    const udfAt = m.sys.cpu.pc;
    expect(m.sys.bus.read16(udfAt)).toBe(0xde03);
    expect(why).toContain(udfAt.toString(16));
  });

  it('lock-up when the HardFault vector cannot be read', () => {
    const m = excMachine('udf #1', {});
    m.sys.bus.write32(VTOR_ADDR, 0x30000000); // nothing mapped there: the vector read fails
    const stop = runToStop(m);
    expect(stop?.kind).toBe('lockup');
    expect((stop as { why: string }).why).toContain('VECTTBL');
  });

  it('stacking onto an unmapped PSP: STKERR, escalated to HardFault which runs on MSP', () => {
    const m = excMachine(
      `
      ldr r0, =0x30000000
      msr psp, r0
      movs r0, #2
      msr control, r0
      isb
      svc #0
    hf_h:
      ldr r0, =${CFSR}
      ldr r4, [r0]
      ldr r0, =${HFSR}
      ldr r6, [r0]
      mrs r8, ipsr
      bkpt #0x42
    svc_h:
      bkpt #0x43
    `,
      { 3: 'hf_h', 11: 'svc_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[4]).toBe(1 << 12); // STKERR
    expect(m.sys.cpu.R[6]).toBe(1 << 30);
    expect(m.sys.cpu.R[8]).toBe(3);
    // SVCall stays pending
    expect(m.sys.cpu.exc.pending[11]).toBe(1);
  });

  it('INVPC: an illegal EXC_RETURN raises UsageFault', () => {
    const m = excMachine(
      `
      ldr r0, =${SHCSR}
      ldr r1, =0x40000
      str r1, [r0]
      svc #0
      bkpt #0x41
    svc_h:
      ldr r0, =0xfffffff5
      bx r0
    uf_h:
      ldr r0, =${CFSR}
      ldr r4, [r0]
      mov r5, lr
      mrs r8, ipsr
      bkpt #0x42
    `,
      { 6: 'uf_h', 11: 'svc_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[4]).toBe(1 << 18);
    expect(m.sys.cpu.R[5]).toBe(0xfffffff5);
    expect(m.sys.cpu.R[8]).toBe(6);
    expect(m.sys.cpu.exc.active[11]).toBe(0);
  });

  it('INVPC: returning to Thread mode with another exception still active', () => {
    const m = excMachine(
      `
      ldr r0, =${SHCSR}
      ldr r1, =0x40000
      str r1, [r0]
      ldr r0, =${SHPR3}
      ldr r1, =0x00800000    @ PendSV priority 0x80
      str r1, [r0]
      ldr r0, =${ICSR}
      ldr r1, =0x10000000
      str r1, [r0]
      bkpt #0x41
    pendsv_h:
      svc #0                 @ SVCall (0) preempts PendSV (0x80)
      bkpt #0x43
    svc_h:
      ldr r0, =0xfffffff9    @ return to Thread mode while PendSV is still active
      bx r0
    uf_h:
      ldr r0, =${CFSR}
      ldr r4, [r0]
      mov r5, lr
      mrs r8, ipsr
      bkpt #0x42
    `,
      { 6: 'uf_h', 11: 'svc_h', 14: 'pendsv_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[4]).toBe(1 << 18);
    expect(m.sys.cpu.R[5]).toBe(0xfffffff9);
    expect(m.sys.cpu.R[8]).toBe(6);
    const exc = m.sys.cpu.exc;
    expect([exc.active[14], exc.active[11], exc.active[6]]).toEqual([1, 0, 1]);
    // ICSR: VECTACTIVE 6, RETTOBASE 0 (PendSV is active too)
    expect(m.w(ICSR) & 0x9ff).toBe(6);
  });

  it('a GuestFault raised from JS (fault()) with no handler-able priority locks up in NMI', () => {
    const m = excMachine(`ldr r0, =${ICSR}\n ldr r1, =0x80000000\n str r1, [r0]\n bkpt #0x41\n nmi_h: nop\n b nmi_h`, { 2: 'nmi_h' });
    m.sys.cpu.run(10);
    expect(m.sys.cpu.IPSR).toBe(2);
    m.sys.cpu.exc.fault(new GuestFault('UNDEFINSTR'));
    expect(m.sys.cpu.stop?.kind).toBe('lockup');
    expect((m.sys.cpu.stop as { why: string }).why).toContain('NMI');
  });
});

describe('reset', () => {
  it('takes SP and PC from the vector table at 0 (the flash boot alias), Thread mode, masks clear', () => {
    const sys = machine([0xbf00]);
    attachCorePeripherals(sys);
    const flash = new Uint8Array(8 + 4);
    new DataView(flash.buffer).setUint32(0, 0x20017ff8, true);
    new DataView(flash.buffer).setUint32(4, 0x08000009, true);
    new DataView(flash.buffer).setUint16(8, 0xbf00, true);
    sys.bus.load(0x08000000, flash);
    sys.cpu.PRIMASK = 1;
    sys.cpu.BASEPRI = 0x40;
    sys.cpu.CONTROL = 6;
    sys.bus.write32(VTOR_ADDR, TABLE);
    sys.reset();
    const cpu = sys.cpu;
    expect(cpu.R[13]).toBe(0x20017ff8);
    expect(cpu.pc).toBe(0x08000008);
    expect(cpu.T).toBe(1);
    expect(cpu.R[14]).toBe(0xffffffff);
    expect([cpu.IPSR, cpu.CONTROL, cpu.PRIMASK, cpu.BASEPRI, cpu.FAULTMASK]).toEqual([0, 0, 0, 0, 0]);
    expect(sys.bus.read32(VTOR_ADDR)).toBe(0);
    expect(sys.bus.read32(CCR)).toBe(0x200);
    expect(cpu.fpEnabled).toBe(false);
    cpu.run(1);
    expect(cpu.pc).toBe(0x0800000a);
  });

  it('a reset vector with bit 0 clear faults (INVSTATE) on the first instruction', () => {
    const sys = machine([0xbf00]);
    attachCorePeripherals(sys);
    const v = new Uint8Array(16);
    new DataView(v.buffer).setUint32(0, 0x20010000, true);
    new DataView(v.buffer).setUint32(4, 0x08000008, true);
    new DataView(v.buffer).setUint32(12, 0x08000009, true); // HardFault vector: the nop at 0x08000008
    sys.bus.load(0x08000000, v);
    sys.reset();
    sys.cpu.run(1);
    expect(sys.cpu.IPSR).toBe(3);
    expect(sys.bus.read32(CFSR)).toBe(1 << 17);
  });
});

describe('FP context stacking', () => {
  // The handler calls `bkpt #1`, whose JS hook acts like FP instructions: cpu.checkFP() (what
  // every FP instruction does first), then clobbers S0-S15 and FPSCR.
  const program = `
    ldr r4, =${SYST_RVR}
    movs r0, #30
    str r0, [r4]
    str r0, [r4, #4]
    movs r0, #7
    str r0, [r4, #-4]
    wfi
    movs r0, #0
    str r0, [r4, #-4]
    bkpt #0x42
  systick_h:
    mov r5, lr
    mov r6, sp
    bkpt #1
    bx lr
  `;
  function setup(useFpInHandler: boolean, lspen: boolean) {
    const m = excMachine(program, { 15: 'systick_h' });
    const cpu = m.sys.cpu;
    let lspactAtEntry = -1;
    let fpcarAtEntry = 0;
    cpu.onBkpt = (c, imm) => {
      if (imm === 1) {
        lspactAtEntry = m.w(0xe000ef34) & 1;
        fpcarAtEntry = m.w(0xe000ef38);
        if (useFpInHandler) {
          c.checkFP();
          for (let i = 0; i < 32; i++) c.SU[i] = 0xdead0000 + i;
          c.FPSCR = 0x00c00000;
        }
        return true;
      }
      c.stop = { kind: 'breakpoint', imm };
      c.attention();
      return true;
    };
    if (!lspen) m.sys.bus.write32(0xe000ef34, 0x80000000); // ASPEN only
    // main's FP context: as if it had executed FP instructions (checkFP sets CONTROL.FPCA)
    cpu.checkFP();
    for (let i = 0; i < 32; i++) cpu.SU[i] = 0x3f800000 + i;
    cpu.FPSCR = 0xf0000000 | (1 << 24); // flags, FZ
    return { m, info: () => ({ lspactAtEntry, fpcarAtEntry }) };
  }

  for (const lspen of [true, false])
    it(`S0-S15 and FPSCR survive a handler that uses the FPU (${lspen ? 'lazy' : 'immediate'} stacking)`, () => {
      const { m, info } = setup(true, lspen);
      const cpu = m.sys.cpu;
      expect(cpu.CONTROL & 4).toBe(4);
      expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
      expect(cpu.R[5]).toBe(0xffffffe9); // extended frame, Thread, MSP
      const frame = cpu.R[6];
      expect(frame).toBe(0x20010000 - 0x68);
      for (let i = 0; i < 16; i++) expect(cpu.SU[i]).toBe(0x3f800000 + i);
      for (let i = 16; i < 32; i++) expect(cpu.SU[i]).toBe(0xdead0000 + i); // callee-saved: not stacked
      expect(cpu.FPSCR).toBe((0xf0000000 | (1 << 24)) >>> 0);
      expect(cpu.CONTROL & 4).toBe(4);
      expect(cpu.R[13]).toBe(0x20010000);
      // the frame holds the FP context (written at entry, or lazily at the handler's first FP use)
      for (let i = 0; i < 16; i++) expect(m.w(frame + 0x20 + 4 * i)).toBe(0x3f800000 + i);
      expect(m.w(frame + 0x60)).toBe((0xf0000000 | (1 << 24)) >>> 0);
      expect(info().lspactAtEntry).toBe(lspen ? 1 : 0);
      if (lspen) {
        expect(info().fpcarAtEntry).toBe(frame + 0x20);
        expect(cpu.exc.lazySaves).toBe(1);
      }
      expect(m.w(0xe000ef34) & 1).toBe(0);
      expect(cpu.exc.fpFrames).toBe(1);
    });

  it('lazy stacking: a handler without FP leaves the reserved space unwritten and the registers untouched', () => {
    const { m, info } = setup(false, true);
    const cpu = m.sys.cpu;
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    const frame = cpu.R[6];
    expect(info().lspactAtEntry).toBe(1);
    for (let i = 0; i < 16; i++) expect(m.w(frame + 0x20 + 4 * i)).toBe(0);
    for (let i = 0; i < 16; i++) expect(cpu.SU[i]).toBe(0x3f800000 + i);
    expect(cpu.exc.lazySaves).toBe(0);
    expect(m.w(0xe000ef34) & 1).toBe(0); // LSPACT cleared by the return
  });

  it('the first FP instruction creates a context: CONTROL.FPCA and FPSCR defaults from FPDSCR', () => {
    const m = excMachine('nop');
    const cpu = m.sys.cpu;
    m.sys.bus.write32(0xe000ef3c, 0x03c00000 | 0xff); // AHP.. only bits 26:22 stick
    expect(m.w(0xe000ef3c)).toBe(0x03c00000);
    cpu.CONTROL = 0;
    cpu.FPSCR = 0xf0000000;
    cpu.checkFP();
    expect(cpu.CONTROL & 4).toBe(4);
    expect(cpu.FPSCR).toBe(0xf3c00000);
    cpu.fpEnabled = false;
    expect(() => cpu.checkFP()).toThrow(GuestFault);
  });
});

describe('FP context with FP instructions', () => {
  it('an interrupt that uses the FPU in the middle of float code leaves the result unchanged', () => {
    const m = excMachine(
      `
      vmov.f32 s0, #1.0
      vmov.f32 s1, #2.0
      vmov.f32 s15, #3.0
      ldr r0, =0x00c00000     @ FPSCR: round towards zero
      vmsr fpscr, r0
      ldr r4, =${SYST_RVR}
      movs r0, #17
      str r0, [r4]
      str r0, [r4, #4]
      movs r0, #7
      str r0, [r4, #-4]
      movs r5, #60
    loop:
      vadd.f32 s0, s0, s1
      subs r5, r5, #1
      bne loop
      movs r0, #0
      str r0, [r4, #-4]
      vmov r6, s0
      vmov r7, s15
      vmrs r8, fpscr
      bkpt #0x42
    systick_h:
      vmov.f32 s0, #-1.5
      vmov.f32 s1, #0.5
      vmov.f32 s15, #0.25
      vadd.f32 s0, s0, s1
      movs r0, #0
      vmsr fpscr, r0
      adds r9, r9, #1
      bx lr
    `,
      { 15: 'systick_h' },
    );
    m.sys.cpu.R[9] = 0;
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    const cpu = m.sys.cpu;
    expect(cpu.R[9]).toBeGreaterThan(3); // several interrupts hit the loop
    expect(cpu.R[6]).toBe(0x42f20000); // 1 + 60 * 2 = 121.0
    expect(cpu.R[7]).toBe(0x40400000); // 3.0
    expect(cpu.R[8]).toBe(0x00c00000);
    expect(cpu.exc.fpFrames).toBe(cpu.R[9]);
    expect(cpu.exc.lazySaves).toBe(cpu.R[9]);
  });
});

describe('counters and misc', () => {
  it('VTOR written by the program selects the table', () => {
    const m = excMachine(
      `
      ldr r0, =${VTOR_ADDR}
      ldr r1, =${TABLE}
      str r1, [r0]
      svc #0
      bkpt #0x41
    svc_h:
      bkpt #0x42
    `,
      { 11: 'svc_h' },
      { setVtor: false },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.w(VTOR_ADDR)).toBe(TABLE);
    expect(MAIN).toBe(CODE_BASE + 0x200);
  });

  it('SLEEPONEXIT: the core sleeps again when the handler returns to Thread mode', () => {
    const m = excMachine(
      `
      ldr r0, =0xe000ed10
      movs r1, #2
      str r1, [r0]
      ldr r4, =${SYST_RVR}
      movs r0, #40
      str r0, [r4]
      str r0, [r4, #4]
      movs r0, #7
      str r0, [r4, #-4]
      wfi
      bkpt #0x42            @ never reached: each SysTick return goes back to sleep
    systick_h:
      adds r5, r5, #1
      cmp r5, #3
      bne 1f
      ldr r0, =0xe000ed10
      movs r1, #0
      str r1, [r0]          @ the third handler clears SLEEPONEXIT
    1:
      bx lr
    `,
      { 15: 'systick_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[5]).toBe(3);
  });

  it('exception timing hook: entry, exit, tail-chain and lazy-save costs are added to cpu.cycles', () => {
    const src = `
      ${LOG}
      ldr r0, =${SHPR3}
      ldr r1, =0x00f00000    @ PendSV 0xF0
      str r1, [r0]
      svc #0
      bkpt #0x42
    svc_h:
      ldr r0, =${ICSR}
      ldr r1, =0x10000000
      str r1, [r0]           @ PendSV waits: tail-chained when SVCall returns
      bx lr
    pendsv_h:
      bx lr
    `;
    const vec = { 11: 'svc_h', 14: 'pendsv_h' };
    const plain = excMachine(src, vec);
    runToStop(plain);
    const timed = excMachine(src, vec);
    const calls: string[] = [];
    timed.sys.cpu.exc.timing = {
      entry: (fp) => (calls.push(`entry ${fp}`), 12),
      exit: (fp) => (calls.push(`exit ${fp}`), 10),
      tailChain: () => (calls.push('tail'), 6),
      lazySave: () => (calls.push('lazy'), 17),
    };
    expect(runToStop(timed)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(calls).toEqual(['entry false', 'tail', 'exit false']);
    expect(timed.sys.cpu.cycles - plain.sys.cpu.cycles).toBe(12 + 6 + 10);
    expect(timed.sys.cpu.instret).toBe(plain.sys.cpu.instret);
  });
});
