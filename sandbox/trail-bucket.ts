/**
 * A CloudTrail trail's bucket in the sandbox: scenario events written as the log files
 * CloudTrail delivers (gzipped `{"Records": [...]}`, about one file per account, region and
 * five minutes, under the account or Organization trail layout), optionally SSE-KMS
 * encrypted, and S3 event notifications of new objects to a queue, in S3's own JSON shape.
 *
 * The S3 side is hooked from s3.ts: every stored object may notify (`objectStored`), and
 * reading an SSE-KMS object needs the caller's permission on its key (`checkObjectRead`),
 * which a test grants from what the stack's template says (`world.kmsDecrypt`).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import { AwsError, type SandboxState } from './server.ts';
import { enqueue, queueByArn } from './sqs.ts';
import { world, type BucketNotification } from './world.ts';

/** CloudTrail delivers a region's events in files about every five minutes. */
const DELIVERY_MINUTES = 5;

/** Notify `queueArn` of objects created in `bucket` under `prefix` ending in `suffix`, as an S3 event notification does. */
export function notifyBucket(state: SandboxState, n: BucketNotification): void {
  world(state).notifications.push(n);
}

/** An object key as S3 writes it in event notifications: URL-encoded, `+` for a space, slashes kept. */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

/** The S3 event notification of one new object, in S3's JSON shape (event structure 2.1). */
export function s3EventBody(o: { bucket: string; key: string; size: number; etag: string; region: string; time: number; configurationId?: string }): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: o.region,
        eventTime: new Date(o.time).toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:AROASANDBOXCLOUDTRAIL:regionalDeliverySession' },
        requestParameters: { sourceIPAddress: '10.0.0.1' },
        responseElements: { 'x-amz-request-id': 'SANDBOX', 'x-amz-id-2': 'sandbox' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: o.configurationId ?? 'policy-drift-ingest',
          bucket: { name: o.bucket, ownerIdentity: { principalId: 'ASANDBOXOWNER' }, arn: `arn:aws:s3:::${o.bucket}` },
          object: { key: encodeEventKey(o.key), size: o.size, eTag: o.etag.replace(/"/g, ''), sequencer: o.time.toString(16).toUpperCase() },
        },
      },
    ],
  });
}

/** Hook for every stored object (PutObject and `putObject` here): SSE-KMS is remembered, matching notifications are sent. */
export function objectStored(state: SandboxState, bucket: string, key: string, size: number, etag: string, req?: IncomingMessage, kmsKeyArn?: string): void {
  const w = world(state);
  const sse = req?.headers['x-amz-server-side-encryption'];
  const kms = kmsKeyArn ?? (sse === 'aws:kms' ? String(req?.headers['x-amz-server-side-encryption-aws-kms-key-id'] ?? 'aws/s3') : undefined);
  if (kms) w.objectKeys.set(`${bucket}/${key}`, kms);
  else w.objectKeys.delete(`${bucket}/${key}`);
  for (const n of w.notifications) {
    if (n.bucket !== bucket || !key.startsWith(n.prefix) || !key.endsWith(n.suffix)) continue;
    const q = queueByArn(state, n.queueArn);
    if (q) enqueue(state, q, s3EventBody({ bucket, key, size, etag, region: state.scenario.region, time: state.clock.now() }));
  }
}

/** Hook for GetObject: an SSE-KMS object is readable only with decrypt permission on its key, as S3 answers. */
export function checkObjectRead(state: SandboxState, bucket: string, key: string): void {
  const keyArn = world(state).objectKeys.get(`${bucket}/${key}`);
  if (keyArn === undefined || world(state).kmsDecrypt.has(keyArn)) return;
  throw new AwsError('AccessDenied', `User: arn:aws:sts::${state.scenario.accountId}:assumed-role/policy-drift/ingest is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext because no identity-based policy allows the kms:Decrypt action`, 403);
}

/** Store an object directly (as CloudTrail delivers it), notifying as S3 would. */
export function putObject(state: SandboxState, bucket: string, key: string, body: Buffer, o: { kmsKeyArn?: string } = {}): void {
  const b = state.buckets.get(bucket);
  if (!b) throw new Error(`no bucket ${bucket} in the sandbox`);
  const etag = `"${createHash('md5').update(body).digest('hex')}"`;
  b.set(key, { body, lastModified: new Date(state.clock.now()), etag, contentType: 'application/json' });
  objectStored(state, bucket, key, body.length, etag, undefined, o.kmsKeyArn);
}

export interface TrailLayout {
  bucket: string;
  /** Key prefix of the trail ('' for none). */
  prefix?: string;
  /** An Organization trail's `o-...` id; account trail layout without it. */
  orgId?: string;
  kmsKeyArn?: string;
  /** Minutes per delivered file (default 5, as CloudTrail; tests may choose fewer, larger files). */
  slotMinutes?: number;
}

const accountOf = (e: Record<string, unknown>, fallback: string) =>
  String(e.recipientAccountId ?? (e.userIdentity as { accountId?: string } | undefined)?.accountId ?? fallback);

const compact = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';

/** When CloudTrail delivers an event: the end of its slot (five minutes, or what a test chooses). */
export function deliveryTime(eventTime: string, slotMinutes = DELIVERY_MINUTES): number {
  const slot = slotMinutes * 60_000;
  return Math.ceil((Date.parse(eventTime) + 1) / slot) * slot;
}

/** The key CloudTrail gives a log file. */
export function logFileKey(layout: TrailLayout, account: string, region: string, delivered: number, unique: string): string {
  const d = new Date(delivered).toISOString();
  const prefix = layout.prefix ? `${layout.prefix.replace(/\/+$/, '')}/` : '';
  return `${prefix}AWSLogs/${layout.orgId ? `${layout.orgId}/` : ''}${account}/CloudTrail/${region}/${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}/${account}_CloudTrail_${region}_${compact(delivered)}_${unique}.json.gz`;
}

/**
 * Deliver the events whose delivery time falls in (`after`, `upTo`] as CloudTrail would:
 * one gzipped log file per account, region and slot, notifications included. Returns the keys.
 */
export function deliverTrail(state: SandboxState, layout: TrailLayout, events: readonly Record<string, unknown>[], after: number, upTo: number): string[] {
  const files = new Map<string, { account: string; region: string; delivered: number; records: Record<string, unknown>[] }>();
  for (const e of events) {
    const delivered = deliveryTime(String(e.eventTime), layout.slotMinutes);
    if (delivered <= after || delivered > upTo) continue;
    const account = accountOf(e, state.scenario.accountId);
    const region = String(e.awsRegion ?? state.scenario.region);
    const id = `${account}|${region}|${delivered}`;
    let f = files.get(id);
    if (!f) files.set(id, (f = { account, region, delivered, records: [] }));
    f.records.push(e);
  }
  const keys: string[] = [];
  for (const f of [...files.values()].sort((a, b) => a.delivered - b.delivered)) {
    const body = gzipSync(JSON.stringify({ Records: f.records }));
    const unique = createHash('sha256').update(body).digest('base64url').replace(/[-_]/g, 'x').slice(0, 16);
    const key = logFileKey(layout, f.account, f.region, f.delivered, unique);
    putObject(state, layout.bucket, key, body, layout.kmsKeyArn ? { kmsKeyArn: layout.kmsKeyArn } : {});
    keys.push(key);
  }
  return keys;
}
