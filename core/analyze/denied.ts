/**
 * What a role was refused, with why, and the events no catalog action could be found for.
 * Neither counts as use.
 */
import type { DeniedEntry, UnmappedEntry } from '../report/schema.ts';
import type { RoleUsage } from '../usage/model.ts';
import { byCountThenAction } from './used.ts';

/** The denied entries of a role, most frequent first. */
export function deniedEntries(usage: RoleUsage | undefined): DeniedEntry[] {
  const denied: DeniedEntry[] = Object.values(usage?.denied ?? {}).map((d) => ({
    action: d.action,
    count: d.keys.length,
    errorCode: d.errorCode,
    cause: d.cause,
    firstSeen: d.firstSeen,
    lastSeen: d.lastSeen,
    resources: d.resources.arns,
    ...(d.message ? { message: d.message } : {}),
  }));
  return denied.sort(byCountThenAction);
}

/** Events the role made that map to no catalog action, most frequent first. */
export function unmappedEntries(usage: RoleUsage | undefined): UnmappedEntry[] {
  return Object.values(usage?.unmapped ?? {})
    .map((u) => ({ eventSource: u.eventSource, eventName: u.eventName, count: u.keys.length }))
    .sort((a, b) => b.count - a.count);
}
