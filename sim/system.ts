// A whole device: the bus with the profile's memories and windows, the core, its exception
// model, the decoder and the devices. Users of m4sim (the CLI, tests, workers) build one of
// these, load an ELF into it and run it.
import { Bus, MemRegion, MmioWindow, type Device } from './memory/bus.ts';
import { Cpu } from './core/cpu.ts';
import { Exceptions } from './core/exceptions.ts';
import { thumbDecoder } from './isa/decoder.ts';
import type { Profile } from './profile.ts';

export class System {
  readonly bus = new Bus();
  readonly cpu: Cpu;
  readonly devices = new Map<string, Device>();

  constructor(readonly profile: Profile) {
    const byName = new Map<string, MemRegion>();
    for (const m of profile.memory) {
      let r: MemRegion;
      if (m.aliasOf !== undefined) {
        const target = byName.get(m.aliasOf);
        if (!target) throw new Error(`profile ${profile.name}: ${m.name} aliases unknown ${m.aliasOf}`);
        r = new MemRegion(m.name, m.base, m.size, target.kind, target);
      } else r = new MemRegion(m.name, m.base, m.size, m.kind ?? 'ram');
      byName.set(m.name, r);
      this.bus.addRegion(r);
    }
    for (const w of profile.windows) this.bus.addWindow(new MmioWindow(w.name, w.base, w.size));
    this.cpu = new Cpu(this.bus);
    this.cpu.exc = new Exceptions(this.cpu);
    this.cpu.decoder = thumbDecoder().decodeAt;
  }

  /** Adds a device to the window that contains it. */
  attach(dev: Device): void {
    const w = this.bus.windows.find((x) => dev.base >= x.base && dev.base + dev.size <= x.end);
    if (!w) throw new Error(`device ${dev.name} at 0x${dev.base.toString(16)} is outside every peripheral window`);
    w.attach(dev);
    this.devices.set(dev.name, dev);
  }

  reset(): void {
    this.cpu.exc.reset();
  }
}
