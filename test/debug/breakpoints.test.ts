// Decode-cache breakpoints with both run loops (the interpreter and the block fast path):
// a breakpoint in the middle of a hot loop stops before the instruction every time round,
// leaves no trace in the counts, and removing it restores the original instruction.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { Session } from '../../sim/session.ts';
import { Breakpoints, takeHit, BP_IMM, Watchpoints } from '../../sim/debug/breakpoints.ts';

const ELF = join(import.meta.dirname, '..', '..', 'firmware', 'elf', 'crc-O2.elf');

/** Runs crc-O2 with a breakpoint at crc32_table+0x18 (eor.w in the loop): the instret of
 * every hit, stepping off each with the breakpoint lifted as the debugger does. */
function hits(fast: boolean, wasm = false, warm = 0): { at: number[]; end: { instret: number; cycles: number; code: number } } {
  const s = new Session({ elf: ELF, wasm });
  const cpu = s.sys.cpu;
  cpu.fastPath = fast;
  // (warm: run this far first, so the loop is compiled or translated before the breakpoint)
  if (warm > 0) {
    cpu.run(warm);
    if (wasm) expect(cpu.blocks.tier!.instructions).toBeGreaterThan(warm / 2);
  }
  const bps = new Breakpoints(cpu);
  const addr = s.symbols.get('crc32_table')!.addr + 0x18;
  expect(bps.insert(addr)).toBe(true);
  const at: number[] = [];
  for (;;) {
    cpu.run(1 << 20);
    const stop = cpu.stop as { kind: string; imm?: number } | null;
    if (stop === null) continue;
    if (stop.kind !== 'breakpoint' || stop.imm !== BP_IMM) break;
    const h = takeHit()!;
    cpu.itState = h.itState;
    cpu.instret = h.instret;
    cpu.cycles = h.cycles;
    cpu.pc = h.pc;
    expect(cpu.pc).toBe(addr);
    at.push(cpu.instret);
    cpu.stop = null;
    if (at.length === 5) bps.remove(addr);
    else bps.lifted(addr, () => cpu.run(1));
  }
  const stop = cpu.stop!;
  return { at, end: { instret: cpu.instret, cycles: cpu.cycles, code: stop.kind === 'exit' ? stop.code : -1 } };
}

describe('decode-cache breakpoints', () => {
  it('stop before the instruction each time round a loop, in both run loops, and cost nothing', () => {
    const plain = new Session({ elf: ELF }).run();
    const slow = hits(false);
    const fast = hits(true);
    expect(slow.at.length).toBe(5);
    // consecutive hits are one loop iteration (7 instructions) apart
    for (let i = 1; i < 5; i++) expect(slow.at[i] - slow.at[i - 1]).toBe(7);
    expect(fast.at).toEqual(slow.at);
    // after removal the run ends exactly as without the debugger
    expect(slow.end).toEqual({ instret: plain.instructions, cycles: plain.cycles, code: 0 });
    expect(fast.end).toEqual(slow.end);
  });

  it('with the WebAssembly tier: set before the run, and in a loop already translated', () => {
    const slow = hits(false);
    expect(hits(true, true)).toEqual(slow);
    const warmSlow = hits(false, false, 20_000);
    const warmWasm = hits(true, true, 20_000);
    expect(warmWasm).toEqual(warmSlow);
    expect(warmSlow.at.length).toBe(5);
  });

  it('watchpoints chain to an observer already installed and give it back', () => {
    const s = new Session({ elf: ELF });
    const cpu = s.sys.cpu;
    let seen = 0;
    const mine = { retired: () => void seen++ };
    cpu.observer = mine;
    const w = new Watchpoints(cpu);
    w.insert(0x10000000, 4, 'write');
    expect(cpu.observer).toBe(w);
    cpu.run(1000);
    expect(seen).toBe(1000);
    w.remove(0x10000000, 4, 'write');
    expect(cpu.observer).toBe(mine);
  });
});
