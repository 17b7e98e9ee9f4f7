// Capstone (the @alexaltea/capstone-js WASM build) set up for Thumb-2 M-profile code. The
// module loads asynchronously (about 0.1 s), once per process: call loadCapstone() before
// anything that needs text, or use capstone() which is undefined until it has loaded.
import MCapstone from '@alexaltea/capstone-js';
import { is32 } from '../isa/decoder.ts';

export interface Insn {
  addr: number;
  size: number;
  /** capstone's mnemonic with condition and width suffixes ("ldr.w", "moveq"); ".inst" for bytes it rejects */
  mnemonic: string;
  opStr: string;
}

export class CapstoneThumb {
  constructor(private readonly h: { disasm(b: Uint8Array, addr: number, max?: number): { address: bigint; size: number; mnemonic: string; op_str: string }[] }) {}

  /** Disassembles `bytes` at `addr` as far as capstone goes (it stops at an invalid encoding). */
  disasm(bytes: Uint8Array, addr: number, max = 0): Insn[] {
    if (bytes.length === 0) return [];
    let got: ReturnType<typeof this.h.disasm>;
    try {
      got = this.h.disasm(bytes, addr, max);
    } catch {
      // capstone.js throws when not even the first instruction decodes
      return [];
    }
    return got.map((i) => ({ addr: Number(i.address), size: i.size, mnemonic: i.mnemonic, opStr: i.op_str }));
  }

  /** Disassembles a whole run of Thumb code in one pass (so IT blocks give their conditions
   * to the instructions inside), continuing past encodings capstone rejects as ".inst". */
  disasmRange(bytes: Uint8Array, addr: number): Insn[] {
    const out: Insn[] = [];
    let off = 0;
    while (off + 1 < bytes.length) {
      const got = this.disasm(bytes.subarray(off), addr + off);
      for (const i of got) out.push(i);
      if (got.length > 0) {
        const last = got[got.length - 1];
        off = last.addr + last.size - addr;
      }
      if (off + 1 >= bytes.length) break;
      // capstone stopped: the instruction at off is one it does not know
      const hw1 = bytes[off] | (bytes[off + 1] << 8);
      const wide = is32(hw1) && off + 3 < bytes.length;
      const size = wide ? 4 : 2;
      const hw2 = wide ? bytes[off + 2] | (bytes[off + 3] << 8) : 0;
      const enc = wide ? ((hw1 << 16) | hw2) >>> 0 : hw1;
      out.push({ addr: addr + off, size, mnemonic: '.inst', opStr: `0x${enc.toString(16).padStart(size * 2, '0')}` });
      off += size;
    }
    return out;
  }
}

let loaded: CapstoneThumb | undefined;
let loading: Promise<CapstoneThumb> | undefined;

/** Loads capstone once per process. */
export function loadCapstone(): Promise<CapstoneThumb> {
  loading ??= MCapstone().then((cs) => {
    loaded = new CapstoneThumb(new cs.Capstone(cs.ARCH_ARM, cs.MODE_THUMB | cs.MODE_MCLASS));
    return loaded;
  });
  return loading;
}

/** Capstone if loadCapstone() has completed, else undefined. */
export function capstone(): CapstoneThumb | undefined {
  return loaded;
}

/** "mnemonic operands" */
export function insnText(i: Insn): string {
  return i.opStr ? `${i.mnemonic} ${i.opStr}` : i.mnemonic;
}
