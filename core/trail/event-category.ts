/**
 * Is a record a data event, when the record does not say? Records before 2019 (and some
 * exports) carry neither `eventCategory` nor `managementEvent`; the event's own name then
 * decides, from the one table of data events (core/catalog/data-events.ts), which also
 * says which actions are data-plane.
 *
 * This is read in one direction only: to claim that the input holds data events of a
 * service (and so that a missing data-plane call of it is "unused"). A wrong "data" would
 * invent that evidence, so only the event names the table lists count; operations AWS has
 * moved between the kinds (`movedFromManagement`: S3 listings, CloudWatch metric calls) are
 * `unknown` and count as evidence of neither kind. Everything else is management.
 */
import { DATA_EVENT_SERVICES } from '../catalog/data-events.ts';

/** What a record's name says about its kind. */
export type EventKind = 'data' | 'management' | 'unknown';

/** The kind of a record that carries neither `eventCategory` nor `managementEvent`, from its service and name. */
export function kindOfUnlabelledEvent(service: string, eventName: string): EventKind {
  const entry = DATA_EVENT_SERVICES.get(service);
  const events = entry?.events;
  if (!events) return 'management';
  if (entry.movedFromManagement?.includes(eventName)) return 'unknown';
  return events === 'all' || events.includes(eventName) ? 'data' : 'management';
}
