/**
 * What one role's own record says against calling its unseen actions unused, whatever the
 * input could show in general (that is `classify.ts`). In order:
 * - its tasks run in a region whose CloudTrail is not in the input (`incomplete-input`);
 * - it was deleted and recreated under the same name: the window's older events were
 *   another role's, so absence since then rests on less than the window (`role-recreated`);
 * - it made calls of a service that map to no action the catalog knows: one of them may
 *   have needed any action of that service (`unmapped-calls`); a call of a service the
 *   catalog does not know at all could have needed anything;
 * - calls whose records cannot show whether they needed the action (`possible-use`).
 * Each turns "unused" into "not observable" with the reason; none touches an action that
 * is not observable already.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { serviceOfEventSource } from '../mapping/event-source.ts';
import type { RoleGrants } from '../model.ts';
import type { RoleUsage } from '../usage/model.ts';
import type { RoleBlock } from './classify.ts';

/** Any service: the key of calls of a service the catalog does not know. */
const ANY_SERVICE = '*';
/** How many event names a detail lists before "…". */
const NAMES_LISTED = 5;

export interface RoleBlocks {
  /** Regions its tasks run in whose CloudTrail is not in the input. */
  unreadRegions: readonly string[];
  /** Why the role counts as recreated, when it does. */
  recreated?: string;
  /** Service prefix (or `*`) → the unmapped calls of that service, as a detail. */
  unmappedServices: ReadonlyMap<string, string>;
  /** Action → the calls that may have needed it, as a detail. */
  possible: ReadonlyMap<string, string>;
}

const times = (n: number) => `×${n.toLocaleString('en-US')}`;

/** Unmapped calls by the IAM service their eventSource names; `*` for a service the catalog does not know. */
function unmappedByService(catalog: Catalog, usage: RoleUsage | undefined): Map<string, string> {
  const names = new Map<string, string[]>();
  for (const u of Object.values(usage?.unmapped ?? {})) {
    const service = serviceOfEventSource(u.eventSource);
    const key = catalog.hasService(service) ? service : ANY_SERVICE;
    const list = names.get(key) ?? [];
    list.push(`${u.eventSource} ${u.eventName} ${times(u.keys.length)}`);
    names.set(key, list);
  }
  const out = new Map<string, string>();
  for (const [key, list] of names) {
    const shown = list.sort().slice(0, NAMES_LISTED).join(', ') + (list.length > NAMES_LISTED ? ', …' : '');
    out.set(key, key === ANY_SERVICE ? `calls of a service the IAM catalog does not know (${shown}): any granted action may be what they needed` : `calls of ${key} that map to no known action (${shown}): one may have needed it`);
  }
  return out;
}

function possibleDetails(usage: RoleUsage | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [action, p] of Object.entries(usage?.possible ?? {})) {
    out.set(action, `${p.operations.join(', ') || 'some calls'} (${times(p.keys.length)}) may have needed it; CloudTrail does not show whether`);
  }
  return out;
}

/** The earliest event of the role in the usage (calls of every kind and ECS AssumeRole). */
function firstEvent(usage: RoleUsage): string | undefined {
  let first: string | undefined;
  const see = (t: string) => {
    if (first === undefined || t < first) first = t;
  };
  for (const a of Object.values(usage.actions)) see(a.firstSeen);
  for (const d of Object.values(usage.denied)) see(d.firstSeen);
  for (const u of Object.values(usage.unmapped)) see(u.firstSeen);
  if (usage.assumed) see(usage.assumed.firstSeen);
  return first;
}

/**
 * Why the role counts as deleted and recreated, or undefined: its calls carry another role
 * ID (`AROA…`) than IAM's today, or more than one, or it made calls before IAM says it was
 * created. A role merely created inside the window, with no earlier events, is not.
 */
export function recreatedBecause(iam: RoleGrants | undefined, usage: RoleUsage | undefined): string | undefined {
  if (!usage) return undefined;
  const ids = usage.principalIds ?? [];
  const others = iam?.roleId ? ids.filter((id) => id !== iam.roleId) : ids.length > 1 ? ids : [];
  if (others.length) {
    const now = iam?.roleId ? `, IAM's today is ${iam.roleId}` : '';
    return `its calls carry role ID${ids.length > 1 ? 's' : ''} ${ids.join(', ')}${now}: the role was deleted and recreated, and calls under another ID were another role's`;
  }
  const first = firstEvent(usage);
  if (iam?.createDate && first && first < iam.createDate) {
    return `it was created ${iam.createDate}, inside the window, after calls under its name from ${first}: the role was deleted and recreated, and the earlier calls were another role's`;
  }
  return undefined;
}

/** The role-level facts, worked out once per role. */
export function roleBlocks(catalog: Catalog, iam: RoleGrants | undefined, usage: RoleUsage | undefined, unreadRegions: readonly string[]): RoleBlocks {
  const recreated = recreatedBecause(iam, usage);
  return { unreadRegions, ...(recreated ? { recreated } : {}), unmappedServices: unmappedByService(catalog, usage), possible: possibleDetails(usage) };
}

/** Does the role's own record keep `action` (unseen, otherwise unused) from being called unused, and why? */
export function roleBlockOf(action: string, blocks: RoleBlocks): RoleBlock | undefined {
  if (blocks.unreadRegions.length) return { reason: 'incomplete-input', detail: `no CloudTrail input for ${blocks.unreadRegions.join(', ')}, where its tasks run` };
  if (blocks.recreated) return { reason: 'role-recreated', detail: blocks.recreated };
  const unmapped = blocks.unmappedServices.get(action.slice(0, action.indexOf(':'))) ?? blocks.unmappedServices.get(ANY_SERVICE);
  if (unmapped) return { reason: 'unmapped-calls', detail: unmapped };
  const possible = blocks.possible.get(action);
  if (possible) return { reason: 'possible-use', detail: possible };
  return undefined;
}
