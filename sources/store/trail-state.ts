/**
 * What trail mode keeps beside each account's part of the bucket:
 *
 *   state/accounts.json                                   the accounts watched (from the Organization or the stack's list)
 *   state/backfill.json                                   the last backfill: when, since which day, files enqueued per account
 *   accounts/<id>/state/ingest-failures/<hash>.json       a log file the ingest gave up on (it is in the dead-letter queue)
 *   state/ingest-failures/<message id>.json               a queue message that named no log file at all
 *
 * Failure records are written on a message's last receive, before it moves to the
 * dead-letter queue, so the next report can name the file and say why.
 */
import { createHash } from 'node:crypto';
import { AccountObjects, accountPrefix, parseTrailAggregateKey } from './account-store.ts';
import type { ObjectStore } from './object-store.ts';

export interface WatchedAccounts {
  at: string;
  /** Where the list came from. */
  source: 'organization' | 'list' | 'self';
  orgId?: string;
  accounts: { id: string; name?: string }[];
  problems: string[];
}

export interface BackfillState {
  at: string;
  /** Files delivered up to this minute were listed and enqueued; later ones arrive by notification. */
  cutoff: string;
  /** The first day listed. */
  since: string;
  days: number;
  /** Files enqueued, per account. */
  enqueued: Record<string, number>;
  /** False when the listing stopped before every account, region and day was done (a time budget). */
  complete: boolean;
  problems: string[];
}

export interface IngestFailure {
  at: string;
  /** `s3://bucket/key`, or the message when it named no object. */
  what: string;
  /** The aggregate the file would have had: once it exists (a redrive succeeded), the failure is past. */
  aggregateKey?: string;
  /** The region whose CloudTrail the file holds. */
  region?: string;
  reason: string;
  receives: number;
}

async function getJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  const body = await store.get(key);
  if (!body) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

const putJson = (store: ObjectStore, key: string, v: unknown) => store.put(key, JSON.stringify(v), 'application/json');

export const readWatchedAccounts = (store: ObjectStore) => getJson<WatchedAccounts>(store, 'state/accounts.json');
export const writeWatchedAccounts = (store: ObjectStore, w: WatchedAccounts) => putJson(store, 'state/accounts.json', w);
export const readBackfillState = (store: ObjectStore) => getJson<BackfillState>(store, 'state/backfill.json');
export const writeBackfillState = (store: ObjectStore, b: BackfillState) => putJson(store, 'state/backfill.json', b);

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** Record a file (of `account`) or a message (account undefined) the ingest gave up on. */
export function writeIngestFailure(store: ObjectStore, account: string | undefined, id: string, f: IngestFailure): Promise<void> {
  return putJson(store, `${account ? accountPrefix(account) : ''}state/ingest-failures/${hash(id)}.json`, f);
}

/** Failures recorded for an account (or, without one, for messages that named no file). */
export async function readIngestFailures(store: ObjectStore, account?: string): Promise<IngestFailure[]> {
  const prefix = `${account ? accountPrefix(account) : ''}state/ingest-failures/`;
  const out: IngestFailure[] = [];
  for (const key of await store.list(prefix)) {
    const f = await getJson<IngestFailure>(store, key);
    if (f) out.push(f);
  }
  return out;
}

/**
 * Count an account's folded log files delivered up to `cutoff` from day `since` on (the
 * files a backfill with that cutoff enqueued, whichever way they arrived), from the keys of
 * their aggregates; and whether each aggregate key exists, for failures since redriven.
 */
export async function foldedFiles(store: ObjectStore, account: string, since: string, cutoff: string): Promise<{ count: number; keys: Set<string> }> {
  const keys = new Set<string>();
  let count = 0;
  for (const key of await new AccountObjects(store, account).list('usage/')) {
    const k = parseTrailAggregateKey(key);
    if (!k) continue;
    keys.add(key);
    if (k.day >= since && k.delivered <= cutoff) count++;
  }
  return { count, keys };
}
