// The committed test programs give the same output and exit code on m4sim as on QEMU
// (netduinoplus2, test/oracle/qemu_run.sh): C programs at three optimisation levels,
// exceptions (SysTick, SVC, PendSV, a UsageFault caught by its handler, an interrupt that
// uses the FPU in the middle of float code), every ACLE DSP intrinsic, float code at -O2.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Session } from '../../sim/session.ts';

const C_PROGRAMS = ['hello', 'arith64', 'setjmp', 'switch', 'recurse', 'sort', 'crc', 'cpubench'].flatMap((p) => ['O0', 'O2', 'Os'].map((l) => `${p}-${l}`));
const OTHERS = ['systick-O2', 'svc-O2', 'pendsv-O2', 'usagefault-O2', 'fpu_irq-O2', 'dsp_intrinsics-O2', 'float_ops-O2'];

function runSim(elf: string): { out: string; code: number | null } {
  let out = '';
  const s = new Session({ elf, stdout: (b) => (out += Buffer.from(b).toString('latin1')), stderr: (b) => (out += Buffer.from(b).toString('latin1')) });
  const r = s.run({ maxInstructions: 2e9 });
  return { out, code: r.stop.kind === 'exit' ? r.stop.code : null };
}

function runQemu(elf: string): { out: string; code: number | null } {
  const r = spawnSync('bash', ['test/oracle/qemu_run.sh', elf, '120'], { encoding: 'latin1' });
  return { out: r.stdout, code: r.status };
}

describe('same output and exit code as QEMU', () => {
  for (const name of [...C_PROGRAMS, ...OTHERS]) {
    const elf = `firmware/elf/${name}.elf`;
    it(name, () => {
      expect(existsSync(elf)).toBe(true);
      const q = runQemu(elf);
      const m = runSim(elf);
      expect(q.out.length).toBeGreaterThan(0);
      expect(m.out).toBe(q.out);
      expect(m.code).toBe(q.code);
    }, 180_000);
  }
});
