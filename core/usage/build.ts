/**
 * Building an aggregate: records read, skips, attributed calls and ECS AssumeRole
 * evidence are appended as they come; `compactUsage` sorts and de-duplicates once at the
 * end (appending is what keeps the fold's hot loop cheap).
 */
import type { AccessKind } from '../trail/event-facts.ts';
import type { AssumeEvidence, Call } from '../trail/calls.ts';
import { hash53 } from '../trail/hash53.ts';
import type { Memo } from '../trail/memo.ts';
import { hasUniqueId, uniqueIdOf } from '../trail/record.ts';
import { addEvent } from './event-set.ts';
import {
  POSSIBLE_OPERATIONS_KEPT,
  PRINCIPAL_IDS_KEPT,
  dict,
  emptyRoleUsage,
  type ActionUsage,
  type DeniedUsage,
  type KindsSeen,
  type RoleUsage,
  type SessionUsage,
  type UsageAggregate,
} from './model.ts';
import { addSessionCall, addSessionDenial, compactSessionDetail, sessionUsageOf, type SessionIndex } from './session-detail.ts';
import { addToSample, emptySample, sortUnique } from './sorted-set.ts';

/** Longest error message kept per denial (the useful part comes first). */
const MESSAGE_LIMIT = 1000;
/** Session lists are compacted while building once this long (see `addAllowed`). */
const SESSION_COMPACT_AT = 4096;

/** The memo table of building (part of the fold's caches, see `foldCaches`). */
export interface BuildMemos {
  /** Session name → its hash: one task makes many calls under one session name. */
  readonly sessionKey: Memo<string, number>;
  /** Each role's per-session records by hash (see session-detail.ts). */
  readonly sessionIndex: SessionIndex;
}

function sessionKey(memos: BuildMemos, session: string): number {
  return memos.sessionKey.get(session) ?? memos.sessionKey.set(session, hash53(session));
}

function roleOf(agg: UsageAggregate, key: string): RoleUsage {
  let r = agg.roles[key];
  if (!r) {
    r = emptyRoleUsage();
    agg.roles[key] = r;
  }
  return r;
}

/** Add to a small sorted list of distinct strings; false when it is full and the value is new. */
function pushSorted(list: string[], value: string, limit = Infinity): boolean {
  if (list.length > 0 && list[list.length - 1] === value) return true;
  if (list.includes(value)) return true;
  if (list.length >= limit) return false;
  list.push(value);
  list.sort();
  return true;
}

/** Count a record that was read, whatever became of it: the span of times and the regions read. */
export function noteRecord(agg: UsageAggregate, time: string | undefined, region?: string): void {
  agg.input.records++;
  if (time) {
    if (agg.span.start === undefined || time < agg.span.start) agg.span.start = time;
    if (agg.span.end === undefined || time > agg.span.end) agg.span.end = time;
  }
  if (region) pushSorted(agg.regions, region);
}

function mark(seen: KindsSeen, kind: AccessKind): void {
  if (kind === 'read') seen.readOnly = true;
  else seen.write = true;
}

/**
 * What an in-window record shows about the input: a data event of `dataService` (an IAM
 * prefix), or a management event; `kind` when the record (or the catalog) says whether it
 * reads or writes. Only records inside the window count: outside it they show nothing
 * about the window.
 */
export function noteKind(agg: UsageAggregate, dataService: string | undefined, kind: AccessKind | undefined): void {
  if (dataService === undefined) {
    if (kind) mark((agg.managementSeen ??= { readOnly: false, write: false }), kind);
    return;
  }
  pushSorted(agg.dataEventServices, dataService);
  const byService = (agg.dataSeen ??= dict());
  const seen = (byService[dataService] ??= { readOnly: false, write: false });
  if (kind) mark(seen, kind);
}

/** Count a record skipped for `reason`. */
export function noteSkip(agg: UsageAggregate, reason: string, n = 1): void {
  agg.input.skipped[reason] = (agg.input.skipped[reason] ?? 0) + n;
}

/** Count input strings over their limits, by field. */
export function noteTruncated(agg: UsageAggregate, fields: readonly string[], n = 1): void {
  const counts = (agg.input.truncated ??= dict());
  for (const f of fields) counts[f] = (counts[f] ?? 0) + n;
}

/** A record read and skipped (an unparseable line, a lookup entry without its event). */
export function skipRecord(agg: UsageAggregate, reason: string): void {
  agg.input.records++;
  noteSkip(agg, reason);
}

/**
 * Keep the role's unique IDs (`AROA…`) its calls carry. A role has one, compared without
 * slicing; a full list already says "recreated", so it is not searched again (a fold of
 * records with a new ID each spent a tenth of its time searching it).
 */
function notePrincipalId(role: RoleUsage, principalId: string): void {
  const ids = (role.principalIds ??= []);
  if (ids.length >= PRINCIPAL_IDS_KEPT || (ids.length === 1 && hasUniqueId(principalId, ids[0]!))) return;
  pushSorted(ids, uniqueIdOf(principalId));
}

/** Fold one attributed call into the aggregate: as unmapped, as denied, or as used (and possibly used). */
export function addCall(agg: UsageAggregate, call: Call, memos: BuildMemos): void {
  agg.input.attributed++;
  const role = roleOf(agg, call.roleKey);
  if (call.roleArn && !role.roleArn) role.roleArn = call.roleArn;
  if (call.principalId) notePrincipalId(role, call.principalId);
  if (call.unmapped) {
    const k = `${call.unmapped.eventSource}|${call.unmapped.eventName}`;
    const u = (role.unmapped[k] ??= { ...call.unmapped, keys: [], firstSeen: call.time, lastSeen: call.time });
    addEvent(u, call.key, call.time);
    return;
  }
  // The session's hash and detail record, once per call (a call can credit several actions).
  const session = call.session ? sessionKey(memos, call.session) : undefined;
  const detail = session === undefined ? undefined : sessionUsageOf(role, session, memos.sessionIndex);
  for (const use of call.actions) {
    if (call.denied) addDenied(role, call, call.denied, use.action, use.resources, detail);
    else addAllowed(role, call, use.action, use.resources, session, detail);
  }
  if (call.possible) {
    const possible = (role.possible ??= dict());
    for (const use of call.possible) {
      const p = (possible[use.action] ??= { keys: [], firstSeen: call.time, lastSeen: call.time, operations: [] });
      addEvent(p, call.key, call.time);
      if (call.operation) pushSorted(p.operations, call.operation, POSSIBLE_OPERATIONS_KEPT);
    }
  }
}

function addDenied(role: RoleUsage, call: Call, denied: NonNullable<Call['denied']>, action: string, resources: readonly string[], detail: SessionUsage | undefined): void {
  const t = call.time;
  const k = `${action}|${denied.cause}|${denied.errorCode}`;
  const d: DeniedUsage = (role.denied[k] ??= {
    action,
    errorCode: denied.errorCode,
    cause: denied.cause,
    keys: [],
    firstSeen: t,
    lastSeen: t,
    resources: emptySample(),
  });
  // The latest message wins (compared before this call moves lastSeen).
  if (denied.message && (d.message === undefined || t >= d.lastSeen)) d.message = denied.message.slice(0, MESSAGE_LIMIT);
  addEvent(d, call.key, t);
  for (const arn of resources) addToSample(d.resources, arn);
  if (detail) addSessionDenial(detail, k, call.key, t);
}

function addAllowed(role: RoleUsage, call: Call, action: string, resources: readonly string[], session: number | undefined, detail: SessionUsage | undefined): void {
  const t = call.time;
  const a: ActionUsage = (role.actions[action] ??= { keys: [], firstSeen: t, lastSeen: t, sessions: [], resources: emptySample(), invokedBy: [] });
  addEvent(a, call.key, t);
  if (session !== undefined) {
    a.sessions.push(session);
    // Sessions repeat (one task makes many calls): keep the list short while building.
    // At powers of two, so the work stays amortised even when sessions are all distinct.
    const n = a.sessions.length;
    if (n >= SESSION_COMPACT_AT && (n & (n - 1)) === 0) sortUnique(a.sessions);
  }
  for (const arn of resources) addToSample(a.resources, arn);
  if (call.invokedBy) pushSorted(a.invokedBy, call.invokedBy);
  if (detail) addSessionCall(detail, action, call.key, t, resources);
}

/** Record ECS assuming a tracked role. */
export function addAssume(agg: UsageAggregate, ev: AssumeEvidence, memos: BuildMemos): void {
  agg.input.attributed++;
  const role = roleOf(agg, ev.roleKey);
  const a = (role.assumed ??= { keys: [], sessions: [], firstSeen: ev.time, lastSeen: ev.time });
  addEvent(a, ev.key, ev.time);
  if (ev.session) a.sessions.push(sessionKey(memos, ev.session));
}

/** Sort and de-duplicate every key list, in place. Call once building is done. */
export function compactUsage(agg: UsageAggregate): UsageAggregate {
  for (const role of Object.values(agg.roles)) {
    for (const a of Object.values(role.actions)) {
      sortUnique(a.keys);
      sortUnique(a.sessions);
    }
    for (const d of Object.values(role.denied)) sortUnique(d.keys);
    for (const u of Object.values(role.unmapped)) sortUnique(u.keys);
    for (const p of Object.values(role.possible ?? {})) sortUnique(p.keys);
    if (role.assumed) {
      sortUnique(role.assumed.keys);
      sortUnique(role.assumed.sessions);
    }
    if (role.bySession) compactSessionDetail(role.bySession);
  }
  return agg;
}
