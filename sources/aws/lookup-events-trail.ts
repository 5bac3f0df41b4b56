/**
 * CloudTrail `LookupEvents` as a trail source: every region's management events over the
 * request's window, folded into one aggregate. The CLI's `--live` and the deployed
 * `collect` read through here; `collect` reads one region at a time, for its checkpoints.
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { feedSource, type TrailSource } from '../../core/pipeline.ts';
import { streamId } from '../../core/collect/streams.ts';
import type { CoverageWindow } from '../../core/usage/model.ts';
import { readLookupEvents, type LookupProgress, type LookupResult } from './lookup-events.ts';
import { systemClock, type Clock } from '../clock.ts';
import { sharedLimiter, type RateLimiter } from './rate-limiter.ts';

export interface LookupTrailOptions {
  regions: string[];
  /**
   * Read only this event source's events in each region (a global service's, from
   * us-east-1). The region is then not read in full: it is not in `regionsRead`, and its
   * coverage windows are labelled `region:eventSource` (see core/collect/streams.ts).
   */
  eventSource?: string;
  client(region: string): CloudTrailClient;
  limiter(region: string): RateLimiter;
  /** Checked before every page (a Lambda near its timeout). */
  shouldStop?(): boolean;
  /** After every page of a region. */
  onPage?(region: string, p: LookupProgress): void;
  /** When a region's read ends, complete or not. */
  onRegion?(region: string, r: LookupResult): void;
}

/**
 * LookupEvents allows 2 requests per second per account and region, shared by every caller:
 * one limiter per pair, on the given clock (the sandbox's virtual clock in tests).
 */
export function lookupEventsLimiter(accountId: string, region: string, clock: Clock = systemClock): RateLimiter {
  return sharedLimiter(`lookup-events:${accountId}:${region}`, 2, clock);
}

/**
 * What a read covered: the whole window, or (events come newest first) everything after
 * the oldest event read when it stopped early.
 */
function covered(label: string, start: string, end: string, r: LookupResult): CoverageWindow | undefined {
  const from = r.complete ? start : r.oldestRead;
  return from ? { region: label, start: from, end } : undefined;
}

/** The regions' LookupEvents as one trail source. The request must carry `since` and `until`. */
export function lookupEventsTrail(o: LookupTrailOptions): TrailSource {
  return feedSource(async (sink, request) => {
    const { since, until } = request;
    if (!since || !until) throw new Error('lookupEventsTrail needs a window');
    const incompleteRegions: string[] = [];
    const problems: string[] = [];
    const coverage: CoverageWindow[] = [];
    for (const region of o.regions) {
      const result = await readLookupEvents(o.client(region), {
        start: new Date(since),
        end: new Date(until),
        limiter: o.limiter(region),
        ...(o.eventSource ? { eventSource: o.eventSource } : {}),
        onRecord: sink.record,
        onSkip: sink.skipRecord,
        ...(o.onPage ? { onPage: (p: LookupProgress) => o.onPage!(region, p) } : {}),
        ...(o.shouldStop ? { shouldStop: o.shouldStop } : {}),
      });
      o.onRegion?.(region, result);
      const label = streamId(region, o.eventSource);
      const c = covered(label, since, until, result);
      if (c) coverage.push(c);
      if (result.complete) continue;
      incompleteRegions.push(label);
      // Stopping for time is not a problem: the caller resumes where the read stopped.
      if (result.stoppedBy !== 'stopped') problems.push(`CloudTrail ${label}: read stopped at ${result.oldestRead ?? 'the first page'} (${result.stoppedBy})`);
    }
    // Every region asked for was read (a quiet region has no events, not missing input);
    // one service's events are not the region's.
    return { window: { start: since, end: until }, regionsRead: o.eventSource ? [] : o.regions, incompleteRegions, problems, coverage };
  });
}
