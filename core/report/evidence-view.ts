/**
 * The evidence beyond the window as renderers say it: the strongest claims (unused for
 * ≥ N days, by IAM last-accessed data) grouped by service, and the words for a
 * last-accessed report, a disagreement and an Access Analyzer verdict. Derived here once so
 * that the terminal, Markdown and e-mail renderers say the same thing.
 */
import { serviceRiskWeight } from '../analyze/risk.ts';
import type { AccessLevel, NotObservableReason } from '../model.ts';
import { REASON_LABEL } from './labels.ts';
import type { LastAccessedDisagreement, NotAccessedClaim, RoleLastAccessed, RoleReport, SuggestionCheck } from './schema.ts';

/** One service's unused actions that IAM last-accessed data also says were not accessed. */
export interface StrongClaimGroup {
  service: string;
  /** `service`: the whole service was not accessed; `action`: each action, by action-level tracking. */
  level: NotAccessedClaim['level'];
  /** The shortest span among the group's claims (what every action of it can claim). */
  days: number;
  since: string;
  until: string;
  /** In access-level order, riskiest first. */
  actions: string[];
  byLevel: Partial<Record<AccessLevel, number>>;
  /** Actions CloudTrail could not have shown (why): these rest on IAM last-accessed data alone. */
  lastAccessedOnly: { action: string; reason: NotObservableReason }[];
}

/** A role's strongest claims by service and claim level, riskiest first. */
export function strongestClaims(role: RoleReport): StrongClaimGroup[] {
  const groups = new Map<string, StrongClaimGroup>();
  for (const u of role.unused) {
    const claim = u.lastAccessed;
    if (!claim) continue;
    const service = u.action.slice(0, u.action.indexOf(':'));
    const key = `${service}|${claim.level}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { service, level: claim.level, days: claim.days, since: claim.since, until: claim.until, actions: [], byLevel: {}, lastAccessedOnly: [] }));
    if (claim.days < g.days) Object.assign(g, { days: claim.days, since: claim.since, until: claim.until });
    g.actions.push(u.action);
    g.byLevel[u.accessLevel] = (g.byLevel[u.accessLevel] ?? 0) + 1;
    if (u.notObservableInTrail) g.lastAccessedOnly.push({ action: u.action, reason: u.notObservableInTrail });
  }
  const weight = (g: StrongClaimGroup) => serviceRiskWeight(g.byLevel, g.actions.length);
  return [...groups.values()].sort((a, b) => weight(b) - weight(a) || (a.service < b.service ? -1 : 1));
}

/** The fewest days any strong claim of the role spans ("unused for ≥ N days"); undefined when none. */
export function strongestDays(groups: readonly StrongClaimGroup[]): number | undefined {
  return groups.length ? Math.min(...groups.map((g) => g.days)) : undefined;
}

const day = (iso: string) => iso.slice(0, 10);

/** "service not accessed 2025-10-13 → 2026-11-17" */
export function claimPhrase(g: Pick<StrongClaimGroup, 'level' | 'since' | 'until'>): string {
  return `${g.level === 'service' ? 'service' : 'actions'} not accessed ${day(g.since)} → ${day(g.until)}`;
}

/** "sns:Publish (CloudTrail cannot show it: data events absent from the input)" */
export function lastAccessedOnlyPhrase(x: { action: string; reason: NotObservableReason }): string {
  return `${x.action} (CloudTrail could not show it: ${REASON_LABEL[x.reason]})`;
}

const SOURCE_LABEL: Record<NonNullable<RoleLastAccessed['report']>['source'], string> = {
  'iam-api': 'read from IAM now',
  'iam-api-cached': 'read from IAM within the last day',
  'export-file': 'export file',
};

/** "IAM report of 2026-11-17T00:00:05Z (export file, action level)", or why there is none. */
export function lastAccessedPhrase(la: RoleLastAccessed): string {
  if (!la.report) return `none (${la.limitations[0] ?? 'no report'})`;
  const r = la.report;
  return `IAM report of ${r.generatedAt} (${SOURCE_LABEL[r.source]}, ${r.granularity === 'ACTION_LEVEL' ? 'action level' : 'service level'})`;
}

/** The limitations worth a line (the first one is already in the phrase when there is no report). */
export function lastAccessedLimitations(la: RoleLastAccessed): string[] {
  return la.report ? la.limitations : la.limitations.slice(1);
}

const CAUSE: Record<LastAccessedDisagreement['likelyCause'], string> = {
  'tracking-lag': 'likely tracking lag: IAM records activity within about four hours',
  'untracked-region': 'likely a call in a region IAM does not track',
  unknown: 'cause unknown',
};

/** A role's disagreements, by likely cause: one heading each, then one line per action. */
export interface DisagreementGroup {
  heading: string;
  lines: { action: string; text: string }[];
}

/** "IAM's report of … says never accessed since … (likely tracking lag …)" with its actions, "100 calls from …". */
export function disagreementGroups(disagreements: readonly LastAccessedDisagreement[]): DisagreementGroup[] {
  const groups = new Map<string, DisagreementGroup>();
  for (const d of disagreements) {
    const heading = `IAM's report of ${d.claim.until} says ${d.claim.level === 'service' ? 'their services' : 'these actions'} were not accessed since ${day(d.claim.since)} (${CAUSE[d.likelyCause]})`;
    let g = groups.get(heading);
    if (!g) groups.set(heading, (g = { heading, lines: [] }));
    g.lines.push({ action: d.action, text: `${d.calls.toLocaleString('en-US')} call${d.calls === 1 ? '' : 's'} in CloudTrail from ${d.firstSeen}` });
  }
  return [...groups.values()];
}

/** One line for an Access Analyzer verdict on a suggestion. */
export function checkPhrase(check: SuggestionCheck): string {
  switch (check.status) {
    case 'verified':
      return `verified by IAM Access Analyzer: ${check.detail}`;
    case 'failed':
      return `FAILED the IAM Access Analyzer check: ${check.reason}; do not apply it as is`;
    case 'not-checked':
      return `not checked by IAM Access Analyzer: ${check.reason}`;
  }
}
