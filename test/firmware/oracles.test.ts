// The oracle runners in test/oracle: QEMU (qemu_run.sh) and Unicorn (unicorn_run.py,
// lockstep trace and batch modes) on the committed test firmware.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElf, section } from './elf.ts';

const QEMU = 'test/oracle/qemu_run.sh';
const UNICORN = 'test/oracle/unicorn_run.py';
const PY = '/usr/bin/python3';
const HELLO_OUT = 'hello from m4sim\nint -42 hex 00c0ffee str ok\nfloat 3.3750\n';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'm4oracle-'));
}

describe('qemu_run.sh', () => {
  it('runs hello-O2.elf: semihosting stdout and exit code 3', () => {
    const r = spawnSync('bash', [QEMU, 'firmware/elf/hello-O2.elf', '30'], { encoding: 'latin1' });
    expect(r.stdout).toBe(HELLO_OUT);
    expect(r.status).toBe(3);
  });

  it('runs the self-checking assembly tests: each prints PASS and exits 0', () => {
    for (const t of ['ldrex', 'ldm_stm', 'it', 'tbb', 'sysregs', 'divzero', 'bitfield']) {
      const r = spawnSync('bash', [QEMU, `firmware/elf/asm-${t}.elf`, '30'], { encoding: 'latin1' });
      expect(r.stdout, t).toBe(`PASS ${t}\n`);
      expect(r.status, t).toBe(0);
    }
  });

  it('is deterministic for interrupt-driven programs (-icount): pendsv twice gives the same log', () => {
    const a = spawnSync('bash', [QEMU, 'firmware/elf/pendsv-O2.elf', '30'], { encoding: 'latin1' });
    const b = spawnSync('bash', [QEMU, 'firmware/elf/pendsv-O2.elf', '30'], { encoding: 'latin1' });
    expect(a.status).toBe(0);
    expect(a.stdout).toContain('log SsPSsPSsPSsPSsPSsP\n');
    expect(b.stdout).toBe(a.stdout);
  });

  it('rejects a missing ELF with one line and exit 2', () => {
    const r = spawnSync('bash', [QEMU, 'firmware/elf/no-such.elf'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['qemu_run.sh: no such ELF: firmware/elf/no-such.elf']);
  });
});

describe('unicorn_run.py lockstep', () => {
  it('traces hello-O2.elf: 17-word records from the reset handler, same stdout and exit code as QEMU', () => {
    const dir = tmp();
    try {
      const out = join(dir, 't.bin');
      const r = spawnSync(PY, [UNICORN, 'lockstep', 'firmware/elf/hello-O2.elf', '--out', out], { encoding: 'latin1' });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(HELLO_OUT);
      expect(r.status).toBe(3);
      const buf = readFileSync(out);
      expect(buf.length % 68).toBe(0);
      const n = buf.length / 68;
      expect(n).toBeGreaterThan(5000);
      const elf = readElf('firmware/elf/hello-O2.elf');
      const vt = section(elf, '.isr_vector');
      const rec = (i: number, w: number) => buf.readUInt32LE(i * 68 + w * 4);
      expect(rec(0, 0)).toBe(elf.buf.readUInt32LE(vt.offset + 4) & ~1); // pc = Reset_Handler
      expect(rec(0, 14)).toBe(elf.buf.readUInt32LE(vt.offset)); // sp = initial SP
      expect(rec(0, 16) & 0x01000000).toBe(0x01000000); // Thumb bit
      // the last record is the semihosting exit: BKPT 0xAB with r0 = SYS_EXIT_EXTENDED
      const lastPc = rec(n - 1, 0);
      const text = section(elf, '.text');
      expect(elf.buf.readUInt16LE(text.offset + (lastPc - text.addr))).toBe(0xbeab);
      expect(rec(n - 1, 1)).toBe(0x20);
      // main is reached
      const main = elf.symbols.get('main')! & ~1;
      let sawMain = false;
      for (let i = 0; i < n && !sawMain; i++) sawMain = rec(i, 0) === main;
      expect(sawMain).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--fp adds s0..s31 and fpscr (50-word records) and the same instruction stream', () => {
    const dir = tmp();
    try {
      const a = join(dir, 'a.bin');
      const b = join(dir, 'b.bin');
      spawnSync(PY, [UNICORN, 'lockstep', 'firmware/elf/asm-divzero.elf', '--out', a]);
      const r = spawnSync(PY, [UNICORN, 'lockstep', 'firmware/elf/asm-divzero.elf', '--out', b, '--fp'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      const ta = readFileSync(a);
      const tb = readFileSync(b);
      expect(tb.length % 200).toBe(0);
      expect(tb.length / 200).toBe(ta.length / 68);
      for (let i = 0; i < ta.length / 68; i++) expect(tb.readUInt32LE(i * 200)).toBe(ta.readUInt32LE(i * 68));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a program that waits for an interrupt as an error (exit 125), and --max', () => {
    const r = spawnSync(PY, [UNICORN, 'lockstep', 'firmware/elf/systick-O2.elf', '--out', '/dev/null'], { encoding: 'utf8' });
    expect(r.status).toBe(125);
    expect(r.stderr).toMatch(/WFI\/WFE/);
    const dir = tmp();
    try {
      const out = join(dir, 't.bin');
      const m = spawnSync(PY, [UNICORN, 'lockstep', 'firmware/elf/hello-O2.elf', '--out', out, '--max', '100'], { encoding: 'utf8' });
      expect(m.status).toBe(125);
      expect(m.stderr).toMatch(/instruction limit 100 reached/);
      expect(readFileSync(out).length).toBe(100 * 68); // exactly --max records
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a missing ELF with one line and exit 2', () => {
    const r = spawnSync(PY, [UNICORN, 'lockstep', 'nope.elf', '--out', '/dev/null'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').length).toBe(1);
    expect(r.stderr).toMatch(/cannot open ELF nope.elf/);
  });
});

interface BatchOut {
  regs: number[];
  apsr: number;
  fpscr: number;
  s: number[];
  mem: { addr: number; hex: string }[];
  error: string | null;
}

function batch(cases: object[]): BatchOut[] {
  const dir = tmp();
  try {
    writeFileSync(join(dir, 'in.jsonl'), cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
    const r = spawnSync(PY, [UNICORN, 'batch', join(dir, 'in.jsonl'), join(dir, 'out.jsonl')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BASE = 0x20000000;
const N = 0x80000000, Z = 0x40000000, C = 0x20000000, V = 0x10000000;

describe('unicorn_run.py batch', () => {
  it('adds r0, r0, r1 (0x1840): result and NZCV', () => {
    const adds = (a: number, b: number) => ({ code: '4018', base: BASE, regs: [a, b], apsr: 0, fpscr: 0, s: [], mem: [], count: 1 });
    const out = batch([adds(1, 2), adds(0xffffffff, 1), adds(0x7fffffff, 1), adds(0x80000000, 0x80000000), adds(0xfffffffe, 1)]);
    expect(out.map((o) => [o.regs[0], o.apsr >>> 0])).toEqual([
      [3, 0],
      [0, (Z | C) >>> 0],
      [0x80000000, (N | V) >>> 0],
      [0, (Z | C | V) >>> 0],
      [0xffffffff, N >>> 0],
    ]);
    for (const o of out) {
      expect(o.error).toBeNull();
      expect(o.regs[15]).toBe(BASE + 2);
      expect(o.regs.length).toBe(16);
      expect(o.s.length).toBe(32);
    }
  });

  it('keeps GE from "apsr" (SEL), runs several instructions, reads memory back and isolates cases', () => {
    const [sel, st, after] = batch([
      // sel r0, r2, r3 with GE = 0b0101
      { code: 'a2fa83f0', base: BASE, regs: [0, 0, 0x11223344, 0xaabbccdd], apsr: 0x00050000, count: 1 },
      // str r0, [r1]; adds r0, #1; str r0, [r1, #4]
      { code: '08600130486000bf', base: BASE, regs: [0x55, 0x20001000], mem: [{ addr: 0x20001000, hex: 'ff'.repeat(12) }], count: 3 },
      // ldr r0, [r1]: the memory of the previous case has been cleared
      { code: '0868', base: BASE, regs: [0, 0x20001000], count: 1 },
    ]);
    expect(sel.regs[0]).toBe(0xaa22cc44);
    expect(sel.apsr >>> 0).toBe(0x00050000);
    expect(st.mem).toEqual([{ addr: 0x20001000, hex: '55000000' + '56000000' + 'ffffffff' }]);
    expect(st.regs[15]).toBe(BASE + 6);
    expect(after.regs[0]).toBe(0);
  });

  it('float: vadd.f32 s0, s1, s2 and FPSCR flags; an SVC stops the case with an error', () => {
    const [fadd, svc] = batch([
      { code: '30ee810a', base: BASE, s: [0, 0x3f800000, 0x3eaaaaab], fpscr: 0, count: 1 }, // 1 + 1/3
      { code: '05df', base: BASE, count: 1 },
    ]);
    expect(fadd.s[0]).toBe(0x3faaaaab);
    expect(fadd.fpscr & 0x10).toBe(0x10); // inexact
    expect(svc.error).toMatch(/^exception/);
  });

  it('rejects a malformed case with one line naming it', () => {
    const dir = tmp();
    try {
      writeFileSync(join(dir, 'in.jsonl'), '{"code":"4018","regs":[-1]}\n');
      const r = spawnSync(PY, [UNICORN, 'batch', join(dir, 'in.jsonl'), join(dir, 'out.jsonl')], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`unicorn_run: ${join(dir, 'in.jsonl')} line 1: regs[0] must be an integer 0..2^32-1, got -1`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
