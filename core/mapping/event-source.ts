/**
 * CloudTrail `eventSource` host → IAM service prefix. Most hosts are the prefix
 * (`s3.amazonaws.com` → `s3`); the generated table and the hand exceptions hold the rest
 * (`monitoring` → `cloudwatch`, `tagging` → `tag`, `amazonmq` → `mq`).
 */
import { EVENT_TABLE } from './event-table.data.ts';
import { HAND_HOSTS } from './exceptions.ts';

const SUFFIX = /\.amazonaws\.com(\.cn)?$/;

// Maps, not the tables' objects: a host is input text, and `constructor` or `__proto__` must
// find nothing rather than Object's own properties.
const HOSTS = new Map<string, string>([...Object.entries(EVENT_TABLE.hosts), ...Object.entries(HAND_HOSTS)]);

/**
 * The IAM service prefix of an eventSource (`monitoring.amazonaws.com` → `cloudwatch`).
 * A host no source knows is taken as its own prefix; when the catalog has no such
 * service, the event is reported unmapped with that prefix in what was tried. Nothing is
 * remembered here: the fold keeps the answers per source in its `foldCaches`.
 */
export function serviceOfEventSource(eventSource: string): string {
  const host = eventSource.trim().toLowerCase().replace(SUFFIX, '');
  return HOSTS.get(host) ?? host;
}
