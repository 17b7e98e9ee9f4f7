// Builds small C/assembly programs against firmware/common (the real clock set-up code and
// board helpers) into a flat image for SRAM at 0x2000_0000, with arm-none-eabi-gcc. Cached by
// content in the temp directory, like the assemble() helper.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';

const common = resolve(import.meta.dirname, '../../firmware/common');
const cache = join(tmpdir(), 'm4sim-stm32-build-cache');

const LINK = `
MEMORY { RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 0x10000 }
SECTIONS {
  .text : { *(.entry) *(.text*) *(.rodata*) . = ALIGN(4); *(.data*) . = ALIGN(4); *(.bss*) *(COMMON) } > RAM
  /DISCARD/ : { *(.ARM.exidx*) *(.comment) }
}
`;

/** Compiles `cSources` (file name -> text; files of firmware/common may be named by path)
 * with an entry in assembly placed first at 0x20000000. Returns the image and its symbols. */
export function buildImage(entryAsm: string, cSources: Record<string, string>, commonFiles: string[] = []): { image: Uint8Array; symbols: Record<string, number> } {
  const inputs = [entryAsm, ...Object.entries(cSources).flat(), ...commonFiles.map((f) => readFileSync(join(common, f), 'utf8'))];
  const key = createHash('sha1').update(JSON.stringify(inputs)).update(readFileSync(join(common, 'stm32l4r5_regs.h'))).update(readFileSync(join(common, 'board.h'))).digest('hex');
  if (!existsSync(cache)) mkdirSync(cache, { recursive: true });
  const bin = join(cache, `${key}.bin`), sym = join(cache, `${key}.sym`);
  if (!existsSync(bin) || !existsSync(sym)) {
    const dir = mkdtempSync(join(tmpdir(), 'm4stm32-'));
    writeFileSync(join(dir, 'entry.s'), `.syntax unified\n.cpu cortex-m4\n.thumb\n.section .entry,"ax"\n${entryAsm}\n`);
    writeFileSync(join(dir, 'link.ld'), LINK);
    const files = [join(dir, 'entry.s')];
    for (const [name, text] of Object.entries(cSources)) {
      writeFileSync(join(dir, name), text);
      files.push(join(dir, name));
    }
    for (const f of commonFiles) files.push(join(common, f));
    const elf = join(dir, 'a.elf');
    execFileSync('arm-none-eabi-gcc', ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=soft', '-O2', '-ffreestanding', '-nostdlib', '-nostartfiles', `-I${common}`, '-T', join(dir, 'link.ld'), '-o', elf, ...files, '-lgcc']);
    execFileSync('arm-none-eabi-objcopy', ['-O', 'binary', elf, bin]);
    writeFileSync(sym, execFileSync('arm-none-eabi-nm', [elf]).toString());
  }
  const symbols: Record<string, number> = {};
  for (const line of readFileSync(sym, 'utf8').split('\n')) {
    const m = /^([0-9a-f]+) \w (\S+)$/.exec(line);
    if (m) symbols[m[2]] = parseInt(m[1], 16);
  }
  return { image: new Uint8Array(readFileSync(bin)), symbols };
}
