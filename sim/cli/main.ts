// The m4sim command line. Each command's output goes to stdout; m4sim's own messages to
// stderr, one line first that names the problem. Exit codes are listed in EXIT.
import { Command, CommanderError, Option } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { EXIT, CliError, parseCount, writeOutput, processIo, progressReporter, stdinReader, withProgressOptions, type Io, type Result } from './common.ts';
import { Session } from '../session.ts';
import { ElfError } from '../loader/elf.ts';
import { ProfileError } from '../profile.ts';
import { experimentCommand } from './experiment.ts';
import { stopReport } from '../report.ts';
import { profileCommand } from './profile.ts';
import { baselineCommand } from './baseline.ts';
import { checkCommand } from './check.ts';
import { compareCommand } from './compare.ts';
import { calibrateCommand } from './calibrate.ts';
import { sweepCommand } from './sweep.ts';
import { disasmCommand } from './disasm.ts';
import { gdbOption, runMaybeGdb } from './gdb.ts';
import { traceCommand } from './trace.ts';

function runCommand(io: Io, result: Result): Command {
  return withProgressOptions(new Command('run'))
    .description('run a firmware ELF to completion; the guest\'s stdout goes to stdout, its stderr to stderr')
    .argument('<file.elf>', 'firmware ELF built for the device')
    .argument('[args...]', 'arguments for the guest (after --), read by SYS_GET_CMDLINE')
    .option('--profile <name>', 'device profile: a name in profiles/ or a JSON file', 'stm32l4r5zi')
    .option('--max-cycles <n>', 'stop after this many simulated cycles', parseCount)
    .option('--max-instructions <n>', 'stop after this many instructions', parseCount)
    .option('--semihost-root <dir>', 'the only host directory the guest may open files in (default: none)')
    .option('--stats <file.json>', 'write instructions, cycles, simulated and wall time as JSON')
    .option('--uart <file>', "write LPUART1/USART output to this file ('-' for stderr)")
    .option('--no-cycle-model', 'count one cycle per instruction instead of the Cortex-M4 + flash model')
    .addOption(new Option('--unmodelled <policy>', 'access to an unmodelled peripheral').choices(['warn', 'fault']).default('warn'))
    .addOption(gdbOption())
    .action(async (elf: string, args: string[], o) => {
      if (o.semihostRoot !== undefined && !(existsSync(o.semihostRoot) && statSync(o.semihostRoot).isDirectory()))
        throw new CliError(`--semihost-root ${o.semihostRoot}: not a directory`, EXIT.usage);
      // U(S)ART output: to stderr as it comes ('-'), or collected and written at the end
      const uartBytes: number[] = [];
      const onUart = o.uart === undefined ? undefined : o.uart === '-' ? (_n: string, b: number) => io.stderr(String.fromCharCode(b)) : (_n: string, b: number) => void uartBytes.push(b);
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
        cycleModel: o.cycleModel,
        onUart,
      });
      const progress = progressReporter(io, o.progress);
      const r = await runMaybeGdb(session, o.gdb, io, () => session.run({ maxCycles: o.maxCycles, maxInstructions: o.maxInstructions, onProgress: progress.onProgress }));
      progress.done();
      for (const line of stopReport(session, r)) io.stderr(line + '\n');
      if (o.uart !== undefined && o.uart !== '-') writeOutput(o.uart, Uint8Array.from(uartBytes), [elf]);
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
          clockTimeline: session.stm32.clock.timeline,
          gpioEdges: session.stm32.pinLog.length,
          timing: session.timing?.summary() ?? null,
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
  const result: Result = { code: 0 };
  const output = {
    writeOut: (s: string) => io.stdout(s),
    writeErr: (s: string) => io.stderr(s.startsWith('error: ') ? `m4sim: ${s.slice(7)}` : s),
  };
  const program = new Command('m4sim')
    .description('Cortex-M4 instruction-set simulator with a cycle and energy model (STM32L4R5ZI)')
    .exitOverride()
    .configureOutput(output)
    .showSuggestionAfterError();
  // one line per command; each command lives in its own file of sim/cli/
  const commands: Command[] = [
    runCommand(io, result),
    profileCommand(io, result),
    baselineCommand(io, result),
    checkCommand(io, result),
    compareCommand(io, result),
    calibrateCommand(io, result),
    sweepCommand(io, result),
    disasmCommand(io, result),
    traceCommand(io, result),
    experimentCommand(io, result),
  ];
  for (const c of commands) program.addCommand(c.exitOverride().configureOutput(output));
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
