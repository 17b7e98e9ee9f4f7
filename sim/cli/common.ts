// What every m4sim command shares: exit codes, errors, output writing, argument parsing.
import { InvalidArgumentError, type Command } from 'commander';
import { writeFileSync, renameSync, existsSync, statSync, writeSync, readSync } from 'node:fs';
import { resolve, dirname } from 'node:path';

/** Exit codes. A guest's own exit code passes through (0-123 are safe for guests to use). */
export const EXIT = {
  usage: 2,
  limit: 124,
  fault: 125,
  breakpoint: 126,
  badInput: 66,
  internal: 70,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.badInput,
  ) {
    super(message);
  }
}

export function parseCount(v: string): number {
  const m = /^(\d+(?:\.\d+)?)(e\d+)?([kKmMgG]?)$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError(`'${v}' is not a count (use e.g. 1000000, 5M, 2e9)`);
  const scale = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[3].toLowerCase() as '' | 'k' | 'm' | 'g'];
  const n = Number(m[1] + (m[2] ?? '')) * scale;
  if (!Number.isFinite(n) || n <= 0 || !Number.isInteger(n)) throw new InvalidArgumentError(`'${v}' is not a positive whole count`);
  return n;
}

/** Writes a file through a temporary name, so a failed write leaves any old file intact, and
 * refuses to write over one of the command's inputs. */
export function writeOutput(path: string, data: string | Uint8Array, inputs: string[]): void {
  const abs = resolve(path);
  if (inputs.some((i) => resolve(i) === abs)) throw new CliError(`${path}: refusing to overwrite an input file`, EXIT.usage);
  if (existsSync(abs) && statSync(abs).isDirectory()) throw new CliError(`${path}: is a directory`, EXIT.usage);
  if (!existsSync(dirname(abs))) throw new CliError(`${path}: directory ${dirname(abs)} does not exist`, EXIT.usage);
  const tmp = `${abs}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, abs);
}

export interface Io {
  stdout: (s: Uint8Array | string) => void;
  stderr: (s: string) => void;
  /** stderr is a terminal (progress lines are redrawn in place) */
  stderrIsTTY?: boolean;
}

export const processIo: Io = {
  stdout: (s) => writeAll(1, s),
  stderr: (s) => writeAll(2, s),
  stderrIsTTY: process.stderr.isTTY === true,
};

/** Adds --progress and --no-progress to a command that runs firmware (progressReporter). */
export function withProgressOptions(c: Command): Command {
  return c.option('--progress', 'show progress on stderr during long runs (default: when stderr is a terminal)').option('--no-progress', 'no progress display');
}

/** What a progress line shows (Session's RunProgress). */
export interface ProgressPoint {
  instructions: number;
  cycles: number;
  seconds: number;
}

/**
 * Progress of a long run on stderr. `enabled`: true (--progress), false (--no-progress) or
 * undefined (on when stderr is a terminal). Nothing is shown in the first 2 s of wall time;
 * then on a terminal one line redrawn once a second (and cleared at the end), elsewhere a line
 * every 10 s. Only wall-clock decides when to print: the run itself is unchanged.
 */
export function progressReporter(io: Io, enabled: boolean | undefined, now: () => number = () => performance.now()): { onProgress: (p: ProgressPoint) => void; done: () => void } {
  const tty = io.stderrIsTTY === true;
  const on = enabled ?? tty;
  const t0 = now();
  let next = t0 + 2000;
  let shown = false;
  return {
    onProgress(p: ProgressPoint): void {
      if (!on) return;
      const t = now();
      if (t < next) return;
      next = t + (tty ? 1000 : 10_000);
      const wall = (t - t0) / 1000;
      const line = `m4sim: ${count(p.instructions)} instructions, ${count(p.cycles)} cycles (${p.seconds.toFixed(3)} s simulated) in ${wall.toFixed(0)} s, ${(p.cycles / wall / 1e6).toFixed(1)} M cycles/s`;
      io.stderr(tty ? `\r\x1b[K${line}` : `${line}\n`);
      shown = true;
    },
    done(): void {
      if (shown && tty) io.stderr('\r\x1b[K');
    },
  };
}

function count(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : String(n);
}

function writeAll(fd: number, s: Uint8Array | string): void {
  const b = typeof s === 'string' ? Buffer.from(s) : s;
  let off = 0;
  while (off < b.length) {
    try {
      off += writeSync(fd, b, off, b.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
      throw e;
    }
  }
}

export function stdinReader(): (max: number) => Uint8Array | null {
  let eof = false;
  return (max) => {
    if (eof) return null;
    const buf = Buffer.alloc(max);
    try {
      const n = readSync(0, buf, 0, max, null);
      if (n === 0) eof = true;
      return buf.subarray(0, n);
    } catch {
      eof = true;
      return null;
    }
  };
}


/** The exit code a command sets (commander actions cannot return one). */
export interface Result {
  code: number;
}
