/**
 * The deployed stack's stored usage aggregates over a window, as a trail source: merged
 * (each event counted once however often it was collected), with the window cut to the
 * span every stream was collected without a gap (see `trustedWindow`).
 *
 * What it says was read is what was read: the configured regions, and us-east-1 only when
 * us-east-1 is one of them or when every global service's events were collected from it
 * (then IAM, STS, CloudFront, ... actions are observable; a eu-west-1-only deployment
 * whose us-east-1 reads fail gets them as not observable, not unused).
 */
import { GLOBAL_SERVICES_REGION } from '../../core/collect/streams.ts';
import type { TrailSource } from '../../core/pipeline.ts';
import { compactUsage } from '../../core/usage/build.ts';
import { mergeUsage } from '../../core/usage/merge.ts';
import { trustedWindow } from '../../core/usage/trusted-window.ts';
import type { StackStore } from './stack-store.ts';

export interface StoredTrailOptions {
  /** Regions the collector reads: each must have recent coverage before anything is called unused. */
  regions: string[];
  /** Ids of the global-service streams the collector reads from us-east-1 (`us-east-1:iam.amazonaws.com`, ...), if any. */
  globalStreams?: string[];
  /** The report's time, ms since the epoch. */
  now: number;
  /** A region whose newest collected CloudTrail is older than this is reported as not collected. */
  staleMs: number;
  /** Told the keys of the aggregates read (for the run's log). */
  onAggregates?(keys: string[]): void;
}

/** Stored aggregates of the request's window (`since` and `until` are required). */
export function storedTrail(store: StackStore, o: StoredTrailOptions): TrailSource {
  return {
    async read(request) {
      const { since, until } = request;
      if (!since || !until) throw new Error('storedTrail needs a window');
      const stored = await store.readAggregates(since, until);
      o.onAggregates?.(stored.keys);
      const usage = compactUsage(mergeUsage(stored.aggregates));
      const global = o.globalStreams ?? [];
      const trusted = trustedWindow(usage.coverage ?? [], [...o.regions, ...global], { from: since, now: o.now, staleMs: o.staleMs });
      const globalMissing = global.filter((s) => trusted.incompleteRegions.includes(s));
      // One line for the global services together, not one per service.
      const problems = [...stored.problems, ...trusted.problems.filter((p) => !globalMissing.some((s) => p.startsWith(`${s}:`)))];
      if (globalMissing.length) {
        problems.push(`global services (${globalMissing.map((s) => s.slice(s.indexOf(':') + 1)).join(', ')}) were not collected from ${GLOBAL_SERVICES_REGION} recently: their actions are not observable in this report`);
      }
      const globalRead = global.length > 0 && globalMissing.length === 0;
      return {
        usage,
        window: { start: trusted.start, end: until },
        regionsRead: [...o.regions, ...(globalRead && !o.regions.includes(GLOBAL_SERVICES_REGION) ? [GLOBAL_SERVICES_REGION] : [])],
        incompleteRegions: trusted.incompleteRegions.filter((r) => !global.includes(r)),
        problems,
      };
    },
  };
}
