/**
 * The report as Markdown, for a ticket or a pull request. Every piece of text that came
 * from the input is escaped (`md`) or placed in a code span (`code`), so an ARN or error
 * message cannot inject links, images or layout.
 */
import { hasChanges, type Drift } from '../analyze/drift.ts';
import type { Report, RoleReport } from './schema.ts';
import { CAUSE_LABEL, REASON_LABEL, days, driftPhrases, levelCounts, notObservableCounts, plural, reportTotals, riskLabel, unusedByService } from './summaries.ts';
import { workloadLabel } from '../inventory/inventory.ts';

/** Escape Markdown punctuation and flatten control characters; cap the length with a marker. */
export function md(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  let s = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (ch) => `\\${ch}`);
}

/** A code span that no backtick in the text can close early. */
export function code(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  let s = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  // A pipe would end a table cell even inside a code span (GFM splits cells first).
  s = s.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** Render the report as Markdown. */
export function renderMarkdown(report: Report): string {
  const t = reportTotals(report);
  const i = report.input;
  const span = days(report.window.start, report.window.end);
  const out: string[] = [];
  out.push('# policy-drift: least-privilege report');
  out.push('');
  out.push(`- **Window:** ${report.window.start ?? '?'} → ${report.window.end ?? '?'}${span !== undefined ? ` (${plural(span, 'day')})` : ''}`);
  out.push(`- **Input:** ${plural(i.records, 'CloudTrail record')}, ${i.attributed.toLocaleString('en-US')} by tracked roles, ${i.notTracked.toLocaleString('en-US')} by other principals; skipped: ${Object.entries(i.skipped).map(([k, v]) => `${md(k)} ${v}`).join(', ') || 'none'}`);
  out.push(`- **Data events present for:** ${i.dataEventSources.map((s) => md(s)).join(', ') || 'none'}`);
  out.push(`- **Roles:** ${t.roles} tracked, ${t.unused} unused permissions, ${t.denied} denied calls, ${t.wildcardRoles} with wildcard grants`);
  for (const p of report.problems) out.push(`- ⚠️ ${md(p)}`);
  for (const x of report.excludedRoles ?? []) out.push(`- Excluded by scope: ${code(x.roleArn)} (${md(x.reason)})`);
  out.push('');
  if (report.drift) out.push(...renderDrift(report.drift));
  out.push('| # | Role | Used as | Risk | Used | Unused | Not observable | Denied calls |');
  out.push('|---|---|---|---|---|---|---|---|');
  report.roles.forEach((r, k) => {
    out.push(`| ${k + 1} | ${code(r.roleName, 80)} | ${r.usedAs.join(', ') || '—'} | ${riskLabel(r)} | ${r.used.length} | ${r.unused.length} | ${r.notObservable.length} | ${r.denied.reduce((a, d) => a + d.count, 0)} |`);
  });
  report.roles.forEach((r, k) => out.push('', ...renderRole(r, k + 1)));
  out.push('');
  out.push('_Unused: granted, observable in this input, never called in the window. Not observable: CloudTrail could not have shown a call; kept in the suggestion._');
  return out.join('\n') + '\n';
}

function renderRole(role: RoleReport, rank: number): string[] {
  const out: string[] = [];
  out.push(`## ${rank}. ${md(role.roleName)} (${role.usedAs.join(' + ') || 'named with --role'}, risk: ${riskLabel(role)})`);
  out.push('');
  out.push(`${code(role.roleArn)}`);
  out.push('');
  if (role.workloads.length) out.push(`**Workloads:** ${role.workloads.map((w) => code(workloadLabel(w), 120)).join(', ')}`, '');
  if (role.grantsStatus === 'unknown') out.push(`**Grants unknown:** ${role.grantProblems.map((p) => md(p)).join('; ')}`, '');
  for (const wg of role.wildcardGrants) {
    out.push(`- ⚠️ wildcard grant ${code(`${wg.policy}${wg.sid ? `#${wg.sid}` : ''}`, 120)}: ${wg.actions.map((a) => code(a, 80)).join(', ')} on ${wg.resources.map((r) => code(r, 160)).join(', ')}`);
  }
  if (role.wildcardGrants.length) out.push('');
  out.push(`**Evidence:** ${md(role.evidence, 600)}`, '');
  if (role.used.length) {
    out.push('### Used', '', '| Action | Calls | Sessions | Last seen | Resources |', '|---|---|---|---|---|');
    for (const u of role.used) {
      const res = u.resources.slice(0, 3).map((r) => code(r, 120)).join('<br>') + (u.resources.length > 3 || u.resourcesTruncated ? ' …' : '');
      out.push(`| ${code(u.action)}${u.granted ? '' : ' (not granted by its policies)'} | ${u.count} | ${u.sessions} | ${u.lastSeen.slice(0, 10)} | ${res} |`);
    }
    out.push('');
  }
  if (role.grantsStatus !== 'unknown') {
    out.push(`### Unused (${role.unused.length})`, '');
    if (role.unused.length) {
      out.push(`${levelCounts(role.risk.unusedByAccessLevel)}`, '', '| Service | Unused | By access level | Examples |', '|---|---|---|---|');
      for (const s of unusedByService(role.unused)) {
        out.push(`| ${code(s.service)} | ${s.total} | ${levelCounts(s.byLevel)} | ${s.examples.map((e) => code(e)).join(', ')} |`);
      }
      out.push('');
    }
    const no = notObservableCounts(role);
    out.push(`### Not observable (${role.notObservable.length})`, '');
    if (no.length) out.push(no.map(([r, k]) => `${k} ${REASON_LABEL[r]}`).join(' · '), '');
  }
  if (role.denied.length) {
    out.push('### Denied', '', '| Action | Calls | Error | Cause | Last seen | Resources |', '|---|---|---|---|---|---|');
    for (const d of role.denied) {
      out.push(`| ${code(d.action)} | ${d.count} | ${code(d.errorCode, 60)} | ${CAUSE_LABEL[d.cause]} | ${d.lastSeen.slice(0, 10)} | ${d.resources.slice(0, 3).map((r) => code(r, 120)).join('<br>')} |`);
    }
    out.push('');
  }
  if (role.consider.length) {
    out.push('### Consider adding', '', ...role.consider.map((k) => `- ${code(k.action)}${k.resources.length ? ` on ${k.resources.map((r) => code(r, 160)).join(', ')}` : ''}`), '');
  }
  if (role.suggestedPolicies.length) {
    out.push('### Suggested policy', '');
    for (const doc of role.suggestedPolicies) {
      const json = JSON.stringify(doc, null, 2);
      const fence = '`'.repeat(Math.max(3, ...(json.match(/`+/g) ?? []).map((m) => m.length + 1)));
      out.push(`${fence}json`, json, fence, '');
    }
  }
  return out;
}

function renderDrift(drift: Drift): string[] {
  const changed = drift.roles.filter(hasChanges);
  const out = [`## Since the previous report (${md(drift.previousGeneratedAt)})`, ''];
  if (changed.length === 0 && drift.removedRoles.length === 0) out.push('No change in grants, use or denials.');
  for (const d of changed) {
    const phrases = driftPhrases(d, (x) => code(x, 160), 10);
    out.push(`- ${code(d.roleName, 128)}: ${d.escalation ? '**gained broader permissions**; ' : ''}${phrases.join('; ')}`);
  }
  for (const r of drift.removedRoles) out.push(`- ${code(r)}: no longer used by any ECS task definition`);
  out.push('');
  return out;
}
