/**
 * A role's granted actions that it did not call, as the report lists them: the unused
 * ones and the not-observable ones (with the reason), each in access-level order, then
 * by name. What decides which list an action goes to is in `classify.ts`.
 */
import type { GrantedAction } from '../model.ts';
import type { NotObservableEntry, UnusedEntry } from '../report/schema.ts';
import { ACCESS_LEVEL_RANK, ACCESS_LEVELS } from './access-level.ts';
import { classifyForRole } from './classify.ts';
import type { RoleContext } from './context.ts';

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
  for (const g of ctx.granted.values()) {
    if (called.has(g.action)) continue;
    const cls = classifyForRole(classifier.classOf(g.action), ctx.unreadRegions);
    if (cls === 'needs-no-permission') continue;
    (cls === 'unused' ? unused : hidden)[ACCESS_LEVEL_RANK[g.accessLevel]]!.push(g.action);
  }
  const gap = ctx.unreadRegions.length
    ? ({ reason: 'incomplete-input', detail: `no CloudTrail input for ${ctx.unreadRegions.join(', ')}, where its tasks run` } as const)
    : undefined;
  // Only what the region gap alone hides gets the gap's reason; the rest keeps the input's.
  const notObservable = ordered(hidden, ctx.granted, (g) =>
    gap && classifier.classOf(g.action) === 'unused' ? { action: g.action, accessLevel: g.accessLevel, ...gap } : entries.notObservableEntry(g),
  );
  return { unused: ordered(unused, ctx.granted, entries.unusedEntry), notObservable };
}
