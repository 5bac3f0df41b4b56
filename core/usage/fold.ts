/**
 * The hot loop: one raw CloudTrail record → the usage aggregate. Records of principals we
 * do not track are counted and dropped before any action mapping or resource work.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { attributeRecord } from '../trail/calls.ts';
import { serviceOfEventSource } from '../trail/event-actions.ts';
import { readRecord } from '../trail/record.ts';
import { addAssume, addCall, noteRecord, noteSkip, type UsageAggregate } from './aggregate.ts';

export interface FoldContext {
  catalog: Catalog;
  /** `roleKey`s of the tracked roles. */
  tracked: ReadonlySet<string>;
  /** Inclusive ISO bounds; records outside are counted, not analysed. */
  since?: string;
  until?: string;
}

/** Fold one raw record into `agg`. Never throws on bad input: it counts a skip instead. */
export function foldRecord(agg: UsageAggregate, raw: unknown, ctx: FoldContext): void {
  const parsed = readRecord(raw);
  if (!parsed.ok) {
    agg.input.records++;
    noteSkip(agg, parsed.reason);
    return;
  }
  const r = parsed.record;
  const isData = r.category === 'Data';
  noteRecord(agg, r.eventTime, r.region, isData ? serviceOfEventSource(r.eventSource) : undefined);
  if ((ctx.since && r.eventTime < ctx.since) || (ctx.until && r.eventTime > ctx.until)) {
    agg.input.outsideWindow++;
    return;
  }
  const a = attributeRecord(r, ctx.tracked, ctx.catalog);
  if (a.kind === 'call') addCall(agg, a.call);
  else if (a.kind === 'assume') addAssume(agg, a.evidence);
  else agg.input.notTracked++;
}
