/**
 * IAM, live: a role's inline policies, attached managed policies (default version) and
 * permissions boundary. Each managed policy is fetched once per run however many roles
 * attach it. A role whose reads fail gets no grants and a problem saying why; the other
 * roles carry on.
 */
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  type IAMClient,
  type Role,
} from '@aws-sdk/client-iam';
import { parsePolicyDocument } from '../../core/policy/document.ts';
import type { AttachedPolicy, RoleGrants } from '../../core/model.ts';
import { describeError } from './clients.ts';

export type RoleGrantsResult = { ok: true; grants: RoleGrants } | { ok: false; roleName: string; error: string };

function toAttached(id: string, name: string, kind: AttachedPolicy['kind'], raw: string | undefined): AttachedPolicy {
  if (raw === undefined) return { id, name, kind, problem: 'no policy document returned' };
  const parsed = parsePolicyDocument(raw);
  if (!parsed.ok) return { id, name, kind, problem: parsed.error };
  return { id, name, kind, document: parsed.document, ...(parsed.warnings.length ? { problem: parsed.warnings.join('; ') } : {}) };
}

/** Reads roles' grants, caching roles and managed policies for the reader's lifetime (one run). */
export class IamGrantsReader {
  private readonly managed = new Map<string, Promise<AttachedPolicy>>();
  private readonly roles = new Map<string, Promise<Role | undefined>>();
  constructor(private readonly client: IAMClient) {}

  /** The default version of a managed policy, fetched once. */
  managedPolicy(arn: string, name: string): Promise<AttachedPolicy> {
    let p = this.managed.get(arn);
    if (!p) {
      p = (async () => {
        try {
          const pol = await this.client.send(new GetPolicyCommand({ PolicyArn: arn }));
          const version = pol.Policy?.DefaultVersionId;
          if (!version) return { id: arn, name, kind: 'managed' as const, problem: 'policy has no default version' };
          const v = await this.client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }));
          return toAttached(arn, name, 'managed', v.PolicyVersion?.Document);
        } catch (e) {
          return { id: arn, name, kind: 'managed' as const, problem: describeError(e) };
        }
      })();
      this.managed.set(arn, p);
    }
    return p;
  }

  /** `GetRole`, once per role per run: tags (for scope) and grants both need it. */
  private getRole(roleName: string): Promise<Role | undefined> {
    let p = this.roles.get(roleName);
    if (!p) {
      p = this.client.send(new GetRoleCommand({ RoleName: roleName })).then((out) => out.Role);
      // A failed read is not cached: the next caller may try again.
      p.catch(() => this.roles.delete(roleName));
      this.roles.set(roleName, p);
    }
    return p;
  }

  /** The role's ARN as IAM spells it (with its path), for names given on the command line. */
  async roleArn(roleName: string): Promise<{ ok: true; arn: string } | { ok: false; error: string }> {
    try {
      const arn = (await this.getRole(roleName))?.Arn;
      return arn ? { ok: true, arn } : { ok: false, error: 'GetRole returned no role' };
    } catch (e) {
      return { ok: false, error: describeError(e) };
    }
  }

  /** Only the role's tags (for scope decisions). */
  async tags(roleName: string): Promise<{ ok: true; tags: Record<string, string> } | { ok: false; error: string }> {
    try {
      const role = await this.getRole(roleName);
      return { ok: true, tags: Object.fromEntries((role?.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])) };
    } catch (e) {
      return { ok: false, error: describeError(e) };
    }
  }

  /** Everything IAM says about one role. */
  async role(roleName: string): Promise<RoleGrantsResult> {
    try {
      const role = await this.getRole(roleName);
      if (!role?.Arn) return { ok: false, roleName, error: 'GetRole returned no role' };
      const policies: AttachedPolicy[] = [];
      const inlineNames: string[] = [];
      for await (const page of paginateListRolePolicies({ client: this.client }, { RoleName: roleName })) inlineNames.push(...(page.PolicyNames ?? []));
      for (const name of inlineNames) {
        const out = await this.client.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
        policies.push(toAttached(`inline:${name}`, name, 'inline', out.PolicyDocument));
      }
      for await (const page of paginateListAttachedRolePolicies({ client: this.client }, { RoleName: roleName })) {
        for (const a of page.AttachedPolicies ?? []) if (a.PolicyArn) policies.push(await this.managedPolicy(a.PolicyArn, a.PolicyName ?? a.PolicyArn));
      }
      const grants: RoleGrants = { roleArn: role.Arn, roleName: role.RoleName ?? roleName, policies };
      if (role.RoleId) grants.roleId = role.RoleId;
      if (role.CreateDate) grants.createDate = role.CreateDate.toISOString().slice(0, 19) + 'Z';
      const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
      if (boundary) grants.boundary = await this.managedPolicy(boundary, boundary.slice(boundary.lastIndexOf('/') + 1));
      return { ok: true, grants };
    } catch (e) {
      return { ok: false, roleName, error: describeError(e) };
    }
  }
}
