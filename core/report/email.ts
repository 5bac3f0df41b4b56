/**
 * The weekly summary as an SNS message: plain text for e-mail subscribers, drift first,
 * then the top findings per role and where the full report is archived. Always one
 * well-formed message under SNS's 256 KB limit, however many roles.
 */
import type { SnsMessage } from './alert-message.ts';
import { fitBytes, plain, snsSubject } from './escape.ts';
import { CAUSE_LABEL, driftPhrases, plural } from './labels.ts';
import type { Report } from './schema.ts';
import { reportView, type DriftView, type ReportView, type RoleView } from './view.ts';

export interface SummaryOptions {
  account?: string;
  /** Where the full report is, e.g. `s3://bucket/reports/2026-W47/report.md`. */
  archive?: { markdown: string; json: string };
  /** Roles detailed in the message; the rest are counted. Default 25. */
  maxRoles?: number;
  /** Byte budget of the message body. Default 250,000 (SNS allows 262,144 including attributes). */
  maxBytes?: number;
}

/** The summary of a report; what changed since the previous one is read from `report.drift`. */
export function renderWeeklySummary(report: Report, o: SummaryOptions = {}): SnsMessage {
  const view = reportView(report);
  const max = o.maxRoles ?? 25;
  const out = headerLines(view, o);
  out.push('');
  if (view.drift) out.push(...driftLines(view.drift));
  else out.push('First report: no previous report to compare with.');
  for (const role of view.roles.slice(0, max)) out.push('', ...roleLines(role));
  if (report.roles.length > max) out.push('', `… and ${report.roles.length - max} more roles in the archived report.`);
  if (o.archive) out.push('', `Full report: ${o.archive.markdown}`, `JSON:        ${o.archive.json}`);
  out.push('', 'Unused: granted, observable and never called in the window. Not observable: CloudTrail could not have shown a call; keep them.');
  return {
    subject: snsSubject(`${subjectOf(view)}${o.account ? ` (${o.account})` : ''}`),
    message: fitBytes(out.join('\n') + '\n', o.maxBytes ?? 250_000, '(message cut to fit SNS: the full report is archived)'),
    attributes: {
      kind: 'weekly-report',
      severity: view.severity,
      ...(report.roles.length === 1 ? { roleArn: report.roles[0]!.roleArn } : {}),
    },
  };
}

function subjectOf({ totals: t, drift }: ReportView): string {
  const escalated = drift?.escalated ?? [];
  return escalated.length
    ? `policy-drift: ${escalated[0]!.roleName} gained broader permissions; ${t.unused} unused, ${t.deniedCalls} denied`
    : `policy-drift weekly: ${t.roles} roles, ${t.unused} unused permissions, ${t.deniedCalls} denied calls`;
}

function headerLines({ report, window: w, totals: t }: ReportView, o: SummaryOptions): string[] {
  const out: string[] = [];
  out.push(`policy-drift weekly least-privilege report${o.account ? ` for account ${o.account}` : ''}`);
  out.push(`Window: ${w.start} to ${w.end}${w.days !== undefined ? ` (${plural(w.days, 'day')})` : ''}`);
  out.push(`${plural(t.roles, 'role')} · ${plural(t.unused, 'unused permission')} · ${plural(t.deniedCalls, 'denied call')} · ${plural(t.wildcardRoles, 'role')} with wildcard grants`);
  if (report.input.dataEventServices.length === 0) out.push('CloudTrail source: management events only (LookupEvents), so data-plane actions (S3 objects, DynamoDB items, SQS messages...) are "not observable", never "unused".');
  if (report.input.incompleteRegions?.length) out.push(`CloudTrail incomplete for ${report.input.incompleteRegions.join(', ')}: nothing is called unused this week.`);
  for (const p of report.problems.slice(0, 10)) out.push(`Problem: ${plain(p, 300)}`);
  const excluded = report.excludedRoles ?? [];
  if (excluded.length) out.push(`Excluded by scope: ${excluded.slice(0, 10).map((x) => `${plain(x.roleArn, 200)} (${x.reason})`).join(', ')}${excluded.length > 10 ? ` and ${excluded.length - 10} more` : ''}`);
  if (report.problems.length > 10) out.push(`… and ${report.problems.length - 10} more problems (see the archived report)`);
  return out;
}

function driftLines(drift: DriftView): string[] {
  const out: string[] = [];
  for (const d of drift.escalated) {
    const pm = d.newlyGranted.filter((n) => n.accessLevel === 'Permissions management').map((n) => n.action);
    const parts = [
      ...(d.newWildcardGrants.length ? [`new wildcard grant ${d.newWildcardGrants.map((w) => plain(w, 120)).join('; ')}`] : []),
      ...(pm.length ? [`new permissions-management actions ${pm.slice(0, 6).join(', ')}${pm.length > 6 ? ` (+${pm.length - 6})` : ''}`] : []),
    ];
    out.push(`!! ${plain(d.roleName, 128)} gained ${parts.join(' and ')}`);
  }
  out.push('', `Since the previous report (${drift.previousGeneratedAt}):`);
  if (drift.changed.length === 0 && drift.removedRoles.length === 0) out.push('  no change in grants, use or denials.');
  for (const d of drift.changed.slice(0, 40)) out.push(`  ${plain(d.roleName, 128)}: ${driftPhrases(d, (x) => plain(x, 160), 5).join('; ')}`);
  if (drift.changed.length > 40) out.push(`  … and ${drift.changed.length - 40} more roles changed`);
  for (const r of drift.removedRoles.slice(0, 20)) out.push(`  ${plain(r, 200)}: no longer used by any ECS task definition`);
  return out;
}

function roleLines({ role: r, rank, risk, unusedLevels, unusedServices, wildcardLabels, suggestedStatements }: RoleView): string[] {
  const out = [`${rank}. ${plain(r.roleName, 128)} (${r.usedAs.join(' + ') || 'named role'}) · risk ${risk}`, `   ${plain(r.roleArn, 300)}`];
  if (r.grantsStatus === 'unknown') {
    out.push(`   Grants unknown: ${r.grantProblems.map((p) => plain(p, 300)).join('; ')}`);
  } else {
    const top = unusedServices.slice(0, 4);
    out.push(`   Used: ${plural(r.used.length, 'action')} · Unused: ${r.unused.length}${r.unused.length ? ` (${unusedLevels})` : ''} · Not observable: ${r.notObservable.length}`);
    if (top.length) out.push(`   Most unused: ${top.map((s) => `${s.service} ${s.total} (e.g. ${s.examples.slice(0, 3).join(', ')})`).join('; ')}`);
    if (wildcardLabels.length) out.push(`   Wildcard grants: ${wildcardLabels.slice(0, 3).map((g) => plain(g, 160)).join('; ')}`);
  }
  for (const d of r.denied.slice(0, 5)) out.push(`   Denied: ${d.action} x${d.count} (${CAUSE_LABEL[d.cause]}), last ${d.lastSeen}`);
  if (r.denied.length > 5) out.push(`   … and ${r.denied.length - 5} more kinds of denial`);
  if (r.suggestedPolicies.length) out.push(`   Suggested policy: ${suggestedStatements} statements in ${plural(r.suggestedPolicies.length, 'document')} (in the archived report)`);
  return out;
}
