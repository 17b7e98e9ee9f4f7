// Guest memory and the core's registers in one WebAssembly.Memory (the arena), so that code
// translated to WebAssembly (translate.ts) and the JavaScript core share them without copies:
// the memory regions' typed arrays (MemRegion.u8/u16/u32, codeBlocks) and Cpu.R are views of
// it. Only a System built for the WebAssembly tier has one (System options, M4SIM_JIT=wasm);
// every other System keeps plain ArrayBuffers. The memory never grows (growing would detach
// the views).
//
// Layout (byte offsets in linear memory), shared by the translator and the tier:
//   0      R0-R15 (Cpu.R)                      64     APSR N, Z, C, V (i32 0/1 each)
//   80     the pc to continue at               88-100 the cycle model's record of the
//                                                     previous instruction (class, registers
//                                                     written, is a compare, its pc or -1)
//   104    the ART's current fetch unit        108    cpu.ea
//   128    cycles (f64)   136 instret (f64)    144    eventAt (f64)   152 the instruction limit
//   256    the model's per-class counts (f64 x 32) since the last exit
//   512    the model's stall statistics (f64 x 7) since the last exit
//   576    data words moved (f64) since the last exit, for the energy meter
//   1024   S0-S31 (Cpu.S/SU)     1152 FPSCR     1156 FP instructions may run here (i32)
//   1160   the cycle model's FP destination (i32) and its ready cycle (f64 at 1168)
//   1184   APSR.Q (i32 0/1)      1188 APSR.GE (i32, bits 3:0)     1192 cpu.aux
//   1196   ITSTATE at the exit   1200 the last instruction's pc   1204 FLASH_ACR (art.ts)
//   1280   the model's counts of skipped IT-block instructions (f64 x 32)
//   PAGE_R i32 per 64 KB page: linear - guest address of memory that translated loads may
//          read directly, 0: leave to the JavaScript core (peripherals, unmapped)
//   PAGE_W the same for stores (RAM only)
//   PAGE_F u8 per page: 1 for flash (data reads go through the ART model)
//   CODE   u8 per 256 bytes of linear memory: decoded code there (MemRegion.codeBlocks), so a
//          translated store leaves it to the JavaScript core, which forgets the decoded code
//   DISPATCH i32 per halfword of the main flash region: the table index of the translated
//          block that starts there, 0: none
//   RECORDS  the exit records of the translated blocks (translate.ts), 2 MB
//   MISC   64 KB of state shared with JavaScript (the ART model's: allocMisc)
//   then the memory regions, 64 KB aligned.
export const A_R = 0;
export const A_N = 64;
export const A_Z = 68;
export const A_C = 72;
export const A_V = 76;
export const A_NEXTPC = 80;
export const A_PREVCLS = 88;
export const A_PREVW = 92;
export const A_PREVCMP = 96;
export const A_PREVPC = 100;
export const A_ARTCUR = 104;
export const A_EA = 108;
export const A_CYC = 128;
export const A_INSTRET = 136;
export const A_EVENTAT = 144;
export const A_END = 152;
export const A_CC = 256;
export const A_ST = 512;
/** the statistics slots at A_ST (f64 each), named as in M4CycleModel.stats */
export const STAT_NAMES = ['fetchWait', 'addressDependency', 'afterStore', 'branchRefill', 'fpLatency', 'divideExtra', 'dataWait'] as const;
export const ST_FETCH = 0;
export const ST_ADDR = 1;
export const ST_AFTERSTORE = 2;
export const ST_REFILL = 3;
export const ST_FPLAT = 4;
export const ST_DIV = 5;
export const ST_DATAWAIT = 6;
/** data words moved by the translated instructions since the last exit (f64; the energy
 * meter's count) */
export const A_MW = 576;
/** S0-S31 (Cpu.S/SU), FPSCR, whether FP instructions may run translated (tier.ts: the FPU
 * enabled, no lazy state preservation pending, no new FP context to create, round to
 * nearest), and the cycle model's FP result record (destination register, ready cycle) */
export const A_S = 1024;
export const A_FPSCR = 1152;
export const A_FPOK = 1156;
export const A_FPDEST = 1160;
export const A_FPREADY = 1168;
/** APSR.Q (i32 0/1) and APSR.GE (i32, 4 bits) */
export const A_Q = 1184;
export const A_GE = 1188;
/** cpu.aux (a divide's |divisor|, for the cycle model) */
export const A_AUX = 1192;
/** ITSTATE at the exit (i32), and the pc of the last instruction that ran (R15 = it + 4) */
export const A_IT = 1196;
export const A_LASTPC = 1200;
/** FLASH_ACR as the tier found it (sim/jit/wasm/art.ts: I-cache, prefetch, D-cache bits,
 * wait states from bit 8) */
export const A_ARTCFG = 1204;
/** the model's class counts of IT-block instructions that did not execute (f64 x 32; the
 * energy meter counts executed instructions only) */
export const A_CCS = 1280;
export const A_PAGE_R = 4096;
export const A_PAGE_W = A_PAGE_R + 0x40000;
export const A_PAGE_F = A_PAGE_W + 0x40000;
export const A_CODE = A_PAGE_F + 0x10000;
/** linear memory the code flags cover (one byte per 256) */
const MAX_LINEAR = 0x10000 * 256;
export const A_DISPATCH = A_CODE + MAX_LINEAR / 256;

const PAGE = 0x10000;
/** bytes of exit records (about 60 per exit of a translated block) */
const RECORDS = 0x200000;

/** Storage of one memory region in the arena. */
export interface Backing {
  /** offset in linear memory */
  lin: number;
  u8: Uint8Array;
  codeBlocks: Uint8Array;
}

export class Arena {
  readonly memory: WebAssembly.Memory;
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  /** the core's R0-R15 and S0-S31 */
  readonly R: Uint32Array;
  readonly S: Float32Array;
  /** the region whose code is translated and dispatched (guest base and size) */
  readonly codeBase: number;
  readonly codeSize: number;
  /** the exit-record area of the translated code (translate.ts ExitRecords): [records, recordsEnd) */
  readonly records: number;
  readonly recordsEnd: number;
  /** room for other state the translated code shares (the ART model's: allocMisc) */
  private misc: number;
  private readonly miscEnd: number;
  private next: number;

  /** `dataBytes`: the memory regions' total size; `codeBase`/`codeSize`: the flash region
   * whose blocks the tier translates. */
  constructor(dataBytes: number, codeBase: number, codeSize: number) {
    this.codeBase = codeBase;
    this.codeSize = codeSize;
    this.records = align(A_DISPATCH + (codeSize >>> 1) * 4, PAGE);
    this.recordsEnd = this.records + RECORDS;
    this.misc = this.recordsEnd;
    this.miscEnd = this.misc + PAGE;
    const data = this.miscEnd;
    const total = data + align(dataBytes, PAGE);
    if (total > MAX_LINEAR) throw new Error(`wasm arena: ${total} bytes of linear memory (at most ${MAX_LINEAR})`);
    const pages = total / PAGE;
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const buf = this.memory.buffer;
    this.u8 = new Uint8Array(buf);
    this.i32 = new Int32Array(buf);
    this.f64 = new Float64Array(buf);
    this.R = new Uint32Array(buf, A_R, 16);
    this.S = new Float32Array(buf, A_S, 32);
    this.next = data;
  }

  /** Storage for a region of `size` bytes (a multiple of 64 KB). */
  alloc(size: number): Backing {
    const lin = this.next;
    if (lin + size > this.memory.buffer.byteLength) throw new Error(`wasm arena: no room for ${size} bytes`);
    this.next = lin + align(size, PAGE);
    return { lin, u8: new Uint8Array(this.memory.buffer, lin, size), codeBlocks: new Uint8Array(this.memory.buffer, A_CODE + (lin >>> 8), Math.ceil(size / 256)) };
  }

  /** `bytes` zeroed bytes of linear memory, 8-byte aligned, for state the translated code
   * shares with JavaScript (the ART model: sim/timing/art.ts). */
  allocMisc(bytes: number): Uint8Array {
    const at = this.misc;
    if (at + bytes > this.miscEnd) throw new Error(`wasm arena: no room for ${bytes} bytes of shared state`);
    this.misc = align(at + bytes, 8);
    return new Uint8Array(this.memory.buffer, at, bytes);
  }

  /** Enters a mapping of guest [base, base+size) at linear `lin` in the page tables. */
  map(base: number, size: number, lin: number, kind: 'flash' | 'ram'): void {
    const delta = (lin - base) | 0;
    if (delta === 0) throw new Error(`wasm arena: region at ${base} maps to the same linear address`);
    for (let a = base; a < base + size; a += PAGE) {
      const page = a >>> 16;
      this.i32[(A_PAGE_R >>> 2) + page] = delta;
      if (kind === 'ram') this.i32[(A_PAGE_W >>> 2) + page] = delta;
      else this.u8[A_PAGE_F + page] = 1;
    }
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
