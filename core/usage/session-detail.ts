/**
 * Per-session detail of a role's calls: per session (its name's hash; for ECS the task ID's),
 * per action, the events with their first and last time and a small sample of resources,
 * and the denied calls. Task facts (which workload and revision a task ran) may arrive
 * after the calls, so the fold keeps this detail and the analysis attributes it later.
 *
 * Bounded and mergeable: a role keeps the `SESSIONS_KEPT` sessions with the smallest
 * hashes, a uniform sample whatever the order calls arrive in. Once any session was left
 * out, `cutoff` says which were kept (every hash at most `cutoff`); a merge keeps the
 * sessions every input kept (at most the smallest input cutoff), then the smallest
 * `SESSIONS_KEPT` of them, so merging stays associative, commutative and idempotent, and a
 * session's detail is always complete or absent. An absent session's calls are reported as
 * unattributed.
 */
import { addEvent, mergeEventSets, type EventSet } from './event-set.ts';
import { SESSION_RESOURCES_KEPT, SESSIONS_KEPT, dict, type RoleUsage, type SessionDetail, type SessionUsage } from './model.ts';
import { addToSample, emptySample, mergeSamples, sortUnique } from './sorted-set.ts';

/**
 * While building: each role's session records by hash, an index over
 * `bySession.sessions` so that the hot path looks a session up by its number instead of
 * turning every hash into text. Not serialised; rebuilt from the record when missing.
 */
export type SessionIndex = WeakMap<SessionDetail, Map<number, SessionUsage>>;

/** A new, empty index (one per fold, in its caches). */
export function sessionIndex(): SessionIndex {
  return new WeakMap();
}

function indexOf(detail: SessionDetail, index: SessionIndex): Map<number, SessionUsage> {
  let byHash = index.get(detail);
  if (!byHash) {
    byHash = new Map();
    for (const [k, v] of Object.entries(detail.sessions)) byHash.set(Number(k), v);
    index.set(detail, byHash);
  }
  return byHash;
}

/**
 * The record of session `hash` of `role`, created when new; undefined when the bound
 * leaves the session out. Pruned at twice the bound, so that the work of pruning stays
 * amortised when every call brings a new session.
 */
export function sessionUsageOf(role: RoleUsage, hash: number, index: SessionIndex): SessionUsage | undefined {
  const detail = (role.bySession ??= { sessions: dict() });
  const byHash = indexOf(detail, index);
  const found = byHash.get(hash);
  if (found) return found;
  if (detail.cutoff !== undefined && hash > detail.cutoff) return undefined;
  const created: SessionUsage = { actions: dict() };
  detail.sessions[String(hash)] = created;
  byHash.set(hash, created);
  if (byHash.size < 2 * SESSIONS_KEPT) return created;
  pruneSessions(detail, SESSIONS_KEPT);
  index.delete(detail);
  return detail.sessions[String(hash)];
}

/** Note one allowed call of `action` by a session, with the resources it named. */
export function addSessionCall(s: SessionUsage, action: string, key: number, time: string, resources: readonly string[]): void {
  const a = (s.actions[action] ??= { keys: [], firstSeen: time, lastSeen: time });
  addEvent(a, key, time);
  if (resources.length === 0) return;
  const sample = (a.resources ??= emptySample());
  for (const arn of resources) addToSample(sample, arn, SESSION_RESOURCES_KEPT);
}

/** Note one denied call by a session, under the role's denial key. */
export function addSessionDenial(s: SessionUsage, denialKey: string, key: number, time: string): void {
  const d = ((s.denied ??= dict())[denialKey] ??= { keys: [], firstSeen: time, lastSeen: time });
  addEvent(d, key, time);
}

/** Keep the `limit` sessions with the smallest hashes; `cutoff` becomes the largest kept when any is dropped. */
function pruneSessions(detail: SessionDetail, limit: number): void {
  const hashes = Object.keys(detail.sessions).map(Number).sort((a, b) => a - b);
  if (hashes.length <= limit) return;
  const kept = dict<SessionUsage>();
  for (const h of hashes.slice(0, limit)) kept[String(h)] = detail.sessions[String(h)]!;
  detail.sessions = kept;
  detail.cutoff = hashes[limit - 1]!;
}

/** Sort and de-duplicate every key list and apply the bound, in place (part of `compactUsage`). */
export function compactSessionDetail(detail: SessionDetail): void {
  pruneSessions(detail, SESSIONS_KEPT);
  for (const s of Object.values(detail.sessions)) {
    for (const a of Object.values(s.actions)) sortUnique(a.keys);
    for (const d of Object.values(s.denied ?? {})) sortUnique(d.keys);
  }
}

function groupInto<T>(out: Map<string, T[]>, record: Record<string, T> | undefined): void {
  for (const [k, v] of Object.entries(record ?? {})) {
    const list = out.get(k);
    if (list) list.push(v);
    else out.set(k, [v]);
  }
}

/** One session's records from several aggregates. */
function mergeSession(items: readonly SessionUsage[]): SessionUsage {
  const actions = new Map<string, SessionUsage['actions'][string][]>();
  const denied = new Map<string, EventSet[]>();
  for (const s of items) {
    groupInto(actions, s.actions);
    groupInto(denied, s.denied);
  }
  const out: SessionUsage = { actions: dict() };
  for (const [action, sets] of actions) {
    const samples = sets.flatMap((x) => (x.resources ? [x.resources] : []));
    out.actions[action] = { ...mergeEventSets(sets), ...(samples.length ? { resources: mergeSamples(samples, SESSION_RESOURCES_KEPT) } : {}) };
  }
  if (denied.size) {
    out.denied = dict();
    for (const [k, sets] of denied) out.denied[k] = mergeEventSets(sets);
  }
  return out;
}

/**
 * The per-session detail of several aggregates of one role: the sessions every input
 * kept (hash at most the smallest cutoff), then the `limit` smallest of those.
 */
export function mergeSessionDetails(details: readonly SessionDetail[], limit = SESSIONS_KEPT): SessionDetail {
  let cutoff: number | undefined;
  for (const d of details) if (d.cutoff !== undefined && (cutoff === undefined || d.cutoff < cutoff)) cutoff = d.cutoff;
  const bySession = new Map<string, SessionUsage[]>();
  for (const d of details) groupInto(bySession, d.sessions);
  let hashes = [...bySession.keys()].map(Number).filter((h) => cutoff === undefined || h <= cutoff).sort((a, b) => a - b);
  if (hashes.length > limit) {
    hashes = hashes.slice(0, limit);
    cutoff = hashes[limit - 1]!;
  }
  const out: SessionDetail = { sessions: dict() };
  for (const h of hashes) out.sessions[String(h)] = mergeSession(bySession.get(String(h))!);
  if (cutoff !== undefined) out.cutoff = cutoff;
  return out;
}
