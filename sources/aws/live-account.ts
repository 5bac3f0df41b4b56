/**
 * The live account: its ECS roles (after scope) and what IAM grants them, shared by
 * `analyze --live` and the stack's functions. Regions' ECS is read one after another; IAM
 * is global. Role tags are read only when the scope needs them, and grants only for the
 * roles the scope keeps.
 */
import { buildInventory, type Inventory, type ServiceInput, type TaskDefinitionInput } from '../../core/inventory/inventory.ts';
import { applyRoleScope, clusterInScope, type Excluded, type ScopeConfig } from '../../core/inventory/scope.ts';
import type { RoleGrants } from '../../core/model.ts';
import { accountSnapshot, type AccountSnapshot } from '../../core/pipeline.ts';
import { ecsClient } from './clients.ts';
import { readEcs } from './ecs-inventory.ts';
import type { IamGrantsReader } from './iam-grants.ts';

export interface LiveAccountOptions {
  regions: string[];
  iam: IamGrantsReader;
  /** Extra roles by ARN or name (`--role`). */
  roles?: string[];
  scope?: ScopeConfig;
}

/** The roles to track, after scope: what `collect` needs (no grants). */
export interface TrackedAccount {
  inventory: Inventory;
  excluded: Excluded[];
  problems: string[];
}

/** ECS inventory of the regions, `--role` names resolved, scope applied. */
export async function readTrackedRoles(o: LiveAccountOptions): Promise<TrackedAccount> {
  const problems: string[] = [];
  const tds: TaskDefinitionInput[] = [];
  const services: ServiceInput[] = [];
  const scope = o.scope;
  const byCluster = scope && (scope.includeClusters?.length || scope.excludeClusters?.length);
  for (const region of o.regions) {
    const ecs = await readEcs(ecsClient({ region }), byCluster ? { includeCluster: (name) => clusterInScope(name, scope) } : {});
    tds.push(...ecs.taskDefinitions);
    services.push(...ecs.services);
    problems.push(...ecs.problems.map((p) => `${region}: ${p}`));
  }
  const extraRoles: string[] = [];
  for (const r of o.roles ?? []) {
    if (r.startsWith('arn:')) {
      extraRoles.push(r);
      continue;
    }
    const got = await o.iam.roleArn(r);
    if (got.ok) extraRoles.push(got.arn);
    else problems.push(`--role ${r}: ${got.error}`);
  }
  const inventory = buildInventory(tds, services, { extraRoles });
  if (!scope) return { inventory, excluded: [], problems };

  const tags = new Map<string, Record<string, string>>();
  if (scope.excludeRoleTags?.length) {
    for (const [key, role] of inventory.roles) {
      const got = await o.iam.tags(role.roleName);
      if (got.ok) tags.set(key, got.tags);
      else problems.push(`role ${role.roleName}: tags unreadable (${got.error}); tag scope not applied to it`);
    }
  }
  const excluded = applyRoleScope(inventory, (key) => tags.get(key), scope);
  return { inventory, excluded, problems };
}

/** The account as a snapshot: tracked roles after scope, and what IAM grants each. */
export async function readLiveSnapshot(o: LiveAccountOptions): Promise<AccountSnapshot> {
  const tracked = await readTrackedRoles(o);
  const grants = new Map<string, RoleGrants>();
  const grantErrors = new Map<string, string>();
  for (const [key, role] of tracked.inventory.roles) {
    const got = await o.iam.role(role.roleName);
    if (got.ok) grants.set(key, got.grants);
    else grantErrors.set(key, got.error);
  }
  return accountSnapshot({ source: o.regions.join(', '), ...tracked, grants, grantErrors });
}
