/**
 * Backfill: the log files a trail delivered before the stack was listening, put on the
 * ingest queue so the first weekly report rests on up to 90 days. The bucket is listed by
 * account, region and day prefix (`AWSLogs/[o-id/]<account>/CloudTrail/<region>/YYYY/MM/DD/`),
 * never as a whole; regions are discovered per account (a trail logs every region it is
 * enabled in, and a task role's calls land in the region of what it calls). One message
 * per log file, as a notification would be: the ingest folds each file once, whichever
 * way it arrives, so running a backfill again is harmless.
 *
 * Only files delivered up to `cutoff` are enqueued: later ones come by notification (a
 * file of the cutoff minute may come both ways: folding it twice changes nothing).
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { backfillMessage } from '../../core/ingest/queue-message.ts';
import { keyPrefixOf, logDayPrefix, parseLogKey } from '../../core/trail/log-key.ts';
import { describeError } from '../aws/clients.ts';
import { sendAll } from '../aws/sqs-queue.ts';

export interface BackfillRequest {
  s3: S3Client;
  sqs: SQSClient;
  queueUrl: string;
  bucket: string;
  /** The trail's key prefix ('' for none). */
  prefix: string;
  /** Accounts whose files to enqueue. */
  accounts: string[];
  /** UTC days to list, `YYYY-MM-DD`. */
  days: string[];
  /** ISO time: only files delivered up to it (its minute included: a file of that minute may predate the notifications). */
  cutoff: string;
  /** Checked between prefixes (a Lambda near its timeout). */
  shouldStop?(): boolean;
  /** After each account. */
  onAccount?(account: string, enqueued: number): void;
}

export interface BackfillResult {
  enqueued: Record<string, number>;
  /** False when it stopped before every account, region and day was listed. */
  complete: boolean;
  problems: string[];
}

/** Keys (or, with a delimiter, common prefixes) under a prefix, every page. */
async function listAll(s3: S3Client, bucket: string, prefix: string, delimiter?: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(delimiter ? { Delimiter: delimiter } : {}), ...(token ? { ContinuationToken: token } : {}) }));
    const entries = delimiter ? (page.CommonPrefixes ?? []).map((p) => p.Prefix) : (page.Contents ?? []).map((c) => c.Key);
    for (const e of entries) if (e) out.push(e);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/** The trail's layout in the bucket: the Organization ids under `AWSLogs/` (none for an account trail). */
export async function trailOrgIds(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const root = `${keyPrefixOf(prefix)}AWSLogs/`;
  const entries = await listAll(s3, bucket, root, '/');
  return entries.map((p) => p.slice(root.length, -1)).filter((name) => name.startsWith('o-'));
}

/** The regions an account's trail has files for. */
async function regionsOf(s3: S3Client, bucket: string, accountRoot: string): Promise<string[]> {
  const prefixes = await listAll(s3, bucket, `${accountRoot}CloudTrail/`, '/');
  return prefixes.map((p) => p.slice(`${accountRoot}CloudTrail/`.length, -1));
}

/** One account's files of the requested days, enqueued; false when it had to stop. */
async function backfillAccount(r: BackfillRequest, orgId: string | undefined, account: string, out: BackfillResult): Promise<boolean> {
  const accountRoot = `${keyPrefixOf(r.prefix)}AWSLogs/${orgId ? `${orgId}/` : ''}${account}/`;
  let enqueued = 0;
  for (const region of await regionsOf(r.s3, r.bucket, accountRoot)) {
    for (const day of r.days) {
      if (r.shouldStop?.()) return false;
      const keys = await listAll(r.s3, r.bucket, logDayPrefix({ trailPrefix: r.prefix, ...(orgId ? { orgId } : {}), account, region, day }));
      const logs = keys.filter((k) => {
        const parsed = parseLogKey(k, r.prefix);
        return parsed.kind === 'log' && parsed.delivered <= r.cutoff;
      });
      const sent = await sendAll(r.sqs, r.queueUrl, logs.map((k) => backfillMessage(r.bucket, k)));
      enqueued += sent.sent;
      for (const f of sent.failed.slice(0, 3)) out.problems.push(`backfill: could not enqueue a log file of ${account} ${region} ${day}: ${f.error}`);
    }
  }
  out.enqueued[account] = (out.enqueued[account] ?? 0) + enqueued;
  r.onAccount?.(account, enqueued);
  return true;
}

/** List and enqueue every requested account's log files of the requested days. */
export async function enqueueBackfill(r: BackfillRequest): Promise<BackfillResult> {
  const out: BackfillResult = { enqueued: {}, complete: true, problems: [] };
  let orgIds: (string | undefined)[];
  try {
    const found = await trailOrgIds(r.s3, r.bucket, r.prefix);
    // An account trail has its accounts right under AWSLogs/; an Organization trail under its id.
    orgIds = found.length ? found : [undefined];
  } catch (e) {
    return { enqueued: {}, complete: false, problems: [`backfill: cannot list s3://${r.bucket}/${keyPrefixOf(r.prefix)}AWSLogs/: ${describeError(e)}`] };
  }
  for (const account of r.accounts) {
    for (const orgId of orgIds) {
      try {
        if (!(await backfillAccount(r, orgId, account, out))) return { ...out, complete: false };
      } catch (e) {
        out.complete = false;
        out.problems.push(`backfill: account ${account}: ${describeError(e)}`);
      }
    }
  }
  return out;
}
