/**
 * One account's part of the stack's bucket. In trail mode the stack watches several
 * accounts, so each keeps its own aggregates, inventory cache, alert state and archived
 * reports under `accounts/<id>/`, in the same layout the single-account stack uses at the
 * bucket's root (stack-store.ts): every reader and writer of that layout works unchanged.
 *
 *   accounts/<id>/usage/date=D/region=R/trail_<delivered>_<unique>.json.gz   one folded log file
 *   accounts/<id>/state/tracked-roles.json | alerts.json                        inventory, alert dedup
 *   accounts/<id>/state/ingest-failures/<hash>.json                             a log file that failed for good
 *   accounts/<id>/reports/<YYYY-Www>/report.json | .md | .html                  the account's weekly archive
 */
import type { LogKey } from '../../core/trail/log-key.ts';
import type { ConditionalWrite, ObjectStore, VersionedObject, WriteCondition } from './object-store.ts';
import { StackStore } from './stack-store.ts';

/** The objects of a store under `prefix`, as a store of their own (keys without the prefix). */
export class PrefixedStore implements ObjectStore {
  constructor(
    private readonly inner: ObjectStore,
    readonly prefix: string,
  ) {}

  get(key: string): Promise<Buffer | undefined> {
    return this.inner.get(this.prefix + key);
  }

  getVersioned(key: string): Promise<VersionedObject | undefined> {
    return this.inner.getVersioned(this.prefix + key);
  }

  put(key: string, body: Buffer | string, contentType?: string): Promise<void> {
    return this.inner.put(this.prefix + key, body, contentType);
  }

  putIf(key: string, body: Buffer | string, condition: WriteCondition, contentType?: string): Promise<ConditionalWrite> {
    return this.inner.putIf(this.prefix + key, body, condition, contentType);
  }

  async list(prefix: string, startAfter?: string): Promise<string[]> {
    const keys = await this.inner.list(this.prefix + prefix, startAfter === undefined ? undefined : this.prefix + startAfter);
    return keys.map((k) => k.slice(this.prefix.length));
  }

  describe(key: string): string {
    return this.inner.describe(this.prefix + key);
  }
}

/** Where an account's objects start. */
export function accountPrefix(account: string): string {
  return `accounts/${account}/`;
}

/** An account's part of the bucket, with the stack's layout. */
export function accountStore(root: ObjectStore, account: string): StackStore {
  return new StackStore(new PrefixedStore(root, accountPrefix(account)));
}

const compact = (iso: string) => iso.replace(/[-:]/g, '').replace(/00Z$/, 'Z');

/**
 * Where a folded log file's aggregate goes (inside its account's part): by the day and
 * region of the file, named after the file, so a redelivered file overwrites its own
 * aggregate with the same content and the merge has nothing to count twice.
 */
export function trailAggregateKey(k: Extract<LogKey, { kind: 'log' }>): string {
  return `usage/date=${k.day}/region=${k.region}/trail_${compact(k.delivered)}_${k.unique}.json.gz`;
}

const TRAIL_AGGREGATE = /^usage\/date=(\d{4}-\d{2}-\d{2})\/region=([^/]+)\/trail_(\d{8}T\d{4}Z)_[A-Za-z0-9]+\.json\.gz$/;

/** A folded log file's aggregate key, read back: its day, region and delivery time (ISO); undefined for other keys. */
export function parseTrailAggregateKey(key: string): { day: string; region: string; delivered: string } | undefined {
  const m = TRAIL_AGGREGATE.exec(key);
  if (!m) return undefined;
  const t = m[3]!;
  return { day: m[1]!, region: m[2]!, delivered: `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(9, 11)}:${t.slice(11, 13)}:00Z` };
}
