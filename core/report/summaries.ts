/**
 * Summaries every renderer shares: unused actions grouped by service, counts by reason,
 * human labels for causes. Renderers format; this decides what is said.
 */
import type { AccessLevel, DenialCause, NotObservableReason } from '../model.ts';
import type { RoleDrift } from '../analyze/drift.ts';
import type { Report, RoleReport, UnusedEntry } from './schema.ts';

export const LEVELS: AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];

export const LEVEL_SHORT: Record<AccessLevel, string> = {
  'Permissions management': 'permissions-mgmt',
  Write: 'write',
  Tagging: 'tagging',
  Read: 'read',
  List: 'list',
};

export const CAUSE_LABEL: Record<DenialCause, string> = {
  'no-identity-policy': 'no identity-based policy allows it',
  'explicit-deny-identity': 'explicit deny in an identity-based policy',
  scp: 'explicit deny in a service control policy',
  rcp: 'explicit deny in a resource control policy',
  'permissions-boundary': 'the permissions boundary',
  'session-policy': 'a session policy',
  'resource-policy': 'a resource-based policy',
  'vpc-endpoint-policy': 'a VPC endpoint policy',
  unknown: 'cause not stated in the message',
};

export const REASON_LABEL: Record<NotObservableReason, string> = {
  'permission-only': 'permission-only (no API call carries it)',
  'not-logged': 'not logged by CloudTrail',
  'no-data-events': 'data events absent from the input',
  'incomplete-input': 'CloudTrail input incomplete',
};

export interface ServiceSummary {
  service: string;
  total: number;
  byLevel: Partial<Record<AccessLevel, number>>;
  /** The riskiest few, for "e.g." lists. */
  examples: string[];
}

/** Unused actions grouped by service, riskiest services first. */
export function unusedByService(unused: UnusedEntry[], examples = 4): ServiceSummary[] {
  const map = new Map<string, ServiceSummary & { all: UnusedEntry[] }>();
  for (const u of unused) {
    const service = u.action.slice(0, u.action.indexOf(':'));
    let s = map.get(service);
    if (!s) {
      s = { service, total: 0, byLevel: {}, examples: [], all: [] };
      map.set(service, s);
    }
    s.total++;
    s.byLevel[u.accessLevel] = (s.byLevel[u.accessLevel] ?? 0) + 1;
    s.all.push(u);
  }
  const weight = (s: ServiceSummary) =>
    (s.byLevel['Permissions management'] ?? 0) * 1000 + (s.byLevel.Write ?? 0) * 10 + s.total;
  return [...map.values()]
    .map(({ all, ...s }) => ({
      ...s,
      // `unused` is already sorted by access level, riskiest first.
      examples: all.slice(0, examples).map((u) => u.action),
    }))
    .sort((a, b) => weight(b) - weight(a) || (a.service < b.service ? -1 : 1));
}

/** "3 permissions-mgmt, 120 write, 40 read" */
export function levelCounts(byLevel: Partial<Record<AccessLevel, number>>): string {
  return LEVELS.filter((l) => byLevel[l])
    .map((l) => `${byLevel[l]} ${LEVEL_SHORT[l]}`)
    .join(', ');
}

/** Not-observable counts by reason. */
export function notObservableCounts(role: RoleReport): [NotObservableReason, number][] {
  const counts = new Map<NotObservableReason, number>();
  for (const n of role.notObservable) counts.set(n.reason, (counts.get(n.reason) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** A short risk label for a role. */
export function riskLabel(role: RoleReport): 'high' | 'medium' | 'low' {
  const pm = role.risk.unusedByAccessLevel['Permissions management'] ?? 0;
  const write = role.risk.unusedByAccessLevel.Write ?? 0;
  if (pm > 0 || role.risk.wildcardGrants > 0 && write > 0) return 'high';
  if (write > 0 || role.denied.length > 0) return 'medium';
  return 'low';
}

/** Totals across roles for headlines. */
export function reportTotals(report: Report) {
  return {
    roles: report.roles.length,
    unused: report.roles.reduce((n, r) => n + r.unused.length, 0),
    denied: report.roles.reduce((n, r) => n + r.denied.reduce((m, d) => m + d.count, 0), 0),
    wildcardRoles: report.roles.filter((r) => r.wildcardGrants.length > 0).length,
    unknownGrants: report.roles.filter((r) => r.grantsStatus !== 'known').length,
  };
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** Days between two ISO times, rounded. */
export function days(start: string | null, end: string | null): number | undefined {
  if (!start || !end) return undefined;
  return Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000));
}

/**
 * What changed for one role, as phrases; `item` formats one action or name (plain text,
 * a code span), `limit` how many are listed before "(+N)".
 */
export function driftPhrases(d: RoleDrift, item: (text: string) => string, limit: number): string[] {
  const list = (xs: string[]) => `${xs.slice(0, limit).map(item).join(', ')}${xs.length > limit ? ` (+${xs.length - limit})` : ''}`;
  const parts: string[] = [];
  if (d.newRole) parts.push('newly tracked');
  if (d.newWildcardGrants.length) parts.push(`new wildcard grants ${list(d.newWildcardGrants)}`);
  if (d.newlyGranted.length) parts.push(`+${d.newlyGranted.length} granted: ${list(d.newlyGranted.map((n) => n.action))}`);
  if (d.noLongerGranted.length) parts.push(`-${d.noLongerGranted.length} no longer granted`);
  if (d.becameUsed.length) parts.push(`newly used: ${list(d.becameUsed)}`);
  if (d.becameUnused.length) parts.push(`no longer used: ${list(d.becameUnused)}`);
  if (d.newDenials.length) parts.push(`new denials: ${list(d.newDenials.map((x) => `${x.action} (${x.cause})`))}`);
  return parts;
}
