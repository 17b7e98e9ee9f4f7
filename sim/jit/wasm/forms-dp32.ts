// WebAssembly forms (see forms.ts) of the 32-bit data-processing instructions
// (sim/isa/dataproc-imm.ts, dataproc-shifted.ts, dataproc-reg.ts), the 16-bit register shifts
// and extends, and the DSP instructions (sim/isa/dsp.ts).
import type { Exec } from '../../core/op.ts';
import type { Form } from './forms.ts';

export const DP32: (readonly [Exec, Form])[] = [];
