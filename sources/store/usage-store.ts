/**
 * Reading and compacting the stored usage aggregates.
 *
 * Collect writes one aggregate per run and region: 96 a day, 8,640 per region over 90
 * days. Read one by one, three regions would take the weekly report past its timeout. So
 * once a day each region-day's runs are merged into one compacted object (the merge drops
 * repeated events by key, so compacting again, or reading a run both inside and beside its
 * compacted object, counts nothing twice), and reads go `concurrency` at a time.
 *
 * The compacted object names the runs it holds: a run written into an already compacted
 * day (a cut-short window resumed after midnight) is read beside it until the next
 * compaction takes it in. No object is deleted (the bucket's lifecycle expires them), so
 * the functions need no `s3:DeleteObject`.
 */
import { mapLimit } from '../../core/concurrency.ts';
import { mergeUsage } from '../../core/usage/merge.ts';
import type { UsageAggregate } from '../../core/usage/model.ts';
import type { ObjectStore } from './object-store.ts';
import { decodeCompacted, decodeUsage, encodeCompacted } from './stored-usage.ts';
import { compactedKey, groupRegionDays, parseUsageKey, USAGE_PREFIX, type RegionDay } from './usage-keys.ts';

/** S3 reads in flight at once: enough to hide a round trip, well inside the SDK's socket pool (50). */
export const READ_CONCURRENCY = 16;

export interface StoredUsage {
  aggregates: UsageAggregate[];
  /** The objects read. */
  keys: string[];
  problems: string[];
}

/** Keys of the stored aggregates of the UTC days from `fromDay` to `toDay`. */
export async function usageKeys(store: ObjectStore, fromDay: string, toDay: string): Promise<string[]> {
  // Keys sort by day: start the listing at the first day instead of listing every day kept.
  const keys = await store.list(USAGE_PREFIX, `${USAGE_PREFIX}${fromDay}`);
  return keys.filter((k) => {
    const p = parseUsageKey(k);
    return p !== undefined && p.day >= fromDay && p.day <= toDay;
  });
}

async function readRuns(store: ObjectStore, keys: readonly string[], concurrency: number, out: StoredUsage): Promise<string[]> {
  const read = await mapLimit(keys, concurrency, async (key) => {
    const body = await store.get(key);
    return { key, parsed: body ? decodeUsage(body) : undefined };
  });
  const ok: string[] = [];
  for (const { key, parsed } of read) {
    if (!parsed) continue;
    if (!parsed.ok) {
      out.problems.push(`skipped stored aggregate ${key}: ${parsed.error}`);
      continue;
    }
    out.aggregates.push(parsed.usage);
    out.keys.push(key);
    ok.push(key);
  }
  return ok;
}

/** A group's compacted object, read; a damaged one is a problem, and its runs are read instead. */
async function readCompacted(store: ObjectStore, g: RegionDay, out: StoredUsage): Promise<Set<string>> {
  if (!g.compacted) return new Set();
  const body = await store.get(g.compacted);
  const parsed = body ? decodeCompacted(body) : undefined;
  if (!parsed) return new Set();
  if (!parsed.ok) {
    out.problems.push(`skipped compacted aggregate ${g.compacted}: ${parsed.error}; its runs are read instead`);
    return new Set();
  }
  out.aggregates.push(parsed.usage);
  out.keys.push(g.compacted);
  return new Set(parsed.compactedFrom);
}

/** The stored aggregates of the days in [from, to]: each region-day's compacted object and the runs it does not hold. */
export async function readStoredUsage(store: ObjectStore, from: string, to: string, concurrency = READ_CONCURRENCY): Promise<StoredUsage> {
  const out: StoredUsage = { aggregates: [], keys: [], problems: [] };
  const groups = groupRegionDays(await usageKeys(store, from.slice(0, 10), to.slice(0, 10)));
  const held = await mapLimit(groups, concurrency, async (g) => readCompacted(store, g, out));
  const runs = groups.flatMap((g, i) => g.runs.filter((k) => !held[i]!.has(k)));
  await readRuns(store, runs, concurrency, out);
  return out;
}

export interface Compacted {
  key: string;
  /** Runs merged in by this compaction (0: nothing new). */
  merged: number;
  problems: string[];
}

/** Merge a region-day's runs that its compacted object does not hold yet into it. */
export async function compactRegionDay(store: ObjectStore, g: RegionDay, concurrency = READ_CONCURRENCY): Promise<Compacted> {
  const base: StoredUsage = { aggregates: [], keys: [], problems: [] };
  const held = await readCompacted(store, g, base);
  const fresh = g.runs.filter((k) => !held.has(k));
  const key = compactedKey(g.day, g.region);
  if (fresh.length === 0) return { key, merged: 0, problems: base.problems };
  const added = await readRuns(store, fresh, concurrency, base);
  if (added.length === 0) return { key, merged: 0, problems: base.problems };
  await store.put(key, encodeCompacted(mergeUsage(base.aggregates), [...held, ...added].sort()), 'application/gzip');
  return { key, merged: added.length, problems: base.problems };
}
