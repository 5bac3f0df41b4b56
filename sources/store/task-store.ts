/**
 * ECS task facts in the stack's bucket, under the aggregates' prefix so that the bucket's
 * lifecycle keeps them exactly as long as the aggregates whose sessions they name:
 *
 *   usage/tasks/date=D/region=R/<writer>.json.gz       one collect snapshot, or one task state change event
 *   usage/tasks/date=D/region=R/compacted.json.gz      the day's objects, merged by task ID
 *
 * Each object holds facts keyed by task ID (core/workloads/tasks.ts); reading merges them,
 * so a task seen by many snapshots and events is one task, whatever the order. A region-day
 * is compacted once its day is over (the compacted object names the objects it holds, like
 * the usage aggregates' compaction), so the weekly report reads one object per region-day.
 * A damaged object is a problem for the caller, never thrown, never half-read.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { mapLimit } from '../../core/concurrency.ts';
import { addTaskFacts, isTaskFact, type TaskFact, type TaskFacts } from '../../core/workloads/tasks.ts';
import type { ObjectStore } from './object-store.ts';

export const TASKS_PREFIX = 'usage/tasks/date=';
const COMPACTED = 'compacted.json.gz';
const KEY = /^usage\/tasks\/date=(\d{4}-\d{2}-\d{2})\/region=([^/]+)\/([^/]+)$/;

/** A key-safe writer name: a run ID, an event ID. */
const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);

/** The key of one writer's facts of a region on a UTC day. */
export function taskFactsKey(day: string, region: string, writer: string): string {
  return `${TASKS_PREFIX}${day}/region=${region}/${safe(writer)}.json.gz`;
}

interface StoredTasks {
  version: 1;
  /** Objects merged into this one (compacted objects only). */
  compactedFrom?: string[];
  tasks: TaskFact[];
}

/** Store facts (nothing is written for none). */
export async function putTaskFacts(store: ObjectStore, key: string, facts: readonly TaskFact[], compactedFrom?: string[]): Promise<void> {
  if (facts.length === 0 && !compactedFrom) return;
  const body: StoredTasks = { version: 1, ...(compactedFrom ? { compactedFrom } : {}), tasks: [...facts] };
  await store.put(key, gzipSync(JSON.stringify(body)), 'application/gzip');
}

type Decoded = { ok: true; facts: TaskFact[]; compactedFrom?: string[] } | { ok: false; error: string };

/** A stored object's facts, each checked as a described task is. */
function decode(body: Buffer): Decoded {
  let v: Partial<StoredTasks>;
  try {
    v = JSON.parse(gunzipSync(body).toString('utf8')) as Partial<StoredTasks>;
  } catch {
    return { ok: false, error: 'not gzipped JSON' };
  }
  if (v?.version !== 1 || !Array.isArray(v.tasks)) return { ok: false, error: 'not a task facts object' };
  // Checked before anything trusts them: a damaged entry is dropped, the rest are read.
  const facts = v.tasks.filter(isTaskFact);
  const from = Array.isArray(v.compactedFrom) ? v.compactedFrom.filter((k): k is string => typeof k === 'string') : undefined;
  return { ok: true, facts, ...(from ? { compactedFrom: from } : {}) };
}

interface RegionDay {
  day: string;
  region: string;
  compacted?: string;
  writers: string[];
}

async function regionDays(store: ObjectStore, fromDay: string, toDay: string): Promise<RegionDay[]> {
  const groups = new Map<string, RegionDay>();
  for (const key of await store.list(TASKS_PREFIX, `${TASKS_PREFIX}${fromDay}`)) {
    const m = KEY.exec(key);
    if (!m || m[1]! < fromDay || m[1]! > toDay) continue;
    const id = `${m[1]}/${m[2]}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { day: m[1]!, region: m[2]!, writers: [] }));
    if (m[3] === COMPACTED) g.compacted = key;
    else g.writers.push(key);
  }
  return [...groups.values()];
}

/** Read a region-day: its compacted object, then the objects it does not hold. */
async function readRegionDay(store: ObjectStore, g: RegionDay, into: TaskFacts, problems: string[]): Promise<{ held: string[]; read: string[] }> {
  let held: string[] = [];
  if (g.compacted) {
    const body = await store.get(g.compacted);
    const d = body ? decode(body) : undefined;
    if (d?.ok) {
      addTaskFacts(into, d.facts);
      held = d.compactedFrom ?? [];
    } else if (d) problems.push(`skipped stored task facts ${g.compacted}: ${d.error}; its objects are read instead`);
  }
  const read: string[] = [];
  for (const key of g.writers.filter((k) => !held.includes(k))) {
    const body = await store.get(key);
    const d = body ? decode(body) : undefined;
    if (d?.ok) {
      addTaskFacts(into, d.facts);
      read.push(key);
    } else if (d) problems.push(`skipped stored task facts ${key}: ${d.error}`);
  }
  return { held, read };
}

/** Every stored task fact of the UTC days from `fromDay` to `toDay`, merged by task ID. */
export async function readTaskFacts(store: ObjectStore, fromDay: string, toDay: string, concurrency = 16): Promise<{ facts: TaskFact[]; problems: string[] }> {
  const facts: TaskFacts = new Map();
  const problems: string[] = [];
  await mapLimit(await regionDays(store, fromDay, toDay), concurrency, (g) => readRegionDay(store, g, facts, problems));
  return { facts: [...facts.values()], problems };
}

/** Merge the region-days of `day` whose objects are not all in their compacted object yet; returns those written. */
export async function compactTaskDay(store: ObjectStore, day: string): Promise<{ compacted: number; problems: string[] }> {
  const problems: string[] = [];
  let compacted = 0;
  for (const g of await regionDays(store, day, day)) {
    const facts: TaskFacts = new Map();
    const { held, read } = await readRegionDay(store, g, facts, problems);
    if (read.length === 0) continue;
    await putTaskFacts(store, `${TASKS_PREFIX}${g.day}/region=${g.region}/${COMPACTED}`, [...facts.values()], [...held, ...read].sort());
    compacted++;
  }
  return { compacted, problems };
}
