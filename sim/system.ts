// A whole device: the bus with the profile's memories and windows, the core, its exception
// model, the decoder and the devices. Users of m4sim (the CLI, tests, workers) build one of
// these, load an ELF into it and run it.
import { Bus, MemRegion, MmioWindow, type Device } from './memory/bus.ts';
import { Cpu } from './core/cpu.ts';
import { Exceptions } from './core/exceptions.ts';
import { thumbDecoder } from './isa/decoder.ts';
import type { Profile } from './profile.ts';
import { ElfError, type Firmware } from './loader/elf.ts';
import { attachCorePeripherals, type CorePeripherals } from './periph/index.ts';
import { hex8 } from './hex.ts';
import { Arena } from './jit/wasm/arena.ts';

/** The core clock as the firmware configures it. The STM32 RCC model replaces the default
 * (the profile's reset clock, constant). */
export interface CoreClock {
  /** current core clock in Hz */
  readonly hz: number;
  /** simulated seconds elapsed at `cycles`, following every clock change */
  secondsAt(cycles: number): number;
}

export interface SystemOptions {
  /** build the WebAssembly arena (guest memory and registers in a WebAssembly.Memory) so that
   * the fast path can translate hot blocks to WebAssembly; default: M4SIM_JIT=wasm */
  wasm?: boolean;
}

function wasmByDefault(): boolean {
  return typeof process !== 'undefined' && process.env.M4SIM_JIT === 'wasm';
}

/** The arena for a profile: room for its memories (aliases share), the largest flash region as
 * the one whose code is translated. */
function makeArena(profile: Profile): Arena {
  let bytes = 0;
  let code: { base: number; size: number } | null = null;
  for (const m of profile.memory) {
    if (m.aliasOf !== undefined) continue;
    bytes += m.size;
    if ((m.kind ?? 'ram') === 'flash' && (code === null || m.size > code.size)) code = m;
  }
  return new Arena(bytes, code?.base ?? 0, code?.size ?? 0);
}

export class System {
  readonly bus = new Bus();
  readonly cpu: Cpu;
  readonly devices = new Map<string, Device>();
  clock: CoreClock;
  /** the Cortex-M4's own peripherals: SCB, NVIC, SysTick, DWT, ITM, FP registers */
  readonly core: CorePeripherals;

  /** guest memory and registers in a WebAssembly.Memory, for the WebAssembly tier
   * (sim/jit/wasm/), or null */
  readonly arena: Arena | null;

  constructor(
    readonly profile: Profile,
    opts: SystemOptions = {},
  ) {
    const arena = (this.arena = opts.wasm ?? wasmByDefault() ? makeArena(profile) : null);
    const byName = new Map<string, MemRegion>();
    for (const m of profile.memory) {
      let r: MemRegion;
      if (m.aliasOf !== undefined) {
        const target = byName.get(m.aliasOf);
        if (!target) throw new Error(`profile ${profile.name}: ${m.name} aliases unknown ${m.aliasOf}`);
        r = new MemRegion(m.name, m.base, m.size, target.kind, target);
      } else r = new MemRegion(m.name, m.base, m.size, m.kind ?? 'ram', undefined, arena?.alloc(m.size));
      if (arena !== null) arena.map(r.base, r.size, r.lin, r.kind);
      byName.set(m.name, r);
      this.bus.addRegion(r);
    }
    for (const w of profile.windows) this.bus.addWindow(new MmioWindow(w.name, w.base, w.size));
    this.cpu = new Cpu(this.bus, arena ?? undefined);
    this.cpu.blocks.arena = arena;
    this.cpu.exc = new Exceptions(this.cpu);
    this.cpu.decoder = thumbDecoder().decodeAt;
    const hz = profile.clocks.resetHz;
    this.clock = { hz, secondsAt: (cycles) => cycles / hz };
    this.core = attachCorePeripherals(this);
  }

  /** Simulated seconds since reset. */
  get seconds(): number {
    return this.clock.secondsAt(this.cpu.cycles);
  }

  /** Adds a device to the window that contains it. */
  attach(dev: Device): void {
    const w = this.bus.windows.find((x) => dev.base >= x.base && dev.base + dev.size <= x.end);
    if (!w) throw new Error(`device ${dev.name} at 0x${dev.base.toString(16)} is outside every peripheral window`);
    w.attach(dev);
    this.devices.set(dev.name, dev);
  }

  /** Copies the firmware's loadable segments to their load (physical) addresses and zeroes
   * the rest of each segment's memory size. Throws ElfError for a segment outside memory. */
  loadFirmware(fw: Firmware): void {
    for (const s of fw.segments) {
      const end = s.paddr + s.memsz;
      const r = this.bus.region(s.paddr);
      const rEnd = this.bus.region(end - 1);
      if (!r || !rEnd || (r !== rEnd && !this.contiguous(s.paddr, s.memsz)))
        throw new ElfError(
          `${fw.path}: segment at ${hex8(s.paddr)}..${hex8(end)} is outside the memory of ${this.profile.name} (` +
            this.bus.regions.filter((x) => !x.name.includes('alias')).map((x) => `${x.name} ${hex8(x.base)}+${x.size / 1024}K`).join(', ') +
            ')',
        );
      this.bus.load(s.paddr, s.data);
      if (s.memsz > s.data.length) this.bus.load(s.paddr + s.data.length, new Uint8Array(s.memsz - s.data.length));
    }
  }

  private contiguous(base: number, size: number): boolean {
    for (let a = base; a < base + size; ) {
      const r = this.bus.region(a);
      if (!r) return false;
      a = r.end;
    }
    return true;
  }

  reset(): void {
    this.cpu.exc.reset();
  }
}
