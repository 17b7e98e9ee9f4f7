// Runs generated cases on m4sim and on Unicorn (test/oracle/unicorn_run.py batch) and
// compares registers, APSR (NZCVQ, GE), FPSCR, S0-S31, the data window and whether the
// instruction faulted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { System } from '../../sim/system.ts';
import { loadProfile } from '../../sim/profile.ts';
import { Exceptions } from '../../sim/core/exceptions.ts';
import type { GuestFault, StopReason } from '../../sim/core/fault.ts';
import type { Cpu } from '../../sim/core/cpu.ts';
import { CODE_ADDR, DATA_ADDR, DATA_SIZE, type Case } from './cases.ts';

export interface Outcome {
  regs: number[];
  apsr: number;
  fpscr: number;
  s: number[];
  data: number[];
  /** null, or what went wrong (a fault, an unmapped access) */
  error: string | null;
  /** EPSR.T after the instruction (m4sim only): 0 after an interworking branch to an even address */
  t?: number;
  /** the last effective address (m4sim only) */
  ea?: number;
}

/** APSR bits both sides model: N Z C V Q and GE[3:0] */
export const APSR_MASK = 0xf80f0000;

/** An exception model that stops at the first fault instead of taking it: Unicorn has no
 * exception entry, so a faulting case compares as "both faulted". */
class StopOnFault extends Exceptions {
  override fault(f: GuestFault): void {
    // UNPREDICTABLE forms that only the IT state or an address reveals fault at run time
    this.cpu.stop = { kind: 'lockup', why: f.message.includes('UNPREDICTABLE') ? `UNPREDICTABLE ${f.kind}` : f.kind };
  }
}

/** RAM (128 KB) cleared before every case on both sides, so that stores a case made outside the
 * compared window cannot change a later case */
const SCRATCH_ADDR = 0x20000000;
const SCRATCH_SIZE = 0x20000;
const ZEROS = new Uint8Array(SCRATCH_SIZE);

export class SimRunner {
  readonly sys: System;
  constructor() {
    this.sys = new System(loadProfile('stm32l4r5zi'));
    this.sys.cpu.exc = new StopOnFault(this.sys.cpu as Cpu);
    this.sys.cpu.fpEnabled = true;
    // Unicorn faults on any address it has not mapped: so do we, for unmodelled devices
    this.sys.bus.unmodelled = 'fault';
  }

  run(c: Case): Outcome {
    const { sys } = this;
    const cpu = sys.cpu;
    sys.bus.load(SCRATCH_ADDR, ZEROS);
    sys.bus.load(DATA_ADDR, Uint8Array.from(c.data));
    sys.bus.load(CODE_ADDR, Uint8Array.from([...c.code, 0, 0, 0, 0]));
    for (let i = 0; i < 15; i++) cpu.R[i] = c.regs[i];
    cpu.APSR = c.apsr;
    cpu.FPSCR = c.fpscr;
    for (let i = 0; i < 32; i++) cpu.SU[i] = c.s[i];
    cpu.pc = CODE_ADDR;
    cpu.T = 1;
    cpu.itState = 0;
    cpu.IPSR = 0;
    // FPCA set: an FP context is active, so the first FP instruction does not load FPSCR's
    // defaults from FPDSCR (Unicorn has no FP context handling)
    cpu.CONTROL = 4;
    cpu.stop = null;
    cpu.sleeping = false;
    cpu.exclusiveAddr = -1;
    let error: string | null = null;
    try {
      cpu.run(1);
    } catch (e) {
      error = `exception: ${(e as Error).message}`;
    }
    const stop = cpu.stop as StopReason | null;
    if (stop !== null) error = stop.kind === 'lockup' ? stop.why : stop.kind;
    const regs = Array.from(cpu.R);
    regs[15] = cpu.pc;
    return {
      regs,
      apsr: (cpu.APSR & APSR_MASK) >>> 0,
      fpscr: cpu.FPSCR >>> 0,
      s: Array.from(cpu.SU),
      data: Array.from(sys.bus.peek(DATA_ADDR, DATA_SIZE)),
      error,
      t: cpu.T,
      ea: cpu.ea >>> 0,
    };
  }
}

const oracle = join(dirname(fileURLToPath(import.meta.url)), '..', 'oracle', 'unicorn_run.py');

function hex(bytes: number[]): string {
  return Buffer.from(bytes).toString('hex');
}

/** Runs all cases in one Unicorn process. */
export function runUnicorn(cases: Case[]): Outcome[] {
  const dir = mkdtempSync(join(tmpdir(), 'm4diff-'));
  try {
    const input = cases
      .map((c) =>
        JSON.stringify({
          code: hex(c.code),
          base: CODE_ADDR,
          regs: c.regs,
          apsr: c.apsr,
          fpscr: c.fpscr,
          s: c.s,
          mem: [{ addr: DATA_ADDR, hex: hex(c.data) }],
          zero: [{ addr: SCRATCH_ADDR, len: SCRATCH_SIZE }],
          count: 1,
        }),
      )
      .join('\n');
    writeFileSync(join(dir, 'in.jsonl'), input + '\n');
    const r = spawnSync('/usr/bin/python3', [oracle, 'batch', join(dir, 'in.jsonl'), join(dir, 'out.jsonl')], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`unicorn batch failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
    const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n');
    return lines.map((l) => {
      const o = JSON.parse(l);
      return {
        regs: o.regs.map((x: number) => x >>> 0),
        apsr: (o.apsr & APSR_MASK) >>> 0,
        fpscr: o.fpscr >>> 0,
        s: o.s.map((x: number) => x >>> 0),
        data: Array.from(Buffer.from(o.mem[0].hex, 'hex')),
        // Unicorn reports a fetch from an unmapped branch target as an error of the branch,
        // although the branch itself completed: the state it returns is the branch's result
        error: o.error && /FETCH_UNMAPPED/.test(o.error) ? null : (o.error ?? null),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Divergence {
  c: Case;
  what: string[];
}

/** Differences between m4sim's and Unicorn's outcome of a case (empty: they agree). */
export function compare(c: Case, ours: Outcome, theirs: Outcome): string[] {
  const d: string[] = [];
  // UNPREDICTABLE forms that only the run reveals (a load into the PC from an unaligned
  // address, a branch inside an IT block): skipped, as the generator skips the static ones
  if (ours.error !== null && ours.error.startsWith('UNPREDICTABLE')) return d;
  if ((ours.error === null) !== (theirs.error === null)) {
    d.push(`fault: m4sim ${ours.error ?? 'none'}, unicorn ${theirs.error ?? 'none'}`);
    return d;
  }
  if (ours.error !== null) return d; // both faulted
  for (let i = 0; i < 16; i++)
    if (ours.regs[i] !== theirs.regs[i]) d.push(`r${i}: m4sim 0x${ours.regs[i].toString(16)}, unicorn 0x${theirs.regs[i].toString(16)}`);
  if (ours.apsr !== theirs.apsr) d.push(`apsr: m4sim 0x${ours.apsr.toString(16)}, unicorn 0x${theirs.apsr.toString(16)}`);
  if (ours.fpscr !== theirs.fpscr) d.push(`fpscr: m4sim 0x${ours.fpscr.toString(16)}, unicorn 0x${theirs.fpscr.toString(16)}`);
  for (let i = 0; i < 32; i++) if (ours.s[i] !== theirs.s[i]) d.push(`s${i}: m4sim 0x${ours.s[i].toString(16)}, unicorn 0x${theirs.s[i].toString(16)}`);
  for (let i = 0; i < ours.data.length; i++)
    if (ours.data[i] !== theirs.data[i]) {
      d.push(`mem 0x${(DATA_ADDR + i).toString(16)}: m4sim 0x${ours.data[i].toString(16)}, unicorn 0x${theirs.data[i].toString(16)}`);
      break;
    }
  return d;
}

export function describeCase(c: Case): string {
  return `${c.enc} [${hex(c.code)}] regs=[${c.regs.map((r) => r.toString(16)).join(',')}] apsr=${c.apsr.toString(16)} fpscr=${c.fpscr.toString(16)}`;
}
