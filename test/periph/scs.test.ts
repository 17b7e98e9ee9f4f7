// SCB, NVIC and FP system registers (sim/periph/scb.ts, nvic.ts, fpu-scs.ts, scs.ts): reset
// values, access widths, read-only / write-one-to-clear / keyed bits, effects on the core.
import { describe, it, expect } from 'vitest';
import { excMachine, runToStop } from './helpers.ts';
import { attachCorePeripherals } from '../../sim/periph/index.ts';

const CPUID = 0xe000ed00;
const ICSR = 0xe000ed04;
const VTOR = 0xe000ed08;
const AIRCR = 0xe000ed0c;
const CCR = 0xe000ed14;
const SHPR1 = 0xe000ed18;
const SHPR3 = 0xe000ed20;
const SHCSR = 0xe000ed24;
const CFSR = 0xe000ed28;
const CPACR = 0xe000ed88;
const ICTR = 0xe000e004;
const ISER = 0xe000e100;
const ICER = 0xe000e180;
const ISPR = 0xe000e200;
const ICPR = 0xe000e280;
const IABR = 0xe000e300;
const IPR = 0xe000e400;
const STIR = 0xe000ef00;
const FPCCR = 0xe000ef34;
const FPCAR = 0xe000ef38;
const MVFR0 = 0xe000ef40;
const MVFR1 = 0xe000ef44;

function regs() {
  const m = excMachine('b .');
  return { m, bus: m.sys.bus, cpu: m.sys.cpu, exc: m.sys.cpu.exc };
}

describe('SCB', () => {
  it('identification and reset values', () => {
    const { bus } = regs();
    expect(bus.read32(CPUID)).toBe(0x410fc241);
    expect(bus.read32(CCR)).toBe(0x200);
    expect(bus.read32(AIRCR)).toBe(0xfa050000);
    expect(bus.read32(SHCSR)).toBe(0);
    expect(bus.read32(CPACR)).toBe(0);
    expect(bus.read32(ICTR)).toBe(2); // 95 interrupts: 3 x 32 lines
    expect(bus.read32(FPCCR)).toBe(0xc0000000);
    expect(bus.read32(MVFR0)).toBe(0x10110021);
    expect(bus.read32(MVFR1)).toBe(0x11000011);
  });

  it('AIRCR needs VECTKEY; SYSRESETREQ stops the run', () => {
    const { bus, cpu } = regs();
    bus.write32(AIRCR, 0x00000300);
    expect(bus.read32(AIRCR)).toBe(0xfa050000);
    bus.write32(AIRCR, 0x05fa0300);
    expect(bus.read32(AIRCR)).toBe(0xfa050300);
    expect(cpu.exc.PRIGROUP).toBe(3);
    expect(cpu.stop).toBe(null);
    bus.write32(AIRCR, 0x05fa0004);
    expect(cpu.stop).toEqual({ kind: 'halt', why: expect.stringContaining('SYSRESETREQ') });
  });

  it('VTOR keeps TBLOFF bits [29:7]', () => {
    const { bus } = regs();
    bus.write32(VTOR, 0xffffffff);
    expect(bus.read32(VTOR)).toBe(0x3fffff80);
  });

  it('CCR controls the core: UNALIGN_TRP, DIV_0_TRP', () => {
    const { bus, cpu } = regs();
    bus.write32(CCR, 0x218);
    expect(cpu.unalignTrp).toBe(true);
    expect(cpu.div0Trp).toBe(true);
    bus.write32(CCR, 0xffffffff);
    expect(bus.read32(CCR)).toBe(0x31b);
    bus.write32(CCR, 0x200);
    expect(cpu.unalignTrp).toBe(false);
    expect(cpu.div0Trp).toBe(false);
  });

  it('CPACR CP10/CP11 enable the FPU (01 or 11 in both)', () => {
    const { bus, cpu } = regs();
    cpu.fpEnabled = false;
    bus.write32(CPACR, 0xf << 20);
    expect(cpu.fpEnabled).toBe(true);
    expect(bus.read32(CPACR)).toBe(0xf << 20);
    bus.write32(CPACR, 0x5 << 20);
    expect(cpu.fpEnabled).toBe(true);
    bus.write32(CPACR, 0x3 << 20); // CP10 only
    expect(cpu.fpEnabled).toBe(false);
    bus.write32(CPACR, 0xffffffff);
    expect(bus.read32(CPACR)).toBe(0x00f00000);
  });

  it('SHPR1-3: byte access, implemented bits only, reserved fields read 0', () => {
    const { bus, exc } = regs();
    bus.write8(SHPR1 + 2, 0xff); // UsageFault
    expect(exc.prio[6]).toBe(0xf0);
    bus.write8(SHPR1 + 3, 0xff); // reserved (exception 7)
    expect(bus.read32(SHPR1)).toBe(0x00f00000);
    bus.write16(SHPR3 + 2, 0x8040); // SysTick 0x80, PendSV 0x40
    expect(bus.read32(SHPR3)).toBe(0x80400000);
    expect(bus.read8(SHPR3 + 3)).toBe(0x80);
    expect([exc.prio[14], exc.prio[15]]).toEqual([0x40, 0x80]);
  });

  it('SHCSR: enables, pending and active bits', () => {
    const { bus, exc } = regs();
    bus.write32(SHCSR, 0x70000);
    expect(exc.enabled(4) && exc.enabled(5) && exc.enabled(6)).toBe(true);
    expect(bus.read32(SHCSR)).toBe(0x70000);
    bus.write32(SHCSR, 0x70000 | (1 << 15)); // SVCALLPENDED
    expect(exc.pending[11]).toBe(1);
    expect(bus.read32(SHCSR)).toBe(0x70000 | (1 << 15));
    bus.write32(SHCSR, 0);
    expect(exc.pending[11]).toBe(0);
    expect(exc.enabled(6)).toBe(false);
  });

  it('CFSR is write-one-to-clear and byte/halfword accessible (MMFSR, BFSR, UFSR)', () => {
    const { bus, exc } = regs();
    exc.CFSR = (1 << 1) | (1 << 7) | (1 << 9) | (1 << 15) | (1 << 16) | (1 << 25);
    expect(bus.read8(CFSR)).toBe(0x82);
    expect(bus.read8(CFSR + 1)).toBe(0x82);
    expect(bus.read16(CFSR + 2)).toBe(0x0201);
    bus.write16(CFSR + 2, 0x0200); // clear DIVBYZERO
    expect(bus.read32(CFSR)).toBe(((1 << 1) | (1 << 7) | (1 << 9) | (1 << 15) | (1 << 16)) >>> 0);
    bus.write8(CFSR + 1, 0xff);
    expect(bus.read32(CFSR)).toBe((1 << 1) | (1 << 7) | (1 << 16));
    bus.write32(CFSR, 0xffffffff);
    expect(bus.read32(CFSR)).toBe(0);
  });

  it('ICSR: PENDSV set/clear, VECTPENDING, ISRPENDING, VECTACTIVE and RETTOBASE in a handler', () => {
    const m = excMachine(
      `
      cpsid i
      ldr r0, =${ICSR}
      ldr r1, =0x10000000
      str r1, [r0]
      ldr r4, [r0]
      ldr r1, =0x08000000
      str r1, [r0]
      ldr r5, [r0]
      ldr r1, =${ISER}
      movs r2, #4
      str r2, [r1]           @ enable IRQ2
      ldr r1, =${STIR}
      movs r2, #2
      str r2, [r1]           @ pend IRQ2 by software
      ldr r6, [r0]
      cpsie i
      bkpt #0x41
    irq2_h:
      ldr r0, =${ICSR}
      ldr r7, [r0]
      ldr r0, =${IABR}
      ldr r8, [r0]
      bkpt #0x42
    `,
      { 18: 'irq2_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    const R = m.sys.cpu.R;
    expect(R[4]).toBe(((1 << 28) | (14 << 12)) >>> 0);
    expect(R[5]).toBe(0);
    expect(R[6]).toBe(((1 << 22) | (18 << 12)) >>> 0);
    expect(R[7]).toBe((1 << 11) | 18); // RETTOBASE, VECTACTIVE 18
    expect(R[8]).toBe(4);
  });

  it('unmodelled SCS registers are reported once (or fault when the bus is set to fault)', () => {
    const { bus } = regs();
    const seen: [number, boolean][] = [];
    bus.onUnmodelled = (a, w) => seen.push([a, w]);
    expect(bus.read32(0xe000ed90)).toBe(0); // MPU_TYPE: the MPU is not modelled
    bus.read32(0xe000ed90);
    bus.write32(0xe000ed94, 1);
    expect(seen).toEqual([
      [0xe000ed90, false],
      [0xe000ed94, true],
    ]);
    bus.unmodelled = 'fault';
    expect(() => bus.read32(0xe000ed90)).toThrow(/unmodelled/);
  });
});

describe('NVIC', () => {
  it('enable, pending and priority registers for the 95 interrupts; the rest RAZ/WI', () => {
    const { bus, exc } = regs();
    bus.write32(ISER + 8, 0xffffffff); // IRQ 64..95
    expect(bus.read32(ISER + 8)).toBe(0x7fffffff); // IRQ 95 does not exist
    expect(bus.read32(ICER + 8)).toBe(0x7fffffff);
    bus.write32(ICER + 8, 0x1);
    expect(bus.read32(ISER + 8)).toBe(0x7ffffffe);
    expect(bus.read32(ISER + 12)).toBe(0);
    bus.write32(ISER + 12, 0xffffffff);
    expect(bus.read32(ISER + 12)).toBe(0);
    bus.write32(ISPR, 0x5);
    expect(bus.read32(ISPR)).toBe(0x5);
    expect(bus.read32(ICPR)).toBe(0x5);
    bus.write8(ICPR, 0x1);
    expect(bus.read32(ISPR)).toBe(0x4);
    bus.write8(IPR + 5, 0xff);
    expect(bus.read32(IPR + 4)).toBe(0x0000f000);
    expect(exc.prio[16 + 5]).toBe(0xf0);
    bus.write32(IPR + 92, 0xffffffff); // IRQ 92..95
    expect(bus.read32(IPR + 92)).toBe(0x00f0f0f0);
    bus.write32(STIR, 94);
    expect(bus.read32(ISPR + 8) >>> 30).toBe(1);
    bus.write32(STIR, 95);
    expect(exc.pending[16 + 95]).toBe(0);
  });

  it('an interrupt pended while disabled is taken when enabled', () => {
    const m = excMachine(
      `
      ldr r0, =${ISPR}
      movs r1, #1
      str r1, [r0]
      movs r4, #1
      ldr r0, =${ISER}
      str r1, [r0]
      movs r4, #2
      bkpt #0x41
    irq0_h:
      mov r5, r4
      bkpt #0x42
    `,
      { 16: 'irq0_h' },
    );
    expect(runToStop(m)).toEqual({ kind: 'breakpoint', imm: 0x42 });
    expect(m.sys.cpu.R[5]).toBe(1);
  });
});

describe('FP system registers', () => {
  it('FPCCR writable bits, FPCAR 8-byte aligned', () => {
    const { bus } = regs();
    bus.write32(FPCCR, 0xffffffff);
    expect(bus.read32(FPCCR)).toBe(0xc000017b);
    bus.write32(FPCAR, 0x2000fffd);
    expect(bus.read32(FPCAR)).toBe(0x2000fff8);
  });
});

describe('attachCorePeripherals', () => {
  it('is idempotent and applies the profile (95 IRQs, 4 priority bits)', () => {
    const { m } = regs();
    expect(attachCorePeripherals(m.sys)).toBe(m.p);
    expect(m.sys.cpu.exc.nExc).toBe(16 + 95);
    expect(m.sys.cpu.exc.prioMask).toBe(0xf0);
    expect(m.sys.devices.get('SCS')).toBe(m.p.scs);
    expect(m.sys.cpu.events).toContain(m.p.systick);
  });
});
