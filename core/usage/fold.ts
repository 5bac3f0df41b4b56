/**
 * The hot loop: one raw CloudTrail record → the usage aggregate. Records of principals we
 * do not track are counted and dropped before any action mapping or resource work.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { attributeRecord, cachedRoleKey } from '../trail/calls.ts';
import { serviceOfEventSource } from '../trail/event-actions.ts';
import { CANONICAL_TIME, readRecord } from '../trail/record.ts';
import { addAssume, addCall, noteRecord, noteSkip, skipRecord, type UsageAggregate } from './aggregate.ts';

export interface FoldContext {
  catalog: Catalog;
  /** `roleKey`s of the tracked roles. */
  tracked: ReadonlySet<string>;
  /** Inclusive ISO bounds; records outside are counted, not analysed. */
  since?: string;
  until?: string;
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
  // The same caller resolution as callerOf: the session issuer, else the assumed-role ARN.
  const issuer = id.sessionContext?.sessionIssuer?.arn;
  const hasIssuer = typeof issuer === 'string' && issuer.length > 0;
  if (id.type === 'AssumedRole' || hasIssuer) {
    const key = (hasIssuer && cachedRoleKey(issuer)) || (typeof id.arn === 'string' && id.arn && cachedRoleKey(id.arn));
    if (key && ctx.tracked.has(key)) return false;
  }
  const category = typeof r.eventCategory === 'string' && r.eventCategory ? r.eventCategory : r.managementEvent === false ? 'Data' : 'Management';
  const region = typeof r.awsRegion === 'string' && r.awsRegion ? r.awsRegion : undefined;
  noteRecord(agg, time, region, category === 'Data' ? serviceOfEventSource(source) : undefined, r.readOnly);
  if ((ctx.since && time < ctx.since) || (ctx.until && time > ctx.until)) agg.input.outsideWindow++;
  else agg.input.notTracked++;
  return true;
}

/** Fold one raw record into `agg`. Never throws on bad input: it counts a skip instead. */
export function foldRecord(agg: UsageAggregate, raw: unknown, ctx: FoldContext): void {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && foldUntracked(agg, raw as Record<string, any>, ctx)) return;
  const parsed = readRecord(raw);
  if (!parsed.ok) {
    agg.input.records++;
    noteSkip(agg, parsed.reason);
    return;
  }
  const r = parsed.record;
  const isData = r.category === 'Data';
  noteRecord(agg, r.eventTime, r.region, isData ? serviceOfEventSource(r.eventSource) : undefined, r.readOnly);
  if ((ctx.since && r.eventTime < ctx.since) || (ctx.until && r.eventTime > ctx.until)) {
    agg.input.outsideWindow++;
    return;
  }
  const a = attributeRecord(r, ctx.tracked, ctx.catalog);
  if (a.kind === 'call') addCall(agg, a.call);
  else if (a.kind === 'assume') addAssume(agg, a.evidence);
  else agg.input.notTracked++;
}

/** The fold context for a set of tracked role keys and an optional window. */
export function foldContext(catalog: Catalog, o: { tracked: Iterable<string>; since?: string | undefined; until?: string | undefined }): FoldContext {
  return { catalog, tracked: new Set(o.tracked), ...(o.since ? { since: o.since } : {}), ...(o.until ? { until: o.until } : {}) };
}

/** A record sink (as the file readers take) that folds into `agg`. */
export function foldSink(agg: UsageAggregate, ctx: FoldContext): { record(raw: unknown): void; skipRecord(reason: string): void } {
  return {
    record: (raw) => foldRecord(agg, raw, ctx),
    skipRecord: (reason) => skipRecord(agg, reason),
  };
}
