// Line plots of per-epoch curves as SVG (with text) and PNG (tick labels only).
import { Canvas } from './png.ts';

export interface Series {
  label: string;
  color: [number, number, number];
  points: [number, number][];
  dashed?: boolean;
}

export interface PlotSpec {
  title: string;
  xlabel: string;
  ylabel: string;
  series: Series[];
  ymin?: number;
  ymax?: number;
}

function bounds(p: PlotSpec) {
  const xs = p.series.flatMap((s) => s.points.map((q) => q[0]));
  const ys = p.series.flatMap((s) => s.points.map((q) => q[1])).filter((v) => Number.isFinite(v));
  let x0 = Math.min(...xs, 0), x1 = Math.max(...xs, 1);
  let y0 = p.ymin ?? Math.min(...ys), y1 = p.ymax ?? Math.max(...ys);
  if (!Number.isFinite(y0) || !Number.isFinite(y1)) (y0 = 0), (y1 = 1);
  if (y1 - y0 < 1e-9) (y0 -= 1), (y1 += 1);
  const pad = (y1 - y0) * 0.05;
  if (p.ymin === undefined) y0 -= pad;
  if (p.ymax === undefined) y1 += pad;
  if (x1 === x0) x1 = x0 + 1;
  return { x0, x1, y0, y1 };
}

function ticks(a: number, b: number, n = 5): number[] {
  const step0 = (b - a) / n;
  const mag = Math.pow(10, Math.floor(Math.log10(step0)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let v = Math.ceil(a / step) * step; v <= b + 1e-9; v += step) out.push(Number(v.toPrecision(6)));
  return out;
}

const hex = (c: [number, number, number]) => '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function plotSvg(p: PlotSpec, W = 640, H = 400): string {
  const { x0, x1, y0, y1 } = bounds(p);
  const L = 70, R = 170, T = 40, B = 50;
  const sx = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y: number) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
  const o: string[] = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`);
  o.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  o.push(`<text x="${W / 2 - R / 2}" y="22" text-anchor="middle" font-size="15">${esc(p.title)}</text>`);
  o.push(`<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="black"/>`);
  for (const t of ticks(x0, x1)) o.push(`<text x="${sx(t)}" y="${H - B + 16}" text-anchor="middle">${t}</text>`);
  for (const t of ticks(y0, y1)) {
    o.push(`<line x1="${L}" x2="${W - R}" y1="${sy(t)}" y2="${sy(t)}" stroke="#ddd"/>`);
    o.push(`<text x="${L - 6}" y="${sy(t) + 4}" text-anchor="end">${t}</text>`);
  }
  o.push(`<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">${esc(p.xlabel)}</text>`);
  o.push(`<text x="16" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(T + H - B) / 2})">${esc(p.ylabel)}</text>`);
  p.series.forEach((s, i) => {
    const pts = s.points.filter((q) => Number.isFinite(q[1]));
    if (pts.length) {
      const d = pts.map((q, j) => `${j ? 'L' : 'M'}${sx(q[0]).toFixed(1)},${sy(q[1]).toFixed(1)}`).join(' ');
      o.push(`<path d="${d}" fill="none" stroke="${hex(s.color)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6,4"' : ''}/>`);
      if (pts.length < 40 && !s.dashed) for (const q of pts) o.push(`<circle cx="${sx(q[0])}" cy="${sy(q[1])}" r="2.5" fill="${hex(s.color)}"/>`);
    }
    const ly = T + 10 + i * 18;
    o.push(`<line x1="${W - R + 10}" x2="${W - R + 34}" y1="${ly}" y2="${ly}" stroke="${hex(s.color)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6,4"' : ''}/>`);
    o.push(`<text x="${W - R + 40}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  o.push('</svg>');
  return o.join('\n') + '\n';
}

export function plotPng(p: PlotSpec, W = 640, H = 400): Uint8Array {
  const { x0, x1, y0, y1 } = bounds(p);
  const L = 70, R = 40, T = 20, B = 40;
  const c = new Canvas(W, H);
  const sx = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y: number) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
  const k: [number, number, number] = [0, 0, 0];
  for (const t of ticks(y0, y1)) {
    c.line(L, sy(t), W - R, sy(t), [225, 225, 225]);
    const s = String(t);
    c.text(L - 6 - s.length * 8, sy(t) - 5, s, k);
  }
  for (const t of ticks(x0, x1)) c.text(sx(t) - String(t).length * 4, H - B + 8, String(t), k);
  c.line(L, T, L, H - B, k);
  c.line(L, H - B, W - R, H - B, k);
  c.line(W - R, T, W - R, H - B, k);
  c.line(L, T, W - R, T, k);
  for (const s of p.series) {
    const pts = s.points.filter((q) => Number.isFinite(q[1]));
    for (let j = 1; j < pts.length; j++) {
      if (s.dashed && j % 2) continue;
      c.line(sx(pts[j - 1][0]), sy(pts[j - 1][1]), sx(pts[j][0]), sy(pts[j][1]), s.color, 2);
    }
    if (s.dashed && pts.length === 2) {
      const n = 24;
      for (let j = 0; j < n; j += 2) {
        const a = pts[0][0] + ((pts[1][0] - pts[0][0]) * j) / n, b = pts[0][0] + ((pts[1][0] - pts[0][0]) * (j + 1)) / n;
        c.line(sx(a), sy(pts[0][1]), sx(b), sy(pts[1][1]), s.color, 1);
      }
    }
  }
  return c.png();
}
