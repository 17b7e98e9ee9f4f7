// The system bus: a 4 GB address space cut into 64 KB pages. Each page points at a memory
// region (flash or SRAM, backed by a typed array) or at an MMIO window (peripherals, the
// private peripheral bus), or is unmapped. The regions come from the device profile.
import type { Op } from '../core/op.ts';

export const PAGE_SHIFT = 16;

/** Thrown by the bus for an access the system cannot complete. The core turns it into a
 * BusFault (precise, with BFAR) or a MemManage fault. */
export class BusError extends Error {
  constructor(
    readonly addr: number,
    readonly write: boolean,
    readonly reason: string,
  ) {
    super(`${reason} at 0x${(addr >>> 0).toString(16).padStart(8, '0')}`);
  }
}

/** A memory region: flash or RAM. Aliases share the backing store of another region. */
export class MemRegion {
  /** tells regions from windows without instanceof (which V8 does not make cheap here) */
  readonly isMem = true as const;
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
  readonly end: number;
  /** decoded instructions by halfword offset (the decode cache) */
  ops: (Op | undefined)[];
  /** one flag per 256-byte block that holds decoded code, so writes can invalidate it;
   * shared by aliases of the same memory */
  readonly codeBlocks: Uint8Array;
  /** every mapping of the same memory (this one included) */
  readonly group: MemRegion[];
  /** counts invalidations of decoded instructions (compiled code checks it, sim/jit/) */
  version = 0;
  /** offset of the memory in the WebAssembly arena (sim/jit/wasm/arena.ts), or -1 */
  readonly lin: number;

  constructor(
    readonly name: string,
    readonly base: number,
    readonly size: number,
    readonly kind: 'flash' | 'ram',
    aliasOf?: MemRegion,
    /** storage in the WebAssembly arena (the memory and its code flags) instead of its own */
    backing?: { lin: number; u8: Uint8Array; codeBlocks: Uint8Array },
  ) {
    if (aliasOf && aliasOf.size !== size) throw new Error(`alias ${name} differs in size from ${aliasOf.name}`);
    this.u8 = aliasOf ? aliasOf.u8 : backing ? backing.u8 : new Uint8Array(size);
    this.lin = aliasOf ? aliasOf.lin : backing ? backing.lin : -1;
    this.u16 = new Uint16Array(this.u8.buffer, this.u8.byteOffset, size >>> 1);
    this.u32 = new Uint32Array(this.u8.buffer, this.u8.byteOffset, size >>> 2);
    this.end = base + size;
    this.ops = new Array(size >>> 1);
    this.codeBlocks = aliasOf ? aliasOf.codeBlocks : backing ? backing.codeBlocks : new Uint8Array(Math.ceil(size / 256));
    this.group = aliasOf ? aliasOf.group : [];
    this.group.push(this);
  }

  /** Remember that the instruction at `off` has been decoded into `op`. */
  cache(off: number, op: Op): void {
    this.ops[off >>> 1] = op;
    this.codeBlocks[off >>> 8] = 1;
  }

  /** Forget decoded instructions overlapping [off, off+len), in every alias. */
  invalidate(off: number, len: number): void {
    // a 32-bit instruction may start one halfword before the write
    const first = Math.max(0, (off >>> 1) - 1);
    const last = (off + len - 1) >>> 1;
    for (const r of this.group) {
      r.version++;
      for (let i = first; i <= last; i++) r.ops[i] = undefined;
    }
  }
}

/** A peripheral: registers at byte offsets from its base. Reads and writes of 8 and 16 bits
 * arrive with their size; most devices implement 32-bit access and let the window merge. */
export interface Device {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  read(offset: number, size: 1 | 2 | 4): number;
  write(offset: number, size: 1 | 2 | 4, value: number): void;
}

/** What to do with an access to an address in a peripheral window that no device models. */
export type UnmodelledPolicy = 'warn' | 'fault';

/** A range of the address space where devices live (the APB/AHB peripherals, the PPB).
 * Devices are found by 1 KB block. */
export class MmioWindow {
  readonly isMem = false as const;
  private readonly blocks = new Map<number, Device>();
  readonly end: number;
  readonly warned = new Set<number>();
  constructor(
    readonly name: string,
    readonly base: number,
    readonly size: number,
  ) {
    this.end = base + size;
  }

  attach(dev: Device): void {
    for (let a = dev.base; a < dev.base + dev.size; a += 1024) {
      const key = a >>> 10;
      const other = this.blocks.get(key);
      if (other) throw new Error(`device ${dev.name} overlaps ${other.name} at 0x${a.toString(16)}`);
      this.blocks.set(key, dev);
    }
  }

  find(addr: number): Device | undefined {
    const d = this.blocks.get(addr >>> 10);
    if (d !== undefined && addr >= d.base && addr < d.base + d.size) return d;
    return undefined;
  }
}

type Page = MemRegion | MmioWindow | null;

/** Reported for each access to an unmodelled peripheral address (once per address). */
export type UnmodelledListener = (addr: number, write: boolean) => void;

export class Bus {
  readonly pages: Page[] = new Array(1 << (32 - PAGE_SHIFT)).fill(null);
  readonly regions: MemRegion[] = [];
  readonly windows: MmioWindow[] = [];
  unmodelled: UnmodelledPolicy = 'warn';
  onUnmodelled: UnmodelledListener = () => {};

  addRegion(r: MemRegion): void {
    this.mapPages(r.base, r.size, r);
    this.regions.push(r);
  }

  addWindow(w: MmioWindow): void {
    this.mapPages(w.base, w.size, w);
    this.windows.push(w);
  }

  private mapPages(base: number, size: number, p: Page): void {
    if (base % (1 << PAGE_SHIFT) !== 0 || size % (1 << PAGE_SHIFT) !== 0)
      throw new Error(`region at 0x${base.toString(16)} is not 64 KB aligned`);
    for (let a = base; a < base + size; a += 1 << PAGE_SHIFT) {
      const i = a >>> PAGE_SHIFT;
      if (this.pages[i] !== null) throw new Error(`region at 0x${a.toString(16)} overlaps another`);
      this.pages[i] = p;
    }
  }

  region(addr: number): MemRegion | undefined {
    const p = this.pages[addr >>> PAGE_SHIFT];
    return p !== null && p.isMem && addr - p.base < p.size ? p : undefined;
  }

  // ---- data access ----

  read8(addr: number): number {
    const p = this.pages[addr >>> PAGE_SHIFT];
    if (p !== null && p.isMem) {
      const off = addr - p.base;
      if (off < p.size) return p.u8[off];
    }
    return this.slowRead(addr, 1);
  }

  read16(addr: number): number {
    const p = this.pages[addr >>> PAGE_SHIFT];
    if (p !== null && p.isMem) {
      const off = addr - p.base;
      if (off + 1 < p.size) return (off & 1) === 0 ? p.u16[off >>> 1] : p.u8[off] | (p.u8[off + 1] << 8);
    }
    return this.slowRead(addr, 2);
  }

  read32(addr: number): number {
    const p = this.pages[addr >>> PAGE_SHIFT];
    if (p !== null && p.isMem) {
      const off = addr - p.base;
      if (off + 3 < p.size) {
        if ((off & 3) === 0) return p.u32[off >>> 2];
        const b = p.u8;
        return (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
      }
    }
    return this.slowRead(addr, 4);
  }

  write8(addr: number, v: number): void {
    const p = this.pages[addr >>> PAGE_SHIFT];
    if (p !== null && p.isMem && p.kind === 'ram') {
      const off = addr - p.base;
      if (off < p.size) {
        p.u8[off] = v;
        if (p.codeBlocks[off >>> 8] !== 0) p.invalidate(off, 1);
        return;
      }
    }
    this.slowWrite(addr, 1, v);
  }

  write16(addr: number, v: number): void {
    const p = this.pages[addr >>> PAGE_SHIFT];
    if (p !== null && p.isMem && p.kind === 'ram') {
      const off = addr - p.base;
      if (off + 1 < p.size) {
        if ((off & 1) === 0) p.u16[off >>> 1] = v;
        else {
          p.u8[off] = v;
          p.u8[off + 1] = v >>> 8;
        }
        if (p.codeBlocks[off >>> 8] !== 0 || p.codeBlocks[(off + 1) >>> 8] !== 0) p.invalidate(off, 2);
        return;
      }
    }
    this.slowWrite(addr, 2, v);
  }

  write32(addr: number, v: number): void {
    const p = this.pages[addr >>> PAGE_SHIFT];
    if (p !== null && p.isMem && p.kind === 'ram') {
      const off = addr - p.base;
      if (off + 3 < p.size) {
        if ((off & 3) === 0) p.u32[off >>> 2] = v;
        else {
          const b = p.u8;
          b[off] = v;
          b[off + 1] = v >>> 8;
          b[off + 2] = v >>> 16;
          b[off + 3] = v >>> 24;
        }
        if (p.codeBlocks[off >>> 8] !== 0 || p.codeBlocks[(off + 3) >>> 8] !== 0) p.invalidate(off, 4);
        return;
      }
    }
    this.slowWrite(addr, 4, v);
  }

  private slowRead(addr: number, size: 1 | 2 | 4): number {
    addr >>>= 0;
    const p = this.pages[addr >>> PAGE_SHIFT];
    if (p !== null && !p.isMem) {
      const d = p.find(addr);
      if (d !== undefined) return d.read(addr - d.base, size) >>> 0;
      this.unmodelledAccess(p, addr, false);
      return 0;
    }
    if (p !== null && p.isMem) {
      // an access that straddles the end of a region: byte by byte
      let v = 0;
      for (let i = 0; i < size; i++) v |= this.read8(addr + i) << (8 * i);
      return v >>> 0;
    }
    throw new BusError(addr, false, 'read of unmapped address');
  }

  private slowWrite(addr: number, size: 1 | 2 | 4, v: number): void {
    addr >>>= 0;
    const p = this.pages[addr >>> PAGE_SHIFT];
    if (p !== null && !p.isMem) {
      const d = p.find(addr);
      if (d !== undefined) {
        d.write(addr - d.base, size, size === 4 ? v >>> 0 : v & (size === 2 ? 0xffff : 0xff));
        return;
      }
      this.unmodelledAccess(p, addr, true);
      return;
    }
    if (p !== null && p.isMem) {
      if (p.kind === 'flash') throw new BusError(addr, true, `write to flash (${p.name})`);
      for (let i = 0; i < size; i++) this.write8(addr + i, v >>> (8 * i));
      return;
    }
    throw new BusError(addr, true, 'write to unmapped address');
  }

  private unmodelledAccess(w: MmioWindow, addr: number, write: boolean): void {
    if (this.unmodelled === 'fault') throw new BusError(addr, write, `${write ? 'write to' : 'read of'} unmodelled peripheral`);
    if (!w.warned.has(addr)) {
      w.warned.add(addr);
      this.onUnmodelled(addr, write);
    }
  }

  // ---- host-side access (loader, semihosting, debugger): no side effects on devices ----

  /** Copy bytes into memory (flash included). Throws BusError if any byte is not in a region. */
  load(addr: number, bytes: Uint8Array): void {
    let i = 0;
    while (i < bytes.length) {
      const a = (addr + i) >>> 0;
      const r = this.region(a);
      if (!r) throw new BusError(a, true, 'no memory');
      const off = a - r.base;
      const n = Math.min(bytes.length - i, r.size - off);
      r.u8.set(bytes.subarray(i, i + n), off);
      r.invalidate(off, n);
      i += n;
    }
  }

  /** Read bytes from memory regions (not devices). */
  peek(addr: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; ) {
      const a = (addr + i) >>> 0;
      const r = this.region(a);
      if (!r) throw new BusError(a, false, 'no memory');
      const off = a - r.base;
      const n = Math.min(len - i, r.size - off);
      out.set(r.u8.subarray(off, off + n), i);
      i += n;
    }
    return out;
  }
}
