/**
 * Small pieces of markup the HTML sections share. Everything from the input goes through
 * `htmlText` (core/report/escape.ts) here or in the section that prints it; ids and
 * classes are the renderer's own (role ids are ranks, never names).
 */
import { escapeHtml, htmlText } from '../escape.ts';
import type { RiskLabel } from '../schema.ts';

/** 1,234 */
export const num = (n: number): string => n.toLocaleString('en-US');

/** The date part of an ISO time, `?` when unknown. */
export const day = (iso: string | undefined): string => (iso ? `<span class="date">${htmlText(iso.slice(0, 10), 10)}</span>` : '?');

/** Input text (an ARN, an error code) as inline code that may wrap anywhere. */
export const code = (text: string, max = 300): string => `<code>${htmlText(text, max)}</code>`;

/** An action name (`s3:GetObject`) as inline code that never wraps. */
export const action = (text: string): string => `<code class="a">${htmlText(text, 120)}</code>`;

/** The id of a role's section: its rank. */
export const roleId = (rank: number): string => `role-${rank}`;

/** A risk label as a badge whose words (not only its colour) say the risk. */
export function riskBadge(risk: RiskLabel): string {
  return `<span class="risk risk-${risk}">risk: ${risk}</span>`;
}

/** "a, b, c and 12 more": the first `max` items, each through `item`. */
export function listOf(items: readonly string[], max: number, item: (text: string) => string = (t) => code(t, 200)): string {
  const shown = items.slice(0, max).map(item).join(', ');
  return items.length > max ? `${shown} and ${num(items.length - max)} more` : shown;
}

/** A list of values as a quoted, escaped attribute value that the page's script reads with `JSON.parse`. */
export function dataList(values: readonly string[]): string {
  return `"${escapeHtml(JSON.stringify([...values]))}"`;
}

/** Column classes a header may ask for with a prefix: `n:Calls` (right-aligned numbers), `msg:Message` (long, small text). */
const COLUMN_CLASS = { n: 'n', msg: 'msg' } as const;

function column(header: string): { text: string; cls: string } {
  const m = /^(n|msg):(.*)$/.exec(header);
  return m ? { text: m[2]!, cls: ` class="${COLUMN_CLASS[m[1] as keyof typeof COLUMN_CLASS]}"` } : { text: header, cls: '' };
}

/** A table: caption, column headers (see `COLUMN_CLASS`) and rows of cells already in markup; the first cell of a row heads it. */
export function table(caption: string, headers: readonly string[], rows: readonly string[][], cls = ''): string {
  const cols = headers.map(column);
  const head = cols.map((c) => `<th scope="col"${c.cls}>${c.text}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<td${cols[i]?.cls ?? ''}>${cell}</td>`)).join('')}</tr>`).join('');
  return `<table${cls ? ` class="${cls}"` : ''}><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
