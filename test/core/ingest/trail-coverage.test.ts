import { describe, expect, it } from 'vitest';
import { backfillLine, continuousCoverage, fileCoverage, isBackfillPending } from '../../../core/ingest/trail-coverage.ts';
import { trustedWindow } from '../../../core/usage/trusted-window.ts';

describe('trail coverage', () => {
  it('makes one block per region from folded files, so quiet stretches between files are not gaps', () => {
    const files = [
      fileCoverage('us-east-1', '2026-11-09', '2026-11-09T23:55:00Z'),
      fileCoverage('us-east-1', '2026-11-11', '2026-11-11T08:05:00Z'),
      fileCoverage('eu-west-1', '2026-11-10', '2026-11-10T00:05:00Z'),
      fileCoverage('us-east-1', '2026-11-10', '2026-11-10T12:00:00Z'),
    ];
    const blocks = continuousCoverage(files);
    expect(blocks).toEqual([
      { region: 'eu-west-1', start: '2026-11-10T00:00:00Z', end: '2026-11-10T00:05:00Z' },
      { region: 'us-east-1', start: '2026-11-09T00:00:00Z', end: '2026-11-11T08:05:00Z' },
    ]);
    // A trail that stopped delivering in eu-west-1 leaves it stale: nothing is called unused there.
    const trusted = trustedWindow(blocks, ['us-east-1', 'eu-west-1'], { from: '2026-11-01T00:00:00Z', now: Date.parse('2026-11-11T09:00:00Z'), staleMs: 24 * 3_600_000 });
    expect(trusted.incompleteRegions).toEqual(['eu-west-1']);
    expect(trusted.start).toBe('2026-11-09T00:00:00Z');
  });

  it('says how far a backfill has come, and holds unused claims until it is done', () => {
    expect(isBackfillPending({ enqueued: 10, processed: 7, failed: 2 })).toBe(true);
    expect(backfillLine({ enqueued: 10, processed: 7, failed: 2 }, '2026-08-12')).toBe(
      'backfill in progress: 7 of 10 existing log files since 2026-08-12 folded, 2 failed (in the dead-letter queue); nothing is called unused until it is done',
    );
    expect(isBackfillPending({ enqueued: 10, processed: 9, failed: 1 })).toBe(false);
    expect(backfillLine({ enqueued: 1200, processed: 1200, failed: 0 }, '2026-08-12')).toBe('backfill done: 1,200 of 1,200 existing log files since 2026-08-12 folded');
  });
});
