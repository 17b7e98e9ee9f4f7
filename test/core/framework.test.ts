import { describe, it, expect } from 'vitest';
import { machine, CODE_BASE } from '../helpers/machine.ts';

describe('core loop and decoder', () => {
  it('runs MOVS and a backward B, decoding each address once', () => {
    // movs r0, #5 ; movs r1, #0 ; b .-4 (back to movs r1)
    const sys = machine([0x2005, 0x2100, 0xe7fd]);
    sys.cpu.run(5);
    expect(sys.cpu.R[0]).toBe(5);
    expect(sys.cpu.R[1]).toBe(0);
    expect(sys.cpu.Z).toBe(1);
    expect(sys.cpu.pc).toBe(CODE_BASE + 2);
    expect(sys.cpu.instret).toBe(5);
    expect(sys.cpu.cycles).toBe(5);
  });

  it('re-decodes code that is overwritten', () => {
    const sys = machine([0x2005, 0xe7fd]);
    sys.cpu.run(2);
    expect(sys.cpu.R[0]).toBe(5);
    sys.bus.write16(CODE_BASE, 0x2007); // movs r0, #7
    sys.cpu.pc = CODE_BASE;
    sys.cpu.run(1);
    expect(sys.cpu.R[0]).toBe(7);
  });

  it('an undefined encoding raises UsageFault UNDEFINSTR', () => {
    const sys = machine([0xde00]); // UDF #0
    sys.cpu.run(1);
    expect(sys.cpu.stop?.kind).toBe('lockup');
  });
});
