/**
 * The accounts trail mode watches, and each one's tracked roles. The list comes from the
 * Organization (`organizations:ListAccounts`), the stack's configuration, or is the
 * stack's own account; it is kept in the bucket so the ingest and alert functions know it
 * without calling Organizations. Each account's tracked roles are read through its member
 * role (the stack's own credentials for its own account) and cached under the account's
 * prefix, where the ingest and alert functions read them: those two never assume a role.
 *
 * An account that cannot be read gets no inventory: its log files are not folded (they wait
 * in the queue, then in the dead-letter queue) rather than folded with no role tracked, which
 * would later make its roles' calls look absent.
 */
import type { TrackedRole } from '../core/model.ts';
import type { OrgAccounts } from '../sources/aws/organizations.ts';
import { describeError } from '../sources/aws/clients.ts';
import { accountPrefix, accountStore } from '../sources/store/account-store.ts';
import type { ObjectStore } from '../sources/store/object-store.ts';
import type { TrackedRoles } from '../sources/store/stack-store.ts';
import { writeWatchedAccounts, type WatchedAccounts } from '../sources/store/trail-state.ts';
import type { TrailConfig } from './trail-config.ts';

/** Tracked roles are re-read at most this often (a new service is tracked within the hour). */
export const INVENTORY_MAX_AGE_MS = 3_600_000;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

/** The accounts to watch now, written to the bucket for the other functions. */
export async function resolveWatchedAccounts(t: TrailConfig, listOrg: () => Promise<OrgAccounts>, now: number, store: ObjectStore): Promise<WatchedAccounts> {
  let watched: WatchedAccounts;
  if (t.accounts.kind === 'self') watched = { at: iso(now), source: 'self', accounts: [{ id: t.selfAccount }], problems: [] };
  else if (t.accounts.kind === 'list') watched = { at: iso(now), source: 'list', accounts: t.accounts.ids.map((id) => ({ id })), problems: [] };
  else {
    try {
      const org = await listOrg();
      const problems = org.inactive.map((a) => `account ${a.id} (${a.name}) is ${a.status} in the Organization: not read`);
      watched = { at: iso(now), source: 'organization', ...(org.orgId ? { orgId: org.orgId } : {}), accounts: org.active, problems };
    } catch (e) {
      // Without the list, the stack's own account is still watched; the report says why the others are not.
      watched = { at: iso(now), source: 'organization', accounts: [{ id: t.selfAccount }], problems: [`cannot list the Organization's accounts: ${describeError(e)}; only ${t.selfAccount} is watched`] };
    }
  }
  await writeWatchedAccounts(store, watched);
  return watched;
}

/** How an account's tracked roles are read: its inventory, or why it cannot be. */
export type ReadTracked = (account: string) => Promise<{ ok: true; roles: Omit<TrackedRoles, 'at'> } | { ok: false; error: string }>;

/**
 * Every watched account's tracked roles, re-read when older than `maxAgeMs` and cached
 * under the account's prefix. Returns each account's roles or why it could not be read.
 */
export async function refreshInventories(store: ObjectStore, watched: WatchedAccounts, read: ReadTracked, now: number, maxAgeMs = INVENTORY_MAX_AGE_MS): Promise<Map<string, TrackedRoles | { error: string }>> {
  const out = new Map<string, TrackedRoles | { error: string }>();
  for (const { id } of watched.accounts) {
    try {
      const roles = await accountStore(store, id).trackedRoles(now, maxAgeMs, async () => {
        const got = await read(id);
        if (!got.ok) throw new Error(got.error);
        return got.roles;
      });
      out.set(id, roles);
    } catch (e) {
      out.set(id, { error: (e as Error).message });
    }
  }
  return out;
}

/** An account's cached tracked roles (whatever their age), or undefined when there are none. */
export async function cachedTrackedRoles(store: ObjectStore, account: string): Promise<TrackedRole[] | undefined> {
  const body = await store.get(`${accountPrefix(account)}state/tracked-roles.json`);
  if (!body) return undefined;
  try {
    const cached = JSON.parse(body.toString('utf8')) as Partial<TrackedRoles> & { complete?: boolean };
    return Array.isArray(cached.roles) && cached.complete !== false ? cached.roles : undefined;
  } catch {
    return undefined;
  }
}
