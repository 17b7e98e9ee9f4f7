// The WebAssembly tier (sim/jit/wasm/) against the interpreter: generated programs of the
// translated forms, looping in flash with the M4 cycle model on, must leave the same
// registers, flags, memory, instruction and cycle counts and cycle-model statistics; and the
// exits to the JavaScript core (peripheral, unaligned and unmapped accesses, stores to
// decoded code, interrupts, the instruction limit) must leave the interpreter's state.
import { describe, it, expect } from 'vitest';
import { runBoth, rng, randomWord, wasmMachine, wasmState, FLASH, SRAM } from '../helpers/wasm.ts';

const LOW = (r: (n: number) => number) => `r${r(8)}`;

/** One random 16-bit data-processing or branch line (registers r0-r7, r8-r12 for the
 * high-register forms; SP only read). */
function aluLine(r: (n: number) => number, label: () => string): string {
  const lo = () => LOW(r);
  const hi = () => `r${8 + r(5)}`;
  const any = () => (r(2) === 0 ? lo() : hi());
  switch (r(26)) {
    case 0: return `adds ${lo()}, ${lo()}, #${r(8)}`;
    case 1: return `adds ${lo()}, #${r(256)}`;
    case 2: return `subs ${lo()}, ${lo()}, #${r(8)}`;
    case 3: return `subs ${lo()}, #${r(256)}`;
    case 4: return `movs ${lo()}, #${r(256)}`;
    case 5: return `cmp ${lo()}, #${r(256)}`;
    case 6: return `cmp ${any()}, ${any()}`;
    case 7: return `${['ands', 'eors', 'orrs', 'bics'][r(4)]} ${lo()}, ${lo()}`;
    case 8: return `mvns ${lo()}, ${lo()}`;
    case 9: return `tst ${lo()}, ${lo()}`;
    case 10: return `${['adcs', 'sbcs'][r(2)]} ${lo()}, ${lo()}`;
    case 11: return `rsbs ${lo()}, ${lo()}, #0`;
    case 12: return `cmn ${lo()}, ${lo()}`;
    case 13: {
      const d = lo();
      return `muls ${d}, ${lo()}, ${d}`;
    }
    case 14: return `add ${any()}, ${any()}`;
    case 15: return `mov ${any()}, ${any()}`;
    case 16: return `lsls ${lo()}, ${lo()}, #${1 + r(31)}`;
    case 17: return `lsrs ${lo()}, ${lo()}, #${1 + r(32)}`;
    case 18: return `asrs ${lo()}, ${lo()}, #${1 + r(32)}`;
    case 19: return `movs ${lo()}, ${lo()}`;
    case 20: return `add ${lo()}, sp, #${4 * r(256)}`;
    case 21: return `adds ${lo()}, ${lo()}, ${lo()}`;
    case 22: return `subs ${lo()}, ${lo()}, ${lo()}`;
    case 23: {
      const l = label();
      const cond = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'][r(14)];
      return `b${cond} ${l}\n adds r0, #1\n${l}:`;
    }
    case 24: {
      const l = label();
      return `${['cbz', 'cbnz'][r(2)]} ${lo()}, ${l}\n adds r1, #3\n${l}:`;
    }
    default: return `add ${lo()}, pc, #${4 * r(64)}`;
  }
}

function program(lines: string[]): string {
  return `start:\n${lines.join('\n')}\n b start\n .ltorg\n`;
}

function randomRegisters(seed: number) {
  return (m: ReturnType<typeof wasmMachine>) => {
    const r = rng(seed);
    const cpu = m.sys.cpu;
    for (let i = 0; i < 13; i++) cpu.R[i] = randomWord(r);
    cpu.N = r(2);
    cpu.Z = r(2);
    cpu.C = r(2);
    cpu.V = r(2);
  };
}

describe('WebAssembly tier = interpreter on generated programs', () => {
  for (let seed = 1; seed <= 24; seed++) {
    it(`16-bit data processing and branches, seed ${seed}`, () => {
      const r = rng(seed * 7919);
      let k = 0;
      const lines = Array.from({ length: 24 }, () => aluLine(r, () => `L${k++}`));
      const { ref, wasm, tier } = runBoth(program(lines), 3000, randomRegisters(seed));
      expect(wasm).toEqual(ref);
      // most of it ran translated
      expect(tier.instructions).toBeGreaterThan(2000);
    });
  }

  for (let seed = 1; seed <= 16; seed++) {
    it(`single loads and stores (every kind and addressing mode, literals in flash), seed ${seed}`, () => {
      const r = rng(seed * 104729);
      const t = () => `r${r(5)}`; // data registers r0-r4; r5 an index, r6/r7 bases in SRAM
      const lines: string[] = [];
      for (let i = 0; i < 24; i++) {
        const size = r(3);
        const sc = [4, 2, 1][size];
        const ld = ['ldr', r(2) ? 'ldrh' : 'ldrsh', r(2) ? 'ldrb' : 'ldrsb'][size];
        const st = ['str', 'strh', 'strb'][size];
        const base = r(2) ? 'r6' : 'r7';
        const off = sc * r(32);
        switch (r(8)) {
          case 0: lines.push(`${ld} ${t()}, [${base}, #${off}]`); break;
          case 1: lines.push(`${st} ${t()}, [${base}, #${off}]`); break;
          case 2: lines.push(`${ld} ${t()}, [${base}, r5${size === 0 ? '' : `, lsl #${r(2)}`}]`); break;
          case 3: lines.push(`${st} ${t()}, [${base}, r5]`); break;
          case 4: lines.push(`${ld} ${t()}, [${base}, #${sc}]!`, `${st} ${t()}, [${base}], #-${sc}`); break;
          case 5: lines.push(`${st} ${t()}, [${base}, #-${sc}]!`, `${ld} ${t()}, [${base}], #${sc}`); break;
          // (a constant that MOV/MVN cannot make: the assembler puts it in the literal pool)
          case 6: lines.push(`ldr ${t()}, =0x${(0x81020301 + 0x100 * r(0x10000)).toString(16)}`); break;
          default: lines.push(aluLine(r, () => `L${i}`).replace(/r[5-7]\b/g, 'r0'));
        }
      }
      const { ref, wasm, tier } = runBoth(program(lines), 3000, (m) => {
        randomRegisters(seed)(m);
        const r = rng(seed);
        const cpu = m.sys.cpu;
        cpu.R[5] = 4 * r(16);
        cpu.R[6] = SRAM + 0x1000;
        cpu.R[7] = SRAM + 0x2000 + 4 * r(64);
        for (let a = 0; a < 0x4000; a += 4) m.sys.bus.write32(SRAM + 0x800 + a, randomWord(r));
      });
      expect(wasm).toEqual(ref);
      expect(tier.instructions).toBeGreaterThan(2000);
    });
  }
});

describe('WebAssembly tier = interpreter: the ART (wait states, prefetch, I- and D-cache on and off)', () => {
  const configs = [
    { waitStates: 4, prefetch: true, icache: true, dcache: true },
    { waitStates: 5, prefetch: false, icache: true, dcache: true },
    { waitStates: 3, prefetch: true, icache: false, dcache: false },
    { waitStates: 2, prefetch: false, icache: false, dcache: true },
  ];
  configs.forEach((cfg, k) => {
    for (let seed = 1; seed <= 4; seed++) {
      it(`${JSON.stringify(cfg)}, seed ${seed}`, () => {
        const r = rng(seed * 7 + k * 1000);
        const lines: string[] = [];
        for (let i = 0; i < 40; i++) {
          const x = r(6);
          if (x === 0) lines.push(`ldr r${r(5)}, =0x${(0x81020301 + 0x100 * r(0x10000)).toString(16)}`);
          else if (x === 1) lines.push(`ldr r${r(5)}, [r6, #${4 * r(32)}]`);
          else if (x === 2) lines.push(`bl f${i}\n b g${i}\nf${i}:\n adds r0, #1\n bx lr\ng${i}:`);
          else lines.push(aluLine(r, () => `L${i}`).replace(/r[5-7]\b/g, 'r0'));
        }
        const { ref, wasm, tier } = runBoth(program(lines), 6000, (m) => {
          randomRegisters(seed)(m);
          m.sys.cpu.R[6] = SRAM + 0x1000;
          Object.assign(m.t.flash, cfg);
        });
        expect(wasm).toEqual(ref);
        expect(tier.instructions).toBeGreaterThan(3000);
        if (cfg.icache) expect(ref.timing.art.icacheHits).toBeGreaterThan(100);
      });
    }
  });
});

describe('WebAssembly tier = interpreter: the ART with code larger than its I-cache (evictions, prefetch hits)', () => {
  for (const cfg of [
    { waitStates: 4, prefetch: true, icache: true, dcache: true },
    { waitStates: 3, prefetch: false, icache: true, dcache: true },
  ])
    it(JSON.stringify(cfg), () => {
      const r = rng(4242);
      const lines: string[] = [];
      // about 3 KB of code (the I-cache holds 1 KB), branches every few instructions
      // and a subroutine called every 16 instructions: its code stays in the I-cache (LRU),
      // the caller's returns hit the cache with the next unit not there (the prefetcher)
      for (let i = 0; i < 1200; i++) lines.push(i % 97 === 0 ? `ldr r${r(5)}, =0x${(0x81020301 + 0x100 * r(0x10000)).toString(16)}` : i % 16 === 0 ? 'bl sub' : aluLine(r, () => `L${i}`).replace(/r[5-7]\b/g, 'r0'));
      const src = lines.map((l, i) => (i % 300 === 299 ? `${l}\n b 1f\n .ltorg\n1:` : l));
      src.push('b start', 'sub:', 'adds r1, #1', 'eors r2, r1', 'lsls r3, r2, #2', 'adds r3, r1', 'bx lr');
      const { ref, wasm, tier } = runBoth(program(src), 30000, (m) => {
        randomRegisters(5)(m);
        Object.assign(m.t.flash, cfg);
      });
      expect(wasm).toEqual(ref);
      expect(tier.instructions).toBeGreaterThan(10000);
      expect(ref.timing.art.icacheMisses).toBeGreaterThan(100);
      if (cfg.prefetch) expect(ref.timing.art.prefetchHits).toBeGreaterThan(100);
    });
});

describe('WebAssembly tier = interpreter: IT blocks', () => {
  const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'];
  const INV: Record<string, string> = { eq: 'ne', ne: 'eq', cs: 'cc', cc: 'cs', mi: 'pl', pl: 'mi', vs: 'vc', vc: 'vs', hi: 'ls', ls: 'hi', ge: 'lt', lt: 'ge', gt: 'le', le: 'gt' };
  /** an instruction inside an IT block with condition suffix c: 16-bit forms (no flags
   * there), 32-bit flag-setting ones, compares, loads and stores */
  const inIt = (r: (n: number) => number, c: string): string => {
    const lo = () => `r${r(6)}`;
    switch (r(9)) {
      case 0: return `add${c} ${lo()}, ${lo()}, #${r(8)}`;
      case 1: return `mov${c} ${lo()}, #${r(256)}`;
      case 2: return `adds${c} ${lo()}, ${lo()}, #${r(200)}`;
      case 3: return `cmp${c} ${lo()}, #${r(256)}`;
      case 4: return `ldr${c} ${lo()}, [r6, #${4 * r(16)}]`;
      case 5: return `str${c} ${lo()}, [r6, #${4 * r(16)}]`;
      case 6: return `lsl${c} ${lo()}, ${lo()}, #${1 + r(31)}`;
      case 7: return `eor${c} ${lo()}, ${lo()}`;
      default: return `sub${c} ${lo()}, ${lo()}`;
    }
  };
  for (let seed = 1; seed <= 16; seed++) {
    it(`random IT blocks of 1-4 instructions (flags set inside by some), seed ${seed}`, () => {
      const r = rng(seed * 65537);
      const lines: string[] = [];
      for (let i = 0; i < 8; i++) {
        lines.push(`cmp r${r(6)}, r${r(6)}`);
        const c = CONDS[r(14)];
        const k = 1 + r(4);
        let mask = '';
        const conds = [c];
        for (let x = 1; x < k; x++) {
          const t = r(2) === 0;
          mask += t ? 't' : 'e';
          conds.push(t ? c : INV[c]);
        }
        lines.push(`it${mask} ${c}`);
        for (const cc of conds) lines.push(inIt(r, cc));
        if (r(2)) lines.push(`adds r${r(6)}, #${r(256)}`);
      }
      const { ref, wasm, tier } = runBoth(program(lines), 3000, (m) => {
        randomRegisters(seed)(m);
        m.sys.cpu.R[6] = SRAM + 0x1000;
      });
      expect(wasm).toEqual(ref);
      expect(tier.instructions).toBeGreaterThan(2000);
    });
  }
  it('the energy meter counts executed IT-block instructions only; the model counts skipped ones too', () => {
    const r = rng(99);
    const lines: string[] = [];
    for (let i = 0; i < 6; i++) lines.push(`cmp r${r(6)}, #${r(100)}`, `itet ${CONDS[r(14)]}`.replace(/itet (\w+)/, (_m, c) => `itet ${c}\n ${inIt(r, c)}\n ${inIt(r, INV[c])}\n ${inIt(r, c)}`));
    const { ref, wasm, tier } = runBoth(program(lines), 3000, (m) => {
      randomRegisters(7)(m);
      m.sys.cpu.R[6] = SRAM + 0x1000;
    }, { meter: true });
    expect(wasm).toEqual(ref);
    expect(tier.instructions).toBeGreaterThan(2000);
  });
  it('a load after a skipped load or store in an IT block is not pipelined against it', () => {
    const { ref, wasm, tier } = runBoth(
      `
    loop:
      adds r0, #1
      ands r1, r0, #1
      ite eq
      ldreq r2, [r6]
      ldrne r3, [r6, #4]
      ite eq
      streq r2, [r6, #8]
      strne r3, [r6, #12]
      ldr r4, [r6, #16]
      b loop`,
      3000,
      (m) => {
        m.sys.cpu.R[6] = SRAM + 0x1000;
      },
    );
    expect(wasm).toEqual(ref);
    expect(tier.instructions).toBeGreaterThan(2000);
  });
  it('an exit inside an IT block (a conditional load from a peripheral) resumes it in the core', () => {
    const { ref, wasm, tier } = runBoth(
      `
      ldr r6, =0x40013800
    loop:
      adds r0, #1
      ands r1, r0, #1
      itte eq
      ldreq r2, [r6, #0x1c]
      addeq r3, #1
      addne r4, #1
      b loop
      .ltorg`,
      3000,
    );
    expect(wasm).toEqual(ref);
    expect(tier.exits[4]).toBeGreaterThan(0);
    expect(tier.instructions).toBeGreaterThan(1000);
  });
});

describe('WebAssembly tier = interpreter: divides (early termination timing)', () => {
  let translated = 0;
  for (let seed = 1; seed <= 8; seed++) {
    it(`SDIV/UDIV on random operands (zero divisors and INT_MIN / -1 leave to the core), seed ${seed}`, () => {
      const r = rng(seed * 4099);
      const lines: string[] = [];
      for (let i = 0; i < 16; i++) {
        if (r(2) === 0) lines.push(`${['sdiv', 'udiv'][r(2)]} r${r(8)}, r${r(8)}, r${r(8)}`);
        else if (r(2) === 0) lines.push(`lsrs r${r(8)}, r${r(8)}, #${1 + r(31)}`);
        else lines.push(aluLine(r, () => `L${i}`));
      }
      const { ref, wasm, tier } = runBoth(program(lines), 3000, (m) => {
        randomRegisters(seed)(m);
        // small divisors and dividends now and then (the quotient's bits decide the cycles)
        const q = rng(seed);
        for (let i = 0; i < 8; i++) if (q(3) === 0) m.sys.cpu.R[i] = q(1000);
      });
      expect(wasm).toEqual(ref);
      translated += tier.instructions;
    });
  }
  it('those programs ran translated in part (a zero divisor, frequent in them, leaves to the core)', () => {
    expect(translated).toBeGreaterThan(8 * 3000 * 0.1);
  });
  it('a loop of divides with every quotient size runs translated', () => {
    const src = `
      movs r1, #1
    loop:
      adds r0, #7
      lsls r1, r1, #1
      it eq
      moveq r1, #1
      udiv r2, r0, r1
      sdiv r3, r1, r0
      b loop`;
    const { ref, wasm, tier } = runBoth(src, 5000);
    expect(wasm).toEqual(ref);
    expect(ref.timing.otherStallCycles).toBeGreaterThan(0);
    expect(tier.instructions).toBeGreaterThan(1000);
  });
});

describe('WebAssembly tier: exits to the JavaScript core at an instruction boundary', () => {
  const check = (src: string, n: number, setup?: Parameters<typeof runBoth>[2]) => {
    const { ref, wasm, tier } = runBoth(src, n, setup);
    expect(wasm).toEqual(ref);
    return tier;
  };

  it('a peripheral access in the middle of a translated loop', () => {
    // USART1 (a modelled peripheral) read each pass
    const tier = check(`
      ldr r6, =0x40013800
    loop:
      adds r0, #1
      ldr r1, [r6, #0x1c]
      adds r2, r1
      cmp r0, #100
      bne loop
      b .
      .ltorg`, 2000);
    expect(tier.exits[4]).toBeGreaterThan(0); // EXIT_SLOW
    expect(tier.instructions).toBeGreaterThan(100);
  });

  it('an unaligned access (left to the core, which times it)', () => {
    check(`
      ldr r6, =0x20000101
    loop:
      adds r0, #1
      ldr r1, [r6]
      ldrh r2, [r6, #2]
      str r0, [r6, #4]
      cmp r0, #100
      bne loop
      b .
      .ltorg`, 2000);
  });

  it('a load from an unmapped address (a fault taken at the right instruction)', () => {
    check(`
      ldr r6, =0x30000000
    loop:
      adds r0, #1
      cmp r0, #40
      it eq
      moveq r6, #0x60000000
      ldr r1, [r6, #-4]
      b loop
      .ltorg`, 2000, (m) => {
      // (the fault handler: the vector table at 0 is this program; HardFault spins at its
      // address, the same on both paths)
      m.sys.cpu.R[6] = SRAM + 0x100;
    });
  });

  it('stores to SRAM that holds decoded code (the store is left to the core, which forgets the code)', () => {
    // a subroutine copied to SRAM and called; then the loop in flash rewrites its immediate
    const sub = [0x3001, 0x4770]; // adds r0, #1; bx lr
    const tier = check(`
      ldr r6, =0x20000201
    loop:
      blx r6
      ldrh r1, [r7]
      strh r1, [r6, #-1]
      adds r2, #1
      cmp r2, #50
      bne loop
      b .
      .ltorg`, 3000, (m) => {
      m.sys.bus.load(SRAM + 0x200, new Uint8Array(new Uint16Array(sub).buffer));
      m.sys.bus.write16(SRAM + 0x300, 0x3002); // adds r0, #2
      m.sys.cpu.R[7] = SRAM + 0x300;
    });
    expect(tier.exits[4]).toBeGreaterThan(0);
  });

  it('an interrupt (SysTick) taken in the middle of translated code, at every instruction limit', () => {
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
      eors r2, r0
      lsls r3, r2, #3
      adds r3, r0
      b loop
    handler:
      adds r4, #1
      bx lr
      .ltorg`;
    // the vector table's SysTick entry (15) points at the handler: a table in SRAM (VTOR)
    const setup = (m: ReturnType<typeof wasmMachine>) => {
      const bytes = m.sys.bus.peek(FLASH, 0x60);
      // handler: found as the last 'adds r4, #1' (0x3401)
      let h = -1;
      for (let i = 0; i < bytes.length - 1; i += 2) if (bytes[i] === 0x01 && bytes[i + 1] === 0x34) h = i;
      m.sys.bus.write32(SRAM + 0x400 + 15 * 4, (FLASH + h) | 1);
      m.sys.bus.write32(0xe000ed08, SRAM + 0x400);
    };
    for (const n of [6000, 6001, 6003, 9000]) {
      const tier = check(src, n, setup);
      expect(tier.instructions).toBeGreaterThan(100);
    }
    const m = wasmMachine(src, true);
    setup(m);
    m.sys.cpu.run(12000);
    expect(m.sys.cpu.R[4]).toBeGreaterThan(5);
    expect(wasmState(m).instret).toBe(12000);
  });
});
