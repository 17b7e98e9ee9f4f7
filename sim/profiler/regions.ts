// Marked windows: GPIO pin windows (a pin high from its rising to its falling edge) and ITM
// regions (a begin and an end marker written to a stimulus port), each costed with the energy
// meter's snapshots (latency, energy, average power, the model's counters).
//
// The marker encoding is the firmware's (docs/workload.md for the VAE firmware, the default):
// on `regionPort` a 32-bit write of (id << 8) | phase, odd phases begin and even phases end a
// region of kind (phase + 1) / 2; on `stepPort` the index of the training step that follows.
import type { EnergyMeter, Snapshot, Cost } from '../energy/meter.ts';
import { windowCost } from '../energy/meter.ts';
import type { RangeName } from '../energy/model.ts';

export interface MarkerSpec {
  regionPort: number;
  stepPort: number;
  /** names of region ids */
  ids: Record<string, string>;
  /** names of region kinds (1 = phases 1/2, 2 = phases 3/4, ...) */
  kinds: Record<string, string>;
  /** names of GPIO pins ("PC7") */
  pins: Record<string, string>;
}

/** The VAE training firmware's markers (docs/workload.md, "ITM stimulus port 1"). */
export const VAE_MARKERS: MarkerSpec = {
  regionPort: 1,
  stepPort: 2,
  ids: { '0': 'update', '1': 'conv1', '2': 'conv2', '3': 'enc_dense', '4': 'head', '5': 'reparam_elbo', '6': 'dec_dense', '7': 'deconv1', '8': 'deconv2' },
  kinds: { '1': 'forward', '2': 'backward', '3': 'update' },
  pins: { PC7: 'train_step', PB7: 'inference' },
};

export interface WindowRecord extends Cost {
  /** "train_step" (pin window) or "conv1.forward" (region) */
  name: string;
  kind: 'pin' | 'region';
  /** the n-th window of this name, from 0 */
  index: number;
  /** the training step (last value on the step port), -1 before any */
  step: number;
  startCycle: number;
  endCycle: number;
  startSeconds: number;
  /** voltage range at the end of the window */
  range: RangeName;
}

export class WindowTracker {
  readonly windows: WindowRecord[] = [];
  step = -1;
  private readonly open = new Map<string, Snapshot>();
  private readonly counts = new Map<string, number>();
  unmatched = 0;

  constructor(
    readonly meter: EnergyMeter,
    readonly spec: MarkerSpec = VAE_MARKERS,
  ) {}

  pinName(port: string, pin: number): string {
    const k = `P${port}${pin}`;
    return this.spec.pins[k] ?? k;
  }

  onPin(port: string, pin: number, level: number): void {
    const name = this.pinName(port, pin);
    if (level === 1) this.open.set('pin:' + name, this.meter.snapshot());
    else this.close('pin:' + name, name, 'pin');
  }

  onItm(port: number, value: number): void {
    if (port === this.spec.stepPort) {
      this.step = value | 0;
      return;
    }
    if (port !== this.spec.regionPort) return;
    const id = (value >>> 8) & 0xffffff;
    const phase = value & 0xff;
    if (phase === 0) return;
    const kind = (phase + 1) >>> 1;
    const name = `${this.spec.ids[id] ?? `region${id}`}.${this.spec.kinds[kind] ?? `kind${kind}`}`;
    if ((phase & 1) === 1) this.open.set('reg:' + name, this.meter.snapshot());
    else this.close('reg:' + name, name, 'region');
  }

  private close(key: string, name: string, kind: 'pin' | 'region'): void {
    const a = this.open.get(key);
    if (a === undefined) {
      this.unmatched++;
      return;
    }
    this.open.delete(key);
    const b = this.meter.snapshot();
    const index = this.counts.get(name) ?? 0;
    this.counts.set(name, index + 1);
    this.windows.push({ name, kind, index, step: this.step, startCycle: a.cycle, endCycle: b.cycle, startSeconds: a.seconds, range: this.meter.rangeNow, ...windowCost(a, b) });
  }
}

export interface RegionSummary {
  name: string;
  kind: 'pin' | 'region';
  count: number;
  /** totals over all windows of the name */
  cycles: number;
  seconds: number;
  energyJ: number;
  powerW: number;
  instructions: number;
  waitCycles: number;
  stallCycles: number;
  /** per window (mean) */
  meanCycles: number;
  meanSeconds: number;
  meanEnergyJ: number;
}

/** Totals and means per window name, in order of first appearance. */
export function summarizeWindows(ws: WindowRecord[]): RegionSummary[] {
  const by = new Map<string, RegionSummary>();
  for (const w of ws) {
    let r = by.get(w.name);
    if (r === undefined) {
      r = { name: w.name, kind: w.kind, count: 0, cycles: 0, seconds: 0, energyJ: 0, powerW: 0, instructions: 0, waitCycles: 0, stallCycles: 0, meanCycles: 0, meanSeconds: 0, meanEnergyJ: 0 };
      by.set(w.name, r);
    }
    r.count++;
    r.cycles += w.cycles;
    r.seconds += w.seconds;
    r.energyJ += w.energyJ;
    r.instructions += w.counters[2];
    r.waitCycles += w.counters[9];
    r.stallCycles += w.counters[10];
  }
  for (const r of by.values()) {
    r.powerW = r.seconds > 0 ? r.energyJ / r.seconds : 0;
    r.meanCycles = r.cycles / r.count;
    r.meanSeconds = r.seconds / r.count;
    r.meanEnergyJ = r.energyJ / r.count;
  }
  return [...by.values()];
}
