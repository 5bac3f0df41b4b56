/**
 * CloudTrail `eventSource` host → IAM service prefix. Most hosts are the prefix
 * (`s3.amazonaws.com` → `s3`); the generated table and the hand exceptions hold the rest
 * (`monitoring` → `cloudwatch`, `tagging` → `tag`, `amazonmq` → `mq`).
 */
import { EVENT_TABLE } from './event-table.data.ts';
import { HAND_HOSTS } from './exceptions.ts';

const SUFFIX = /\.amazonaws\.com(\.cn)?$/;

// A trail names a few dozen hosts millions of times; the memo is bounded all the same.
const memo = new Map<string, string>();

/**
 * The IAM service prefix of an eventSource (`monitoring.amazonaws.com` → `cloudwatch`).
 * A host no source knows is taken as its own prefix; when the catalog has no such
 * service, the event is reported unmapped with that prefix in what was tried.
 */
export function serviceOfEventSource(eventSource: string): string {
  let service = memo.get(eventSource);
  if (service === undefined) {
    const host = eventSource.trim().toLowerCase().replace(SUFFIX, '');
    service = HAND_HOSTS[host] ?? EVENT_TABLE.hosts[host] ?? host;
    if (memo.size < 10_000) memo.set(eventSource, service);
  }
  return service;
}
