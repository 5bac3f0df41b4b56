/**
 * The deployed stack's stored usage aggregates over a window, as a trail source: merged
 * (each event counted once however often it was collected), with the window cut to the
 * span every region was collected without a gap (see `trustedWindow`).
 */
import type { TrailSource } from '../../core/pipeline.ts';
import { compactUsage } from '../../core/usage/build.ts';
import { mergeUsage } from '../../core/usage/merge.ts';
import { trustedWindow } from '../../core/usage/trusted-window.ts';
import type { StackStore } from './stack-store.ts';

export interface StoredTrailOptions {
  /** Regions the collector reads: each must have recent coverage before anything is called unused. */
  regions: string[];
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
      const trusted = trustedWindow(usage.coverage ?? [], o.regions, { from: since, now: o.now, staleMs: o.staleMs });
      return {
        usage,
        window: { start: trusted.start, end: until },
        incompleteRegions: trusted.incompleteRegions,
        problems: [...stored.problems, ...trusted.problems],
      };
    },
  };
}
