/**
 * The report as Markdown, for a ticket or a pull request. Every string of the report is
 * escaped (`mdText`, which also keeps URLs from becoming links) or placed in a code span
 * (`code`), so an ARN or error message cannot inject links, images, entities or layout;
 * suggested policies go in a fence no policy value can close, escaped by `displayJson`.
 *
 * `markdownReportLines` yields the report a line at a time; `renderMarkdown` joins them.
 */
import { code, fencedJson, mdText } from './escape.ts';
import { markdownCheckLines, markdownLastAccessedFindings, markdownLastAccessedLines, markdownStrongestLines } from './evidence-lines.ts';
import { DATA_EVENT_ASSUMPTION, REASON_LABEL, causeLabel, driftPhrases, holdsDataEvents, levelCounts, noteVerb, plural } from './labels.ts';
import type { Report } from './schema.ts';
import { unusedDigest, type ServiceDigest } from './unused-digest.ts';
import { omittedSentence, printedSuggestion } from './printed-suggestion.ts';
import { reportView, type DriftView, type ReportView, type RoleView } from './view.ts';
import { markdownSplitLines, markdownWorkloadLines } from './workload-lines.ts';
import { workloadEntryLabel } from './workload-view.ts';

/** The report as Markdown, one line at a time (without line ends). */
export function* markdownReportLines(report: Report): Generator<string> {
  const view = reportView(report);
  yield* headerLines(view);
  if (view.drift) yield* driftLines(view.drift);
  yield '| # | Role | Used as | Risk | Used | Unused | Not observable | Denied calls |';
  yield '|---|---|---|---|---|---|---|---|';
  for (const { role: r, rank, risk, deniedCalls } of view.roles) {
    yield `| ${rank} | ${code(r.roleName, 80)} | ${r.usedAs.map((u) => mdText(u, 40)).join(', ') || '—'} | ${risk} | ${r.used.length} | ${r.unused.length} | ${r.notObservable.length} | ${deniedCalls} |`;
  }
  for (const role of view.roles) {
    yield '';
    yield* roleLines(role);
  }
  yield '';
  yield '_Unused: granted, observable in this input, never called in the window. Not observable: CloudTrail could not have shown a call; kept in the suggestion._';
  if (holdsDataEvents(report)) yield `_${DATA_EVENT_ASSUMPTION}_`;
}

/** Render the report as Markdown. */
export function renderMarkdown(report: Report): string {
  return [...markdownReportLines(report)].join('\n') + '\n';
}

const day = (iso: string) => mdText(iso.slice(0, 10), 10);

function headerLines({ report, window: w, totals: t }: ReportView): string[] {
  const i = report.input;
  const out: string[] = [];
  out.push('# policy-drift: least-privilege report');
  out.push('');
  out.push(`- **Window:** ${mdText(w.start, 40)} → ${mdText(w.end, 40)}${w.days !== undefined ? ` (${plural(w.days, 'day')})` : ''}`);
  out.push(`- **Input:** ${plural(i.records, 'CloudTrail record')}, ${i.attributed.toLocaleString('en-US')} by tracked roles, ${i.notTracked.toLocaleString('en-US')} by other principals; skipped: ${Object.entries(i.skipped).map(([k, v]) => `${mdText(k, 80)} ${v}`).join(', ') || 'none'}`);
  out.push(`- **Data events present for:** ${i.dataEventServices.map((s) => code(s, 80)).join(', ') || 'none'}`);
  out.push(`- **Roles:** ${t.roles} tracked, ${t.unused} unused permissions, ${t.deniedCalls} denied calls, ${t.wildcardRoles} with wildcard grants`);
  for (const p of report.problems) out.push(`- ⚠️ ${mdText(p)}`);
  for (const x of report.excludedRoles ?? []) out.push(`- Excluded by scope: ${code(x.roleArn)} (${mdText(x.reason)})`);
  out.push('');
  return out;
}

function roleLines(view: RoleView): string[] {
  const { role, rank, risk } = view;
  const out: string[] = [];
  out.push(`## ${rank}. ${mdText(role.roleName, 128)} (${role.usedAs.map((u) => mdText(u, 40)).join(' + ') || 'named with --role'}, risk: ${risk})`);
  out.push('');
  out.push(`${code(role.roleArn)}`);
  out.push('');
  if (role.workloads.length) out.push(`**Workloads:** ${role.workloads.map((w) => code(workloadEntryLabel(w), 120)).join(', ')}`, '');
  if (role.grantsStatus === 'unknown') out.push(`**Grants unknown:** ${role.grantProblems.map((p) => mdText(p)).join('; ')}`, '');
  for (const wg of role.wildcardGrants) {
    out.push(`- ⚠️ wildcard grant ${code(`${wg.policy}${wg.sid ? `#${wg.sid}` : ''}`, 120)}: ${wg.actions.map((a) => code(a, 80)).join(', ')} on ${wg.resources.map((r) => code(r, 160)).join(', ')}`);
  }
  if (role.wildcardGrants.length) out.push('');
  out.push(`**Evidence:** ${mdText(role.evidence, 600)}`, '');
  out.push(...markdownLastAccessedLines(role));
  out.push(...usedLines(view));
  out.push(...markdownWorkloadLines(role));
  out.push(...markdownLastAccessedFindings(role));
  if (role.grantsStatus !== 'unknown') out.push(...unseenLines(view));
  out.push(...deniedLines(view));
  if (role.consider.length) {
    out.push('### Consider adding', '', ...role.consider.map((k) => `- ${code(k.action)}${k.resources.length ? ` on ${k.resources.map((r) => code(r, 160)).join(', ')}` : ''}`), '');
  }
  out.push(...suggestionLines(view));
  out.push(...markdownSplitLines(role));
  return out;
}

function usedLines({ role }: RoleView): string[] {
  if (!role.used.length) return [];
  const out = ['### Used', '', '| Action | Calls | Sessions | Last seen | Resources |', '|---|---|---|---|---|'];
  for (const u of role.used) {
    const res = u.resources.slice(0, 3).map((r) => code(r, 120)).join('<br>') + (u.resources.length > 3 || u.resourcesTruncated ? ' …' : '');
    out.push(`| ${code(u.action)}${u.granted ? '' : ' (not granted by its policies)'} | ${u.count} | ${u.sessions} | ${day(u.lastSeen)} | ${res} |`);
  }
  out.push('');
  return out;
}

function unseenLines(view: RoleView): string[] {
  const { role, unusedLevels, notObservableByReason } = view;
  const out = [`### Unused (${role.unused.length})`, '', ...markdownStrongestLines(role)];
  if (role.unused.length) out.push(unusedLevels, '', ...unusedTable(view));
  out.push(`### Not observable (${role.notObservable.length})`, '');
  if (notObservableByReason.length) out.push(notObservableByReason.map(([r, k]) => `${k} ${REASON_LABEL[r]}`).join(' · '), '');
  return out;
}

/** One row per service; past `LISTED_SERVICES`, the rest named in two paragraphs (the JSON report lists every action). */
function unusedTable({ role, unusedServices }: RoleView): string[] {
  const digest = unusedDigest(role, unusedServices);
  const out = ['| Service | Unused | By access level | Examples |', '|---|---|---|---|'];
  const row = (s: ServiceDigest, what: string) => `| ${code(s.service)} | ${s.total} | ${levelCounts(s.byLevel)} | ${what} |`;
  const examples = (s: ServiceDigest) => s.examples.map((e) => code(e)).join(', ');
  if (!digest.compressed) {
    out.push(...digest.listed.map((s) => row(s, examples(s))), '');
    return out;
  }
  for (const s of digest.listed) {
    const allBut = s.except ? `all ${s.granted} granted${s.except.length ? ` but ${s.except.map((e) => code(e)).join(', ')}` : ''}` : undefined;
    out.push(row(s, allBut ?? `of ${s.granted} granted, e.g. ${examples(s)}`));
  }
  out.push('');
  const rest = (label: string, services: ServiceDigest[], item: (s: ServiceDigest) => string) => {
    if (!services.length) return;
    const total = services.reduce((k, s) => k + s.total, 0);
    out.push(`**${label} in ${plural(services.length, 'more service')} (${total.toLocaleString('en-US')} actions):** ${services.map(item).join(', ')}`, '');
  };
  rest('Every granted action unused', digest.whollyUnused, (s) => `${code(s.service, 40)} ${s.total}`);
  rest('Some granted actions unused', digest.partlyUnused, (s) => `${code(s.service, 40)} ${s.total} of ${s.granted}`);
  out.push('_The JSON report lists every unused action._', '');
  return out;
}

function deniedLines({ role }: RoleView): string[] {
  if (!role.denied.length) return [];
  const out = ['### Denied', '', '| Action | Calls | Error | Cause | Last seen | Resources |', '|---|---|---|---|---|---|'];
  for (const d of role.denied) {
    out.push(`| ${code(d.action)} | ${d.count} | ${code(d.errorCode, 60)} | ${causeLabel(d)} | ${day(d.lastSeen)} | ${d.resources.slice(0, 3).map((r) => code(r, 120)).join('<br>')} |`);
  }
  out.push('');
  return out;
}

function suggestionLines({ role }: RoleView): string[] {
  if (!role.suggestedPolicies.length && !role.suggestionNote) return [];
  const out = ['### Suggested policy', '', ...markdownCheckLines(role)];
  if (role.suggestionNote) out.push(mdText(role.suggestionNote, 600), '');
  const narrowed = new Map((role.narrowed ?? []).map((n) => [n.sid, n]));
  const printed = printedSuggestion(role.suggestedPolicies);
  for (const doc of printed.shown) {
    // Observed ARNs end up in the policy: written as JSON escapes, in a fence no value closes.
    out.push(...fencedJson(doc), '');
    const notes = doc.Statement.flatMap((st) => {
      const n = narrowed.get(st.Sid);
      return n ? [`- ${code(st.Sid, 128)} ${noteVerb(n)} ${n.from.map((f) => `${code(f.grantedBy, 128)} (${f.resources.map((r) => code(r, 160)).join(', ')})`).join('; ')}`] : [];
    });
    if (notes.length) out.push(...notes, '');
  }
  if (printed.omitted) out.push(`_${omittedSentence(printed.omitted, 'the JSON report (`--format json`) holds every document')}_`, '');
  return out;
}

function driftLines(drift: DriftView): string[] {
  const out = [`## Since the previous report (${mdText(drift.previousGeneratedAt, 40)})`, ''];
  if (drift.changed.length === 0 && drift.removedRoles.length === 0) out.push('No change in grants, use or denials.');
  for (const d of drift.changed) {
    const phrases = driftPhrases(d, (x) => code(x, 160), 10);
    out.push(`- ${code(d.roleName, 128)}: ${d.escalation ? '**gained broader permissions**; ' : ''}${phrases.join('; ')}`);
  }
  for (const r of drift.removedRoles) out.push(`- ${code(r)}: no longer used by any ECS task definition`);
  out.push('');
  return out;
}
