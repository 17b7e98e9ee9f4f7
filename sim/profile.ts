// Device profiles: the facts of a device as data (profiles/NAME.json). Numbers in the JSON may
// be written in hex as strings ("0x08000000"); each fact carries its source.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export interface MemorySpec {
  name: string;
  kind?: 'flash' | 'ram';
  aliasOf?: string;
  base: number;
  size: number;
}

export interface WindowSpec {
  name: string;
  base: number;
  size: number;
}

export interface PeripheralSpec {
  base: number;
  size: number;
}

export interface Profile {
  name: string;
  description: string;
  core: { cpu: string; nvicIrqs: number; nvicPrioBits: number };
  memory: MemorySpec[];
  windows: WindowSpec[];
  peripherals: Record<string, PeripheralSpec>;
  clocks: { resetHz: number } & Record<string, unknown>;
  /** the rest of the JSON (timing, energy, ...) for the models that read it */
  [key: string]: unknown;
}

export const profilesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'profiles');

/** Numbers written as "0x..." strings become numbers, recursively. */
function numbers(v: unknown): unknown {
  if (typeof v === 'string' && /^0x[0-9a-f_]+$/i.test(v)) return parseInt(v.replace(/_/g, ''), 16);
  if (Array.isArray(v)) return v.map(numbers);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = k === 'source' || k === 'sources' ? x : numbers(x);
    return o;
  }
  return v;
}

/** Loads a profile by name (profiles/NAME.json) or by path to a JSON file. */
export function loadProfile(nameOrPath: string): Profile {
  const path = nameOrPath.endsWith('.json') ? nameOrPath : join(profilesDir, `${nameOrPath}.json`);
  if (!existsSync(path)) throw new ProfileError(`profile ${nameOrPath}: no such file ${path}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ProfileError(`profile ${path}: not valid JSON (${(e as Error).message})`);
  }
  const p = numbers(raw) as Profile;
  for (const key of ['name', 'memory', 'windows', 'peripherals', 'core', 'clocks'])
    if (!(key in p)) throw new ProfileError(`profile ${path}: missing "${key}"`);
  return p;
}

export class ProfileError extends Error {}
