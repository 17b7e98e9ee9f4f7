// Lockstep comparison of a whole firmware run against Unicorn: the register state before
// every instruction, m4sim's against test/oracle/unicorn_run.py's trace.
//
// Allowances for documented Unicorn gaps (reference.md section 4, and unicorn_run.py):
// - Unicorn's code hook does not fire for IT-block instructions whose condition fails, so
//   m4sim records that Unicorn lacks are skipped when they are such instructions;
// - Unicorn reports no IT/ICI bits in xPSR: only APSR (NZCVQ, GE) is compared;
// - r0 after a semihosting call holds a host answer (file handles, clock) that may differ.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from '../../sim/session.ts';

export const WORDS = 17;
const APSR_MASK = 0xf80f0000;

export interface Trace {
  records: Uint32Array;
  count: number;
  /** for m4sim's records: 1 if the instruction was skipped by its IT condition */
  skipped?: Uint8Array;
  /** for m4sim's records: 1 if the instruction was a semihosting BKPT 0xAB */
  semihost?: Uint8Array;
  exitCode: number | null;
  stdout: string;
}

const oracle = join(dirname(fileURLToPath(import.meta.url)), '..', 'oracle', 'unicorn_run.py');

export function unicornTrace(elf: string, max: number): Trace {
  const dir = mkdtempSync(join(tmpdir(), 'm4lock-'));
  try {
    const out = join(dir, 'trace.bin');
    const r = spawnSync('/usr/bin/python3', [oracle, 'lockstep', elf, '--out', out, '--max', String(max)], { encoding: 'latin1', maxBuffer: 1 << 26 });
    const buf = readFileSync(out);
    const records = new Uint32Array(buf.buffer, buf.byteOffset, buf.length / 4);
    return { records, count: records.length / WORDS, exitCode: r.status, stdout: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function simTrace(elf: string, max: number): Trace {
  let stdout = '';
  const s = new Session({ elf, stdout: (b) => (stdout += Buffer.from(b).toString('latin1')) });
  const cpu = s.sys.cpu;
  const records = new Uint32Array(max * WORDS);
  const skipped = new Uint8Array(max);
  const semihost = new Uint8Array(max);
  let n = 0;
  while (cpu.stop === null && n < max) {
    const o = n * WORDS;
    records[o] = cpu.pc;
    for (let i = 0; i < 13; i++) records[o + 1 + i] = cpu.R[i];
    records[o + 14] = cpu.R[13];
    records[o + 15] = cpu.R[14];
    records[o + 16] = cpu.xPSR;
    const it = cpu.itState;
    const passes = it === 0 || cpu.condPassed(it >>> 4);
    const before = cpu.instret;
    cpu.run(1);
    if (cpu.instret === before && cpu.stop === null) continue; // an exception was taken, not an instruction
    skipped[n] = passes ? 0 : 1;
    semihost[n] = s.sys.bus.read16(records[o]) === 0xbeab ? 1 : 0;
    n++;
  }
  const exitCode = cpu.stop !== null && (cpu.stop as { kind: string }).kind === 'exit' ? (cpu.stop as { code: number }).code : null;
  return { records: records.subarray(0, n * WORDS), count: n, skipped, semihost, exitCode, stdout };
}

export interface LockstepResult {
  compared: number;
  skippedIt: number;
  divergence: string | null;
}

const NAMES = ['pc', 'r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'xpsr'];

export function compareTraces(ours: Trace, theirs: Trace): LockstepResult {
  let i = 0;
  let j = 0;
  let skippedIt = 0;
  let afterSemihost = false;
  const R = ours.records;
  const U = theirs.records;
  while (j < theirs.count && i < ours.count) {
    const o = i * WORDS;
    const u = j * WORDS;
    if (R[o] !== U[u]) {
      if (ours.skipped && ours.skipped[i] === 1) {
        i++;
        skippedIt++;
        continue;
      }
      return { compared: j, skippedIt, divergence: `record ${j}: pc m4sim 0x${R[o].toString(16)}, unicorn 0x${U[u].toString(16)}; previous pc 0x${j > 0 ? U[u - WORDS].toString(16) : '-'}` };
    }
    for (let k = 1; k < WORDS; k++) {
      let a = R[o + k];
      let b = U[u + k];
      if (k === 16) {
        a = (a & APSR_MASK) >>> 0;
        b = (b & APSR_MASK) >>> 0;
      }
      if (k === 1 && afterSemihost) continue;
      if (a !== b) return { compared: j, skippedIt, divergence: `record ${j} at pc 0x${R[o].toString(16)}: ${NAMES[k]} m4sim 0x${a.toString(16)}, unicorn 0x${b.toString(16)}` };
    }
    afterSemihost = ours.semihost !== undefined && ours.semihost[i] === 1;
    i++;
    j++;
  }
  return { compared: j, skippedIt, divergence: null };
}
