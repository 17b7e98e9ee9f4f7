// The committed VAE firmware, run in m4sim (cycle model and fast path on), trains to weights
// bit-identical to the native host build after the same steps. The 200-step version of this
// check is `npx tsx scripts/vae-bitexact.ts --steps 200` (docs/workload.md).
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../sim/session.ts';
import { prepareFirmwareDir, hostReferenceDump, compareDumps } from '../../workload/firmware-run.ts';
import { writeSynthetic } from './helpers.ts';

const STEPS = 6;

describe('firmware in m4sim vs host build', () => {
  let data = '';
  beforeAll(() => {
    data = writeSynthetic(mkdtempSync(join(tmpdir(), 'vae-m4sim-data-')), 10);
  });
  for (const p of ['fp32', 'u8'] as const)
    it(`${p}: bit-identical weights after ${STEPS} steps`, () => {
      const dir = mkdtempSync(join(tmpdir(), `vae-m4sim-${p}-`));
      const dump = prepareFirmwareDir(dir, data, p, { steps: STEPS, inferEvery: 3, logEvery: 0, uart: false });
      const s = new Session({ elf: `firmware/elf/vae-${p}.elf`, semihostRoot: dir });
      const r = s.run({ maxInstructions: 2e9 });
      expect(r.stop).toEqual({ kind: 'exit', code: 0 });
      const sim = new Uint8Array(readFileSync(join(dir, dump)));
      const ref = hostReferenceDump(p, data, STEPS);
      expect(compareDumps(sim, ref).identical).toBe(true);
      expect(Buffer.from(sim).equals(Buffer.from(ref))).toBe(true);
    }, 240_000);
});
