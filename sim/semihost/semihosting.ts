// Arm semihosting (Semihosting for AArch32 and AArch64, version 2.0) over BKPT 0xAB: the
// operations newlib's rdimon uses, plus the ones around them. Guest file access is confined
// to one host directory the user names; without one, the guest reaches no host files.
// Time answers are simulated time, so runs stay deterministic.
import { openSync, closeSync, readSync, writeSync, fstatSync, realpathSync, existsSync, unlinkSync, renameSync } from 'node:fs';
import { resolve, dirname, basename, isAbsolute, sep, join } from 'node:path';
import type { Cpu } from '../core/cpu.ts';

export const SYS = {
  OPEN: 0x01,
  CLOSE: 0x02,
  WRITEC: 0x03,
  WRITE0: 0x04,
  WRITE: 0x05,
  READ: 0x06,
  READC: 0x07,
  ISERROR: 0x08,
  ISTTY: 0x09,
  SEEK: 0x0a,
  FLEN: 0x0c,
  TMPNAM: 0x0d,
  REMOVE: 0x0e,
  RENAME: 0x0f,
  CLOCK: 0x10,
  TIME: 0x11,
  SYSTEM: 0x12,
  ERRNO: 0x13,
  GET_CMDLINE: 0x15,
  HEAPINFO: 0x16,
  EXIT: 0x18,
  EXIT_EXTENDED: 0x20,
  ELAPSED: 0x30,
  TICKFREQ: 0x31,
} as const;

/** ADP_Stopped_ApplicationExit: the reason code of a normal exit */
const ADP_APPLICATION_EXIT = 0x20026;
/** the feature bits m4sim reports in ":semihosting-features": EXIT_EXTENDED and STDOUT_STDERR */
const FEATURES = new Uint8Array([0x53, 0x48, 0x46, 0x42, 0x03]); // "SHFB", 0b11

// newlib errno values (sys/errno.h) returned by SYS_ERRNO
const ENOENT = 2;
const EBADF = 9;
const EACCES = 13;
const EINVAL = 22;

type Handle =
  | { kind: 'console'; stream: 'stdin' | 'stdout' | 'stderr' }
  | { kind: 'features'; pos: number }
  | { kind: 'file'; fd: number; pos: number; path: string; append: boolean };

export interface SemihostOptions {
  /** host directory the guest may reach; undefined = no host files at all */
  root?: string;
  /** the guest's command line (SYS_GET_CMDLINE), program name first */
  cmdline?: string;
  stdout: (bytes: Uint8Array) => void;
  stderr: (bytes: Uint8Array) => void;
  /** console input; returns null at end of input */
  stdin?: (max: number) => Uint8Array | null;
  /** simulated seconds since reset (SYS_CLOCK, SYS_TIME, SYS_ELAPSED) */
  seconds: () => number;
  /** core clock in Hz (SYS_TICKFREQ) */
  hz: () => number;
  /** m4sim's own warnings */
  warn: (msg: string) => void;
}

export class Semihosting {
  private readonly handles = new Map<number, Handle>();
  private nextHandle = 1;
  private errno = 0;
  private readonly root: string | undefined;
  private warnedNoRoot = false;
  /** operations seen, for the run report */
  readonly counts = new Map<number, number>();

  constructor(private readonly opts: SemihostOptions) {
    this.root = opts.root === undefined ? undefined : realpathSync(opts.root);
  }

  /** The BKPT hook: handles BKPT 0xAB, returns false for any other immediate. */
  readonly onBkpt = (cpu: Cpu, imm8: number): boolean => {
    if (imm8 !== 0xab) return false;
    const op = cpu.R[0];
    this.counts.set(op, (this.counts.get(op) ?? 0) + 1);
    cpu.R[0] = this.call(cpu, op, cpu.R[1]) >>> 0;
    return true;
  };

  private call(cpu: Cpu, op: number, param: number): number {
    const bus = cpu.bus;
    const arg = (i: number) => bus.read32(param + 4 * i);
    switch (op) {
      case SYS.OPEN:
        return this.open(this.string(cpu, arg(0), arg(2)), arg(1));
      case SYS.CLOSE: {
        const h = this.handles.get(arg(0));
        if (!h) return this.fail(EBADF);
        if (h.kind === 'file') closeSync(h.fd);
        this.handles.delete(arg(0));
        return 0;
      }
      case SYS.WRITEC:
        this.opts.stdout(bus.peek(param, 1));
        return 0;
      case SYS.WRITE0: {
        const bytes: number[] = [];
        for (let a = param; bytes.length < 1 << 20; a++) {
          const b = bus.read8(a);
          if (b === 0) break;
          bytes.push(b);
        }
        this.opts.stdout(Uint8Array.from(bytes));
        return 0;
      }
      case SYS.WRITE:
        return this.write(cpu, arg(0), arg(1), arg(2));
      case SYS.READ:
        return this.read(cpu, arg(0), arg(1), arg(2));
      case SYS.READC: {
        const b = this.opts.stdin?.(1);
        return b && b.length ? b[0] : -1;
      }
      case SYS.ISERROR:
        return (arg(0) | 0) < 0 ? 1 : 0;
      case SYS.ISTTY: {
        const h = this.handles.get(arg(0));
        if (!h) return this.fail(EBADF);
        return h.kind === 'console' ? 1 : 0;
      }
      case SYS.SEEK: {
        const h = this.handles.get(arg(0));
        if (!h || h.kind === 'console') return this.fail(EBADF);
        h.pos = arg(1);
        return 0;
      }
      case SYS.FLEN: {
        const h = this.handles.get(arg(0));
        if (!h) return this.fail(EBADF);
        // a console has no length: 0, as fstat gives for a terminal
        if (h.kind === 'console') return 0;
        return h.kind === 'features' ? FEATURES.length : fstatSync(h.fd).size;
      }
      case SYS.REMOVE: {
        const p = this.confine(this.string(cpu, arg(0), arg(1)));
        if (p === null) return this.fail(EACCES);
        try {
          unlinkSync(p);
          return 0;
        } catch {
          return this.fail(ENOENT);
        }
      }
      case SYS.RENAME: {
        const a = this.confine(this.string(cpu, arg(0), arg(1)));
        const b = this.confine(this.string(cpu, arg(2), arg(3)));
        if (a === null || b === null) return this.fail(EACCES);
        try {
          renameSync(a, b);
          return 0;
        } catch {
          return this.fail(ENOENT);
        }
      }
      case SYS.CLOCK:
        return Math.floor(this.opts.seconds() * 100);
      case SYS.TIME:
        // simulated seconds since reset: wall-clock time would make runs differ
        return Math.floor(this.opts.seconds());
      case SYS.ERRNO:
        return this.errno;
      case SYS.GET_CMDLINE: {
        const buf = arg(0);
        const max = arg(1);
        const text = new TextEncoder().encode(this.opts.cmdline ?? '');
        if (text.length + 1 > max) return -1;
        const out = new Uint8Array(text.length + 1);
        out.set(text);
        bus.load(buf, out);
        bus.write32(param + 4, text.length);
        return 0;
      }
      case SYS.HEAPINFO:
        // zeros mean "not known": the C library then uses its own linker symbols
        bus.load(bus.read32(param), new Uint8Array(16));
        return 0;
      case SYS.EXIT: {
        // 32-bit: the parameter is the reason code itself, no exit status
        const code = param === ADP_APPLICATION_EXIT ? 0 : 1;
        cpu.stop = { kind: 'exit', code };
        return 0;
      }
      case SYS.EXIT_EXTENDED: {
        const reason = arg(0);
        const code = reason === ADP_APPLICATION_EXIT ? arg(1) | 0 : 1;
        cpu.stop = { kind: 'exit', code };
        return 0;
      }
      case SYS.ELAPSED: {
        const ticks = BigInt(Math.floor(this.opts.seconds() * this.opts.hz()));
        bus.write32(param, Number(ticks & 0xffffffffn));
        bus.write32(param + 4, Number(ticks >> 32n));
        return 0;
      }
      case SYS.TICKFREQ:
        return this.opts.hz();
      case SYS.TMPNAM:
      case SYS.SYSTEM:
      default:
        this.opts.warn(`semihosting operation 0x${op.toString(16)} is not supported (pc 0x${cpu.pc.toString(16)})`);
        return this.fail(EINVAL);
    }
  }

  private fail(errno: number): number {
    this.errno = errno;
    return -1;
  }

  private string(cpu: Cpu, addr: number, len: number): string {
    return new TextDecoder('latin1').decode(cpu.bus.peek(addr, Math.min(len, 4096)));
  }

  /** Resolves a guest path inside the root, or null if there is no root or it escapes. */
  confine(guestPath: string): string | null {
    if (this.root === undefined) {
      if (!this.warnedNoRoot) {
        this.warnedNoRoot = true;
        this.opts.warn(`guest tried to open '${guestPath}' but no --semihost-root was given: host files are off limits`);
      }
      return null;
    }
    const p = resolve(this.root, isAbsolute(guestPath) ? '.' + sep + guestPath : guestPath);
    // follow symbolic links of the existing part of the path
    const dir = existsSync(p) ? realpathSync(p) : join(existsSync(dirname(p)) ? realpathSync(dirname(p)) : dirname(p), basename(p));
    if (dir !== this.root && !dir.startsWith(this.root + sep)) {
      this.opts.warn(`guest path '${guestPath}' escapes the semihosting root ${this.root}: refused`);
      return null;
    }
    return dir;
  }

  private open(name: string, mode: number): number {
    let h: Handle;
    if (name === ':tt') h = { kind: 'console', stream: mode < 4 ? 'stdin' : mode < 8 ? 'stdout' : 'stderr' };
    else if (name === ':semihosting-features') {
      if (mode >= 4) return this.fail(EACCES);
      h = { kind: 'features', pos: 0 };
    } else {
      const p = this.confine(name);
      if (p === null) return this.fail(EACCES);
      const flags = ['r', 'r', 'r+', 'r+', 'w', 'w', 'w+', 'w+', 'a', 'a', 'a+', 'a+'][mode];
      if (flags === undefined) return this.fail(EINVAL);
      try {
        h = { kind: 'file', fd: openSync(p, flags), pos: 0, path: p, append: mode >= 8 };
      } catch (e) {
        return this.fail((e as NodeJS.ErrnoException).code === 'ENOENT' ? ENOENT : EACCES);
      }
    }
    const n = this.nextHandle++;
    this.handles.set(n, h);
    return n;
  }

  private write(cpu: Cpu, handle: number, addr: number, len: number): number {
    const h = this.handles.get(handle);
    if (!h || h.kind === 'features') {
      this.fail(EBADF);
      return len;
    }
    const bytes = cpu.bus.peek(addr, len);
    if (h.kind === 'console') {
      if (h.stream === 'stderr') this.opts.stderr(bytes);
      else this.opts.stdout(bytes);
      return 0;
    }
    const n = writeSync(h.fd, bytes, 0, len, h.append ? null : h.pos);
    if (!h.append) h.pos += n;
    return len - n;
  }

  private read(cpu: Cpu, handle: number, addr: number, len: number): number {
    const h = this.handles.get(handle);
    if (!h) {
      this.fail(EBADF);
      return len;
    }
    let got: Uint8Array;
    if (h.kind === 'console') got = this.opts.stdin?.(len) ?? new Uint8Array(0);
    else if (h.kind === 'features') {
      got = FEATURES.subarray(h.pos, h.pos + len);
      h.pos += got.length;
    } else {
      const buf = new Uint8Array(len);
      const n = readSync(h.fd, buf, 0, len, h.pos);
      h.pos += n;
      got = buf.subarray(0, n);
    }
    if (got.length) cpu.bus.load(addr, got);
    return len - got.length;
  }

  /** Closes host files (at the end of a run). */
  closeAll(): void {
    for (const h of this.handles.values()) if (h.kind === 'file') closeSync(h.fd);
    this.handles.clear();
  }
}
