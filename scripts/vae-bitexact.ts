// The VAE firmware in m4sim and the native host build train to bit-identical weights.
// Usage: npx tsx scripts/vae-bitexact.ts [--steps 200] [--precision fp32|u8|both] [--data train.bin]
// (default data: the packed Fashion-MNIST training set in workload/data/cache/fashion/train.bin,
// which `m4sim experiment vae` writes; any M4VD file works). Prints one line per precision and
// exits 1 if any weight differs.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../sim/session.ts';
import { prepareFirmwareDir, hostReferenceDump, compareDumps } from '../workload/firmware-run.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const steps = Number(opt('--steps', '200'));
const data = opt('--data', 'workload/data/cache/fashion/train.bin');
const precisions = opt('--precision', 'both') === 'both' ? (['fp32', 'u8'] as const) : ([opt('--precision', 'both')] as ('fp32' | 'u8')[]);
if (!existsSync(data)) {
  console.error(`vae-bitexact: ${data}: no such data file (run \`m4sim experiment vae\` once to pack Fashion-MNIST, or pass --data)`);
  process.exit(2);
}

let bad = 0;
for (const p of precisions) {
  const dir = mkdtempSync(join(tmpdir(), `m4-bitexact-${p}-`));
  const dump = prepareFirmwareDir(dir, data, p, { steps, inferEvery: 0, logEvery: 0, uart: false });
  const t0 = Date.now();
  const s = new Session({ elf: `firmware/elf/vae-${p}.elf`, semihostRoot: dir });
  const r = s.run({ maxInstructions: 1e11 });
  if (r.stop.kind !== 'exit' || r.stop.code !== 0) {
    console.log(`${p}: the firmware did not finish: ${JSON.stringify(r.stop)}`);
    bad++;
    continue;
  }
  const sim = new Uint8Array(readFileSync(join(dir, dump)));
  const ref = hostReferenceDump(p, data, steps);
  const d = compareDumps(sim, ref);
  const same = sim.length === ref.length && Buffer.from(sim).equals(Buffer.from(ref));
  if (!same) bad++;
  console.log(
    `${p}: ${steps} steps, ${r.instructions} instructions, ${r.cycles} cycles (${(r.seconds * 1000).toFixed(1)} ms simulated, ${((Date.now() - t0) / 1000).toFixed(0)} s wall): ` +
      (same ? `weights bit-identical to the host build (${sim.length} bytes)` : `weights differ: ${JSON.stringify(d)}`),
  );
}
process.exitCode = bad ? 1 : 0;
