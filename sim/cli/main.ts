// The m4sim command line. Each command's output goes to stdout; m4sim's own messages to
// stderr, one line first that names the problem. Exit codes are listed in EXIT.
import { Command, CommanderError, Option, InvalidArgumentError } from 'commander';
import { writeFileSync, renameSync, existsSync, statSync, openSync, writeSync, closeSync, readSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { Session } from '../session.ts';
import { ElfError } from '../loader/elf.ts';
import { ProfileError } from '../profile.ts';
import { stopReport } from '../report.ts';

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

interface Io {
  stdout: (s: Uint8Array | string) => void;
  stderr: (s: string) => void;
}

const processIo: Io = {
  stdout: (s) => writeAll(1, s),
  stderr: (s) => writeAll(2, s),
};

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

function stdinReader(): (max: number) => Uint8Array | null {
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

function runCommand(io: Io, result: { code: number }): Command {
  return new Command('run')
    .description('run a firmware ELF to completion; the guest\'s stdout goes to stdout, its stderr to stderr')
    .argument('<file.elf>', 'firmware ELF built for the device')
    .argument('[args...]', 'arguments for the guest (after --), read by SYS_GET_CMDLINE')
    .option('--profile <name>', 'device profile: a name in profiles/ or a JSON file', 'stm32l4r5zi')
    .option('--max-cycles <n>', 'stop after this many simulated cycles', parseCount)
    .option('--max-instructions <n>', 'stop after this many instructions', parseCount)
    .option('--semihost-root <dir>', 'the only host directory the guest may open files in (default: none)')
    .option('--stats <file.json>', 'write instructions, cycles, simulated and wall time as JSON')
    .option('--uart <file>', "write LPUART1/USART output to this file ('-' for stderr)")
    .addOption(new Option('--unmodelled <policy>', 'access to an unmodelled peripheral').choices(['warn', 'fault']).default('warn'))
    .action((elf: string, args: string[], o) => {
      if (o.semihostRoot !== undefined && !(existsSync(o.semihostRoot) && statSync(o.semihostRoot).isDirectory()))
        throw new CliError(`--semihost-root ${o.semihostRoot}: not a directory`, EXIT.usage);
      const session = new Session({
        elf,
        profile: o.profile,
        semihostRoot: o.semihostRoot,
        args,
        stdout: (b) => io.stdout(b),
        stderr: (b) => io.stderr(Buffer.from(b).toString('latin1')),
        stdin: stdinReader(),
        warn: (m) => io.stderr(`m4sim: warning: ${m}\n`),
        unmodelled: o.unmodelled,
      });
      const r = session.run({ maxCycles: o.maxCycles, maxInstructions: o.maxInstructions });
      for (const line of stopReport(session, r)) io.stderr(line + '\n');
      if (o.stats) {
        const stats = {
          elf,
          profile: session.sys.profile.name,
          stop: r.stop,
          instructions: r.instructions,
          cycles: r.cycles,
          simulatedSeconds: r.seconds,
          coreHz: r.hz,
          wallSeconds: r.wallSeconds,
          mips: r.instructions / r.wallSeconds / 1e6,
        };
        writeOutput(o.stats, JSON.stringify(stats, null, 2) + '\n', [elf]);
      }
      result.code = exitCode(r.stop);
    });
}

function exitCode(stop: import('../core/fault.ts').StopReason): number {
  switch (stop.kind) {
    case 'exit':
      return stop.code & 0xff;
    case 'limit':
      return EXIT.limit;
    case 'breakpoint':
      return EXIT.breakpoint;
    default:
      return EXIT.fault;
  }
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const result = { code: 0 };
  const output = {
    writeOut: (s: string) => io.stdout(s),
    writeErr: (s: string) => io.stderr(s.startsWith('error: ') ? `m4sim: ${s.slice(7)}` : s),
  };
  const program = new Command('m4sim')
    .description('Cortex-M4 instruction-set simulator with a cycle and energy model (STM32L4R5ZI)')
    .exitOverride()
    .configureOutput(output)
    .showSuggestionAfterError();
  for (const c of [runCommand(io, result)]) program.addCommand(c.exitOverride().configureOutput(output));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return 0;
      return EXIT.usage;
    }
    if (e instanceof CliError) {
      io.stderr(`m4sim: ${e.message}\n`);
      return e.code;
    }
    if (e instanceof ElfError || e instanceof ProfileError) {
      io.stderr(`m4sim: ${e.message}\n`);
      return EXIT.badInput;
    }
    io.stderr(`m4sim: internal error: ${(e as Error).message ?? e} (set M4SIM_DEBUG=1 for a stack trace)\n`);
    if (process.env.M4SIM_DEBUG) io.stderr(String((e as Error).stack) + '\n');
    return EXIT.internal;
  }
}
