/**
 * One run of the deployed `collect` function: for each region, read CloudTrail since the
 * checkpoint, fold it into a usage aggregate, store the aggregate, then the checkpoint;
 * then alert on new denials of tracked roles.
 *
 * Ordering is what makes it safe to cut short or repeat: the aggregate is written before
 * the checkpoint that covers it (a crash in between re-reads the window, and the merge
 * counts re-read events once); alerts are published before the alert state that records
 * them (a crash in between repeats an alert rather than losing one).
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { roleKey } from '../core/arn.ts';
import { planAlerts, type DenialInput } from '../core/alerts/plan.ts';
import type { Catalog } from '../core/catalog/catalog.ts';
import type { SnsMessage } from '../core/report/alert-message.ts';
import { renderAlert } from '../core/report/alert-message.ts';
import { emptyUsage, type UsageAggregate } from '../core/usage/model.ts';
import { compactUsage } from '../core/usage/build.ts';
import { foldContext, foldSink } from '../core/usage/fold.ts';
import { readLookupEvents } from '../sources/aws/lookup-events.ts';
import type { RateLimiter } from '../sources/aws/rate-limiter.ts';
import { aggregateKey, type Checkpoint, type StackStore, type TrackedRoles } from '../sources/store/stack-store.ts';
import type { StackConfig } from './config.ts';

export interface CollectDeps {
  store: StackStore;
  catalog: Catalog;
  /** Tracked roles after scope; grants are not needed here. */
  trackedRoles(): Promise<TrackedRoles>;
  cloudTrail(region: string): CloudTrailClient;
  limiter(region: string): RateLimiter;
  publish(message: SnsMessage): Promise<void>;
  now(): number;
  /** Milliseconds left before the function is stopped. */
  remainingMs(): number;
  runId: string;
  log(message: string, data?: Record<string, unknown>): void;
}

export interface RegionRun {
  region: string;
  window: { start: string; end: string; then: string };
  events: number;
  pages: number;
  complete: boolean;
  stoppedBy?: string;
  aggregateKey: string;
}

export interface CollectSummary {
  trackedRoles: number;
  regions: RegionRun[];
  alerts: number;
  excluded: number;
  problems: string[];
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

/** The window this run reads for a region: the rest of a cut-short window, or from the checkpoint to now. */
export function nextWindow(c: Checkpoint | undefined, now: number, cfg: StackConfig): { start: string; end: string; then: string } {
  if (c?.pending) return c.pending;
  // CloudTrail delivers events minutes late: re-read an overlap; the merge counts repeats once.
  const from = c ? Date.parse(c.doneUntil) - cfg.overlapMinutes * 60_000 : now - cfg.backfillHours * 3_600_000;
  return { start: iso(from), end: iso(now), then: iso(now) };
}

export async function runCollect(cfg: StackConfig, deps: CollectDeps): Promise<CollectSummary> {
  const account = await deps.trackedRoles();
  const byKey = new Map(account.roles.map((r) => [roleKey(r.accountId, r.roleName), r]));
  const tracked = new Set(byKey.keys());
  const problems = [...account.problems];
  const runs: RegionRun[] = [];
  const denials: DenialInput[] = [];

  for (const region of cfg.regions) {
    const checkpoint = await deps.store.getCheckpoint(region);
    const window = nextWindow(checkpoint, deps.now(), cfg);
    const agg: UsageAggregate = emptyUsage();
    const sink = foldSink(agg, foldContext(deps.catalog, { tracked, since: window.start, until: window.end }));
    const result = await readLookupEvents(deps.cloudTrail(region), {
      start: new Date(window.start),
      end: new Date(window.end),
      limiter: deps.limiter(region),
      onRecord: sink.record,
      onSkip: sink.skipRecord,
      shouldStop: () => deps.remainingMs() < cfg.safetyMs,
    });
    compactUsage(agg);
    // What was read in full: the whole window, or (newest first) everything after the oldest event read.
    const coveredFrom = result.complete ? window.start : result.oldestRead;
    if (coveredFrom) agg.coverage = [{ region, start: coveredFrom, end: window.end }];
    const key = aggregateKey(region, coveredFrom ?? window.end, window.end, deps.runId);
    await deps.store.putAggregate(key, agg);
    const next: Checkpoint = result.complete
      ? { doneUntil: window.then }
      : { doneUntil: checkpoint?.doneUntil ?? window.start, pending: { start: window.start, end: result.oldestRead ?? window.end, then: window.then } };
    await deps.store.putCheckpoint(region, next);
    if (!result.complete && result.stoppedBy !== 'stopped') problems.push(`CloudTrail ${region}: ${result.stoppedBy}; the rest of the window is read next run`);
    runs.push({ region, window, events: result.events, pages: result.pages, complete: result.complete, ...(result.stoppedBy ? { stoppedBy: result.stoppedBy } : {}), aggregateKey: key });
    deps.log('collected', { region, ...window, events: result.events, complete: result.complete });

    for (const [key, usage] of Object.entries(agg.roles)) {
      const role = byKey.get(key);
      if (!role) continue;
      for (const denied of Object.values(usage.denied)) denials.push({ role, denied });
    }
  }

  const state = await deps.store.getAlertState();
  const plan = planAlerts(state, denials, iso(deps.now()), cfg.suppressionMinutes * 60_000);
  for (const alert of plan.alerts) await deps.publish(renderAlert(alert, account.roles[0]?.accountId));
  await deps.store.putAlertState(plan.state);

  return { trackedRoles: tracked.size, regions: runs, alerts: plan.alerts.length, excluded: account.excluded.length, problems };
}
