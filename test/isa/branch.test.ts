// Branches: B T1-T4 (every condition, offsets at the range limits), BL, BX, BLX, CBZ/CBNZ,
// and the IT-block rules for branches.
import { describe, it, expect } from 'vitest';
import { machine, assemble, CODE_BASE } from '../helpers/machine.ts';
import { thumbDecoder } from '../../sim/isa/decoder.ts';
import type { GuestFault } from '../../sim/core/fault.ts';
import { Cls } from '../../sim/core/op.ts';
import type { System } from '../../sim/system.ts';

interface Run {
  sys: System;
  R: Uint32Array;
  faults: GuestFault[];
}

/** Runs exactly `n` instructions of `code`, recording faults independently of the exception model. */
function run(code: string | number[], n: number, setup?: (sys: System) => void): Run {
  const sys = machine(typeof code === 'string' ? assemble(code) : code);
  const faults: GuestFault[] = [];
  sys.cpu.exc.fault = (f: GuestFault) => {
    faults.push(f);
    sys.cpu.stop = { kind: 'lockup', why: f.message };
  };
  setup?.(sys);
  sys.cpu.run(n);
  return { sys, R: sys.cpu.R, faults };
}

function decodeBytes(bytes: Uint8Array, pc = CODE_BASE) {
  const hw1 = bytes[0] | (bytes[1] << 8);
  const hw2 = bytes.length >= 4 ? bytes[2] | (bytes[3] << 8) : 0;
  return thumbDecoder().decode(hw1, hw2, pc);
}

const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'];

/** The condition tests of A7.3.1, written out independently of the core. */
function holds(cond: number, n: number, z: number, c: number, v: number): boolean {
  return [
    z === 1,
    z === 0,
    c === 1,
    c === 0,
    n === 1,
    n === 0,
    v === 1,
    v === 0,
    c === 1 && z === 0,
    c === 0 || z === 1,
    n === v,
    n !== v,
    z === 0 && n === v,
    z === 1 || n !== v,
  ][cond];
}

function setFlags(sys: System, f: number): void {
  sys.cpu.N = (f >> 3) & 1;
  sys.cpu.Z = (f >> 2) & 1;
  sys.cpu.C = (f >> 1) & 1;
  sys.cpu.V = f & 1;
}

describe('B', () => {
  it('B T1 and B T3: every condition against every NZCV combination', () => {
    for (let cond = 0; cond < 14; cond++) {
      for (const wide of [false, true]) {
        const src = `b${CONDS[cond]}${wide ? '.w' : ''} target\nnop\nnop\ntarget: nop`;
        const code = assemble(src);
        expect(code.length).toBe(wide ? 10 : 8);
        const sys = machine(code);
        for (let f = 0; f < 16; f++) {
          sys.cpu.pc = CODE_BASE;
          setFlags(sys, f);
          sys.cpu.run(1);
          const taken = holds(cond, (f >> 3) & 1, (f >> 2) & 1, (f >> 1) & 1, f & 1);
          expect(sys.cpu.pc, `b${CONDS[cond]} flags ${f}`).toBe(CODE_BASE + (taken ? (wide ? 8 : 6) : wide ? 4 : 2));
        }
      }
    }
  });

  it('branch targets at the limits of each encoding', () => {
    // [source, offset from the instruction, encoding size]
    const cases: [string, number, number][] = [
      ['beq .+4', 4, 2],
      ['beq .-252', -252, 2],
      ['beq .+258', 258, 2],
      ['b .-2044', -2044, 2],
      ['b .+2050', 2050, 2],
      ['bne.w .-1048572', -1048572, 4],
      ['bne.w .+1048578', 1048578, 4],
      ['b.w .-16777212', -16777212, 4],
      ['b.w .+16777218', 16777218, 4],
      ['bl .-16777212', -16777212, 4],
      ['bl .+16777218', 16777218, 4],
      ['bl .+0x123456', 0x123456, 4],
      ['b.w .-0x654322', -0x654322, 4],
    ];
    for (const [src, off, size] of cases) {
      const code = assemble(src);
      expect(code.length, src).toBe(size);
      const o = decodeBytes(code);
      expect(o.imm, src).toBe((CODE_BASE + off) >>> 0);
      expect(o.cls).toBe(Cls.BRANCH);
    }
  });

  it('B T2 and B T4 run forward and backward', () => {
    const r = run('b fwd\nmovs r0, #1\nfwd: b.w back\nmovs r1, #1\nback: movs r2, #2', 3);
    expect(r.R[0]).toBe(0);
    expect(r.R[1]).toBe(0);
    expect(r.R[2]).toBe(2);
    const loop = run('movs r0, #0\nloop: adds r0, #1\nb loop', 7);
    expect(loop.R[0]).toBe(3);
  });
});

describe('BL, BX, BLX', () => {
  it('BL sets LR to the return address with bit 0 set', () => {
    const r = run('bl sub\nmovs r0, #1\nsub: movs r1, #2', 2);
    expect(r.R[14]).toBe((CODE_BASE + 4) | 1);
    expect(r.R[1]).toBe(2);
    expect(r.sys.cpu.pc).toBe(CODE_BASE + 8);
  });

  it('BX LR returns; BX to an even address clears EPSR.T and the next instruction faults INVSTATE', () => {
    const r = run('bl sub\nmovs r0, #7\nb end\nsub: bx lr\nend:', 3);
    expect(r.R[0]).toBe(7);
    const even = run('bx r0', 2, (s) => (s.cpu.R[0] = CODE_BASE + 0x10));
    expect(even.sys.cpu.T).toBe(0);
    expect(even.faults[0]?.kind).toBe('INVSTATE');
  });

  it('BLX <Rm> branches with interworking and sets LR to the next instruction | 1', () => {
    const r = run('blx r3\nnop\nnop\nnop\nmovs r0, #9', 2, (s) => (s.cpu.R[3] = (CODE_BASE + 8) | 1));
    expect(r.R[14]).toBe((CODE_BASE + 2) | 1);
    expect(r.R[0]).toBe(9);
    // BLX LR: the target is read before LR is written
    const lr = run('blx lr\nnop\nmovs r1, #5', 2, (s) => (s.cpu.R[14] = (CODE_BASE + 4) | 1));
    expect(lr.R[1]).toBe(5);
    expect(lr.R[14]).toBe((CODE_BASE + 2) | 1);
    expect(decodeBytes(new Uint8Array([0xf8, 0x47])).mnem).toBe('UNPREDICTABLE'); // blx pc
  });

  it('BLX in Handler mode to an EXC_RETURN value is not an exception return', () => {
    let returned = false;
    const r = run('blx r0', 1, (s) => {
      s.cpu.IPSR = 3;
      s.cpu.R[0] = 0xfffffff9;
      s.cpu.exc.exceptionReturn = () => {
        returned = true;
      };
    });
    expect(returned).toBe(false);
    expect(r.sys.cpu.pc).toBe(0xfffffff8);
  });

  it('BX in Handler mode to an EXC_RETURN value is an exception return', () => {
    let value = 0;
    run('bx lr', 1, (s) => {
      s.cpu.IPSR = 11;
      s.cpu.R[14] = 0xfffffff1;
      s.cpu.exc.exceptionReturn = (v: number) => {
        value = v;
      };
    });
    expect(value).toBe(0xfffffff1);
  });
});

describe('CBZ/CBNZ', () => {
  it('branch on zero / non-zero, forward up to 126 bytes', () => {
    const src = (op: string) => `${op} r3, target\nmovs r0, #1\n.space 126\ntarget: movs r1, #1`;
    expect(decodeBytes(assemble(src('cbz'))).imm).toBe(CODE_BASE + 4 + 126);
    for (const [op, v, taken] of [['cbz', 0, true], ['cbz', 5, false], ['cbnz', 0, false], ['cbnz', 0x80000000, true]] as const) {
      const r = run(src(op), 1, (s) => (s.cpu.R[3] = v));
      expect(r.sys.cpu.pc, `${op} ${v}`).toBe(taken ? CODE_BASE + 130 : CODE_BASE + 2);
    }
  });
});

describe('branches and IT blocks', () => {
  it('B as the last instruction of an IT block is conditional', () => {
    for (const [flagsZ, expectR1] of [[1, 0], [0, 1]]) {
      const r = run('it eq\nbeq skip\nmovs r1, #1\nskip: nop', 3, (s) => (s.cpu.Z = flagsZ));
      expect(r.R[1]).toBe(expectR1);
      expect(r.faults).toEqual([]);
    }
    const bl = run('it ne\nblne sub\nnop\nsub: movs r2, #3', 3, (s) => (s.cpu.Z = 0));
    expect(bl.R[2]).toBe(3);
    expect(bl.R[14]).toBe((CODE_BASE + 6) | 1);
  });

  it('B T1, CBZ inside an IT block, and BL/BX not last in an IT block are UNPREDICTABLE', () => {
    // IT EQ ; BEQ (T1 encoding) .+4
    const b1 = run([0xbf08, 0xd000], 2, (s) => (s.cpu.Z = 1));
    expect(b1.faults[0]?.kind).toBe('UNDEFINSTR');
    expect(b1.faults[0]?.message).toContain('UNPREDICTABLE');
    // IT EQ ; CBZ r0
    const cb = run([0xbf08, 0xb100], 2, (s) => (s.cpu.Z = 1));
    expect(cb.faults[0]?.message).toContain('UNPREDICTABLE');
    // ITT EQ ; BX r0 ; NOP
    const bx = run([0xbf04, 0x4700, 0xbf00], 2, (s) => (s.cpu.Z = 1));
    expect(bx.faults[0]?.message).toContain('UNPREDICTABLE');
    // ITT EQ ; BL ; NOP
    const bl = run([0xbf04, 0xf000, 0xf802, 0xbf00], 2, (s) => (s.cpu.Z = 1));
    expect(bl.faults[0]?.message).toContain('UNPREDICTABLE');
  });
});
