/**
 * One run of the deployed `collect` function: take the lease (one run at a time), then
 * read every stream concurrently (each region, and the global services from us-east-1
 * when us-east-1 is not a configured region) since its checkpoint, fold each into a usage
 * aggregate and store it; then, still holding the lease, write the checkpoints, alert on
 * new denials of tracked roles, compact yesterday's aggregates, and hand the lease back.
 *
 * Ordering is what makes it safe to cut short or repeat: the aggregate is written before
 * the checkpoint that covers it (a crash in between re-reads the window, and the merge
 * counts re-read events once); alerts are published before the alert state that records
 * them (a crash in between repeats an alert rather than losing one). Regions are read
 * concurrently because LookupEvents' quota is per region: a busy region cannot starve the
 * others of the run's time.
 */
import { roleKey } from '../core/arn.ts';
import type { DenialInput } from '../core/alerts/plan.ts';
import { checkpointAgeMetrics } from '../core/collect/metrics.ts';
import { collectStreams } from '../core/collect/streams.ts';
import type { TrackedRole } from '../core/model.ts';
import { takeLease } from '../sources/store/lease.ts';
import { compactTaskDay } from '../sources/store/task-store.ts';
import type { CollectDeps } from './collect-deps.ts';
import { compactDueDays } from './compact-days.ts';
import type { StackConfig } from './config.ts';
import { readStream, type RegionRun, type StreamRead } from './collect-stream.ts';
import { sendAlerts } from './send-alerts.ts';
import { storeTaskSnapshot, withDenialRevisions } from './task-facts.ts';

export type { CollectDeps } from './collect-deps.ts';
export type { RegionRun } from './collect-stream.ts';


/** `collected`, or `skipped` because another run holds the lease. */
export type CollectOutcome = 'collected' | 'skipped';

export interface CollectSummary {
  outcome: CollectOutcome;
  trackedRoles: number;
  /** One entry per stream: each region, then each global service read from us-east-1. */
  regions: RegionRun[];
  /** Streams whose read the time budget cut short (the rest is read next run). */
  stopped: string[];
  alerts: number;
  /** Region-days whose stored aggregates this run compacted into one object each. */
  compacted: number;
  excluded: number;
  problems: string[];
}

/** The lease object in the bucket. */
export const LEASE_KEY = 'state/collect-lease.json';
/** A crashed run's lease outlives its timeout by this much, then the next tick takes it. */
const LEASE_MARGIN_MS = 60_000;

function denialsOf(reads: StreamRead[], byKey: ReadonlyMap<string, TrackedRole>): DenialInput[] {
  const denials: DenialInput[] = [];
  for (const r of reads) {
    for (const [key, usage] of Object.entries(r.usage.roles)) {
      const role = byKey.get(key);
      if (!role) continue;
      for (const denied of Object.values(usage.denied)) denials.push({ role, denied });
    }
  }
  return denials;
}

function skipped(holder: string, expiresAt: string): CollectSummary {
  return { outcome: 'skipped', trackedRoles: 0, regions: [], stopped: [], alerts: 0, compacted: 0, excluded: 0, problems: [`another collect run (${holder}) holds the lease until ${expiresAt}; this run did nothing`] };
}

export async function runCollect(cfg: StackConfig, deps: CollectDeps): Promise<CollectSummary> {
  const taken = await takeLease(deps.store.store, LEASE_KEY, deps.runId, deps.now(), deps.remainingMs() + LEASE_MARGIN_MS);
  if (taken.state === 'busy') {
    deps.log('skipped: lease held', { holder: taken.holder, expiresAt: taken.expiresAt });
    return skipped(taken.holder, taken.expiresAt);
  }
  const lease = taken.lease;
  const account = await deps.trackedRoles();
  const byKey = new Map(account.roles.map((r) => [roleKey(r.accountId, r.roleName), r]));
  const tracked = new Set(byKey.keys());
  const problems = [...account.problems];

  // Which task ran which revision for which service: stored beside the aggregates, for the report and for alerts.
  const snapshot = deps.taskSnapshot ? await deps.taskSnapshot() : undefined;
  if (snapshot) problems.push(...(await storeTaskSnapshot(deps.store.store, snapshot, deps.now(), deps.runId)));
  const reads = await Promise.all(collectStreams(cfg.regions).map((s) => readStream(cfg, deps, s, tracked)));
  // Fencing: a run that lost its lease (it outlived it) must not move checkpoints back.
  if (!(await lease.renew(deps.now(), deps.remainingMs() + LEASE_MARGIN_MS))) {
    throw new Error('collect lost its lease to another run before writing checkpoints; the aggregates it stored are merged idempotently');
  }
  for (const r of reads) {
    await deps.store.putCheckpoint(r.run.stream, r.checkpoint);
    problems.push(...r.problems);
  }
  const now = deps.now();
  for (const doc of checkpointAgeMetrics(reads.map((r) => ({ stream: r.run.stream, ageSeconds: (now - Date.parse(r.checkpoint.doneUntil)) / 1000 })), deps.functionName, now)) deps.emit(doc);

  const denials = await withDenialRevisions(denialsOf(reads, byKey), reads, snapshot?.facts ?? [], deps.store.store, deps.now());
  const sent = await sendAlerts(cfg, deps, denials, account.roles[0]?.accountId);
  const compaction = await compactDueDays(deps.store, now, { windowDays: cfg.windowDays, shouldStop: () => deps.remainingMs() < cfg.safetyMs });
  problems.push(...compaction.problems);
  if (compaction.compacted) deps.log('compacted', { regionDays: compaction.compacted, runs: compaction.merged, through: compaction.through });
  // The day just compacted: its task facts too, one object per region-day for the report.
  if (compaction.through) problems.push(...(await compactTaskDay(deps.store.store, compaction.through)).problems);
  await lease.release(deps.now());

  const regions = reads.map((r) => r.run);
  return {
    outcome: 'collected',
    trackedRoles: tracked.size,
    regions,
    stopped: regions.filter((r) => r.stoppedBy === 'stopped').map((r) => r.stream),
    alerts: sent.alerts,
    compacted: compaction.compacted,
    excluded: account.excluded.length,
    problems,
  };
}
