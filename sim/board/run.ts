// Shared by m4sim compare and calibrate: reading a measurement file of either kind and
// simulating the firmware it belongs to.
import { readFileSync } from 'node:fs';
import { parseCsv, readAnalyzerCsv, readSampleCsv, MeasureError, type MeasuredWindow } from './measure.ts';

/** A per-sample CSV or a power analyser export (recognised by a current column). */
export function readMeasurements(path: string, o: { channel?: string; volts?: number; name?: string }): MeasuredWindow[] {
  let head: string[];
  try {
    head = parseCsv(readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#')).slice(0, 1).join('\n') || ' ', path).header;
  } catch (e) {
    if (e instanceof MeasureError) throw e;
    throw new MeasureError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const analyzer = head.some((h) => /^(current|i)(_?(a|ma|ua))?$/i.test(h.trim().replace(/[\s()[\]]+/g, '_').replace(/_+$/, '')));
  const ws = analyzer ? readAnalyzerCsv(path, o) : readSampleCsv(path);
  if (ws.length === 0) throw new MeasureError(`${path}: no measured windows${analyzer ? ' (the digital input never went high and low again)' : ''}`);
  return ws;
}
