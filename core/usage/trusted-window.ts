/**
 * Which part of a window the stored aggregates can vouch for. The deployed collector
 * records, per region, the windows it read in full; "unused" may only rest on the span
 * every region was collected without a gap up to now. Usage older than a gap still counts
 * as used (that is the safe direction).
 */
import type { CoverageWindow } from './model.ts';

export interface TrustedWindow {
  /** The latest start of any region's last gap-free block (or `from`, if later). */
  start: string;
  /** Regions with no recent collection: nothing may be called unused. */
  incompleteRegions: string[];
  /** One line per gap or stale region, for the report's problems. */
  problems: string[];
}

export interface TrustedWindowOptions {
  /** Start of the report window. */
  from: string;
  /** The report's time, ms since the epoch. */
  now: number;
  /** A region whose newest coverage ends earlier than this before `now` is stale (collection has stopped). */
  staleMs: number;
}

/** The span every region in `regions` was read without a gap, up to now. `coverage` must be merged (see `mergeCoverage`). */
export function trustedWindow(coverage: readonly CoverageWindow[], regions: readonly string[], o: TrustedWindowOptions): TrustedWindow {
  const out: TrustedWindow = { start: o.from, incompleteRegions: [], problems: [] };
  for (const region of regions) {
    const blocks = coverage.filter((c) => c.region === region);
    const last = blocks.at(-1);
    if (!last || Date.parse(last.end) < o.now - o.staleMs) {
      out.incompleteRegions.push(region);
      out.problems.push(`${region}: no CloudTrail collected ${last ? `since ${last.end}` : 'in the window'}; is the collect function failing?`);
      continue;
    }
    if (blocks.length > 1) out.problems.push(`${region}: CloudTrail not collected from ${blocks.at(-2)!.end} to ${last.start}; the window starts after the gap`);
    if (last.start > out.start) out.start = last.start;
  }
  return out;
}
