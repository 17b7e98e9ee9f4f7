// The execution tracer: one line per retired instruction, written through a fixed-size buffer
// to a file descriptor, so memory stays bounded whatever the length of the trace.
//
//   <start cycle> <pc> <symbol+offset> <disassembly> | <registers written> | <memory accessed>
//
// e.g.  "     1234 08000a3c main+0x1c         ldr r3, [r7, #4]        | r3=00000005 | rd4 20001ff4"
//
// It is a retire observer (sim/core/cpu.ts): registers written are found by comparing the
// registers with a copy taken after the previous instruction (R0-R14, the APSR flags; the FP
// registers and FPSCR after FP instructions); memory from cpu.ea and the access size of the
// instruction's class (sim/debug/breakpoints.ts accessOf). Stores show the value written.
// Changes made between two instructions (exception entry and return) show on the next line.
import { writeSync } from 'node:fs';
import type { Cpu, RetireObserver } from '../core/cpu.ts';
import { Cls, type Op } from '../core/op.ts';
import type { SymbolTable } from '../loader/symbols.ts';
import { accessOf } from '../debug/breakpoints.ts';

export interface TraceText {
  text(addr: number): string;
}

const REG = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr'];

/** Buffered writes to a file descriptor or a sink (e.g. the CLI's stdout); flushes every
 * `chunk` characters, so it never holds more than one chunk. */
export class ChunkWriter {
  private parts: string[] = [];
  private len = 0;
  bytes = 0;

  constructor(
    readonly to: number | ((b: Uint8Array) => void),
    readonly chunk = 1 << 20,
  ) {}

  write(s: string): void {
    this.parts.push(s);
    this.len += s.length;
    if (this.len >= this.chunk) this.flush();
  }

  flush(): void {
    if (this.len === 0) return;
    const b = Buffer.from(this.parts.join(''), 'latin1');
    this.parts = [];
    this.len = 0;
    this.bytes += b.length;
    if (typeof this.to === 'function') {
      this.to(b);
      return;
    }
    let off = 0;
    while (off < b.length) {
      try {
        off += writeSync(this.to, b, off, b.length - off);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw e;
      }
    }
  }
}

function h8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

const FP_CLASSES = new Set<number>([Cls.FP, Cls.FPMAC, Cls.FPDIV, Cls.FPLOAD, Cls.FPLDM, Cls.FPMOV]);

export class Tracer implements RetireObserver {
  private readonly prevR = new Uint32Array(15);
  private readonly prevS = new Uint32Array(32);
  private prevFlags = 0;
  private prevFpscr = 0;
  /** instructions traced */
  count = 0;
  /** the per-address "symbol+offset" column */
  private readonly where = new Map<number, string>();

  constructor(
    readonly out: ChunkWriter,
    readonly text: TraceText,
    readonly symbols: SymbolTable,
    /** stop the run after this many traced instructions */
    readonly limit = Infinity,
  ) {}

  /** Takes the register state the first traced instruction is compared with. */
  start(cpu: Cpu): void {
    this.prevR.set(cpu.R.subarray(0, 15));
    this.prevS.set(cpu.SU);
    this.prevFlags = flags(cpu);
    this.prevFpscr = cpu.FPSCR >>> 0;
  }

  retired(cpu: Cpu, op: Op, executed: boolean, cycles: number): void {
    const pc = op.pc;
    let where = this.where.get(pc);
    if (where === undefined) {
      where = this.symbols.describe(pc).split(' ')[0];
      if (where.length > 32) {
        // shorten the name, keep the offset
        const plus = where.lastIndexOf('+');
        const off = plus > 0 ? where.slice(plus) : '';
        where = where.slice(0, 31 - off.length) + '~' + off;
      }
      this.where.set(pc, where);
    }
    let line = `${String(cpu.cycles - cycles).padStart(10)} ${h8(pc)} ${where.padEnd(32)} ${this.text.text(pc).padEnd(32)}`;
    if (!executed) {
      // skipped by its IT condition: it wrote nothing and accessed nothing
      this.out.write(line + ' | (condition failed)\n');
      if (++this.count >= this.limit) cpu.stop = { kind: 'limit', what: `trace limit of ${this.limit} instructions reached` };
      return;
    }
    // registers written
    let regs = '';
    const R = cpu.R;
    const P = this.prevR;
    for (let i = 0; i < 15; i++) {
      if (R[i] !== P[i]) {
        regs += ` ${REG[i]}=${h8(R[i])}`;
        P[i] = R[i];
      }
    }
    const f = flags(cpu);
    if (f !== this.prevFlags) {
      regs += ` nzcvq=${((f >>> 4) & 31).toString(2).padStart(5, '0')}`;
      if ((f & 15) !== (this.prevFlags & 15)) regs += ` ge=${(f & 15).toString(2).padStart(4, '0')}`;
      this.prevFlags = f;
    }
    if (FP_CLASSES.has(op.cls) || cpu.FPSCR >>> 0 !== this.prevFpscr) {
      const S = cpu.SU;
      const PS = this.prevS;
      for (let i = 0; i < 32; i++) {
        if (S[i] !== PS[i]) {
          regs += ` s${i}=${h8(S[i])}`;
          PS[i] = S[i];
        }
      }
      if (cpu.FPSCR >>> 0 !== this.prevFpscr) {
        this.prevFpscr = cpu.FPSCR >>> 0;
        regs += ` fpscr=${h8(this.prevFpscr)}`;
      }
    }
    line += ` |${regs}`;
    // memory accessed
    {
      const acc = accessOf(op);
      if (acc !== null) {
        const ea = cpu.ea >>> 0;
        line += ` | ${acc.write ? 'wr' : 'rd'}${acc.size} ${h8(ea)}`;
        if (acc.write && acc.size <= 4) {
          try {
            const b = cpu.bus.peek(ea, acc.size);
            let v = 0;
            for (let i = acc.size - 1; i >= 0; i--) v = (v << 8) | b[i];
            line += `=${(v >>> 0).toString(16).padStart(2 * acc.size, '0')}`;
          } catch {
            // a peripheral register: no side-effect-free read
          }
        }
      }
    }
    this.out.write(line + '\n');
    if (++this.count >= this.limit) cpu.stop = { kind: 'limit', what: `trace limit of ${this.limit} instructions reached` };
  }
}

/** APSR flags N Z C V Q and GE as one number: NZCVQ in bits 8:4, GE in 3:0. */
function flags(cpu: Cpu): number {
  return (cpu.N << 8) | (cpu.Z << 7) | (cpu.C << 6) | (cpu.V << 5) | (cpu.Q << 4) | cpu.GE;
}
