// m4sim sweep SWEEP.json [--workers N] [-o results.json]: many configurations in parallel
// worker threads, with a progress line per finished configuration on stderr.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { CliError, EXIT, parseCount, writeOutput, type Io, type Result } from './common.ts';
import { expandSweep, runParallel, runSequential, SweepError, type SweepResult } from '../sweep/sweep.ts';

export function sweepCommand(io: Io, result: Result): Command {
  return new Command('sweep')
    .description('run many configurations (firmware variants, profiles, energy charges) in parallel worker threads')
    .argument('<sweep.json>', '{"configs": [{"name", "elf", "profile", "charges", "semihostRoot", "maxCycles"}]} or {"elfs": [...], "profiles": [...], "charges": [...]}')
    .option('--workers <n>', 'worker threads (0 = run in this thread)', (v: string) => (v === '0' ? 0 : parseCount(v)), Math.max(1, Math.min(2, cpus().length)))
    .option('-o, --out <file.json>', 'write the results as JSON')
    .action(async (file: string, o) => {
      let configs;
      try {
        configs = expandSweep(JSON.parse(readFileSync(file, 'utf8')), file);
      } catch (e) {
        if (e instanceof SweepError) throw new CliError(e.message);
        throw new CliError(`${file}: cannot read sweep (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      const progress = (done: number, total: number, r: SweepResult, wall: number) =>
        io.stderr(`[${done}/${total}] ${r.name}: ${r.stop}, ${r.cycles} cycles, ${(r.energyJ * 1e3).toFixed(4)} mJ, ${(r.powerW * 1e3).toFixed(2)} mW (${wall.toFixed(1)} s)\n`);
      const res = o.workers === 0 ? runSequential(configs, progress) : await runParallel(configs, o.workers, progress);
      const rows = [['name', 'stop', 'cycles', 'ms', 'mJ', 'mW', 'train_step ms', 'train_step mW']];
      for (const r of res) {
        const s = r.windows.train_step;
        rows.push([r.name, r.stop, String(r.cycles), (r.seconds * 1e3).toFixed(3), (r.energyJ * 1e3).toFixed(4), (r.powerW * 1e3).toFixed(2), s ? (s.seconds * 1e3).toFixed(3) : '-', s ? (s.powerW * 1e3).toFixed(2) : '-']);
      }
      const w = rows[0].map((_, i) => Math.max(...rows.map((q) => q[i].length)));
      io.stdout(rows.map((q) => q.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ')).join('\n') + '\n');
      if (o.out) writeOutput(o.out, JSON.stringify(res, null, 1) + '\n', [file]);
      result.code = res.every((r) => r.stop.startsWith('exit') || r.stop === 'limit') ? 0 : EXIT.fault;
    });
}
