/**
 * The pipeline's two evidence ports beside the account snapshot and the trail source:
 * IAM last-accessed reports of the tracked roles, and a checker that asks IAM Access
 * Analyzer about each suggested policy. Adapters: sources/export-last-accessed.ts (export
 * files), sources/aws/last-accessed.ts and sources/aws/access-analyzer.ts (the SDK).
 */
import type { RoleGrants } from '../model.ts';
import type { PolicyJson, SuggestionCheck } from '../report/schema.ts';
import type { PolicyDocumentJson } from './combine.ts';
import type { LastAccessedReport } from './last-accessed.ts';

/** A tracked role, as a last-accessed source needs it. */
export interface LastAccessedRole {
  /** `roleKey` of the role. */
  key: string;
  roleArn: string;
  roleName: string;
}

/** What a last-accessed source read, by `roleKey`. */
export interface LastAccessedRead {
  reports: ReadonlyMap<string, LastAccessedReport>;
  /** Why a role has no report (not exported, the job failed, out of time). */
  missing: ReadonlyMap<string, string>;
  problems: string[];
}

/** Anything that yields the tracked roles' last-accessed reports: export files, the IAM API, a cache of it. */
export interface LastAccessedSource {
  read(roles: readonly LastAccessedRole[]): Promise<LastAccessedRead>;
}

/** One role's suggestion, with the identity policies it would replace, combined into one document. */
export interface SuggestionCheckRequest {
  roleArn: string;
  /** The role's inline and attached managed policies as one document (see `combinedIdentityPolicy`). */
  current: PolicyDocumentJson;
  suggestion: readonly PolicyJson[];
}

/** Checks suggested policies (IAM Access Analyzer), or says why it did not. */
export interface SuggestionChecker {
  /** Set when this checker checks nothing: why (export input, turned off by a parameter). */
  readonly off?: string;
  check(request: SuggestionCheckRequest): Promise<SuggestionCheck>;
}

/** A checker that checks nothing, saying why. */
export function checksOff(reason: string): SuggestionChecker {
  return { off: reason, check: async () => ({ status: 'not-checked', reason }) };
}

/** The ports' request, from the tracked roles. */
export function lastAccessedRoles(roles: ReadonlyMap<string, { roleArn: string; roleName: string }>): LastAccessedRole[] {
  return [...roles].map(([key, r]) => ({ key, roleArn: r.roleArn, roleName: r.roleName }));
}

/** The grants a checker compares with must be exactly what IAM holds: every policy read, no statement dropped. */
export function grantsCompleteForCheck(grants: RoleGrants | undefined): string | undefined {
  if (!grants) return 'grants unknown: the current policies to compare with could not be read';
  const unread = [...grants.policies].filter((p) => !p.document || p.problem).map((p) => p.name);
  return unread.length ? `current policies not read in full (${unread.join(', ')}): nothing exact to compare with` : undefined;
}
