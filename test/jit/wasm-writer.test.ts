// sim/jit/wasm/writer.ts: LEB128 against the specification's examples and the edges of the
// ranges; modules it writes compile in V8 and compute what they should (memory, calls, loops).
import { describe, it, expect } from 'vitest';
import { EMPTY, F64, I32, ModuleBuilder, OP, f64Bytes, memarg, sleb, uleb } from '../../sim/jit/wasm/writer.ts';

describe('LEB128', () => {
  it('encodes unsigned numbers', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => uleb(-1)).toThrow(RangeError);
    expect(() => uleb(2 ** 32)).toThrow(RangeError);
  });
  it('encodes signed 32-bit numbers (unsigned inputs are taken as their bit pattern)', () => {
    expect(sleb(0)).toEqual([0]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(0x80000000)).toEqual(sleb(-0x80000000));
    expect(sleb(0xffffffff)).toEqual([0x7f]);
    expect(() => sleb(1.5)).toThrow(RangeError);
  });
});

function instantiate(m: ModuleBuilder, mem?: WebAssembly.Memory): Record<string, (...a: number[]) => number> {
  const bytes = m.bytes();
  expect(WebAssembly.validate(bytes)).toBe(true);
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), mem ? { m: { mem } } : {}).exports as Record<string, (...a: number[]) => number>;
}

describe('ModuleBuilder', () => {
  it('writes a function with parameters, locals and constants that computes what it should', () => {
    const m = new ModuleBuilder();
    const t = m.type([I32, I32], [I32]);
    // (a + b) * 3 - 0x80000000 (wraps)
    m.func({ type: t, locals: [[1, I32]], body: [OP.local_get, 0, OP.local_get, 1, OP.i32_add, OP.i32_const, ...sleb(3), OP.i32_mul, OP.i32_const, ...sleb(0x80000000), OP.i32_sub] }, 'f');
    const { f } = instantiate(m);
    expect(f(2, 5)).toBe(21 - 0x80000000);
    expect(f(-1, 0)).toBe((-3 - 0x80000000) | 0);
  });

  it('shares equal function types and calls between functions', () => {
    const m = new ModuleBuilder();
    const t = m.type([I32], [I32]);
    expect(m.type([I32], [I32])).toBe(t);
    const twice = m.func({ type: t, locals: [], body: [OP.local_get, 0, OP.local_get, 0, OP.i32_add] });
    m.func({ type: t, locals: [], body: [OP.local_get, 0, OP.call, twice, OP.call, twice] }, 'quad');
    expect(instantiate(m).quad(7)).toBe(28);
  });

  it('imports a memory and loads and stores words and doubles in it', () => {
    const mem = new WebAssembly.Memory({ initial: 1 });
    const m = new ModuleBuilder();
    m.importMemory(1);
    const t = m.type([], [I32]);
    // mem[8] = mem[4] + 1; f64 at 16 += 2.5; returns mem[8]
    m.func({ type: t, locals: [], body: [
      OP.i32_const, ...sleb(8), OP.i32_const, ...sleb(0), OP.i32_load, ...memarg(2, 4), OP.i32_const, ...sleb(1), OP.i32_add, OP.i32_store, ...memarg(2, 0),
      OP.i32_const, ...sleb(0), OP.i32_const, ...sleb(0), OP.f64_load, ...memarg(3, 16), OP.f64_const, ...f64Bytes(2.5), OP.f64_add, OP.f64_store, ...memarg(3, 16),
      OP.i32_const, ...sleb(0), OP.i32_load, ...memarg(2, 8),
    ] }, 'step');
    const u32 = new Uint32Array(mem.buffer);
    const f64 = new Float64Array(mem.buffer);
    u32[1] = 41;
    f64[2] = 1;
    const { step } = instantiate(m, mem);
    expect(step()).toBe(42);
    expect(u32[2]).toBe(42);
    expect(f64[2]).toBe(3.5);
  });

  it('writes loops with branches (a sum of 1..n)', () => {
    const m = new ModuleBuilder();
    const t = m.type([I32], [I32]);
    // locals: 1 = i, 2 = sum
    m.func({ type: t, locals: [[2, I32]], body: [
      OP.block, EMPTY, OP.loop, EMPTY,
      OP.local_get, 1, OP.local_get, 0, OP.i32_ge_u, OP.br_if, 1,
      OP.local_get, 1, OP.i32_const, ...sleb(1), OP.i32_add, OP.local_tee, 1, OP.local_get, 2, OP.i32_add, OP.local_set, 2,
      OP.br, 0,
      OP.end, OP.end,
      OP.local_get, 2,
    ] }, 'sum');
    expect(instantiate(m).sum(100)).toBe(5050);
  });

  it('writes modules larger than a call stack can spread (a 300 KB function body)', () => {
    const m = new ModuleBuilder();
    const t = m.type([], [I32]);
    const body: number[] = [OP.i32_const, ...sleb(0)];
    for (let k = 0; k < 100_000; k++) body.push(OP.i32_const, ...sleb(1), OP.i32_add);
    m.func({ type: t, locals: [], body }, 'count');
    expect(m.bytes().length).toBeGreaterThan(250_000);
    expect(instantiate(m).count()).toBe(100_000);
  });

  it('handles f64 parameters and many functions', () => {
    const m = new ModuleBuilder();
    const t = m.type([F64], [F64]);
    for (let k = 0; k < 300; k++) m.func({ type: t, locals: [], body: [OP.local_get, 0, OP.f64_const, ...f64Bytes(k), OP.f64_add] }, `f${k}`);
    const e = instantiate(m);
    expect(e.f0(0.5)).toBe(0.5);
    expect(e.f299(0.5)).toBe(299.5);
  });
});
