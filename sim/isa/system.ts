import type { Encoding } from './encoding.ts';

export const encodings: Encoding[] = [];
