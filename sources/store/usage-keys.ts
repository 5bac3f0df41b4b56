/**
 * Where usage aggregates live in the stack's bucket, and how a key is read back:
 *
 *   usage/date=D/region=R/<start>_<end>_<run>.json.gz            one collect run's read of region R
 *   usage/date=D/region=R/<source>_<start>_<end>_<run>.json.gz   one run's read of a global service in R
 *   usage/date=D/region=R/compacted.json.gz                       the day's runs, merged (see compaction.ts)
 *
 * D is the UTC day the read window ended. Pure: no I/O.
 */

export const USAGE_PREFIX = 'usage/date=';
const COMPACTED = 'compacted.json.gz';

const safe = (iso: string) => iso.replace(/[:]/g, '');

/** The key of one run's aggregate of a region (or of one event source in it). */
export function aggregateKey(region: string, start: string, end: string, runId: string, eventSource?: string): string {
  return `${USAGE_PREFIX}${end.slice(0, 10)}/region=${region}/${eventSource ? `${eventSource}_` : ''}${safe(start)}_${safe(end)}_${runId}.json.gz`;
}

/** The key of a region-day's compacted aggregate. */
export function compactedKey(day: string, region: string): string {
  return `${USAGE_PREFIX}${day}/region=${region}/${COMPACTED}`;
}

export interface UsageKey {
  key: string;
  day: string;
  region: string;
  kind: 'run' | 'compacted';
}

const KEY = /^usage\/date=(\d{4}-\d{2}-\d{2})\/region=([^/]+)\/([^/]+)$/;

/** A stored aggregate's key, read back; undefined for anything else under `usage/`. */
export function parseUsageKey(key: string): UsageKey | undefined {
  const m = KEY.exec(key);
  if (!m) return undefined;
  return { key, day: m[1]!, region: m[2]!, kind: m[3] === COMPACTED ? 'compacted' : 'run' };
}

/** One region's stored aggregates of one day. */
export interface RegionDay {
  day: string;
  region: string;
  compacted?: string;
  runs: string[];
}

/** Keys grouped by region and day, in key order. */
export function groupRegionDays(keys: readonly string[]): RegionDay[] {
  const groups = new Map<string, RegionDay>();
  for (const key of keys) {
    const k = parseUsageKey(key);
    if (!k) continue;
    const id = `${k.day}/${k.region}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { day: k.day, region: k.region, runs: [] }));
    if (k.kind === 'compacted') g.compacted = key;
    else g.runs.push(key);
  }
  return [...groups.values()];
}
