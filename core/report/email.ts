/**
 * The weekly summary as an SNS message: plain text for e-mail subscribers, drift first,
 * then the top findings per role, the suggested policy of each role (riskiest first, as
 * many as fit) and where the full report is archived. Always one well-formed message
 * under SNS's 256 KB limit, however many roles.
 */
import type { SnsMessage } from './alert-message.ts';
import { displayJson, fitBytes, plain, sanitise, snsSubject, snsText } from './escape.ts';
import { emailCheckLines, emailCheckSuffix, emailRoleLines, emailStrongestLines } from './evidence-lines.ts';
import { CAUSE_LABEL, driftPhrases, plural } from './labels.ts';
import type { Report } from './schema.ts';
import { reportView, suggestionEffect, type DriftView, type ReportView, type RoleView } from './view.ts';
import { emailWorkloadLines } from './workload-lines.ts';

export interface SummaryOptions {
  account?: string;
  /** Where the full report is, e.g. `s3://bucket/reports/2026-W47/report.md`; `html`: its HTML copy. */
  archive?: { markdown: string; json: string; html?: string };
  /** The HTML copy in the S3 console (`s3ConsoleUrl`): one click for a signed-in reader. */
  htmlConsoleUrl?: string;
  /** Roles detailed in the message; the rest are counted. Default 25. */
  maxRoles?: number;
  /** Byte budget of the message body. Default 250,000 (SNS allows 262,144 including attributes). */
  maxBytes?: number;
}

/** Where a suggestion is: in this message, or only in the archived report. */
type SuggestionPlace = 'below' | 'archive';

/** Roles named one by one as having their suggestion only in the archive; past it, counted. */
const MAX_NAMED_ARCHIVE_ONLY = 100;

const bytes = (lines: readonly string[]) => Buffer.byteLength(lines.join('\n')) + 1;

/** The summary of a report; what changed since the previous one is read from `report.drift`. */
export function renderWeeklySummary(report: Report, o: SummaryOptions = {}): SnsMessage {
  const view = reportView(report);
  const maxBytes = o.maxBytes ?? 250_000;
  // Sized with every suggestion placed in the archive (the longer wording), so that what is
  // decided to fit still fits once the role lines say "below".
  const fixed = bodyLines(view, o, () => 'archive');
  const archiveOnlyReserve = bytes(archiveOnlyLines(view.roles.filter((r) => r.role.suggestedPolicies.length)));
  const blocks = fittingSuggestions(view, maxBytes - bytes(fixed.head) - bytes(fixed.tail) - archiveOnlyReserve - 200);
  const place = (r: RoleView): SuggestionPlace => (blocks.has(r.rank) ? 'below' : 'archive');
  const { head, tail } = bodyLines(view, o, place);
  const archived = view.roles.filter((r) => r.role.suggestedPolicies.length && !blocks.has(r.rank));
  const out = [...head, ...suggestionLines(view, blocks), ...archiveOnlyLines(archived), ...tail];
  return {
    subject: snsSubject(`${subjectOf(view)}${o.account ? ` (${o.account})` : ''}`),
    message: fitBytes(snsText(out.join('\n') + '\n'), maxBytes, '(message cut to fit SNS: the full report is archived)'),
    attributes: {
      kind: 'weekly-report',
      severity: view.severity,
      ...(report.roles.length === 1 ? { roleArn: sanitise(report.roles[0]!.roleArn) } : {}),
    },
  };
}

/** Everything but the suggested policies: `head` before them, `tail` after. */
function bodyLines(view: ReportView, o: SummaryOptions, place: (r: RoleView) => SuggestionPlace): { head: string[]; tail: string[] } {
  const max = o.maxRoles ?? 25;
  const head = headerLines(view, o);
  head.push('');
  // Escalations first, then the strongest claims, then the rest of the drift.
  if (view.drift) head.push(...escalationLines(view.drift));
  head.push(...emailStrongestLines(view.report));
  if (view.drift) head.push(...driftLines(view.drift));
  else head.push('First report: no previous report to compare with.');
  for (const role of view.roles.slice(0, max)) head.push('', ...roleLines(role, place(role), view.drift !== undefined));
  if (view.roles.length > max) head.push('', `… and ${view.roles.length - max} more roles in the archived report.`);
  const tail: string[] = [];
  if (o.archive) tail.push('', `Full report: ${o.archive.markdown}`, `JSON:        ${o.archive.json}`);
  tail.push('', 'Unused: granted, observable and never called in the window. Not observable: CloudTrail could not have shown a call; keep them.');
  return { head, tail };
}

/** "removes 250 unused actions, keeps 6 used and 6 not observable" */
function effectPhrase(r: RoleView): string {
  const e = suggestionEffect(r.role);
  return `removes ${plural(e.removes, 'unused action')}, keeps ${e.keepsUsed.toLocaleString('en-US')} used and ${e.keepsNotObservable.toLocaleString('en-US')} not observable`;
}

/** One role's suggestion block: a heading line, then each document as one line of compact JSON. */
function suggestionBlock(r: RoleView): string[] {
  const docs = r.role.suggestedPolicies;
  // A suggestion that failed Access Analyzer's check says so on its heading: never presented as safe.
  const heading = `${r.rank}. ${plain(r.role.roleName, 128)}: ${effectPhrase(r)}${docs.length > 1 ? ` (${docs.length} documents, one per line)` : ''}${emailCheckSuffix(r.role)}`;
  // Compact JSON parses to exactly the suggestion; displayJson escapes anything in an ARN that could reorder the line.
  return ['', heading, ...docs.map((d) => displayJson(JSON.stringify(d)))];
}

/** The roles (by rank) whose suggestion fits in `budget` bytes, riskiest first; one that does not fit is skipped, not the rest. */
function fittingSuggestions(view: ReportView, budget: number): Map<number, string[]> {
  const fitting = new Map<number, string[]>();
  let left = budget - bytes(suggestionIntro());
  for (const r of view.roles) {
    if (!r.role.suggestedPolicies.length) continue;
    const block = suggestionBlock(r);
    const size = bytes(block);
    if (size > left) continue;
    fitting.set(r.rank, block);
    left -= size;
  }
  return fitting;
}

function suggestionIntro(): string[] {
  return ['', 'Suggested policies, riskiest role first (compact JSON, one document per line, ready to paste into IAM):'];
}

function suggestionLines(view: ReportView, blocks: Map<number, string[]>): string[] {
  if (!blocks.size) return [];
  return [...suggestionIntro(), ...view.roles.flatMap((r) => blocks.get(r.rank) ?? [])];
}

/** The roles whose suggestion is only in the archive, named. */
function archiveOnlyLines(roles: readonly RoleView[]): string[] {
  if (!roles.length) return [];
  const names = roles.slice(0, MAX_NAMED_ARCHIVE_ONLY).map((r) => plain(r.role.roleName, 128));
  const more = roles.length > names.length ? ` and ${roles.length - names.length} more` : '';
  return ['', `Suggested policies only in the archived report (no room in this message): ${names.join(', ')}${more}.`];
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
  out.push(`Window: ${plain(w.start, 40)} to ${plain(w.end, 40)}${w.days !== undefined ? ` (${plural(w.days, 'day')})` : ''}`);
  out.push(`${plural(t.roles, 'role')} · ${plural(t.unused, 'unused permission')} · ${plural(t.deniedCalls, 'denied call')} · ${plural(t.wildcardRoles, 'role')} with wildcard grants`);
  if (report.input.dataEventServices.length === 0) out.push('CloudTrail source: management events only (LookupEvents), so data-plane actions (S3 objects, DynamoDB items, SQS messages...) are "not observable", never "unused" on CloudTrail\'s word alone.');
  if (report.input.incompleteRegions?.length) out.push(`CloudTrail incomplete for ${report.input.incompleteRegions.map((r) => plain(r, 80)).join(', ')}: nothing is called unused this week.`);
  for (const p of report.problems.slice(0, 10)) out.push(`Problem: ${plain(p, 300)}`);
  const excluded = report.excludedRoles ?? [];
  if (excluded.length) out.push(`Excluded by scope: ${excluded.slice(0, 10).map((x) => `${plain(x.roleArn, 200)} (${plain(x.reason, 200)})`).join(', ')}${excluded.length > 10 ? ` and ${excluded.length - 10} more` : ''}`);
  if (report.problems.length > 10) out.push(`… and ${report.problems.length - 10} more problems (see the archived report)`);
  if (o.archive?.html) out.push(`Report to read (HTML): ${o.archive.html}`);
  if (o.htmlConsoleUrl) out.push(`Open it in the S3 console: ${o.htmlConsoleUrl}`);
  return out;
}

function escalationLines(drift: DriftView): string[] {
  const out: string[] = [];
  for (const d of drift.escalated) {
    const pm = d.newlyGranted.filter((n) => n.accessLevel === 'Permissions management').map((n) => n.action);
    const parts = [
      ...(d.newWildcardGrants.length ? [`new wildcard grant ${d.newWildcardGrants.map((w) => plain(w, 120)).join('; ')}`] : []),
      ...(pm.length ? [`new permissions-management actions ${pm.slice(0, 6).map((a) => plain(a, 128)).join(', ')}${pm.length > 6 ? ` (+${pm.length - 6})` : ''}`] : []),
    ];
    out.push(`!! ${plain(d.roleName, 128)} gained ${parts.join(' and ')}`);
  }
  return out;
}

function driftLines(drift: DriftView): string[] {
  const out: string[] = [];
  out.push('', `Since the previous report (${plain(drift.previousGeneratedAt, 40)}):`);
  if (drift.changed.length === 0 && drift.removedRoles.length === 0) out.push('  no change in grants, use or denials.');
  for (const d of drift.changed.slice(0, 40)) out.push(`  ${plain(d.roleName, 128)}: ${driftPhrases(d, (x) => plain(x, 160), 5).join('; ')}`);
  if (drift.changed.length > 40) out.push(`  … and ${drift.changed.length - 40} more roles changed`);
  for (const r of drift.removedRoles.slice(0, 20)) out.push(`  ${plain(r, 200)}: no longer used by any ECS task definition`);
  return out;
}

function roleLines(view: RoleView, place: SuggestionPlace, hasDrift: boolean): string[] {
  const { role: r, rank, risk, unusedLevels, unusedServices, wildcardLabels, suggestedStatements } = view;
  const out = [`${rank}. ${plain(r.roleName, 128)} (${r.usedAs.join(' + ') || 'named role'}) · risk ${risk}`, `   ${plain(r.roleArn, 300)}`];
  if (r.grantsStatus === 'unknown') {
    out.push(`   Grants unknown: ${r.grantProblems.map((p) => plain(p, 300)).join('; ')}`);
  } else {
    const top = unusedServices.slice(0, 4);
    out.push(`   Used: ${plural(r.used.length, 'action')} · Unused: ${r.unused.length}${r.unused.length ? ` (${unusedLevels})` : ''} · Not observable: ${r.notObservable.length}`);
    if (top.length) out.push(`   Most unused: ${top.map((s) => `${plain(s.service, 40)} ${s.total} (e.g. ${s.examples.slice(0, 3).map((e) => plain(e, 128)).join(', ')})`).join('; ')}`);
    if (wildcardLabels.length) out.push(`   Wildcard grants: ${wildcardLabels.slice(0, 3).map((g) => plain(g, 160)).join('; ')}`);
    out.push(...emailRoleLines(r));
    out.push(...emailWorkloadLines(r, !hasDrift));
  }
  for (const d of r.denied.slice(0, 5)) out.push(`   Denied: ${plain(d.action, 128)} x${d.count} (${CAUSE_LABEL[d.cause]}), last ${plain(d.lastSeen, 40)}`);
  if (r.denied.length > 5) out.push(`   … and ${r.denied.length - 5} more kinds of denial`);
  if (r.suggestedPolicies.length) {
    const where = place === 'below' ? 'below' : 'only in the archived report';
    out.push(`   Suggested policy: ${plural(suggestedStatements, 'statement')} in ${plural(r.suggestedPolicies.length, 'document')}; ${effectPhrase(view)} (${where})`, ...emailCheckLines(r));
  }
  return out;
}

/**
 * A link to an object in the S3 console (the object's overview page, with its Download and
 * Open buttons), for a reader signed in to the account: the archived HTML report is private.
 */
export function s3ConsoleUrl(bucket: string, region: string, key: string): string {
  const q = (v: string) => encodeURIComponent(v).replace(/%2F/g, '/');
  return `https://s3.console.aws.amazon.com/s3/object/${q(bucket)}?region=${q(region)}&prefix=${q(key)}`;
}
