/**
 * The two documents IAM Access Analyzer's `CheckNoNewAccess` compares, each one policy of
 * type IDENTITY_POLICY (the API takes one document a side):
 *
 * - existing: every inline and attached managed policy of the role, their statements
 *   concatenated into one document. IAM evaluates a principal's identity policies together
 *   (an Allow in any of them allows, a Deny in any of them denies), which is exactly what
 *   one document holding all their statements means. Sids are dropped: they must be unique
 *   within a document and carry no meaning for access. The permissions boundary is left
 *   out: it only limits, and the suggestion already lies inside it.
 * - new: the suggestion's documents, which a role would attach together, likewise as one.
 */
import type { RoleGrants, Statement } from '../model.ts';
import type { PolicyJson } from '../report/schema.ts';

/** Any IAM policy document, Allow and Deny statements alike. */
export interface PolicyDocumentJson {
  Version: '2012-10-17';
  Statement: Record<string, unknown>[];
}

/** A statement as IAM JSON, keys in IAM's usual order. */
function statementJson(s: Statement): Record<string, unknown> {
  return {
    Effect: s.effect,
    ...(s.notActions ? { NotAction: s.notActions } : { Action: s.actions ?? [] }),
    ...(s.notResources ? { NotResource: s.notResources } : { Resource: s.resources ?? ['*'] }),
    ...(s.condition ? { Condition: s.condition } : {}),
  };
}

/** The role's identity policies as one document (see above). Policies without a readable document contribute nothing: check `grantsCompleteForCheck` first. */
export function combinedIdentityPolicy(grants: RoleGrants): PolicyDocumentJson {
  return { Version: '2012-10-17', Statement: grants.policies.flatMap((p) => (p.document?.statements ?? []).map(statementJson)) };
}

/** The suggestion's documents as one (their Sids are already unique across documents). */
export function combinedSuggestion(docs: readonly PolicyJson[]): PolicyJson {
  return { Version: '2012-10-17', Statement: docs.flatMap((d) => d.Statement) };
}
