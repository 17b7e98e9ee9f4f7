// One profiled run: a Session with the cycle model, the energy meter, the window tracker
// (GPIO pins, ITM markers), the stack watcher and (optionally) the function profiler. The CLI
// commands profile/baseline/check/compare/calibrate and the sweep workers all run this.
import { Session, type RunLimits } from '../session.ts';
import type { StopReason } from '../core/fault.ts';
import { attachCycleModel, type TimingSummary } from '../timing/index.ts';
import { attachEnergyMeter, type EnergyMeter } from '../energy/meter.ts';
import { energyParams, rangeName, COUNTER_NAMES, type EnergyParams } from '../energy/model.ts';
import { Pwr } from '../stm32/pwr.ts';
import { FunctionProfiler, type FunctionRow, type TraceSpan } from './functions.ts';
import { WindowTracker, summarizeWindows, VAE_MARKERS, type MarkerSpec, type RegionSummary, type WindowRecord } from './regions.ts';
import { StackWatcher, staticFootprint, runFootprint, type Footprint } from '../footprint/footprint.ts';

export interface ProfileOptions {
  elf: string;
  /** device profile name or JSON path (default stm32l4r5zi) */
  profile?: string;
  /** energy parameters instead of the profile's */
  energy?: EnergyParams;
  semihostRoot?: string;
  args?: string[];
  maxCycles?: number;
  maxInstructions?: number;
  /** per-function profile (default true) */
  functions?: boolean;
  markers?: MarkerSpec;
  traceMinCycles?: number;
  stdout?: (b: Uint8Array) => void;
  stderr?: (b: Uint8Array) => void;
  warn?: (msg: string) => void;
  /** called between slices of the run (Session.run) */
  onProgress?: RunLimits['onProgress'];
}

export interface RunTotals {
  instructions: number;
  cycles: number;
  seconds: number;
  energyJ: number;
  powerW: number;
  /** the energy model's counters over the run */
  counters: Record<(typeof COUNTER_NAMES)[number], number>;
  hz: number;
}

export interface ProfileResult {
  elf: string;
  profile: string;
  stop: StopReason;
  run: RunTotals;
  windows: WindowRecord[];
  regions: RegionSummary[];
  functions: FunctionRow[] | null;
  /** the function profiler's totals (equal to run's instructions/cycles/energy) */
  functionTotals: Record<string, number> | null;
  folded: string | null;
  spans: TraceSpan[];
  spansDropped: number;
  footprint: Footprint;
  timing: TimingSummary;
  wallSeconds: number;
}

export function profileRun(o: ProfileOptions): ProfileResult {
  const session = new Session({
    elf: o.elf,
    profile: o.profile,
    semihostRoot: o.semihostRoot,
    args: o.args,
    stdout: o.stdout,
    stderr: o.stderr,
    warn: o.warn,
  });
  const sys = session.sys;
  const timing = attachCycleModel(sys);
  const params = o.energy ?? energyParams(sys.profile);
  const meter: EnergyMeter = attachEnergyMeter(session, timing, params);
  const stack = new StackWatcher(sys);
  meter.inner = stack;
  let fp: FunctionProfiler | null = null;
  if (o.functions !== false) {
    fp = new FunctionProfiler(sys, session.fw.symbols, timing, params, { traceMinCycles: o.traceMinCycles });
    stack.inner = fp;
    const dev = sys.devices.get('PWR');
    const pwr = dev instanceof Pwr ? dev : null;
    const seg = () => fp!.setSegment(session.stm32.clock.hz, pwr === null ? 'range1Boost' : rangeName(pwr.range, pwr.boost));
    seg();
    session.stm32.clock.onChange(seg);
    pwr?.onChange(seg);
  }
  const tracker = new WindowTracker(meter, o.markers ?? VAE_MARKERS);
  session.stm32.onPinChange((port, pin, level) => tracker.onPin(port, pin, level));
  const itm = sys.core.itm;
  const prevItm = itm.onStimulus;
  itm.onStimulus = (port, value, size, cycle) => {
    tracker.onItm(port, value);
    prevItm?.(port, value, size, cycle);
  };
  const start = meter.snapshot();
  const r = session.run({ maxCycles: o.maxCycles, maxInstructions: o.maxInstructions, onProgress: o.onProgress });
  const end = meter.snapshot();
  fp?.finish();
  const counters = Object.fromEntries(COUNTER_NAMES.map((k, i) => [k, end.counters[i] - start.counters[i]])) as RunTotals['counters'];
  const seconds = end.seconds - start.seconds;
  const energyJ = end.energyJ - start.energyJ;
  return {
    elf: o.elf,
    profile: sys.profile.name,
    stop: r.stop,
    run: { instructions: r.instructions, cycles: r.cycles, seconds, energyJ, powerW: seconds > 0 ? energyJ / seconds : 0, counters, hz: r.hz },
    windows: tracker.windows,
    regions: summarizeWindows(tracker.windows),
    functions: fp?.rows() ?? null,
    functionTotals: fp?.totals() ?? null,
    folded: fp?.folded() ?? null,
    spans: fp?.spans ?? [],
    spansDropped: fp?.spansDropped ?? 0,
    footprint: runFootprint(staticFootprint(session.fw), session.fw, sys, stack),
    timing: timing.summary(),
    wallSeconds: r.wallSeconds,
  };
}

/** Mean latency/energy/power of one kind of window (e.g. 'train_step'), or null if none. */
export function meanWindow(res: ProfileResult, name: string): { count: number; seconds: number; energyJ: number; powerW: number; cycles: number } | null {
  const ws = res.windows.filter((w) => w.name === name);
  if (ws.length === 0) return null;
  const s = ws.reduce((a, w) => a + w.seconds, 0);
  const e = ws.reduce((a, w) => a + w.energyJ, 0);
  const c = ws.reduce((a, w) => a + w.cycles, 0);
  return { count: ws.length, seconds: s / ws.length, energyJ: e / ws.length, powerW: s > 0 ? e / s : 0, cycles: c / ws.length };
}
