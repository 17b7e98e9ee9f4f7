// The Cortex-M4's own peripherals on the Private Peripheral Bus: the System Control Space
// (SCB, NVIC, SysTick, CoreDebug, FP registers) at 0xE000E000, the DWT at 0xE0001000 and the
// ITM at 0xE0000000. attachCorePeripherals(sys) builds them, maps them into the PPB window,
// registers SysTick as a timer event source and hooks their reset into the exception model's.
import type { System } from '../system.ts';
import { Scb } from './scb.ts';
import { Nvic } from './nvic.ts';
import { SysTick } from './systick.ts';
import { CoreDebug } from './coredebug.ts';
import { FpuScs } from './fpu-scs.ts';
import { Dwt } from './dwt.ts';
import { Itm } from './itm.ts';
import { Scs } from './scs.ts';

export { Scb, Nvic, SysTick, CoreDebug, FpuScs, Dwt, Itm, Scs };
export type { StimulusListener } from './itm.ts';

export interface CorePeripherals {
  scs: Scs;
  scb: Scb;
  nvic: Nvic;
  systick: SysTick;
  debug: CoreDebug;
  fpu: FpuScs;
  dwt: Dwt;
  itm: Itm;
}

const attached = new WeakMap<System, CorePeripherals>();

/** Builds the core peripherals for `sys` and attaches them (once: a second call returns the
 * same set). Configures the exception model from the profile (core.nvicIrqs,
 * core.nvicPrioBits; optional core.systickTenms for SYST_CALIB.TENMS). */
export function attachCorePeripherals(sys: System): CorePeripherals {
  const have = attached.get(sys);
  if (have !== undefined) return have;
  const cpu = sys.cpu;
  const exc = cpu.exc;
  const core = sys.profile.core as { nvicIrqs: number; nvicPrioBits: number; systickTenms?: number };
  exc.configure(core.nvicIrqs, core.nvicPrioBits);
  const scb = new Scb(cpu, exc);
  const nvic = new Nvic(exc);
  const systick = new SysTick(cpu, exc, typeof core.systickTenms === 'number' ? core.systickTenms : 0);
  const debug = new CoreDebug(exc);
  const fpu = new FpuScs(exc);
  const scs = new Scs(sys.bus, [systick, nvic, scb, debug, fpu]);
  const dwt = new Dwt(cpu, debug);
  const itm = new Itm(cpu, debug);
  sys.attach(scs);
  sys.attach(dwt);
  sys.attach(itm);
  cpu.events.push(systick);
  exc.resetHooks.push(
    () => scb.reset(),
    () => systick.reset(),
    () => debug.reset(),
    () => dwt.reset(),
    () => itm.reset(),
  );
  const set: CorePeripherals = { scs, scb, nvic, systick, debug, fpu, dwt, itm };
  attached.set(sys, set);
  return set;
}

/** The core peripherals attached to `sys`, if any. */
export function corePeripherals(sys: System): CorePeripherals | undefined {
  return attached.get(sys);
}
