/**
 * An event set: the events behind one line of the aggregate (a role's action, denial,
 * unmapped event or ECS AssumeRole), as 53-bit keys, with when they were first and last
 * seen. Keys rather than counts are what make merging idempotent: an event delivered
 * twice, or read by two writers, is one key.
 */
import { sortUnique } from './sorted-set.ts';

export interface EventSet {
  /** Event keys (`recordKey`); sorted and unique once compacted. `count` is their number. */
  keys: number[];
  firstSeen: string;
  lastSeen: string;
}

/** Add one event (its key may already be there: compaction drops repeats). */
export function addEvent(set: EventSet, key: number, time: string): void {
  set.keys.push(key);
  if (time < set.firstSeen) set.firstSeen = time;
  if (time > set.lastSeen) set.lastSeen = time;
}

/** The union of several sets: keys concatenated and sorted once, the widest first/last seen. */
export function mergeEventSets(items: readonly EventSet[]): EventSet {
  let firstSeen = items[0]!.firstSeen;
  let lastSeen = items[0]!.lastSeen;
  for (const i of items) {
    if (i.firstSeen < firstSeen) firstSeen = i.firstSeen;
    if (i.lastSeen > lastSeen) lastSeen = i.lastSeen;
  }
  return { keys: unionKeys(items.map((i) => i.keys)), firstSeen, lastSeen };
}

/** Is a list strictly ascending (sorted and unique, as compaction leaves it)? */
function isAscending(list: readonly number[]): boolean {
  for (let i = 1; i < list.length; i++) if (!(list[i - 1]! < list[i]!)) return false;
  return true;
}

/** The union of two ascending lists, by one walk of both. */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x < y) out[n++] = a[i++]!;
    else if (y < x) out[n++] = b[j++]!;
    else {
      out[n++] = x;
      i++;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  out.length = n;
  return out;
}

/** Up to this many lists are merged one after another; more are sorted together (a walk per list would cost more). */
const MERGED_BY_WALKING = 4;

/**
 * Sorted, de-duplicated union of key lists (event keys, session keys); never one of the
 * lists itself. A few ascending lists (compacted aggregates: a fold's workers) are merged
 * by walking them, where sorting their concatenation was a third of the main thread's
 * work after a two-worker fold of 1M records (0.3 s); many lists, or lists not in order,
 * are sorted together.
 */
export function unionKeys(lists: readonly (readonly number[])[]): number[] {
  const filled = lists.filter((l) => l.length > 0);
  if (filled.length <= MERGED_BY_WALKING && filled.every(isAscending)) {
    let merged: number[] = filled[0]?.slice() ?? [];
    for (let k = 1; k < filled.length; k++) merged = mergeAscending(merged, filled[k]!);
    return merged;
  }
  const out: number[] = [];
  for (const l of filled) for (const v of l) out.push(v);
  return sortUnique(out);
}
