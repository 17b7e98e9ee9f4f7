// m4sim disasm FILE.elf [SYMBOL]: a function's disassembly with symbols and the static cycle
// estimate of each instruction from the profile's timing.core numbers.
import { Command } from 'commander';
import { CliError, EXIT, writeOutput, type Io, type Result } from './common.ts';
import { loadProfile } from '../profile.ts';
import { timingParams } from '../timing/index.ts';
import { loadCapstone, readElfCode, listFunction } from '../disasm/index.ts';

export function disasmCommand(io: Io, result: Result): Command {
  return new Command('disasm')
    .description('disassemble a function (default: every function) with symbols and static cycle estimates')
    .argument('<file.elf>', 'firmware ELF')
    .argument('[symbol]', 'function name')
    .option('--profile <name>', 'device profile for the cycle estimates: a name in profiles/ or a JSON file', 'stm32l4r5zi')
    .option('-o, --output <file>', 'write the listing to a file instead of stdout')
    .action(async (elf: string, symbol: string | undefined, o) => {
      const timing = timingParams(loadProfile(o.profile)).core;
      const code = readElfCode(elf);
      const cs = await loadCapstone();
      let lines: string[];
      try {
        lines = listFunction(code, cs, symbol, { timing });
      } catch (e) {
        throw new CliError((e as Error).message, EXIT.badInput);
      }
      const header = `; ${elf}: cycles = static estimate per instruction from profile ${o.profile} timing.core (before pipelining, stalls and flash wait states; a-b: not taken/taken or early termination)\n`;
      const text = header + lines.join('\n') + '\n';
      if (o.output) writeOutput(o.output, text, [elf]);
      else io.stdout(text);
      result.code = 0;
    });
}
