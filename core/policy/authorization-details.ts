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
  /** IAM's unique ID of the role (`AROA…`): a new one when a role of the same name is recreated. */
  RoleId?: string;
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

type PolicyVersion = NonNullable<ManagedPolicyDetail['PolicyVersionList']>[number];

/** The version IAM applies, and what the export says against itself on the way. */
interface VersionChoice {
  version?: PolicyVersion;
  /** The export contradicts itself and no version can be trusted as the one in force: grants partial. */
  problem?: string;
  /** The export contradicts itself, resolved by the authoritative field: said, grants still known. */
  note?: string;
}

/**
 * The default version of a managed policy. `DefaultVersionId` is what IAM applies; the
 * per-version `IsDefaultVersion` flag is a copy of it, so when the two disagree the id
 * wins and the report says so. Without a usable id, exactly one flagged version is needed.
 */
export function defaultVersion(detail: ManagedPolicyDetail): VersionChoice {
  const versions = detail.PolicyVersionList ?? [];
  const flagged = versions.filter((v) => v.IsDefaultVersion === true);
  const id = detail.DefaultVersionId;
  const byId = id === undefined ? undefined : versions.find((v) => v.VersionId === id);
  const names = (vs: PolicyVersion[]) => vs.map((v) => v.VersionId ?? '(no id)').join(', ');
  if (byId) {
    const disagree = byId.IsDefaultVersion === false || flagged.some((v) => v !== byId);
    return { version: byId, ...(disagree ? { note: `IsDefaultVersion is set on ${names(flagged) || 'no version'} but DefaultVersionId is ${id}: used ${id} (DefaultVersionId is what IAM applies)` } : {}) };
  }
  if (flagged.length > 1) return { problem: `versions ${names(flagged)} are all flagged IsDefaultVersion and ${id === undefined ? 'no DefaultVersionId says' : `DefaultVersionId ${id} is not in the export to say`} which applies` };
  if (flagged.length === 1 && id !== undefined) return { version: flagged[0], problem: `DefaultVersionId ${id} is not in the export; used ${flagged[0]!.VersionId ?? 'the version'} flagged IsDefaultVersion` };
  if (flagged.length === 1) return { version: flagged[0] };
  return { problem: 'no default version document in the export' };
}

/** A managed policy as listed in the export, with what the export got wrong about it. */
interface PolicyEntry {
  detail: ManagedPolicyDetail;
  /** Listed more than once with different content: which one is in force is unknown. */
  conflict?: string;
}

/** The default version's document of a managed policy, decoded; or why not. */
function managedPolicy(arn: string, name: string, entry: PolicyEntry | undefined): AttachedPolicy {
  const base = { id: arn, name, kind: 'managed' as const };
  if (!entry) return { ...base, problem: 'not in the IAM export (export with --filter Role LocalManagedPolicy AWSManagedPolicy)' };
  const choice = defaultVersion(entry.detail);
  const problems = [entry.conflict, choice.problem].filter((p): p is string => p !== undefined);
  if (!choice.version || choice.version.Document === undefined) return { ...base, problem: problems.join('; ') || 'no default version document in the export' };
  const parsed = parsePolicyDocument(choice.version.Document);
  if (!parsed.ok) return { ...base, problem: [...problems, parsed.error].join('; ') };
  problems.push(...parsed.warnings);
  return { ...base, document: parsed.document, ...(problems.length ? { problem: problems.join('; ') } : {}) };
}

/**
 * What a managed policy listing says, for comparing two listings: the raw documents are
 * not serialised (a crafted one nests thousands of levels), their decoded form is.
 */
function policyFingerprint(p: ManagedPolicyDetail): string {
  const versions = (p.PolicyVersionList ?? []).map((v) => {
    const parsed = parsePolicyDocument(v.Document);
    return [v.VersionId ?? null, v.IsDefaultVersion ?? null, parsed.ok ? parsed : parsed.error];
  });
  return JSON.stringify([p.DefaultVersionId ?? null, versions]);
}

/** Managed policies by ARN; one listed twice with different content is a conflict, the first listing kept. */
function policyIndex(managedPolicies: ManagedPolicyDetail[], problems: string[]): Map<string, PolicyEntry> {
  const policies = new Map<string, PolicyEntry>();
  for (const p of managedPolicies) {
    if (!p.Arn) continue;
    const seen = policies.get(p.Arn);
    if (!seen) {
      policies.set(p.Arn, { detail: p });
      const note = defaultVersion(p).note;
      if (note) problems.push(`IAM export: managed policy ${p.Arn}: ${note}`);
    } else if (!seen.conflict && policyFingerprint(seen.detail) !== policyFingerprint(p)) {
      seen.conflict = 'listed more than once in the IAM export with different content; the first listing is used';
      problems.push(`IAM export: managed policy ${p.Arn} is ${seen.conflict}`);
    }
  }
  return policies;
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

/** One role entry's grants: inline, attached managed, and boundary policies, decoded. */
function roleGrantsOf(d: RoleDetail, arn: string, roleName: string, policies: ReadonlyMap<string, PolicyEntry>): RoleGrants {
  const grants: RoleGrants = {
    roleArn: arn,
    roleName: d.RoleName ?? roleName,
    policies: [
      ...(d.RolePolicyList ?? []).map((p) => inlinePolicy(p.PolicyName ?? '(unnamed)', p.PolicyDocument)),
      ...(d.AttachedManagedPolicies ?? [])
        .filter((p) => p.PolicyArn)
        .map((p) => managedPolicy(p.PolicyArn!, p.PolicyName ?? p.PolicyArn!, policies.get(p.PolicyArn!))),
    ],
  };
  if (typeof d.RoleId === 'string' && d.RoleId) grants.roleId = d.RoleId;
  const created = d.CreateDate ? Date.parse(d.CreateDate) : NaN;
  if (Number.isFinite(created)) grants.createDate = new Date(created).toISOString().slice(0, 19) + 'Z';
  const boundaryArn = d.PermissionsBoundary?.PermissionsBoundaryArn;
  if (boundaryArn) {
    const name = boundaryArn.slice(boundaryArn.lastIndexOf('/') + 1);
    grants.boundary = managedPolicy(boundaryArn, name, policies.get(boundaryArn));
  }
  return grants;
}

/**
 * Join role details with the managed policies they attach. Roles are keyed by `roleKey`.
 * The export contradicting itself is reported, never resolved silently: a role listed
 * twice with different content (path, case, policies) keeps its first entry and partial
 * grants; a managed policy listed twice differently makes the roles attaching it partial;
 * a default version flagged against `DefaultVersionId` follows the id, and says so.
 */
export function rolesFromAuthorizationDetails(
  roleDetails: RoleDetail[],
  managedPolicies: ManagedPolicyDetail[],
): AuthorizationDetails {
  const problems: string[] = [];
  const policies = policyIndex(managedPolicies, problems);
  const roles = new Map<string, RoleGrants>();
  // The first entry of each role, as decoded: two listings are compared by what they grant.
  const fingerprints = new Map<string, { arn: string; fingerprint: string }>();
  for (const d of roleDetails) {
    const ref = d.Arn ? parseRoleArn(d.Arn) : undefined;
    if (!ref || !d.Arn) {
      problems.push(`IAM export: a role entry without a valid Arn was ignored (${d.RoleName ?? 'no name'})`);
      continue;
    }
    const key = roleKey(ref.accountId, ref.roleName);
    const grants = roleGrantsOf(d, d.Arn, ref.roleName, policies);
    const fingerprint = JSON.stringify(grants);
    const first = fingerprints.get(key);
    if (!first) {
      roles.set(key, grants);
      fingerprints.set(key, { arn: d.Arn, fingerprint });
    } else if (first.fingerprint !== fingerprint) {
      // IAM role names are unique per account whatever their case and path: two different
      // entries cannot both be true. Keep the first, and say the grants are not certain.
      const kept = roles.get(key)!;
      const conflict = `IAM export lists role ${ref.roleName} more than once, differently (${first.arn} and ${d.Arn}); the first entry is used`;
      kept.problems = [...(kept.problems ?? []), conflict];
      problems.push(conflict);
    }
  }
  return { roles, problems };
}
