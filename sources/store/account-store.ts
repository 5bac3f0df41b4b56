/**
 * One account's part of the stack's bucket. In trail mode the stack watches several
 * accounts, so each keeps its own aggregates, inventory cache, alert state and archived
 * reports, in the same layout the single-account stack uses at the bucket's root
 * (stack-store.ts): every reader and writer of that layout works unchanged on it. The
 * account sits just after the top folder, so the bucket's lifecycle rules (`usage/`,
 * `reports/`) cover every account:
 *
 *   usage/account=<id>/date=D/region=R/trail_<delivered>_<unique>.json.gz   one folded log file
 *   reports/account=<id>/<YYYY-Www>/report.json | .md | .html                the account's weekly archive
 *   accounts/<id>/state/tracked-roles.json | alerts.json                     inventory, alert dedup
 *   accounts/<id>/state/ingest-failures/<hash>.json                          a log file that failed for good
 */
import type { LogKey } from '../../core/trail/log-key.ts';
import type { ConditionalWrite, ObjectStore, VersionedObject, WriteCondition } from './object-store.ts';
import { StackStore } from './stack-store.ts';

/** Top folders whose keys take the account right after them; anything else goes under `accounts/<id>/`. */
const SHARED_TOP = ['usage/', 'reports/'];

/** An account's objects, as a store of their own: keys in the root layout, mapped to the account's place. */
export class AccountObjects implements ObjectStore {
  constructor(
    private readonly root: ObjectStore,
    readonly account: string,
  ) {}

  /** Where a key of the account's layout lives in the bucket. */
  keyOf(key: string): string {
    const top = SHARED_TOP.find((t) => key.startsWith(t));
    return top ? `${top}account=${this.account}/${key.slice(top.length)}` : `${accountPrefix(this.account)}${key}`;
  }

  /** The account's key of a bucket key (the inverse of `keyOf`). */
  private innerOf(key: string): string {
    for (const top of SHARED_TOP) if (key.startsWith(`${top}account=${this.account}/`)) return top + key.slice(`${top}account=${this.account}/`.length);
    return key.slice(accountPrefix(this.account).length);
  }

  get(key: string): Promise<Buffer | undefined> {
    return this.root.get(this.keyOf(key));
  }

  getVersioned(key: string): Promise<VersionedObject | undefined> {
    return this.root.getVersioned(this.keyOf(key));
  }

  put(key: string, body: Buffer | string, contentType?: string): Promise<void> {
    return this.root.put(this.keyOf(key), body, contentType);
  }

  putIf(key: string, body: Buffer | string, condition: WriteCondition, contentType?: string): Promise<ConditionalWrite> {
    return this.root.putIf(this.keyOf(key), body, condition, contentType);
  }

  /** Keys under a prefix of the account's layout (a prefix names its top folder: `usage/`, `state/`, ...). */
  async list(prefix: string, startAfter?: string): Promise<string[]> {
    if (!prefix.includes('/')) throw new Error(`list needs a top folder, not "${prefix}"`);
    const keys = await this.root.list(this.keyOf(prefix), startAfter === undefined ? undefined : this.keyOf(startAfter));
    return keys.map((k) => this.innerOf(k));
  }

  describe(key: string): string {
    return this.root.describe(this.keyOf(key));
  }
}

/** Where an account's own state starts. */
export function accountPrefix(account: string): string {
  return `accounts/${account}/`;
}

/** An account's part of the bucket, with the stack's layout. */
export function accountStore(root: ObjectStore, account: string): StackStore {
  return new StackStore(new AccountObjects(root, account));
}

const compact = (iso: string) => iso.replace(/[-:]/g, '').replace(/00Z$/, 'Z');

/**
 * Where a folded log file's aggregate goes (in its account's layout): by the day and
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
