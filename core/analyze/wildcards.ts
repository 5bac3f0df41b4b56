/**
 * Allow statements written with wildcards or NotAction: they grant more than anyone can
 * read off the policy, and they rank a role higher.
 */
import type { RoleGrants, Statement } from '../model.ts';
import type { WildcardGrant } from '../report/schema.ts';

/** Does this Allow statement name its actions by pattern (`*`, `?`) or by exclusion (NotAction)? */
export function isWildcardAllow(s: Statement): boolean {
  return s.effect === 'Allow' && (s.notActions !== undefined || (s.actions ?? []).some((a) => a.includes('*') || a.includes('?')));
}

/** The role's wildcard Allow statements, policy by policy. */
export function wildcardGrantsOf(role: RoleGrants): WildcardGrant[] {
  const out: WildcardGrant[] = [];
  for (const p of role.policies) {
    for (const s of p.document?.statements ?? []) {
      if (!isWildcardAllow(s)) continue;
      out.push({
        policy: p.name,
        ...(s.sid ? { sid: s.sid } : {}),
        actions: s.notActions ? s.notActions.map((a) => `NotAction: ${a}`) : (s.actions ?? []),
        resources: s.resources ?? (s.notResources ?? []).map((r) => `NotResource: ${r}`),
      });
    }
  }
  return out;
}
