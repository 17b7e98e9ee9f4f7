// `m4sim run`: bad input gives one line naming the problem and a non-zero exit, never a
// JavaScript stack trace; limits stop runaway code with its PC; runs repeat exactly.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../sim/cli/main.ts';
import { EXIT } from '../../sim/cli/common.ts';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => (out += typeof s === 'string' ? s : Buffer.from(s).toString('latin1')), stderr: (s) => (err += s) });
  return { code, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'm4cli-'));
const hello = 'firmware/elf/hello-O2.elf';

function elfVariant(name: string, edit: (b: Buffer) => void): string {
  const b = Buffer.from(readFileSync(hello));
  edit(b);
  const p = join(tmp, name);
  writeFileSync(p, b);
  return p;
}

describe('m4sim run: bad input', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a missing file', () => join(tmp, 'nope.elf'), /nope\.elf: cannot read file \(no such file\)/],
    ['not an ELF', () => elfVariant('text.elf', (b) => b.write('hello world', 0)), /not an ELF file/],
    ['a 64-bit ELF', () => elfVariant('c64.elf', (b) => (b[4] = 2)), /not a 32-bit ELF/],
    ['a big-endian ELF', () => elfVariant('be.elf', (b) => (b[5] = 2)), /not little-endian/],
    ['another machine', () => elfVariant('x86.elf', (b) => b.writeUInt16LE(3, 18)), /not an ARM ELF \(e_machine 3\)/],
    ['truncated headers', () => { const p = join(tmp, 'trunc.elf'); writeFileSync(p, readFileSync(hello).subarray(0, 40)); return p; }, /truncated ELF header/],
    ['a truncated file', () => { const p = join(tmp, 'trunc2.elf'); writeFileSync(p, readFileSync(hello).subarray(0, 2000)); return p; }, /(extends past the end of the file|truncated or inconsistent)/],
    ['a directory', () => tmp, /not a regular file/],
  ];
  for (const [what, make, re] of cases)
    it(`refuses ${what} with one line and exit ${EXIT.badInput}`, async () => {
      const r = await cli(['run', make()]);
      expect(r.code).toBe(EXIT.badInput);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^m4sim: /);
      expect(r.err).toMatch(re);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    });

  it('refuses a segment outside the device memory', async () => {
    // move the first PT_LOAD's physical address to 0x30000000 (unmapped)
    const p = elfVariant('outside.elf', (b) => {
      const phoff = b.readUInt32LE(28);
      b.writeUInt32LE(0x30000000, phoff + 12);
    });
    const r = await cli(['run', p]);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toMatch(/segment at 0x30000000.*is outside the memory of stm32l4r5zi/);
  });

  it('refuses a bad flag value and an unknown flag with exit 2', async () => {
    for (const args of [['run', hello, '--max-cycles', 'lots'], ['run', hello, '--bogus'], ['frobnicate'], ['run', hello, '--profile', 'nosuch']]) {
      const r = await cli(args);
      expect(r.code === EXIT.usage || r.code === EXIT.badInput).toBe(true);
      expect(r.err.trim().split('\n')[0]).toMatch(/^m4sim: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses a --semihost-root that is not a directory', async () => {
    const r = await cli(['run', hello, '--semihost-root', join(tmp, 'nodir')]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/not a directory/);
  });

  it('does not overwrite the ELF with --stats', async () => {
    const copy = join(tmp, 'keep.elf');
    copyFileSync(hello, copy);
    const before = readFileSync(copy);
    const r = await cli(['run', copy, '--stats', copy]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/refusing to overwrite an input file/);
    expect(readFileSync(copy).equals(before)).toBe(true);
  });
});

describe('m4sim run: limits, faults and exit codes', () => {
  it('passes the guest exit code and output through', async () => {
    const r = await cli(['run', hello]);
    expect(r.code).toBe(3);
    expect(r.out).toContain('hello from m4sim');
    expect(r.err).toBe('');
  });

  it('--max-cycles stops a runaway program and names the PC', async () => {
    const r = await cli(['run', 'firmware/elf/cpubench-O2.elf', '--max-cycles', '100k']);
    expect(r.code).toBe(EXIT.limit);
    expect(r.err.split('\n')[0]).toMatch(/^m4sim: .*--max-cycles 100000 reached at pc 0x[0-9a-f]{8} in \w+/);
    expect(r.err).toContain('call stack');
  });

  it('writes --stats as JSON', async () => {
    const stats = join(tmp, 'stats.json');
    const r = await cli(['run', hello, '--stats', stats]);
    expect(r.code).toBe(3);
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    expect(s.instructions).toBeGreaterThan(1000);
    expect(s.cycles).toBeGreaterThanOrEqual(s.instructions);
    expect(s.simulatedSeconds).toBeGreaterThan(0);
    expect(s.stop).toEqual({ kind: 'exit', code: 3 });
  });

  it('reports a fault with no handler that can run as a lock-up with registers and call stack', async () => {
    // a program whose reset vector points at an UDF inside the HardFault handler: the vector
    // table of hello with every fault vector pointing to the reset handler's first halfword
    // replaced... simpler: jump to an unmapped address from reset
    const p = elfVariant('badreset.elf', (b) => {
      // the vector table is at the start of the first PT_LOAD segment; word 1 = reset vector
      const phoff = b.readUInt32LE(28);
      const off = b.readUInt32LE(phoff + 4);
      b.writeUInt32LE(0x30000001, off + 4); // reset into unmapped memory
      for (let v = 2; v < 16; v++) b.writeUInt32LE(0x30000001, off + 4 * v); // and every fault handler
    });
    const r = await cli(['run', p]);
    expect(r.code).toBe(EXIT.fault);
    expect(r.err.split('\n')[0]).toMatch(/^m4sim: .*lockup/);
    expect(r.err).toContain('registers:');
    expect(r.err).not.toMatch(/\n\s+at \S+ \(/);
  });
});

describe('determinism', () => {
  it('two runs of the same ELF give identical output and counts', async () => {
    const a = join(tmp, 'a.json');
    const b = join(tmp, 'b.json');
    const r1 = await cli(['run', 'firmware/elf/systick-O2.elf', '--stats', a]);
    const r2 = await cli(['run', 'firmware/elf/systick-O2.elf', '--stats', b]);
    expect(r1.out).toBe(r2.out);
    expect(r1.code).toBe(r2.code);
    const sa = JSON.parse(readFileSync(a, 'utf8'));
    const sb = JSON.parse(readFileSync(b, 'utf8'));
    for (const k of ['instructions', 'cycles', 'simulatedSeconds']) expect(sa[k]).toBe(sb[k]);
    expect(existsSync(a)).toBe(true);
  });
});

describe('m4sim experiment', () => {
  it('hands its arguments to the workload command line (SRAM table from the ELFs)', async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void lines.push(a.join(' '));
    try {
      const r = await cli(['experiment', 'sram']);
      expect(r.code).toBe(0);
    } finally {
      console.log = log;
    }
    expect(lines.join('\n')).toMatch(/baseline u8 +activations +\d+\.\d kB \(published 23\)/);
  });
});

describe('m4sim run --uart', () => {
  it('writes what the firmware sends on LPUART1 to a file, and counts GPIO edges in --stats', async () => {
    const dir = mkdtempSync(join(tmp, 'uart-'));
    copyFileSync('profiles/baselines/vae-run/train.bin', join(dir, 'train.bin'));
    writeFileSync(join(dir, 'vae.cfg'), 'steps=1\nuart=1\nlog_every=1\ninfer_every=0\ndump=\n');
    const r = await cli(['run', 'firmware/elf/vae-u8.elf', '--semihost-root', dir, '--uart', join(dir, 'uart.txt'), '--stats', join(dir, 's.json')]);
    expect(r.code).toBe(0);
    const uart = readFileSync(join(dir, 'uart.txt'), 'latin1');
    expect(uart).toMatch(/^vae-u8: latent 10 .* clock 120000000 Hz/);
    expect(uart).toMatch(/step 1 elbo [\d.]+ cycles\/step \d+/);
    expect(JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')).gpioEdges).toBe(2);
  }, 120_000);
});
