/**
 * One run of the deployed `maintain` function (trail mode, hourly): the watched accounts
 * (the Organization changes), each account's tracked roles re-read through its member
 * role when older than an hour (the ingest and alert functions only read this cache), and
 * each account's aggregates compacted once a day (stack/compact-days.ts).
 */
import { checkpointAgeMetrics } from '../core/collect/metrics.ts';
import { AccountObjects, accountStore, parseTrailAggregateKey } from '../sources/store/account-store.ts';
import type { ObjectStore } from '../sources/store/object-store.ts';
import type { WatchedAccounts } from '../sources/store/trail-state.ts';
import type { ReadTracked } from './trail-accounts.ts';
import { compactDueDays } from './compact-days.ts';
import { refreshInventories } from './trail-accounts.ts';

export interface MaintainDeps {
  store: ObjectStore;
  accounts(): Promise<WatchedAccounts>;
  readTracked: ReadTracked;
  now(): number;
  /** Milliseconds left before the function is stopped. */
  remainingMs(): number;
  log(message: string, data?: Record<string, unknown>): void;
  /** A document on its own log line (the embedded metric format). */
  emit(doc: Record<string, unknown>): void;
  functionName: string;
}

export interface MaintainSummary {
  accounts: number;
  /** Accounts whose tracked roles are known, and how many roles each. */
  inventories: Record<string, number>;
  /** Region-days compacted, over all accounts. */
  compacted: number;
  problems: string[];
}

/** Stop compacting when less than this is left (the next hourly run carries on). */
const SAFETY_MS = 60_000;

export async function runMaintain(deps: MaintainDeps, windowDays: number): Promise<MaintainSummary> {
  const watched = await deps.accounts();
  const inventories = await refreshInventories(deps.store, watched, deps.readTracked, deps.now());
  const out: MaintainSummary = { accounts: watched.accounts.length, inventories: {}, compacted: 0, problems: [...watched.problems] };
  for (const [id, inv] of inventories) {
    if ('error' in inv) out.problems.push(`account ${id}: ${inv.error}`);
    else out.inventories[id] = inv.roles.length;
  }
  // A file a day per region every few minutes: the weekly report reads one compacted object per region-day instead.
  for (const { id } of watched.accounts) {
    const done = await compactDueDays(accountStore(deps.store, id), deps.now(), { windowDays, shouldStop: () => deps.remainingMs() < SAFETY_MS });
    out.compacted += done.compacted;
    out.problems.push(...done.problems.map((p) => `account ${id}: ${p}`));
  }
  await emitDeliveryAges(deps, Object.keys(out.inventories).filter((id) => out.inventories[id]! > 0));
  deps.log('maintained', { ...out });
  return out;
}

/**
 * How long since each watched account's newest folded log file was delivered, as collect's
 * checkpoint-age metric (the same alarm goes red when the trail stops reaching the stack:
 * notifications removed, the queue or the ingest failing). Only accounts with tracked roles:
 * an account running ECS tasks is never quiet for hours.
 */
async function emitDeliveryAges(deps: MaintainDeps, accounts: string[]): Promise<void> {
  const now = deps.now();
  const days = [0, 1].map((d) => new Date(now - d * 86_400_000).toISOString().slice(0, 10));
  const ages = [];
  for (const id of accounts) {
    let newest = 0;
    for (const day of days) {
      for (const key of await new AccountObjects(deps.store, id).list(`usage/date=${day}/`)) {
        const k = parseTrailAggregateKey(key);
        if (k) newest = Math.max(newest, Date.parse(k.delivered));
      }
    }
    // Nothing in two days: at least two days old.
    ages.push({ stream: id, ageSeconds: (now - (newest || now - 2 * 86_400_000)) / 1000 });
  }
  for (const doc of checkpointAgeMetrics(ages, deps.functionName, now)) deps.emit(doc);
}
