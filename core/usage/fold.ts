/**
 * The hot loop: one raw CloudTrail record → the usage aggregate. Records of principals we
 * do not track are counted and dropped before any action mapping or resource work.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { attributeRecord, callerKey, type AttributionContext } from '../trail/calls.ts';
import { serviceOfEventSource } from '../trail/event-actions.ts';
import { CANONICAL_TIME, categoryOf, readRecord } from '../trail/record.ts';
import { addAssume, addCall, noteRecord, skipRecord } from './build.ts';
import { foldCaches, type FoldCaches } from './fold-caches.ts';
import type { UsageAggregate } from './model.ts';

export interface FoldContext extends AttributionContext {
  /** Inclusive ISO bounds; records outside are counted, not analysed. */
  since?: string;
  until?: string;
  /** This fold's memo tables (see fold-caches.ts). */
  caches: FoldCaches;
}

/**
 * Principals we do not track are most of a busy trail. For them, read only what the input
 * counters need, with the same outcome as the full path; anything unusual (an AssumeRole,
 * a time in another format, a missing field) takes the full path.
 */
function foldUntracked(agg: UsageAggregate, r: Record<string, any>, ctx: FoldContext): boolean {
  const source = r.eventSource;
  const name = r.eventName;
  const id = r.userIdentity;
  const time = r.eventTime;
  if (typeof source !== 'string' || !source || typeof name !== 'string' || !name || name === 'AssumeRole') return false;
  if (typeof id !== 'object' || id === null || Array.isArray(id)) return false;
  if (typeof time !== 'string' || time.length !== 20 || !CANONICAL_TIME.test(time)) return false;
  const key = callerKey(ctx.caches, id.type, id.sessionContext?.sessionIssuer?.arn, id.arn);
  if (key && ctx.tracked.has(key)) return false;
  const region = typeof r.awsRegion === 'string' && r.awsRegion ? r.awsRegion : undefined;
  if (noteInWindow(agg, ctx, time, region, categoryOf(r), source, r.readOnly)) agg.input.notTracked++;
  return true;
}

/** Count a readable record; true when it falls inside the window (outside ones are counted as such). */
function noteInWindow(agg: UsageAggregate, ctx: FoldContext, time: string, region: string | undefined, category: string, source: string, readOnly: unknown): boolean {
  noteRecord(agg, time, region, category === 'Data' ? serviceOfEventSource(source, ctx.caches) : undefined, readOnly);
  if ((ctx.since && time < ctx.since) || (ctx.until && time > ctx.until)) {
    agg.input.outsideWindow++;
    return false;
  }
  return true;
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
  if (!noteInWindow(agg, ctx, r.eventTime, r.region, r.category, r.eventSource, r.readOnly)) return;
  const a = attributeRecord(r, ctx);
  if (a.kind === 'call') addCall(agg, a.call, ctx.caches);
  else if (a.kind === 'assume') addAssume(agg, a.evidence, ctx.caches);
  else agg.input.notTracked++;
}

/**
 * The fold context for a set of tracked role keys and an optional window, with fresh memo
 * tables: one context per fold (or per thread), reused for all of its records.
 */
export function foldContext(catalog: Catalog, o: { tracked: Iterable<string>; since?: string | undefined; until?: string | undefined }): FoldContext {
  return {
    catalog,
    tracked: new Set(o.tracked),
    caches: foldCaches(),
    ...(o.since ? { since: o.since } : {}),
    ...(o.until ? { until: o.until } : {}),
  };
}

/** A record sink (as the file readers take) that folds into `agg`. */
export function foldSink(agg: UsageAggregate, ctx: FoldContext): { record(raw: unknown): void; skipRecord(reason: string): void } {
  return {
    record: (raw) => foldRecord(agg, raw, ctx),
    skipRecord: (reason) => skipRecord(agg, reason),
  };
}
