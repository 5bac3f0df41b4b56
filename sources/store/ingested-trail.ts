/**
 * One account's folded trail files over a window, as a trail source for its weekly report:
 * the stored aggregates merged (each event once, however often a file was delivered), the
 * window cut to what the files vouch for (core/ingest/trail-coverage.ts), and what could
 * not be folded made visible: files that failed for good (named, with why; their regions
 * call nothing unused), and a backfill still in progress (counted; nothing called unused).
 */
import { backfillLine, continuousCoverage, isBackfillPending, type BackfillCounts } from '../../core/ingest/trail-coverage.ts';
import type { TrailSource } from '../../core/pipeline.ts';
import { compactUsage } from '../../core/usage/build.ts';
import { mergeUsage } from '../../core/usage/merge.ts';
import { trustedWindow } from '../../core/usage/trusted-window.ts';
import { accountStore } from './account-store.ts';
import type { ObjectStore } from './object-store.ts';
import { foldedFiles, readIngestFailures, type BackfillState, type IngestFailure } from './trail-state.ts';

export interface IngestedTrailOptions {
  account: string;
  /** Regions whose CloudTrail must be delivering before anything is called unused. */
  regions: string[];
  /** The report's time, ms since the epoch. */
  now: number;
  /** A region whose newest folded file is older than this is reported as not delivering. */
  staleMs: number;
  /** The last backfill, if any. */
  backfill?: BackfillState;
  /** Told the keys of the aggregates read. */
  onAggregates?(keys: string[]): void;
}

/** The failures not since resolved: a file whose aggregate now exists was folded by a redrive. */
function openFailures(failures: readonly IngestFailure[], folded: ReadonlySet<string>): IngestFailure[] {
  return failures.filter((f) => !f.aggregateKey || !folded.has(f.aggregateKey));
}

function failureLine(f: IngestFailure): string {
  return `log file not folded: ${f.what}: ${f.reason} (in the ingest dead-letter queue after ${f.receives} receives; redrive it once fixed)`;
}

/** The account's ingested trail (the request's `since` and `until` are required). */
export function ingestedTrail(root: ObjectStore, o: IngestedTrailOptions): TrailSource {
  return {
    async read(request) {
      const { since, until } = request;
      if (!since || !until) throw new Error('ingestedTrail needs a window');
      const stored = await accountStore(root, o.account).readAggregates(since, until);
      o.onAggregates?.(stored.keys);
      const usage = compactUsage(mergeUsage(stored.aggregates));
      const coverage = continuousCoverage(usage.coverage ?? []);
      const trusted = trustedWindow(coverage, o.regions, { from: since, now: o.now, staleMs: o.staleMs });
      const b = o.backfill;
      const folded = await foldedFiles(root, o.account, b?.since ?? '9999', b?.cutoff ?? '');
      const failures = openFailures(await readIngestFailures(root, o.account), folded.keys);
      const incomplete = new Set(trusted.incompleteRegions);
      for (const f of failures) incomplete.add(f.region ?? 'unknown region');
      const problems = [...stored.problems, ...trusted.problems.map((p) => p.replace('is the collect function failing?', 'is the trail delivering, and its notifications reaching the queue?')), ...failures.slice(0, 20).map(failureLine)];
      if (failures.length > 20) problems.push(`… and ${failures.length - 20} more log files not folded`);
      if (b && b.enqueued[o.account] !== undefined) {
        const counts: BackfillCounts = { enqueued: b.enqueued[o.account]!, processed: folded.count, failed: failures.length };
        if (isBackfillPending(counts) || !b.complete) {
          problems.push(backfillLine(counts, b.since) + (b.complete ? '' : ' (the listing stopped early: run the backfill again)'));
          for (const r of o.regions) incomplete.add(r);
        }
      }
      return {
        usage,
        window: { start: trusted.start, end: until },
        regionsRead: coverage.map((c) => c.region),
        incompleteRegions: [...incomplete].sort(),
        problems,
      };
    },
  };
}
