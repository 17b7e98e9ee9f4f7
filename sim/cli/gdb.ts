// The pieces of `m4sim run --gdb PORT` (the run command itself is in main.ts): the option and
// the run under the debugger (sim/debug/server.ts).
import { InvalidArgumentError, Option } from 'commander';
import { CliError, EXIT, type Io } from './common.ts';
import type { Session, RunResult } from '../session.ts';
import { serveGdb } from '../debug/server.ts';
import { loadCapstone } from '../disasm/capstone.ts';

export function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`'${v}' is not a TCP port (0-65535; 0 picks a free one)`);
  return n;
}

export function gdbOption(): Option {
  return new Option('--gdb <port>', 'wait for GDB on 127.0.0.1:PORT before the first instruction (0: any free port, printed on stderr)').argParser(parsePort);
}

/** Runs the session under the debugger when --gdb was given, else to its end with the limits. */
export async function runMaybeGdb(session: Session, gdbPort: number | undefined, io: Io, run: () => RunResult): Promise<RunResult> {
  let r: RunResult;
  if (gdbPort === undefined) r = run();
  else {
    try {
      r = await serveGdb(session, gdbPort, io);
    } catch (e) {
      throw new CliError((e as Error).message, EXIT.usage);
    }
  }
  // the stop report disassembles around the PC with capstone
  if (r.stop.kind !== 'exit') await loadCapstone();
  return r;
}
