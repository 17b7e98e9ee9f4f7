// Cases where Unicorn 2.0.1 is known to differ from the Arm architecture. Each entry names
// the rule it breaks (ARMv7-M ARM section) and a test in test/diff/unicorn-gaps.test.ts
// that shows m4sim's architecturally correct result.
import type { Case } from './cases.ts';
import type { Outcome } from './harness.ts';

export function knownUnicornGaps(_c: Case, _ours: Outcome, _theirs: Outcome): boolean {
  return false;
}
