// Real-board measurements: a CSV of per-sample (or per-window) latency/energy/power, or a
// power analyser's CSV export (time, current, voltage, digital inputs) cut into windows at
// the edges of one digital input. Units come from the column names.
//
// Per-sample CSV: columns `window` (or `name`, optional: the window name, e.g. train_step),
// `index` (optional), `latency_s|_ms|_us`, `energy_J|_mJ|_uJ`, `power_W|_mW`; any of the three
// metrics may be missing. Lines starting with # are comments.
// Analyser CSV (Joulescope/Otii style exports): `time` (s; or time_ms/time_us), `current` (A;
// or current_mA/current_uA), `voltage` (V, optional: else a fixed VDD), digital inputs as
// further columns (0/1) named e.g. in0, in1, D0, gpi0.
import { readFileSync } from 'node:fs';

export class MeasureError extends Error {}

export interface MeasuredWindow {
  name: string | null;
  index: number;
  seconds: number | null;
  energyJ: number | null;
  powerW: number | null;
}

export function parseCsv(text: string, file: string): { header: string[]; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (lines.length === 0) throw new MeasureError(`${file}: empty CSV`);
  const split = (l: string) => {
    const out: string[] = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < l.length; i++) {
      const ch = l[i];
      if (q) {
        if (ch === '"' && l[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') q = false;
        else cur += ch;
      } else if (ch === '"') q = true;
      else if (ch === ',' || ch === ';' || ch === '\t') out.push(cur.trim()), (cur = '');
      else cur += ch;
    }
    out.push(cur.trim());
    return out;
  };
  const header = split(lines[0]).map((h) => h.replace(/^\uFEFF/, ''));
  const rows = lines.slice(1).map(split);
  rows.forEach((r, i) => {
    if (r.length !== header.length) throw new MeasureError(`${file}: line ${i + 2} has ${r.length} fields, the header ${header.length}`);
  });
  return { header, rows };
}

/** Finds a column by base name with a unit suffix; returns [index, scale to SI] or null. */
function unitColumn(header: string[], base: string[], units: Record<string, number>): [number, number] | null {
  for (let i = 0; i < header.length; i++) {
    const h = header[i].toLowerCase().replace(/[\s()[\]]+/g, '_').replace(/_+$/, '');
    for (const b of base) {
      if (h === b) return [i, units['']];
      for (const [u, s] of Object.entries(units)) if (u !== '' && (h === `${b}_${u.toLowerCase()}` || h === `${b}${u.toLowerCase()}`)) return [i, s];
    }
  }
  return null;
}

const num = (v: string, file: string, line: number, col: string): number => {
  const x = Number(v);
  if (v === '' || !Number.isFinite(x)) throw new MeasureError(`${file}: line ${line}: ${col} '${v}' is not a number`);
  return x;
};

export function readSampleCsv(path: string): MeasuredWindow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MeasureError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const { header, rows } = parseCsv(text, path);
  const lat = unitColumn(header, ['latency', 'time', 'duration'], { '': 1, s: 1, ms: 1e-3, us: 1e-6 });
  const en = unitColumn(header, ['energy'], { '': 1, j: 1, mj: 1e-3, uj: 1e-6 });
  const pw = unitColumn(header, ['power'], { '': 1, w: 1, mw: 1e-3, uw: 1e-6 });
  if (!lat && !en && !pw) throw new MeasureError(`${path}: no latency_*, energy_* or power_* column (header: ${header.join(',')})`);
  const nameCol = header.findIndex((h) => /^(window|name|region)$/i.test(h));
  const idxCol = header.findIndex((h) => /^(index|sample|n)$/i.test(h));
  const counts = new Map<string, number>();
  return rows.map((r, i) => {
    const name = nameCol >= 0 ? r[nameCol] : null;
    const key = name ?? '';
    const auto = counts.get(key) ?? 0;
    counts.set(key, auto + 1);
    const get = (c: [number, number] | null, what: string) => (c === null || r[c[0]] === '' ? null : num(r[c[0]], path, i + 2, what) * c[1]);
    return {
      name,
      index: idxCol >= 0 ? num(r[idxCol], path, i + 2, 'index') : auto,
      seconds: get(lat, 'latency'),
      energyJ: get(en, 'energy'),
      powerW: get(pw, 'power'),
    };
  });
}

export interface AnalyzerOptions {
  /** the digital input that marks the windows (column name); default: the first one */
  channel?: string;
  /** VDD when the CSV has no voltage column */
  volts?: number;
  /** window name given to the cut windows */
  name?: string;
}

/** Cuts a power analyser export into windows where the digital input is high; energy by the
 * trapezoid rule over the samples, edges placed at the first sample of the new level. */
export function readAnalyzerCsv(path: string, o: AnalyzerOptions = {}): MeasuredWindow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MeasureError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const { header, rows } = parseCsv(text, path);
  const t = unitColumn(header, ['time', 't'], { '': 1, s: 1, ms: 1e-3, us: 1e-6 });
  const i = unitColumn(header, ['current', 'i'], { '': 1, a: 1, ma: 1e-3, ua: 1e-6 });
  const v = unitColumn(header, ['voltage', 'v'], { '': 1, v: 1, mv: 1e-3 });
  if (!t || !i) throw new MeasureError(`${path}: an analyser export needs time and current columns (header: ${header.join(',')})`);
  const used = new Set([t[0], i[0], v?.[0]]);
  const digital = header.map((h, k) => ({ h, k })).filter((c) => !used.has(c.k));
  let ch: number;
  if (o.channel !== undefined) {
    ch = header.findIndex((h) => h.toLowerCase() === o.channel!.toLowerCase());
    if (ch < 0) throw new MeasureError(`${path}: no digital input column '${o.channel}' (columns: ${header.join(',')})`);
  } else {
    if (digital.length === 0) throw new MeasureError(`${path}: no digital input column to cut windows at`);
    ch = digital[0].k;
  }
  if (!v && o.volts === undefined) throw new MeasureError(`${path}: no voltage column; give the supply voltage (--vdd)`);
  const out: MeasuredWindow[] = [];
  let startT = 0;
  let e = 0;
  let high = false;
  let prevT = 0, prevP = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const tt = num(row[t[0]], path, r + 2, 'time') * t[1];
    const p = num(row[i[0]], path, r + 2, 'current') * i[1] * (v ? num(row[v[0]], path, r + 2, 'voltage') * v[1] : o.volts!);
    const level = Number(row[ch]) >= 0.5;
    if (r > 0 && tt <= prevT) throw new MeasureError(`${path}: line ${r + 2}: time does not increase`);
    if (high && r > 0) e += ((p + prevP) / 2) * (tt - prevT);
    if (level && !high) {
      high = true;
      startT = tt;
      e = 0;
    } else if (!level && high) {
      high = false;
      const s = tt - startT;
      out.push({ name: o.name ?? null, index: out.length, seconds: s, energyJ: e, powerW: s > 0 ? e / s : null });
    }
    prevT = tt;
    prevP = p;
  }
  return out;
}
