// `m4sim experiment ...`: the training workload's command line (workload/cli.ts), under the
// m4sim command: `m4sim experiment vae --dataset fashion --precision u8 --epochs 5`,
// `m4sim experiment sram`, `m4sim experiment --help`.
import { Command } from 'commander';
import type { Io, Result } from './common.ts';

export function experimentCommand(_io: Io, result: Result): Command {
  return new Command('experiment')
    .description('the VAE training experiment: native training runs, ELBO and accuracy, SRAM table, plots (see `m4sim experiment --help`)')
    .argument('[args...]', 'the workload command and its options, e.g. vae --dataset fashion --precision u8 --epochs 5')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (args: string[]) => {
      const { main } = await import('../../workload/cli.ts');
      result.code = await main(args.length ? args : ['--help']);
    });
}
