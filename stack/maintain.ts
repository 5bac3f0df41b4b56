/**
 * One run of the deployed `maintain` function (trail mode, hourly): the watched accounts
 * (the Organization changes), each account's tracked roles re-read through its member
 * role when older than an hour (the ingest and alert functions only read this cache), and
 * each account's aggregates compacted once a day (stack/compact-days.ts).
 */
import { accountStore } from '../sources/store/account-store.ts';
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
  deps.log('maintained', { ...out });
  return out;
}
