/**
 * The report as every renderer sees it: what is derived from the JSON (totals, risk
 * labels, denied totals, unused actions by service, not-observable counts, the window's
 * length, the drift worth saying) is derived here, once, so the terminal, Markdown and
 * e-mail renderers only choose words and escaping. Renderers format; this decides what
 * is said.
 */
import { ACCESS_LEVELS } from '../analyze/access-level.ts';
import { riskLabel, serviceRiskWeight } from '../analyze/risk.ts';
import { parseArn } from '../arn.ts';
import { hasChanges, wildcardGrantLabel } from '../drift/diff.ts';
import type { AccessLevel, NotObservableReason } from '../model.ts';
import { levelCounts } from './labels.ts';
import type { Drift, Report, RiskLabel, RoleDrift, RoleReport, UnusedEntry } from './schema.ts';

export interface ServiceSummary {
  service: string;
  total: number;
  byLevel: Partial<Record<AccessLevel, number>>;
  /** The riskiest few (at most `UNUSED_EXAMPLES`), for "e.g." lists. */
  examples: string[];
}

export interface RoleView {
  role: RoleReport;
  /** 1 for the riskiest role. */
  rank: number;
  risk: RiskLabel;
  /** Denied calls, all causes. */
  deniedCalls: number;
  /** The role's unused actions by level, `levelCounts` wording ("" when none). */
  unusedLevels: string;
  /** Unused actions grouped by service, riskiest service first. */
  unusedServices: ServiceSummary[];
  /** Not-observable counts by reason, most frequent first. */
  notObservableByReason: [NotObservableReason, number][];
  /** Each wildcard statement in one line (`wildcardGrantLabel`). */
  wildcardLabels: string[];
  /** Statements across the suggested policy documents. */
  suggestedStatements: number;
}

export interface DriftView {
  previousGeneratedAt: string;
  /** Roles with something to say, escalations first. */
  changed: RoleDrift[];
  /** Roles that gained a wildcard or a permissions-management action. */
  escalated: RoleDrift[];
  removedRoles: string[];
}

export interface ReportView {
  report: Report;
  /** `?` where the report has no bound; `days` when both are known. */
  window: { start: string; end: string; days?: number };
  /** Records skipped, in total and by reason. */
  skipped: { total: number; byReason: [string, number][] };
  totals: { roles: number; unused: number; deniedCalls: number; wildcardRoles: number; unknownGrants: number };
  /** The report's severity: its riskiest role, raised to high by an escalation since the previous report. */
  severity: RiskLabel;
  drift?: DriftView;
  roles: RoleView[];
}

/** How many unused actions a service summary names as examples. */
export const UNUSED_EXAMPLES = 4;

/** Unused actions grouped by service, riskiest services first. */
export function unusedByService(unused: readonly UnusedEntry[]): ServiceSummary[] {
  const map = new Map<string, ServiceSummary>();
  for (const u of unused) {
    const service = u.action.slice(0, u.action.indexOf(':'));
    let s = map.get(service);
    if (!s) {
      s = { service, total: 0, byLevel: {}, examples: [] };
      map.set(service, s);
    }
    s.total++;
    s.byLevel[u.accessLevel] = (s.byLevel[u.accessLevel] ?? 0) + 1;
    // `unused` is already sorted by access level, riskiest first.
    if (s.examples.length < UNUSED_EXAMPLES) s.examples.push(u.action);
  }
  const weight = (s: ServiceSummary) => serviceRiskWeight(s.byLevel, s.total);
  return [...map.values()].sort((a, b) => weight(b) - weight(a) || (a.service < b.service ? -1 : 1));
}

/** Not-observable counts by reason, most frequent first. */
export function notObservableCounts(role: RoleReport): [NotObservableReason, number][] {
  const counts = new Map<NotObservableReason, number>();
  for (const n of role.notObservable) counts.set(n.reason, (counts.get(n.reason) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** Whole days between two ISO times, rounded; undefined when either is unknown or not a time. */
export function windowDays(start: string | null, end: string | null): number | undefined {
  if (!start || !end) return undefined;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms / 86_400_000)) : undefined;
}

/** The view of one role. */
export function roleView(role: RoleReport, rank: number): RoleView {
  return {
    role,
    rank,
    risk: riskLabel(role),
    deniedCalls: role.denied.reduce((n, d) => n + d.count, 0),
    unusedLevels: levelCounts(role.risk.unusedByAccessLevel),
    unusedServices: unusedByService(role.unused),
    notObservableByReason: notObservableCounts(role),
    wildcardLabels: role.wildcardGrants.map(wildcardGrantLabel),
    suggestedStatements: role.suggestedPolicies.reduce((n, d) => n + d.Statement.length, 0),
  };
}

function driftView(drift: Drift): DriftView {
  return {
    previousGeneratedAt: drift.previousGeneratedAt,
    changed: drift.roles.filter(hasChanges),
    escalated: drift.roles.filter((d) => d.escalation),
    removedRoles: drift.removedRoles,
  };
}

function severityOf(roles: readonly RoleView[], drift: DriftView | undefined): RiskLabel {
  if (roles.some((r) => r.risk === 'high') || (drift?.escalated.length ?? 0) > 0) return 'high';
  return roles.some((r) => r.risk === 'medium') ? 'medium' : 'low';
}

/** Build the view of a report, once per rendering. */
export function reportView(report: Report): ReportView {
  const roles = report.roles.map((r, i) => roleView(r, i + 1));
  const drift = report.drift ? driftView(report.drift) : undefined;
  const byReason = Object.entries(report.input.skipped);
  const days = windowDays(report.window.start, report.window.end);
  return {
    report,
    window: { start: report.window.start ?? '?', end: report.window.end ?? '?', ...(days !== undefined ? { days } : {}) },
    skipped: { total: byReason.reduce((n, [, v]) => n + v, 0), byReason },
    totals: {
      roles: roles.length,
      unused: report.roles.reduce((n, r) => n + r.unused.length, 0),
      deniedCalls: roles.reduce((n, r) => n + r.deniedCalls, 0),
      wildcardRoles: report.roles.filter((r) => r.wildcardGrants.length > 0).length,
      unknownGrants: report.roles.filter((r) => r.grantsStatus !== 'known').length,
    },
    severity: severityOf(roles, drift),
    ...(drift ? { drift } : {}),
    roles,
  };
}

/** What applying a role's suggested policy would change, in actions (see `suggestionEffect`). */
export interface SuggestionEffect {
  /** Granted, observable, never called in the window: what the suggestion leaves out. */
  removes: number;
  /** Used and granted: kept (narrowed to the observed resources where provable); with those IAM last-accessed data says were used earlier. */
  keepsUsed: number;
  /** Granted, not observable in this input: kept in their own statements, never called unused. */
  keepsNotObservable: number;
}

/**
 * What the suggestion removes and keeps. The suggestion is exactly the used, granted actions
 * plus the not-observable ones (core/analyze/suggest.ts), so what it drops is exactly the
 * unused list; used actions that need no permission (`sts:GetCallerIdentity`) are not kept
 * and not counted.
 */
export function suggestionEffect(role: RoleReport): SuggestionEffect {
  return {
    removes: role.unused.length,
    keepsUsed: [...role.used.filter((u) => u.granted), ...(role.lastAccessed?.usedEarlier ?? [])].filter((u) => role.suggestedPolicies.some((d) => d.Statement.some((s) => s.Effect === 'Allow' && s.Action.includes(u.action)))).length,
    keepsNotObservable: role.notObservable.length,
  };
}

/** One service (or access level) of a role's grant: how many actions are in each state. */
export interface GrantBreakdown {
  key: string;
  granted: number;
  used: number;
  unused: number;
  notObservable: number;
}

/** The role's granted actions by service prefix (`s3`), most granted first: what the grant reaches and how much of it was used. */
export function grantBreakdownByService(role: RoleReport): GrantBreakdown[] {
  return grantBreakdown(role, (action) => action.slice(0, action.indexOf(':')));
}

/** The role's granted actions by access level, riskiest level first (levels the role is not granted are left out). */
export function grantBreakdownByLevel(role: RoleReport): GrantBreakdown[] {
  const levels = new Map<string, AccessLevel>();
  for (const e of [...role.used, ...role.unused, ...role.notObservable]) levels.set(e.action, e.accessLevel);
  const rows = grantBreakdown(role, (action) => levels.get(action)!);
  return ACCESS_LEVELS.flatMap((l) => rows.filter((r) => r.key === l));
}

function grantBreakdown(role: RoleReport, keyOf: (action: string) => string): GrantBreakdown[] {
  const rows = new Map<string, GrantBreakdown>();
  const row = (action: string) => {
    const key = keyOf(action);
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { key, granted: 0, used: 0, unused: 0, notObservable: 0 }));
    r.granted++;
    return r;
  };
  // Used but not granted by the role's identity policies is not part of its grant.
  for (const u of role.used) if (u.granted) row(u.action).used++;
  // Used before the window, per IAM last-accessed data: granted, and used.
  for (const u of role.lastAccessed?.usedEarlier ?? []) row(u.action).used++;
  for (const u of role.unused) row(u.action).unused++;
  for (const n of role.notObservable) row(n.action).notObservable++;
  return [...rows.values()].sort((a, b) => b.granted - a.granted || (a.key < b.key ? -1 : 1));
}

/** The AWS account of a role, read from its ARN ("" when the ARN names none). */
export function roleAccount(role: RoleReport): string {
  return parseArn(role.roleArn)?.account ?? '';
}
