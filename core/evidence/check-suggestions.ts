/**
 * Every role's suggested policy, put to a checker (IAM Access Analyzer) once the analysis
 * is done. A suggestion is compared only with current policies read in full; otherwise it
 * is "not checked", with why, and never presented as verified.
 */
import { roleKeyOfArn } from '../arn.ts';
import type { RoleGrants } from '../model.ts';
import type { Report } from '../report/schema.ts';
import { combinedIdentityPolicy } from './combine.ts';
import { grantsCompleteForCheck, type SuggestionChecker } from './ports.ts';

/** Set `suggestionCheck` on every role that has a suggestion, one role at a time (the checks are rate-limited and billed). */
export async function checkSuggestions(report: Report, grants: ReadonlyMap<string, RoleGrants>, checker: SuggestionChecker): Promise<void> {
  for (const role of report.roles) {
    if (!role.suggestedPolicies.length) continue;
    if (checker.off) {
      role.suggestionCheck = { status: 'not-checked', reason: checker.off };
      continue;
    }
    const key = roleKeyOfArn(role.roleArn);
    const current = key ? grants.get(key) : undefined;
    const incomplete = grantsCompleteForCheck(current);
    role.suggestionCheck = incomplete
      ? { status: 'not-checked', reason: incomplete }
      : await checker.check({ roleArn: role.roleArn, current: combinedIdentityPolicy(current!), suggestion: role.suggestedPolicies });
  }
}
