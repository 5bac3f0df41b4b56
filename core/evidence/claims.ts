/**
 * What one role's IAM last-accessed report says about one action, as small questions:
 * was it accessed, and when; was it (or its whole service) not accessed, over which span.
 * The rules that combine these with CloudTrail are in `fuse.ts`.
 */
import { serviceOf } from '../catalog/service-of.ts';
import type { NotAccessedClaim } from '../report/schema.ts';
import type { ActionLastAccessed, LastAccessedReport, ServiceLastAccessed } from './last-accessed.ts';
import { actionTrackingStart, ACTION_TRACKING_START, REPORTING_LAG_MS, serviceTrackingStart, untrackedRegions, wholeDays } from './tracking.ts';

/** A report indexed for lookups, with the start of its service-level span for this role. */
export interface LastAccessedIndex {
  report: LastAccessedReport;
  services: ReadonlyMap<string, ServiceLastAccessed>;
  /** Lower-cased `service:name` → entry, for services tracked at action level. */
  actions: ReadonlyMap<string, ActionLastAccessed>;
  /** Where "not accessed" spans start; undefined when none can be claimed (a region IAM does not track). */
  serviceStart?: string;
}

/** Index a report for one role (its task regions and creation date bound the spans). */
export function indexReport(report: LastAccessedReport, roleRegions: readonly string[], createDate?: string): LastAccessedIndex {
  const actions = new Map<string, ActionLastAccessed>();
  for (const s of report.services) for (const a of s.actions ?? []) actions.set(a.action.toLowerCase(), a);
  const serviceStart = serviceTrackingStart(report.generatedAt, roleRegions, createDate);
  return { report, services: new Map(report.services.map((s) => [s.service, s])), actions, ...(serviceStart ? { serviceStart } : {}) };
}

/** When the role last attempted `action`, per action-level tracking; undefined when not tracked or not accessed. */
export function lastAccessedOf(idx: LastAccessedIndex, action: string): ActionLastAccessed | undefined {
  const entry = idx.actions.get(action.toLowerCase());
  return entry?.lastAccessed ? entry : undefined;
}

/**
 * What the report claims against `action`: its service not accessed at all (the longer
 * span, so preferred), or the action itself not accessed where action-level tracking has a
 * documented start. Undefined when it claims nothing.
 */
export function notAccessedClaim(idx: LastAccessedIndex, action: string): NotAccessedClaim | undefined {
  const service = idx.services.get(serviceOf(action));
  if (!service || !idx.serviceStart) return undefined;
  const until = idx.report.generatedAt;
  const claim = (level: NotAccessedClaim['level'], since: string): NotAccessedClaim | undefined =>
    since < until ? { level, since, until, days: wholeDays(since, until) } : undefined;
  if (!service.lastAuthenticated) return claim('service', idx.serviceStart);
  const entry = idx.actions.get(action.toLowerCase());
  const actionStart = actionTrackingStart(service.service, idx.serviceStart);
  return entry && !entry.lastAccessed && actionStart ? claim('action', actionStart) : undefined;
}

/** A report generated more than a day before the window's end leaves part of the window unspoken for. */
export function isStale(report: LastAccessedReport, windowEnd: string | undefined): boolean {
  return !!windowEnd && Date.parse(report.generatedAt) < Date.parse(windowEnd) - 86_400_000;
}

/** Why CloudTrail and the report might disagree about calls first seen at `firstSeen`. */
export function likelyCause(generatedAt: string, firstSeen: string, regions: readonly string[]): 'tracking-lag' | 'untracked-region' | 'unknown' {
  if (Date.parse(firstSeen) > Date.parse(generatedAt) - REPORTING_LAG_MS) return 'tracking-lag';
  return untrackedRegions(regions).length ? 'untracked-region' : 'unknown';
}

/** Services the report tracks at action level whose tracking start is not documented: their "not accessed" is not believed. */
export function undocumentedActionServices(report: LastAccessedReport): string[] {
  return report.services.filter((s) => s.actions?.length && !ACTION_TRACKING_START[s.service]).map((s) => s.service);
}
