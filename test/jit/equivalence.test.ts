// The fast path (compiled blocks, sim/jit/) against the interpreter (cpu.fastPath = false):
// every committed test program, the exception programs, the timing micro-benchmarks (code in
// SRAM) and both training firmwares (short runs) with the cycle model on must give the same
// output, exit, instructions, cycles, registers, cycle-model statistics and retire-observer
// stream (the profile), whichever path runs them.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session } from '../../sim/session.ts';
import type { Cpu, RetireObserver } from '../../sim/core/cpu.ts';
import type { Op } from '../../sim/core/op.ts';
import { foldable } from '../../sim/jit/m4fold.ts';
import { attachCycleModel } from '../../sim/timing/index.ts';
import { machine, assemble, CODE_BASE, faultingLoop } from '../helpers/machine.ts';
import { profileRun } from '../../sim/profiler/run.ts';
import { attachEnergyMeter } from '../../sim/energy/meter.ts';

const ELF_DIR = resolve(import.meta.dirname, '../../firmware/elf');

/** Hashes every retired instruction: address, executed, cycles, cycle count after it. */
class StreamHash implements RetireObserver {
  private readonly h = createHash('sha256');
  private readonly buf = new Float64Array(4);
  n = 0;
  retired(cpu: Cpu, op: Op, executed: boolean, cycles: number): void {
    const b = this.buf;
    b[0] = op.pc;
    b[1] = executed ? 1 : 0;
    b[2] = cycles;
    b[3] = cpu.cycles;
    this.h.update(new Uint8Array(b.buffer));
    this.n++;
  }
  digest(): string {
    return this.h.digest('hex');
  }
}

interface Outcome {
  out: string;
  stop: unknown;
  instructions: number;
  cycles: number;
  regs: number[];
  flags: number[];
  fp: number[];
  timing: unknown;
  stream?: string;
  /** the energy meter's counters, energy and per-class counts (opts.meter) */
  energy?: unknown;
  segmenting: boolean;
  mode: string;
  blocks: number;
  jsBlocks: number;
  /** instructions the WebAssembly tier ran */
  wasmInstructions: number;
}

function runElf(elf: string, fast: boolean, opts: { maxInstructions?: number; maxCycles?: number; semihostRoot?: string; observe?: boolean; meter?: boolean; codegen?: boolean; inline?: boolean; chain?: boolean; wasm?: boolean } = {}): Outcome {
  let out = '';
  const s = new Session({ elf: join(ELF_DIR, elf), wasm: opts.wasm ?? false, semihostRoot: opts.semihostRoot, stdout: (b) => (out += Buffer.from(b).toString('latin1')), stderr: (b) => (out += Buffer.from(b).toString('latin1')) });
  const cpu = s.sys.cpu;
  cpu.fastPath = fast;
  cpu.blocks.codegen = opts.codegen ?? false;
  // the generated functions with inlined instructions (M4SIM_JIT=inline), compiled after 2 runs
  cpu.blocks.inline = opts.inline ?? false;
  cpu.blocks.hotJs = 2;
  cpu.blocks.chaining = opts.chain ?? true;
  const obs = opts.observe ? new StreamHash() : null;
  cpu.observer = obs;
  const meter = opts.meter ? attachEnergyMeter(s, s.timing ?? null) : null;
  const r = s.run({ maxInstructions: opts.maxInstructions ?? 30_000_000, maxCycles: opts.maxCycles });
  const snap = meter?.snapshot();
  return {
    out,
    stop: r.stop,
    instructions: r.instructions,
    cycles: r.cycles,
    regs: [...cpu.R, cpu.pc],
    flags: [cpu.N, cpu.Z, cpu.C, cpu.V, cpu.Q, cpu.GE, cpu.itState, cpu.IPSR, cpu.CONTROL, cpu.PRIMASK, cpu.BASEPRI, cpu.FAULTMASK, cpu.otherSP],
    fp: [...cpu.SU, cpu.FPSCR],
    timing: s.timing?.summary(),
    stream: obs?.digest(),
    energy: meter === null ? undefined : { counters: [...snap!.counters], energyJ: snap!.energyJ, seconds: snap!.seconds, classCount: [...meter.classCount], range: meter.rangeNow },
    segmenting: cpu.blocks.segmenting,
    mode: cpu.blocks.mode,
    blocks: cpu.blocks.compiled,
    jsBlocks: cpu.blocks.jsCompiled,
    wasmInstructions: cpu.blocks.tier?.instructions ?? 0,
  };
}

function same(a: Outcome, b: Outcome): void {
  expect(b.out).toBe(a.out);
  expect(b.stop).toEqual(a.stop);
  expect(b.instructions).toBe(a.instructions);
  expect(b.cycles).toBe(a.cycles);
  expect(b.regs).toEqual(a.regs);
  expect(b.flags).toEqual(a.flags);
  expect(b.fp).toEqual(a.fp);
  expect(b.timing).toEqual(a.timing);
  expect(b.stream).toEqual(a.stream);
  expect(b.energy).toEqual(a.energy);
}

// a small synthetic data set in the firmware's M4VD format (workload/data.ts)
const dir = mkdtempSync(join(tmpdir(), 'm4sim-jit-'));
const n = 4;
const px = 28 * 28;
const data = new Uint8Array(16 + n * (1 + px));
const dv = new DataView(data.buffer);
data.set([0x4d, 0x34, 0x56, 0x44]);
dv.setUint16(4, 1, true);
dv.setUint16(6, 28, true);
dv.setUint16(8, 28, true);
dv.setUint16(10, 10, true);
dv.setUint32(12, n, true);
let seed = 12345;
for (let i = 0; i < n; i++) {
  const o = 16 + i * (1 + px);
  data[o] = i % 10;
  for (let p = 0; p < px; p++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    data[o + 1 + p] = seed >>> 24;
  }
}
writeFileSync(join(dir, 'train.bin'), data);
writeFileSync(join(dir, 'vae.cfg'), 'steps=1\nseed=1\ninfer_every=1\nlog_every=1\nuart=1\ndata=train.bin\ndump=\n');

const programs = readdirSync(ELF_DIR)
  .filter((f) => f.endsWith('-O2.elf') || f.startsWith('asm-') || f.startsWith('timing-'))
  .sort();

describe('fast path = interpreter, cycle model on', () => {
  it('the model is folded into the blocks (sim/jit/m4fold.ts mirrors sim/timing/m4.ts)', () => {
    const s = new Session({ elf: join(ELF_DIR, 'hello-O2.elf') });
    // if this fails, m4.ts or art.ts changed: check m4fold.ts against the new model and update REF_HASH
    expect(foldable(s.sys.cpu.cycleModel)).toBe(true);
  });

  for (const elf of programs)
    it(elf, () => {
      // cpubench runs 55 M instructions: its first 4 M are enough here
      const max = elf.startsWith('cpubench') ? 4_000_000 : 30_000_000;
      const slow = runElf(elf, false, { maxInstructions: max });
      const fast = runElf(elf, true, { maxInstructions: max });
      expect(['exit', 'limit']).toContain((slow.stop as { kind: string }).kind);
      same(slow, fast);
      expect(fast.mode).toBe('fold');
      expect(fast.blocks).toBeGreaterThan(0);
    }, 60_000);

  // the retire observer (profilers, the energy meter) sees the same instructions and cycles
  for (const elf of ['systick-O2.elf', 'fpu_irq-O2.elf', 'crc-O2.elf', 'timing-core.elf'])
    it(`${elf} with a retire observer`, () => {
      const slow = runElf(elf, false, { observe: true });
      const fast = runElf(elf, true, { observe: true });
      same(slow, fast);
      // the runner folds the M4 model and calls the observer per instruction (M4SIM_FOLD_OBSERVER=0: 'call')
      expect(fast.mode).toBe('fold');
    }, 60_000);
});

// the energy meter as the only observer: the runner hands it runs of folded instructions
// (SegmentObserver) instead of a call per instruction; the counters (cycles active and asleep,
// instructions per class, data words, ART and stall counts) and the energy must be equal to
// the last bit. Programs with exceptions, WFI, IT blocks, faults and clock changes.
describe('energy meter on the fast path (segments) = interpreter', () => {
  for (const elf of ['systick-O2.elf', 'fpu_irq-O2.elf', 'pendsv-O2.elf', 'crc-O2.elf', 'asm-it.elf', 'asm-divzero.elf', 'float_ops-O2.elf', 'timing-core.elf', 'cpubench-O2.elf'])
    it(elf, () => {
      const max = elf.startsWith('cpubench') ? 2_000_000 : 30_000_000;
      const slow = runElf(elf, false, { meter: true, maxInstructions: max });
      const fast = runElf(elf, true, { meter: true, maxInstructions: max });
      same(slow, fast);
      expect(fast.mode).toBe('fold');
      expect(fast.segmenting).toBe(true);
      expect((slow.energy as { energyJ: number }).energyJ).toBeGreaterThan(0);
    }, 60_000);
  it('without chaining blocks in the runner (M4SIM_CHAIN=0)', () => {
    const slow = runElf('fpu_irq-O2.elf', false, { meter: true });
    const fast = runElf('fpu_irq-O2.elf', true, { meter: true, chain: false });
    same(slow, fast);
  }, 60_000);
  it('--max-cycles in the middle of blocks', () => {
    const slow = runElf('cpubench-O2.elf', false, { meter: true, maxCycles: 1_234_567 });
    const fast = runElf('cpubench-O2.elf', true, { meter: true, maxCycles: 1_234_567 });
    same(slow, fast);
  }, 60_000);
  it('vae-u8.elf: one training step and inference (clock set to 120 MHz by a store in a block)', () => {
    const slow = runElf('vae-u8.elf', false, { semihostRoot: dir, maxInstructions: 40_000_000, meter: true });
    const fast = runElf('vae-u8.elf', true, { semihostRoot: dir, maxInstructions: 40_000_000, meter: true });
    same(slow, fast);
    expect(fast.segmenting).toBe(true);
    expect(slow.stop).toEqual({ kind: 'exit', code: 0 });
  }, 120_000);
  it('with inlined generated functions too', () => {
    const slow = runElf('crc-O2.elf', false, { meter: true });
    const fast = runElf('crc-O2.elf', true, { meter: true, inline: true });
    same(slow, fast);
    expect(fast.jsBlocks).toBeGreaterThan(0);
  }, 60_000);
});

// the generated-function variant of the fast path (M4SIM_JIT=js)
describe('fast path with generated block functions = interpreter', () => {
  for (const elf of ['systick-O2.elf', 'svc-O2.elf', 'crc-O2.elf', 'asm-it.elf', 'timing-core.elf'])
    it(elf, () => {
      const slow = runElf(elf, false);
      const fast = runElf(elf, true, { codegen: true });
      same(slow, fast);
      expect(fast.mode).toBe('fold');
    }, 60_000);
});

// the generated functions with the instructions inlined (sim/jit/jsblock.ts, M4SIM_JIT=inline),
// compiled after two runs of a block so that nearly all code runs in them
describe('fast path with inlined generated functions = interpreter', () => {
  for (const elf of programs)
    it(elf, () => {
      const max = elf.startsWith('cpubench') ? 4_000_000 : 30_000_000;
      const slow = runElf(elf, false, { maxInstructions: max });
      const fast = runElf(elf, true, { maxInstructions: max, inline: true });
      same(slow, fast);
      expect(fast.mode).toBe('fold');
      // (code in SRAM stays in the runner; the asm- programs run each block once or twice)
      if (elf.endsWith('-O2.elf')) expect(fast.jsBlocks).toBeGreaterThan(0);
    }, 60_000);
  for (const elf of ['systick-O2.elf', 'fpu_irq-O2.elf', 'crc-O2.elf', 'timing-core.elf', 'pendsv-O2.elf'])
    it(`${elf} with a retire observer`, () => {
      const slow = runElf(elf, false, { observe: true });
      const fast = runElf(elf, true, { observe: true, inline: true });
      same(slow, fast);
      expect(fast.mode).toBe('fold');
    }, 60_000);
  // --max-cycles stops at the same cycle, in the middle of blocks
  for (const [elf, cycles] of [['cpubench-O2.elf', 1_234_567], ['systick-O2.elf', 100_003], ['float_ops-O2.elf', 100_001]] as const)
    it(`${elf} --max-cycles ${cycles}`, () => {
      const slow = runElf(elf, false, { maxCycles: cycles });
      const fast = runElf(elf, true, { maxCycles: cycles, inline: true });
      same(slow, fast);
      expect(slow.cycles).toBeGreaterThanOrEqual(cycles);
      expect(fast.jsBlocks).toBeGreaterThan(0);
    }, 60_000);
  it('vae-u8.elf: one training step and inference to the end', () => {
    const slow = runElf('vae-u8.elf', false, { semihostRoot: dir, maxInstructions: 40_000_000 });
    const fast = runElf('vae-u8.elf', true, { semihostRoot: dir, maxInstructions: 40_000_000, inline: true });
    same(slow, fast);
    expect(slow.stop).toEqual({ kind: 'exit', code: 0 });
    expect(fast.jsBlocks).toBeGreaterThan(20);
  }, 120_000);
  it('vae-fp32.elf: the first 4 M instructions, with a retire observer', () => {
    const slow = runElf('vae-fp32.elf', false, { semihostRoot: dir, maxInstructions: 4_000_000, observe: true });
    const fast = runElf('vae-fp32.elf', true, { semihostRoot: dir, maxInstructions: 4_000_000, observe: true, inline: true });
    same(slow, fast);
    expect(fast.jsBlocks).toBeGreaterThan(20);
  }, 60_000);
});

// the WebAssembly tier (sim/jit/wasm/, M4SIM_JIT=wasm): hot flash blocks translated to
// WebAssembly, with the energy meter taking their counts
describe('fast path with the WebAssembly tier = interpreter', () => {
  for (const elf of programs)
    it(elf, () => {
      const max = elf.startsWith('cpubench') ? 4_000_000 : 30_000_000;
      const slow = runElf(elf, false, { maxInstructions: max });
      const fast = runElf(elf, true, { maxInstructions: max, wasm: true });
      same(slow, fast);
      // (the asm- and timing- programs run from SRAM, which is not translated)
      if (elf.endsWith('-O2.elf')) expect(fast.wasmInstructions).toBeGreaterThan(0);
    }, 60_000);
  for (const elf of ['systick-O2.elf', 'fpu_irq-O2.elf', 'pendsv-O2.elf', 'crc-O2.elf', 'float_ops-O2.elf', 'cpubench-O2.elf'])
    it(`${elf} with the energy meter`, () => {
      const max = elf.startsWith('cpubench') ? 2_000_000 : 30_000_000;
      const slow = runElf(elf, false, { meter: true, maxInstructions: max });
      const fast = runElf(elf, true, { meter: true, maxInstructions: max, wasm: true });
      same(slow, fast);
      expect(fast.segmenting).toBe(true);
      expect(fast.wasmInstructions).toBeGreaterThan(0);
    }, 60_000);
  for (const [elf, cycles] of [['cpubench-O2.elf', 1_234_567], ['systick-O2.elf', 100_003]] as const)
    it(`${elf} --max-cycles ${cycles}, energy meter`, () => {
      const slow = runElf(elf, false, { maxCycles: cycles, meter: true });
      const fast = runElf(elf, true, { maxCycles: cycles, meter: true, wasm: true });
      same(slow, fast);
      expect(slow.cycles).toBeGreaterThanOrEqual(cycles);
    }, 60_000);
  it('vae-u8.elf: one training step and inference to the end, energy meter', () => {
    const slow = runElf('vae-u8.elf', false, { semihostRoot: dir, maxInstructions: 40_000_000, meter: true });
    const fast = runElf('vae-u8.elf', true, { semihostRoot: dir, maxInstructions: 40_000_000, meter: true, wasm: true });
    same(slow, fast);
    expect(slow.stop).toEqual({ kind: 'exit', code: 0 });
    expect(fast.wasmInstructions).toBeGreaterThan(1_000_000);
  }, 120_000);
  it('vae-fp32.elf: the first 4 M instructions', () => {
    const slow = runElf('vae-fp32.elf', false, { semihostRoot: dir, maxInstructions: 4_000_000 });
    const fast = runElf('vae-fp32.elf', true, { semihostRoot: dir, maxInstructions: 4_000_000, wasm: true });
    same(slow, fast);
    expect(fast.wasmInstructions).toBeGreaterThan(100_000);
  }, 60_000);
});

describe('training firmwares', () => {
  it('vae-u8.elf: one training step and inference to the end', () => {
    const slow = runElf('vae-u8.elf', false, { semihostRoot: dir, maxInstructions: 40_000_000 });
    const fast = runElf('vae-u8.elf', true, { semihostRoot: dir, maxInstructions: 40_000_000 });
    same(slow, fast);
    expect(slow.stop).toEqual({ kind: 'exit', code: 0 });
    expect(slow.out).toContain('step 1 elbo');
  }, 120_000);
  it('vae-fp32.elf: the first 4 M instructions', () => {
    const slow = runElf('vae-fp32.elf', false, { semihostRoot: dir, maxInstructions: 4_000_000 });
    const fast = runElf('vae-fp32.elf', true, { semihostRoot: dir, maxInstructions: 4_000_000 });
    same(slow, fast);
    expect(slow.instructions).toBe(4_000_000);
  }, 60_000);
});

// m4sim profile: the energy meter, the stack watcher and the function profiler on the retire
// observer; the cycle model, energy, windows and per-function rows must not depend on the path
describe('profiles (energy meter, function profiler) = interpreter', () => {
  function profiled(elf: string, fast: boolean, root?: string, max?: number) {
    const saved = process.env.M4SIM_FAST;
    process.env.M4SIM_FAST = fast ? '1' : '0';
    try {
      const r = profileRun({ elf: join(ELF_DIR, elf), semihostRoot: root, maxInstructions: max });
      return { ...r, wallSeconds: 0 };
    } finally {
      if (saved === undefined) delete process.env.M4SIM_FAST;
      else process.env.M4SIM_FAST = saved;
    }
  }
  for (const elf of ['systick-O2.elf', 'float_ops-O2.elf'])
    it(elf, () => {
      const slow = profiled(elf, false);
      const fast = profiled(elf, true);
      expect(fast).toEqual(slow);
      expect(slow.run.energyJ).toBeGreaterThan(0);
    }, 60_000);
  it('vae-u8.elf, the first 3 M instructions', () => {
    const slow = profiled('vae-u8.elf', false, dir, 3_000_000);
    const fast = profiled('vae-u8.elf', true, dir, 3_000_000);
    expect(fast).toEqual(slow);
    expect(slow.functions!.length).toBeGreaterThan(10);
  }, 120_000);
});

// the runner writes the model's record of the previous instruction back lazily (before the
// model's own retire(), when it leaves or chains, and after a fault): a fault in the middle of
// a block in flash, followed by a lockup (no vector table), leaves the record the interpreter
// leaves, with and without an IT block before the faulting load
describe('a fault in the middle of a block (runner)', () => {
  for (const [name, body] of [
    ['after an ALU instruction', ''],
    // (the IT block's last instruction is skipped: the model's record is then 'none')
    ['after an IT block', 'cmp r0, #1\n    ite ne\n    addne r5, #1\n    addeq r5, #2'],
  ] as const)
    it(name, () => {
      const src = faultingLoop('movs r5, #0', body);
      const run = (fast: boolean) => {
        const sys = machine(assemble('nop'));
        sys.bus.load(0x08000000, assemble(src));
        sys.cpu.pc = 0x08000000;
        const t = attachCycleModel(sys);
        sys.cpu.fastPath = fast;
        sys.cpu.run(2000);
        const m = t.model as unknown as { prevCls: number; prevWrites: number; prevOp: Op | null };
        return { R: [...sys.cpu.R], instret: sys.cpu.instret, cycles: sys.cpu.cycles, stop: sys.cpu.stop, stats: t.summary(), prev: [m.prevCls, m.prevWrites, m.prevOp?.pc] };
      };
      const slow = run(false);
      const fast = run(true);
      expect(slow.stop).not.toBeNull();
      expect(slow.R[0]).toBe(40);
      expect(fast).toEqual(slow);
    });
});

describe('code in SRAM', () => {
  // a loop that rewrites a later instruction of its own block with a new immediate on every
  // iteration: adds r0, #i for i = 0..19, so r0 = 190 only if every rewrite is seen
  const src = `
    movs r0, #0
    movs r4, #0
    adr.w r1, patch
  top:
    movw r3, #0x3000
    orr r3, r3, r4
    strh r3, [r1]
    adds r4, #1
  patch:
    adds r0, #0
    cmp r4, #20
    bne top
    b .
  `;
  function runSmc(fast: boolean) {
    const sys = machine(assemble(src));
    const t = attachCycleModel(sys);
    sys.cpu.fastPath = fast;
    sys.cpu.run(200);
    return { R: [...sys.cpu.R], pc: sys.cpu.pc, cycles: sys.cpu.cycles, instret: sys.cpu.instret, stats: t.summary() };
  }
  it('self-modifying code runs the new instructions, same cycles', () => {
    const slow = runSmc(false);
    const fast = runSmc(true);
    expect(fast).toEqual(slow);
    expect(slow.R[0]).toBe(190);
    expect(slow.pc).toBeGreaterThan(CODE_BASE);
  });
});
