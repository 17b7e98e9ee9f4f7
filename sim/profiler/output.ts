// Output formats of a profile: terminal table, JSON, CSV, folded stacks, Chrome/Perfetto trace
// JSON and an SVG bar chart of the cost per layer. All deterministic (no dates, fixed order).
import type { ProfileResult } from './run.ts';
import { meanWindow } from './run.ts';
import type { WindowRecord } from './regions.ts';

const ms = (s: number) => (s * 1e3).toFixed(3);
const mW = (w: number) => (w * 1e3).toFixed(2);
const mJ = (j: number) => (j * 1e3).toFixed(4);

function pad(rows: string[][], right: boolean[] = []): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (right[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

/** The terminal report: run totals, windows, regions (mean per step), top functions. */
export function textReport(r: ProfileResult, top = 25): string {
  let out = '';
  const stop = r.stop.kind === 'exit' ? `exit ${r.stop.code}` : r.stop.kind;
  out += `${r.elf} on ${r.profile}: ${stop}; ${r.run.instructions} instructions, ${r.run.cycles} cycles, ${ms(r.run.seconds)} ms simulated, ${mJ(r.run.energyJ)} mJ, ${mW(r.run.powerW)} mW average (wall ${r.wallSeconds.toFixed(1)} s)\n`;
  const f = r.footprint;
  out += `memory: flash ${f.flash.total} B (text ${f.flash.text}, rodata ${f.flash.rodata}, data ${f.flash.data}); SRAM ${f.sram.total} B (data ${f.sram.data}, bss ${f.sram.bss}, buffers ${f.sram.buffers}, stack peak ${f.sram.stackPeak ?? '-'}, heap peak ${f.sram.heapPeak ?? '-'}); weights ${f.groupsKB.weights.toFixed(1)} kB, activations ${f.groupsKB.activations.toFixed(1)} kB\n`;
  if (r.regions.length > 0) {
    out += '\nwindows and regions (mean per occurrence):\n';
    const rows = [['name', 'count', 'cycles', 'latency ms', 'energy mJ', 'power mW', 'wait cyc', 'stall cyc']];
    for (const g of r.regions)
      rows.push([g.name, String(g.count), g.meanCycles.toFixed(0), ms(g.meanSeconds), mJ(g.meanEnergyJ), mW(g.powerW), (g.waitCycles / g.count).toFixed(0), (g.stallCycles / g.count).toFixed(0)]);
    out += pad(rows, [false, true, true, true, true, true, true, true]);
  }
  if (r.functions !== null) {
    out += `\nfunctions (top ${top} by exclusive cycles; inclusive = with callees):\n`;
    const rows = [['function', 'calls', 'instr', 'cycles', 'cyc %', 'incl cycles', 'energy mJ', 'incl mJ', 'wait', 'stall']];
    for (const fn of r.functions.slice(0, top))
      rows.push([
        fn.name, String(fn.calls), String(fn.exclusive.instructions), String(fn.exclusive.cycles), ((100 * fn.exclusive.cycles) / r.run.cycles).toFixed(1),
        String(fn.inclusive.cycles), mJ(fn.exclusive.energyJ), mJ(fn.inclusive.energyJ), String(fn.exclusive.waitCycles), String(fn.exclusive.stallCycles),
      ]);
    out += pad(rows, [false, true, true, true, true, true, true, true, true, true]);
  }
  return out;
}

export function profileJson(r: ProfileResult): string {
  const { folded: _f, spans: _s, ...rest } = r;
  return JSON.stringify({ ...rest, trainStep: meanWindow(r, 'train_step'), inference: meanWindow(r, 'inference') }, null, 1) + '\n';
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(rows: (string | number)[][]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export function functionsCsv(r: ProfileResult): string {
  const rows: (string | number)[][] = [['function', 'address', 'calls', 'instructions', 'cycles', 'energy_J', 'wait_cycles', 'stall_cycles', 'incl_instructions', 'incl_cycles', 'incl_energy_J', 'incl_wait_cycles', 'incl_stall_cycles']];
  for (const f of r.functions ?? [])
    rows.push([f.name, '0x' + f.addr.toString(16).padStart(8, '0'), f.calls, f.exclusive.instructions, f.exclusive.cycles, f.exclusive.energyJ, f.exclusive.waitCycles, f.exclusive.stallCycles, f.inclusive.instructions, f.inclusive.cycles, f.inclusive.energyJ, f.inclusive.waitCycles, f.inclusive.stallCycles]);
  return csv(rows);
}

export function windowsCsv(ws: WindowRecord[]): string {
  const rows: (string | number)[][] = [['name', 'kind', 'index', 'step', 'start_cycle', 'end_cycle', 'cycles', 'latency_s', 'energy_J', 'power_W', 'instructions', 'wait_cycles', 'stall_cycles']];
  for (const w of ws) rows.push([w.name, w.kind, w.index, w.step, w.startCycle, w.endCycle, w.cycles, w.seconds, w.energyJ, w.powerW, w.counters[2], w.counters[9], w.counters[10]]);
  return csv(rows);
}

/** Chrome trace event format (chrome://tracing, ui.perfetto.dev): pin windows, regions and
 * long function calls as complete events, microseconds at the core clock of the run. */
export function chromeTrace(r: ProfileResult): string {
  const hz = r.run.hz;
  const us = (cycle: number) => (cycle / hz) * 1e6;
  const ev: object[] = [
    { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: r.elf } },
    { name: 'thread_name', ph: 'M', pid: 1, tid: 1, args: { name: 'GPIO windows' } },
    { name: 'thread_name', ph: 'M', pid: 1, tid: 2, args: { name: 'ITM regions' } },
    { name: 'thread_name', ph: 'M', pid: 1, tid: 3, args: { name: 'functions' } },
  ];
  for (const w of r.windows)
    ev.push({ name: w.name, cat: w.kind, ph: 'X', pid: 1, tid: w.kind === 'pin' ? 1 : 2, ts: us(w.startCycle), dur: us(w.endCycle) - us(w.startCycle), args: { step: w.step, cycles: w.cycles, energy_mJ: w.energyJ * 1e3, power_mW: w.powerW * 1e3 } });
  const spans = [...r.spans].sort((a, b) => a.start - b.start || a.depth - b.depth);
  for (const s of spans) ev.push({ name: s.fn, cat: 'function', ph: 'X', pid: 1, tid: 3, ts: us(s.start), dur: us(s.end) - us(s.start), args: { cycles: s.end - s.start } });
  return JSON.stringify({ traceEvents: ev, displayTimeUnit: 'ms', otherData: { note: r.spansDropped > 0 ? `${r.spansDropped} function spans left out` : 'complete' } }) + '\n';
}

/** SVG bar chart: mean energy per training step of each layer, forward and backward stacked
 * (regions named "<layer>.<kind>"), with latency in the labels. */
export function layerChartSvg(r: ProfileResult, title = 'energy per layer and training step'): string {
  const steps = Math.max(1, r.windows.filter((w) => w.name === 'train_step').length);
  const layers: string[] = [];
  const kinds = ['forward', 'backward', 'update'];
  const val = new Map<string, { e: number; s: number }>();
  for (const g of r.regions) {
    if (g.kind !== 'region') continue;
    const [layer, kind] = g.name.split('.');
    if (!layers.includes(layer)) layers.push(layer);
    val.set(`${layer}.${kind}`, { e: g.energyJ / steps, s: g.seconds / steps });
  }
  const W = 760, H = 60 + 26 * Math.max(layers.length, 1) + 40, L = 130, R = 140;
  const max = Math.max(1e-12, ...layers.map((l) => kinds.reduce((a, k) => a + (val.get(`${l}.${k}`)?.e ?? 0), 0)));
  const colors: Record<string, string> = { forward: '#4e79a7', backward: '#e15759', update: '#76b7b2' };
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  let s = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">\n`;
  s += `<rect width="${W}" height="${H}" fill="white"/>\n<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>\n`;
  s += `<text x="${W / 2}" y="36" text-anchor="middle" fill="#555">${esc(r.elf)}, mean of ${steps} step(s); bar = mJ, label = mJ / ms</text>\n`;
  layers.forEach((l, i) => {
    const y = 50 + i * 26;
    s += `<text x="${L - 6}" y="${y + 14}" text-anchor="end">${esc(l)}</text>\n`;
    let x = L;
    let e = 0;
    let t = 0;
    for (const k of kinds) {
      const v = val.get(`${l}.${k}`);
      if (!v) continue;
      const w = ((W - L - R) * v.e) / max;
      s += `<rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="20" fill="${colors[k]}"><title>${esc(l)} ${k}: ${(v.e * 1e3).toFixed(4)} mJ, ${(v.s * 1e3).toFixed(3)} ms</title></rect>\n`;
      x += w;
      e += v.e;
      t += v.s;
    }
    s += `<text x="${(x + 4).toFixed(2)}" y="${y + 14}">${(e * 1e3).toFixed(3)} / ${(t * 1e3).toFixed(2)}</text>\n`;
  });
  const ly = H - 18;
  kinds.forEach((k, i) => {
    s += `<rect x="${L + i * 110}" y="${ly - 10}" width="12" height="12" fill="${colors[k]}"/><text x="${L + i * 110 + 16}" y="${ly}">${k}</text>\n`;
  });
  return s + '</svg>\n';
}
