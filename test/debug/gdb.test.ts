// The GDB server: Debian's gdb-multiarch in batch mode against `m4sim run --gdb 0`, and a raw
// remote-protocol client for the packets gdb's batch session does not reach (binary writes,
// register writes, Ctrl-C, watchpoint kinds).
import { describe, it, expect } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { Session } from '../../sim/session.ts';
import { serveGdb, checksum, escape } from '../../sim/debug/server.ts';
import { debugRegs } from '../../sim/debug/regs.ts';
import type { RunResult } from '../../sim/session.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ELF = (n: string) => join(ROOT, 'firmware', 'elf', n);

// gdb-multiarch comes with scripts/setup.sh: a missing debugger fails the tests, it does not skip them
function checkGdb(): void {
  try {
    execFileSync('gdb-multiarch', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('gdb-multiarch is not installed (scripts/setup.sh installs it)');
  }
}

/** Starts `m4sim run --gdb 0 elf`, runs gdb-multiarch -batch with `cmds` against it. */
async function gdbSession(elf: string, cmds: string[]): Promise<{ gdb: string; out: string; err: string; code: number | null }> {
  checkGdb();
  const sim = spawn(process.execPath, [join(ROOT, 'bin', 'm4sim.mjs'), 'run', '--gdb', '0', elf], { cwd: ROOT, timeout: 50_000 });
  let out = '';
  let err = '';
  sim.stdout.on('data', (d) => (out += d));
  const port = await new Promise<number>((resolve, reject) => {
    sim.stderr.on('data', (d) => {
      err += d;
      const m = /waiting for gdb on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    sim.on('exit', () => reject(new Error(`m4sim exited before listening: ${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => sim.on('exit', (c) => resolve(c)));
  const args = ['-nx', '-batch', '-ex', 'set confirm off', '-ex', `target remote :${port}`];
  for (const c of cmds) args.push('-ex', c);
  args.push(elf);
  const gdb = await new Promise<string>((resolve) => {
    const g = spawn('gdb-multiarch', args, { cwd: join(ROOT, 'firmware'), timeout: 45_000 });
    let s = '';
    g.stdout.on('data', (d) => (s += d));
    g.stderr.on('data', (d) => (s += d));
    g.on('exit', () => resolve(s));
  });
  const code = await exited;
  return { gdb, out, err, code };
}

describe('gdb-multiarch against m4sim run --gdb', () => {
  it('breaks on main, steps, reads registers and a variable, continues to the exit code', async () => {
    const r = await gdbSession(ELF('hello-O0.elf'), ['break main', 'continue', 'next', 'info registers', 'print g_scale', 'print $s0', 'print/x $fpscr', 'continue']);
    expect(r.gdb).toMatch(/Breakpoint 1 at 0x[0-9a-f]+: file tests\/hello\.c, line 9\./);
    expect(r.gdb).toMatch(/Breakpoint 1, main \(\) at tests\/hello\.c:9/);
    // `next` went over initialise_monitor_handles() to line 10
    expect(r.gdb).toMatch(/\n10\t\s*printf\("hello from m4sim\\n"\);/);
    expect(r.gdb).toMatch(/\npc\s+0x80001c8\s+0x80001c8 <main\+8>/);
    expect(r.gdb).toMatch(/\nsp\s+0x2001fff0/);
    expect(r.gdb).toMatch(/\nxpsr\s+0x[0-9a-f]+/);
    expect(r.gdb).toMatch(/\nfpscr\s+0x0/);
    expect(r.gdb).toContain('$1 = 1.5');
    expect(r.gdb).toMatch(/\$2 = 0\n/);
    expect(r.gdb).toContain('[Inferior 1 (Remote target) exited with code 03]');
    expect(r.out).toBe('hello from m4sim\nint -42 hex 00c0ffee str ok\nfloat 3.3750\n');
    expect(r.code).toBe(3);
  }, 60_000);

  it('hardware breakpoints, a write watchpoint, stepi, finish', async () => {
    const r = await gdbSession(ELF('crc-O0.elf'), [
      'hbreak crc32_table',
      'watch table[5]',
      'continue',
      'delete 2',
      'continue',
      'stepi',
      'stepi',
      'info registers pc',
      'print c',
      'finish',
      'delete',
      'continue',
    ]);
    expect(r.gdb).toContain('Hardware assisted breakpoint 1 at');
    expect(r.gdb).toMatch(/Hardware watchpoint 2: table\[5\]\n\nOld value = 0\nNew value = 1886057615\n/);
    expect(r.gdb).toMatch(/Breakpoint 1, crc32_table \(p=0x[0-9a-f]+ <msg> "123456789", n=9\)/);
    expect(r.gdb).toMatch(/\npc\s+0x8000238\s+0x8000238 <crc32_table\+16>/);
    expect(r.gdb).toContain('$1 = 4294967295');
    // CRC-32 of "123456789" is 0xcbf43926
    expect(r.gdb).toContain(`Value returned is $2 = ${0xcbf43926}`);
    expect(r.gdb).toContain('[Inferior 1 (Remote target) exited normally]');
    expect(r.code).toBe(0);
  }, 60_000);
});

/** A minimal remote-protocol client. */
class Rsp {
  private buf = '';
  private waiters: ((p: string) => void)[] = [];
  private packets: string[] = [];
  constructor(private readonly s: Socket) {
    s.on('data', (d) => {
      this.buf += d.toString('latin1');
      for (;;) {
        this.buf = this.buf.replace(/^\++/, '');
        const m = /^\$([^#]*)#([0-9a-f]{2})/.exec(this.buf);
        if (!m) break;
        this.buf = this.buf.slice(m[0].length);
        expect(checksum(m[1])).toBe(Number.parseInt(m[2], 16));
        s.write('+');
        const w = this.waiters.shift();
        if (w) w(m[1]);
        else this.packets.push(m[1]);
      }
    });
  }
  next(): Promise<string> {
    const p = this.packets.shift();
    if (p !== undefined) return Promise.resolve(p);
    return new Promise((r) => this.waiters.push(r));
  }
  send(body: string): void {
    const e = escape(body);
    this.s.write(`$${e}#${checksum(e).toString(16).padStart(2, '0')}`, 'latin1');
  }
  async ask(body: string): Promise<string> {
    this.send(body);
    return this.next();
  }
  raw(b: string): void {
    this.s.write(b, 'latin1');
  }
}

async function startServer(elf: string, prepare: (s: Session) => void = () => {}): Promise<{ rsp: Rsp; session: Session; done: Promise<RunResult>; sock: Socket }> {
  const session = new Session({ elf, stdout: () => {}, stderr: () => {} });
  prepare(session);
  let port = 0;
  let done!: Promise<RunResult>;
  const listening = new Promise<void>((r) => {
    done = serveGdb(session, 0, { stdout: () => {}, stderr: () => {} }, { onListening: (p) => ((port = p), r()) });
  });
  await listening;
  const sock = connect(port, '127.0.0.1');
  await new Promise((r) => sock.on('connect', r));
  return { rsp: new Rsp(sock), session, done, sock };
}

const le32 = (v: number) => Buffer.from(new Uint32Array([v]).buffer).toString('hex');

describe('GDB remote protocol packets', () => {
  it('target description, registers, memory, breakpoints, watchpoints, Ctrl-C, kill', async () => {
    const { rsp, session, done } = await startServer(ELF('cpubench-O2.elf'));
    const cpu = session.sys.cpu;
    expect(await rsp.ask('qSupported:multiprocess+;swbreak+;xmlRegisters=arm')).toContain('qXfer:features:read+');
    // the whole target.xml in chunks
    let xml = '';
    for (;;) {
      const r = await rsp.ask(`qXfer:features:read:target.xml:${xml.length.toString(16)},80`);
      xml += r.slice(1);
      if (r[0] === 'l') break;
      expect(r[0]).toBe('m');
    }
    expect(xml).toContain('<feature name="org.gnu.gdb.arm.m-profile">');
    expect(xml).toContain('<feature name="org.gnu.gdb.arm.vfp">');
    for (let i = 0; i < 16; i++) expect(xml).toContain(`<reg name="d${i}" bitsize="64"`);
    expect(xml).toContain('<reg name="fpscr" bitsize="32"');
    expect(xml).toContain('<reg name="xpsr" bitsize="32" regnum="25"');
    // QEMU -S: stopped before the first instruction, at the reset vector
    expect(await rsp.ask('?')).toBe('S05');
    const g = await rsp.ask('g');
    const bytes = debugRegs.reduce((n, r) => n + r.bits / 8, 0);
    expect(g.length).toBe(2 * bytes);
    expect(g.slice(15 * 8, 16 * 8)).toBe(le32(cpu.pc));
    // register writes: r0, d1 (= s2, s3), fpscr
    expect(await rsp.ask(`P0=${le32(0xdeadbeef)}`)).toBe('OK');
    expect(cpu.R[0]).toBe(0xdeadbeef);
    expect(await rsp.ask(`P1b=${le32(0x3f800000)}${le32(0x40000000)}`)).toBe('OK');
    expect([cpu.S[2], cpu.S[3]]).toEqual([1, 2]);
    expect(await rsp.ask('p1b')).toBe(le32(0x3f800000) + le32(0x40000000));
    expect(await rsp.ask('p0')).toBe(le32(0xdeadbeef));
    expect(await rsp.ask('p63')).toMatch(/^E/);
    // G writes them all back
    const g2 = await rsp.ask('g');
    expect(await rsp.ask('G' + g2.replace(/^.{8}/, le32(7)))).toBe('OK');
    expect(cpu.R[0]).toBe(7);
    // memory: M (hex), X (binary with the escaped characters # $ } *), m
    expect(await rsp.ask('M20001000,4:01020304')).toBe('OK');
    expect(await rsp.ask('X20001004,6:' + '#$}*\x00\xff')).toBe('OK');
    expect(await rsp.ask('m20001000,a')).toBe('01020304' + '23247d2a00ff');
    expect(await rsp.ask('m40,4')).toMatch(/^[0-9a-f]{8}$/); // flash alias at 0
    expect(await rsp.ask('mfffffff0,4')).toMatch(/^E/);
    // a breakpoint on main, continue
    const main = session.symbols.get('main')!.addr;
    expect(await rsp.ask(`Z0,${main.toString(16)},2`)).toBe('OK');
    const stop = await rsp.ask('c');
    expect(stop).toMatch(/^T05/);
    expect(stop).toContain(`0f:${le32(main)}`);
    expect(cpu.pc).toBe(main);
    const instret = cpu.instret;
    // single step off the breakpoint: exactly one instruction
    expect(await rsp.ask('s')).toMatch(/^T05/);
    expect(cpu.instret).toBe(instret + 1);
    expect(await rsp.ask(`z0,${main.toString(16)},2`)).toBe('OK');
    // a write watchpoint on mc[0][0] (matrix_step stores it), a read one on ma[0][0] (loaded
    // by matrix_step), an access one on the stack word below sp (the next push)
    const mc = session.symbols.get('mc')!.addr;
    const ma = session.symbols.get('ma')!.addr;
    expect(await rsp.ask(`Z2,${mc.toString(16)},4`)).toBe('OK');
    expect(await rsp.ask('vCont;c')).toMatch(new RegExp(`^T05watch:${mc.toString(16)};`));
    // stopped just after the store: its effective address is at or below mc
    expect(cpu.ea).toBeLessThanOrEqual(mc);
    expect(mc - cpu.ea).toBeLessThan(64);
    expect(await rsp.ask(`z2,${mc.toString(16)},4`)).toBe('OK');
    expect(await rsp.ask(`Z3,${ma.toString(16)},2`)).toBe('OK');
    expect(await rsp.ask('c')).toMatch(new RegExp(`^T05rwatch:${ma.toString(16)};`));
    expect(await rsp.ask(`z3,${ma.toString(16)},2`)).toBe('OK');
    const sp = cpu.R[13];
    expect(await rsp.ask(`Z4,${(sp - 4).toString(16)},4`)).toBe('OK');
    expect(await rsp.ask('c')).toMatch(new RegExp(`^T05awatch:${(sp - 4).toString(16)};`));
    expect(await rsp.ask(`z4,${(sp - 4).toString(16)},4`)).toBe('OK');
    // run free and interrupt with Ctrl-C
    rsp.send('c');
    await new Promise((r) => setTimeout(r, 300));
    rsp.raw('\x03');
    expect(await rsp.next()).toMatch(/^T02/);
    expect(cpu.instret).toBeGreaterThan(instret + 1000);
    rsp.send('k');
    const r = await done;
    expect(r.stop.kind).toBe('halt');
  }, 60_000);

  it('reports the semihosting exit as W<code>', async () => {
    const a = await startServer(ELF('hello-O2.elf'));
    expect(await a.rsp.ask('c')).toBe('W03');
    a.sock.end();
    expect((await a.done).stop).toEqual({ kind: 'exit', code: 3 });
  }, 30_000);

  it('reports a lockup as SIGSEGV at the faulting instruction', async () => {
    let udf = 0;
    const a = await startServer(ELF('hello-O0.elf'), (s) => {
      // UDF in main with FAULTMASK set: the UsageFault locks the core up
      udf = s.symbols.get('main')!.addr + 8;
      s.sys.bus.load(udf, new Uint8Array([0xff, 0xde]));
      s.sys.cpu.FAULTMASK = 1;
    });
    const stop = await a.rsp.ask('c');
    expect(stop).toMatch(/^T0b/);
    expect(stop).toContain(`0f:${le32(udf)}`);
    // nothing can run any more: continuing says so again
    expect(await a.rsp.ask('c')).toMatch(/^T0b/);
    a.rsp.send('k');
    expect((await a.done).stop.kind).toBe('lockup');
  }, 30_000);

  it('bad --gdb ports: one line, usage exit code', async () => {
    const { main } = await import('../../sim/cli/main.ts');
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as { port: number }).port;
    let err = '';
    const io = { stdout: () => {}, stderr: (s: string) => void (err += s) };
    expect(await main(['run', '--gdb', String(port), ELF('hello-O2.elf')], io)).toBe(2);
    expect(err).toBe(`m4sim: gdb server on 127.0.0.1:${port}: port in use\n`);
    busy.close();
    err = '';
    expect(await main(['run', '--gdb', '70000', ELF('hello-O2.elf')], io)).toBe(2);
    expect(err).toMatch(/^m4sim: .*'70000' is not a TCP port/);
    expect(err.split('\n').length).toBe(2);
  });
});
