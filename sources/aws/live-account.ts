/**
 * The account's ECS roles and their grants, live: shared by `analyze --live` and the
 * stack's functions. Regions are read one after another; IAM is global.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { buildInventory, type Inventory, type ServiceInput, type TaskDefinitionInput } from '../../core/inventory/inventory.ts';
import { applyRoleScope, clusterInScope, type Excluded, type ScopeConfig } from '../../core/inventory/scope.ts';
import type { RoleGrants } from '../../core/model.ts';
import { ecsClient } from './clients.ts';
import { readEcs } from './ecs-inventory.ts';
import { IamGrantsReader } from './iam-grants.ts';

export interface LiveAccount {
  inventory: Inventory;
  iamRoles: Map<string, RoleGrants>;
  grantErrors: Map<string, string>;
  excluded: Excluded[];
  problems: string[];
}

export interface LiveAccountOptions {
  regions: string[];
  iam: IAMClient;
  /** Extra roles by ARN or name. */
  roles?: string[];
  scope?: ScopeConfig;
  /** Read each role's policies (default). Without, only the roles' tags are read, and only when the scope needs them. */
  withGrants?: boolean;
}

export async function readLiveAccount(o: LiveAccountOptions): Promise<LiveAccount> {
  const problems: string[] = [];
  const tds: TaskDefinitionInput[] = [];
  const services: ServiceInput[] = [];
  const scoped = o.scope && (o.scope.includeClusters?.length || o.scope.excludeClusters?.length);
  for (const region of o.regions) {
    const ecs = await readEcs(ecsClient({ region }), scoped ? { includeCluster: (name) => clusterInScope(name, o.scope!) } : {});
    tds.push(...ecs.taskDefinitions);
    services.push(...ecs.services);
    problems.push(...ecs.problems.map((p) => `${region}: ${p}`));
  }
  const reader = new IamGrantsReader(o.iam);
  const extraRoles: string[] = [];
  for (const r of o.roles ?? []) {
    if (r.startsWith('arn:')) extraRoles.push(r);
    else {
      const got = await reader.role(r);
      if (got.ok) extraRoles.push(got.grants.roleArn);
      else problems.push(`--role ${r}: ${got.error}`);
    }
  }
  const inventory = buildInventory(tds, services, { extraRoles });
  const iamRoles = new Map<string, RoleGrants>();
  const grantErrors = new Map<string, string>();
  const needTags = !!o.scope?.excludeRoleTags?.length;
  for (const [key, role] of inventory.roles) {
    if (o.withGrants === false) {
      if (!needTags) continue;
      const tags = await reader.tags(role.roleName);
      if (tags.ok) iamRoles.set(key, { roleArn: role.roleArn, roleName: role.roleName, policies: [], tags: tags.tags });
      else grantErrors.set(key, tags.error);
      continue;
    }
    const got = await reader.role(role.roleName);
    if (got.ok) {
      iamRoles.set(key, got.grants);
      role.roleArn = got.grants.roleArn;
    } else grantErrors.set(key, got.error);
  }
  const excluded = o.scope ? applyRoleScope(inventory, (key) => iamRoles.get(key)?.tags, o.scope) : [];
  return { inventory, iamRoles, grantErrors, excluded, problems };
}
