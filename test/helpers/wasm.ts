// Test helpers for the WebAssembly tier (sim/jit/wasm/): a device with its arena and the M4
// cycle model, code in flash; the same program run by the interpreter (the reference) and by
// the fast path with the tier, and everything the run leaves compared.
import { createHash } from 'node:crypto';
import { System } from '../../sim/system.ts';
import { loadProfile } from '../../sim/profile.ts';
import { attachCycleModel, type CycleModelHandle } from '../../sim/timing/index.ts';
import { assemble } from './machine.ts';
import { attachEnergyMeter, type EnergyMeter } from '../../sim/energy/meter.ts';

export const FLASH = 0x08000000;
export const SRAM = 0x20000000;
export const STACK_TOP = 0x20010000;

export interface WasmMachine {
  sys: System;
  t: CycleModelHandle;
  /** the energy meter, when attached (runBoth's `meter`) */
  meter?: EnergyMeter;
}

/** A device with the arena, `src` (assembler text, or bytes) at the start of flash, the cycle
 * model attached, SP at STACK_TOP; `tier`: the fast path with the WebAssembly tier, else the
 * interpreter. */
export function wasmMachine(src: string | Uint8Array, tier: boolean): WasmMachine {
  const sys = new System(loadProfile('stm32l4r5zi'), { wasm: true });
  sys.bus.load(FLASH, typeof src === 'string' ? assemble(src) : src);
  const cpu = sys.cpu;
  cpu.R[13] = STACK_TOP;
  cpu.pc = FLASH;
  cpu.fpEnabled = true;
  const t = attachCycleModel(sys);
  cpu.fastPath = tier;
  // (a hot block's batch compiled at its next run: these programs are short)
  cpu.blocks.wasmQueuedRuns = 1;
  return { sys, t };
}

/** Everything a run leaves that the tier could change: registers, flags, counters, the cycle
 * model's statistics and counts, the first 64 KB of SRAM. */
export function wasmState(m: WasmMachine) {
  const c = m.sys.cpu;
  const sram = m.sys.bus.peek(SRAM, 0x10000);
  return {
    R: [...c.R],
    pc: c.pc,
    flags: [c.N, c.Z, c.C, c.V, c.Q, c.GE, c.itState, c.IPSR],
    fp: [...c.SU, c.FPSCR],
    instret: c.instret,
    cycles: c.cycles,
    stop: c.stop,
    timing: m.t.summary(),
    sram: createHash('sha1').update(sram).digest('hex'),
    meter: m.meter === undefined ? undefined : { counters: [...m.meter.counters()], classCount: [...m.meter.classCount], energyJ: m.meter.snapshot().energyJ },
  };
}

/** Runs `src` for `n` instructions on both paths after `setup` (the same on both) and returns
 * both states and the tier's statistics. */
export function runBoth(src: string | Uint8Array, n: number, setup: (m: WasmMachine) => void = () => {}, opts: { meter?: boolean } = {}) {
  const ref = wasmMachine(src, false);
  if (opts.meter) ref.meter = attachEnergyMeter(ref, ref.t);
  setup(ref);
  ref.sys.cpu.run(n);
  const w = wasmMachine(src, true);
  if (opts.meter) w.meter = attachEnergyMeter(w, w.t);
  setup(w);
  w.sys.cpu.run(n);
  const tier = w.sys.cpu.blocks.tier!;
  return { ref: wasmState(ref), wasm: wasmState(w), tier };
}

/** A seeded random number generator (xorshift32) for generated test programs. */
export function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

/** 32 random bits, with edge values (0, 1, -1, 0x7fffffff, 0x80000000) one time in four. */
export function randomWord(r: (n: number) => number): number {
  const edges = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0x80000001];
  if (r(4) === 0) return edges[r(edges.length)];
  return ((r(0x10000) << 16) | r(0x10000)) >>> 0;
}
