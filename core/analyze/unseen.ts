/**
 * A role's granted actions that it did not call, as the report lists them: the unused
 * ones and the not-observable ones (with the reason), each in access-level order, then
 * by name. What decides which list an action goes to is in `classify.ts` (the input),
 * `role-blocks.ts` (the role's own record) and `data-containers.ts` (the buckets, tables, …
 * its grant names, against those whose data events the input holds).
 */
import type { GrantedAction } from '../model.ts';
import type { NotObservableEntry, UnusedEntry } from '../report/schema.ts';
import { ACCESS_LEVEL_RANK, ACCESS_LEVELS } from './access-level.ts';
import { unknownRegionsBlock, type RoleBlock } from './classify.ts';
import type { RoleContext } from './context.ts';
import { roleBlockOf } from './role-blocks.ts';

/** Action names bucketed by access level (index = `ACCESS_LEVEL_RANK`). */
type Buckets = string[][];
const emptyBuckets = (): Buckets => ACCESS_LEVELS.map(() => []);

/** Entries in access-level order, then by name (sorted natively, without a comparator). */
function ordered<T>(buckets: Buckets, granted: ReadonlyMap<string, GrantedAction>, entry: (g: GrantedAction) => T): T[] {
  const out: T[] = [];
  for (const names of buckets) for (const name of names.sort()) out.push(entry(granted.get(name)!));
  return out;
}

/** The role's granted actions absent from `called`, split into unused and not observable. */
export function unseenGrants(ctx: RoleContext, called: ReadonlySet<string>): { unused: UnusedEntry[]; notObservable: NotObservableEntry[] } {
  if (!ctx.grants) return { unused: [], notObservable: [] };
  const { classifier, entries } = ctx.run;
  // Bucketed by access level, then sorted by name natively: a `*` grant is 22,000 actions.
  const unused = emptyBuckets();
  const hidden = emptyBuckets();
  // What the role's own record hides (by action): those entries are the role's own, not shared.
  const blocked = new Map<string, RoleBlock>();
  const regionsBlock = unknownRegionsBlock(ctx.tracked, ctx.usage);
  for (const g of ctx.granted.values()) {
    if (called.has(g.action)) continue;
    const cls = classifier.classOf(g.action);
    if (cls === 'needs-no-permission') continue;
    const block = cls === 'unused' ? (regionsBlock ?? roleBlockOf(g.action, ctx.blocks) ?? ctx.run.containers.blockOf(g)) : undefined;
    if (block) blocked.set(g.action, block);
    (cls === 'unused' && !block ? unused : hidden)[ACCESS_LEVEL_RANK[g.accessLevel]]!.push(g.action);
  }
  const notObservable = ordered(hidden, ctx.granted, (g) => {
    const block = blocked.get(g.action);
    return block ? { action: g.action, accessLevel: g.accessLevel, ...block } : entries.notObservableEntry(g);
  });
  return { unused: ordered(unused, ctx.granted, entries.unusedEntry), notObservable };
}
