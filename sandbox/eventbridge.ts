/**
 * EventBridge, as far as the alert path needs it: the envelope in which a CloudTrail
 * record reaches a rule (`detail-type: AWS API Call via CloudTrail`, `detail` = the record),
 * and the event pattern matching a rule does, for the filters the stack's rule uses (exact
 * values, `prefix`, `suffix`, `anything-but`, `exists`, nested fields, arrays matching any
 * element). The template test matches the stack's own rule pattern against envelopes.
 */
import { createHash } from 'node:crypto';

export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** The event EventBridge delivers for a CloudTrail record (`aws.<service>` source, the record as `detail`). */
export function cloudTrailEnvelope(record: Record<string, unknown>): EventEnvelope {
  const source = String(record.eventSource ?? '').replace(/\.amazonaws\.com$/, '');
  return {
    version: '0',
    id: createHash('sha256').update(String(record.eventID ?? JSON.stringify(record))).digest('hex').slice(0, 36),
    // Reads and writes alike; read-only ones reach only some rules (see `ruleReceives`).
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${source}`,
    account: String(record.recipientAccountId ?? ''),
    time: String(record.eventTime ?? ''),
    region: String(record.awsRegion ?? ''),
    resources: [],
    detail: record,
  };
}

/**
 * Whether a rule in `state` receives the event at all: read-only management events are
 * delivered only to rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (most
 * task-role denials are of reads: Get*, List*, Describe*).
 */
export function ruleReceives(state: string, event: EventEnvelope): boolean {
  if (state === 'DISABLED') return false;
  const readOnlyManagement = event.detail.readOnly === true && event.detail.eventCategory !== 'Data';
  return !readOnlyManagement || state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
}

type Filter = unknown;

function matchesFilter(filter: Filter, value: unknown, present: boolean): boolean {
  if (typeof filter !== 'object' || filter === null) return present && (Array.isArray(value) ? value.includes(filter) : value === filter);
  const f = filter as Record<string, unknown>;
  if ('exists' in f) return f.exists === present;
  if (!present) return false;
  const values = Array.isArray(value) ? value : [value];
  if ('prefix' in f) return values.some((v) => typeof v === 'string' && v.startsWith(String(f.prefix)));
  if ('suffix' in f) return values.some((v) => typeof v === 'string' && v.endsWith(String(f.suffix)));
  if ('anything-but' in f) {
    const but = Array.isArray(f['anything-but']) ? f['anything-but'] : [f['anything-but']];
    return values.every((v) => !but.includes(v));
  }
  throw new Error(`pattern filter not supported by the sandbox: ${JSON.stringify(f)}`);
}

/** Whether `event` matches an EventBridge event pattern. */
export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, want]) => {
    const present = Object.hasOwn(event, field) && event[field] !== undefined;
    const value = event[field];
    if (Array.isArray(want)) return want.some((f) => matchesFilter(f, value, present));
    if (typeof want === 'object' && want !== null) return present && typeof value === 'object' && value !== null && matchesPattern(want as Record<string, unknown>, value as Record<string, unknown>);
    throw new Error(`pattern field ${field} must be an array or an object`);
  });
}
