/**
 * The hot loop: one raw CloudTrail record → the usage aggregate. Records of principals we
 * do not track are counted and dropped before any action mapping or resource work; what
 * every in-window record shows about the input (data events per service and kind,
 * management events per kind) is noted for all of them.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { STRING_LIMITS } from '../trail/bounds.ts';
import { attributeRecord, callerKey, type AttributionContext } from '../trail/calls.ts';
import { eventFacts, sourceFacts, type AccessKind, type EventFacts } from '../trail/event-facts.ts';
import { isCanonicalTime } from '../trail/event-time.ts';
import { CONTAINER_SERVICES } from '../trail/data-container.ts';
import { categoryOf, readRecord, type TrailRecord } from '../trail/record.ts';
import { addAssume, addCall, noteKind, noteRecord, noteTruncated, skipRecord } from './build.ts';
import { foldCaches, type FoldCaches } from './fold-caches.ts';
import type { UsageAggregate } from './model.ts';
import { noteDataEventContainer, noteOperationKind } from './visibility.ts';

export interface FoldContext extends AttributionContext {
  /** Inclusive ISO bounds; records outside are counted, not analysed. */
  since?: string;
  until?: string;
  /** Records after this time are skipped as `future-eventTime` (see `latestEventTime`). */
  notAfter?: string;
  /** This fold's memo tables (see fold-caches.ts). */
  caches: FoldCaches;
}

/** Is a raw value a string within a limit, non-empty? */
function isShortText(v: unknown, limit: number): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= limit;
}

/**
 * Principals we do not track are most of a busy trail. For them, read only what the input
 * counters need, with the same outcome as the full path; anything unusual (an AssumeRole,
 * a time in another format, a missing field, a string over its limit) takes the full path.
 */
function foldUntracked(agg: UsageAggregate, r: Record<string, any>, ctx: FoldContext): boolean {
  const id = r.userIdentity;
  if (typeof id !== 'object' || id === null || Array.isArray(id)) return false;
  // The caller first: a tracked role's record (most of an ECS-heavy trail) leaves at once,
  // without the checks below, which the full path makes again.
  const key = callerKey(ctx.caches, id.type, id.sessionContext?.sessionIssuer?.arn, id.arn);
  if (key && ctx.tracked.has(key)) return false;
  const source = r.eventSource;
  const name = r.eventName;
  const time = r.eventTime;
  if (!isShortText(source, STRING_LIMITS.eventSource) || !isShortText(name, STRING_LIMITS.eventName) || name === 'AssumeRole') return false;
  if (typeof time !== 'string' || !isCanonicalTime(time) || (ctx.notAfter !== undefined && time > ctx.notAfter)) return false;
  const region = r.awsRegion;
  if (region !== undefined && region !== null && region !== '' && !isShortText(region, STRING_LIMITS.awsRegion)) return false;
  if (noteInWindow(agg, ctx, time, region || undefined)) {
    noteWhatItShows(agg, ctx, r, categoryOf(r), source, name);
    agg.input.notTracked++;
  }
  return true;
}

/** Count a readable record; true when it falls inside the window (outside ones are counted as such). */
function noteInWindow(agg: UsageAggregate, ctx: FoldContext, time: string, region: string | undefined): boolean {
  noteRecord(agg, time, region);
  if ((ctx.since && time < ctx.since) || (ctx.until && time > ctx.until)) {
    agg.input.outsideWindow++;
    return false;
  }
  return true;
}

/**
 * What one in-window record shows about the input: a data event of its service (and, for
 * services kept per container, of its bucket, table, …) or a management event (from
 * `eventCategory`/`managementEvent`, else from its name), read or write (from `readOnly`,
 * else from the catalog's access level). A management event that states `readOnly` also
 * tells the kind of its operation's calls. The event's facts are looked up only when
 * needed (`known`: already looked up), a data event's source facts otherwise.
 */
function noteWhatItShows(agg: UsageAggregate, ctx: FoldContext, r: Record<string, any>, category: string | undefined, source: string, name: string, known?: EventFacts): void {
  let facts = known;
  let data: boolean;
  if (category === 'Data') data = true;
  else if (category === 'Management') data = false;
  else if (category !== undefined) return; // Insight and network-activity events: calls of neither kind
  else {
    facts ??= eventFacts(ctx.catalog, ctx.caches, source, name);
    if (facts.unlabelledKind === 'unknown') return;
    data = facts.unlabelledKind === 'data';
  }
  const readOnly = r.readOnly;
  const stated: AccessKind | undefined = readOnly === true ? 'read' : readOnly === false ? 'write' : undefined;
  const kind = stated ?? (facts ??= eventFacts(ctx.catalog, ctx.caches, source, name)).catalogKind;
  if (!data) {
    noteKind(agg, undefined, kind);
    // Kept as the mapping spells the operation (no string built per record); readers lower-case it.
    if (stated) {
      facts ??= eventFacts(ctx.catalog, ctx.caches, source, name);
      noteOperationKind(agg, facts, facts.plan.operation, stated);
    }
    return;
  }
  // A data event with its kind stated (most of them) needs only its source's facts: one lookup.
  const origin = facts ?? sourceFacts(ctx.catalog, ctx.caches, source);
  // Data events of a service the catalog does not know can show no granted action.
  if (!origin.knownService) return;
  noteKind(agg, origin.service, kind);
  if (kind && CONTAINER_SERVICES.has(origin.service)) noteDataEventContainer(agg, origin.service, kind, r);
}

/** Count the fields of a record that were over their limits: the region of any record, everything of a tracked role's. */
function noteCuts(agg: UsageAggregate, r: TrailRecord, attributed: boolean): void {
  if (!r.cut) return;
  const counted = attributed ? r.cut : r.cut.filter((f) => f === 'awsRegion');
  if (counted.length) noteTruncated(agg, counted);
}

/** Fold one raw record into `agg`. Never throws on bad input: it counts a skip instead. */
export function foldRecord(agg: UsageAggregate, raw: unknown, ctx: FoldContext): void {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && foldUntracked(agg, raw as Record<string, any>, ctx)) return;
  const parsed = readRecord(raw);
  if (!parsed.ok) {
    skipRecord(agg, parsed.reason);
    return;
  }
  const r = parsed.record;
  if (ctx.notAfter !== undefined && r.eventTime > ctx.notAfter) return skipRecord(agg, 'future-eventTime');
  const inWindow = noteInWindow(agg, ctx, r.eventTime, r.region);
  if (!inWindow) return noteCuts(agg, r, false);
  // Records that take this path are mostly the tracked roles' calls, which need the event's facts anyway.
  const facts = eventFacts(ctx.catalog, ctx.caches, r.eventSource, r.eventName);
  noteWhatItShows(agg, ctx, raw as Record<string, any>, r.category, r.eventSource, r.eventName, facts);
  const a = attributeRecord(r, ctx, facts);
  noteCuts(agg, r, a.kind !== 'untracked');
  if (a.kind === 'call') addCall(agg, a.call, ctx.caches);
  else if (a.kind === 'assume') addAssume(agg, a.evidence, ctx.caches);
  else agg.input.notTracked++;
}

/**
 * The fold context for a set of tracked role keys and an optional window, with fresh memo
 * tables: one context per fold (or per thread), reused for all of its records.
 */
export function foldContext(catalog: Catalog, o: { tracked: Iterable<string>; since?: string | undefined; until?: string | undefined; notAfter?: string | undefined }): FoldContext {
  return {
    catalog,
    tracked: new Set(o.tracked),
    caches: foldCaches(),
    ...(o.since ? { since: o.since } : {}),
    ...(o.until ? { until: o.until } : {}),
    ...(o.notAfter ? { notAfter: o.notAfter } : {}),
  };
}

/** A record sink (as the file readers take) that folds into `agg`. */
export function foldSink(agg: UsageAggregate, ctx: FoldContext): { record(raw: unknown): void; skipRecord(reason: string): void } {
  return {
    record: (raw) => foldRecord(agg, raw, ctx),
    skipRecord: (reason) => skipRecord(agg, reason),
  };
}
