// Test helpers for the exception model and the core peripherals: a program with its vector
// table at the start of SRAM (VTOR = 0x20000000), main at +0x200, handlers by label.
import { machine, assemble, CODE_BASE } from '../helpers/machine.ts';
import { attachCorePeripherals, type CorePeripherals } from '../../sim/periph/index.ts';
import type { System } from '../../sim/system.ts';

export const VTOR_ADDR = 0xe000ed08;
export const MAIN = CODE_BASE + 0x200;
export const TABLE = CODE_BASE;

/** Handlers by exception number: label names defined in `src`. Unlisted vectors point at
 * `unexpected`, which stops the run with BKPT #0xEE. */
export type Vectors = Record<number, string>;

export interface ExcMachine {
  sys: System;
  p: CorePeripherals;
  /** reads a word of memory */
  w(addr: number): number;
}

/** Builds the program: vector table (112 entries: 16 + 95 IRQs + 1), `.org 0x200`, then `src`
 * starting at label main. The run stops at BKPT #0x42 (done) or #0xEE (unexpected vector). */
export function excMachine(src: string, vectors: Vectors = {}, opts: { setVtor?: boolean } = {}): ExcMachine {
  const lines = ['.equ BASE, 0x20000000', 'vectors:', '.word 0x20010000', '.word BASE + (main - vectors) + 1'];
  for (let n = 2; n < 112; n++) {
    const label = vectors[n] ?? 'unexpected';
    lines.push(`.word BASE + (${label} - vectors) + 1`);
  }
  lines.push('.org 0x200', 'main:', src, 'unexpected:', 'bkpt #0xee', 'b unexpected', '.ltorg');
  const sys = machine(assemble(lines.join('\n')));
  const p = attachCorePeripherals(sys);
  sys.cpu.pc = MAIN;
  sys.cpu.onBkpt = (cpu, imm) => {
    cpu.stop = { kind: 'breakpoint', imm };
    cpu.attention();
    return true;
  };
  if (opts.setVtor !== false) sys.bus.write32(VTOR_ADDR, TABLE);
  return { sys, p, w: (a: number) => sys.bus.read32(a) };
}

/** Runs until a stop, at most `max` instructions; returns the stop. */
export function runToStop(m: ExcMachine, max = 100000) {
  m.sys.cpu.run(max);
  return m.sys.cpu.stop;
}
