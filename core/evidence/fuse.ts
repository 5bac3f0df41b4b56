/**
 * CloudTrail's findings for one role, fused with its IAM last-accessed report. Every claim
 * says which source it rests on, and CloudTrail wins where they disagree:
 *
 * - granted, not called in the window, but IAM says the role accessed it after some date:
 *   **used earlier** (never unused; kept in the suggestion);
 * - granted, not called, and IAM says it (or its whole service) was not accessed over its
 *   tracking span: **unused for ≥ N days**; this turns "not observable" into unused too
 *   (a data-plane action of a service never accessed), except permission-only actions,
 *   which IAM does not track as access to their own service;
 * - called in the window while IAM says never: CloudTrail wins, the action stays used, and
 *   the disagreement is reported with its likely cause. A service CloudTrail shows the role
 *   attempting (used or denied) before the report, which the report calls never accessed,
 *   is refuted: none of its other actions is called unused on the report's word.
 *
 * Nothing before a tracking start counts (`tracking.ts`); a report older than the window's
 * end gives evidence of use only.
 */
import { ACCESS_LEVEL_RANK } from '../analyze/access-level.ts';
import { serviceOf } from '../catalog/service-of.ts';
import type { DeniedEntry, LastAccessedDisagreement, NotObservableEntry, RoleLastAccessed, UnusedEntry, UsedEarlierEntry, UsedEntry } from '../report/schema.ts';
import { indexReport, isStale, lastAccessedOf, likelyCause, notAccessedClaim, undocumentedActionServices, type LastAccessedIndex } from './claims.ts';
import type { LastAccessedReport } from './last-accessed.ts';
import { untrackedRegions } from './tracking.ts';

export interface FusionInput {
  /** The role's report; undefined when there is none (`missing` says why). */
  report?: LastAccessedReport;
  missing?: string;
  window: { start?: string; end?: string };
  /** Regions the role's tasks run in. */
  roleRegions: readonly string[];
  /** Regions the CloudTrail input holds records of. */
  callRegions: readonly string[];
  createDate?: string;
  used: readonly UsedEntry[];
  /** Denied calls: attempts, which IAM last-accessed data counts too. */
  denied: readonly DeniedEntry[];
  unused: readonly UnusedEntry[];
  notObservable: readonly NotObservableEntry[];
  /** The unused entry of a granted action, for a not-observable action that becomes unused. */
  unusedEntryOf(action: string): UnusedEntry;
}

export interface Fusion {
  unused: UnusedEntry[];
  notObservable: NotObservableEntry[];
  lastAccessed: RoleLastAccessed;
}

const byLevelThenName = (a: UnusedEntry, b: UnusedEntry) =>
  ACCESS_LEVEL_RANK[a.accessLevel] - ACCESS_LEVEL_RANK[b.accessLevel] || (a.action < b.action ? -1 : a.action > b.action ? 1 : 0);

/**
 * Services the report calls never accessed although CloudTrail shows the role attempting
 * them (a call, allowed or denied, first seen before the report): the report is wrong about
 * them (lag, an untracked region), so it is believed about none of their actions.
 */
export function refutedServices(idx: LastAccessedIndex, attempts: readonly { action: string; firstSeen: string }[]): Set<string> {
  const refuted = new Set<string>();
  for (const a of attempts) {
    const service = idx.services.get(serviceOf(a.action));
    if (service && !service.lastAuthenticated && a.firstSeen <= idx.report.generatedAt) refuted.add(service.service);
  }
  return refuted;
}

/**
 * Not observable because the role's own calls in the window may have needed it (an unmapped
 * call of its service, a call whose record cannot show it): CloudTrail shows the service in
 * use, so IAM's "never accessed" is not believed about it.
 */
function evidenceOfCallsInWindow(reason: NotObservableEntry['reason']): boolean {
  return reason === 'unmapped-calls' || reason === 'possible-use';
}

/** Why some of the report's claims are not used, in words for the report. */
function limitationsOf(idx: LastAccessedIndex, input: FusionInput, stale: boolean, refuted: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const { report } = idx;
  if (refuted.size) out.push(`CloudTrail shows ${[...refuted].sort().join(', ')} attempted before the report, which says never: the report's claims about ${refuted.size === 1 ? 'it' : 'them'} are not used`);
  if (stale) out.push(`report of ${report.generatedAt} is older than the window's end (${input.window.end}): its "not accessed" claims are not used, its evidence of use is`);
  const untracked = untrackedRegions(input.roleRegions);
  if (untracked.length) out.push(`its tasks run in ${untracked.join(', ')}, where IAM does not track last-accessed information: nothing is called not accessed`);
  if (report.granularity === 'SERVICE_LEVEL') out.push('service-level report: no action-level claims');
  const undocumented = undocumentedActionServices(report);
  if (undocumented.length) out.push(`action-level data for ${undocumented.join(', ')} counts as evidence of use only: no documented tracking start`);
  return out;
}

/** Used entries that the report says were never accessed, before it was generated. */
function disagreementsOf(idx: LastAccessedIndex, input: FusionInput): LastAccessedDisagreement[] {
  const out: LastAccessedDisagreement[] = [];
  const regions = [...new Set([...input.roleRegions, ...input.callRegions])];
  for (const u of input.used) {
    const claim = notAccessedClaim(idx, u.action);
    if (!claim || u.firstSeen > idx.report.generatedAt) continue;
    out.push({ action: u.action, calls: u.count, firstSeen: u.firstSeen, lastSeen: u.lastSeen, claim, likelyCause: likelyCause(idx.report.generatedAt, u.firstSeen, regions) });
  }
  return out;
}

/** Fuse one role's CloudTrail findings with its last-accessed report. */
export function fuseLastAccessed(input: FusionInput): Fusion {
  if (!input.report) {
    const limitations = [input.missing ?? 'no IAM last-accessed report for this role'];
    return { unused: [...input.unused], notObservable: [...input.notObservable], lastAccessed: { limitations, usedEarlier: [], disagreements: [] } };
  }
  const idx = indexReport(input.report, input.roleRegions, input.createDate);
  const stale = isStale(input.report, input.window.end);
  const refuted = refutedServices(idx, [...input.used, ...input.denied]);
  const usedEarlier: UsedEarlierEntry[] = [];
  const earlier = (e: { action: string; accessLevel: UnusedEntry['accessLevel'] }): boolean => {
    const seen = lastAccessedOf(idx, e.action);
    if (seen) usedEarlier.push({ action: e.action, accessLevel: e.accessLevel, lastAccessed: seen.lastAccessed!, ...(seen.region ? { region: seen.region } : {}) });
    return !!seen;
  };
  const claimFor = (action: string) => (stale || refuted.has(serviceOf(action)) ? undefined : notAccessedClaim(idx, action));
  const unused: UnusedEntry[] = [];
  for (const u of input.unused) {
    if (earlier(u)) continue;
    const claim = claimFor(u.action);
    unused.push(claim ? { ...u, lastAccessed: claim } : u);
  }
  const notObservable: NotObservableEntry[] = [];
  for (const n of input.notObservable) {
    if (earlier(n)) continue;
    const claim = evidenceOfCallsInWindow(n.reason) || n.reason === 'permission-only' ? undefined : claimFor(n.action);
    if (claim) unused.push({ ...input.unusedEntryOf(n.action), lastAccessed: claim, notObservableInTrail: n.reason });
    else notObservable.push(n);
  }
  unused.sort(byLevelThenName);
  usedEarlier.sort((a, b) => (a.action < b.action ? -1 : 1));
  const { generatedAt, source, granularity } = input.report;
  return {
    unused,
    notObservable,
    lastAccessed: { report: { generatedAt, source, granularity }, limitations: limitationsOf(idx, input, stale, refuted), usedEarlier, disagreements: disagreementsOf(idx, input) },
  };
}
