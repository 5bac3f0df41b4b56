/**
 * The report as one self-contained HTML page: inline CSS, inline SVG charts, one small
 * inline script; it loads nothing when opened (its Content-Security-Policy forbids every
 * fetch, so not even a crafted value could make it), reads offline and prints. Sections:
 * the summary, the roles ranked by risk (filterable), the trend over the archived weeks and
 * the week's drift when there are earlier reports, then one section per role.
 *
 * Every text from the input passes through `htmlText` (core/report/escape.ts).
 */
import { htmlText } from '../escape.ts';
import { DATA_EVENT_ASSUMPTION, holdsDataEvents } from '../labels.ts';
import type { Report } from '../schema.ts';
import type { TrendPoint } from '../trend.ts';
import { reportView } from '../view.ts';
import { patternDefs } from './charts.ts';
import { driftSection, trendSection } from './history.ts';
import { overviewSection, summarySection } from './overview.ts';
import { roleSection } from './role.ts';
import { SCRIPT, SCRIPT_SHA256 } from './script.ts';
import { STYLE } from './style.ts';

export interface HtmlOptions {
  /**
   * The weeks to draw, oldest first, this report's own week last (`trendSeries` in
   * core/report/trend.ts). Default none: no trend section.
   */
  trend?: readonly TrendPoint[];
}

// Nothing may be fetched: no default source; the inline style and the one script (by hash)
// are allowed, images only as data: URLs (none are used today), no base, no form target.
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_SHA256}'; img-src data:; base-uri 'none'; form-action 'none'`;

const GLOSSARY = `<details id="glossary"><summary>What the words mean</summary><dl>
<dt>Used</dt><dd>The role's sessions called the action successfully (or with an error other than access denied) in the window. Calls an AWS service made on the role's behalf count, and are marked.</dd>
<dt>Unused</dt><dd>Granted, and CloudTrail in this input would have shown a call of it, and there was none in the window. Every role says what that rests on (its evidence).</dd>
<dt>Not observable</dt><dd>Granted and not seen, but its absence proves nothing: no API call carries it (permission-only), CloudTrail does not log it, or the input holds no data events for its service. Kept in the suggested policy.</dd>
<dt>Denied</dt><dd>Calls refused with an access-denied error, with the cause read from the message. Denied calls never count as use.</dd>
<dt>Suggested policy</dt><dd>Exactly the used actions the role holds today plus the not-observable ones, resources narrowed to what was observed where the grant provably covers them; never broader than today's grant.</dd>
</dl></details>`;

/** Render the report as a self-contained HTML page. */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const view = reportView(report);
  const body = [
    '<a class="skip" href="#roles">Skip to the roles</a>',
    patternDefs(),
    summarySection(view),
    '<main>',
    GLOSSARY,
    overviewSection(view),
    trendSection(view, options.trend ?? []),
    driftSection(view.drift),
    `<section id="roles" aria-labelledby="roles-h"><h2 id="roles-h">Each role, riskiest first</h2>${view.roles.map(roleSection).join('\n')}</section>`,
    '</main>',
    `<footer>policy-drift · ${htmlText(report.catalog.source, 60)} ${htmlText(report.catalog.version ?? '', 40)} · schema ${report.schemaVersion}. ` +
      'Unused: granted, observable in this input, never called in the window. Not observable: CloudTrail could not have shown a call; kept in the suggestion. Denied calls never count as use.' +
      `${holdsDataEvents(report) ? ` ${DATA_EVENT_ASSUMPTION}` : ''}</footer>`,
  ];
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">' +
    `<title>policy-drift: least-privilege report, ${htmlText(view.window.start.slice(0, 10), 10)} to ${htmlText(view.window.end.slice(0, 10), 10)}</title>` +
    `<style>${STYLE}</style></head>\n<body>\n${body.join('\n')}\n<script>${SCRIPT}</script>\n</body></html>\n`
  );
}
