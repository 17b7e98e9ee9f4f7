// Sweeps: many configurations (firmware variants, device profiles, energy charges) run
// sequentially or in parallel worker threads (comlink over worker_threads). Every result is
// computed the same way in both, so parallel results equal sequential ones exactly; wall
// times are kept out of the results.
import { Worker } from 'node:worker_threads';
import { wrap, releaseProxy, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { profileRun, meanWindow } from '../profiler/run.ts';
import { energyParams, withCharges, type CoeffKey } from '../energy/model.ts';
import { loadProfile } from '../profile.ts';

export interface SweepConfig {
  name: string;
  elf: string;
  /** device profile name or JSON path */
  profile?: string;
  /** charges replacing the profile's (pC) */
  charges?: Partial<Record<CoeffKey, number>>;
  semihostRoot?: string;
  maxCycles?: number;
}

export interface SweepResult {
  name: string;
  elf: string;
  profile: string;
  stop: string;
  instructions: number;
  cycles: number;
  seconds: number;
  energyJ: number;
  powerW: number;
  windows: Record<string, { count: number; cycles: number; seconds: number; energyJ: number; powerW: number }>;
}

/** One configuration, the same in a worker and in the main thread. */
export function runConfig(c: SweepConfig): SweepResult {
  const profile = c.profile ?? 'stm32l4r5zi';
  const energy = c.charges ? withCharges(energyParams(loadProfile(profile)), c.charges) : undefined;
  const r = profileRun({ elf: c.elf, profile, energy, semihostRoot: c.semihostRoot, maxCycles: c.maxCycles, functions: false });
  const windows: SweepResult['windows'] = {};
  for (const g of r.regions) {
    const m = meanWindow(r, g.name)!;
    windows[g.name] = { count: m.count, cycles: m.cycles, seconds: m.seconds, energyJ: m.energyJ, powerW: m.powerW };
  }
  return {
    name: c.name,
    elf: c.elf,
    profile: r.profile,
    stop: r.stop.kind === 'exit' ? `exit ${r.stop.code}` : r.stop.kind,
    instructions: r.run.instructions,
    cycles: r.run.cycles,
    seconds: r.run.seconds,
    energyJ: r.run.energyJ,
    powerW: r.run.powerW,
    windows,
  };
}

export type Progress = (done: number, total: number, r: SweepResult, wallSeconds: number) => void;

export function runSequential(configs: SweepConfig[], progress?: Progress): SweepResult[] {
  const out: SweepResult[] = [];
  for (const c of configs) {
    const t0 = performance.now();
    const r = runConfig(c);
    out.push(r);
    progress?.(out.length, configs.length, r, (performance.now() - t0) / 1000);
  }
  return out;
}

interface WorkerApi {
  run(c: SweepConfig): SweepResult;
}

/** Runs the configurations on `workers` threads; results in the order of `configs`. */
export async function runParallel(configs: SweepConfig[], workers: number, progress?: Progress): Promise<SweepResult[]> {
  const n = Math.max(1, Math.min(workers, configs.length));
  const results: SweepResult[] = new Array(configs.length);
  const threads: { w: Worker; api: Remote<WorkerApi> }[] = [];
  for (let i = 0; i < n; i++) {
    const w = new Worker(new URL('./boot.mjs', import.meta.url));
    threads.push({ w, api: wrap<WorkerApi>(nodeEndpoint(w)) });
  }
  let next = 0;
  let done = 0;
  try {
    await Promise.all(
      threads.map(async ({ api }) => {
        while (next < configs.length) {
          const i = next++;
          const t0 = performance.now();
          results[i] = await api.run(configs[i]);
          done++;
          progress?.(done, configs.length, results[i], (performance.now() - t0) / 1000);
        }
      }),
    );
  } finally {
    for (const t of threads) {
      t.api[releaseProxy]();
      await t.w.terminate();
    }
  }
  return results;
}

export class SweepError extends Error {}

/** A sweep file: {"configs": [...]} or a matrix {"elfs": [...], "profiles": [...],
 * "charges": [{...}, ...], "semihostRoot", "maxCycles"} (every combination). */
export function expandSweep(spec: unknown, file: string): SweepConfig[] {
  if (spec === null || typeof spec !== 'object') throw new SweepError(`${file}: a sweep must be a JSON object`);
  const s = spec as Record<string, unknown>;
  let out: SweepConfig[] = [];
  if (Array.isArray(s.configs)) out = s.configs as SweepConfig[];
  else if (Array.isArray(s.elfs)) {
    const profiles = (Array.isArray(s.profiles) ? s.profiles : ['stm32l4r5zi']) as string[];
    const charges = (Array.isArray(s.charges) ? s.charges : [undefined]) as (SweepConfig['charges'] | undefined)[];
    for (const elf of s.elfs as string[])
      for (const profile of profiles)
        charges.forEach((ch, k) =>
          out.push({
            name: `${elf.split('/').pop()}@${profile.split('/').pop()}${charges.length > 1 ? `#${k}` : ''}`,
            elf, profile, charges: ch,
            semihostRoot: s.semihostRoot as string | undefined,
            maxCycles: s.maxCycles as number | undefined,
          }),
        );
  } else throw new SweepError(`${file}: expected "configs" or "elfs"`);
  out.forEach((c, i) => {
    if (typeof c?.elf !== 'string') throw new SweepError(`${file}: configuration ${i} has no "elf"`);
    if (typeof c.name !== 'string') c.name = `${i}:${c.elf}`;
  });
  return out;
}
