/**
 * Denials whose message names no policy type (EC2's encoded authorization message,
 * messages from before 2021, S3's bare "Access Denied") read as cause `unknown`. When the
 * role's grants are known in full and none of its identity policies could allow the call
 * (no Allow statement names the action with a resource that can be the one refused),
 * nor deny it, the missing allow is the cause: `no-identity-policy`, marked `inferred`.
 * It then goes to "consider adding" like a stated one. Any doubt keeps `unknown`: a
 * policy that could not be read, an action the catalog does not know, a statement that
 * could match the resource (its condition may have failed), an identity Deny that could
 * apply.
 */
import type { Catalog, CatalogAction } from '../catalog/catalog.ts';
import type { RoleGrants, Statement } from '../model.ts';
import type { ExpansionCache } from '../policy/grants.ts';
import { partitionOf } from '../policy/reach.ts';
import type { DeniedEntry } from '../report/schema.ts';
import { resourceMayBeAllowed } from './resource-pattern.ts';

/** What the inference reads about one role. */
export interface CauseFacts {
  catalog: Catalog;
  /** The role's IAM data; undefined when unknown. */
  iam?: RoleGrants;
  /** Every policy of the role was read (grants `known`). */
  grantsKnown: boolean;
  expansions: ExpansionCache;
}

/** IAM limits an ARN to 2,048 characters: a longer "resource" cannot be compared with a policy, so it proves nothing. */
const MAX_ARN_LENGTH = 2048;

/** Could this statement apply to a call of `action` on one of `resources` (on any resource, when none was recorded)? */
function couldApply(s: Statement, action: CatalogAction, resources: readonly string[], facts: CauseFacts, partition: string): boolean {
  if (!facts.expansions.expand(s).actions.includes(action)) return false;
  if (resources.length === 0) return facts.expansions.reach.allows(s, action, partition);
  return resources.some((r) => r.length > MAX_ARN_LENGTH || resourceMayBeAllowed(r, s.resources, s.notResources));
}

/** Did nothing in the role's identity policies allow (or deny) this call? Then the missing allow denied it. */
export function isMissingAllowInferred(d: DeniedEntry, facts: CauseFacts): boolean {
  if (d.cause !== 'unknown' || !facts.grantsKnown || !facts.iam) return false;
  const action = facts.catalog.lookup(d.action);
  if (!action) return false;
  const partition = partitionOf(facts.iam.roleArn);
  for (const policy of facts.iam.policies) {
    if (!policy.document) return false;
    for (const s of policy.document.statements) if (couldApply(s, action, d.resources, facts, partition)) return false;
  }
  return true;
}

/** The denied entries with the causes the grants prove, marked `inferred`. */
export function withInferredCauses(denied: readonly DeniedEntry[], facts: CauseFacts): DeniedEntry[] {
  return denied.map((d) => (isMissingAllowInferred(d, facts) ? { ...d, cause: 'no-identity-policy', inferred: true } : d));
}
