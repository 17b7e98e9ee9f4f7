// The WebAssembly tier's multiple and dual loads and stores and table branches
// (sim/jit/wasm/forms-mem.ts) against the interpreter: generated programs looping in flash
// (balanced PUSH/POP, function calls returning with POP {..., pc}, LDM/STM with random
// register lists and writeback, LDRD/STRD in every addressing mode, TBB/TBH switch tables as
// GCC emits them) must leave the interpreter's state; and the cases left to the JavaScript
// core (an unaligned base, a range crossing a 64 KB page, a peripheral, decoded code in SRAM,
// an exception return through POP {pc}) must be taken identically.
import { describe, it, expect } from 'vitest';
import { runBoth, rng, randomWord, wasmMachine, wasmState, FLASH, SRAM } from '../helpers/wasm.ts';

/** runBoth, and cpu.ea (the address the last load or store recorded) compared too */
function runBothEa(src: string, n: number, setup: (m: ReturnType<typeof wasmMachine>) => void) {
  const ref = wasmMachine(src, false);
  setup(ref);
  ref.sys.cpu.run(n);
  const w = wasmMachine(src, true);
  setup(w);
  w.sys.cpu.run(n);
  return { ref: { ...wasmState(ref), ea: ref.sys.cpu.ea }, wasm: { ...wasmState(w), ea: w.sys.cpu.ea }, tier: w.sys.cpu.blocks.tier! };
}

type R = (n: number) => number;

const POOL = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r8', 'r9', 'r10', 'r11', 'r12'];
const LOWPOOL = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];

/** a random register list of `min`..`max` registers from `pool` in register order */
function list(r: R, pool: string[], min = 2, max = 6): string[] {
  const want = min + r(max - min + 1);
  const picked = new Set<string>();
  while (picked.size < Math.min(want, pool.length)) picked.add(pool[r(pool.length)]);
  return pool.filter((x) => picked.has(x));
}
const braces = (l: string[]) => `{${l.join(', ')}}`;
/** another list of the same length (a pop into other registers keeps the stack balanced) */
const sameLength = (r: R, pool: string[], n: number) => list(r, pool, n, n);

/** a random 16-bit data-processing line on r0-r3 (and branches over one instruction) */
function alu(r: R, label: () => string): string {
  const lo = () => `r${r(4)}`;
  switch (r(9)) {
    case 0: return `adds ${lo()}, ${lo()}, #${r(8)}`;
    case 1: return `subs ${lo()}, #${r(256)}`;
    case 2: return `eors ${lo()}, ${lo()}`;
    case 3: return `lsls ${lo()}, ${lo()}, #${1 + r(31)}`;
    case 4: return `adds ${lo()}, ${lo()}, ${lo()}`;
    case 5: return `movs ${lo()}, #${r(256)}`;
    case 6: return `mov r${8 + r(5)}, ${lo()}`;
    case 7: {
      const l = label();
      return `cmp ${lo()}, ${lo()}\n b${['eq', 'ne', 'hi', 'lt'][r(4)]} ${l}\n adds r0, #1\n${l}:`;
    }
    default: return `add ${lo()}, r${8 + r(5)}`;
  }
}

/** One generated program: r6 and r7 point into SRAM (bases), r4 and r5 are scratch, SP the
 * stack; every pass leaves SP, r6 and r7 where they were. */
function memProgram(seed: number): string {
  const r = rng(seed * 6151);
  let k = 0;
  const label = () => `L${k++}`;
  const lines: string[] = [];
  for (let i = 0; i < 20; i++) {
    switch (r(13)) {
      case 0: {
        // balanced push/pop, 16- or 32-bit
        const l = list(r, r(2) ? LOWPOOL : POOL, 1, 5);
        lines.push(`push ${braces(r(3) === 0 ? [...l, 'lr'] : l)}`, alu(r, label));
        const n = l.length + (lines[lines.length - 2].includes('lr') ? 1 : 0);
        lines.push(`pop ${braces(sameLength(r, POOL, n))}`);
        break;
      }
      case 1: lines.push(`bl f${r(3)}`); break;
      case 2: {
        // STMIA r6! ... LDMDB r6! (or STMDB r7! ... LDMIA r7!)
        const l = list(r, r(2) ? LOWPOOL : POOL, 2, 6);
        const l2 = sameLength(r, POOL, l.length);
        if (r(2)) lines.push(`stmia r6!, ${braces(l)}`, alu(r, label), `ldmdb r6!, ${braces(l2)}`);
        else lines.push(`stmdb r7!, ${braces(l)}`, alu(r, label), `ldmia r7!, ${braces(l2)}`);
        break;
      }
      case 3: {
        // no writeback (32-bit)
        const b = r(2) ? 'r6' : 'r7';
        lines.push(`${r(2) ? 'ldm' : 'stm'} ${b}, ${braces(list(r, POOL, 2, 8))}`);
        break;
      }
      case 4: {
        // 16-bit LDM with the base in the list (no writeback), STM with the base lowest
        lines.push('mov r4, r6');
        if (r(2)) lines.push(`ldm r4, {r${r(4)}, r4}`);
        else lines.push(`stmia r4!, {r4, r5}`);
        break;
      }
      case 5: {
        const [a, b] = [r(6), r(6)];
        const t2 = a === b ? (a + 1) % 6 : b;
        lines.push(`ldrd r${a}, r${t2}, [r${6 + r(2)}, #${r(2) ? '' : '-'}${4 * r(128)}]`);
        break;
      }
      case 6: lines.push(`strd r${r(6)}, r${r(6)}, [r${6 + r(2)}, #${r(2) ? '' : '-'}${4 * r(128)}]`); break;
      case 7: {
        // pre- and post-indexed, balanced
        const base = `r${6 + r(2)}`;
        const off = 4 * (1 + r(32));
        if (r(2)) lines.push(`strd r0, r1, [${base}, #-${off}]!`, `ldrd r2, r3, [${base}], #${off}`);
        else lines.push(`ldrd r2, r3, [${base}, #${off}]!`, `strd r0, r5, [${base}], #-${off}`);
        break;
      }
      case 8: {
        // Rt = Rn without writeback; the literal form
        if (r(2)) lines.push('mov r4, r7', `ldrd r4, r5, [r4, #${4 * r(64)}]`);
        else lines.push(`ldrd r${r(3)}, r3, lit${r(2)}`);
        break;
      }
      case 9: {
        // TBB switch (GCC's shape)
        const n = 2 + r(4);
        const t = label();
        const e = label();
        const cases = Array.from({ length: n }, () => label());
        lines.push(`movs r5, #${n - 1}`, 'ands r5, r0', `cmp r5, #${n - 1}`, `bhi ${e}`, 'tbb [pc, r5]', `${t}:`, ` .byte ${cases.map((c) => `(${c}-${t})/2`).join(', ')}`, ' .align 1');
        cases.forEach((c, j) => lines.push(`${c}:`, alu(r, label), r(3) && j < n - 1 ? `b ${e}` : 'nop'));
        lines.push(`${e}:`);
        break;
      }
      case 10: {
        // TBH switch
        const n = 2 + r(5);
        const t = label();
        const e = label();
        const cases = Array.from({ length: n }, () => label());
        lines.push(`movs r5, #7`, 'ands r5, r1', `cmp r5, #${n - 1}`, `bhi ${e}`, 'tbh [pc, r5, lsl #1]', `${t}:`, ` .hword ${cases.map((c) => `(${c}-${t})/2`).join(', ')}`);
        cases.forEach((c, j) => lines.push(`${c}:`, alu(r, label), r(3) && j < n - 1 ? `b ${e}` : 'nop'));
        lines.push(`${e}:`);
        break;
      }
      case 11: lines.push(`ldr r4, =lit${r(2)}`, `ldmia r4!, ${braces(list(r, ['r0', 'r1', 'r2', 'r3', 'r5'], 2, 4))}`); break;
      default: lines.push(alu(r, label));
    }
  }
  const body = (n: number) => Array.from({ length: n }, () => alu(r, label)).join('\n');
  return `
start:
${lines.join('\n')}
  b start
  .align 3
lit0: .word 0x${randomWord(r).toString(16)}, 0x${randomWord(r).toString(16)}, 0x${randomWord(r).toString(16)}, 0x${randomWord(r).toString(16)}, 0x${randomWord(r).toString(16)}
lit1: .word 0x${randomWord(r).toString(16)}, 0x${randomWord(r).toString(16)}, 0x${randomWord(r).toString(16)}, 0x${randomWord(r).toString(16)}, 0x${randomWord(r).toString(16)}
f0:
  push {r4, lr}
${body(3)}
  pop {r4, pc}
f1:
  push {r3, r4, r5, r8, lr}
${body(2)}
  bl f0
  pop {r3, r4, r5, r8, pc}
f2:
  stmdb sp!, {r4, r5, r9, lr}
${body(2)}
  ldmia.w sp!, {r4, r5, r9, pc}
  .ltorg
`;
}

/** random registers and flags, the bases in SRAM, random data around them */
function setupMem(seed: number) {
  return (m: ReturnType<typeof wasmMachine>) => {
    const r = rng(seed);
    const cpu = m.sys.cpu;
    for (let i = 0; i < 13; i++) cpu.R[i] = randomWord(r);
    cpu.R[6] = SRAM + 0x1000 + 4 * r(64);
    cpu.R[7] = SRAM + 0x2000 + 4 * r(64);
    cpu.N = r(2);
    cpu.Z = r(2);
    cpu.C = r(2);
    cpu.V = r(2);
    for (let a = 0; a < 0x2000; a += 4) m.sys.bus.write32(SRAM + 0x800 + a, randomWord(r));
  };
}

describe('WebAssembly tier = interpreter: multiple and dual loads and stores, table branches', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`generated program, seed ${seed}`, () => {
      // (cpu.ea compared after the last pass's accesses at a few instruction counts)
      for (const n of [3001, 3002, 3003]) {
        const { ref, wasm } = runBothEa(memProgram(seed), n, setupMem(seed));
        expect(wasm).toEqual(ref);
      }
      const { ref, wasm, tier } = runBoth(memProgram(seed), 4000, setupMem(seed));
      expect(wasm).toEqual(ref);
      expect(ref.stop).toBeNull();
      // most of it ran translated (a declined form ends the translated part of its block)
      expect(tier.instructions).toBeGreaterThan(3000);
      expect(tier.exits[4]).toBe(0); // no exit to the core: everything is plain memory
    });
  }
});

describe('WebAssembly tier: multiple and dual accesses left to the JavaScript core', () => {
  const check = (src: string, n: number, setup?: Parameters<typeof runBoth>[2]) => {
    const { ref, wasm, tier } = runBoth(src, n, setup);
    expect(wasm).toEqual(ref);
    return { ref, tier };
  };

  it('an LDM base that becomes unaligned: the alignment fault taken identically', () => {
    const { ref } = check(`
    loop:
      adds r0, #1
      cmp r0, #40
      bne skip
      adds r6, #2
    skip:
      ldm r6, {r1, r2, r3}
      stmdb r7, {r1, r2}
      ldrd r4, r5, [r7, #-8]
      b loop`, 1500, (m) => {
      m.sys.cpu.R[6] = SRAM + 0x100;
      m.sys.cpu.R[7] = SRAM + 0x200;
    });
    expect(ref.flags[7]).not.toBe(0); // in the fault handler
  });

  for (const [name, what] of [
    ['LDRD', 'ldrd r1, r2, [r6]'],
    ['STRD', 'strd r1, r2, [r6]'],
    ['STMDB', 'stmdb r6!, {r1, r2}\n adds r6, #8'],
  ] as const) {
    it(`an unaligned ${name}: the fault taken identically`, () => {
      const { ref } = check(`
      loop:
        adds r0, #1
        cmp r0, #30
        bne skip
        adds r6, #2
      skip:
        ${what}
        b loop`, 800, (m) => {
        m.sys.cpu.R[6] = SRAM + 0x100;
      });
      expect(ref.flags[7]).not.toBe(0);
    });
  }

  it('a multiple access crossing a 64 KB page (left to the core)', () => {
    const { tier } = check(`
    loop:
      adds r0, #1
      stmia r6!, {r0, r1, r2, r3}
      ldmdb r6!, {r1, r2, r3, r4}
      ldrd r2, r3, [r6, #8]
      strd r0, r1, [r6, #8]
      cmp r0, #100
      bne loop
      b .`, 2000, (m) => {
      m.sys.cpu.R[6] = SRAM + 0xfff4; // 4 words: 0x2000fff4..0x20010003
    });
    expect(tier.exits[4]).toBeGreaterThan(0);
  });

  it('a stack pushed across a 64 KB page boundary', () => {
    const { tier } = check(`
    loop:
      adds r0, #1
      bl f
      cmp r0, #100
      bne loop
      b .
    f:
      push {r0, r1, r2, r4, lr}
      adds r1, #1
      pop {r0, r1, r2, r4, pc}`, 2000, (m) => {
      m.sys.cpu.R[13] = 0x20010008;
    });
    expect(tier.exits[4]).toBeGreaterThan(0);
  });

  it('LDM/STM/LDRD/STRD/TBB at a peripheral address', () => {
    // USART1 and TIM2 (modelled): read each pass
    const { tier } = check(`
      ldr r6, =0x40013800
      ldr r7, =0x40000000
    loop:
      adds r0, #1
      ldm r6, {r1, r2}
      ldrd r3, r4, [r7, #0x24]
      stm r5, {r1, r2}
      strd r3, r4, [r5, #8]
      movs r3, #0
      tbb [r7, r3]
    t:
      cmp r0, #100
      bne loop
      b .
      .ltorg`, 2000, (m) => {
      m.sys.cpu.R[5] = SRAM + 0x300;
    });
    expect(tier.exits[4]).toBeGreaterThan(0);
    expect(tier.instructions).toBeGreaterThan(100);
  });

  it('STM/STRD/PUSH over SRAM holding decoded code (left to the core, which forgets the code)', () => {
    // a subroutine copied to SRAM and called; the loop in flash rewrites its immediate with
    // STM (and STRD, PUSH over the same block)
    const sub = [0x3001, 0x4770]; // adds r0, #1; bx lr
    const { tier } = check(`
      ldr r6, =0x20000201
    loop:
      blx r6
      ldr r1, [r7]
      ldr r2, [r7, #4]
      subs r4, r6, #1
      stm r4, {r1, r2}
      blx r6
      strd r2, r1, [r4]
      blx r6
      mov r3, sp
      mov sp, r5
      push {r1, r2}
      mov sp, r3
      adds r2, #1
      cmp r2, #50
      bne loop
      b .
      .ltorg`, 3000, (m) => {
      m.sys.bus.load(SRAM + 0x200, new Uint8Array(new Uint16Array(sub).buffer));
      m.sys.bus.write32(SRAM + 0x300, 0x47703002); // adds r0, #2; bx lr
      m.sys.bus.write32(SRAM + 0x304, 0x47703001);
      m.sys.cpu.R[7] = SRAM + 0x300;
      m.sys.cpu.R[5] = SRAM + 0x208;
    });
    expect(tier.exits[4]).toBeGreaterThan(0);
  });

  it('an exception return through POP {pc} (SysTick handler) and LDM of a table in flash', () => {
    const src = `
      ldr r6, =0xe000e010
      movs r1, #0
      str r1, [r6, #8]
      ldr r1, =1999
      str r1, [r6, #4]
      movs r1, #7
      str r1, [r6]
    loop:
      adds r0, #1
      adr r3, tbl
      ldm r3, {r1, r2, r3}
      eors r2, r0
      bl f
      b loop
    f:
      push {r4, r5, lr}
      adds r5, #1
      pop {r4, r5, pc}
    handler:
      push {r4, lr}
      adds r7, #1
      pop {r4, pc}
      .align 2
    tbl: .word 1, 2, 3
      .ltorg`;
    const setup = (m: ReturnType<typeof wasmMachine>) => {
      const bytes = m.sys.bus.peek(FLASH, 0x80);
      // handler: the 'adds r7, #1' (0x3701), after its push (2 bytes)
      let h = -1;
      for (let i = 0; i < bytes.length - 1; i += 2) if (bytes[i] === 0x01 && bytes[i + 1] === 0x37) h = i - 2;
      m.sys.bus.write32(SRAM + 0x400 + 15 * 4, (FLASH + h) | 1);
      m.sys.bus.write32(0xe000ed08, SRAM + 0x400);
    };
    for (const n of [6000, 6001, 6003, 9000]) {
      const { tier, ref } = check(src, n, setup);
      expect(ref.R[7]).toBeGreaterThan(3);
      expect(tier.instructions).toBeGreaterThan(n / 2);
      expect(tier.exits[4]).toBeGreaterThan(0); // the EXC_RETURN
    }
  });

  it('SP writeback and loads to SP keep SP bits [1:0] zero (PUSH/POP T3 and their kin)', () => {
    const { tier } = check(`
    loop:
      adds r0, #1
      strb r1, [sp, #-3]!
      ldrb r2, [sp], #3
      str.w r0, [sp, #-4]!
      ldr.w r8, [sp], #4
      mov r5, sp
      ldr sp, [r6]
      str r0, [sp, #4]
      mov sp, r5
      cmp r0, #100
      bne loop
      b .`, 2000, (m) => {
      m.sys.cpu.R[6] = SRAM + 0x100;
      m.sys.bus.write32(SRAM + 0x100, SRAM + 0x8003);
    });
    expect(tier.instructions).toBeGreaterThan(1500);
  });

  it('TBH with an unaligned table address, TBB/TBH tables in SRAM', () => {
    check(`
    loop:
      adds r0, #1
      movs r5, #1
      ands r5, r0
      tbb [r6, r5]
    t1:
      adds r1, #1
      tbh [r7, r5, lsl #1]
    t2:
      adds r2, #1
      cmp r0, #60
      bne loop
      adds r7, #1
      b loop`, 2000, (m) => {
      // TBB entries 0 and 1: the next instruction (pc + 4 + 0) and one further (2); TBH's
      // table zeros (also when its address becomes odd)
      m.sys.bus.write16(SRAM + 0x500, 0x0100);
      m.sys.cpu.R[6] = SRAM + 0x500;
      m.sys.cpu.R[7] = SRAM + 0x600;
    });
  });
});
