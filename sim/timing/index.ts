// The cycle model attached to a System: the Cortex-M4 pipeline (m4.ts) and the STM32L4R5
// flash read path with the ART accelerator (art.ts), numbers from the profile's "timing"
// section, the flash configuration live from the STM32 FLASH interface (FLASH_ACR).
//
//   const sys = ...; attachStm32Peripherals(sys) (the Session does this)
//   const timing = attachCycleModel(sys);   // after the STM32 peripherals
//   ... run ...
//   timing.summary()    // cycles lost to flash wait states, stalls, refills, per-class counts
//   timing.detach()     // back to one cycle per instruction
import type { System } from '../system.ts';
import { ProfileError } from '../profile.ts';
import { FlashInterface } from '../stm32/flash.ts';
import { ArtAccelerator, type ArtParams, type ArtStats, type FlashConfig } from './art.ts';
import { M4CycleModel, CLS_NAMES, type CoreTimingParams, type CycleStats, type ExceptionTimingParams } from './m4.ts';

export { M4CycleModel, ArtAccelerator, CLS_NAMES };
export type { CoreTimingParams, ExceptionTimingParams, CycleStats, ArtParams, ArtStats, FlashConfig };

export interface TimingParams {
  core: CoreTimingParams;
  flash: ArtParams;
  exceptions: ExceptionTimingParams;
}

/** What `--stats` reports about the cycle model (all cycle counts since attach). */
export interface TimingSummary {
  /** cycles lost to flash wait states (instruction fetch + data reads not hidden by the ART) */
  flashWaitCycles: number;
  fetchWaitCycles: number;
  dataWaitCycles: number;
  /** pipeline stalls: address dependency + load/store after store + FP result latency */
  pipelineStallCycles: number;
  /** pipeline refills after taken branches and PC writes */
  branchRefillCycles: number;
  /** exception entry/exit/tail-chain and FP context stacking */
  exceptionCycles: number;
  /** unaligned-access and peripheral-access extra cycles, divide cycles beyond the minimum */
  otherStallCycles: number;
  detail: CycleStats;
  art: ArtStats;
  /** instructions retired per TRM class */
  instructionsByClass: Record<string, number>;
  /** the flash configuration at the end */
  flash: { waitStates: number; prefetch: boolean; icache: boolean; dcache: boolean };
}

export interface CycleModelHandle {
  readonly model: M4CycleModel;
  readonly art: ArtAccelerator;
  readonly params: TimingParams;
  /** the live flash configuration the model reads (FLASH_ACR, or the fixed reset one) */
  readonly flash: FlashConfig;
  summary(): TimingSummary;
  /** removes the model: the core counts one cycle per instruction again */
  detach(): void;
}

const CORE_KEYS: (keyof CoreTimingParams)[] = [
  'alu', 'mul', 'divMin', 'divMax', 'divBitsPerCycle', 'refill', 'refillLoad', 'refillUnaligned32', 'load', 'loadPipelined',
  'store', 'storeRegOffset', 'addressDependency', 'afterStore', 'ldrd', 'strd', 'multipleBase', 'tableBranch', 'exclusive',
  'sys', 'it', 'skipped', 'unalignedWordHalf', 'unalignedWordOdd', 'unalignedHalf', 'fp', 'fpMac', 'fpDiv', 'fpLoad',
  'fpStore', 'fpMultipleBase', 'fpMov', 'fpLatency', 'fpLatencySimple', 'fpMacLatency', 'fpDivLatency', 'peripheralAccess',
];
const FLASH_KEYS: (keyof ArtParams)[] = ['readBytes', 'icacheSets', 'icacheWays', 'dcacheSets', 'dcacheWays'];
const EXC_KEYS: (keyof ExceptionTimingParams)[] = ['entry', 'exit', 'tailChain', 'fpContext'];

/** Reads and checks the profile's "timing" section: every number present, a whole number
 * >= 0, and cited in the section's "sources". */
export function timingParams(profile: { name: string; [k: string]: unknown }): TimingParams {
  const t = profile.timing as Record<string, unknown> | undefined;
  if (t === undefined || t === null || typeof t !== 'object') throw new ProfileError(`profile ${profile.name}: no "timing" section (needed by the cycle model)`);
  const section = <K extends string>(name: string, keys: K[]): Record<K, number> => {
    const s = t[name] as Record<string, unknown> | undefined;
    if (s === undefined || typeof s !== 'object') throw new ProfileError(`profile ${profile.name}: no "timing.${name}" section`);
    const sources = (s.sources ?? {}) as Record<string, unknown>;
    const out = {} as Record<K, number>;
    for (const k of keys) {
      const v = s[k];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ProfileError(`profile ${profile.name}: timing.${name}.${k} must be a whole number >= 0 (got ${JSON.stringify(v)})`);
      if (typeof sources[k] !== 'string' || (sources[k] as string).length === 0) throw new ProfileError(`profile ${profile.name}: timing.${name}.${k} has no source (cite the document and section, or say "assumed" and why)`);
      out[k] = v;
    }
    return out;
  };
  const c = section('core', CORE_KEYS);
  const f = section('flash', FLASH_KEYS);
  const x = section('exceptions', EXC_KEYS);
  if (c.alu < 1 || c.skipped < 1 || c.it < 1 || c.sys < 1) throw new ProfileError(`profile ${profile.name}: timing.core alu/it/sys/skipped must be >= 1 (every instruction takes a cycle)`);
  // The objects the model keeps are object literals with every key: an object filled key by
  // key (out[k] = v) becomes a dictionary-mode object in V8 after a dozen keys, and then every
  // p.x that retire() reads per instruction is a hash lookup instead of a load.
  const core: CoreTimingParams = {
    alu: c.alu, mul: c.mul, divMin: c.divMin, divMax: c.divMax, divBitsPerCycle: c.divBitsPerCycle, refill: c.refill,
    refillLoad: c.refillLoad, refillUnaligned32: c.refillUnaligned32, load: c.load, loadPipelined: c.loadPipelined,
    store: c.store, storeRegOffset: c.storeRegOffset, addressDependency: c.addressDependency, afterStore: c.afterStore,
    ldrd: c.ldrd, strd: c.strd, multipleBase: c.multipleBase, tableBranch: c.tableBranch, exclusive: c.exclusive,
    sys: c.sys, it: c.it, skipped: c.skipped, unalignedWordHalf: c.unalignedWordHalf, unalignedWordOdd: c.unalignedWordOdd,
    unalignedHalf: c.unalignedHalf, fp: c.fp, fpMac: c.fpMac, fpDiv: c.fpDiv, fpLoad: c.fpLoad, fpStore: c.fpStore,
    fpMultipleBase: c.fpMultipleBase, fpMov: c.fpMov, fpLatency: c.fpLatency, fpLatencySimple: c.fpLatencySimple,
    fpMacLatency: c.fpMacLatency, fpDivLatency: c.fpDivLatency, peripheralAccess: c.peripheralAccess,
  };
  const flash: ArtParams = { readBytes: f.readBytes, icacheSets: f.icacheSets, icacheWays: f.icacheWays, dcacheSets: f.dcacheSets, dcacheWays: f.dcacheWays };
  const exceptions: ExceptionTimingParams = { entry: x.entry, exit: x.exit, tailChain: x.tailChain, fpContext: x.fpContext };
  return { core, flash, exceptions };
}

/** Builds the cycle model from `sys.profile` and the STM32 flash configuration and installs
 * it as `sys.cpu.cycleModel`. Call after attachStm32Peripherals (which the Session does): the
 * FLASH device's FLASH_ACR drives the wait states and ART enables, and its cache resets and
 * configuration changes reach the model. Without a FLASH device the flash keeps the reset
 * configuration (0 wait states, I/D-cache on, prefetch off: RM0432 3.7.1). */
const attachedModels = new WeakMap<System, CycleModelHandle>();

/** Attaches the cycle model to `sys`, or returns the one already attached (a Session attaches
 * one by default; profilers and tests that ask again share it). */
export function attachCycleModel(sys: System): CycleModelHandle {
  const have = attachedModels.get(sys);
  if (have !== undefined && sys.cpu.cycleModel === have.model) return have;
  const params = timingParams(sys.profile);
  const dev = sys.devices.get('FLASH');
  const flashDev = dev instanceof FlashInterface ? dev : null;
  const flash: FlashConfig = flashDev !== null ? flashDev.state : { waitStates: 0, prefetch: false, icache: true, dcache: true };
  // (with a WebAssembly arena, the ART's state lives in it: translated code shares it)
  const arena = sys.arena;
  let art: ArtAccelerator;
  try {
    art = new ArtAccelerator(flash, params.flash, arena !== null ? (n) => arena.allocMisc(n) : undefined);
  } catch {
    // (the arena's room for shared state is used up by earlier models: a plain one)
    art = new ArtAccelerator(flash, params.flash);
  }
  const model = new M4CycleModel(params.core, params.exceptions, art, sys.cpu);
  let attached = true;
  if (flashDev !== null) {
    flashDev.onChange(() => {
      if (attached) art.configChanged();
    });
    flashDev.onCacheReset((cache) => {
      if (!attached) return;
      if (cache === 'icache') art.resetIcache();
      else art.resetDcache();
    });
  }
  sys.cpu.cycleModel = model;
  const handle: CycleModelHandle = {
    model,
    art,
    params,
    flash,
    summary: () => summarize(model, art, flash),
    detach: () => {
      attached = false;
      if (sys.cpu.cycleModel === model) sys.cpu.cycleModel = null;
      attachedModels.delete(sys);
    },
  };
  attachedModels.set(sys, handle);
  return handle;
}

function summarize(model: M4CycleModel, art: ArtAccelerator, flash: FlashConfig): TimingSummary {
  const d = { ...model.stats };
  const byClass: Record<string, number> = {};
  CLS_NAMES.forEach((n, i) => {
    if (model.classCount[i] !== 0) byClass[n] = model.classCount[i];
  });
  return {
    flashWaitCycles: d.fetchWait + d.dataWait,
    fetchWaitCycles: d.fetchWait,
    dataWaitCycles: d.dataWait,
    pipelineStallCycles: d.addressDependency + d.afterStore + d.fpLatency,
    branchRefillCycles: d.branchRefill,
    exceptionCycles: d.exception,
    otherStallCycles: d.unaligned + d.peripheral + d.divideExtra,
    detail: d,
    art: { ...art.stats },
    instructionsByClass: byClass,
    flash: { waitStates: flash.waitStates, prefetch: flash.prefetch, icache: flash.icache, dcache: flash.dcache },
  };
}
