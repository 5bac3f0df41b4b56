/**
 * What one message of the ingest queue asks for: the S3 objects to fold. Two writers feed
 * the queue: S3 itself (an event notification, in S3's own JSON shape, one or more
 * `Records[]` each naming a bucket and a URL-encoded key), and the backfill, which names
 * one existing log object per message. S3 also sends an `s3:TestEvent` when the
 * notification is configured: it asks for nothing.
 */

/** Who put the message on the queue. */
export type MessageOrigin = 'notification' | 'backfill';

export interface ObjectRef {
  bucket: string;
  key: string;
  /** Bytes, when the notification says. */
  size?: number;
  origin: MessageOrigin;
}

export type QueueMessage =
  | { kind: 'objects'; objects: ObjectRef[] }
  /** S3's test message when a notification is configured: nothing to do. */
  | { kind: 'test-event' }
  | { kind: 'malformed'; error: string };

/** The backfill's message: one existing log object. */
export interface BackfillMessage {
  policyDrift: 'backfill';
  bucket: string;
  key: string;
}

/** The body the backfill sends for one object. */
export function backfillMessage(bucket: string, key: string): string {
  const m: BackfillMessage = { policyDrift: 'backfill', bucket, key };
  return JSON.stringify(m);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An S3 event key as S3 writes it in notifications: URL-encoded, with `+` for a space.
 * A key that does not decode is returned as written (S3 would not have sent it).
 */
export function decodeEventKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/** One `Records[]` entry of an S3 event notification; undefined for events that create nothing. */
function objectOfRecord(r: unknown): ObjectRef | undefined | { error: string } {
  if (!isObject(r) || r.eventSource !== 'aws:s3') return { error: 'a record that is not an S3 event' };
  if (typeof r.eventName !== 'string' || !r.eventName.startsWith('ObjectCreated:')) return undefined;
  const s3 = isObject(r.s3) ? r.s3 : undefined;
  const bucket = isObject(s3?.bucket) ? s3.bucket.name : undefined;
  const object = isObject(s3?.object) ? s3.object : undefined;
  if (typeof bucket !== 'string' || typeof object?.key !== 'string') return { error: 'an S3 event without bucket name or object key' };
  return { bucket, key: decodeEventKey(object.key), origin: 'notification', ...(typeof object.size === 'number' ? { size: object.size } : {}) };
}

/** Read one queue message body. Never throws: a body that is not one of the shapes above is `malformed`, with why. */
export function parseQueueMessage(body: string): QueueMessage {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return { kind: 'malformed', error: 'not JSON' };
  }
  if (!isObject(v)) return { kind: 'malformed', error: 'not a JSON object' };
  if (v.Event === 's3:TestEvent') return { kind: 'test-event' };
  if (v.policyDrift === 'backfill') {
    if (typeof v.bucket !== 'string' || typeof v.key !== 'string' || !v.bucket || !v.key) return { kind: 'malformed', error: 'a backfill message without bucket or key' };
    return { kind: 'objects', objects: [{ bucket: v.bucket, key: v.key, origin: 'backfill' }] };
  }
  if (!Array.isArray(v.Records)) return { kind: 'malformed', error: 'neither an S3 event notification nor a backfill message' };
  const objects: ObjectRef[] = [];
  for (const r of v.Records) {
    const o = objectOfRecord(r);
    if (o === undefined) continue;
    if ('error' in o) return { kind: 'malformed', error: o.error };
    objects.push(o);
  }
  return { kind: 'objects', objects };
}
