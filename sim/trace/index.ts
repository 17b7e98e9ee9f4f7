// Runs a Session with the execution tracer (tracer.ts): optionally at full speed up to the
// first entry of a function (a decode-cache breakpoint, sim/debug/breakpoints.ts), then
// traced, up to a limit, the return from that function, or the end of the run.
import type { Session, RunResult } from '../session.ts';
import type { RetireObserver } from '../core/cpu.ts';
import { Breakpoints, takeHit, BP_IMM } from '../debug/breakpoints.ts';
import { Tracer, ChunkWriter, type TraceText } from './tracer.ts';

export { Tracer, ChunkWriter, type TraceText } from './tracer.ts';

export interface TraceOptions {
  /** start tracing at the first execution of this function */
  from?: string;
  /** stop the run once the function named by `from` returns */
  untilReturn?: boolean;
  /** stop the run after this many traced instructions */
  limit?: number;
  /** stop the run (untraced part included) after this many instructions */
  maxInstructions?: number;
}

export interface TraceResult extends RunResult {
  /** instructions traced */
  traced: number;
  /** bytes written */
  bytes: number;
}

export class TraceError extends Error {}

const SLICE = 1 << 20;

export function runTrace(session: Session, out: ChunkWriter, text: TraceText, opts: TraceOptions = {}): TraceResult {
  const cpu = session.sys.cpu;
  const t0 = performance.now();
  const maxInstr = opts.maxInstructions ?? Infinity;
  const runUntilStop = () => {
    while (cpu.stop === null) {
      if (cpu.instret >= maxInstr) {
        cpu.stop = { kind: 'limit', what: `--max-instructions ${maxInstr} reached` };
        break;
      }
      cpu.run(Math.min(SLICE, maxInstr - cpu.instret));
    }
  };
  let endPc = -1;
  let endSp = 0;
  if (opts.from !== undefined) {
    const sym = session.symbols.get(opts.from);
    if (sym === undefined || sym.type !== 'func') throw new TraceError(`${session.opts.elf}: no function named '${opts.from}'`);
    const bps = new Breakpoints(cpu);
    if (!bps.insert(sym.addr)) throw new TraceError(`${opts.from} at 0x${sym.addr.toString(16)} is not in memory`);
    runUntilStop();
    bps.removeAll();
    const stop = cpu.stop as { kind: string; imm?: number } | null;
    if (stop === null || stop.kind !== 'breakpoint' || stop.imm !== BP_IMM) {
      const end = finish(session, t0, 0, out);
      throw new TraceError(`${opts.from} was never reached (the run ended: ${describeStop(end.stop)})`);
    }
    const h = takeHit()!;
    cpu.itState = h.itState;
    cpu.instret = h.instret;
    cpu.cycles = h.cycles;
    cpu.pc = h.pc;
    cpu.stop = null;
    if (opts.untilReturn) {
      endPc = (cpu.R[14] & ~1) >>> 0;
      endSp = cpu.R[13];
    }
  }
  const tracer = new Tracer(out, text, session.symbols, opts.limit ?? Infinity);
  tracer.start(cpu);
  const prev = cpu.observer;
  let observer: RetireObserver = tracer;
  if (endPc >= 0) {
    const name = opts.from;
    observer = {
      retired(c, op, executed, cycles) {
        tracer.retired(c, op, executed, cycles);
        if (c.pc === endPc && c.R[13] >= endSp && c.IPSR === 0 && c.stop === null) c.stop = { kind: 'limit', what: `${name} returned` };
      },
    };
  }
  cpu.observer = observer;
  try {
    runUntilStop();
  } finally {
    cpu.observer = prev;
  }
  return finish(session, t0, tracer.count, out);
}

function finish(session: Session, t0: number, traced: number, out: ChunkWriter): TraceResult {
  const cpu = session.sys.cpu;
  out.flush();
  session.stm32.flushTx();
  session.semihost.closeAll();
  return {
    stop: cpu.stop!,
    instructions: cpu.instret,
    cycles: cpu.cycles,
    seconds: session.sys.seconds,
    hz: session.sys.clock.hz,
    wallSeconds: (performance.now() - t0) / 1000,
    traced,
    bytes: out.bytes,
  };
}

function describeStop(s: RunResult['stop']): string {
  switch (s.kind) {
    case 'exit':
      return `exit code ${s.code}`;
    case 'limit':
      return s.what;
    case 'breakpoint':
      return `BKPT #${s.imm}`;
    default:
      return s.why;
  }
}
