/**
 * One run of the deployed `ingest` function (trail mode): a batch of queue messages, each
 * naming CloudTrail log objects (an S3 notification, or the backfill); each log file is
 * folded on its own, with the tracked roles of its account, into one aggregate under that
 * account's prefix, keyed by the file. A message delivered twice, or out of order, writes
 * the same object again: the merge counts each event once.
 *
 * What is not a log file (digest and Insights files, other keys, S3's test event) is
 * skipped, and the message is done. A message that fails (the object cannot be read or is
 * not CloudTrail, the account has no inventory yet) is reported back as a batch item
 * failure: SQS delivers it again, and after `maxReceiveCount` receives moves it to the
 * dead-letter queue. On that last receive the failure is written to the bucket, so the
 * next weekly report names the file and says why.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Catalog } from '../core/catalog/catalog.ts';
import { parseQueueMessage, type ObjectRef } from '../core/ingest/queue-message.ts';
import { fileCoverage } from '../core/ingest/trail-coverage.ts';
import { roleKey } from '../core/arn.ts';
import type { TrackedRole } from '../core/model.ts';
import { parseLogKey } from '../core/trail/log-key.ts';
import { describeError } from '../sources/aws/clients.ts';
import { accountStore, trailAggregateKey } from '../sources/store/account-store.ts';
import type { ObjectStore } from '../sources/store/object-store.ts';
import { readWatchedAccounts, writeIngestFailure } from '../sources/store/trail-state.ts';
import { s3ObjectTrail } from '../sources/trail/s3-object.ts';
import { cachedTrackedRoles } from './trail-accounts.ts';
import type { TrailConfig } from './trail-config.ts';

export interface SqsRecord {
  messageId: string;
  body: string;
  attributes?: { ApproximateReceiveCount?: string };
}

export interface IngestDeps {
  /** The stack's bucket (root). */
  store: ObjectStore;
  catalog: Catalog;
  /** S3 client for the trail's bucket. */
  trail: S3Client;
  /** Largest log file (uncompressed bytes) this function's memory can fold; larger ones fail alone, named. */
  maxFileBytes?: number;
  now(): number;
  log(message: string, data?: Record<string, unknown>): void;
}

export interface IngestSummary {
  folded: number;
  /** Keys skipped as not log files, by reason. */
  ignored: Record<string, number>;
  batchItemFailures: { itemIdentifier: string }[];
}

/** A failure worth retrying or, past the last receive, recording. */
class IngestFailure extends Error {}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

/** Fold one log object into its account's aggregate; returns why it was skipped, if it was. */
/** What a run reads once: the watched accounts, and each account's tracked roles as first asked for. */
interface RunContext {
  watched?: Set<string>;
  roles: Map<string, Promise<TrackedRole[] | undefined>>;
}

async function ingestObject(t: TrailConfig, deps: IngestDeps, ref: ObjectRef, run: RunContext): Promise<string | undefined> {
  const k = parseLogKey(ref.key, t.trailPrefix);
  if (k.kind === 'ignored') return k.reason;
  if (ref.bucket !== t.trailBucket) return 'other-bucket';
  if (run.watched && !run.watched.has(k.account)) return 'account-not-watched';
  if (!run.roles.has(k.account)) run.roles.set(k.account, cachedTrackedRoles(deps.store, k.account));
  const roles = await run.roles.get(k.account);
  if (!roles) throw new IngestFailure(`no inventory of account ${k.account} yet (its member role could not be read, or the stack has not read it yet)`);
  const tracked = new Set(roles.map((r) => roleKey(r.accountId, r.roleName)));
  const o = { bucket: ref.bucket, key: ref.key, region: k.region, coverage: fileCoverage(k.region, k.day, k.delivered), ...(deps.maxFileBytes ? { maxBytes: deps.maxFileBytes } : {}) };
  const read = await s3ObjectTrail(deps.trail, o).read({ catalog: deps.catalog, tracked });
  const skipped = Object.keys(read.files?.skipped ?? {});
  if (skipped[0] === 'object-missing') return 'object-missing';
  if (skipped[0] === 'too-large') throw new IngestFailure(`${read.problems[0]}: raise the stack's ingestMemorySize (npm run bench measures what a file needs)`);
  if (skipped.length) throw new IngestFailure(`not a CloudTrail log file (${skipped.join(', ')})`);
  await accountStore(deps.store, k.account).putAggregate(trailAggregateKey(k), read.usage);
  return undefined;
}

/** Record a message that failed for good (this was its last receive before the dead-letter queue). */
async function recordFailure(t: TrailConfig, deps: IngestDeps, record: SqsRecord, refs: ObjectRef[], reason: string, receives: number): Promise<void> {
  const base = { at: iso(deps.now()), reason, receives };
  if (refs.length === 0) return writeIngestFailure(deps.store, undefined, record.messageId, { ...base, what: record.body.slice(0, 300) });
  for (const ref of refs) {
    const k = parseLogKey(ref.key, t.trailPrefix);
    const what = `s3://${ref.bucket}/${ref.key}`;
    await writeIngestFailure(deps.store, k.kind === 'log' ? k.account : undefined, what, { ...base, what, ...(k.kind === 'log' ? { aggregateKey: trailAggregateKey(k), region: k.region } : {}) });
  }
}

/** One message: every object it names folded, or a failure (retried, then recorded on the last receive). */
async function ingestRecord(t: TrailConfig, deps: IngestDeps, record: SqsRecord, run: RunContext, out: IngestSummary): Promise<void> {
  const msg = parseQueueMessage(record.body);
  const refs = msg.kind === 'objects' ? msg.objects : [];
  try {
    if (msg.kind === 'malformed') throw new IngestFailure(`not an S3 notification or backfill message: ${msg.error}`);
    for (const ref of refs) {
      const ignored = await ingestObject(t, deps, ref, run);
      if (ignored) out.ignored[ignored] = (out.ignored[ignored] ?? 0) + 1;
      else out.folded++;
    }
  } catch (e) {
    const reason = e instanceof IngestFailure ? e.message : describeError(e);
    const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    deps.log('ingest failed', { messageId: record.messageId, reason, receives });
    out.batchItemFailures.push({ itemIdentifier: record.messageId });
    if (receives >= t.maxReceiveCount) await recordFailure(t, deps, record, refs, reason, receives).catch((err) => deps.log('failure not recorded', { error: describeError(err) }));
  }
}

/** Fold every log file the batch names; failed messages are returned for SQS to deliver again. */
export async function runIngest(t: TrailConfig, deps: IngestDeps, event: { Records: SqsRecord[] }): Promise<IngestSummary> {
  const out: IngestSummary = { folded: 0, ignored: {}, batchItemFailures: [] };
  const list = await readWatchedAccounts(deps.store);
  const run: RunContext = { roles: new Map(), ...(list ? { watched: new Set(list.accounts.map((a) => a.id)) } : {}) };
  // One file at a time: a large log file needs most of the function's memory.
  for (const record of event.Records) await ingestRecord(t, deps, record, run, out);
  deps.log('ingested', { messages: event.Records.length, folded: out.folded, ignored: out.ignored, failed: out.batchItemFailures.length });
  return out;
}
