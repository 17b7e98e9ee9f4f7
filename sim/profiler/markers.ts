// Reading a marker specification (ITM ports, region and pin names) from a JSON file:
// { "regionPort": 1, "stepPort": 2, "ids": {"1": "conv1", ...}, "kinds": {"1": "forward", ...},
//   "pins": {"PC7": "train_step"} }; missing keys take the VAE firmware's defaults.
import { readFileSync } from 'node:fs';
import { CliError } from '../cli/common.ts';
import { VAE_MARKERS, type MarkerSpec } from './regions.ts';

export function loadMarkers(path: string): MarkerSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`${path}: cannot read marker specification (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new CliError(`${path}: marker specification must be a JSON object`);
  const o = raw as Record<string, unknown>;
  const spec: MarkerSpec = { ...VAE_MARKERS };
  for (const k of ['regionPort', 'stepPort'] as const) {
    if (o[k] === undefined) continue;
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 31) throw new CliError(`${path}: ${k} must be an ITM port 0-31`);
    spec[k] = v;
  }
  for (const k of ['ids', 'kinds', 'pins'] as const) {
    if (o[k] === undefined) continue;
    const v = o[k];
    if (v === null || typeof v !== 'object' || Object.values(v).some((x) => typeof x !== 'string')) throw new CliError(`${path}: ${k} must map keys to names (strings)`);
    spec[k] = v as Record<string, string>;
  }
  return spec;
}
