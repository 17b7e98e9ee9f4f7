// The firmware base: committed test ELFs exist and match a fresh build, the linker scripts
// give the documented layout (vector table, training-buffer sections, heap and stack).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElf, section, SHT_NOBITS, TEST_ELFS } from './elf.ts';


const haveGcc = spawnSync('arm-none-eabi-gcc', ['--version']).status === 0;
if (!haveGcc) console.warn('test/firmware: arm-none-eabi-gcc not found: skipping the rebuild checks (scripts/setup.sh installs it)');

describe('committed firmware ELFs', () => {
  it('every test ELF is committed in firmware/elf', () => {
    const missing = TEST_ELFS.filter((f) => !existsSync(join('firmware/elf', f)));
    expect(missing).toEqual([]);
    expect(TEST_ELFS.length).toBe(38);
  });

  it.skipIf(!haveGcc)('match a fresh build (make -C firmware check-tests)', () => {
    const r = spawnSync('make', ['--no-print-directory', '-C', 'firmware', 'check-tests'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('all 38 committed test ELFs are fresh');
  }, 120_000);
});

describe('linker script and startup layout', () => {
  it('C test ELFs start with a 111-entry vector table at 0x08000000 (16 system + 95 IRQs)', () => {
    const elf = readElf('firmware/elf/hello-O2.elf');
    const vt = section(elf, '.isr_vector');
    expect(vt.addr).toBe(0x08000000);
    expect(vt.size).toBe(111 * 4);
    const sp = elf.buf.readUInt32LE(vt.offset);
    const reset = elf.buf.readUInt32LE(vt.offset + 4);
    expect(sp).toBe(0x20000000 + 128 * 1024); // the 128 KB script (runs on netduinoplus2)
    expect(reset).toBe(elf.symbols.get('Reset_Handler')); // Thumb bit set on both
    expect(reset & 1).toBe(1);
    // reserved slots 7..10 and 13 are zero, the others point to code
    for (let i = 2; i < 111; i++) {
      const v = elf.buf.readUInt32LE(vt.offset + 4 * i);
      if ([7, 8, 9, 10, 13, 16 + 47, 16 + 78, 16 + 79, 16 + 86, 16 + 87, 16 + 88, 16 + 89, 16 + 91, 16 + 92, 16 + 93].includes(i)) expect(v).toBe(0);
      else expect(v & 1, `vector ${i}`).toBe(1);
    }
  });

  it.skipIf(!haveGcc)('training buffers get their own NOBITS sections, in order, before the heap (640 KB script)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm4fw-'));
    try {
      const src = join(dir, 'buf.c');
      writeFileSync(
        src,
        `#include "m4_buffers.h"
float w[1000] M4_WEIGHTS; float g[1000] M4_GRADS; unsigned char a[13] M4_ACTIVATIONS; int e[5] M4_ERRORS;
int main(void) { return (int)(w[1] + g[2]) + a[3] + e[4]; }
`,
      );
      const out = join(dir, 'buf.elf');
      const r = spawnSync(
        'arm-none-eabi-gcc',
        ['-mcpu=cortex-m4', '-mthumb', '-mfpu=fpv4-sp-d16', '-mfloat-abi=hard', '-O2', '-Ifirmware/common', '-nostartfiles',
          '--specs=nano.specs', '--specs=rdimon.specs', '-Lfirmware/common', '-Tfirmware/common/stm32l4r5zi.ld',
          src, 'firmware/common/startup_stm32l4r5.c', 'firmware/common/system_stm32l4r5.c', '-o', out],
        { encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const elf = readElf(out);
      const names = ['.weights', '.grads', '.activations', '.errors'];
      const secs = names.map((n) => section(elf, n));
      expect(secs.map((s) => s.size)).toEqual([4000, 4000, 13, 20]);
      for (const s of secs) {
        expect(s.type).toBe(SHT_NOBITS);
        expect(s.addr % 8).toBe(0);
        expect(s.addr).toBeGreaterThanOrEqual(0x20000000);
      }
      for (let i = 1; i < secs.length; i++) expect(secs[i].addr).toBeGreaterThanOrEqual(secs[i - 1].addr + secs[i - 1].size);
      expect(secs[0].addr).toBeGreaterThanOrEqual(section(elf, '.bss').addr + section(elf, '.bss').size);
      expect(elf.symbols.get('__buffers_start')).toBe(secs[0].addr);
      expect(elf.symbols.get('__buffers_end')).toBe(secs[3].addr + 20);
      expect(elf.symbols.get('end')!).toBeGreaterThanOrEqual(secs[3].addr + 20);
      const vt = section(elf, '.isr_vector');
      expect(elf.buf.readUInt32LE(vt.offset)).toBe(0x20000000 + 640 * 1024);
      // too much for 640 KB: the link fails with the script's message
      writeFileSync(src, `#include "m4_buffers.h"\nfloat w[170000] M4_WEIGHTS;\nint main(void) { return (int)w[5]; }\n`);
      const r2 = spawnSync(
        'arm-none-eabi-gcc',
        ['-mcpu=cortex-m4', '-mthumb', '-mfpu=fpv4-sp-d16', '-mfloat-abi=hard', '-O2', '-Ifirmware/common', '-nostartfiles',
          '--specs=nano.specs', '--specs=rdimon.specs', '-Lfirmware/common', '-Tfirmware/common/stm32l4r5zi.ld',
          src, 'firmware/common/startup_stm32l4r5.c', '-o', out],
        { encoding: 'utf8' },
      );
      expect(r2.status).not.toBe(0);
      expect(r2.stderr).toMatch(/RAM overflow|will not fit|overflowed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
