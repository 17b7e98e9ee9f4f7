// Test helpers: a device with code placed in SRAM, run for a few instructions.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { System } from '../../sim/system.ts';
import { loadProfile } from '../../sim/profile.ts';

export const CODE_BASE = 0x20000000;
export const STACK_TOP = 0x20010000;

/** A fresh STM32L4R5 with `code` (bytes, or halfwords as numbers) at CODE_BASE, SP at
 * STACK_TOP, PC at CODE_BASE, the FPU enabled. */
export function machine(code: Uint8Array | number[]): System {
  const sys = new System(loadProfile('stm32l4r5zi'));
  const bytes = Array.isArray(code) ? halfwords(code) : code;
  sys.bus.load(CODE_BASE, bytes);
  sys.cpu.R[13] = STACK_TOP;
  sys.cpu.pc = CODE_BASE;
  sys.cpu.fpEnabled = true;
  return sys;
}

/** Halfwords (16-bit instructions, or the two halves of 32-bit ones in order) to bytes. */
export function halfwords(hws: number[]): Uint8Array {
  const out = new Uint8Array(hws.length * 2);
  hws.forEach((h, i) => {
    out[2 * i] = h & 0xff;
    out[2 * i + 1] = (h >>> 8) & 0xff;
  });
  return out;
}

/** A 32-bit Thumb instruction as two halfwords, high one first. */
export function t32(ins: number): number[] {
  return [(ins >>> 16) & 0xffff, ins & 0xffff];
}

const asmCache = join(tmpdir(), 'm4sim-asm-cache');

/** Assembles Thumb-2 source with arm-none-eabi-as (an independent encoder) and returns the
 * bytes of .text. Results are cached by content. */
export function assemble(src: string): Uint8Array {
  const text = `.syntax unified\n.cpu cortex-m4\n.fpu fpv4-sp-d16\n.thumb\n.text\n${src}\n`;
  const key = createHash('sha1').update(text).digest('hex');
  if (!existsSync(asmCache)) mkdirSync(asmCache, { recursive: true });
  const bin = join(asmCache, `${key}.bin`);
  if (!existsSync(bin)) {
    const dir = mkdtempSync(join(tmpdir(), 'm4asm-'));
    writeFileSync(join(dir, 'a.s'), text);
    execFileSync('arm-none-eabi-as', ['-o', join(dir, 'a.o'), join(dir, 'a.s')]);
    execFileSync('arm-none-eabi-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'a.o'), join(dir, 'a.bin')]);
    writeFileSync(bin, readFileSync(join(dir, 'a.bin')));
  }
  return new Uint8Array(readFileSync(bin));
}

/** Runs `n` instructions and returns the system. */
export function run(sys: System, n: number): System {
  sys.cpu.run(n);
  return sys;
}

/** A loop whose load faults (unmapped address) on its 41st pass, in the middle of a block:
 * `setup` runs before the loop, `atSkip` between the branch target and the faulting load. */
export function faultingLoop(setup = '', atSkip = ''): string {
  return `
    movs r0, #0
    ${setup}
    ldr r1, =0x20000100
    ldr r2, =0x60000000
  loop:
    adds r0, #1
    str r0, [r1]
    cmp r0, #40
    bne skip
    mov r1, r2
  skip:
    ${atSkip}
    ldr r3, [r1]
    add r4, r3, r0
    b loop
  `;
}
