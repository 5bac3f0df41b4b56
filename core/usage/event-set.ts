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

/** Sorted, de-duplicated union of key lists (event keys, session keys). */
export function unionKeys(lists: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (const l of lists) for (const v of l) out.push(v);
  return sortUnique(out);
}
