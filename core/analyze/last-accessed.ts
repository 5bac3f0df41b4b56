/**
 * The analysis's hook for IAM last-accessed evidence: one role's context handed to the
 * fusion rules of core/evidence/fuse.ts. A run without last-accessed input leaves the
 * CloudTrail findings as they are.
 */
import { fuseLastAccessed, type Fusion } from '../evidence/fuse.ts';
import type { DeniedEntry, NotObservableEntry, UnusedEntry, UsedEntry } from '../report/schema.ts';
import type { RoleContext } from './context.ts';

/** The role's unseen grants fused with its last-accessed report; undefined when the run read no last-accessed data. */
export function lastAccessedFusion(
  ctx: RoleContext,
  calls: { used: readonly UsedEntry[]; denied: readonly DeniedEntry[] },
  seen: { unused: UnusedEntry[]; notObservable: NotObservableEntry[] },
): Fusion | undefined {
  const la = ctx.run.input.lastAccessed;
  if (!la || !ctx.grants) return undefined;
  const report = la.reports.get(ctx.key);
  const missing = la.missing.get(ctx.key);
  const { input, entries } = ctx.run;
  return fuseLastAccessed({
    ...(report ? { report } : {}),
    ...(missing ? { missing } : {}),
    window: input.window,
    roleRegions: ctx.tracked.regions,
    callRegions: input.usage.regions,
    ...(ctx.iam?.createDate ? { createDate: ctx.iam.createDate } : {}),
    used: calls.used,
    denied: calls.denied,
    unused: seen.unused,
    notObservable: seen.notObservable,
    unusedEntryOf: (action) => entries.unusedEntry(ctx.granted.get(action)!),
  });
}
