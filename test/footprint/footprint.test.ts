import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { loadElfFile } from '../../sim/loader/elf.ts';
import { staticFootprint } from '../../sim/footprint/footprint.ts';
import { profileRun } from '../../sim/profiler/run.ts';

/** arm-none-eabi-size -A: section -> size */
function sizeA(elf: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of execFileSync('arm-none-eabi-size', ['-A', elf], { encoding: 'utf8' }).split('\n')) {
    const x = /^(\.\S+)\s+(\d+)\s+(\d+)/.exec(l);
    if (x) m.set(x[1], Number(x[2]));
  }
  return m;
}

describe('memory footprint', () => {
  it('static part agrees with arm-none-eabi-size for both VAE firmwares', () => {
    for (const prec of ['fp32', 'u8']) {
      const elf = `firmware/elf/vae-${prec}.elf`;
      const f = staticFootprint(loadElfFile(elf));
      const s = sizeA(elf);
      expect(f.flash.text).toBe(s.get('.text'));
      expect(f.sram.data).toBe(s.get('.data'));
      expect(f.sram.bss).toBe(s.get('.bss'));
      expect(f.buffers['.weights']).toBe(s.get('.weights'));
      expect(f.buffers['.errors']).toBe(s.get('.errors'));
      expect(f.groupsKB.weights).toBeCloseTo(((s.get('.weights') ?? 0) + (s.get('.grads') ?? 0)) / 1000, 9);
      expect(f.groupsKB.activations).toBeCloseTo(((s.get('.activations') ?? 0) + (s.get('.errors') ?? 0)) / 1000, 9);
    }
  });
  it('stack and heap high-water marks from the run', () => {
    const r = profileRun({ elf: 'firmware/elf/recurse-O0.elf', functions: false });
    const f = r.footprint;
    // deep recursion (fib 24 at -O0, hanoi 12) needs stack; printf's buffers come from sbrk
    expect(f.sram.stackPeak).toBeGreaterThan(24 * 8);
    expect(f.stack!.top).toBe(loadElfFile('firmware/elf/recurse-O0.elf').symbols.find((s) => s.name === '_estack')!.addr);
    expect(f.sram.heapPeak).toBeGreaterThan(0);
    expect(f.heap!.how).toMatch(/sbrk variable|non-zero/);
    expect(f.sram.total).toBe(f.sram.data + f.sram.bss + f.sram.buffers + f.sram.stackPeak! + f.sram.heapPeak!);
  });
});
