// A minimal WebAssembly binary writer (the WebAssembly core specification 2.0, chapter 5
// "Binary Format"): LEB128 numbers, the sections m4sim's generated code needs (types;
// imported functions, memory and table; functions, exports, code) and the opcodes by their
// specification names.
// No validation beyond what WebAssembly.Module does when the bytes are compiled.

/** Unsigned LEB128 (5.2.2 Integers). */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`uleb: ${n} is not a u32`);
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer (i32.const immediates). */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff) throw new RangeError(`sleb: ${n} is not an i32`);
  n |= 0;
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

const f64Scratch = new Float64Array(1);
const f64ScratchBytes = new Uint8Array(f64Scratch.buffer);

/** The 8 little-endian bytes of an f64 (f64.const immediates). */
export function f64Bytes(x: number): number[] {
  f64Scratch[0] = x;
  return Array.from(f64ScratchBytes);
}

/** Appends unsigned LEB128 of n to out (no array made: code is written per translated block). */
export function pushUleb(out: number[], n: number): void {
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
}

/** Appends signed LEB128 of the 32-bit integer n to out. */
export function pushSleb(out: number[], n: number): void {
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

/** Appends f64.const x to out. */
export function pushF64Const(out: number[], x: number): void {
  f64Scratch[0] = x;
  out.push(0x44);
  for (let i = 0; i < 8; i++) out.push(f64ScratchBytes[i]);
}

/** A vector: its length, then the items (5.1.3). */
export function vec(items: readonly (readonly number[])[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** A name (UTF-8 bytes with their length). */
export function name(s: string): number[] {
  const b = new TextEncoder().encode(s);
  return [...uleb(b.length), ...b];
}

/** memarg of a load or store: alignment exponent and offset. */
export function memarg(alignLog2: number, offset: number): number[] {
  return [...uleb(alignLog2), ...uleb(offset)];
}

/** Value types (5.3.1). */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
/** The block type of a block without results. */
export const EMPTY = 0x40;

/** Opcodes (5.4), by their names in the specification with '.' as '_'. */
export const OP = {
  unreachable: 0x00, nop: 0x01, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b,
  br: 0x0c, br_if: 0x0d, br_table: 0x0e, return: 0x0f, call: 0x10, call_indirect: 0x11, drop: 0x1a, select: 0x1b,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22, global_get: 0x23, global_set: 0x24,
  i32_load: 0x28, i64_load: 0x29, f32_load: 0x2a, f64_load: 0x2b,
  i32_load8_s: 0x2c, i32_load8_u: 0x2d, i32_load16_s: 0x2e, i32_load16_u: 0x2f,
  i32_store: 0x36, i64_store: 0x37, f32_store: 0x38, f64_store: 0x39, i32_store8: 0x3a, i32_store16: 0x3b,
  i32_const: 0x41, i64_const: 0x42, f32_const: 0x43, f64_const: 0x44,
  i32_eqz: 0x45, i32_eq: 0x46, i32_ne: 0x47, i32_lt_s: 0x48, i32_lt_u: 0x49, i32_gt_s: 0x4a, i32_gt_u: 0x4b,
  i32_le_s: 0x4c, i32_le_u: 0x4d, i32_ge_s: 0x4e, i32_ge_u: 0x4f,
  f64_eq: 0x61, f64_ne: 0x62, f64_lt: 0x63, f64_gt: 0x64, f64_le: 0x65, f64_ge: 0x66,
  i32_clz: 0x67, i32_ctz: 0x68, i32_popcnt: 0x69, i32_add: 0x6a, i32_sub: 0x6b, i32_mul: 0x6c,
  i32_div_s: 0x6d, i32_div_u: 0x6e, i32_rem_s: 0x6f, i32_rem_u: 0x70, i32_and: 0x71, i32_or: 0x72, i32_xor: 0x73,
  i32_shl: 0x74, i32_shr_s: 0x75, i32_shr_u: 0x76, i32_rotl: 0x77, i32_rotr: 0x78,
  i64_eqz: 0x50, i64_ne: 0x52,
  i64_add: 0x7c, i64_sub: 0x7d, i64_mul: 0x7e, i64_and: 0x83, i64_or: 0x84, i64_xor: 0x85,
  i64_shl: 0x86, i64_shr_s: 0x87, i64_shr_u: 0x88,
  f32_eq: 0x5b, f32_ne: 0x5c, f32_lt: 0x5d, f32_gt: 0x5e, f32_le: 0x5f, f32_ge: 0x60,
  f64_abs: 0x99, f64_neg: 0x9a, f64_ceil: 0x9b, f64_floor: 0x9c, f64_trunc: 0x9d, f64_nearest: 0x9e, f64_sqrt: 0x9f,
  f64_add: 0xa0, f64_sub: 0xa1, f64_mul: 0xa2, f64_div: 0xa3,
  i32_trunc_f64_s: 0xaa, i32_trunc_f64_u: 0xab,
  f32_convert_i32_s: 0xb2, f32_convert_i32_u: 0xb3, f32_demote_f64: 0xb6, f64_promote_f32: 0xbb,
  i32_reinterpret_f32: 0xbc, f32_reinterpret_i32: 0xbe,
  i32_wrap_i64: 0xa7, i64_extend_i32_s: 0xac, i64_extend_i32_u: 0xad,
  f64_convert_i32_s: 0xb7, f64_convert_i32_u: 0xb8,
  i32_extend8_s: 0xc0, i32_extend16_s: 0xc1,
} as const;

export interface WasmFunction {
  /** index into the module's types */
  type: number;
  /** local variables after the parameters: [count, value type] runs */
  locals: [number, number][];
  /** the instructions, without the final `end` */
  body: number[];
}

/** Builds a module: function types, imported functions (module "f"), an optional imported
 * memory (module "m", name "mem") and table of functions (m.tbl), functions and their
 * exports. */
export class ModuleBuilder {
  private readonly types: number[][] = [];
  private readonly funcs: WasmFunction[] = [];
  private readonly exports: [string, number][] = [];
  private readonly imports: [string, number][] = [];
  private memory: { minPages: number } | null = null;
  private table: { min: number } | null = null;

  /** Imports a function as f.<name>; returns its index. Imported functions come first in the
   * index space, so every import is declared before the first function. */
  importFunc(name: string, type: number): number {
    if (this.funcs.length !== 0) throw new Error('importFunc after func');
    this.imports.push([name, type]);
    return this.imports.length - 1;
  }

  /** Imports a table of at least `min` function references as m.tbl (call_indirect's table 0). */
  importTable(min: number): void {
    this.table = { min };
  }

  /** A function type; returns its index (equal types are shared). */
  type(params: number[], results: number[]): number {
    const t = [0x60, ...vec(params.map((p) => [p])), ...vec(results.map((r) => [r]))];
    const k = this.types.findIndex((x) => x.length === t.length && x.every((b, i) => b === t[i]));
    if (k >= 0) return k;
    this.types.push(t);
    return this.types.length - 1;
  }

  /** Imports a memory of at least `minPages` 64 KB pages as m.mem. */
  importMemory(minPages: number): void {
    this.memory = { minPages };
  }

  /** Adds a function; returns its index (for `call`). */
  func(f: WasmFunction, exportAs?: string): number {
    this.funcs.push(f);
    const index = this.imports.length + this.funcs.length - 1;
    if (exportAs !== undefined) this.exports.push([exportAs, index]);
    return index;
  }

  bytes(): Uint8Array<ArrayBuffer> {
    // (the module is assembled from chunks copied once into the result: a module is made per
    // batch of translated blocks, with bodies of thousands of bytes)
    const chunks: (readonly number[])[] = [[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]];
    const section = (id: number, body: (readonly number[])[]) => {
      let n = 0;
      for (const c of body) n += c.length;
      chunks.push([id, ...uleb(n)]);
      for (const c of body) chunks.push(c);
    };
    const vecOf = (items: readonly (readonly number[])[]) => [uleb(items.length), ...items];
    section(1, vecOf(this.types));
    const imports: number[][] = this.imports.map(([n, t]) => [...name('f'), ...name(n), 0x00, ...uleb(t)]);
    if (this.memory !== null) imports.push([...name('m'), ...name('mem'), 0x02, 0x00, ...uleb(this.memory.minPages)]);
    if (this.table !== null) imports.push([...name('m'), ...name('tbl'), 0x01, 0x70, 0x00, ...uleb(this.table.min)]);
    if (imports.length !== 0) section(2, vecOf(imports));
    section(3, vecOf(this.funcs.map((f) => uleb(f.type))));
    section(7, vecOf(this.exports.map(([n, i]) => [...name(n), 0x00, ...uleb(i)])));
    const code: (readonly number[])[] = [uleb(this.funcs.length)];
    for (const f of this.funcs) {
      const head: number[] = uleb(f.locals.length);
      for (const [n, t] of f.locals) head.push(...uleb(n), t);
      code.push(uleb(head.length + f.body.length + 1), head, f.body, [OP.end]);
    }
    section(10, code);
    let size = 0;
    for (const c of chunks) size += c.length;
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }


}
