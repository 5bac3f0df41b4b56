/**
 * What a role did: its allowed calls by action, most frequent first. Denied calls are
 * never use (see `denied.ts`).
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { GrantedAction } from '../model.ts';
import type { UsedEntry } from '../report/schema.ts';
import type { RoleUsage } from '../usage/model.ts';
import { accessLevelOf } from './access-level.ts';

/** Most calls first, then by action name: the order of the used and denied lists. */
export function byCountThenAction(a: { count: number; action: string }, b: { count: number; action: string }): number {
  return b.count - a.count || (a.action < b.action ? -1 : 1);
}

/**
 * The used entries of a role; `granted` says whether a known policy of the role allows the
 * action (when not, a resource policy may have, or the grants are unknown).
 */
export function usedEntries(catalog: Catalog, usage: RoleUsage | undefined, granted: ReadonlyMap<string, GrantedAction>): UsedEntry[] {
  const used: UsedEntry[] = Object.entries(usage?.actions ?? {}).map(([action, u]) => ({
    action,
    accessLevel: accessLevelOf(catalog, action),
    count: u.keys.length,
    firstSeen: u.firstSeen,
    lastSeen: u.lastSeen,
    sessions: u.sessions.length,
    resources: u.resources.arns,
    ...(u.resources.overflow ? { resourcesTruncated: true } : {}),
    ...(u.invokedBy.length ? { invokedBy: u.invokedBy } : {}),
    granted: granted.has(action),
  }));
  return used.sort(byCountThenAction);
}
