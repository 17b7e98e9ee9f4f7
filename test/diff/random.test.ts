// Random-instruction differential test against Unicorn: a seeded slice of what
// scripts/difftest.ts runs in full. Every encoding of the decoder gets cases.
import { describe, it, expect } from 'vitest';
import { generateCases } from './cases.ts';
import { SimRunner, runUnicorn, compare, describeCase } from './harness.ts';
import { knownUnicornGaps } from './unicorn-gaps.ts';

const PER_ENCODING = Number(process.env.M4SIM_DIFF_PER_ENCODING ?? 12);
const SEED = Number(process.env.M4SIM_DIFF_SEED ?? 20261124);

describe('random instructions against Unicorn', () => {
  it(`${PER_ENCODING} cases per encoding, seed ${SEED}: no divergence`, () => {
    const cases = generateCases(SEED, PER_ENCODING);
    expect(cases.length).toBeGreaterThan(100);
    const sim = new SimRunner();
    const ours = cases.map((c) => sim.run(c));
    const theirs = runUnicorn(cases);
    const bad: string[] = [];
    for (let i = 0; i < cases.length; i++) {
      const d = compare(cases[i], ours[i], theirs[i]);
      if (d.length === 0) continue;
      if (knownUnicornGaps(cases[i], ours[i], theirs[i])) continue;
      bad.push(`${describeCase(cases[i])}\n    ${d.join('\n    ')}`);
    }
    expect(bad.slice(0, 20).join('\n')).toBe('');
  }, 300_000);
});
