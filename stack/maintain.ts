/**
 * One run of the deployed `maintain` function (trail mode, hourly): the watched accounts
 * (the Organization changes), each account's tracked roles re-read through its member
 * role when older than an hour (the ingest and alert functions only read this cache), and
 * each account's aggregates compacted once a day.
 */
import type { ObjectStore } from '../sources/store/object-store.ts';
import type { WatchedAccounts } from '../sources/store/trail-state.ts';
import type { ReadTracked } from './trail-accounts.ts';
import { refreshInventories } from './trail-accounts.ts';

export interface MaintainDeps {
  store: ObjectStore;
  accounts(): Promise<WatchedAccounts>;
  readTracked: ReadTracked;
  now(): number;
  log(message: string, data?: Record<string, unknown>): void;
}

export interface MaintainSummary {
  accounts: number;
  /** Accounts whose tracked roles are known, and how many roles each. */
  inventories: Record<string, number>;
  problems: string[];
}

export async function runMaintain(deps: MaintainDeps): Promise<MaintainSummary> {
  const watched = await deps.accounts();
  const inventories = await refreshInventories(deps.store, watched, deps.readTracked, deps.now());
  const out: MaintainSummary = { accounts: watched.accounts.length, inventories: {}, problems: [...watched.problems] };
  for (const [id, inv] of inventories) {
    if ('error' in inv) out.problems.push(`account ${id}: ${inv.error}`);
    else out.inventories[id] = inv.roles.length;
  }
  deps.log('maintained', { ...out });
  return out;
}
