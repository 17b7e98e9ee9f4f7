// m4sim's decoder against capstone and objdump over all committed firmware; the disasm
// listing; the code shown in fault/lockup reports.
import { describe, it, expect, beforeAll } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCapstone, readElfCode, codeRanges, listFunction, disassembleAround, staticCycles, type CapstoneThumb } from '../../sim/disasm/index.ts';
import { loadProfile } from '../../sim/profile.ts';
import { timingParams } from '../../sim/timing/index.ts';
import { thumbDecoder } from '../../sim/isa/decoder.ts';
import { Session } from '../../sim/session.ts';
import { stopReport } from '../../sim/report.ts';
import { main } from '../../sim/cli/main.ts';
import { checkElf, sameMnemonic, candidates } from './agreement.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ELF_DIR = join(ROOT, 'firmware', 'elf');
const ELFS = readdirSync(ELF_DIR).filter((f) => f.endsWith('.elf')).sort();
const timing = timingParams(loadProfile('stm32l4r5zi')).core;

let cs: CapstoneThumb;
beforeAll(async () => {
  cs = await loadCapstone();
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => (out += typeof s === 'string' ? s : Buffer.from(s).toString('latin1')), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('mnemonic normalisation', () => {
  it('strips syntax only', () => {
    expect(candidates('ldr.w')).toContain('ldr');
    expect(candidates('addseq')).toContain('add');
    expect(candidates('itete')).toEqual(new Set(['it']));
    expect(candidates('vcvt.s32.f32')).toContain('vcvt');
    expect(candidates('bls')).toContain('b');
    expect(sameMnemonic('pop', 'ldmia.w')).toBe(true);
    expect(sameMnemonic('lsr', 'mov.w')).toBe(true);
    expect(sameMnemonic('add', 'sub')).toBe(false);
    expect(sameMnemonic('ldr', 'ldrb')).toBe(false);
    expect(sameMnemonic('smlad', 'smlal')).toBe(false);
    expect(sameMnemonic('vmla', 'vmls')).toBe(false);
  });
});

describe("m4sim's decoder agrees with capstone and arm-none-eabi-objdump", () => {
  // every instruction of every committed firmware ELF ($t..$d runs of the executable sections)
  it.each(ELFS)('%s', (elf) => {
    const r = checkElf(join(ELF_DIR, elf), cs);
    expect(r.instructions).toBeGreaterThan(20);
    const shown = r.disagreements.slice(0, 20).map((d) => `${d.tool} ${d.what} at 0x${d.addr.toString(16)} [${d.encoding}]: m4sim ${d.ours}, ${d.tool} ${d.theirs}`);
    expect(shown).toEqual([]);
  }, 60_000);

  it('the walk finds literal pools through the $d mapping symbols', () => {
    const code = readElfCode(join(ELF_DIR, 'hello-O2.elf'));
    const ranges = codeRanges(code);
    const main = code.fw.symbols.find((s) => s.name === 'main')!;
    // main ends in a literal pool (its ldr r0, [pc, #..] constants): the code run stops before it
    const r = ranges.find((x) => x.start <= main.addr && main.addr < x.end)!;
    expect(r.end).toBeLessThan(main.addr + main.size);
    expect(code.mapping.some((m) => m.kind === 'd' && m.addr === r.end)).toBe(true);
  });
});

describe('m4sim disasm', () => {
  it('lists a function with symbols, literals and static cycle estimates', async () => {
    const r = await cli(['disasm', join(ELF_DIR, 'hello-O2.elf'), 'main']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[1]).toMatch(/^080001c0 <main>:\s+\d+ bytes$/);
    expect(r.out).toMatch(/080001c0:  b508       push \{r3, lr\}\s+3\n/);
    expect(r.out).toMatch(/bl #0x8005468\s+2  ; initialise_monitor_handles\n/);
    expect(r.out).toMatch(/ldr r0, \[pc, #0x38\]\s+2  ; 0x08000200 = 0x080057b8\n/);
    expect(r.out).toMatch(/vldr s14, \[r3\]\s+2\n/);
    expect(r.out).toMatch(/pop \{r3, pc\}\s+6\n/); // 1 + 2 registers + refill after a load (3)
    expect(r.out).toMatch(/080001fe:  bf00       nop\s+1\n/);
    expect(r.out).toMatch(/08000200:  080057b8   \.word 0x080057b8\n/);
  });

  it('static estimates follow the profile: ranges for conditional branches and divides', () => {
    const dec = thumbDecoder();
    expect(staticCycles(dec.decode(0xd0fe, 0, 0), timing)).toBe(`${timing.alu}-${timing.alu + timing.refill}`); // beq
    expect(staticCycles(dec.decode(0xfb90, 0xf0f1, 0), timing)).toBe(`${timing.divMin}-${timing.divMax}`); // sdiv r0, r0, r1
    expect(staticCycles(dec.decode(0xee07, 0x0a87, 0), timing)).toBe(String(timing.fpMac)); // vmla.f32 s0, s15, s14
    expect(staticCycles(dec.decode(0xb5f0, 0, 0), timing)).toBe(String(timing.multipleBase + 5)); // push {r4-r7, lr}
  });

  it('bad input: unknown function, not an ELF', async () => {
    const a = await cli(['disasm', join(ELF_DIR, 'hello-O2.elf'), 'no_such_function']);
    expect(a.code).toBe(66);
    expect(a.err).toMatch(/^m4sim: .*hello-O2\.elf: no function named 'no_such_function'\n$/);
    const b = await cli(['disasm', join(ROOT, 'package.json')]);
    expect(b.code).toBe(66);
    expect(b.err.split('\n').length).toBe(2);
    expect(b.err).toMatch(/not an ELF/);
  });

  it('listing every function covers the whole of main', () => {
    const code = readElfCode(join(ELF_DIR, 'crc-O2.elf'));
    const all = listFunction(code, cs, undefined, { timing });
    expect(all.some((l) => /^[0-9a-f]{8} <main>:/.test(l))).toBe(true);
    expect(all.some((l) => /^[0-9a-f]{8} <crc32_table>:/.test(l))).toBe(true);
  });
});

describe('fault and lockup reports show the code around the PC', () => {
  it('a lockup (UNDEFINED at FAULTMASK) lists the instructions before and after, the faulting one marked', () => {
    const s = new Session({ elf: join(ELF_DIR, 'hello-O0.elf') });
    const main = s.symbols.get('main')!.addr;
    // replace main's 4th instruction (after push, add, bl) with UDF #0xff; FAULTMASK makes
    // the UsageFault a lockup
    const target = main + 8;
    s.sys.bus.load(target, new Uint8Array([0xff, 0xde]));
    s.sys.cpu.FAULTMASK = 1;
    const r = s.run({ maxInstructions: 1e6 });
    expect(r.stop.kind).toBe('lockup');
    const lines = stopReport(s, r);
    const i = lines.indexOf('code:');
    expect(i).toBeGreaterThan(0);
    const code = lines.slice(i + 1, i + 9);
    expect(code[0]).toBe('     080001c0 <main>:  b580       push {r7, lr}');
    expect(code[2]).toBe('     080001c4 <main+0x4>:  f005 f950  bl #0x8005468');
    expect(code[3]).toBe('  => 080001c8 <main+0x8>:  deff       udf #0xff');
    expect(code[4]).toBe('     080001ca <main+0xa>:  f001 fbf9  bl #0x80019c0');
    expect(lines[i + 8]).toBe('registers:');
  });
});
