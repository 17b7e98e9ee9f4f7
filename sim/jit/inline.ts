// Inlining of exec functions into generated block code (jsblock.ts). An instruction's exec
// function (sim/isa/*.ts: a small top-level `function name(cpu, o) { ... }`) is taken as the
// JavaScript V8 runs (Function.prototype.toString, after tsx's or vitest's transform), its
// operand fields (o.a, o.imm, ...) replaced by the decoded Op's numbers, `cpu.R`/`cpu.SU`/
// `cpu.S`/`cpu.bus` by locals of the block function, and the names it uses from modules (its own
// module's helpers, imported helpers) bound to the modules' exports. The instruction's semantics
// stay the exec function's own code: there is no second copy to keep in step with sim/isa/.
//
// Anything the inliner does not fully understand is not inlined (the block calls op.exec
// instead): functions that are not top-level `function` declarations of a known module, names
// it cannot bind to exactly one module export, nested functions, `return` with a value, `this`,
// `arguments`, template literals, assignments to the Op.
import * as alu from '../core/alu.ts';
import * as fault from '../core/fault.ts';
import * as f32 from '../fp/f32.ts';
import * as encoding from '../isa/encoding.ts';
import * as common from '../isa/dataproc-common.ts';
import * as dpImm from '../isa/dataproc-imm.ts';
import * as dpReg from '../isa/dataproc-reg.ts';
import * as dpShifted from '../isa/dataproc-shifted.ts';
import * as dataproc from '../isa/dataproc.ts';
import * as loadstore from '../isa/loadstore.ts';
import * as branch from '../isa/branch.ts';
import * as system from '../isa/system.ts';
import * as dsp from '../isa/dsp.ts';
import * as vfp from '../isa/vfp.ts';
import { readFileSync } from 'node:fs';
import type { Op } from '../core/op.ts';

/** The modules whose exports inlined code may use, with their source file (relative to this
 * file) and the name tsx gives their namespace in transformed code (import_<base>). */
const MODULES: { file: string; ns: Record<string, unknown> }[] = [
  { file: '../core/alu.ts', ns: alu },
  { file: '../core/fault.ts', ns: fault },
  { file: '../fp/f32.ts', ns: f32 },
  { file: '../isa/encoding.ts', ns: encoding },
  { file: '../isa/dataproc-common.ts', ns: common },
  { file: '../isa/dataproc-imm.ts', ns: dpImm },
  { file: '../isa/dataproc-reg.ts', ns: dpReg },
  { file: '../isa/dataproc-shifted.ts', ns: dpShifted },
  { file: '../isa/dataproc.ts', ns: dataproc },
  { file: '../isa/loadstore.ts', ns: loadstore },
  { file: '../isa/branch.ts', ns: branch },
  { file: '../isa/system.ts', ns: system },
  { file: '../isa/dsp.ts', ns: dsp },
  { file: '../isa/vfp.ts', ns: vfp },
];

/** Functions (by export name) that only compute, set APSR/GE/FPSCR-derived module state or
 * registers, or throw from the Op alone: a call to them needs no core state synchronised
 * (cpu.pc, cycles, instret) and cannot write the PC, end the run or raise an exception. */
const PURE_FUNCS = new Set([
  'addFlags', 'setNZ', 'writeSP', 'badReg', 'inITNotLast', 'pcWriteInITNotLast', 'unpredictableAt', 'bitCount',
  'shiftC', 'thumbExpandImmC', 'signExtend', 'umull', 'smull', 'writeR',
  'sLo', 'sHi', 'uLo', 'uHi', 'pack16', 'ssat16v', 'usat16v', 'ror', 'satQ', 'signedSat', 'unsignedSat',
  'fpscrAfter', 'fpAdd', 'fpSub', 'fpMul', 'fpMulAdd', 'fpDiv', 'fpSqrt', 'fpCompare', 'fpToFixed', 'fixedToFP',
  'fpHalfToSingle', 'fpSingleToHalf', 'fpNeg', 'fpAbs', 'vfpExpandImm', 'toF', 'fromF',
]);
/** Functions that run the FP access check (ExecuteFPCheck: may fault, may preserve a lazily
 * stacked FP context, which counts cycles): the block synchronises the cycle count before and
 * checks the exception counters after. */
const FP_CHECK_FUNCS = new Set(['fpEnter']);
/** cpu methods that read only APSR/ITSTATE/configuration (may throw a fault). */
const PURE_METHODS = new Set(['condPassed', 'checkUnaligned', 'checkAligned', 'setNZ']);

/** cpu fields an inlined instruction may read and write without synchronising the core:
 * flags, ITSTATE, FPSCR, the facts it records for the cycle model, configuration */
const SAFE_FIELDS = new Set(['N', 'Z', 'C', 'V', 'Q', 'GE', 'itState', 'FPSCR', 'ea', 'aux', 'unalignTrp', 'div0Trp', 'fpEnabled', 'exclusiveAddr', 'condPassed', 'checkUnaligned', 'checkAligned', 'setNZ', 'setflags16']);
const GLOBALS = new Set(['Math', 'Number', 'undefined', 'NaN', 'Infinity', 'Boolean', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'DataView', 'BigInt']);
const KEYWORDS = new Set([
  'const', 'let', 'var', 'if', 'else', 'for', 'while', 'do', 'break', 'continue', 'return', 'new', 'typeof', 'instanceof',
  'void', 'true', 'false', 'null', 'throw', 'switch', 'case', 'default', 'in', 'of', 'delete', 'try', 'catch', 'finally',
]);
const BANNED = new Set(['this', 'arguments', 'function', 'class', 'yield', 'await', 'eval', 'with', 'import', 'super', 'debugger']);
const OP_FIELDS = new Set(['a', 'b', 'c', 'd', 'e', 'imm', 'cond', 'cls', 'n', 'raw', 'size', 'pc']);
const CPU_ARRAYS: Record<string, string> = { R: '$R', SU: '$SU', S: '$S', bus: '$BUS' };

type Tok = { t: 'id' | 'num' | 'str' | 'p' | 'ws'; v: string };

function lex(src: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      let j = i + 1;
      while (j < n && /\s/.test(src[j])) j++;
      out.push({ t: 'ws', v: ' ' });
      i = j;
    } else if (/[A-Za-z_$]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[\w$]/.test(src[j])) j++;
      out.push({ t: 'id', v: src.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(src[j])) {
        if ((src[j] === 'e' || src[j] === 'E') && (src[j + 1] === '-' || src[j + 1] === '+')) j++;
        j++;
      }
      out.push({ t: 'num', v: src.slice(i, j) });
      i = j;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < n && src[j] !== ch) j += src[j] === '\\' ? 2 : 1;
      out.push({ t: 'str', v: src.slice(i, j + 1) });
      i = j + 1;
    } else if (ch === '`') {
      return null; // template literals: not inlined
    } else if (ch === '/' && (src[i + 1] === '/' || src[i + 1] === '*')) {
      if (src[i + 1] === '/') {
        const j = src.indexOf('\n', i);
        i = j < 0 ? n : j;
      } else {
        const j = src.indexOf('*/', i + 2);
        if (j < 0) return null;
        i = j + 2;
      }
      out.push({ t: 'ws', v: ' ' });
    } else {
      // punctuators, longest first for the ones that matter here
      const three = src.slice(i, i + 4);
      let p = ch;
      for (const cand of ['>>>=', '>>>', '===', '!==', '<<=', '>>=', '**', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>'])
        if (three.startsWith(cand)) {
          p = cand;
          break;
        }
      if (p === '=>' || p === '?.') return null;
      out.push({ t: 'p', v: p });
      i += p.length;
    }
  }
  return out;
}

/** How an inlined instruction interacts with the rest of the core. */
export interface Inlined {
  /** statements (a block) that do what exec(cpu, op) does; the block function's locals:
   * cpu, $R, $SU, $S, $BUS, $O<j> (the Op) and $H<k> (bound helpers) */
  code: string;
  /** it calls something that may read cpu.pc/cycles/instret, write the PC, raise an exception
   * or end the run: the core state is synchronised before and checked after */
  sync: boolean;
  /** it may write cpu.nextPC (a branch) */
  writesPC: boolean;
  /** it may throw (a fault) */
  throws: boolean;
  /** it reads or writes R[15] through the register array */
  readsPC: boolean;
  /** it accesses memory through the bus */
  memory: boolean;
  /** it runs the FP access check */
  fpCheck: boolean;
}

/** Module bindings used by inlined code, shared by every block of a BlockCache. */
export class HelperTable {
  readonly values: unknown[] = [];
  private readonly index = new Map<unknown, number>();
  ref(v: unknown): string {
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.index.set(v, i);
    }
    return `$H${i}`;
  }
}

interface ModuleInfo {
  ns: Record<string, unknown>;
  /** top-level function names declared in the source */
  fns: Set<string>;
  /** the name tsx gives the namespace of this module where it is imported */
  tsxName: string;
}

let modules: ModuleInfo[] | null = null;
/** export name -> the modules exporting it (by value: one value, or ambiguous) */
let exportIndex: Map<string, Record<string, unknown>[]> | null = null;

function loadModules(): ModuleInfo[] {
  if (modules !== null) return modules;
  modules = [];
  exportIndex = new Map();
  for (const m of MODULES) {
    let src = '';
    try {
      src = readFileSync(new URL(m.file, import.meta.url), 'utf8');
    } catch {
      continue;
    }
    const fns = new Set<string>();
    for (const mm of src.matchAll(/^(?:export )?function ([\w$]+)\(/gm)) fns.add(mm[1]);
    const base = m.file.replace(/^.*\//, '').replace(/\.ts$/, '').replace(/[^\w]/g, '_');
    modules.push({ ns: m.ns, fns, tsxName: 'import_' + base });
    for (const k of Object.keys(m.ns)) {
      const l = exportIndex.get(k) ?? [];
      l.push(m.ns);
      exportIndex.set(k, l);
    }
  }
  return modules;
}

/** The module that declares `name` as a top-level function (exactly one), or null. */
function ownerOf(name: string): ModuleInfo | null {
  let found: ModuleInfo | null = null;
  for (const m of loadModules()) {
    if (m.fns.has(name)) {
      if (found !== null) return null;
      found = m;
    }
  }
  return found;
}

/** The module namespace that `X.prop` refers to, where X is a transformed import binding. */
function namespaceOf(x: string, prop: string): Record<string, unknown> | null {
  const mods = loadModules();
  for (const m of mods) if (m.tsxName === x) return prop in m.ns ? m.ns : null;
  // another transform (vitest: __vi_import_N__): the one module that exports `prop`, if
  // every exporter agrees on the value
  const l = exportIndex!.get(prop);
  if (l === undefined) return null;
  const v = l[0][prop];
  for (const ns of l) if (ns[prop] !== v) return null;
  return l[0];
}

const cache = new WeakMap<Function, ParsedExec | null>();

interface ParsedExec {
  toks: Tok[];
  cpuName: string;
  opName: string;
  owner: ModuleInfo;
  locals: Set<string>;
}

function parse(fn: Function): ParsedExec | null {
  if (cache.has(fn)) return cache.get(fn)!;
  let r: ParsedExec | null = null;
  try {
    r = parseUncached(fn);
  } catch {
    r = null;
  }
  cache.set(fn, r);
  return r;
}

function parseUncached(fn: Function): ParsedExec | null {
  const src = fn.toString();
  const m = /^function\s+([\w$]+)\s*\(\s*([\w$]+)\s*(?:,\s*([\w$]+)\s*)?\)\s*\{/.exec(src);
  if (m === null || m[1] !== fn.name) return null;
  const owner = ownerOf(fn.name);
  if (owner === null) return null;
  if (!src.endsWith('}')) return null;
  const toks = lex(src.slice(m[0].length, src.length - 1));
  if (toks === null) return null;
  const cpuName = m[2];
  const opName = m[3] ?? '$unusedOp';
  // declared names: after const/let/var (and after commas of the same declaration), catch params
  const locals = new Set<string>();
  const sig = toks.filter((t) => t.t !== 'ws');
  let depth = 0;
  let declDepth = -1;
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i];
    if (t.t === 'id' && BANNED.has(t.v)) return null;
    if (t.t === 'p') {
      if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
      else if (t.v === ')' || t.v === ']' || t.v === '}') {
        depth--;
        if (depth < declDepth) declDepth = -1;
      } else if (t.v === ';' && depth === declDepth) declDepth = -1;
    }
    if (t.t === 'id' && (t.v === 'const' || t.v === 'let' || t.v === 'var')) {
      const nx = sig[i + 1];
      if (nx === undefined || nx.t !== 'id') return null; // destructuring
      declDepth = depth;
      locals.add(nx.v);
    } else if (t.t === 'p' && t.v === ',' && declDepth === depth && sig[i + 1]?.t === 'id' && sig[i + 2]?.v === '=') {
      locals.add(sig[i + 1].v);
    } else if (t.t === 'id' && t.v === 'catch' && sig[i + 1]?.v === '(' && sig[i + 2]?.t === 'id') {
      locals.add(sig[i + 2].v);
    } else if (t.t === 'id' && t.v === 'return') {
      if (sig[i + 1]?.v !== ';' && sig[i + 1]?.v !== '}' && sig[i + 1] !== undefined) return null;
    }
  }
  if (locals.has(cpuName) || locals.has(opName)) return null;
  return { toks, cpuName, opName, owner, locals };
}

function num(v: number): string {
  return v < 0 || Object.is(v, -0) ? `(${v})` : String(v);
}

/**
 * The inlined code of `op` (its j-th instruction in the block), or null if its exec function
 * cannot be inlined. `label` is the label the code may `break` to instead of returning.
 */
export function inlineExec(op: Op, j: number, helpers: HelperTable, label: string): Inlined | null {
  const p = parse(op.exec);
  if (p === null) return null;
  const { toks, cpuName, opName, owner, locals } = p;
  const out: string[] = [];
  let sync = false;
  let writesPC = false;
  let throws = false;
  let readsPC = false;
  let memory = false;
  let fpCheck = false;
  // index of the previous significant token
  const prevSig = (i: number): Tok | undefined => {
    for (let k = i - 1; k >= 0; k--) if (toks[k].t !== 'ws') return toks[k];
    return undefined;
  };
  const nextSig = (i: number): [Tok | undefined, number] => {
    for (let k = i + 1; k < toks.length; k++) if (toks[k].t !== 'ws') return [toks[k], k];
    return [undefined, toks.length];
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.t !== 'id') {
      out.push(t.v);
      continue;
    }
    const before = prevSig(i);
    if (before !== undefined && before.t === 'p' && before.v === '.') {
      out.push(t.v); // a property name
      continue;
    }
    const [after, ai] = nextSig(i);
    if (after !== undefined && after.v === ':' && before !== undefined && (before.v === '{' || before.v === ',')) {
      out.push(t.v); // an object literal key or a label
      continue;
    }
    if (KEYWORDS.has(t.v)) {
      if (t.v === 'return') {
        out.push(`break ${label}`);
        continue;
      }
      if (t.v === 'throw' || t.v === 'new') throws = true;
      out.push(t.v);
      continue;
    }
    if (locals.has(t.v)) {
      out.push(t.v);
      continue;
    }
    if (t.v === cpuName) {
      // cpu.<field>
      const [dot, di] = [after, ai];
      if (dot?.v === '.') {
        const [prop, pi] = nextSig(di);
        if (prop?.t === 'id') {
          const [after2] = nextSig(pi);
          if (CPU_ARRAYS[prop.v] !== undefined && after2?.v !== '=') {
            out.push(CPU_ARRAYS[prop.v]);
            if (prop.v === 'bus') memory = true;
            i = pi;
            continue;
          }
          if (prop.v === 'nextPC') writesPC = true;
          else if (!SAFE_FIELDS.has(prop.v)) sync = true;
          if (after2?.v === '(') {
            if (!PURE_METHODS.has(prop.v)) sync = true;
            throws = true;
          }
        }
      }
      out.push('cpu');
      continue;
    }
    if (t.v === opName) {
      if (after?.v === '.') {
        const [prop, pi] = nextSig(ai);
        const [after2] = nextSig(pi);
        if (prop?.t === 'id' && OP_FIELDS.has(prop.v)) {
          if (after2 !== undefined && after2.t === 'p' && /^(=|\+\+|--|[-+*/%&|^]=|<<=|>>>?=)$/.test(after2.v)) return null;
          out.push(num((op as unknown as Record<string, number>)[prop.v]));
          i = pi;
          continue;
        }
        if (prop?.t === 'id' && after2?.t === 'p' && after2.v === '=') return null;
      }
      out.push(`$O${j}`);
      continue;
    }
    if (GLOBALS.has(t.v)) {
      out.push(t.v);
      continue;
    }
    // a module binding: X.prop (a transformed import) or a name of the owner module
    let ns: Record<string, unknown> | null = null;
    let name = t.v;
    let skipTo = i;
    if (after?.v === '.' && !(t.v in owner.ns) && !owner.fns.has(t.v)) {
      const [prop, pi] = nextSig(ai);
      if (prop?.t !== 'id') return null;
      ns = namespaceOf(t.v, prop.v);
      name = prop.v;
      skipTo = pi;
    } else if (t.v in owner.ns) {
      ns = owner.ns;
    }
    if (ns === null) return null;
    const v = ns[name];
    const [callTok] = nextSig(skipTo);
    const called = callTok?.v === '(' || (callTok?.v === ')' && before?.v === ',');
    if (typeof v === 'function') {
      out.push(helpers.ref(v));
      if (called || before?.v === 'new') {
        throws = true;
        if (FP_CHECK_FUNCS.has(name)) fpCheck = true;
        else if (!PURE_FUNCS.has(name)) sync = true;
      }
    } else {
      // a live binding (module `let`) or constant: read through the namespace
      out.push(`${helpers.ref(ns)}.${name}`);
    }
    i = skipTo;
  }
  const code = out.join('');
  if (/\$R\[(?!\d+\])/.test(code) || /\$R\[15\]/.test(code)) readsPC = true;
  if (memory) throws = true;
  return { code, sync, writesPC: writesPC || sync, throws, readsPC: readsPC || sync, memory, fpCheck };
}
