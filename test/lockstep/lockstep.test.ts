// Lockstep against Unicorn: the committed C test programs (-O0, -O2, -Os) run with identical
// registers and APSR before every instruction, and the same output and exit code.
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { simTrace, unicornTrace, compareTraces } from './lockstep.ts';

const PROGRAMS = ['hello', 'arith64', 'setjmp', 'switch', 'recurse', 'sort', 'crc'];
const LEVELS = ['O0', 'O2', 'Os'];
const MAX = 3_000_000;

describe('lockstep against Unicorn', () => {
  for (const p of PROGRAMS)
    for (const l of LEVELS) {
      const elf = `firmware/elf/${p}-${l}.elf`;
      it.runIf(existsSync(elf))(`${p}-${l}`, () => {
        const theirs = unicornTrace(elf, MAX);
        const ours = simTrace(elf, MAX);
        const r = compareTraces(ours, theirs);
        expect(r.divergence).toBeNull();
        if (theirs.count < MAX) {
          // the program ran to its exit within the limit: the whole runs agree
          expect(r.compared).toBe(theirs.count);
          expect(ours.count - r.skippedIt).toBe(theirs.count);
          expect(ours.stdout).toBe(theirs.stdout);
          expect(ours.exitCode).toBe(theirs.exitCode);
        } else expect(r.compared).toBeGreaterThan(MAX - 1000);
      }, 120_000);
    }
});
