// Loads and stores: every addressing mode of the 16- and 32-bit single forms, LDM/STM and
// PUSH/POP with their list rules, LDRD/STRD, the exclusive monitor, TBB/TBH, preload hints,
// alignment faults and the UNPREDICTABLE encodings.
import { describe, it, expect } from 'vitest';
import { machine, assemble, t32, CODE_BASE, STACK_TOP } from '../helpers/machine.ts';
import { thumbDecoder } from '../../sim/isa/decoder.ts';
import type { GuestFault } from '../../sim/core/fault.ts';
import { Cls } from '../../sim/core/op.ts';
import type { System } from '../../sim/system.ts';

const DATA = 0x20001000;

interface Run {
  sys: System;
  R: Uint32Array;
  faults: GuestFault[];
}

/** Assembles `src`, sets registers, fills DATA.. with bytes 0x00, 0x01, ... 0xff, 0x00, ...
 * and runs until the PC leaves the code (or a fault, or `max` instructions). Faults are
 * recorded (independently of the exception model) and stop the run. With `max`, runs
 * exactly that many instructions wherever the PC goes. */
function run(src: string | number[], regs: Record<number, number> = {}, opts: { max?: number; setup?: (sys: System) => void } = {}): Run {
  const code = typeof src === 'string' ? assemble(src) : src;
  const sys = machine(code);
  const len = typeof src === 'string' ? (code as Uint8Array).length : src.length * 2;
  const faults: GuestFault[] = [];
  sys.cpu.exc.fault = (f: GuestFault) => {
    faults.push(f);
    sys.cpu.stop = { kind: 'lockup', why: f.message };
  };
  for (let i = 0; i < 1024; i++) sys.bus.write8(DATA + i, i & 0xff);
  for (const [r, v] of Object.entries(regs)) sys.cpu.R[Number(r)] = v;
  opts.setup?.(sys);
  const max = opts.max ?? 200;
  for (let i = 0; i < max && sys.cpu.stop === null; i++) {
    if (opts.max === undefined && (sys.cpu.pc < CODE_BASE || sys.cpu.pc >= CODE_BASE + len)) break;
    sys.cpu.run(1);
  }
  return { sys, R: sys.cpu.R, faults };
}

function decode(hws: number[], pc = CODE_BASE) {
  return thumbDecoder().decode(hws[0], hws[1] ?? 0, pc);
}

function faultKind(r: Run): string | undefined {
  return r.faults[0]?.kind;
}

describe('16-bit load/store single (A5.2.4)', () => {
  it('register offset: LDR, LDRH, LDRB, LDRSB, LDRSH', () => {
    const r = run('ldr r0, [r1, r2]\nldrh r3, [r1, r2]\nldrb r4, [r1, r2]\nldrsb r5, [r1, r6]\nldrsh r7, [r1, r6]', { 1: DATA, 2: 4, 6: 0x80 });
    expect(r.R[0]).toBe(0x07060504);
    expect(r.R[3]).toBe(0x0504);
    expect(r.R[4]).toBe(0x04);
    expect(r.R[5]).toBe(0xffffff80);
    expect(r.R[7]).toBe(0xffff8180);
    expect(r.R[1]).toBe(DATA);
  });

  it('register offset: STR, STRH, STRB store the low bytes', () => {
    const r = run('str r0, [r1, r2]\nstrh r0, [r1, r3]\nstrb r0, [r1, r4]', { 0: 0xa1b2c3d4, 1: DATA, 2: 0, 3: 8, 4: 12 });
    expect(r.sys.bus.read32(DATA)).toBe(0xa1b2c3d4);
    expect(r.sys.bus.read32(DATA + 8)).toBe(0x0b0ac3d4);
    expect(r.sys.bus.read32(DATA + 12)).toBe(0x0f0e0dd4);
  });

  it('immediate offsets scaled by size, up to the maximum', () => {
    const r = run('ldr r0, [r1, #124]\nldrh r2, [r1, #62]\nldrb r3, [r1, #31]\nstr r4, [r1, #124]\nstrh r4, [r1, #2]\nstrb r4, [r1, #1]', { 1: DATA, 4: 0x11223344 });
    expect(r.R[0]).toBe(0x7f7e7d7c);
    expect(r.R[2]).toBe(0x3f3e);
    expect(r.R[3]).toBe(0x1f);
    expect(r.sys.bus.read32(DATA + 124)).toBe(0x11223344);
    expect(r.sys.bus.read32(DATA)).toBe(0x33444400);
  });

  it('SP-relative LDR/STR (T2) with imm8 << 2', () => {
    const r = run('str r0, [sp, #1020]\nldr r1, [sp, #1020]\nldr r2, [sp]', { 0: 0xcafef00d, 13: DATA }, {});
    expect(r.sys.bus.read32(DATA + 1020)).toBe(0xcafef00d);
    expect(r.R[1]).toBe(0xcafef00d);
    expect(r.R[2]).toBe(0x03020100);
  });

  it('LDR literal uses Align(PC, 4) whether or not the instruction is word aligned', () => {
    const r = run('ldr r0, lit\nnop\nldr r1, lit\nb done\n.align 2\nlit: .word 0x89abcdef\ndone:');
    expect(r.R[0]).toBe(0x89abcdef);
    expect(r.R[1]).toBe(0x89abcdef);
  });

  it('labels ops with their class, effective address and register count', () => {
    const r = run('ldr r0, [r1, #8]', { 1: DATA });
    expect(r.sys.cpu.ea).toBe(DATA + 8);
    const o = decode([0x6888]); // ldr r0, [r1, #8]
    expect(o.cls).toBe(Cls.LOAD);
    expect(o.n).toBe(1);
    expect(decode([0x6088]).cls).toBe(Cls.STORE);
  });
});

describe('32-bit load/store single (A5.3.7-A5.3.10)', () => {
  it('imm12 offsets up to 4095', () => {
    const r = run('ldr.w r0, [r1, #4]\nldrb.w r2, [r1, #255]\nldrh.w r3, [r1, #6]\nldrsb.w r4, [r1, #255]\nldrsh.w r5, [r1, #254]\nstr.w r6, [r1, #4092]\nldr.w r7, [r1, #4092]', {
      1: DATA,
      6: 0x5a5a5a5a,
    });
    expect(r.R[0]).toBe(0x07060504);
    expect(r.R[2]).toBe(0xff);
    expect(r.R[3]).toBe(0x0706);
    expect(r.R[4]).toBe(0xffffffff);
    expect(r.R[5]).toBe(0xfffffffe);
    expect(r.R[7]).toBe(0x5a5a5a5a);
  });

  it('imm8 negative offset, pre-indexed and post-indexed with writeback', () => {
    const r = run('ldr r0, [r1, #-4]\nldr r2, [r3, #4]!\nldr r4, [r5], #-8\nldrb r6, [r7, #-1]!\nldrsh r8, [r9], #2', {
      1: DATA + 8,
      3: DATA,
      5: DATA + 16,
      7: DATA + 0x81,
      9: DATA + 0x80,
    });
    expect(r.R[0]).toBe(0x07060504);
    expect(r.R[2]).toBe(0x07060504);
    expect(r.R[3]).toBe(DATA + 4);
    expect(r.R[4]).toBe(0x13121110);
    expect(r.R[5]).toBe(DATA + 8);
    expect(r.R[6]).toBe(0x80);
    expect(r.R[7]).toBe(DATA + 0x80);
    expect(r.R[8]).toBe(0xffff8180);
    expect(r.R[9]).toBe(DATA + 0x82);
  });

  it('register offset with LSL #0..3', () => {
    const r = run('ldr.w r0, [r1, r2]\nldr.w r3, [r1, r2, lsl #1]\nldrh.w r4, [r1, r2, lsl #2]\nldrsb.w r5, [r1, r6, lsl #3]', { 1: DATA, 2: 4, 6: 0x10 });
    expect(r.R[0]).toBe(0x07060504);
    expect(r.R[3]).toBe(0x0b0a0908);
    expect(r.R[4]).toBe(0x1110);
    expect(r.R[5]).toBe(0xffffff80);
  });

  it('stores: imm12, imm8 pre/post/negative, register', () => {
    const r = run('str.w r0, [r1, #16]\nstrh r0, [r1, #-2]\nstrb r0, [r2, #1]!\nstr r0, [r3], #4\nstrh.w r0, [r1, r4, lsl #3]', {
      0: 0xdeadbeef,
      1: DATA + 0x100,
      2: DATA + 0x200,
      3: DATA + 0x300,
      4: 4,
    });
    const b = r.sys.bus;
    expect(b.read32(DATA + 0x110)).toBe(0xdeadbeef);
    expect(b.read16(DATA + 0xfe)).toBe(0xbeef);
    expect(b.read8(DATA + 0x201)).toBe(0xef);
    expect(r.R[2]).toBe(DATA + 0x201);
    expect(b.read32(DATA + 0x300)).toBe(0xdeadbeef);
    expect(r.R[3]).toBe(DATA + 0x304);
    expect(b.read16(DATA + 0x120)).toBe(0xbeef);
  });

  it('unprivileged forms LDRT/LDRBT/LDRHT/LDRSBT/LDRSHT/STRT/STRBT/STRHT', () => {
    const r = run(
      'ldrt r0, [r1, #4]\nldrbt r2, [r1, #255]\nldrht r3, [r1, #2]\nldrsbt r4, [r1, #0x80]\nldrsht r5, [r1, #0x80]\nstrt r6, [r1, #0x40]\nstrbt r6, [r1, #0x50]\nstrht r6, [r1, #0x60]',
      { 1: DATA, 6: 0x44332211 },
    );
    expect(r.R[0]).toBe(0x07060504);
    expect(r.R[2]).toBe(0xff);
    expect(r.R[3]).toBe(0x0302);
    expect(r.R[4]).toBe(0xffffff80);
    expect(r.R[5]).toBe(0xffff8180);
    expect(r.sys.bus.read32(DATA + 0x40)).toBe(0x44332211);
    expect(r.sys.bus.read32(DATA + 0x50)).toBe(0x53525111);
    expect(r.sys.bus.read32(DATA + 0x60)).toBe(0x63622211);
  });

  it('literal loads, forward and backward, all sizes', () => {
    const r = run(
      'b start\n.align 2\nback: .word 0x8001fe7f\nstart:\nldr.w r0, back\nldrsh.w r1, back\nldrb.w r2, fwd\nldrsb.w r3, fwd\nldrh.w r4, fwd\nb done\n.align 2\nfwd: .word 0x00018090\ndone:',
    );
    expect(r.R[0]).toBe(0x8001fe7f);
    expect(r.R[1]).toBe(0xfffffe7f);
    expect(r.R[2]).toBe(0x90);
    expect(r.R[3]).toBe(0xffffff90);
    expect(r.R[4]).toBe(0x8090);
  });

  it('LDR to PC interworks (LoadWritePC); a load to PC from an unaligned address is UNPREDICTABLE', () => {
    const target = CODE_BASE + 0x40;
    const sys = run('ldr pc, [r0]', { 0: DATA }, { setup: (s) => s.bus.write32(DATA, target | 1), max: 1 });
    expect(sys.sys.cpu.pc).toBe(target);
    expect(sys.sys.cpu.T).toBe(1);
    const even = run('ldr.w pc, [r0], #4', { 0: DATA }, { setup: (s) => s.bus.write32(DATA, target), max: 2 });
    expect(even.R[0]).toBe(DATA + 4);
    expect(even.sys.cpu.T).toBe(0);
    expect(faultKind(even)).toBe('INVSTATE');
    const un = run('ldr pc, [r0, #2]', { 0: DATA });
    expect(faultKind(un)).toBe('UNDEFINSTR');
    expect(un.faults[0].message).toContain('UNPREDICTABLE');
  });

  it('LDR to SP and writeback to SP keep SP bits [1:0] zero', () => {
    const r = run('ldr sp, [r0]', { 0: DATA }, { setup: (s) => s.bus.write32(DATA, 0x20002003) });
    expect(r.R[13]).toBe(0x20002000);
    const w = run('ldrb r0, [sp], #3', { 13: DATA });
    expect(w.R[13]).toBe(DATA);
    expect(w.R[0]).toBe(0);
  });

  it('unaligned LDR/STR/LDRH/STRH are allowed unless CCR.UNALIGN_TRP', () => {
    const r = run('ldr r0, [r1, #1]\nldrh r2, [r1, #3]\nldrsh.w r3, [r1, #0x7f]\nstr r4, [r1, #0x41]', { 1: DATA, 4: 0xaabbccdd });
    expect(r.R[0]).toBe(0x04030201);
    expect(r.R[2]).toBe(0x0403);
    expect(r.R[3]).toBe(0xffff807f);
    expect(r.sys.bus.read32(DATA + 0x41)).toBe(0xaabbccdd);
    const t = run('ldr r0, [r1, #1]', { 1: DATA }, { setup: (s) => (s.cpu.unalignTrp = true) });
    expect(faultKind(t)).toBe('UNALIGNED');
    expect(t.R[0]).toBe(0);
    const h = run('strh r0, [r1, #1]', { 1: DATA }, { setup: (s) => (s.cpu.unalignTrp = true) });
    expect(faultKind(h)).toBe('UNALIGNED');
  });

  it('a fault leaves the base register unchanged (no writeback)', () => {
    const r = run('ldr r0, [r1, #1]!', { 1: DATA }, { setup: (s) => (s.cpu.unalignTrp = true) });
    expect(faultKind(r)).toBe('UNALIGNED');
    expect(r.R[1]).toBe(DATA);
    const b = run('ldr r0, [r1], #4', { 1: 0x70000000 });
    expect(b.faults.length).toBe(1);
    expect(b.R[1]).toBe(0x70000000);
  });

  it('PLD and PLI are hints: no access, no fault, even to unmapped addresses', () => {
    const r = run('pld [r0]\npld [r0, #-4]\npld [r0, r1, lsl #2]\npli [r0, #8]\npli [r0, r1]\npld lit\npli lit\nmovs r2, #1\nb done\n.align 2\nlit: .word 0\ndone:', {
      0: 0x70000000,
      1: 3,
    });
    expect(r.faults).toEqual([]);
    expect(r.R[2]).toBe(1);
    expect(decode(t32(0xf890f004)).mnem).toBe('pld');
    expect(decode(t32(0xf910f021)).mnem).toBe('pli');
    // LDRH/LDRSH with Rt = PC: unallocated memory hints, NOP
    expect(decode(t32(0xf8b0f004)).mnem).toBe('nop');
    expect(decode(t32(0xf930fc04)).mnem).toBe('nop');
  });

  it('UNDEFINED and UNPREDICTABLE single forms', () => {
    // STR.W with Rn = PC: UNDEFINED
    expect(decode(t32(0xf8cf0004)).mnem).toBe('UNDEFINED');
    // LDR T4 with P = 0, W = 0: UNDEFINED
    expect(decode(t32(0xf8510004 | 0x800)).mnem).toBe('UNDEFINED');
    // LDR r1, [r1], #4 (writeback with Rn == Rt)
    expect(decode(t32(0xf8511b04)).mnem).toBe('UNPREDICTABLE');
    // LDRB.W sp, [r0]
    expect(decode(t32(0xf890d000)).mnem).toBe('UNPREDICTABLE');
    // LDR.W r0, [r1, sp]
    expect(decode(t32(0xf851000d)).mnem).toBe('UNPREDICTABLE');
    // STR.W pc, [r0]
    expect(decode(t32(0xf8c0f000)).mnem).toBe('UNPREDICTABLE');
    // STRB r0, [r1, #1]! with Rn == Rt
    expect(decode(t32(0xf8011f01)).mnem).toBe('UNPREDICTABLE');
  });
});

describe('LDM/STM and PUSH/POP', () => {
  it('16-bit LDM writes back unless Rn is in the list', () => {
    const r = run('ldm r0!, {r1, r2}\nldm r3, {r3, r4}', { 0: DATA, 3: DATA + 8 });
    expect(r.R[1]).toBe(0x03020100);
    expect(r.R[2]).toBe(0x07060504);
    expect(r.R[0]).toBe(DATA + 8);
    expect(r.R[3]).toBe(0x0b0a0908);
    expect(r.R[4]).toBe(0x0f0e0d0c);
  });

  it('16-bit STM always writes back; a base register that is lowest in the list stores its original value', () => {
    const r = run('stmia r0!, {r0, r1, r2}', { 0: DATA, 1: 0x11, 2: 0x22 });
    expect(r.sys.bus.read32(DATA)).toBe(DATA);
    expect(r.sys.bus.read32(DATA + 4)).toBe(0x11);
    expect(r.sys.bus.read32(DATA + 8)).toBe(0x22);
    expect(r.R[0]).toBe(DATA + 12);
  });

  it('32-bit LDM/STM/LDMDB/STMDB with and without writeback', () => {
    const r = run('stmdb r0!, {r1, r2, r8}\nldmia.w r0, {r3, r4, r9}\nldmdb r5!, {r6, r7}\nstmia.w r10, {r1, lr}', {
      0: DATA + 0x100,
      1: 1,
      2: 2,
      8: 8,
      5: DATA + 8,
      10: DATA + 0x200,
      14: 0xeeee,
    });
    expect(r.R[0]).toBe(DATA + 0x100 - 12);
    expect([r.R[3], r.R[4], r.R[9]]).toEqual([1, 2, 8]);
    expect(r.R[6]).toBe(0x03020100);
    expect(r.R[7]).toBe(0x07060504);
    expect(r.R[5]).toBe(DATA);
    expect(r.sys.bus.read32(DATA + 0x200)).toBe(1);
    expect(r.sys.bus.read32(DATA + 0x204)).toBe(0xeeee);
    expect(r.R[10]).toBe(DATA + 0x200);
    expect(r.sys.cpu.ea).toBe(DATA + 0x200);
  });

  it('PUSH/POP 16-bit with LR and PC; POP {pc} interworks', () => {
    const r = run('push {r0, r1, lr}\npop {r2, r3, pc}', { 0: 0xa, 1: 0xb, 14: (CODE_BASE + 0x100) | 1 }, { max: 2 });
    expect(r.sys.bus.read32(STACK_TOP - 12)).toBe(0xa);
    expect(r.sys.bus.read32(STACK_TOP - 4)).toBe((CODE_BASE + 0x100) | 1);
    expect(r.R[2]).toBe(0xa);
    expect(r.R[3]).toBe(0xb);
    expect(r.R[13]).toBe(STACK_TOP);
    expect(r.sys.cpu.pc).toBe(CODE_BASE + 0x100);
    expect(r.sys.cpu.T).toBe(1);
  });

  it('PUSH/POP 32-bit (T2 list, T3 single register)', () => {
    const r = run('push.w {r4, r8, lr}\npush {r9}\npop {r10}\npop.w {r5, r11, r12}', { 4: 4, 8: 8, 9: 9, 14: 14 });
    expect(r.R[10]).toBe(9);
    expect([r.R[5], r.R[11], r.R[12]]).toEqual([4, 8, 14]);
    expect(r.R[13]).toBe(STACK_TOP);
    expect(decode(t32(0xf84d8d04)).mnem).toBe('push');
    expect(decode(t32(0xf85d8b04)).mnem).toBe('pop');
    expect(decode(t32(0xf84d8d04)).cls).toBe(Cls.STORE);
  });

  it('op.n counts registers and op.cls is LDM/STM', () => {
    const o = decode(t32(0xe8bd8ff0)); // pop.w {r4-r11, pc}
    expect(o.mnem).toBe('pop');
    expect(o.n).toBe(9);
    expect(o.cls).toBe(Cls.LDM);
    const p = decode([0xb5f0]); // push {r4-r7, lr}
    expect(p.n).toBe(5);
    expect(p.cls).toBe(Cls.STM);
  });

  it('LDM/STM fault on unaligned addresses and leave registers unchanged', () => {
    const r = run('ldm r0!, {r1, r2}', { 0: DATA + 2 });
    expect(faultKind(r)).toBe('UNALIGNED');
    expect(r.R[0]).toBe(DATA + 2);
    expect(r.R[1]).toBe(0);
    const s = run('push {r0}', { 13: DATA + 0x102 });
    expect(faultKind(s)).toBe('UNALIGNED');
    expect(r.sys.bus.read32(DATA + 0xfc)).toBe(0xfffefdfc);
  });

  it('a bus fault part-way through LDM leaves the registers unchanged', () => {
    // the last word is past the end of SRAM3 (0x20040000 + 384 KB)
    const r = run('ldm r0, {r1, r2, r3}', { 0: 0x2009fff8, 1: 0x1111 });
    expect(r.faults.length).toBe(1);
    expect(r.R[1]).toBe(0x1111);
  });

  it('UNPREDICTABLE register lists', () => {
    const U = 'UNPREDICTABLE';
    expect(decode([0xc800]).mnem).toBe(U); // LDM r0, {} (16-bit)
    expect(decode([0xbc00]).mnem).toBe(U); // POP {}
    expect(decode([0xb400]).mnem).toBe(U); // PUSH {}
    expect(decode(t32(0xe8900002)).mnem).toBe(U); // LDM.W r0, {r1}: fewer than 2
    expect(decode(t32(0xe890c001)).mnem).toBe(U); // LDM.W r0, {r0, lr, pc}: PC and LR
    expect(decode(t32(0xe8b00003)).mnem).toBe(U); // LDM.W r0!, {r0, r1}: wback with Rn in list
    expect(decode(t32(0xe89f0003)).mnem).toBe(U); // LDM.W pc, {r0, r1}
    expect(decode(t32(0xe8a00003)).mnem).toBe(U); // STM.W r0!, {r0, r1}
    expect(decode(t32(0xe92d0001)).mnem).toBe(U); // PUSH.W {r0}
    expect(decode(t32(0xe8bdc003)).mnem).toBe(U); // POP.W {r0, r1, lr, pc}
    expect(decode(t32(0xe9300003)).mnem).toBe(U); // LDMDB r0!, {r0, r1}
    expect(decode(t32(0xf85ddb04)).mnem).toBe(U); // POP.W {sp} (T3)
    expect(decode(t32(0xf84dfd04)).mnem).toBe(U); // PUSH.W {pc} (T3)
    // SP in an STM list / PC in an STM list: the (0) bits, not an encoding of STM
    expect(decode(t32(0xe8802003)).mnem).toBe('UNDEFINED');
    expect(decode(t32(0xe8808003)).mnem).toBe('UNDEFINED');
    // and the same encodings run as UNDEFINED
    const r = run(t32(0xe8900002));
    expect(faultKind(r)).toBe('UNDEFINSTR');
  });

  it('POP {pc} inside an IT block must be last', () => {
    const r = run('cmp r0, r0\nit eq\npopeq {r1, pc}', { 13: STACK_TOP - 8 }, { setup: (s) => { s.bus.write32(STACK_TOP - 8, 7); s.bus.write32(STACK_TOP - 4, (CODE_BASE + 0x80) | 1); }, max: 3 });
    expect(r.faults).toEqual([]);
    expect(r.R[1]).toBe(7);
    expect(r.sys.cpu.pc).toBe(CODE_BASE + 0x80);
    const bad = run('cmp r0, r0\nitt eq\npopeq {r1, pc}\nmoveq r0, r0', { 13: STACK_TOP - 8 }, { max: 3, setup: (s) => s.bus.write32(STACK_TOP - 8, 7) });
    expect(faultKind(bad)).toBe('UNDEFINSTR');
    expect(bad.faults[0].message).toContain('UNPREDICTABLE');
    expect(bad.R[1]).toBe(0); // nothing loaded
    expect(bad.R[13]).toBe(STACK_TOP - 8);
  });
});

describe('LDRD/STRD', () => {
  it('offset, pre-indexed, post-indexed and negative offsets', () => {
    const r = run('ldrd r0, r1, [r2, #8]\nldrd r3, r4, [r5, #-8]!\nldrd r6, r7, [r8], #16\nstrd r0, r1, [r9, #0x40]\nstrd r3, r4, [r10], #-4', {
      2: DATA,
      5: DATA + 16,
      8: DATA,
      9: DATA,
      10: DATA + 0x80,
    });
    expect([r.R[0], r.R[1]]).toEqual([0x0b0a0908, 0x0f0e0d0c]);
    expect([r.R[3], r.R[4]]).toEqual([0x0b0a0908, 0x0f0e0d0c]);
    expect(r.R[5]).toBe(DATA + 8);
    expect([r.R[6], r.R[7]]).toEqual([0x03020100, 0x07060504]);
    expect(r.R[8]).toBe(DATA + 16);
    expect(r.sys.bus.read32(DATA + 0x40)).toBe(0x0b0a0908);
    expect(r.sys.bus.read32(DATA + 0x44)).toBe(0x0f0e0d0c);
    expect(r.sys.bus.read32(DATA + 0x80)).toBe(0x0b0a0908);
    expect(r.R[10]).toBe(DATA + 0x7c);
    expect(decode(t32(0xe9d20102)).cls).toBe(Cls.LDRD);
    expect(decode(t32(0xe9c20102)).cls).toBe(Cls.STRD);
    expect(decode(t32(0xe9d20102)).n).toBe(2);
  });

  it('pre-indexed STRD writes back', () => {
    const r = run('strd r0, r1, [r2, #-8]!', { 0: 1, 1: 2, 2: DATA + 0x10 });
    expect(r.R[2]).toBe(DATA + 8);
    expect(r.sys.bus.read32(DATA + 8)).toBe(1);
    expect(r.sys.bus.read32(DATA + 12)).toBe(2);
  });

  it('literal', () => {
    const r = run('ldrd r0, r1, lit\nb done\n.align 2\nlit: .word 0x11111111, 0x22222222\ndone:');
    expect([r.R[0], r.R[1]]).toEqual([0x11111111, 0x22222222]);
  });

  it('always faults on a word-unaligned address', () => {
    const r = run('ldrd r0, r1, [r2]', { 2: DATA + 2 });
    expect(faultKind(r)).toBe('UNALIGNED');
    const s = run('strd r0, r1, [r2, #4]!', { 2: DATA + 1 });
    expect(faultKind(s)).toBe('UNALIGNED');
    expect(s.R[2]).toBe(DATA + 1);
  });

  it('UNPREDICTABLE forms', () => {
    expect(decode(t32(0xe9d00002)).mnem).toBe('UNPREDICTABLE'); // ldrd r0, r0, [r0]: Rt == Rt2
    expect(decode(t32(0xe9f00102)).mnem).toBe('UNPREDICTABLE'); // ldrd r0, r1, [r0, #8]!: wback Rn == Rt
    expect(decode(t32(0xe9d2d102)).mnem).toBe('UNPREDICTABLE'); // ldrd sp, r1, [r2, #8]
    expect(decode(t32(0xe9cf0102)).mnem).toBe('UNPREDICTABLE'); // strd r0, r1, [pc, #8]
    expect(decode(t32(0xe9ff0102)).mnem).toBe('UNPREDICTABLE'); // ldrd literal with W = 1
  });
});

describe('exclusive monitor', () => {
  it('LDREX then STREX succeeds (0) once; a second STREX fails (1) without storing', () => {
    const r = run('ldrex r0, [r1]\nstrex r2, r3, [r1]\nstrex r4, r5, [r1]', { 1: DATA, 3: 0x1234, 5: 0x5678 });
    expect(r.R[0]).toBe(0x03020100);
    expect(r.R[2]).toBe(0);
    expect(r.R[4]).toBe(1);
    expect(r.sys.bus.read32(DATA)).toBe(0x1234);
    expect(r.sys.cpu.exclusiveAddr).toBe(-1);
  });

  it('CLREX clears the monitor; a different address fails', () => {
    const r = run('ldrex r0, [r1]\nclrex\nstrex r2, r3, [r1]\nldrex r0, [r1, #4]\nstrex r4, r3, [r1]', { 1: DATA, 3: 0x99 });
    expect(r.R[2]).toBe(1);
    expect(r.R[4]).toBe(1);
    expect(r.sys.bus.read32(DATA)).toBe(0x03020100);
  });

  it('byte and halfword forms, with offset on the word form', () => {
    const r = run('ldrexb r0, [r1]\nstrexb r2, r3, [r1]\nldrexh r4, [r5]\nstrexh r6, r3, [r5]\nldrex r7, [r8, #8]\nstrex r9, r3, [r8, #8]', {
      1: DATA + 3,
      3: 0xabcdef12,
      5: DATA + 6,
      8: DATA + 0x20,
    });
    expect(r.R[0]).toBe(3);
    expect(r.R[2]).toBe(0);
    expect(r.sys.bus.read8(DATA + 3)).toBe(0x12);
    expect(r.R[4]).toBe(0x0706);
    expect(r.R[6]).toBe(0);
    expect(r.sys.bus.read16(DATA + 6)).toBe(0xef12);
    expect(r.R[7]).toBe(0x2b2a2928);
    expect(r.R[9]).toBe(0);
    expect(r.sys.bus.read32(DATA + 0x28)).toBe(0xabcdef12);
    expect(decode(t32(0xe8510f00)).cls).toBe(Cls.EXCL);
  });

  it('always faults on unaligned addresses, even when the monitor would fail', () => {
    expect(faultKind(run('ldrex r0, [r1]', { 1: DATA + 2 }))).toBe('UNALIGNED');
    expect(faultKind(run('ldrexh r0, [r1]', { 1: DATA + 1 }))).toBe('UNALIGNED');
    expect(faultKind(run('strex r0, r2, [r1]', { 1: DATA + 2 }))).toBe('UNALIGNED');
    expect(faultKind(run('strexh r0, r2, [r1]', { 1: DATA + 1 }))).toBe('UNALIGNED');
  });

  it('UNPREDICTABLE register choices', () => {
    expect(decode(t32(0xe8410100)).mnem).toBe('UNPREDICTABLE'); // strex r1, r0, [r1]: Rd == Rn
    expect(decode(t32(0xe8410000)).mnem).toBe('UNPREDICTABLE'); // strex r0, r0, [r1]: Rd == Rt
    expect(decode(t32(0xe85fdf00)).mnem).toBe('UNPREDICTABLE'); // ldrex sp, [pc]
    expect(decode(t32(0xe8c10f41)).mnem).toBe('UNPREDICTABLE'); // strexb r1, r0, [r1]
  });
});

describe('TBB/TBH', () => {
  const tbbSrc = `
    tbb [pc, r0]
  table:
    .byte (c0 - table) / 2
    .byte (c1 - table) / 2
    .byte (c2 - table) / 2
    .align 1
  c0: movs r1, #10
    b done
  c1: movs r1, #20
    b done
  c2: movs r1, #30
  done:`;

  it('TBB with Rn = PC branches to PC + 2 * entry', () => {
    for (const [i, v] of [[0, 10], [1, 20], [2, 30]]) expect(run(tbbSrc, { 0: i }).R[1]).toBe(v);
  });

  it('TBH with a register base and LSL #1', () => {
    const src = `
      adr r2, table
      tbh [r2, r0, lsl #1]
    table:
      .hword (c0 - table) / 2
      .hword (c1 - table) / 2
    c0: movs r1, #1
      b done
    c1: movs r1, #2
    done:`;
    // TBH's PC is the instruction address + 4, which is 'table' here
    expect(run(src, { 0: 0 }).R[1]).toBe(1);
    const r = run(src, { 0: 1 });
    expect(r.R[1]).toBe(2);
    expect(r.sys.cpu.ea % 2).toBe(0);
    expect(decode(t32(0xe8d0f001)).cls).toBe(Cls.TB);
    expect(decode(t32(0xe8d0f011)).mnem).toBe('tbh');
  });

  it('UNPREDICTABLE: Rn = SP, Rm = SP or PC', () => {
    expect(decode(t32(0xe8ddf001)).mnem).toBe('UNPREDICTABLE');
    expect(decode(t32(0xe8d0f00d)).mnem).toBe('UNPREDICTABLE');
    expect(decode(t32(0xe8d0f01f)).mnem).toBe('UNPREDICTABLE');
  });
});
