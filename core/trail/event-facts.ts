/**
 * What an (eventSource, eventName) pair says whatever the record: its service, its
 * mapping plan (core/mapping), whether it is a data event when the record does not say,
 * and whether it reads or writes when `readOnly` is absent. A trail names a few hundred
 * pairs millions of times, so the fold works these out once per pair and keeps them in
 * its `foldCaches` (`mappingOfEvent`); nothing here remembers anything.
 */
import type { Catalog, CatalogAction } from '../catalog/catalog.ts';
import { eventPlan, type EventPlan } from '../mapping/required-actions.ts';
import { serviceOfEventSource } from '../mapping/event-source.ts';
import { Memo } from './memo.ts';
import { kindOfUnlabelledEvent, type EventKind } from './event-category.ts';

/** Read or write, as CloudTrail's `readOnly` says (`true` = read). */
export type AccessKind = 'read' | 'write';

export interface EventFacts {
  /** The IAM service prefix of the eventSource. */
  readonly service: string;
  /** Does the catalog know the service? Data events of an unknown service can show no granted action. */
  readonly knownService: boolean;
  readonly plan: EventPlan;
  /** The kind of a record of this pair that carries neither `eventCategory` nor `managementEvent`. */
  readonly unlabelledKind: EventKind;
  /**
   * Read or write by the catalog's access levels of the actions the call needs (write when
   * any is not Read or List), for a record without `readOnly`; undefined when the call
   * maps to no catalog action: then the record is evidence of neither.
   */
  readonly catalogKind?: AccessKind;
  /**
   * The catalog entries of the actions this pair's calls were credited with, by canonical
   * name, filled as calls come: `catalog.lookup` lower-cases its argument, a string per
   * action of every call.
   */
  readonly infos: Map<string, CatalogAction>;
}

/** What an eventSource says whatever the event: its IAM service, and whether the catalog knows it. */
export interface SourceFacts {
  readonly service: string;
  readonly knownService: boolean;
}

/** The memo tables of event facts (part of the fold's caches, see `foldCaches`). */
export interface EventFactMemos {
  /** eventSource → IAM service prefix, and whether the catalog knows it. */
  readonly serviceOfSource: Memo<string, SourceFacts>;
  /** eventSource → eventName → facts, for the one catalog of a fold. */
  readonly mappingOfEvent: Memo<string, Memo<string, EventFacts>>;
}

/**
 * The facts of an eventSource, remembered in `memos`: what a data event with its kind
 * stated needs (one lookup, where the event's facts take two).
 */
export function sourceFacts(catalog: Catalog, memos: EventFactMemos, eventSource: string): SourceFacts {
  let facts = memos.serviceOfSource.get(eventSource);
  if (!facts) {
    const service = serviceOfEventSource(eventSource);
    facts = memos.serviceOfSource.set(eventSource, { service, knownService: catalog.hasService(service) });
  }
  return facts;
}

function catalogKind(catalog: Catalog, needs: readonly string[]): AccessKind | undefined {
  if (needs.length === 0) return undefined;
  for (const action of needs) {
    const level = catalog.lookup(action)?.accessLevel;
    if (level !== 'Read' && level !== 'List') return 'write';
  }
  return 'read';
}

/** The facts of one pair, worked out. */
export function eventFactsOf(catalog: Catalog, source: SourceFacts, eventSource: string, eventName: string): EventFacts {
  const { service, knownService } = source;
  const plan = eventPlan(catalog, eventSource, eventName, service);
  const kind = catalogKind(catalog, plan.needs);
  return {
    service,
    knownService,
    plan,
    unlabelledKind: kindOfUnlabelledEvent(service, plan.operation.slice(service.length + 1)),
    ...(kind ? { catalogKind: kind } : {}),
    infos: new Map(),
  };
}

/** The catalog entry of an action a call of this pair needed (canonical name, or any spelling the catalog knows). */
export function actionInfo(catalog: Catalog, facts: EventFacts, action: string): CatalogAction | undefined {
  let info = facts.infos.get(action);
  if (!info) {
    info = catalog.lookup(action);
    if (info && facts.infos.size < 64) facts.infos.set(action, info);
  }
  return info;
}

/** The facts of a pair, remembered in `memos`. `eventSource` and `eventName` must be within their limits (bounds.ts). */
export function eventFacts(catalog: Catalog, memos: EventFactMemos, eventSource: string, eventName: string): EventFacts {
  const bySource = memos.mappingOfEvent;
  const byName = bySource.get(eventSource) ?? bySource.set(eventSource, new Memo(bySource.limit));
  return byName.get(eventName) ?? byName.set(eventName, eventFactsOf(catalog, sourceFacts(catalog, memos, eventSource), eventSource, eventName));
}
