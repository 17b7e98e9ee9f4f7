// Human-readable reports of how a run ended: the first line names what happened and where;
// a fault or lock-up adds the registers and a call stack named from the ELF's symbols.
import type { Session, RunResult } from './session.ts';
import { thumbDecoder, is32 } from './isa/decoder.ts';
import { disassembleAround } from './disasm/index.ts';
import { hex8 } from './hex.ts';

const REG_NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc'];

/** The instruction at `addr` as "mnemonic (encoding)", or why it can't be read. */
export function describeInstruction(s: Session, addr: number): string {
  try {
    const bus = s.sys.bus;
    const hw1 = bus.read16(addr);
    const wide = is32(hw1);
    const hw2 = wide ? bus.read16(addr + 2) : 0;
    const op = thumbDecoder().decode(hw1, hw2, addr);
    const enc = wide ? `${hw1.toString(16).padStart(4, '0')} ${hw2.toString(16).padStart(4, '0')}` : hw1.toString(16).padStart(4, '0');
    return `${op.mnem} [${enc}]`;
  } catch {
    return '(no instruction memory)';
  }
}

/** Return addresses found on the stack that point just after a BL/BLX, innermost first. */
export function callStack(s: Session, maxFrames = 16): string[] {
  const { cpu, bus } = s.sys;
  const frames = [s.symbols.describe(cpu.pc)];
  const lr = cpu.R[14];
  if ((lr & 1) === 1 && lr >>> 28 !== 0xf && s.symbols.lookup(lr & ~1)) frames.push(`${s.symbols.describe(lr & ~1)} [lr: stale if the function saved it]`);
  let sp = cpu.R[13];
  for (let i = 0; i < 1024 && frames.length < maxFrames; i++, sp += 4) {
    let v: number;
    try {
      v = bus.peek(sp, 4).reduce((acc, b, k) => acc | (b << (8 * k)), 0) >>> 0;
    } catch {
      break;
    }
    if ((v & 1) === 0 || v >>> 28 === 0xf) continue;
    const ret = v & ~1;
    const sym = s.symbols.lookup(ret);
    if (!sym || sym.type !== 'func') continue;
    if (!followsCall(s, ret)) continue;
    const d = s.symbols.describe(ret);
    if (frames[frames.length - 1] !== d) frames.push(d);
  }
  return frames;
}

function followsCall(s: Session, ret: number): boolean {
  try {
    const bus = s.sys.bus;
    const h1 = bus.read16(ret - 4);
    const h2 = bus.read16(ret - 2);
    if ((h1 & 0xf800) === 0xf000 && (h2 & 0xd000) === 0xd000) return true; // BL
    if ((h2 & 0xff87) === 0x4780) return true; // BLX Rm
    return false;
  } catch {
    return false;
  }
}

/** The lines describing the end of a run, for stderr. The first line says what happened. */
export function stopReport(s: Session, r: RunResult): string[] {
  const cpu = s.sys.cpu;
  const where = `pc ${hex8(cpu.pc)} in ${s.symbols.describe(cpu.pc)}: ${describeInstruction(s, cpu.pc)}`;
  const stop = r.stop;
  switch (stop.kind) {
    case 'exit':
      return [];
    case 'limit':
      return [`m4sim: ${s.opts.elf}: ${stop.what} at ${where}`, ...stateLines(s)];
    case 'breakpoint':
      return [`m4sim: ${s.opts.elf}: breakpoint BKPT #${stop.imm} at ${where}`, ...stateLines(s)];
    case 'lockup':
      return [`m4sim: ${s.opts.elf}: ${stop.why.startsWith('lockup') ? '' : 'lockup: '}${stop.why}`, `  at ${where}`, ...stateLines(s)];
    case 'halt':
      return [`m4sim: ${s.opts.elf}: halted: ${stop.why} at ${where}`, ...stateLines(s)];
  }
}

function stateLines(s: Session): string[] {
  const cpu = s.sys.cpu;
  const regs: string[] = [];
  for (let i = 0; i < 16; i += 4)
    regs.push('  ' + [0, 1, 2, 3].map((k) => `${REG_NAMES[i + k].padStart(3)}=${hex8(i + k === 15 ? cpu.pc : cpu.R[i + k])}`).join(' '));
  const psr = `  xpsr=${hex8(cpu.xPSR)} (N=${cpu.N} Z=${cpu.Z} C=${cpu.C} V=${cpu.V} Q=${cpu.Q} GE=${cpu.GE.toString(2).padStart(4, '0')} IPSR=${cpu.IPSR}) control=${cpu.CONTROL} primask=${cpu.PRIMASK}`;
  const stack = callStack(s).map((f, i) => `  #${i} ${f}`);
  return ['code:', ...disassembleAround(s, cpu.pc, 4, 3), 'registers:', ...regs, psr, 'call stack (pc, lr, then return addresses found on the stack):', ...stack];
}
