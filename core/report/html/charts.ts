/**
 * Charts as inline SVG: a stacked bar (what a role's grant is made of) and a line chart with
 * a point per week (the trend). Every fill is a colour from a colour-blind-safe palette and
 * a pattern of its own (solid, stripes, dots, cross-hatch), so the kinds stay apart in
 * greyscale and in print. Charts carry a text equivalent (`aria-label`, `<title>` per mark)
 * and always stand next to the numbers they draw.
 *
 * Captions and labels are the renderer's own words; week labels are escaped here, since
 * `--history` reads them from files.
 */
import { htmlText } from '../escape.ts';

/** What a bar segment counts. */
export type SegmentKind = 'used' | 'unused' | 'not-observable' | 'denied';

export interface Segment {
  kind: SegmentKind;
  value: number;
}

/** The words for each kind, as in the text report. */
export const SEGMENT_LABEL: Record<SegmentKind, string> = {
  used: 'used',
  unused: 'unused',
  'not-observable': 'not observable',
  denied: 'denied',
};

const FILL: Record<SegmentKind, string> = {
  used: '#0072b2',
  unused: 'url(#pd-unused)',
  'not-observable': 'url(#pd-not-observable)',
  denied: 'url(#pd-denied)',
};

/**
 * The patterns every chart refers to, defined once per page (fragment references reach
 * across the page's inline SVGs; nothing is fetched).
 */
export function patternDefs(): string {
  return (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false"><defs>' +
    '<pattern id="pd-unused" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    '<rect width="6" height="6" fill="#d55e00"/><rect width="2" height="6" fill="#fff" fill-opacity=".55"/></pattern>' +
    '<pattern id="pd-not-observable" width="5" height="5" patternUnits="userSpaceOnUse">' +
    '<rect width="5" height="5" fill="#d9d9d9"/><circle cx="2.5" cy="2.5" r="1" fill="#444"/></pattern>' +
    '<pattern id="pd-denied" width="6" height="6" patternUnits="userSpaceOnUse">' +
    '<rect width="6" height="6" fill="#222"/><path d="M0 0L6 6M6 0L0 6" stroke="#fff" stroke-width="1"/></pattern>' +
    '</defs></svg>'
  );
}

/** A small sample of a kind's fill, for legends. */
export function swatch(kind: SegmentKind): string {
  return `<svg width="18" height="12" aria-hidden="true" focusable="false"><rect width="18" height="12" fill="${FILL[kind]}"/></svg>`;
}

/** The legend of the given kinds. */
export function legend(kinds: readonly SegmentKind[], explain: Partial<Record<SegmentKind, string>> = {}): string {
  const items = kinds.map((k) => `<li>${swatch(k)}${SEGMENT_LABEL[k]}${explain[k] ? ` <span class="muted">(${explain[k]})</span>` : ''}</li>`);
  return `<ul class="legend">${items.join('')}</ul>`;
}

/** How the bar's length is set. */
export type BarScale =
  /** The segments fill the bar: what the whole is made of. */
  | { kind: 'share' }
  /** The bar is as long as its total relative to `max`: comparable across rows. */
  | { kind: 'absolute'; max: number };

/** "6 used, 250 unused, …": the bar's text equivalent. */
export function segmentsText(segments: readonly Segment[]): string {
  return segments.filter((s) => s.value > 0).map((s) => `${s.value.toLocaleString('en-US')} ${SEGMENT_LABEL[s.kind]}`).join(', ') || 'none';
}

/**
 * A horizontal stacked bar. A segment that is not zero is at least 2 px wide, so a handful
 * of used actions among thousands of unused ones still shows.
 */
export function stackedBar(segments: readonly Segment[], scale: BarScale, width = 180, height = 14): string {
  const total = segments.reduce((n, s) => n + s.value, 0);
  const full = scale.kind === 'share' ? width : scale.max > 0 ? (width * total) / scale.max : 0;
  const visible = segments.filter((s) => s.value > 0);
  const widths = visible.map((s) => Math.max(2, total > 0 ? (full * s.value) / total : 0));
  // Minimum widths may overshoot the bar: scale back down to fit.
  const drawn = widths.reduce((n, w) => n + w, 0);
  const k = drawn > width ? width / drawn : 1;
  let x = 0;
  const rects = visible.map((s, i) => {
    const w = widths[i]! * k;
    const rect = `<rect x="${x.toFixed(1)}" width="${w.toFixed(1)}" height="${height}" fill="${FILL[s.kind]}"><title>${s.value.toLocaleString('en-US')} ${SEGMENT_LABEL[s.kind]}</title></rect>`;
    x += w;
    return rect;
  });
  const label = segmentsText(segments);
  return `<svg class="bar" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}"><rect width="${width}" height="${height}" fill="#f1f1f1"/>${rects.join('')}</svg>`;
}

/** One value of a line chart. */
export interface ChartPoint {
  /** The x label, e.g. `2026-W47`. */
  label: string;
  value: number;
}

const CHART = { width: 300, height: 120, left: 36, right: 10, top: 10, bottom: 24 };

/**
 * A line chart with one marked point per value (class `trend-point`, `data-week` = its label),
 * the y axis from zero to the largest value, first and last labels on the x axis.
 */
export function lineChart(points: readonly ChartPoint[], caption: string): string {
  const { width, height, left, right, top, bottom } = CHART;
  const max = Math.max(1, ...points.map((p) => p.value));
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const xOf = (i: number) => left + (points.length > 1 ? (plotW * i) / (points.length - 1) : plotW / 2);
  const yOf = (v: number) => top + plotH - (plotH * v) / max;
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${xOf(i).toFixed(1)} ${yOf(p.value).toFixed(1)}`).join('');
  const labels = points.map((p) => htmlText(p.label, 40));
  const marks = points.map(
    (p, i) =>
      `<circle class="trend-point" data-week="${labels[i]}" cx="${xOf(i).toFixed(1)}" cy="${yOf(p.value).toFixed(1)}" r="3.5" fill="#fff" stroke="#0072b2" stroke-width="2"><title>${labels[i]}: ${p.value.toLocaleString('en-US')}</title></circle>`,
  );
  const text = points.map((p, i) => `${labels[i]} ${p.value.toLocaleString('en-US')}`).join(', ');
  return (
    `<figure><figcaption>${caption}</figcaption>` +
    `<svg class="line-chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${caption} by week: ${text}">` +
    `<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="#888"/>` +
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#888"/>` +
    `<text class="chart-axis" x="${left - 4}" y="${top + 4}" text-anchor="end">${max.toLocaleString('en-US')}</text>` +
    `<text class="chart-axis" x="${left - 4}" y="${top + plotH}" text-anchor="end">0</text>` +
    (labels.length ? `<text class="chart-axis" x="${xOf(0)}" y="${height - 6}" text-anchor="start">${labels[0]}</text>` : '') +
    (labels.length > 1 ? `<text class="chart-axis" x="${xOf(labels.length - 1)}" y="${height - 6}" text-anchor="end">${labels.at(-1)}</text>` : '') +
    `<path d="${path}" fill="none" stroke="#0072b2" stroke-width="2"/>${marks.join('')}</svg></figure>`
  );
}

/** A word-sized line of values (no axes): a role's unused permissions week by week. */
export function sparkline(values: readonly number[], label: string, width = 90, height = 20): string {
  const max = Math.max(1, ...values);
  const xOf = (i: number) => (values.length > 1 ? 2 + ((width - 4) * i) / (values.length - 1) : width / 2);
  const yOf = (v: number) => 2 + (height - 4) * (1 - v / max);
  const path = values.map((v, i) => `${i ? 'L' : 'M'}${xOf(i).toFixed(1)} ${yOf(v).toFixed(1)}`).join('');
  const end = values.length ? `<circle cx="${xOf(values.length - 1).toFixed(1)}" cy="${yOf(values.at(-1)!).toFixed(1)}" r="2" fill="#0072b2"/>` : '';
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}"><path d="${path}" fill="none" stroke="#0072b2" stroke-width="1.5"/>${end}</svg>`;
}
