// The generated block functions with inlined instructions (sim/jit/jsblock.ts, inline.ts) on
// code in flash: a fault in the middle of a generated block, code changed between runs, and
// that the inliner understands the exec functions as this test runner transforms them.
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { machine, assemble, faultingLoop } from '../helpers/machine.ts';
import { attachCycleModel } from '../../sim/timing/index.ts';
import { Session } from '../../sim/session.ts';
import { inlineExec, HelperTable } from '../../sim/jit/inline.ts';
import type { Op } from '../../sim/core/op.ts';

const FLASH = 0x08000000;

function flashMachine(src: string, inline: boolean) {
  const sys = machine(assemble('nop'));
  sys.bus.load(FLASH, assemble(src));
  const cpu = sys.cpu;
  cpu.pc = FLASH;
  const t = attachCycleModel(sys);
  cpu.fastPath = inline;
  cpu.blocks.inline = inline;
  cpu.blocks.hotJs = 2;
  return { sys, cpu, t };
}

function state(m: ReturnType<typeof flashMachine>) {
  const c = m.cpu;
  return { R: [...c.R], pc: c.pc, nextPC: c.nextPC, flags: [c.N, c.Z, c.C, c.V], instret: c.instret, cycles: c.cycles, stop: c.stop, ipsr: c.IPSR, stats: m.t.summary() };
}

describe('generated block functions', () => {
  // a loop whose block ends in a load from an unmapped address after 40 iterations: the fault
  // is raised inside the generated function, in the middle of its block
  const faulting = faultingLoop();
  it('a fault inside a block leaves the interpreter state', () => {
    const slow = flashMachine(faulting, false);
    slow.cpu.run(1000);
    const fast = flashMachine(faulting, true);
    fast.cpu.run(1000);
    expect(fast.cpu.blocks.jsCompiled).toBeGreaterThan(0);
    expect(state(fast)).toEqual(state(slow));
    expect(slow.cpu.R[0]).toBe(40);
    expect(slow.cpu.IPSR !== 0 || slow.cpu.stop !== null).toBe(true);
  });

  // a counting loop, then the add in it rewritten (as a debugger or a loader would, between
  // runs): the generated function must notice and the new instruction run
  const counting = `
    movs r0, #0
  loop:
    adds r0, #1
    cmp r0, #200
    bne loop
    b .
  `;
  it('code changed between runs is seen', () => {
    const runs = (inline: boolean) => {
      const m = flashMachine(counting, inline);
      m.cpu.run(100);
      // adds r0, #1 -> adds r0, #2 (T2: 00110 Rdn imm8)
      m.sys.bus.load(FLASH + 2, new Uint8Array([0x02, 0x30]));
      m.cpu.run(1000);
      return m;
    };
    const slow = runs(false);
    const fast = runs(true);
    expect(fast.cpu.blocks.jsCompiled).toBeGreaterThan(0);
    expect(state(fast)).toEqual(state(slow));
    // adds #1 would stop the loop at 200: adds #2 from an odd count runs past it
    expect(slow.cpu.R[0]).toBeGreaterThan(400);
  });

  it('stops at an instruction limit in the middle of a loop', () => {
    for (const n of [57, 58, 61, 300]) {
      const slow = flashMachine(counting, false);
      slow.cpu.run(n);
      const fast = flashMachine(counting, true);
      fast.cpu.run(n);
      expect(state(fast)).toEqual(state(slow));
      expect(fast.cpu.instret).toBe(n);
    }
  });

  it('inlines the hot instructions of the training firmware as this runner transforms them', () => {
    const s = new Session({ elf: resolve(import.meta.dirname, '../../firmware/elf/vae-u8.elf'), semihostRoot: resolve(import.meta.dirname, '../../profiles/baselines/vae-run') });
    const seen = new Map<Function, Op>();
    s.sys.cpu.observer = { retired: (_c, op) => void (seen.has(op.exec) || seen.set(op.exec, op)) };
    s.run({ maxInstructions: 2_000_000 });
    const h = new HelperTable();
    const failed = [...seen.values()].filter((op) => inlineExec(op, 0, h, 'L') === null).map((op) => op.exec.name);
    expect(seen.size).toBeGreaterThan(50);
    // everything but BKPT (semihosting: a call out by design)
    // (ldGeneric: the rare load forms through one generic function, not inlined)
    expect(failed.filter((n) => n !== 'bkpt' && n !== 'ldGeneric')).toEqual([]);
  }, 60_000);
});
