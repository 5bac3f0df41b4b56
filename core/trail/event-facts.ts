/**
 * What an (eventSource, eventName) pair says whatever the record: its service, its
 * mapping plan (core/mapping), whether it is a data event when the record does not say,
 * and whether it reads or writes when `readOnly` is absent. A trail names a few hundred
 * pairs millions of times, so the fold works these out once per pair and keeps them in
 * its `foldCaches` (`mappingOfEvent`); nothing here remembers anything.
 */
import type { Catalog } from '../catalog/catalog.ts';
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
}

/** The memo tables of event facts (part of the fold's caches, see `foldCaches`). */
export interface EventFactMemos {
  /** eventSource → IAM service prefix. */
  readonly serviceOfSource: Memo<string, string>;
  /** eventSource → eventName → facts, for the one catalog of a fold. */
  readonly mappingOfEvent: Memo<string, Memo<string, EventFacts>>;
}

/** The IAM service prefix of an eventSource, remembered in `memos`. */
export function serviceOf(memos: EventFactMemos, eventSource: string): string {
  return memos.serviceOfSource.get(eventSource) ?? memos.serviceOfSource.set(eventSource, serviceOfEventSource(eventSource));
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
export function eventFactsOf(catalog: Catalog, service: string, eventSource: string, eventName: string): EventFacts {
  const plan = eventPlan(catalog, eventSource, eventName, service);
  const kind = catalogKind(catalog, plan.needs);
  return {
    service,
    knownService: catalog.hasService(service),
    plan,
    unlabelledKind: kindOfUnlabelledEvent(service, plan.operation.slice(service.length + 1)),
    ...(kind ? { catalogKind: kind } : {}),
  };
}

/** The facts of a pair, remembered in `memos`. `eventSource` and `eventName` must be within their limits (bounds.ts). */
export function eventFacts(catalog: Catalog, memos: EventFactMemos, eventSource: string, eventName: string): EventFacts {
  const bySource = memos.mappingOfEvent;
  const byName = bySource.get(eventSource) ?? bySource.set(eventSource, new Memo(bySource.limit));
  return byName.get(eventName) ?? byName.set(eventName, eventFactsOf(catalog, serviceOf(memos, eventSource), eventSource, eventName));
}
