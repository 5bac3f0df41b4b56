/**
 * The report in time: the trend over the archived weeks (in total and per role) and what
 * changed since the previous report. Both appear only when there is something earlier to
 * compare with.
 */
import { htmlText } from '../escape.ts';
import { driftPhrases } from '../labels.ts';
import type { TrendPoint, TrendRole } from '../trend.ts';
import type { DriftView, ReportView } from '../view.ts';
import { lineChart, sparkline } from './charts.ts';
import { code, num, roleId, table } from './markup.ts';

type Metric = 'unused' | 'wildcardGrants' | 'deniedCalls';

const METRICS: readonly { key: Metric; caption: string }[] = [
  { key: 'unused', caption: 'Unused permissions' },
  { key: 'wildcardGrants', caption: 'Wildcard statements' },
  { key: 'deniedCalls', caption: 'Denied calls' },
];

/** "250 (−12)": a value with its change since the week before (nothing when unknown or unchanged). */
function withChange(now: number, before: number | undefined): string {
  if (before === undefined || before === now) return num(now);
  const d = now - before;
  return `${num(now)} <span class="muted">(${d > 0 ? '+' : '−'}${num(Math.abs(d))})</span>`;
}

function roleRows(view: ReportView, series: readonly TrendPoint[]): string[][] {
  const weeks = series.map((p) => new Map(p.roles.map((r) => [r.roleArn, r])));
  return view.roles.map(({ role, rank }) => {
    const seen = weeks.map((w) => w.get(role.roleArn)).filter((r): r is TrendRole => !!r);
    const now = seen.at(-1);
    const before = seen.at(-2);
    const unused = seen.map((r) => r.unused);
    return [
      `<a href="#${roleId(rank)}">${htmlText(role.roleName, 128)}</a>`,
      sparkline(unused, `unused permissions over ${seen.length} weeks: ${unused.map(num).join(', ')}`),
      `${num(unused[0] ?? 0)} → ${withChange(now?.unused ?? 0, before?.unused)}`,
      withChange(now?.wildcardGrants ?? 0, before?.wildcardGrants),
      withChange(now?.deniedCalls ?? 0, before?.deniedCalls),
    ];
  });
}

/** The trend section; empty unless the series holds an earlier week. */
export function trendSection(view: ReportView, series: readonly TrendPoint[]): string {
  if (series.length < 2) return '';
  const charts = METRICS.map((m) => lineChart(series.map((p) => ({ label: p.week, value: p.totals[m.key] })), m.caption));
  const totals = table(
    'Totals by week',
    ['Week', 'n:Roles', 'n:Unused permissions', 'n:Wildcard statements', 'n:Denied calls'],
    series.map((p) => [htmlText(p.week, 20), num(p.totals.roles), num(p.totals.unused), num(p.totals.wildcardGrants), num(p.totals.deniedCalls)]),
  );
  const perRole = table(
    `Per role, from ${htmlText(series[0]!.week, 20)} to ${htmlText(series.at(-1)!.week, 20)} (change since the week before in brackets)`,
    ['Role', 'Unused, week by week', 'n:Unused', 'n:Wildcard statements', 'n:Denied calls'],
    roleRows(view, series),
  );
  return (
    `<section id="trend" aria-labelledby="trend-h"><h2 id="trend-h">Week by week (${series.length} weeks)</h2>` +
    `<div class="charts" id="trend-charts">${charts.join('')}</div>` +
    `<details><summary>The numbers behind the charts</summary>${totals}</details>${perRole}</section>`
  );
}

/** What changed since the previous report; empty without one. */
export function driftSection(drift: DriftView | undefined): string {
  if (!drift) return '';
  const item = (x: string) => code(x, 160);
  const lines = [
    ...drift.changed.map(
      (d) => `<li${d.escalation ? ' class="escalation"' : ''}>${code(d.roleName, 128)}: ${d.escalation ? '<strong>gained broader permissions</strong>; ' : ''}${driftPhrases(d, item, 10).join('; ')}</li>`,
    ),
    ...drift.removedRoles.map((r) => `<li>${code(r)}: no longer used by any ECS task definition</li>`),
  ];
  return (
    `<section id="drift" aria-labelledby="drift-h"><h2 id="drift-h">Since the previous report (${htmlText(drift.previousGeneratedAt, 40)})</h2>` +
    (lines.length ? `<ul>${lines.join('')}</ul>` : '<p>No change in grants, use or denials.</p>') +
    '</section>'
  );
}
