// Cases where Unicorn 2.0.1 is known to differ from the Arm architecture. Each entry names
// the rule it breaks and the test that shows m4sim's architecturally correct result.
import type { Case } from './cases.ts';
import type { Outcome } from './harness.ts';

const Q = 1 << 27;

export interface Gap {
  name: string;
  /** true when this case's difference is this known gap */
  matches(c: Case, ours: Outcome, theirs: Outcome): boolean;
}

export const GAPS: Gap[] = [
  {
    // ARMv7-M ARM, SMLAD/SMLADX: Q is set only if product1 + product2 + R[a] overflows 32
    // bits. Unicorn 2.0.1 (QEMU 5.0) also sets Q when product1 + product2 alone reaches 2^31;
    // fixed in QEMU 5.2 ("target/arm: Fix SMLAD incorrect setting of Q bit").
    // Shown by test/isa/dsp.test.ts "architecturally correct where Unicorn 2.0.1 differs".
    name: 'SMLAD Q flag (QEMU 5.0 bug)',
    matches(c, ours, theirs) {
      if (!/^SMLAD/.test(c.enc)) return false;
      if (ours.error !== null || theirs.error !== null) return false;
      if ((c.apsr & Q) !== 0) return false;
      if ((ours.apsr ^ theirs.apsr) !== Q) return false;
      return ours.regs.every((r, i) => r === theirs.regs[i]);
    },
  },
];

export function knownUnicornGaps(c: Case, ours: Outcome, theirs: Outcome): Gap | undefined {
  return GAPS.find((g) => g.matches(c, ours, theirs));
}
