// WebAssembly forms (see forms.ts) of the multiple and dual loads and stores (LDM/STM,
// PUSH/POP, LDRD/STRD) and the table branches (sim/isa/loadstore.ts).
import type { Exec } from '../../core/op.ts';
import type { Form } from './forms.ts';

export const MEM: (readonly [Exec, Form])[] = [];
