// The full random-instruction differential run against Unicorn (the test suite runs a seeded
// slice). Usage: npx tsx scripts/difftest.ts [--count 1000000] [--seed N] [--only REGEX]
// Prints progress on stderr, a per-encoding count and every divergence; exits 1 on any.
import { generateCases } from '../test/diff/cases.ts';
import { SimRunner, runUnicorn, compare, describeCase } from '../test/diff/harness.ts';
import { knownUnicornGaps } from '../test/diff/unicorn-gaps.ts';
import { thumbDecoder } from '../sim/isa/decoder.ts';
import { encodings as dataproc } from '../sim/isa/dataproc.ts';
import { encodings as loadstore } from '../sim/isa/loadstore.ts';
import { encodings as branch } from '../sim/isa/branch.ts';
import { encodings as system } from '../sim/isa/system.ts';
import { encodings as dsp } from '../sim/isa/dsp.ts';
import { encodings as vfp } from '../sim/isa/vfp.ts';

const GROUPS: Record<string, { name: string }[]> = { dataproc, loadstore, branch, system, dsp, vfp };

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const total = Number(opt('--count', '1000000'));
let seed = Number(opt('--seed', '1'));
// --group dsp,vfp: only the encodings of those instruction group files
const groups = opt('--group', '');
const inGroups = new Set(groups ? groups.split(',').flatMap((g) => (GROUPS[g] ?? []).map((e) => e.name)) : []);
const onlyRe = new RegExp(opt('--only', '.'));
const only = { test: (name: string) => onlyRe.test(name) && (inGroups.size === 0 || inGroups.has(name)) };
const encodings = thumbDecoder().encodings.filter((e) => only.test(e.name));
const perChunk = Math.max(1, Math.floor(20000 / encodings.length));
const counts = new Map<string, number>();
let done = 0;
let gaps = 0;
const bad: string[] = [];
const t0 = Date.now();
while (done < total) {
  const cases = generateCases(seed++, perChunk, (e) => only.test(e.name)).slice(0, total - done);
  // a fresh device per chunk, as each chunk runs in a fresh Unicorn process: memory a case
  // stored to outside the cleared range must be the same on both sides
  const sim = new SimRunner();
  const ours = cases.map((c) => sim.run(c));
  const theirs = runUnicorn(cases);
  for (let i = 0; i < cases.length; i++) {
    counts.set(cases[i].enc, (counts.get(cases[i].enc) ?? 0) + 1);
    const d = compare(cases[i], ours[i], theirs[i]);
    if (d.length === 0) continue;
    if (knownUnicornGaps(cases[i], ours[i], theirs[i])) {
      gaps++;
      continue;
    }
    bad.push(`${describeCase(cases[i])}\n    ${d.join('\n    ')}`);
  }
  done += cases.length;
  process.stderr.write(`\r${done}/${total} instructions, ${bad.length} divergences, ${gaps} known Unicorn gaps, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
process.stderr.write('\n');
const names = [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]));
console.log(`${done} instructions over ${names.length} encodings (of ${encodings.length}); ${bad.length} divergences; ${gaps} known Unicorn gaps`);
for (const [n, c] of names) console.log(`  ${String(c).padStart(8)}  ${n}`);
for (const b of bad.slice(0, 200)) console.log(b);
process.exitCode = bad.length ? 1 : 0;
