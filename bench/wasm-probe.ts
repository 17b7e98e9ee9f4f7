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

// ---- a minimal WebAssembly binary writer ----
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const str = (s: string) => [...uleb(s.length), ...Buffer.from(s)];
const I32 = 0x7f;
const F64 = 0x7c;
const op = {
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, i32Store: 0x36, f64Load: 0x2b, f64Store: 0x39,
  i32Const: 0x41, f64Const: 0x44,
  i32Add: 0x6a, i32Mul: 0x6c, i32And: 0x71, i32Xor: 0x73, i32ShrU: 0x76, i32Eqz: 0x45,
  f64Add: 0xa0, f64Ge: 0x66,
  if: 0x04, end: 0x0b, return: 0x0f, block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d,
};
const memarg = (align: number, offset: number) => [...uleb(align), ...uleb(offset)];

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
  b.push(op.i32Const, ...sleb(0), op.f64Load, ...memarg(3, 128), op.localSet, 0);
  for (let k = 0; k < K; k++) {
    const rd = rnd(8);
    const rn = rnd(8);
    const rm = rnd(8);
    const kind = rnd(3);
    // R[rd] = R[rn] + R[rm] (ALU), or R[rd] = mem[R[rn] + imm] (load), or mem[...] = R[rm] (store)
    if (kind === 0) {
      b.push(op.i32Const, ...sleb(0));
      b.push(op.i32Const, ...sleb(0), op.i32Load, ...memarg(2, 4 * rn));
      b.push(op.i32Const, ...sleb(0), op.i32Load, ...memarg(2, 4 * rm));
      b.push(k % 4 === 3 ? op.i32Mul : op.i32Add);
      b.push(op.i32Store, ...memarg(2, 4 * rd));
      // flags: N and Z of the result (as compare/flag-setting instructions leave them)
      b.push(op.i32Const, ...sleb(0), op.i32Const, ...sleb(0), op.i32Load, ...memarg(2, 4 * rd), op.i32Eqz, op.i32Store, ...memarg(2, 68));
    } else {
      // address = RAM + ((R[rn] + imm) & mask): a bounds-safe stand-in for the SRAM range check
      b.push(op.i32Const, ...sleb(0), op.i32Load, ...memarg(2, 4 * rn), op.i32Const, ...sleb(4 * rnd(64)), op.i32Add);
      b.push(op.i32Const, ...sleb(RAM_MASK), op.i32And, op.i32Const, ...sleb(RAM), op.i32Add, op.localSet, 1);
      if (kind === 1) {
        b.push(op.i32Const, ...sleb(0), op.localGet, 1, op.i32Load, ...memarg(2, 0), op.i32Store, ...memarg(2, 4 * rd));
      } else {
        b.push(op.localGet, 1, op.i32Const, ...sleb(0), op.i32Load, ...memarg(2, 4 * rm), op.i32Store, ...memarg(2, 0));
      }
    }
    // the instruction's cycles (a constant folded from the model; loads 2)
    b.push(op.localGet, 0, op.f64Const, ...new Uint8Array(new Float64Array([kind === 1 ? 2 : 1]).buffer), op.f64Add, op.localSet, 0);
  }
  // cycles back to memory; continue unless cycles >= eventAt
  b.push(op.i32Const, ...sleb(0), op.localGet, 0, op.f64Store, ...memarg(3, 128));
  b.push(op.localGet, 0, op.i32Const, ...sleb(0), op.f64Load, ...memarg(3, 136), op.f64Ge, op.i32Eqz);
  return b;
}

function moduleBytes(exportAll = false): Uint8Array<ArrayBuffer> {
  const type = section(1, vec([[0x60, 0, 1, I32]])); // () -> i32
  const imports = section(2, vec([[...str('m'), ...str('mem'), 0x02, 0x00, ...uleb(2)]]));
  const funcs = section(3, vec(Array.from({ length: N + 2 }, () => [0])));
  const exports = section(7, vec(exportAll ? Array.from({ length: N }, (_, f) => [...str(`f${f}`), 0, ...uleb(f)]) : [[...str('f0'), 0, ...uleb(0)], [...str('loop'), 0, ...uleb(N)], [...str('nop'), 0, ...uleb(N + 1)]]));
  const bodies: number[][] = [];
  for (let f = 0; f < N; f++) {
    const locals = vec([[1, F64], [1, I32]]);
    const code = [...locals, ...blockBody(f + 1), op.end];
    bodies.push([...uleb(code.length), ...code]);
  }
  // 'loop': function 0 run 1000 times inside WebAssembly (a block chained to itself)
  {
    const locals = vec([[1, I32]]);
    const code = [
      ...locals,
      op.block, 0x40, op.loop, 0x40,
      0x10, ...uleb(0), op.i32Eqz, op.brIf, 1,
      op.localGet, 0, op.i32Const, ...sleb(1), op.i32Add, op.localTee, 0, op.i32Const, ...sleb(1000), 0x48 /* i32.lt_s */, op.brIf, 0,
      op.end, op.end,
      op.localGet, 0, op.end,
    ];
    bodies.push([...uleb(code.length), ...code]);
  }
  // 'nop': reads one word of memory and returns it (the cost of entering and leaving)
  {
    const code = [...vec([]), op.i32Const, ...sleb(0), op.i32Load, ...memarg(2, 64), op.end];
    bodies.push([...uleb(code.length), ...code]);
  }
  const codeSec = section(10, vec(bodies));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imports, ...funcs, ...exports, ...codeSec]);
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
