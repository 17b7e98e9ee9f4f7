// m4sim trace: the line format, registers written and memory accessed against what the
// instructions do, --from/--until-return/--limit, chunked output, errors.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, openSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../sim/cli/main.ts';
import { ChunkWriter } from '../../sim/trace/index.ts';
import { Session } from '../../sim/session.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ELF = (n: string) => join(ROOT, 'firmware', 'elf', n);
const tmp = mkdtempSync(join(tmpdir(), 'm4trace-'));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => (out += typeof s === 'string' ? s : Buffer.from(s).toString('latin1')), stderr: (s) => (err += s) });
  return { code, out, err };
}

interface Line {
  cycle: number;
  pc: number;
  where: string;
  text: string;
  regs: string;
  mem: string;
}

function parse(trace: string): Line[] {
  return trace
    .split('\n')
    .filter((l) => l.length > 0 && !l.startsWith('#'))
    .map((l) => {
      const m = /^\s*(\d+) ([0-9a-f]{8}) (\S+)\s+(.*?)\s*\|(.*?)(?:\| (.*))?$/.exec(l);
      if (!m) throw new Error(`bad trace line: ${l}`);
      return { cycle: Number(m[1]), pc: Number.parseInt(m[2], 16), where: m[3], text: m[4], regs: m[5].trim(), mem: (m[6] ?? '').trim() };
    });
}

describe('m4sim trace', () => {
  it('traces from a function with disassembly, registers written and memory accessed', async () => {
    const f = join(tmp, 'hello.trace');
    const r = await cli(['trace', ELF('hello-O0.elf'), '--from', 'main', '--limit', '200', '-o', f]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^m4sim: traced 200 instructions \(\d+ bytes to .*hello\.trace\); \d+ instructions, \d+ cycles in all\n$/);
    const text = readFileSync(f, 'latin1');
    expect(text.startsWith('# m4sim trace of')).toBe(true);
    const lines = parse(text);
    expect(lines.length).toBe(200);
    // main: push {r7, lr}; add r7, sp, #0; bl initialise_monitor_handles
    expect(lines[0]).toMatchObject({ pc: 0x080001c0, where: 'main', text: 'push {r7, lr}', regs: 'sp=2001fff0', mem: 'wr8 2001fff0' });
    expect(lines[1]).toMatchObject({ pc: 0x080001c2, where: 'main+0x2', text: 'add r7, sp, #0', regs: 'r7=2001fff0', mem: '' });
    expect(lines[2]).toMatchObject({ pc: 0x080001c4, text: 'bl #0x8005468', regs: 'lr=080001c9' });
    expect(lines[3].where).toBe('initialise_monitor_handles');
    // a store shows the value written; a load the register it wrote and the address read
    const st = lines.find((l) => /^str r7, \[sp, #4\]/.test(l.text))!;
    expect(st.mem).toBe('wr4 2001ffc4=08005c00');
    const ld = lines.find((l) => /^ldr r7, \[pc, #0x110\]/.test(l.text))!;
    expect(ld).toMatchObject({ regs: 'r7=08005c00', mem: 'rd4 08005580' });
    // cycle stamps: non-decreasing, each line's instruction starts where the previous ended
    for (let i = 1; i < lines.length; i++) expect(lines[i].cycle).toBeGreaterThan(lines[i - 1].cycle);
  });

  it('--until-return ends at the return from the function; same trace twice', async () => {
    const f1 = join(tmp, 'crc1.trace');
    const f2 = join(tmp, 'crc2.trace');
    const a = await cli(['trace', ELF('crc-O2.elf'), '--from', 'crc32_table', '--until-return', '-o', f1]);
    const b = await cli(['trace', ELF('crc-O2.elf'), '--from', 'crc32_table', '--until-return', '-o', f2]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const t = readFileSync(f1);
    expect(t.equals(readFileSync(f2))).toBe(true);
    const lines = parse(t.toString('latin1'));
    expect(lines[0].where).toBe('crc32_table');
    for (const l of lines) expect(l.where).toMatch(/^crc32_table/);
    expect(lines[lines.length - 1].text).toMatch(/^(bx lr|pop .*pc\})$/);
    // crc32_table(msg, 9): 9 table loads (ldr with rd4 in the table) and 9 byte loads
    expect(lines.filter((l) => l.mem.startsWith('rd1 ')).length).toBe(9);
    expect(lines.filter((l) => /^ldr(\.w)? \S+, \[\S+, \S+, lsl #2\]/.test(l.text)).length).toBe(9);
    // the result: ~c in r0 = 0xcbf43926, the CRC-32 of "123456789"
    expect(lines.some((l) => l.regs.includes('r0=cbf43926'))).toBe(true);
  });

  it('IT blocks: conditions in the text, skipped instructions marked', async () => {
    const r = await cli(['trace', ELF('asm-it.elf')]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('PASS it');
    const lines = parse(r.out);
    // the test sets the flags with msr apsr, then "it eq; moveq r0, #1": taken with Z set,
    // skipped with Z clear (the line says so and shows no register written)
    const after = lines.filter((l, k) => k > 0 && lines[k - 1].text === 'it eq').map((l) => `${l.text} | ${l.regs}`);
    expect(after).toContain('moveq r0, #1 | r0=00000001');
    expect(after).toContain('moveq r0, #1 | (condition failed)');
    const skipped = lines.filter((l) => l.regs === '(condition failed)');
    const taken = lines.filter((l) => /^[a-z]+(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le)(\.[nw])? /.test(l.text) && !l.text.startsWith('b') && l.regs !== '(condition failed)');
    expect(skipped.length).toBeGreaterThan(5);
    expect(taken.length).toBeGreaterThan(5);
  });

  it('trace to stdout: the guest output goes to stderr', async () => {
    const r = await cli(['trace', ELF('hello-O2.elf'), '--from', 'main']);
    expect(r.code).toBe(3);
    expect(r.err).toContain('hello from m4sim\n');
    expect(r.out).not.toContain('hello from m4sim');
    expect(parse(r.out).length).toBeGreaterThan(1000);
  });

  it('bad input: one line, non-zero exit', async () => {
    const a = await cli(['trace', ELF('hello-O2.elf'), '--from', 'no_such_fn']);
    expect(a.code).toBe(66);
    expect(a.err).toMatch(/^m4sim: .*no function named 'no_such_fn'\n$/);
    const b = await cli(['trace', ELF('hello-O2.elf'), '--until-return']);
    expect(b.code).toBe(2);
    expect(b.err).toBe('m4sim: --until-return needs --from <symbol>\n');
    const c = await cli(['trace', ELF('hello-O2.elf'), '-o', join(tmp, 'no', 'dir', 'x.trace')]);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/does not exist\n$/);
    const d = await cli(['trace', ELF('hello-O2.elf'), '--from', 'SystemInit', '--limit', 'lots']);
    expect(d.code).toBe(2);
  });
});

describe('ChunkWriter', () => {
  it('holds at most one chunk: the file grows while the trace is written', () => {
    const f = join(tmp, 'chunks.txt');
    const fd = openSync(f, 'w');
    const w = new ChunkWriter(fd, 4096);
    const line = 'x'.repeat(99) + '\n';
    for (let i = 0; i < 1000; i++) {
      w.write(line);
      // everything but the last (partial) chunk is already in the file
      expect(statSync(f).size).toBeGreaterThan(i * 100 - 4096);
    }
    w.flush();
    closeSync(fd);
    expect(statSync(f).size).toBe(100_000);
    expect(w.bytes).toBe(100_000);
  });
});

describe('the tracer leaves the run unchanged', () => {
  it('same exit, instructions and cycles with and without a trace', async () => {
    const s = new Session({ elf: ELF('crc-O2.elf') });
    const plain = s.run();
    const f = join(tmp, 'crc-all.trace');
    const r = await cli(['trace', ELF('crc-O2.elf'), '-o', f, '--limit', String(plain.instructions + 10)]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`m4sim: traced ${plain.instructions} instructions`);
    expect(r.err).toContain(`; ${plain.instructions} instructions, ${plain.cycles} cycles in all`);
    const lines = parse(readFileSync(f, 'latin1'));
    expect(lines.length).toBe(plain.instructions);
  });
});
