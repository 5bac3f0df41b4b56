/**
 * One `collect` run at a time, without reserved concurrency (which CloudFormation refuses
 * in accounts whose Lambda concurrency quota is 10): a lease object in the stack's bucket,
 * taken and kept with S3 conditional writes.
 *
 *   take:    `If-None-Match: *` creates it; an expired lease is taken over with `If-Match`
 *            on its ETag, so of two runs that find it expired only one succeeds.
 *   renew:   `If-Match` on the ETag we wrote; refused means another run took the lease
 *            after ours expired, and we must stop writing (fencing).
 *   release: the same, writing an expiry of "now", so the next tick need not wait.
 *
 * A run that crashes holds the lease until it expires: the function's timeout plus a
 * margin, which is shorter than the schedule's period.
 */
import type { ObjectStore } from './object-store.ts';

export interface LeaseRecord {
  holder: string;
  acquiredAt: string;
  expiresAt: string;
}

export type LeaseAttempt = { state: 'held'; lease: Lease } | { state: 'busy'; holder: string; expiresAt: string };

const iso = (ms: number) => new Date(ms).toISOString();

function parseRecord(body: Buffer): LeaseRecord | undefined {
  try {
    const r = JSON.parse(body.toString('utf8')) as LeaseRecord;
    return typeof r.holder === 'string' && !Number.isNaN(Date.parse(r.expiresAt)) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** A held lease: the version we wrote, to renew or release it. */
export class Lease {
  constructor(
    private readonly store: ObjectStore,
    readonly key: string,
    readonly record: LeaseRecord,
    private etag: string,
  ) {}

  private async rewrite(expiresAt: number): Promise<boolean> {
    const next: LeaseRecord = { ...this.record, expiresAt: iso(expiresAt) };
    const put = await this.store.putIf(this.key, JSON.stringify(next), { kind: 'replace', etag: this.etag }, 'application/json');
    if (!put.written) return false;
    this.etag = put.etag;
    this.record.expiresAt = next.expiresAt;
    return true;
  }

  /** Keep the lease until `now + ttlMs`. False when another run has taken it since: stop writing. */
  renew(now: number, ttlMs: number): Promise<boolean> {
    return this.rewrite(now + ttlMs);
  }

  /** Hand the lease back (it expires now). False when it was already lost. */
  release(now: number): Promise<boolean> {
    return this.rewrite(now);
  }
}

/** Take the lease at `key` for `ttlMs`, or say who holds it and until when. */
export async function takeLease(store: ObjectStore, key: string, holder: string, now: number, ttlMs: number): Promise<LeaseAttempt> {
  const record: LeaseRecord = { holder, acquiredAt: iso(now), expiresAt: iso(now + ttlMs) };
  const body = JSON.stringify(record);
  // Two rounds: a lease that appears or changes between our read and our write is re-read once.
  for (let round = 0; round < 2; round++) {
    const current = await store.getVersioned(key);
    const held = current && parseRecord(current.body);
    if (held && Date.parse(held.expiresAt) > now) return { state: 'busy', holder: held.holder, expiresAt: held.expiresAt };
    // No lease, or an expired (or unreadable) one: create it, or take it over by its version.
    const put = await store.putIf(key, body, current ? { kind: 'replace', etag: current.etag } : { kind: 'create' }, 'application/json');
    if (put.written) return { state: 'held', lease: new Lease(store, key, record, put.etag) };
  }
  const last = await store.getVersioned(key);
  const other = last && parseRecord(last.body);
  return { state: 'busy', holder: other?.holder ?? 'unknown', expiresAt: other?.expiresAt ?? iso(now) };
}
