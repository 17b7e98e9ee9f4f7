// Memory footprint from the ELF (section headers) and the run (stack and heap high-water
// marks): flash = text + read-only data + initialised data (its load image); SRAM = data +
// bss + the firmware's buffer sections + peak stack + peak heap. Buffer groups (the published
// table's columns): weights = .weights + .grads, activations = .activations + .errors.
import type { Cpu, RetireObserver } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import type { Firmware, Section } from '../loader/elf.ts';
import type { System } from '../system.ts';

export const BUFFER_SECTIONS = ['.weights', '.grads', '.activations', '.errors'] as const;

export interface Footprint {
  flash: { text: number; rodata: number; data: number; total: number };
  sram: { data: number; bss: number; buffers: number; stackPeak: number | null; heapPeak: number | null; total: number };
  /** bytes per buffer section (0 when absent) */
  buffers: Record<(typeof BUFFER_SECTIONS)[number], number>;
  /** the published table's columns, kB = 1000 bytes */
  groupsKB: { weights: number; activations: number };
  /** where the stack starts (initial SP) and the lowest SP seen; the heap's start and highest end */
  stack: { top: number; lowest: number } | null;
  heap: { start: number; end: number; how: string } | null;
  sections: { name: string; kind: 'text' | 'rodata' | 'data' | 'bss' | 'buffer'; addr: number; size: number }[];
}

export function sectionKind(s: Section): 'text' | 'rodata' | 'data' | 'bss' | 'buffer' | null {
  if (!s.alloc || s.size === 0) return null;
  if ((BUFFER_SECTIONS as readonly string[]).includes(s.name)) return 'buffer';
  if (s.exec) return 'text';
  if (!s.write) return 'rodata';
  return s.nobits ? 'bss' : 'data';
}

/** The static part, from the ELF alone. */
export function staticFootprint(fw: Firmware): Footprint {
  const f: Footprint = {
    flash: { text: 0, rodata: 0, data: 0, total: 0 },
    sram: { data: 0, bss: 0, buffers: 0, stackPeak: null, heapPeak: null, total: 0 },
    buffers: { '.weights': 0, '.grads': 0, '.activations': 0, '.errors': 0 },
    groupsKB: { weights: 0, activations: 0 },
    stack: null,
    heap: null,
    sections: [],
  };
  for (const s of fw.sections) {
    const k = sectionKind(s);
    if (k === null) continue;
    f.sections.push({ name: s.name, kind: k, addr: s.addr, size: s.size });
    if (k === 'text') f.flash.text += s.size;
    else if (k === 'rodata') f.flash.rodata += s.size;
    else if (k === 'data') {
      f.flash.data += s.size;
      f.sram.data += s.size;
    } else if (k === 'bss') f.sram.bss += s.size;
    else {
      f.buffers[s.name as (typeof BUFFER_SECTIONS)[number]] += s.size;
      f.sram.buffers += s.size;
    }
  }
  f.flash.total = f.flash.text + f.flash.rodata + f.flash.data;
  f.sram.total = f.sram.data + f.sram.bss + f.sram.buffers;
  f.groupsKB.weights = (f.buffers['.weights'] + f.buffers['.grads']) / 1000;
  f.groupsKB.activations = (f.buffers['.activations'] + f.buffers['.errors']) / 1000;
  return f;
}

/** Tracks the lowest main stack pointer of the run (an observer, chained before `inner`). */
export class StackWatcher implements RetireObserver {
  lowest: number;
  readonly top: number;
  inner: RetireObserver | null = null;
  constructor(readonly sys: System) {
    this.top = sys.cpu.R[13] >>> 0;
    this.lowest = this.top;
  }
  retired(cpu: Cpu, op: Op, executed: boolean, c: number): void {
    const sp = cpu.R[13];
    if (sp < this.lowest) this.lowest = sp;
    if (this.inner !== null) this.inner.retired(cpu, op, executed, c);
  }
}

const HEAP_END_NAMES = ['__sbrk_heap_end', 'heap_end', 'heap_end.0', '__malloc_sbrk_top'];

/** Adds the run's stack and heap high-water marks. The heap end comes from the sbrk state
 * variable of newlib/CubeMX (`heap_end`, `heap_end.0`, `__sbrk_heap_end`); without one, the
 * highest non-zero word between `end` and the lowest SP (memory starts zeroed). */
export function runFootprint(stat: Footprint, fw: Firmware, sys: System, stack: StackWatcher | null): Footprint {
  const f: Footprint = structuredClone(stat);
  const sym = (n: string) => fw.symbols.find((s) => s.name === n);
  if (stack !== null) {
    f.stack = { top: stack.top, lowest: stack.lowest >>> 0 };
    f.sram.stackPeak = stack.top - (stack.lowest >>> 0);
  }
  const end = sym('end') ?? sym('_end') ?? sym('__heap_start') ?? sym('__end__');
  if (end !== undefined) {
    const start = end.addr;
    let heapEnd = start;
    let how = '';
    for (const n of HEAP_END_NAMES) {
      const v = sym(n);
      if (v === undefined) continue;
      try {
        const x = sys.bus.read32(v.addr) >>> 0;
        if (x > heapEnd) heapEnd = x;
        how = `sbrk variable ${n}`;
        break;
      } catch {
        /* not readable: try the next */
      }
    }
    if (how === '') {
      const limit = stack !== null ? stack.lowest >>> 0 : start;
      for (let a = start; a + 4 <= limit; a += 4) {
        let v = 0;
        try {
          v = sys.bus.read32(a);
        } catch {
          break;
        }
        if (v !== 0) heapEnd = a + 4;
      }
      how = 'highest non-zero word between end and the stack';
    }
    f.heap = { start, end: heapEnd, how };
    f.sram.heapPeak = heapEnd - start;
  }
  f.sram.total = f.sram.data + f.sram.bss + f.sram.buffers + (f.sram.stackPeak ?? 0) + (f.sram.heapPeak ?? 0);
  return f;
}
