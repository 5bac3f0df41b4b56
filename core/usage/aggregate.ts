/**
 * The usage aggregate: a compact, mergeable summary of what tracked roles did.
 *
 * Per role → per IAM action: the events (as 53-bit keys, so a merge can drop events it
 * already counted), first/last seen, the distinct sessions (ECS task IDs), a bounded
 * sample of resources and the services that called on the role's behalf. Denied calls,
 * unmapped events and ECS AssumeRole evidence are kept the same way.
 *
 * Building appends; `compactUsage` sorts and de-duplicates. `mergeUsage` of compacted
 * aggregates is associative, commutative and idempotent for the same events. The
 * `input` counters are the exception: they count records read, and add up.
 */
import type { DenialCause } from '../model.ts';
import type { AssumeEvidence, Call } from '../trail/calls.ts';
import { eventKey } from '../trail/event-key.ts';
import {
  addToSample,
  emptySample,
  mergeSamples,
  sortUnique,
  unionStrings,
  type ResourceSample,
} from './sorted-set.ts';

export interface EventSet {
  /** Event keys; sorted and unique once compacted. `count` is their number. */
  keys: number[];
  firstSeen: string;
  lastSeen: string;
}

export interface ActionUsage extends EventSet {
  sessions: number[];
  resources: ResourceSample;
  /** Services that made some of these calls on the role's behalf (`invokedBy`). */
  invokedBy: string[];
}

export interface DeniedUsage extends EventSet {
  action: string;
  errorCode: string;
  cause: DenialCause;
  /** The most recent error message (trimmed). */
  message?: string;
  resources: ResourceSample;
}

export interface UnmappedUsage extends EventSet {
  eventSource: string;
  eventName: string;
}

export interface RoleUsage {
  /** Role ARN as CloudTrail spelled it (with path), when seen. */
  roleArn?: string;
  actions: Record<string, ActionUsage>;
  denied: Record<string, DeniedUsage>;
  unmapped: Record<string, UnmappedUsage>;
  /** ECS `sts:AssumeRole` for this role: evidence it was really used by tasks. */
  assumed?: EventSet & { sessions: number[] };
}

export interface InputCounters {
  records: number;
  attributed: number;
  notTracked: number;
  outsideWindow: number;
  skipped: Record<string, number>;
}

export interface UsageAggregate {
  schemaVersion: 1;
  /** Span of event times seen (every readable record, tracked or not). */
  span: { start?: string; end?: string };
  input: InputCounters;
  /** IAM service prefixes for which data events were present. */
  dataEventServices: string[];
  regions: string[];
  /**
   * Time windows whose CloudTrail was read in full, per region (the deployed collector
   * records them; a one-shot CLI run leaves this empty). Merged as a union.
   */
  coverage?: CoverageWindow[];
  /**
   * Whether read-only and write management events appear in the input (from `readOnly`);
   * absent when no record said. A trail that records only writes cannot show reads.
   */
  managementSeen?: { readOnly: boolean; write: boolean };
  roles: Record<string, RoleUsage>;
}

export interface CoverageWindow {
  region: string;
  start: string;
  end: string;
}

export function emptyUsage(): UsageAggregate {
  return {
    schemaVersion: 1,
    span: {},
    input: { records: 0, attributed: 0, notTracked: 0, outsideWindow: 0, skipped: {} },
    dataEventServices: [],
    regions: [],
    roles: {},
  };
}

const MESSAGE_LIMIT = 1000;
const SESSION_COMPACT_AT = 4096;

/** Session names repeat across a task's calls: hash each once. */
const sessionKeys = new Map<string, number>();
function sessionKey(session: string): number {
  let k = sessionKeys.get(session);
  if (k === undefined) {
    k = eventKey(session);
    if (sessionKeys.size > 200_000) sessionKeys.clear();
    sessionKeys.set(session, k);
  }
  return k;
}

function roleOf(agg: UsageAggregate, key: string): RoleUsage {
  let r = agg.roles[key];
  if (!r) {
    r = { actions: {}, denied: {}, unmapped: {} };
    agg.roles[key] = r;
  }
  return r;
}

function touch(set: EventSet, time: string): void {
  if (time < set.firstSeen) set.firstSeen = time;
  if (time > set.lastSeen) set.lastSeen = time;
}

function pushSorted(list: string[], value: string): void {
  if (list.length > 0 && list[list.length - 1] === value) return;
  if (!list.includes(value)) {
    list.push(value);
    list.sort();
  }
}

/** Count a record that was read, whatever became of it. */
export function noteRecord(agg: UsageAggregate, time: string | undefined, region?: string, dataService?: string, readOnly?: unknown): void {
  agg.input.records++;
  // Which kinds of management event the input holds: a trail can record writes only.
  if (dataService === undefined && typeof readOnly === 'boolean') {
    const seen = (agg.managementSeen ??= { readOnly: false, write: false });
    if (readOnly) seen.readOnly = true;
    else seen.write = true;
  }
  if (time) {
    if (agg.span.start === undefined || time < agg.span.start) agg.span.start = time;
    if (agg.span.end === undefined || time > agg.span.end) agg.span.end = time;
  }
  if (region) pushSorted(agg.regions, region);
  if (dataService) pushSorted(agg.dataEventServices, dataService);
}

/** Count a record skipped for `reason`. */
export function noteSkip(agg: UsageAggregate, reason: string, n = 1): void {
  agg.input.skipped[reason] = (agg.input.skipped[reason] ?? 0) + n;
}

/** A record read and skipped (an unparseable line, a lookup entry without its event). */
export function skipRecord(agg: UsageAggregate, reason: string): void {
  agg.input.records++;
  noteSkip(agg, reason);
}

/** Fold one attributed call into the aggregate. */
export function addCall(agg: UsageAggregate, call: Call): void {
  agg.input.attributed++;
  const role = roleOf(agg, call.roleKey);
  if (call.roleArn && !role.roleArn) role.roleArn = call.roleArn;
  const t = call.time;

  if (call.unmapped) {
    const k = `${call.unmapped.eventSource}|${call.unmapped.eventName}`;
    const u = (role.unmapped[k] ??= { ...call.unmapped, keys: [], firstSeen: t, lastSeen: t });
    u.keys.push(call.key);
    touch(u, t);
    return;
  }
  for (const use of call.actions) {
    if (call.denied) {
      const k = `${use.action}|${call.denied.cause}|${call.denied.errorCode}`;
      const d = (role.denied[k] ??= {
        action: use.action,
        errorCode: call.denied.errorCode,
        cause: call.denied.cause,
        keys: [],
        firstSeen: t,
        lastSeen: t,
        resources: emptySample(),
      });
      d.keys.push(call.key);
      if (call.denied.message && (d.message === undefined || t >= d.lastSeen)) {
        d.message = call.denied.message.slice(0, MESSAGE_LIMIT);
      }
      touch(d, t);
      for (const arn of use.resources) addToSample(d.resources, arn);
      continue;
    }
    const a = (role.actions[use.action] ??= {
      keys: [],
      firstSeen: t,
      lastSeen: t,
      sessions: [],
      resources: emptySample(),
      invokedBy: [],
    });
    a.keys.push(call.key);
    touch(a, t);
    if (call.session) {
      a.sessions.push(sessionKey(call.session));
      // Sessions repeat (one task makes many calls): keep the list short while building.
      // At powers of two, so the work stays amortised even when sessions are all distinct.
      const n = a.sessions.length;
      if (n >= SESSION_COMPACT_AT && (n & (n - 1)) === 0) sortUnique(a.sessions);
    }
    for (const arn of use.resources) addToSample(a.resources, arn);
    if (call.invokedBy) pushSorted(a.invokedBy, call.invokedBy);
  }
}

/** Record ECS assuming a tracked role. */
export function addAssume(agg: UsageAggregate, ev: AssumeEvidence): void {
  agg.input.attributed++;
  const role = roleOf(agg, ev.roleKey);
  const a = (role.assumed ??= { keys: [], sessions: [], firstSeen: ev.time, lastSeen: ev.time });
  a.keys.push(ev.key);
  if (ev.session) a.sessions.push(eventKey(ev.session));
  touch(a, ev.time);
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
    if (role.assumed) {
      sortUnique(role.assumed.keys);
      sortUnique(role.assumed.sessions);
    }
  }
  return agg;
}

function mergeEventSets<T extends EventSet>(items: T[]): EventSet {
  const keys: number[] = [];
  let firstSeen = items[0]!.firstSeen;
  let lastSeen = items[0]!.lastSeen;
  for (const i of items) {
    for (const k of i.keys) keys.push(k);
    if (i.firstSeen < firstSeen) firstSeen = i.firstSeen;
    if (i.lastSeen > lastSeen) lastSeen = i.lastSeen;
  }
  return { keys: sortUnique(keys), firstSeen, lastSeen };
}

function mergeSessions(lists: number[][]): number[] {
  const out: number[] = [];
  for (const l of lists) for (const v of l) out.push(v);
  return sortUnique(out);
}

/** Group values of several records by key. */
function groupBy<T>(records: Record<string, T>[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      const list = out.get(k);
      if (list) list.push(v);
      else out.set(k, [v]);
    }
  }
  return out;
}

/**
 * Merge any number of aggregates in one pass: each key list is concatenated once and
 * sorted once, however many aggregates contribute to it.
 */
export function mergeUsage(aggs: readonly UsageAggregate[]): UsageAggregate {
  const out = emptyUsage();
  for (const a of aggs) {
    if (a.span.start && (out.span.start === undefined || a.span.start < out.span.start)) out.span.start = a.span.start;
    if (a.span.end && (out.span.end === undefined || a.span.end > out.span.end)) out.span.end = a.span.end;
    out.input.records += a.input.records;
    out.input.attributed += a.input.attributed;
    out.input.notTracked += a.input.notTracked;
    out.input.outsideWindow += a.input.outsideWindow;
    for (const [reason, n] of Object.entries(a.input.skipped)) noteSkip(out, reason, n);
  }
  out.dataEventServices = unionStrings(...aggs.map((a) => a.dataEventServices));
  out.regions = unionStrings(...aggs.map((a) => a.regions));
  const seen = aggs.map((a) => a.managementSeen).filter((m): m is NonNullable<typeof m> => m !== undefined);
  if (seen.length) out.managementSeen = { readOnly: seen.some((m) => m.readOnly), write: seen.some((m) => m.write) };
  const coverage = mergeCoverage(aggs.flatMap((a) => a.coverage ?? []));
  if (coverage.length) out.coverage = coverage;

  for (const [key, roles] of groupBy(aggs.map((a) => a.roles))) {
    const merged: RoleUsage = { actions: {}, denied: {}, unmapped: {} };
    const arn = roles.find((r) => r.roleArn)?.roleArn;
    if (arn) merged.roleArn = arn;
    for (const [action, items] of groupBy(roles.map((r) => r.actions))) {
      merged.actions[action] = {
        ...mergeEventSets(items),
        sessions: mergeSessions(items.map((i) => i.sessions)),
        resources: mergeSamples(items.map((i) => i.resources)),
        invokedBy: unionStrings(...items.map((i) => i.invokedBy)),
      };
    }
    for (const [k, items] of groupBy(roles.map((r) => r.denied))) {
      const first = items[0]!;
      const d: DeniedUsage = {
        action: first.action,
        errorCode: first.errorCode,
        cause: first.cause,
        ...mergeEventSets(items),
        resources: mergeSamples(items.map((i) => i.resources)),
      };
      // The latest message wins; ties go to the larger text so the choice does not depend on order.
      const latest = items
        .filter((i) => i.message !== undefined)
        .sort((x, y) => (x.lastSeen !== y.lastSeen ? (x.lastSeen < y.lastSeen ? 1 : -1) : x.message! < y.message! ? 1 : -1))[0];
      if (latest?.message) d.message = latest.message;
      merged.denied[k] = d;
    }
    for (const [k, items] of groupBy(roles.map((r) => r.unmapped))) {
      merged.unmapped[k] = { eventSource: items[0]!.eventSource, eventName: items[0]!.eventName, ...mergeEventSets(items) };
    }
    const assumed = roles.map((r) => r.assumed).filter((a): a is NonNullable<RoleUsage['assumed']> => a !== undefined);
    if (assumed.length > 0) merged.assumed = { ...mergeEventSets(assumed), sessions: mergeSessions(assumed.map((a) => a.sessions)) };
    out.roles[key] = merged;
  }
  return out;
}

/** Union of coverage windows: overlapping or touching windows of a region become one. */
export function mergeCoverage(windows: readonly CoverageWindow[]): CoverageWindow[] {
  const sorted = [...windows].sort((a, b) => (a.region !== b.region ? (a.region < b.region ? -1 : 1) : a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: CoverageWindow[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && last.region === w.region && w.start <= last.end) {
      if (w.end > last.end) last.end = w.end;
    } else out.push({ ...w });
  }
  return out;
}
