import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runParallel, runSequential, expandSweep, type SweepConfig } from '../../sim/sweep/sweep.ts';
import { main } from '../../sim/cli/main.ts';

const configs: SweepConfig[] = [
  { name: 'sort', elf: 'firmware/elf/sort-O2.elf' },
  { name: 'crc', elf: 'firmware/elf/crc-O2.elf' },
  { name: 'crc, fp-heavy charges', elf: 'firmware/elf/crc-O2.elf', charges: { cycle: 120, memWord: 40 } },
  { name: 'recurse, cut short', elf: 'firmware/elf/recurse-O2.elf', maxCycles: 300_000 },
  { name: 'vae-u8, first 3 M cycles', elf: 'firmware/elf/vae-u8.elf', semihostRoot: 'profiles/baselines/vae-run', maxCycles: 3_000_000 },
];

describe('sweeps', () => {
  it('5 configurations on 2 worker threads give exactly the sequential results', async () => {
    const seq = runSequential(configs);
    const seen: string[] = [];
    const par = await runParallel(configs, 2, (done, total, r) => seen.push(`${done}/${total} ${r.name}`));
    expect(par).toEqual(seq);
    expect(seen.length).toBe(5);
    expect(seen[4]).toMatch(/^5\/5 /);
    // the configurations differ where they should
    expect(seq[2].cycles).toBe(seq[1].cycles);
    expect(seq[2].energyJ).toBeGreaterThan(seq[1].energyJ);
    expect(seq[3].stop).toBe('limit');
    expect(seq[3].cycles).toBeGreaterThanOrEqual(300_000); // the last instruction may take several cycles
    expect(seq[3].cycles).toBeLessThan(300_100);
  }, 120_000);
  it('expands a matrix and runs from the command line', async () => {
    expect(expandSweep({ elfs: ['a.elf', 'b.elf'], profiles: ['p1', 'p2'] }, 'x').map((c) => c.name)).toEqual(['a.elf@p1', 'a.elf@p2', 'b.elf@p1', 'b.elf@p2']);
    expect(() => expandSweep({ what: 1 }, 'x.json')).toThrow(/x.json: expected "configs" or "elfs"/);
    const dir = mkdtempSync(join(tmpdir(), 'm4sweep-'));
    writeFileSync(join(dir, 's.json'), JSON.stringify({ elfs: ['firmware/elf/sort-O2.elf', 'firmware/elf/crc-O2.elf'] }));
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['sweep', join(dir, 's.json'), '--workers', '2', '-o', join(dir, 'r.json')], { stdout: (s) => out.push(String(s)), stderr: (s) => err.push(s) });
    expect(code).toBe(0);
    expect(err.join('')).toMatch(/^\[1\/2\] .*\n\[2\/2\] /);
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).map((r: { name: string }) => r.name)).toEqual(['sort-O2.elf@stm32l4r5zi', 'crc-O2.elf@stm32l4r5zi']);
  }, 120_000);
});
