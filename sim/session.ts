// One run of one firmware: a System built from a profile, the ELF loaded, semihosting and
// the peripherals connected to the host, run to exit, fault or limit. The CLI, the tests and
// the worker threads all run firmware through this.
import { System } from './system.ts';
import { loadProfile } from './profile.ts';
import { loadElfFile, type Firmware } from './loader/elf.ts';
import { SymbolTable } from './loader/symbols.ts';
import { Semihosting } from './semihost/semihosting.ts';
import type { StopReason } from './core/fault.ts';
import { attachStm32Peripherals, type Stm32Peripherals } from './stm32/index.ts';
import { attachCycleModel, type CycleModelHandle } from './timing/index.ts';
import { hex8 } from './hex.ts';

export interface SessionOptions {
  elf: string;
  /** translate hot blocks to WebAssembly (sim/jit/wasm/); default: M4SIM_JIT=wasm */
  wasm?: boolean;
  /** profile name or JSON path (default stm32l4r5zi) */
  profile?: string;
  semihostRoot?: string;
  /** guest arguments (SYS_GET_CMDLINE gets the ELF name and these) */
  args?: string[];
  stdout?: (b: Uint8Array) => void;
  stderr?: (b: Uint8Array) => void;
  stdin?: (max: number) => Uint8Array | null;
  /** m4sim's own warnings */
  warn?: (msg: string) => void;
  /** unmodelled peripheral access: warn once (default) or BusFault */
  unmodelled?: 'warn' | 'fault';
  /** bytes a U(S)ART transmits */
  onUart?: (name: string, byte: number, cycle: number) => void;
  /** the Cortex-M4 + flash cycle model (default on); off counts one cycle per instruction */
  cycleModel?: boolean;
  /** ITM stimulus port writes */
  onItm?: (port: number, value: number, size: number, cycle: number) => void;
}

export interface RunLimits {
  maxCycles?: number;
  maxInstructions?: number;
  /** called between slices of the run (every SLICE instructions): progress display */
  onProgress?: (p: RunProgress) => void;
}

/** Where a run is (RunLimits.onProgress). */
export interface RunProgress {
  instructions: number;
  cycles: number;
  /** simulated seconds */
  seconds: number;
}

export interface RunResult {
  stop: StopReason;
  instructions: number;
  cycles: number;
  /** simulated seconds at the configured clock */
  seconds: number;
  /** core clock at the end of the run */
  hz: number;
  wallSeconds: number;
}

/** Run slices of this many instructions between limit checks. */
const SLICE = 1 << 20;

export class Session {
  readonly sys: System;
  readonly fw: Firmware;
  readonly symbols: SymbolTable;
  readonly semihost: Semihosting;
  readonly stm32: Stm32Peripherals;
  readonly timing: CycleModelHandle | null;

  constructor(readonly opts: SessionOptions) {
    this.fw = loadElfFile(opts.elf);
    this.sys = new System(loadProfile(opts.profile ?? 'stm32l4r5zi'), { wasm: opts.wasm });
    const sys = this.sys;
    sys.bus.unmodelled = opts.unmodelled ?? 'warn';
    const warn = opts.warn ?? (() => {});
    sys.bus.onUnmodelled = (addr, write) =>
      warn(`unmodelled peripheral ${write ? 'write to' : 'read of'} ${hex8(addr)} at pc ${hex8(sys.cpu.pc)} (${this.symbols.describe(sys.cpu.pc)}); reads give 0, writes are ignored (--unmodelled fault makes this a BusFault)`);
    this.stm32 = attachStm32Peripherals(sys, {
      onTx: opts.onUart,
      onWarning: (msg) => warn(msg),
    });
    // after the STM32 peripherals: the model reads FLASH_ACR from the FLASH interface
    this.timing = opts.cycleModel === false ? null : attachCycleModel(sys);
    if (opts.onItm) sys.core.itm.onStimulus = opts.onItm;
    sys.loadFirmware(this.fw);
    this.symbols = new SymbolTable(this.fw.symbols);
    const name = opts.elf.split('/').pop() ?? opts.elf;
    this.semihost = new Semihosting({
      root: opts.semihostRoot,
      cmdline: [name, ...(opts.args ?? [])].map(quoteArg).join(' '),
      stdout: opts.stdout ?? (() => {}),
      stderr: opts.stderr ?? (() => {}),
      stdin: opts.stdin,
      seconds: () => sys.seconds,
      hz: () => sys.clock.hz,
      warn,
    });
    sys.cpu.onBkpt = this.semihost.onBkpt;
    sys.reset();
  }

  /** Runs until the guest exits, faults beyond recovery, or a limit is reached. */
  run(limits: RunLimits = {}): RunResult {
    const cpu = this.sys.cpu;
    const t0 = performance.now();
    const maxCycles = limits.maxCycles ?? Infinity;
    const maxInstr = limits.maxInstructions ?? Infinity;
    // the core checks the cycle limit itself, so a sleeping core stops at it too
    cpu.cycleLimit = maxCycles;
    if (maxCycles !== Infinity) cpu.attention();
    while (cpu.stop === null) {
      if (cpu.instret >= maxInstr) {
        cpu.stop = { kind: 'limit', what: `--max-instructions ${maxInstr} reached` };
        break;
      }
      cpu.run(Math.min(SLICE, maxInstr - cpu.instret));
      if (limits.onProgress !== undefined) limits.onProgress({ instructions: cpu.instret, cycles: cpu.cycles, seconds: this.sys.seconds });
    }
    if (cpu.stop.kind === 'limit' && cpu.cycles >= maxCycles) cpu.stop = { kind: 'limit', what: `--max-cycles ${maxCycles} reached` };
    this.stm32.flushTx();
    this.semihost.closeAll();
    return {
      stop: cpu.stop,
      instructions: cpu.instret,
      cycles: cpu.cycles,
      seconds: this.sys.seconds,
      hz: this.sys.clock.hz,
      wallSeconds: (performance.now() - t0) / 1000,
    };
  }
}

function quoteArg(a: string): string {
  return /[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a;
}
