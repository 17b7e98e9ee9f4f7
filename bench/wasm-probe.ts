// A probe for the next step of issue #8 (docs/speed.md, "What 120 M cycles/s needs"): what
// WebAssembly costs in V8 on this machine for code shaped like translated Thumb blocks, before
// any translator is written. It measures:
//   1. compile time: a module with N functions of K "instructions" each (WebAssembly.Module,
//      V8's baseline compiler Liftoff; TurboFan tiers up in the background);
//   2. steady-state time per "instruction" of one such function called in a loop from
//      JavaScript (registers and flags in linear memory, as translated code would keep them
//      between blocks; a cycle counter added per instruction; an event check per block);
//   3. the cost of one call from JavaScript into WebAssembly and back (per block entry).
// Each "instruction" is what an ALU or load/store instruction of the u8 firmware's hot loops
// does: read one or two registers, an add/multiply, a load or store of linear memory at a
// computed address, write a register. This is a model of the work, not a translator: the
// figures bound what a translator could reach, they are not m4sim's speed.
// Usage: npx tsx bench/wasm-probe.ts [--functions 150] [--length 20]
const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = opt('--functions', 150);
const K = opt('--length', 20);

import { EMPTY, F64, I32, ModuleBuilder, OP, f64Bytes, memarg, sleb, type WasmFunction } from '../sim/jit/wasm/writer.ts';

// memory layout: registers R0-R15 at 0, flags at 64, cycles (f64) at 128, eventAt (f64) at 136,
// guest RAM from 4096 (64 KB)
const RAM = 4096;
const RAM_MASK = 0xfffc;

/** Body of one "block": K instructions, then the event check; returns 1 to continue. */
function blockBody(seed: number): number[] {
  const b: number[] = [];
  let s = seed;
  const rnd = (n: number) => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) % n;
  // local 0: cycles (f64), local 1: address scratch (i32)
  b.push(OP.i32_const, ...sleb(0), OP.f64_load, ...memarg(3, 128), OP.local_set, 0);
  for (let k = 0; k < K; k++) {
    const rd = rnd(8);
    const rn = rnd(8);
    const rm = rnd(8);
    const kind = rnd(3);
    // R[rd] = R[rn] + R[rm] (ALU), or R[rd] = mem[R[rn] + imm] (load), or mem[...] = R[rm] (store)
    if (kind === 0) {
      b.push(OP.i32_const, ...sleb(0));
      b.push(OP.i32_const, ...sleb(0), OP.i32_load, ...memarg(2, 4 * rn));
      b.push(OP.i32_const, ...sleb(0), OP.i32_load, ...memarg(2, 4 * rm));
      b.push(k % 4 === 3 ? OP.i32_mul : OP.i32_add);
      b.push(OP.i32_store, ...memarg(2, 4 * rd));
      // flags: N and Z of the result (as compare/flag-setting instructions leave them)
      b.push(OP.i32_const, ...sleb(0), OP.i32_const, ...sleb(0), OP.i32_load, ...memarg(2, 4 * rd), OP.i32_eqz, OP.i32_store, ...memarg(2, 68));
    } else {
      // address = RAM + ((R[rn] + imm) & mask): a bounds-safe stand-in for the SRAM range check
      b.push(OP.i32_const, ...sleb(0), OP.i32_load, ...memarg(2, 4 * rn), OP.i32_const, ...sleb(4 * rnd(64)), OP.i32_add);
      b.push(OP.i32_const, ...sleb(RAM_MASK), OP.i32_and, OP.i32_const, ...sleb(RAM), OP.i32_add, OP.local_set, 1);
      if (kind === 1) {
        b.push(OP.i32_const, ...sleb(0), OP.local_get, 1, OP.i32_load, ...memarg(2, 0), OP.i32_store, ...memarg(2, 4 * rd));
      } else {
        b.push(OP.local_get, 1, OP.i32_const, ...sleb(0), OP.i32_load, ...memarg(2, 4 * rm), OP.i32_store, ...memarg(2, 0));
      }
    }
    // the instruction's cycles (a constant folded from the model; loads 2)
    b.push(OP.local_get, 0, OP.f64_const, ...f64Bytes(kind === 1 ? 2 : 1), OP.f64_add, OP.local_set, 0);
  }
  // cycles back to memory; continue unless cycles >= eventAt
  b.push(OP.i32_const, ...sleb(0), OP.local_get, 0, OP.f64_store, ...memarg(3, 128));
  b.push(OP.local_get, 0, OP.i32_const, ...sleb(0), OP.f64_load, ...memarg(3, 136), OP.f64_ge, OP.i32_eqz);
  return b;
}

function moduleBytes(exportAll = false): Uint8Array<ArrayBuffer> {
  const m = new ModuleBuilder();
  m.importMemory(2);
  const t = m.type([], [I32]);
  for (let f = 0; f < N; f++) m.func({ type: t, locals: [[1, F64], [1, I32]], body: blockBody(f + 1) }, exportAll || f === 0 ? `f${f}` : undefined);
  // 'loop': function 0 run 1000 times inside WebAssembly (a block chained to itself)
  const loop: WasmFunction = {
    type: t,
    locals: [[1, I32]],
    body: [
      OP.block, EMPTY, OP.loop, EMPTY,
      OP.call, 0, OP.i32_eqz, OP.br_if, 1,
      OP.local_get, 0, OP.i32_const, ...sleb(1), OP.i32_add, OP.local_tee, 0, OP.i32_const, ...sleb(1000), OP.i32_lt_s, OP.br_if, 0,
      OP.end, OP.end,
      OP.local_get, 0,
    ],
  };
  m.func(loop, 'loop');
  // 'nop': reads one word of memory and returns it (the cost of entering and leaving)
  m.func({ type: t, locals: [], body: [OP.i32_const, ...sleb(0), OP.i32_load, ...memarg(2, 64)] }, 'nop');
  return m.bytes();
}

const bytes = moduleBytes();
const t0 = performance.now();
const mod = new WebAssembly.Module(bytes);
const t1 = performance.now();
const mem = new WebAssembly.Memory({ initial: 2 });
const inst = new WebAssembly.Instance(mod, { m: { mem } });
const t2 = performance.now();
const f64 = new Float64Array(mem.buffer);
f64[17] = Infinity; // eventAt
const ex = inst.exports as { f0: () => number; loop: () => number; nop: () => number };
// V8 compiles WebAssembly functions lazily, at their first call: call each once
const tbl = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes(true)), { m: { mem } }).exports as Record<string, () => number>;
const t3 = performance.now();
for (let f = 0; f < N; f++) tbl[`f${f}`]();
const t4 = performance.now();

function timeCalls(fn: () => number, calls: number): number {
  const a = performance.now();
  for (let i = 0; i < calls; i++) fn();
  return performance.now() - a;
}
// warm up (Liftoff code, then TurboFan in the background)
for (let r = 0; r < 5; r++) timeCalls(ex.f0, 200_000);
const calls = 2_000_000;
const msCalls = Math.min(...[0, 1, 2].map(() => timeCalls(ex.f0, calls)));
const loops = 4_000;
const msLoop = Math.min(...[0, 1, 2].map(() => timeCalls(ex.loop, loops)));
const nsPerInstrCalls = (msCalls * 1e6) / (calls * K);
const nsPerInstrLoop = (msLoop * 1e6) / (loops * 1000 * K);
for (let r = 0; r < 3; r++) timeCalls(ex.nop, 1_000_000);
const nsPerCall = (Math.min(...[0, 1, 2].map(() => timeCalls(ex.nop, 10_000_000))) * 1e6) / 10_000_000;

console.log(`wasm probe: ${N} functions of ${K} instructions, ${bytes.length} bytes; node ${process.version}`);
console.log(`| what | value |\n|---|---|`);
console.log(`| compile (new WebAssembly.Module) | ${(t1 - t0).toFixed(2)} ms (${(((t1 - t0) * 1000) / N).toFixed(0)} µs per function) |`);
console.log(`| instantiate | ${(t2 - t1).toFixed(2)} ms |`);
console.log(`| first call of each function (V8 compiles lazily: Liftoff) | ${(t4 - t3).toFixed(2)} ms (${(((t4 - t3) * 1000) / N).toFixed(0)} µs per function) |`);
console.log(`| one function called from JavaScript | ${nsPerInstrCalls.toFixed(2)} ns per instruction |`);
console.log(`| the same, looping inside WebAssembly | ${nsPerInstrLoop.toFixed(2)} ns per instruction (${(1e3 / nsPerInstrLoop).toFixed(0)} M instructions/s) |`);
console.log(`| a call from JavaScript of a function that reads one word, and back (loop included) | ${nsPerCall.toFixed(1)} ns |`);
