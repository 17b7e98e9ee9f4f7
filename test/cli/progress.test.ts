// Progress of long runs on stderr (sim/cli/common.ts progressReporter, Session's onProgress):
// nothing for short runs, a line per interval for long ones, redrawn in place on a terminal,
// and the run's results unchanged.
import { describe, it, expect } from 'vitest';
import { progressReporter, type Io } from '../../sim/cli/common.ts';
import { main } from '../../sim/cli/main.ts';
import { Session } from '../../sim/session.ts';

function fakeIo(tty: boolean): Io & { err: string } {
  const io = { err: '', stdout: () => {}, stderr: (s: string) => void (io.err += s), stderrIsTTY: tty };
  return io;
}
const point = (i: number) => ({ instructions: i * 1e6, cycles: i * 1.5e6, seconds: (i * 1.5e6) / 120e6 });

describe('progressReporter', () => {
  it('shows nothing in the first 2 s, then one line per second on a terminal, and clears it', () => {
    let t = 0;
    const io = fakeIo(true);
    const p = progressReporter(io, undefined, () => t);
    for (; t < 1900; t += 100) p.onProgress(point(t / 100));
    expect(io.err).toBe('');
    for (; t <= 4500; t += 100) p.onProgress(point(t / 100));
    // at 2.0, 3.0, 4.0 s
    const lines = io.err.split('\r\x1b[K').filter((x) => x !== '');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('m4sim: 20.0 M instructions, 30.0 M cycles (0.250 s simulated) in 2 s, 15.0 M cycles/s');
    p.done();
    expect(io.err.endsWith('\r\x1b[K')).toBe(true);
  });

  it('is off when stderr is not a terminal, unless asked for; then a line every 10 s', () => {
    let t = 0;
    const quiet = fakeIo(false);
    const q = progressReporter(quiet, undefined, () => t);
    const asked = fakeIo(false);
    const a = progressReporter(asked, true, () => t);
    for (; t <= 25_000; t += 500) {
      q.onProgress(point(t / 500));
      a.onProgress(point(t / 500));
    }
    q.done();
    a.done();
    expect(quiet.err).toBe('');
    // at 2, 12 and 22 s, whole lines
    expect(asked.err.split('\n').filter((x) => x !== '')).toHaveLength(3);
    expect(asked.err).not.toContain('\r');
  });

  it('--no-progress turns it off on a terminal', () => {
    let t = 0;
    const io = fakeIo(true);
    const p = progressReporter(io, false, () => t);
    for (; t < 10_000; t += 100) p.onProgress(point(t / 100));
    p.done();
    expect(io.err).toBe('');
  });
});

describe('Session.run onProgress', () => {
  it('is called between slices with growing counts and leaves the results unchanged', () => {
    const elf = 'firmware/elf/cpubench-O2.elf';
    const seen: { instructions: number; cycles: number }[] = [];
    const a = new Session({ elf, stdout: () => {} }).run({ maxInstructions: 3_500_000, onProgress: (p) => seen.push(p) });
    const b = new Session({ elf, stdout: () => {} }).run({ maxInstructions: 3_500_000 });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i].instructions).toBeGreaterThan(seen[i - 1].instructions);
    expect(seen[seen.length - 1].cycles).toBe(a.cycles);
    expect([a.instructions, a.cycles]).toEqual([b.instructions, b.cycles]);
  });
});

describe('m4sim run --progress', () => {
  it('accepts --progress and --no-progress; a short run prints no progress line', async () => {
    const run = async (flags: string[]) => {
      let err = '';
      const code = await main(['run', ...flags, 'firmware/elf/hello-O2.elf'], { stdout: () => {}, stderr: (s) => (err += s) });
      return { code, err };
    };
    const plain = await run([]);
    for (const flag of ['--progress', '--no-progress']) {
      const r = await run([flag]);
      expect(r).toEqual(plain);
      expect(r.err).not.toMatch(/M cycles\/s/);
    }
  });
});

describe('--progress on every command that runs firmware', () => {
  for (const cmd of ['run', 'profile', 'baseline', 'check', 'compare', 'calibrate'])
    it(`${cmd} offers --progress and --no-progress`, async () => {
      let out = '';
      const code = await main([cmd, '--help'], { stdout: (s) => (out += String(s)), stderr: () => {} });
      expect(code).toBe(0);
      expect(out).toContain('--progress');
      expect(out).toContain('--no-progress');
    });
});
