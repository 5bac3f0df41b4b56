/**
 * Daily compaction, done by `collect` once a day: every region-day before today whose runs
 * are not all in its compacted object yet is merged into it, so the weekly report reads
 * one object per region-day (see sources/store/usage-store.ts). The last day done is kept
 * in `state/compaction.json`; the two days before it are looked at again for runs that
 * arrived late (a cut-short window resumed after midnight). Stops when time runs short,
 * without recording the day, so the next run carries on.
 */
import { compactRegionDay, usageKeys } from '../sources/store/usage-store.ts';
import { groupRegionDays } from '../sources/store/usage-keys.ts';
import type { StackStore } from '../sources/store/stack-store.ts';

/** Days before the last compacted one that are looked at again for late runs. */
const LATE_DAYS = 2;

export interface CompactionRun {
  /** Region-days whose compacted object was written. */
  compacted: number;
  /** Run objects merged into them. */
  merged: number;
  /** The last day now compacted, when the run got through. */
  through?: string;
  problems: string[];
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Compact what is due: nothing when yesterday is already done. */
export async function compactDueDays(store: StackStore, now: number, o: { windowDays: number; shouldStop(): boolean }): Promise<CompactionRun> {
  const out: CompactionRun = { compacted: 0, merged: 0, problems: [] };
  const yesterday = day(now - 86_400_000);
  const through = await store.compactedThrough();
  if (through && through >= yesterday) return out;
  const from = through ? day(Date.parse(through) - LATE_DAYS * 86_400_000) : day(now - o.windowDays * 86_400_000);
  for (const g of groupRegionDays(await usageKeys(store.store, from, yesterday))) {
    if (o.shouldStop()) return out;
    const done = await compactRegionDay(store.store, g);
    out.problems.push(...done.problems);
    if (done.merged > 0) {
      out.compacted++;
      out.merged += done.merged;
    }
  }
  await store.putCompactedThrough(yesterday);
  out.through = yesterday;
  return out;
}
