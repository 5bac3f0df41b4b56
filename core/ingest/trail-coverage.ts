/**
 * What folded trail files can vouch for. A trail records continuously and delivers a file
 * for every few minutes that had events; a quiet stretch has no file, so the files of a
 * region cannot show a gap by their times. What can go wrong is visible elsewhere: a file
 * that cannot be folded lands in the dead-letter queue and is named in the report, a
 * backfill still in progress is counted, and a trail that stops delivering leaves its
 * region's newest file old (stale). So each region's coverage is one block, from the
 * start of the first day with a folded file to the newest file's delivery.
 */
import type { CoverageWindow } from '../usage/model.ts';

/** What one folded file vouches for: its region, from the start of its day to its delivery. */
export function fileCoverage(region: string, day: string, delivered: string): CoverageWindow {
  return { region, start: `${day}T00:00:00Z`, end: delivered };
}

/** Each region's windows as one block, from its earliest start to its latest end (regions in order). */
export function continuousCoverage(windows: readonly CoverageWindow[]): CoverageWindow[] {
  const byRegion = new Map<string, CoverageWindow>();
  for (const w of windows) {
    const b = byRegion.get(w.region);
    if (!b) byRegion.set(w.region, { ...w });
    else {
      if (w.start < b.start) b.start = w.start;
      if (w.end > b.end) b.end = w.end;
    }
  }
  return [...byRegion.values()].sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}

/** A backfill's counts for one account: files it enqueued, and of those, folded and failed for good. */
export interface BackfillCounts {
  enqueued: number;
  processed: number;
  failed: number;
}

/** Still in progress: some enqueued file is neither folded nor failed yet. */
export function isBackfillPending(c: BackfillCounts): boolean {
  return c.processed + c.failed < c.enqueued;
}

/** One line for the report: how far the backfill has come. */
export function backfillLine(c: BackfillCounts, since: string): string {
  const done = `${c.processed.toLocaleString('en-US')} of ${c.enqueued.toLocaleString('en-US')} existing log files since ${since} folded`;
  const failed = c.failed ? `, ${c.failed.toLocaleString('en-US')} failed (in the dead-letter queue)` : '';
  return isBackfillPending(c) ? `backfill in progress: ${done}${failed}; nothing is called unused until it is done` : `backfill done: ${done}${failed}`;
}
