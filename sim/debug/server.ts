// A GDB remote serial protocol server (GDB manual, appendix E "GDB Remote Serial Protocol")
// for one Session: `m4sim run --gdb PORT`. Like QEMU's -s -S, the core waits before its first
// instruction until a debugger connects on 127.0.0.1:PORT and tells it to go.
//
// Supported: qSupported (PacketSize, qXfer:features:read, QStartNoAckMode, vContSupported),
// the target description (sim/debug/regs.ts), ?, g/G, p/P, m/M/X, Z0/z0 and Z1/z1 (both as
// decode-cache breakpoints), Z2/Z3/Z4 watchpoints, s, c, vCont (c/s), Ctrl-C (0x03) while
// running, D (detach: the firmware runs on to its end), k. Stop replies: T05 (breakpoint,
// step, watchpoint with watch/rwatch/awatch:ADDR), T02 (Ctrl-C), T0b (a lockup or a fault
// beyond recovery, SIGSEGV), W<code> when the guest exits through semihosting.
import { createServer, type Server, type Socket } from 'node:net';
import type { Session, RunResult } from '../session.ts';
import type { Io } from '../cli/common.ts';
import type { StopReason } from '../core/fault.ts';
import { targetXml, readAllRegs, writeAllRegs, regByNum, wordHex, hexWord } from './regs.ts';
import { Breakpoints, Watchpoints, takeHit, BP_IMM, WP_IMM, type WatchKind } from './breakpoints.ts';

/** Instructions per slice while running: between slices the server looks at the socket. */
const SLICE = 200_000;

const SIGINT = 2;
const SIGTRAP = 5;
const SIGSEGV = 11;

export interface GdbServerOptions {
  /** called with the port actually listened on (port 0 picks a free one) */
  onListening?: (port: number) => void;
}

export function serveGdb(session: Session, port: number, io: Io, opts: GdbServerOptions = {}): Promise<RunResult> {
  return new Promise<RunResult>((resolve, reject) => {
    const server = createServer();
    server.maxConnections = 1;
    server.on('error', (e: NodeJS.ErrnoException) => reject(new Error(`gdb server on 127.0.0.1:${port}: ${e.code === 'EADDRINUSE' ? 'port in use' : e.message}`)));
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      const actual = typeof addr === 'object' && addr !== null ? addr.port : port;
      io.stderr(`m4sim: waiting for gdb on 127.0.0.1:${actual} (target remote :${actual})\n`);
      opts.onListening?.(actual);
    });
    server.once('connection', (sock) => {
      const conn = new GdbConnection(session, sock, server, io, resolve);
      conn.start();
    });
  });
}

class GdbConnection {
  private readonly cpu;
  private readonly bps;
  private readonly wps;
  private buf = '';
  private noAck = false;
  private running = false;
  private stepping = false;
  private interrupt = false;
  private finished = false;
  private readonly t0 = performance.now();
  /** the last stop, for '?' */
  private lastStop = `S${hex2(SIGTRAP)}`;

  constructor(
    readonly session: Session,
    readonly sock: Socket,
    readonly server: Server,
    readonly io: Io,
    readonly done: (r: RunResult) => void,
  ) {
    this.cpu = session.sys.cpu;
    this.bps = new Breakpoints(this.cpu);
    this.wps = new Watchpoints(this.cpu);
  }

  start(): void {
    this.sock.setNoDelay(true);
    this.sock.on('data', (d) => this.onData(d.toString('latin1')));
    this.sock.on('close', () => this.onClose());
    this.sock.on('error', () => this.onClose());
    // a second debugger is refused
    this.server.on('connection', (s) => s.destroy());
  }

  private onData(d: string): void {
    this.buf += d;
    for (;;) {
      if (this.buf.length === 0) return;
      const c = this.buf[0];
      if (c === '+' || c === '-') {
        this.buf = this.buf.slice(1);
        continue;
      }
      if (c === '\x03') {
        this.buf = this.buf.slice(1);
        if (this.running) this.interrupt = true;
        continue;
      }
      if (c !== '$') {
        this.buf = this.buf.slice(1);
        continue;
      }
      const hash = this.buf.indexOf('#');
      if (hash < 0 || this.buf.length < hash + 3) return;
      const body = this.buf.slice(1, hash);
      const sum = Number.parseInt(this.buf.slice(hash + 1, hash + 3), 16);
      this.buf = this.buf.slice(hash + 3);
      if (!this.noAck) {
        if (checksum(body) !== sum) {
          this.sock.write('-');
          continue;
        }
        this.sock.write('+');
      }
      this.handle(unescape(body));
    }
  }

  private send(data: string): void {
    if (this.sock.destroyed) return;
    const e = escape(data);
    this.sock.write(`$${e}#${hex2(checksum(e))}`, 'latin1');
  }

  private handle(p: string): void {
    const cpu = this.cpu;
    if (this.running) return; // only 0x03 is meaningful while running (non-stop mode is not offered)
    const cmd = p[0];
    switch (cmd) {
      case 'q':
      case 'Q':
        return this.query(p);
      case '?':
        return this.send(this.lastStop);
      case 'g':
        return this.send(readAllRegs(cpu));
      case 'G':
        writeAllRegs(cpu, p.slice(1));
        return this.send('OK');
      case 'p': {
        const r = regByNum.get(Number.parseInt(p.slice(1), 16));
        if (!r) return this.send('E01');
        return this.send(r.get(cpu).map(wordHex).join(''));
      }
      case 'P': {
        const [n, v] = p.slice(1).split('=');
        const r = regByNum.get(Number.parseInt(n, 16));
        if (!r || v === undefined) return this.send('E01');
        const words: number[] = [];
        for (let i = 0; i < r.bits / 32; i++) words.push(hexWord(v.slice(8 * i, 8 * i + 8)));
        r.set(cpu, words);
        return this.send('OK');
      }
      case 'm': {
        const [a, l] = p.slice(1).split(',').map((x) => Number.parseInt(x, 16));
        return this.send(this.readMem(a, l));
      }
      case 'M': {
        const [head, data] = p.slice(1).split(':');
        const [a] = head.split(',').map((x) => Number.parseInt(x, 16));
        const bytes = new Uint8Array((data ?? '').length / 2);
        for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(data.slice(2 * i, 2 * i + 2), 16);
        return this.send(this.writeMem(a, bytes));
      }
      case 'X': {
        const colon = p.indexOf(':');
        const [a, l] = p.slice(1, colon).split(',').map((x) => Number.parseInt(x, 16));
        const bytes = new Uint8Array(l);
        for (let i = 0; i < l; i++) bytes[i] = p.charCodeAt(colon + 1 + i) & 0xff;
        return this.send(this.writeMem(a, bytes));
      }
      case 'Z':
      case 'z':
        return this.breakpoint(p);
      case 'c':
        if (p.length > 1) cpu.pc = Number.parseInt(p.slice(1), 16) & ~1;
        return this.resume(false);
      case 's':
        if (p.length > 1) cpu.pc = Number.parseInt(p.slice(1), 16) & ~1;
        return this.resume(true);
      case 'C':
        return this.resume(false);
      case 'S':
        return this.resume(true);
      case 'v':
        return this.vPacket(p);
      case 'H':
        return this.send('OK');
      case 'T':
        return this.send('OK'); // the one thread is alive
      case 'D':
        this.send('OK');
        return this.detach();
      case 'k':
        return this.finish(true);
      default:
        return this.send('');
    }
  }

  private query(p: string): void {
    if (p.startsWith('qSupported')) return this.send('PacketSize=4000;qXfer:features:read+;QStartNoAckMode+;vContSupported+');
    if (p === 'QStartNoAckMode') {
      this.send('OK');
      this.noAck = true;
      return;
    }
    if (p.startsWith('qXfer:features:read:')) {
      const [annex, range] = p.slice('qXfer:features:read:'.length).split(':');
      if (annex !== 'target.xml') return this.send('E00');
      const [off, len] = range.split(',').map((x) => Number.parseInt(x, 16));
      const chunk = targetXml.slice(off, off + len);
      return this.send((off + len >= targetXml.length ? 'l' : 'm') + chunk);
    }
    if (p === 'qAttached') return this.send('1');
    if (p === 'qC') return this.send('QC1');
    if (p === 'qfThreadInfo') return this.send('m1');
    if (p === 'qsThreadInfo') return this.send('l');
    if (p.startsWith('qRcmd,')) {
      const cmd = Buffer.from(p.slice(6), 'hex').toString('latin1');
      const out = cmd.trim() === 'reset' ? (this.session.sys.reset(), 'reset\n') : `unknown monitor command '${cmd}' (known: reset)\n`;
      this.send('O' + Buffer.from(out, 'latin1').toString('hex'));
      return this.send('OK');
    }
    return this.send('');
  }

  private vPacket(p: string): void {
    if (p === 'vCont?') return this.send('vCont;c;C;s;S');
    if (p.startsWith('vCont;')) {
      // one thread: the first action decides
      const action = p.slice(6).split(';')[0].split(':')[0];
      if (action[0] === 's' || action[0] === 'S') return this.resume(true);
      if (action[0] === 'c' || action[0] === 'C') return this.resume(false);
      return this.send('E01');
    }
    if (p.startsWith('vKill')) {
      this.send('OK');
      return this.finish(true);
    }
    return this.send('');
  }

  private breakpoint(p: string): void {
    const insert = p[0] === 'Z';
    const [type, a, k] = p.slice(1).split(';')[0].split(',');
    const addr = Number.parseInt(a, 16) >>> 0;
    const len = Number.parseInt(k, 16);
    switch (type) {
      case '0':
      case '1':
        if (insert) return this.send(this.bps.insert(addr) ? 'OK' : 'E01');
        this.bps.remove(addr);
        return this.send('OK');
      case '2':
      case '3':
      case '4': {
        const kind: WatchKind = type === '2' ? 'write' : type === '3' ? 'read' : 'access';
        if (insert) this.wps.insert(addr, len, kind);
        else this.wps.remove(addr, len, kind);
        return this.send('OK');
      }
      default:
        return this.send('');
    }
  }

  private readMem(addr: number, len: number): string {
    // byte by byte so a read running off the end of memory returns what there is
    let s = '';
    for (let i = 0; i < len; i++) {
      let b: number;
      try {
        b = this.session.sys.bus.peek((addr + i) >>> 0, 1)[0];
      } catch {
        break;
      }
      s += hex2(b);
    }
    return s.length === 0 && len > 0 ? 'E14' : s;
  }

  private writeMem(addr: number, bytes: Uint8Array): string {
    try {
      this.session.sys.bus.load(addr >>> 0, bytes);
    } catch {
      return 'E14';
    }
    // the write dropped cached instructions there, breakpoints included
    this.bps.refresh();
    return 'OK';
  }

  // ---- running ----

  private resume(step: boolean): void {
    const cpu = this.cpu;
    if (this.finished) return;
    if (cpu.stop !== null && (cpu.stop.kind === 'exit' || cpu.stop.kind === 'lockup' || cpu.stop.kind === 'halt')) {
      // nothing can run any more: say so again
      return this.reportStop(cpu.stop);
    }
    cpu.stop = null;
    this.wps.hit = null;
    this.bps.refresh();
    this.stepping = step;
    this.interrupt = false;
    // step off a breakpoint at the current pc: run that one instruction with it lifted
    if (this.bps.has(cpu.pc) || step) {
      this.bps.lifted(cpu.pc, () => cpu.run(1));
      if (step || cpu.stop !== null) return this.afterRun();
    }
    this.running = true;
    setImmediate(() => this.slice());
  }

  private slice(): void {
    const cpu = this.cpu;
    if (!this.running) return;
    if (this.interrupt) {
      this.running = false;
      this.interrupt = false;
      return this.reportSignal(SIGINT);
    }
    try {
      cpu.run(SLICE);
    } catch (e) {
      this.running = false;
      this.io.stderr(`m4sim: internal error while running under gdb: ${(e as Error).message}\n`);
      this.send(`X${hex2(SIGSEGV)}`);
      return this.finish(false);
    }
    if (cpu.stop !== null) {
      this.running = false;
      return this.afterRun();
    }
    setImmediate(() => this.slice());
  }

  /** The run stopped (or a step ended): undo the breakpoint Op's retirement and report. */
  private afterRun(): void {
    const cpu = this.cpu;
    const stop = cpu.stop;
    if (stop !== null && stop.kind === 'breakpoint' && stop.imm === BP_IMM) {
      const h = takeHit();
      if (h !== null) {
        cpu.itState = h.itState;
        cpu.instret = h.instret;
        cpu.cycles = h.cycles;
        cpu.pc = h.pc;
      }
      return this.reportSignal(SIGTRAP);
    }
    if (stop !== null && stop.kind === 'breakpoint' && stop.imm === WP_IMM) {
      const w = this.wps.hit!;
      const key = w.kind === 'write' ? 'watch' : w.kind === 'read' ? 'rwatch' : 'awatch';
      return this.reportSignal(SIGTRAP, `${key}:${w.addr.toString(16)};`);
    }
    if (stop === null) return this.reportSignal(SIGTRAP); // a step that ended normally
    return this.reportStop(stop);
  }

  private reportStop(stop: StopReason): void {
    switch (stop.kind) {
      case 'exit':
        this.lastStop = `W${hex2(stop.code & 0xff)}`;
        this.io.stderr(`m4sim: guest exited with code ${stop.code}\n`);
        return this.send(this.lastStop);
      case 'breakpoint':
        // a BKPT instruction in the firmware that semihosting did not take
        return this.reportSignal(SIGTRAP);
      case 'limit':
        return this.reportSignal(SIGINT);
      case 'lockup':
      case 'halt':
        this.io.stderr(`m4sim: ${stop.why}\n`);
        return this.reportSignal(SIGSEGV);
    }
  }

  private reportSignal(sig: number, extra = ''): void {
    const cpu = this.cpu;
    // T packet with the registers GDB needs first (pc, sp, lr) to save round trips
    this.lastStop = `T${hex2(sig)}${extra}0f:${wordHex(cpu.pc)};0d:${wordHex(cpu.R[13])};0e:${wordHex(cpu.R[14])};thread:1;`;
    this.send(this.lastStop);
  }

  private detach(): void {
    this.bps.removeAll();
    this.wps.removeAll();
    this.sock.end();
    const cpu = this.cpu;
    if (cpu.stop !== null && (cpu.stop.kind === 'breakpoint' || cpu.stop.kind === 'limit')) cpu.stop = null;
    // the firmware runs on without the debugger, in slices so the process stays responsive
    const runOn = () => {
      if (cpu.stop === null) {
        cpu.run(SLICE * 5);
        setImmediate(runOn);
      } else this.finish(false);
    };
    runOn();
  }

  private onClose(): void {
    if (this.finished) return;
    this.running = false;
    // the debugger went away: a finished guest ends the run; otherwise stop here
    if (this.cpu.stop === null) this.cpu.stop = { kind: 'halt', why: 'the debugger disconnected' };
    this.finish(false);
  }

  private finish(killed: boolean): void {
    if (this.finished) return;
    this.finished = true;
    this.running = false;
    this.bps.removeAll();
    this.wps.removeAll();
    const cpu = this.cpu;
    if (killed && (cpu.stop === null || cpu.stop.kind === 'breakpoint')) cpu.stop = { kind: 'halt', why: 'killed by the debugger' };
    if (cpu.stop === null) cpu.stop = { kind: 'halt', why: 'the debugger disconnected' };
    this.session.stm32.flushTx();
    this.session.semihost.closeAll();
    if (!this.sock.destroyed) this.sock.end();
    this.server.close();
    this.done({
      stop: cpu.stop,
      instructions: cpu.instret,
      cycles: cpu.cycles,
      seconds: this.session.sys.seconds,
      hz: this.session.sys.clock.hz,
      wallSeconds: (performance.now() - this.t0) / 1000,
    });
  }
}

function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

export function checksum(s: string): number {
  let c = 0;
  for (let i = 0; i < s.length; i++) c = (c + s.charCodeAt(i)) & 0xff;
  return c;
}

/** Escapes '#', '$', '}' and '*' in a reply (0x7d, then the byte XOR 0x20). */
export function escape(s: string): string {
  return s.replace(/[#$}*]/g, (c) => '}' + String.fromCharCode(c.charCodeAt(0) ^ 0x20));
}

/** Undoes the 0x7d escapes of a packet body (binary X packets). */
export function unescape(s: string): string {
  if (!s.includes('}')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '}' && i + 1 < s.length) out += String.fromCharCode(s.charCodeAt(++i) ^ 0x20);
    else out += s[i];
  }
  return out;
}
