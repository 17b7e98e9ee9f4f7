// QEMU (test/oracle/qemu_run.sh) reproduces the recorded output and exit code of every
// committed test ELF (firmware/tests/expected, written by `make -C firmware expected`).
// This pins the oracle itself: a QEMU upgrade or a firmware change that alters what the
// programs print shows up here by name.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { TEST_ELFS } from './elf.ts';

const codes = new Map(
  readFileSync('firmware/tests/expected/exit-codes.txt', 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([n, c]) => [n, Number(c)] as [string, number]),
);

describe('QEMU output of every test ELF matches firmware/tests/expected', () => {
  it('has an expectation for every ELF', () => {
    expect([...codes.keys()].sort()).toEqual(TEST_ELFS.map((f) => f.replace(/\.elf$/, '')).sort());
  });
  for (const f of TEST_ELFS) {
    const name = f.replace(/\.elf$/, '');
    it(name, () => {
      const r = spawnSync('bash', ['test/oracle/qemu_run.sh', `firmware/elf/${f}`, '60'], { encoding: 'latin1' });
      expect(r.stdout).toBe(readFileSync(`firmware/tests/expected/${name}.out`, 'latin1'));
      expect(r.status).toBe(codes.get(name));
    }, 70_000);
  }
});
