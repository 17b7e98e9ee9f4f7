// Markdown summary of result files: npx tsx workload/summary.ts workload/results/*.json
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ExperimentResult } from './experiment.ts';

export function summarize(files: string[]): string {
  const rows: string[] = [];
  rows.push('| run | precision | epochs | train ELBO | test ELBO | acc 10/class | acc 100/class | acc 200/class | published acc | published ELBO | ms/step |');
  rows.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const f of files) {
    const r = JSON.parse(readFileSync(f, 'utf8')) as ExperimentResult;
    for (const run of r.runs) {
      const last = run.epochs[run.epochs.length - 1];
      const withAcc = run.epochs.filter((e) => e.acc);
      const lastAcc = withAcc[withAcc.length - 1]?.acc ?? {};
      const pct = (k: string) => (lastAcc[k] !== undefined ? (100 * lastAcc[k]).toFixed(1) : '-');
      const pub = r.published.accuracy;
      const cfg = run.config as { lr?: number };
      rows.push(`| ${basename(f, '.json')} | ${run.precision} (lr ${cfg.lr}) | ${last.epoch} | ${last.train_elbo.toFixed(1)} | ${last.test_elbo?.toFixed(1) ?? '-'} | ${pct('10')} | ${pct('100')} | ${pct('200')} | ${pub[10]}/${pub[100]}/${pub[200]} | ${r.published.elbo[run.precision]} | ${run.ms_per_step.toFixed(2)} |`);
    }
  }
  return rows.join('\n') + '\n';
}

if (process.argv[1]?.endsWith('summary.ts')) {
  const files = process.argv.slice(2);
  if (!files.length) {
    process.stderr.write('usage: tsx workload/summary.ts RESULT.json...\n');
    process.exit(1);
  }
  try {
    process.stdout.write(summarize(files));
  } catch (e) {
    process.stderr.write(`summary: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
