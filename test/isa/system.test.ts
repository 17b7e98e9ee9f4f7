// System instructions: IT blocks end to end (every condition, masks of length 1-4, flags
// inside the block), hints, WFI/WFE/SEV, BKPT, SVC, UDF, CPS, MRS/MSR with every SYSm and the
// privilege rules, SP banking through CONTROL.SPSEL, barriers.
import { describe, it, expect } from 'vitest';
import { machine, assemble, t32, CODE_BASE } from '../helpers/machine.ts';
import { thumbDecoder } from '../../sim/isa/decoder.ts';
import { eventRegisterSet } from '../../sim/isa/system.ts';
import type { GuestFault } from '../../sim/core/fault.ts';
import { Cls } from '../../sim/core/op.ts';
import type { System } from '../../sim/system.ts';

interface Run {
  sys: System;
  R: Uint32Array;
  faults: GuestFault[];
}

/** Runs exactly `n` instructions (or until the run stops), recording faults independently
 * of the exception model. */
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

function decode(hws: number[]) {
  return thumbDecoder().decode(hws[0], hws[1] ?? 0, CODE_BASE);
}

const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'];

/** The condition tests of A7.3.1, written out independently of the core. */
function holds(cond: number, f: number): boolean {
  const n = (f >> 3) & 1,
    z = (f >> 2) & 1,
    c = (f >> 1) & 1,
    v = f & 1;
  return [z === 1, z === 0, c === 1, c === 0, n === 1, n === 0, v === 1, v === 0, c === 1 && z === 0, c === 0 || z === 1, n === v, n !== v, z === 0 && n === v, z === 1 || n !== v][cond];
}

function setFlags(sys: System, f: number): void {
  sys.cpu.N = (f >> 3) & 1;
  sys.cpu.Z = (f >> 2) & 1;
  sys.cpu.C = (f >> 1) & 1;
  sys.cpu.V = f & 1;
}

describe('IT', () => {
  it('every condition, every then/else pattern of length 1-4, every NZCV', () => {
    const patterns = [''];
    for (let len = 1; len <= 3; len++) for (let i = 0; i < 1 << len; i++) patterns.push([...Array(len)].map((_, k) => ((i >> (len - 1 - k)) & 1 ? 'e' : 't')).join(''));
    expect(patterns.length).toBe(15);
    // one source with every block; MOV<c> Rd, #1 inside IT is the 16-bit, non-flag-setting T1
    const blocks: { cond: number; slots: boolean[]; offset: number }[] = [];
    let src = '';
    let offset = 0;
    for (let cond = 0; cond < 14; cond++) {
      for (const p of patterns) {
        const slots = [true, ...[...p].map((ch) => ch === 't')];
        src += `it${p} ${CONDS[cond]}\n`;
        slots.forEach((then, k) => (src += `mov${CONDS[then ? cond : cond ^ 1]} r${k + 1}, #1\n`));
        blocks.push({ cond, slots, offset });
        offset += 2 + 2 * slots.length;
      }
    }
    const code = assemble(src);
    expect(code.length).toBe(offset);
    const sys = machine(code);
    const cpu = sys.cpu;
    for (const b of blocks) {
      for (let f = 0; f < 16; f++) {
        cpu.R.fill(0, 1, 5);
        setFlags(sys, f);
        cpu.pc = CODE_BASE + b.offset;
        cpu.run(1 + b.slots.length);
        expect(cpu.itState).toBe(0);
        expect(cpu.pc).toBe(CODE_BASE + b.offset + 2 + 2 * b.slots.length);
        b.slots.forEach((then, k) => {
          const executed = holds(b.cond, f) === then;
          expect(cpu.R[k + 1], `${CONDS[b.cond]} slot ${k} flags ${f}`).toBe(executed ? 1 : 0);
        });
        // MOV T1 inside an IT block does not set flags
        expect((cpu.N << 3) | (cpu.Z << 2) | (cpu.C << 1) | cpu.V).toBe(f);
      }
    }
  });

  it('sets ITSTATE to firstcond:mask and the loop advances it', () => {
    const r = run('itete mi\nmovmi r0, #1\nmovpl r1, #1\nmovmi r2, #1\nmovpl r3, #1', 2, (s) => (s.cpu.N = 1));
    // after IT and one instruction: ITSTATE shifted once
    expect(r.sys.cpu.itState).toBe(((0b0100 << 4) | 0b1011 << 1) & 0xff);
    r.sys.cpu.run(3);
    expect([r.R[0], r.R[1], r.R[2], r.R[3]]).toEqual([1, 0, 1, 0]);
    expect(r.sys.cpu.itState).toBe(0);
    expect(decode([0xbf08]).cls).toBe(Cls.IT);
  });

  it('flag-setting instructions inside IT change the conditions of later slots', () => {
    // CMP always sets flags; the later slots see the new flags
    const r = run('ittt eq\ncmpeq r0, #1\nmoveq r1, #1\nmoveq r2, #2', 4, (s) => {
      s.cpu.Z = 1;
      s.cpu.R[0] = 0;
    });
    expect(r.R[1]).toBe(0);
    expect(r.R[2]).toBe(0); // Z is now 0: skipped too
    const e = run('itte eq\ncmpeq r0, #0\nmoveq r1, #1\nmovne r2, #2', 4, (s) => {
      s.cpu.Z = 1;
      s.cpu.R[0] = 0;
    });
    expect(e.R[1]).toBe(1);
    expect(e.R[2]).toBe(0);
  });

  it('end to end: max(r0, r1) with ITE, and 16-bit MOVS sets flags only outside IT', () => {
    const src = 'cmp r0, r1\nite gt\nmovgt r2, r0\nmovle r2, r1';
    expect(run(src, 4, (s) => ((s.cpu.R[0] = 9), (s.cpu.R[1] = 4))).R[2]).toBe(9);
    expect(run(src, 4, (s) => ((s.cpu.R[0] = 0xfffffff0), (s.cpu.R[1] = 4))).R[2]).toBe(4);
    // MOVS r0, #0 (0x2000) inside IT EQ executes as MOV: the flags stay as they were
    const r = run([0xbf08, 0x2000], 2, (s) => {
      s.cpu.Z = 1;
      s.cpu.N = 1;
      s.cpu.R[0] = 5;
    });
    expect(r.R[0]).toBe(0);
    expect(r.sys.cpu.N).toBe(1); // not cleared: no flag setting inside IT
    const out = run([0x2000], 1, (s) => (s.cpu.N = 1));
    expect(out.sys.cpu.N).toBe(0);
    expect(out.sys.cpu.Z).toBe(1);
  });

  it('an instruction whose condition fails still advances ITSTATE and is retired', () => {
    const r = run('itt ne\nmovne r0, #1\nmovne r1, #1\nmovs r2, #3', 4, (s) => (s.cpu.Z = 1));
    expect([r.R[0], r.R[1], r.R[2]]).toEqual([0, 0, 3]);
    expect(r.sys.cpu.instret).toBe(4);
  });

  it('UNPREDICTABLE IT forms', () => {
    expect(decode([0xbff8]).mnem).toBe('UNPREDICTABLE'); // firstcond 1111
    expect(decode([0xbfec]).mnem).toBe('UNPREDICTABLE'); // ITE AL
    expect(decode([0xbfe8]).mnem).toBe('it'); // IT AL
    expect(decode([0xbfe4]).mnem).toBe('it'); // ITT AL
    // IT inside an IT block
    const r = run([0xbf04, 0xbf08, 0xbf00], 2, (s) => (s.cpu.Z = 1));
    expect(r.faults[0]?.message).toContain('UNPREDICTABLE');
  });
});

describe('hints', () => {
  it('NOP, YIELD, SEV, DBG and the 32-bit forms advance the PC', () => {
    const r = run('nop\nyield\nnop.w\nyield.w\nsev.w\ndbg #5\nmovs r0, #1', 7);
    expect(r.R[0]).toBe(1);
    expect(r.faults).toEqual([]);
    expect(decode([0xbf10]).mnem).toBe('yield');
    expect(decode(t32(0xf3af80f5)).mnem).toBe('dbg');
    expect(decode([0xbf70]).mnem).toBe('nop'); // reserved hint
    expect(decode(t32(0xf3af8003)).mnem).toBe('wfi');
    expect(decode(t32(0xf3af8002)).mnem).toBe('wfe');
    // op1 != 000 in the 32-bit hint space is UNDEFINED
    expect(decode(t32(0xf3af8103)).mnem).toBe('UNDEFINED');
  });

  it('WFI sleeps; with no interrupt source the run halts', () => {
    const r = run('wfi\nmovs r0, #1', 2);
    expect(r.sys.cpu.stop?.kind).toBe('halt');
    expect(r.R[0]).toBe(0);
    expect(r.sys.cpu.pc).toBe(CODE_BASE + 2);
    expect(decode([0xbf30]).cls).toBe(Cls.WFI);
  });

  it('WFE consumes a pending event (SEV) instead of sleeping, then sleeps', () => {
    const r = run('sev\nwfe\nmovs r0, #1\nwfe\nmovs r1, #1', 5);
    expect(r.R[0]).toBe(1);
    expect(r.R[1]).toBe(0);
    expect(r.sys.cpu.stop?.kind).toBe('halt');
    expect(eventRegisterSet(r.sys.cpu)).toBe(false);
    const s = run('sev', 1);
    expect(eventRegisterSet(s.sys.cpu)).toBe(true);
  });

  it('barriers execute as no-ops', () => {
    const r = run('dsb sy\ndmb ish\nisb\nmovs r0, #2', 4);
    expect(r.R[0]).toBe(2);
    expect(decode(t32(0xf3bf8f4f)).mnem).toBe('dsb');
    expect(decode(t32(0xf3bf8f5b)).mnem).toBe('dmb');
    expect(decode(t32(0xf3bf8f6f)).mnem).toBe('isb');
    expect(decode(t32(0xf3bf8f1f)).mnem).toBe('UNDEFINED');
  });
});

describe('BKPT, SVC, UDF', () => {
  it('BKPT calls onBkpt with its immediate; unhandled, it is a DEBUGEVT fault', () => {
    const seen: number[] = [];
    const r = run('bkpt #0xab\nmovs r0, #1', 2, (s) => {
      s.cpu.onBkpt = (_c, imm) => {
        seen.push(imm);
        return true;
      };
    });
    expect(seen).toEqual([0xab]);
    expect(r.R[0]).toBe(1);
    const u = run('bkpt #3', 1);
    expect(u.faults[0]?.kind).toBe('DEBUGEVT');
  });

  it('SVC makes SVCall (11) pending and asks the loop to take it before the next instruction', () => {
    const pending: number[] = [];
    let pcAtService = -1;
    const r = run('svc #5\nmovs r0, #1', 1, (s) => {
      s.cpu.exc.setPending = (n: number) => void pending.push(n);
      s.cpu.exc.takePending = () => {
        pcAtService = s.cpu.pc;
        return false;
      };
    });
    expect(pending).toEqual([11]);
    expect(r.sys.cpu.eventAt).toBe(0);
    r.sys.cpu.run(1);
    // the loop serviced pending exceptions before executing the next instruction
    expect(pcAtService).toBe(CODE_BASE + 2);
    expect(decode([0xdf05]).imm).toBe(5);
  });

  it('UDF (16- and 32-bit) raises UNDEFINSTR', () => {
    expect(run('udf #7', 1).faults[0]?.kind).toBe('UNDEFINSTR');
    expect(run('udf.w #300', 1).faults[0]?.kind).toBe('UNDEFINSTR');
  });
});

describe('CPS', () => {
  it('CPSID/CPSIE i and f set and clear PRIMASK and FAULTMASK', () => {
    const r = run('cpsid i\ncpsid f', 2);
    expect(r.sys.cpu.PRIMASK).toBe(1);
    expect(r.sys.cpu.FAULTMASK).toBe(1);
    const e = run('cpsie if', 1, (s) => {
      s.cpu.PRIMASK = 1;
      s.cpu.FAULTMASK = 1;
    });
    expect(e.sys.cpu.PRIMASK).toBe(0);
    expect(e.sys.cpu.FAULTMASK).toBe(0);
  });

  it('has no effect unprivileged; CPSID f has no effect in HardFault', () => {
    const u = run('cpsid if', 1, (s) => (s.cpu.CONTROL = 1));
    expect(u.sys.cpu.PRIMASK).toBe(0);
    expect(u.sys.cpu.FAULTMASK).toBe(0);
    const h = run('cpsid f', 1, (s) => (s.cpu.IPSR = 3));
    expect(h.sys.cpu.FAULTMASK).toBe(0);
  });

  it('is UNPREDICTABLE inside an IT block', () => {
    const r = run([0xbf08, 0xb672], 2, (s) => (s.cpu.Z = 1));
    expect(r.faults[0]?.message).toContain('UNPREDICTABLE');
  });
});

describe('MRS/MSR', () => {
  it('APSR_nzcvq, APSR_g and APSR_nzcvqg write only their bits; MRS APSR reads them back', () => {
    const r = run('msr APSR_nzcvq, r0\nmrs r1, apsr\nmsr APSR_g, r2\nmrs r3, apsr\nmsr APSR_nzcvqg, r4\nmrs r5, apsr', 6, (s) => {
      s.cpu.R[0] = 0xffffffff;
      s.cpu.R[2] = 0x000a0000 | 0x50000000;
      s.cpu.R[4] = 0x40050000;
    });
    expect(r.R[1]).toBe(0xf8000000);
    expect(r.R[3]).toBe(0xf80a0000);
    expect(r.R[5]).toBe(0x40050000);
    expect([r.sys.cpu.N, r.sys.cpu.Z, r.sys.cpu.C, r.sys.cpu.V, r.sys.cpu.Q, r.sys.cpu.GE]).toEqual([0, 1, 0, 0, 0, 5]);
  });

  it('xPSR views: IPSR, EPSR reads as zero, combinations', () => {
    const r = run('mrs r0, apsr\nmrs r1, iapsr\nmrs r2, eapsr\nmrs r3, xpsr\nmrs r4, ipsr\nmrs r5, epsr\nmrs r6, iepsr', 7, (s) => {
      s.cpu.IPSR = 11;
      s.cpu.APSR = 0x90030000;
    });
    expect(r.R[0]).toBe(0x90030000);
    expect(r.R[1]).toBe(0x9003000b);
    expect(r.R[2]).toBe(0x90030000);
    expect(r.R[3]).toBe(0x9003000b);
    expect(r.R[4]).toBe(11);
    expect(r.R[5]).toBe(0);
    expect(r.R[6]).toBe(11);
  });

  it('writes to IPSR/EPSR change nothing', () => {
    const r = run('msr ipsr, r0\nmsr epsr, r0\nmsr iepsr, r0', 3, (s) => (s.cpu.R[0] = 0xffffffff));
    expect(r.sys.cpu.APSR).toBe(0);
    expect(r.sys.cpu.IPSR).toBe(0);
    expect(r.sys.cpu.T).toBe(1);
  });

  it('MSP, PSP, PRIMASK, BASEPRI, FAULTMASK round trips', () => {
    const r = run(
      'msr psp, r0\nmrs r1, psp\nmsr msp, r2\nmrs r3, msp\nmsr primask, r4\nmrs r5, primask\nmsr basepri, r6\nmrs r7, basepri\nmsr faultmask, r4\nmrs r8, faultmask\nmrs r9, basepri_max',
      11,
      (s) => {
        s.cpu.R[0] = 0x20004003;
        s.cpu.R[2] = 0x20008000;
        s.cpu.R[4] = 0xffffffff;
        s.cpu.R[6] = 0x1a0;
      },
    );
    expect(r.R[1]).toBe(0x20004000); // SP bits [1:0] are zero
    expect(r.R[3]).toBe(0x20008000);
    expect(r.R[13]).toBe(0x20008000); // MSP is the current SP in Thread mode with SPSEL = 0
    expect(r.R[5]).toBe(1);
    expect(r.R[7]).toBe(0xa0);
    expect(r.R[8]).toBe(1);
    expect(r.R[9]).toBe(0xa0);
  });

  it('BASEPRI keeps only the implemented priority bits', () => {
    const src = 'msr basepri, r0\nmrs r1, basepri';
    const eight = run(src, 2, (s) => {
      s.cpu.exc.configure(95, 8);
      s.cpu.R[0] = 0x1a5;
    });
    expect(eight.R[1]).toBe(0xa5);
    const four = run(src, 2, (s) => {
      s.cpu.exc.configure(95, 4);
      s.cpu.R[0] = 0x1a5;
    });
    expect(four.R[1]).toBe(0xa0);
    const max = run('msr basepri_max, r0\nmrs r1, basepri', 2, (s) => {
      s.cpu.exc.configure(95, 4);
      s.cpu.BASEPRI = 0x40;
      s.cpu.R[0] = 0x3f; // 0x30 after masking: raises the masking
    });
    expect(max.R[1]).toBe(0x30);
  });

  it('BASEPRI_MAX only raises the masking priority', () => {
    const src = 'msr basepri_max, r0\nmrs r1, basepri';
    const at = (cur: number, v: number) => run(src, 2, (s) => ((s.cpu.BASEPRI = cur), (s.cpu.R[0] = v))).R[1];
    expect(at(0, 0x40)).toBe(0x40); // from no masking
    expect(at(0x40, 0x20)).toBe(0x20); // higher priority: lower value
    expect(at(0x20, 0x40)).toBe(0x20); // lower priority: ignored
    expect(at(0x20, 0)).toBe(0x20); // zero: ignored
  });

  it('MSR FAULTMASK cannot set FAULTMASK in HardFault or NMI', () => {
    const r = run('msr faultmask, r0', 1, (s) => ((s.cpu.IPSR = 3), (s.cpu.R[0] = 1)));
    expect(r.sys.cpu.FAULTMASK).toBe(0);
  });

  it('CONTROL.SPSEL in Thread mode switches the stack pointer (SP banking)', () => {
    const r = run('msr psp, r0\nmsr control, r1\npush {r2}\nmrs r3, msp\nmrs r4, control\nmovs r5, #0\nmsr control, r5\nmrs r6, psp', 8, (s) => {
      s.cpu.R[0] = 0x20004000;
      s.cpu.R[1] = 2;
      s.cpu.R[2] = 0x77;
      s.cpu.R[13] = 0x20008000;
    });
    expect(r.sys.bus.read32(0x20004000 - 4)).toBe(0x77);
    expect(r.R[3]).toBe(0x20008000);
    expect(r.R[4]).toBe(2);
    expect(r.R[13]).toBe(0x20008000); // back on MSP
    expect(r.R[6]).toBe(0x20004000 - 4);
  });

  it('CONTROL.SPSEL is not written in Handler mode; nPRIV and FPCA are', () => {
    const r = run('msr control, r0\nmrs r1, control', 2, (s) => {
      s.cpu.IPSR = 11;
      s.cpu.R[0] = 7;
      s.cpu.R[13] = 0x20008000;
    });
    expect(r.R[1]).toBe(5);
    expect(r.R[13]).toBe(0x20008000);
  });

  it('unprivileged: special registers read as zero and ignore writes, CONTROL and APSR still work', () => {
    const r = run('msr primask, r0\nmrs r1, primask\nmsr basepri, r0\nmsr control, r2\nmrs r3, control\nmrs r4, msp\nmsr APSR_nzcvq, r0\nmrs r5, apsr', 8, (s) => {
      s.cpu.CONTROL = 1; // nPRIV
      s.cpu.PRIMASK = 1;
      s.cpu.R[0] = 0xffffffff;
      s.cpu.R[2] = 0;
    });
    expect(r.sys.cpu.PRIMASK).toBe(1);
    expect(r.R[1]).toBe(0);
    expect(r.sys.cpu.BASEPRI).toBe(0);
    expect(r.R[3]).toBe(1); // still unprivileged: the write was ignored
    expect(r.R[4]).toBe(0);
    expect(r.R[5]).toBe(0xf8000000);
  });

  it('MSR PRIMASK asks the loop to look at pending interrupts', () => {
    const r = run('msr primask, r0', 1, (s) => ((s.cpu.PRIMASK = 1), (s.cpu.R[0] = 0), (s.cpu.eventAt = 1e9)));
    expect(r.sys.cpu.PRIMASK).toBe(0);
    expect(r.sys.cpu.eventAt).toBe(0);
  });

  it('UNPREDICTABLE forms', () => {
    const U = 'UNPREDICTABLE';
    expect(decode(t32(0xf3ef8d00)).mnem).toBe(U); // mrs sp, apsr
    expect(decode(t32(0xf3ef8004)).mnem).toBe(U); // SYSm 4
    expect(decode(t32(0xf3ef8015)).mnem).toBe(U); // SYSm 21
    expect(decode(t32(0xf3808000)).mnem).toBe(U); // msr with mask 00
    expect(decode(t32(0xf3808410)).mnem).toBe(U); // msr primask with mask 01
    expect(decode(t32(0xf38d8810)).mnem).toBe(U); // msr primask, sp
    expect(decode(t32(0xf3808810)).mnem).toBe('msr');
    expect(decode(t32(0xf3808810)).cls).toBe(Cls.SYS);
  });
});
