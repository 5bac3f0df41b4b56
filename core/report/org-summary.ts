/**
 * The weekly report of an Organization as one SNS message: a summary across accounts
 * first (which accounts drifted, which could not be read, the riskiest findings wherever
 * they are), then one short section per account pointing to its archived full report.
 * Plain text for e-mail subscribers, always under SNS's 256 KB limit however many accounts.
 */
import type { SnsMessage } from './alert-message.ts';
import { fitBytes, plain, snsSubject } from './escape.ts';
import { CAUSE_LABEL, driftPhrases, plural } from './labels.ts';
import type { Report, RiskLabel } from './schema.ts';
import { reportView, type ReportView, type RoleView } from './view.ts';

/** One account's week: its report, or why there is none. */
export interface AccountOutcome {
  account: string;
  /** The account's name in the Organization. */
  name?: string;
  report?: Report;
  /** Why the account could not be analysed (its member role could not be assumed, ...). */
  error?: string;
  /** Where its full report is archived. */
  archive?: { markdown: string; json: string; html?: string };
}

export interface OrgSummaryOptions {
  orgId?: string;
  /** Problems of the run itself (the account list, the dead-letter queue). */
  problems?: string[];
  /** Findings listed across accounts. Default 10. */
  topFindings?: number;
  /** Roles named in each account's section. Default 5. */
  rolesPerAccount?: number;
  /** Byte budget of the message body. Default 250,000 (SNS allows 262,144 including attributes). */
  maxBytes?: number;
}

interface AccountView {
  outcome: AccountOutcome;
  view?: ReportView;
}

const RISK_ORDER: Record<RiskLabel, number> = { high: 0, medium: 1, low: 2 };

const label = (o: AccountOutcome) => `${o.account}${o.name ? ` (${plain(o.name, 64)})` : ''}`;

/** Drifted: some role changed, or a role tracked last week is gone. First reports have not drifted. */
function hasDrifted(v: ReportView): boolean {
  return !!v.drift && (v.drift.changed.length > 0 || v.drift.removedRoles.length > 0);
}

/** The summary of an Organization's week, in one message. */
export function renderOrgSummary(outcomes: readonly AccountOutcome[], o: OrgSummaryOptions = {}): SnsMessage {
  const accounts: AccountView[] = outcomes.map((outcome) => (outcome.report ? { outcome, view: reportView(outcome.report) } : { outcome }));
  const lines = [
    ...headerLines(accounts, o),
    ...driftSummaryLines(accounts),
    ...topFindingLines(accounts, o.topFindings ?? 10),
    ...accounts.flatMap((a) => accountLines(a, o.rolesPerAccount ?? 5)),
    '',
    'Unused: granted, observable and never called in the window. Not observable: CloudTrail could not have shown a call; keep them.',
  ];
  const severity = worstSeverity(accounts);
  return {
    subject: snsSubject(subjectOf(accounts, o)),
    message: fitBytes(lines.join('\n') + '\n', o.maxBytes ?? 250_000, '(message cut to fit SNS: each account\'s full report is archived)'),
    attributes: { kind: 'weekly-report', scope: 'organization', severity },
  };
}

function totalsOf(accounts: readonly AccountView[]) {
  const read = accounts.filter((a) => a.view);
  const sum = (f: (v: ReportView) => number) => read.reduce((n, a) => n + f(a.view!), 0);
  return { read: read.length, unread: accounts.length - read.length, roles: sum((v) => v.totals.roles), unused: sum((v) => v.totals.unused), denied: sum((v) => v.totals.deniedCalls) };
}

function worstSeverity(accounts: readonly AccountView[]): RiskLabel {
  const levels = accounts.map((a) => (a.view ? a.view.severity : 'medium'));
  return levels.sort((x, y) => RISK_ORDER[x] - RISK_ORDER[y])[0] ?? 'low';
}

function subjectOf(accounts: readonly AccountView[], o: OrgSummaryOptions): string {
  const t = totalsOf(accounts);
  const escalated = accounts.find((a) => a.view?.drift?.escalated.length);
  const who = o.orgId ?? `${plural(accounts.length, 'account')}`;
  if (escalated) return `policy-drift: ${escalated.view!.drift!.escalated[0]!.roleName} in ${escalated.outcome.account} gained broader permissions`;
  return `policy-drift weekly (${who}): ${t.roles} roles, ${t.unused} unused, ${t.denied} denied${t.unread ? `, ${t.unread} accounts unread` : ''}`;
}

function headerLines(accounts: readonly AccountView[], o: OrgSummaryOptions): string[] {
  const t = totalsOf(accounts);
  const windows = accounts.flatMap((a) => (a.view ? [a.view.window] : []));
  const out = [`policy-drift weekly least-privilege report${o.orgId ? ` for organization ${o.orgId}` : ''}: ${plural(accounts.length, 'account')}`];
  if (windows[0]) out.push(`Window: ${windows[0].start} to ${windows[0].end}${windows.some((w) => w.start !== windows[0]!.start) ? ' (some accounts start later: see their sections)' : ''}`);
  out.push(`${plural(t.read, 'account')} analysed${t.unread ? `, ${t.unread} could not be read` : ''} · ${plural(t.roles, 'role')} · ${plural(t.unused, 'unused permission')} · ${plural(t.denied, 'denied call')}`);
  for (const p of (o.problems ?? []).slice(0, 10)) out.push(`Problem: ${plain(p, 300)}`);
  for (const a of accounts.filter((x) => !x.view)) out.push(`Not analysed: ${label(a.outcome)}: ${plain(a.outcome.error ?? 'no report', 300)}`);
  return out;
}

function driftSummaryLines(accounts: readonly AccountView[]): string[] {
  const drifted = accounts.filter((a) => a.view && hasDrifted(a.view));
  const first = accounts.filter((a) => a.view && !a.view.drift);
  const out = ['', drifted.length ? `Drifted since the previous report: ${drifted.map((a) => label(a.outcome)).join(', ')}` : 'No account drifted since the previous report.'];
  if (first.length) out.push(`First report (nothing to compare with): ${first.map((a) => a.outcome.account).join(', ')}`);
  for (const a of drifted) {
    for (const d of a.view!.drift!.escalated) out.push(`!! ${a.outcome.account} ${plain(d.roleName, 128)} gained broader permissions (${d.newWildcardGrants.length ? 'a wildcard grant' : 'permissions-management actions'})`);
  }
  return out;
}

/** A finding worth a line across accounts: a role's unused permissions and denials, riskiest first. */
function topFindingLines(accounts: readonly AccountView[], limit: number): string[] {
  const roles = accounts.flatMap((a) => (a.view ? a.view.roles.map((r) => ({ account: a.outcome.account, r })) : []));
  const worth = roles.filter(({ r }) => r.role.unused.length > 0 || r.deniedCalls > 0);
  worth.sort((x, y) => RISK_ORDER[x.r.risk] - RISK_ORDER[y.r.risk] || y.r.role.risk.score - x.r.role.risk.score || (x.account < y.account ? -1 : 1));
  if (worth.length === 0) return ['', 'No unused permission or denied call in any account.'];
  const out = ['', 'Top findings across accounts:'];
  worth.slice(0, limit).forEach(({ account, r }, i) => out.push(`${i + 1}. [${r.risk}] ${account} ${plain(r.role.roleName, 128)}: ${findingPhrase(r)}`));
  if (worth.length > limit) out.push(`… and ${worth.length - limit} more roles with findings (see each account's report).`);
  return out;
}

function findingPhrase(r: RoleView): string {
  const parts: string[] = [];
  if (r.role.unused.length) parts.push(`${plural(r.role.unused.length, 'unused permission')}${r.unusedLevels ? ` (${r.unusedLevels})` : ''}`);
  const d = r.role.denied[0];
  if (d) parts.push(`denied ${d.action} x${d.count} (${CAUSE_LABEL[d.cause]})${r.role.denied.length > 1 ? ` and ${plural(r.role.denied.length - 1, 'more kind')}` : ''}`);
  return parts.join('; ');
}

function accountLines({ outcome, view }: AccountView, rolesShown: number): string[] {
  const out = ['', `== Account ${label(outcome)} ==`];
  if (!view) return [...out, `Not analysed: ${plain(outcome.error ?? 'no report', 300)}`];
  const t = view.totals;
  out.push(`Window: ${view.window.start} to ${view.window.end} · ${plural(t.roles, 'role')} · ${plural(t.unused, 'unused permission')} · ${plural(t.deniedCalls, 'denied call')} · risk ${view.severity}`);
  if (view.report.input.incompleteRegions?.length) out.push(`CloudTrail incomplete for ${view.report.input.incompleteRegions.join(', ')}: nothing is called unused in this account this week.`);
  for (const p of view.report.problems.slice(0, 5)) out.push(`Problem: ${plain(p, 300)}`);
  if (view.report.problems.length > 5) out.push(`… and ${view.report.problems.length - 5} more problems (see the archived report)`);
  for (const d of view.drift?.changed.slice(0, 5) ?? []) out.push(`Changed: ${plain(d.roleName, 128)}: ${driftPhrases(d, (x) => plain(x, 160), 3).join('; ')}`);
  for (const r of view.roles.slice(0, rolesShown)) out.push(`${r.rank}. ${plain(r.role.roleName, 128)} · risk ${r.risk} · used ${r.role.used.length}, unused ${r.role.unused.length}, not observable ${r.role.notObservable.length}, denied ${r.deniedCalls}`);
  if (view.roles.length > rolesShown) out.push(`… and ${view.roles.length - rolesShown} more roles`);
  if (outcome.archive) out.push(`Full report: ${outcome.archive.html ?? outcome.archive.markdown}`);
  return out;
}
