// m4sim trace FILE.elf [--from SYMBOL] [--until-return] [--limit N] [-o FILE]: an execution
// trace (cycle, PC, symbol, disassembly, registers written, memory accessed), streamed.
import { Command, Option } from 'commander';
import { existsSync, statSync, openSync, closeSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { CliError, EXIT, parseCount, stdinReader, type Io, type Result } from './common.ts';
import { Session } from '../session.ts';
import { stopReport } from '../report.ts';
import { loadCapstone, readElfCode, CodeText } from '../disasm/index.ts';
import { runTrace, ChunkWriter, TraceError } from '../trace/index.ts';

export function traceCommand(io: Io, result: Result): Command {
  return new Command('trace')
    .description('run a firmware ELF and write an execution trace: cycle, pc, symbol, disassembly, registers written, memory accessed')
    .argument('<file.elf>', 'firmware ELF built for the device')
    .argument('[args...]', 'arguments for the guest (after --)')
    .option('--from <symbol>', 'run at full speed to the first call of this function, trace from there')
    .option('--until-return', 'with --from: stop when that function returns')
    .option('--limit <n>', 'stop after tracing this many instructions', parseCount)
    .option('-o, --output <file>', 'write the trace to this file (default stdout; the guest\'s output then goes to stderr)')
    .option('--profile <name>', 'device profile: a name in profiles/ or a JSON file', 'stm32l4r5zi')
    .option('--max-instructions <n>', 'stop after this many instructions in all (traced or not)', parseCount)
    .option('--semihost-root <dir>', 'the only host directory the guest may open files in (default: none)')
    .option('--no-cycle-model', 'count one cycle per instruction instead of the Cortex-M4 + flash model')
    .addOption(new Option('--unmodelled <policy>', 'access to an unmodelled peripheral').choices(['warn', 'fault']).default('warn'))
    .action(async (elf: string, args: string[], o) => {
      if (o.untilReturn && o.from === undefined) throw new CliError('--until-return needs --from <symbol>', EXIT.usage);
      if (o.semihostRoot !== undefined && !(existsSync(o.semihostRoot) && statSync(o.semihostRoot).isDirectory()))
        throw new CliError(`--semihost-root ${o.semihostRoot}: not a directory`, EXIT.usage);
      const toStdout = o.output === undefined;
      const guestOut = (b: Uint8Array) => (toStdout ? io.stderr(Buffer.from(b).toString('latin1')) : io.stdout(b));
      const session = new Session({
        elf,
        profile: o.profile,
        semihostRoot: o.semihostRoot,
        args,
        stdout: guestOut,
        stderr: (b) => io.stderr(Buffer.from(b).toString('latin1')),
        stdin: stdinReader(),
        warn: (m) => io.stderr(`m4sim: warning: ${m}\n`),
        unmodelled: o.unmodelled,
        cycleModel: o.cycleModel,
      });
      const cs = await loadCapstone();
      const text = new CodeText(cs, readElfCode(elf), session.symbols, (a, n) => session.sys.bus.peek(a, n));
      let fd = -1;
      if (!toStdout) {
        const abs = resolve(o.output);
        if (abs === resolve(elf)) throw new CliError(`${o.output}: refusing to overwrite an input file`, EXIT.usage);
        if (existsSync(abs) && statSync(abs).isDirectory()) throw new CliError(`${o.output}: is a directory`, EXIT.usage);
        if (!existsSync(dirname(abs))) throw new CliError(`${o.output}: directory ${dirname(abs)} does not exist`, EXIT.usage);
        fd = openSync(abs, 'w');
      }
      const out = new ChunkWriter(toStdout ? (b) => io.stdout(b) : fd);
      out.write(`# m4sim trace of ${elf}${o.from ? ` from ${o.from}` : ''}: start cycle, pc, symbol+offset, disassembly | registers written | memory read (rd) or written (wr): size, address[=value]\n`);
      let r;
      try {
        r = runTrace(session, out, text, { from: o.from, untilReturn: o.untilReturn, limit: o.limit, maxInstructions: o.maxInstructions });
      } catch (e) {
        if (e instanceof TraceError) throw new CliError(e.message, EXIT.badInput);
        throw e;
      } finally {
        out.flush();
        if (fd >= 0) closeSync(fd);
      }
      io.stderr(`m4sim: traced ${r.traced} instructions (${r.bytes} bytes${toStdout ? '' : ` to ${o.output}`}); ${r.instructions} instructions, ${r.cycles} cycles in all\n`);
      const traceEnd = r.stop.kind === 'limit' && (/^trace limit/.test(r.stop.what) || / returned$/.test(r.stop.what));
      if (!traceEnd) for (const line of stopReport(session, r)) io.stderr(line + '\n');
      result.code = r.stop.kind === 'exit' ? r.stop.code & 0xff : traceEnd ? 0 : r.stop.kind === 'limit' ? EXIT.limit : EXIT.fault;
    });
}
