// Branches: B, BL, BX, BLX, CBZ/CBNZ (ARMv7-M ARM A5.2.6, A5.2.7, A5.3.4, A6.7.12-A6.7.21).
import { Cls } from '../core/op.ts';
import type { Cpu } from '../core/cpu.ts';
import type { Op } from '../core/op.ts';
import { op, bits, type Encoding } from './encoding.ts';
import { signExtend } from '../core/alu.ts';

// B<c> <label>   T2: 11100 imm11   (target = PC + 4 + SignExtend(imm11:'0'))
function bUncond(cpu: Cpu, o: Op): void {
  cpu.nextPC = o.imm;
}

export const encodings: Encoding[] = [
  {
    name: 'B T2',
    pattern: '11100 ...........',
    decode(ins, pc) {
      const o = op('b', bUncond, 2, pc, ins, Cls.BRANCH);
      o.imm = (pc + 4 + signExtend(bits(ins, 10, 0) << 1, 12)) >>> 0;
      return o;
    },
  },
];
