/**
 * "Consider adding": calls refused only because no identity-based policy allows them.
 * Listed beside the suggestion, never merged into it: a denied call is not evidence that
 * the workload needs the permission.
 */
import type { DenialCause } from '../model.ts';
import type { DeniedEntry, RoleReport } from '../report/schema.ts';

/** Would an identity-policy allow have let this call through? (Any explicit deny or other policy type says no.) */
export function isMissingAllow(cause: DenialCause): boolean {
  return cause === 'no-identity-policy';
}

/** Actions to consider granting, with every resource they were refused on. */
export function considerAdding(denied: readonly DeniedEntry[]): RoleReport['consider'] {
  const consider = new Map<string, Set<string>>();
  for (const d of denied) {
    if (!isMissingAllow(d.cause)) continue;
    const set = consider.get(d.action) ?? new Set<string>();
    for (const r of d.resources) set.add(r);
    consider.set(d.action, set);
  }
  return [...consider].map(([action, res]) => ({ action, resources: [...res].sort() }));
}
