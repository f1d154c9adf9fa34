import { fmt } from '../summary.js';
import { html, join, type SafeHtml } from './escape.js';

/**
 * Inline SVG charts drawn on the server: no chart library, no script, nothing fetched, so a
 * report opened from file:// looks the same offline. Every label passes through {@link html}.
 */

/** A proportion with its interval, all in [0, 1]. */
export interface Interval {
  rate: number;
  low: number;
  high: number;
}

/** Colours of series, in order; cycled when there are more series. */
export const PALETTE = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f'];

/** The colour of series `i`. */
export function seriesColour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** A number rounded for SVG coordinates (keeps files small). */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * A one-row bar on a [0, 1] axis: the bar reaches the rate, a whisker spans the interval.
 * `width` × 16 px; the title gives the figures for a pointer or screen reader.
 */
export function intervalBar(interval: Interval, width = 160): SafeHtml {
  const x = (v: number): string => n(2 + Math.min(1, Math.max(0, v)) * (width - 4));
  return html`<svg class="interval-bar" width="${width}" height="16" viewBox="0 0 ${width} 16" role="img"><title>${fmt(interval.rate)} [${fmt(interval.low)}, ${fmt(interval.high)}]</title><rect x="2" y="3" width="${width - 4}" height="10" fill="#eef2f7"/><rect x="2" y="3" width="${n(Number(x(interval.rate)) - 2)}" height="10" fill="#93c5fd"/><line x1="${x(interval.low)}" x2="${x(interval.high)}" y1="8" y2="8" stroke="#1e3a8a" stroke-width="2"/><line x1="${x(interval.low)}" x2="${x(interval.low)}" y1="4" y2="12" stroke="#1e3a8a"/><line x1="${x(interval.high)}" x2="${x(interval.high)}" y1="4" y2="12" stroke="#1e3a8a"/></svg>`;
}

/**
 * A small histogram: one bar per bin, heights relative to the largest bin (an empty histogram
 * draws only its baseline). `counts` are bin counts over [0, 1] in order.
 */
export function histogram(counts: readonly number[], colour: string, width = 120, height = 36): SafeHtml {
  const max = Math.max(0, ...counts);
  const bar = counts.length === 0 ? 0 : width / counts.length;
  const bars = counts.map((count, i) => {
    const h = max === 0 ? 0 : (count / max) * (height - 2);
    return html`<rect x="${n(i * bar + 0.5)}" y="${n(height - 1 - h)}" width="${n(Math.max(1, bar - 1))}" height="${n(h)}" fill="${colour}"><title>${fmt(i / counts.length, 1)}–${fmt((i + 1) / counts.length, 1)}: ${count}</title></rect>`;
  });
  return html`<svg class="histogram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${bars}<line x1="0" x2="${width}" y1="${height - 0.5}" y2="${height - 0.5}" stroke="#94a3b8"/></svg>`;
}

/** One point of a {@link scatter}: x in the caller's unit, y an interval in [0, 1]. */
export interface ScatterPoint {
  label: string;
  /** Index into {@link PALETTE}, so an agent keeps its colour across charts. */
  colour: number;
  x: number;
  y: Interval;
}

const PLOT = { width: 640, height: 320, left: 56, right: 16, top: 16, bottom: 44 };

function yAxis(y: (v: number) => number): SafeHtml {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map(
    (t) => html`<line x1="${PLOT.left}" x2="${PLOT.width - PLOT.right}" y1="${n(y(t))}" y2="${n(y(t))}" stroke="#e2e8f0"/><text x="${PLOT.left - 6}" y="${n(y(t) + 4)}" text-anchor="end">${fmt(t, 2)}</text>`,
  );
  return join(ticks);
}

/**
 * A scatter of intervals against a non-negative x (cost or tokens): each point has a vertical
 * whisker and its label (left of points in the right half, so long names stay inside). The x axis starts at 0 and ends at the largest x (or 1 when all are 0).
 */
export function scatter(points: readonly ScatterPoint[], xLabel: string, yLabel: string): SafeHtml {
  const maxX = Math.max(0, ...points.map((p) => p.x)) || 1;
  const x = (v: number): number => PLOT.left + (v / maxX) * (PLOT.width - PLOT.left - PLOT.right - 24);
  const y = (v: number): number => PLOT.top + (1 - v) * (PLOT.height - PLOT.top - PLOT.bottom);
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((t) => html`<text x="${n(x(t * maxX))}" y="${PLOT.height - PLOT.bottom + 16}" text-anchor="middle">${formatTick(t * maxX)}</text>`);
  const marks = points.map(
    (p) =>
      html`<g class="point"><line x1="${n(x(p.x))}" x2="${n(x(p.x))}" y1="${n(y(p.y.low))}" y2="${n(y(p.y.high))}" stroke="${seriesColour(p.colour)}" stroke-width="2"/><circle cx="${n(x(p.x))}" cy="${n(y(p.y.rate))}" r="5" fill="${seriesColour(p.colour)}"><title>${p.label}: ${fmt(p.y.rate)} [${fmt(p.y.low)}, ${fmt(p.y.high)}] at ${formatTick(p.x)}</title></circle><text x="${n(x(p.x) + (x(p.x) > PLOT.width / 2 ? -8 : 8))}" y="${n(y(p.y.rate) - 6)}" text-anchor="${x(p.x) > PLOT.width / 2 ? 'end' : 'start'}">${p.label}</text></g>`,
  );
  return html`<svg class="chart scatter" width="${PLOT.width}" height="${PLOT.height}" viewBox="0 0 ${PLOT.width} ${PLOT.height}" role="img">${yAxis(y)}${xTicks}<text x="${n((PLOT.width + PLOT.left) / 2)}" y="${PLOT.height - 8}" text-anchor="middle" class="axis-label">${xLabel}</text><text x="14" y="${n(PLOT.height / 2)}" transform="rotate(-90 14 ${n(PLOT.height / 2)})" text-anchor="middle" class="axis-label">${yLabel}</text>${marks}</svg>`;
}

/** A compact label for an axis tick: up to 4 significant digits, k / M for large numbers. */
export function formatTick(value: number): string {
  if (value >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (value >= 1e4) return `${Number((value / 1e3).toPrecision(3))}k`;
  return String(Number(value.toPrecision(4)));
}

/** One series of a {@link seriesChart}: a value per category, or undefined where it has none. */
export interface Series {
  name: string;
  points: ReadonlyArray<Interval | undefined>;
}

/**
 * Intervals per ordered category (versions, runs) for several series: a point with a whisker per
 * value, consecutive points of a series joined by a line, slightly offset per series so whiskers
 * do not hide each other. A legend names the series.
 */
export function seriesChart(categories: readonly string[], series: readonly Series[], yLabel: string): SafeHtml {
  const inner = PLOT.width - PLOT.left - PLOT.right;
  const step = inner / Math.max(1, categories.length);
  const offset = (s: number): number => (series.length <= 1 ? 0 : (s / (series.length - 1) - 0.5) * Math.min(24, step / 3));
  const x = (c: number, s: number): number => PLOT.left + step * (c + 0.5) + offset(s);
  const y = (v: number): number => PLOT.top + (1 - v) * (PLOT.height - PLOT.top - PLOT.bottom);
  const labels = categories.map((c, i) => html`<text x="${n(x(i, (series.length - 1) / 2))}" y="${PLOT.height - PLOT.bottom + 16}" text-anchor="middle">${clip(c, Math.max(6, Math.floor(step / 7)))}<title>${c}</title></text>`);
  const lines = series.map((s, si) => {
    const colour = seriesColour(si);
    const pts = s.points.map((p, ci) => (p ? { ci, p } : undefined)).filter((v): v is { ci: number; p: Interval } => v !== undefined);
    const path = pts.map(({ ci, p }) => `${n(x(ci, si))},${n(y(p.rate))}`).join(' ');
    const marks = pts.map(
      ({ ci, p }) =>
        html`<line x1="${n(x(ci, si))}" x2="${n(x(ci, si))}" y1="${n(y(p.low))}" y2="${n(y(p.high))}" stroke="${colour}" stroke-width="2"/><circle cx="${n(x(ci, si))}" cy="${n(y(p.rate))}" r="4" fill="${colour}"><title>${s.name} @ ${categories[ci]!}: ${fmt(p.rate)} [${fmt(p.low)}, ${fmt(p.high)}]</title></circle>`,
    );
    return html`<g class="series"><polyline points="${path}" fill="none" stroke="${colour}" stroke-opacity="0.6"/>${marks}</g>`;
  });
  const legend = series.map((s, si) => html`<span class="legend-item"><span class="swatch" style="background:${seriesColour(si)}"></span>${s.name}</span>`);
  return html`<figure class="trend"><svg class="chart series-chart" width="${PLOT.width}" height="${PLOT.height}" viewBox="0 0 ${PLOT.width} ${PLOT.height}" role="img">${yAxis(y)}${labels}<text x="14" y="${n(PLOT.height / 2)}" transform="rotate(-90 14 ${n(PLOT.height / 2)})" text-anchor="middle" class="axis-label">${yLabel}</text>${lines}</svg><figcaption class="legend">${legend}</figcaption></figure>`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
