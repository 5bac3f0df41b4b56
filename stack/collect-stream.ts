/**
 * One stream of one `collect` run (a region, or a global service's events in us-east-1):
 * the window from its checkpoint, the read, the aggregate stored. The checkpoint that
 * covers the aggregate is returned for the caller to write after it, once it has checked
 * that it still holds the lease.
 */
import { checkpointAfter, LOOKUP_RETENTION_MS, nextWindow, type Checkpoint, type ReadWindow } from '../core/collect/window.ts';
import type { CollectStream } from '../core/collect/streams.ts';
import type { UsageAggregate } from '../core/usage/model.ts';
import type { LookupResult } from '../sources/aws/lookup-events.ts';
import { lookupEventsTrail } from '../sources/aws/lookup-events-trail.ts';
import { aggregateKey } from '../sources/store/stack-store.ts';
import type { CollectDeps } from './collect-deps.ts';
import type { StackConfig } from './config.ts';

export interface RegionRun {
  /** The stream's id: the region, or `us-east-1:<event source>` for a global service. */
  stream: string;
  region: string;
  eventSource?: string;
  window: { start: string; end: string; then: string };
  /** Why the window starts where it does (`reconcile`: the daily wider re-read). */
  kind: ReadWindow['kind'];
  events: number;
  pages: number;
  complete: boolean;
  /** `stopped`: the time budget ran out; otherwise the error that ended the read. */
  stoppedBy?: string;
  aggregateKey: string;
}

export interface StreamRead {
  run: RegionRun;
  usage: UsageAggregate;
  checkpoint: Checkpoint;
  problems: string[];
}

function windowPolicy(cfg: StackConfig) {
  return { backfillMs: cfg.backfillHours * 3_600_000, overlapMs: cfg.overlapMinutes * 60_000, reconcileMs: cfg.reconcileHours * 3_600_000, retentionMs: LOOKUP_RETENTION_MS };
}

function streamProblems(stream: CollectStream, w: ReadWindow, result: LookupResult, readProblems: string[]): string[] {
  const problems = readProblems.map((p) => `${p}; the rest of the window is read next run`);
  if (w.lost) problems.push(`${stream.id}: CloudTrail from ${w.lost.start} to ${w.lost.end} was never collected and LookupEvents no longer returns it (90 days): that span is missing from the coverage`);
  if (result.stoppedBy === 'stopped') problems.push(`${stream.id}: read stopped by the time budget at ${result.oldestRead ?? w.end} (${result.events} events read); the rest of the window is read next run`);
  return problems;
}

/** Read one stream from its checkpoint and store the aggregate; the next checkpoint is returned, not written. */
export async function readStream(cfg: StackConfig, deps: CollectDeps, stream: CollectStream, tracked: ReadonlySet<string>): Promise<StreamRead> {
  const previous = await deps.store.getCheckpoint(stream.id);
  const w = nextWindow(previous, deps.now(), windowPolicy(cfg));
  let result: LookupResult = { pages: 0, events: 0, fraction: 0, complete: false };
  const trail = lookupEventsTrail({
    regions: [stream.region],
    ...(stream.eventSource ? { eventSource: stream.eventSource } : {}),
    client: deps.cloudTrail,
    limiter: deps.limiter,
    shouldStop: () => deps.remainingMs() < cfg.safetyMs,
    onRegion: (_, r) => (result = r),
  });
  const read = await trail.read({ catalog: deps.catalog, tracked, since: w.start, until: w.end });
  const coveredFrom = read.usage.coverage?.[0]?.start;
  const key = aggregateKey(stream.region, coveredFrom ?? w.end, w.end, deps.runId, stream.eventSource);
  await deps.store.putAggregate(key, read.usage);
  const checkpoint = checkpointAfter(previous, w, result.complete, coveredFrom);
  deps.log('collected', { stream: stream.id, start: w.start, end: w.end, kind: w.kind, events: result.events, complete: result.complete });
  const run: RegionRun = {
    stream: stream.id,
    region: stream.region,
    ...(stream.eventSource ? { eventSource: stream.eventSource } : {}),
    window: { start: w.start, end: w.end, then: w.then },
    kind: w.kind,
    events: result.events,
    pages: result.pages,
    complete: result.complete,
    ...(result.stoppedBy ? { stoppedBy: result.stoppedBy } : {}),
    aggregateKey: key,
  };
  return { run, usage: read.usage, checkpoint, problems: streamProblems(stream, w, result, read.problems) };
}
