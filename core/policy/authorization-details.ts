/**
 * `aws iam get-account-authorization-details` output → `RoleGrants` per role. The same
 * shape comes from the raw API (documents URL-encoded) and from the CLI (documents as
 * JSON objects); one file per page, so roles and policies arrive from several files.
 */
import { parseRoleArn, roleKey } from '../arn.ts';
import type { AttachedPolicy, RoleGrants } from '../model.ts';
import { parsePolicyDocument } from './document.ts';

export interface RoleDetail {
  RoleName?: string;
  Arn?: string;
  CreateDate?: string;
  Tags?: { Key?: string; Value?: string }[];
  RolePolicyList?: { PolicyName?: string; PolicyDocument?: unknown }[];
  AttachedManagedPolicies?: { PolicyName?: string; PolicyArn?: string }[];
  PermissionsBoundary?: { PermissionsBoundaryArn?: string; PermissionsBoundaryType?: string };
}

export interface ManagedPolicyDetail {
  PolicyName?: string;
  Arn?: string;
  DefaultVersionId?: string;
  PolicyVersionList?: { Document?: unknown; VersionId?: string; IsDefaultVersion?: boolean }[];
}

/** The default version's document of a managed policy, decoded; or why not. */
function managedPolicy(arn: string, name: string, detail: ManagedPolicyDetail | undefined): AttachedPolicy {
  const base = { id: arn, name, kind: 'managed' as const };
  if (!detail) return { ...base, problem: 'not in the IAM export (export with --filter Role LocalManagedPolicy AWSManagedPolicy)' };
  const versions = detail.PolicyVersionList ?? [];
  const version =
    versions.find((v) => v.IsDefaultVersion === true) ??
    versions.find((v) => detail.DefaultVersionId !== undefined && v.VersionId === detail.DefaultVersionId);
  if (!version || version.Document === undefined) return { ...base, problem: 'no default version document in the export' };
  const parsed = parsePolicyDocument(version.Document);
  if (!parsed.ok) return { ...base, problem: parsed.error };
  return { ...base, document: parsed.document, ...(parsed.warnings.length ? { problem: parsed.warnings.join('; ') } : {}) };
}

function inlinePolicy(name: string, doc: unknown): AttachedPolicy {
  const base = { id: `inline:${name}`, name, kind: 'inline' as const };
  const parsed = parsePolicyDocument(doc);
  if (!parsed.ok) return { ...base, problem: parsed.error };
  return { ...base, document: parsed.document, ...(parsed.warnings.length ? { problem: parsed.warnings.join('; ') } : {}) };
}

export interface AuthorizationDetails {
  roles: Map<string, RoleGrants>;
  problems: string[];
}

/** Join role details with the managed policies they attach. Roles are keyed by `roleKey`. */
export function rolesFromAuthorizationDetails(
  roleDetails: RoleDetail[],
  managedPolicies: ManagedPolicyDetail[],
): AuthorizationDetails {
  const policies = new Map<string, ManagedPolicyDetail>();
  for (const p of managedPolicies) if (p.Arn) policies.set(p.Arn, p);
  const roles = new Map<string, RoleGrants>();
  const problems: string[] = [];
  for (const d of roleDetails) {
    const ref = d.Arn ? parseRoleArn(d.Arn) : undefined;
    if (!ref || !d.Arn) {
      problems.push(`IAM export: a role entry without a valid Arn was ignored (${d.RoleName ?? 'no name'})`);
      continue;
    }
    const grants: RoleGrants = {
      roleArn: d.Arn,
      roleName: d.RoleName ?? ref.roleName,
      policies: [
        ...(d.RolePolicyList ?? []).map((p) => inlinePolicy(p.PolicyName ?? '(unnamed)', p.PolicyDocument)),
        ...(d.AttachedManagedPolicies ?? [])
          .filter((p) => p.PolicyArn)
          .map((p) => managedPolicy(p.PolicyArn!, p.PolicyName ?? p.PolicyArn!, policies.get(p.PolicyArn!))),
      ],
    };
    const created = d.CreateDate ? Date.parse(d.CreateDate) : NaN;
    if (Number.isFinite(created)) grants.createDate = new Date(created).toISOString().slice(0, 19) + 'Z';
    const boundaryArn = d.PermissionsBoundary?.PermissionsBoundaryArn;
    if (boundaryArn) {
      const name = boundaryArn.slice(boundaryArn.lastIndexOf('/') + 1);
      grants.boundary = managedPolicy(boundaryArn, name, policies.get(boundaryArn));
    }
    roles.set(roleKey(ref.accountId, ref.roleName), grants);
  }
  return { roles, problems };
}
