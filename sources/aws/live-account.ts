/**
 * The live account: its ECS roles (after scope) and what IAM grants them, shared by
 * `analyze --live` and the stack's functions. Regions' ECS is read concurrently (each
 * region has its own API quota); a region that refuses (AccessDenied under a region-deny
 * SCP, a region the account has not enabled) is a problem named for that region, and the
 * others are read. IAM is global. Role tags are read only when the scope needs them, and
 * grants only for the roles the scope keeps.
 */
import { buildInventory, type Inventory, type ServiceInput, type TaskDefinitionInput } from '../../core/inventory/inventory.ts';
import { applyRoleScope, clusterInScope, type Excluded, type ScopeConfig } from '../../core/inventory/scope.ts';
import type { RoleGrants } from '../../core/model.ts';
import { accountSnapshot, type AccountSnapshot } from '../../core/pipeline.ts';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { describeError, ecsClient } from './clients.ts';
import { readEcs, type EcsReadOptions, type LiveEcs } from './ecs-inventory.ts';
import { readRegionsTasks } from './ecs-tasks.ts';
import type { IamGrantsReader } from './iam-grants.ts';

export interface LiveAccountOptions {
  regions: string[];
  iam: IamGrantsReader;
  /** Extra roles by ARN or name (`--role`). */
  roles?: string[];
  scope?: ScopeConfig;
  /** Per region: a cache of described task definitions, a time budget (see `readEcs`). */
  ecs?(region: string): Omit<EcsReadOptions, 'includeCluster'>;
  /** ECS client of a region (default: the caller's credentials); a member account's role in trail mode. */
  ecsClient?(region: string): ECSClient;
}

/** The roles to track, after scope: what `collect` needs (no grants). */
export interface TrackedAccount {
  inventory: Inventory;
  excluded: Excluded[];
  problems: string[];
  /** False when some task definitions were not read (a time budget ran out): not worth keeping for long. */
  complete: boolean;
}

async function readRegionEcs(region: string, o: LiveAccountOptions): Promise<LiveEcs | { error: string }> {
  const scope = o.scope;
  const byCluster = scope && (scope.includeClusters?.length || scope.excludeClusters?.length);
  try {
    return await readEcs(o.ecsClient?.(region) ?? ecsClient({ region }), { ...o.ecs?.(region), ...(byCluster ? { includeCluster: (name: string) => clusterInScope(name, scope) } : {}) });
  } catch (e) {
    return { error: describeError(e) };
  }
}

/** ECS inventory of the regions, `--role` names resolved, scope applied. */
export async function readTrackedRoles(o: LiveAccountOptions): Promise<TrackedAccount> {
  const problems: string[] = [];
  const tds: TaskDefinitionInput[] = [];
  const services: ServiceInput[] = [];
  const scope = o.scope;
  let complete = true;
  const read = await Promise.all(o.regions.map((region) => readRegionEcs(region, o)));
  o.regions.forEach((region, i) => {
    const ecs = read[i]!;
    if ('error' in ecs) {
      problems.push(`${region}: ECS not readable (${ecs.error}); no role of this region's task definitions is tracked (remove the region from the stack's regions if this is intended)`);
      return;
    }
    tds.push(...ecs.taskDefinitions);
    services.push(...ecs.services);
    problems.push(...ecs.problems.map((p) => `${region}: ${p}`));
    if (ecs.unread > 0) {
      complete = false;
      problems.push(`${region}: ${ecs.unread} ECS task definitions not read within the time budget; their roles are tracked once a later run reads them (each is read once, then kept)`);
    }
  });
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
  if (!scope) return { inventory, excluded: [], problems, complete };

  const tags = new Map<string, Record<string, string>>();
  if (scope.excludeRoleTags?.length) {
    for (const [key, role] of inventory.roles) {
      const got = await o.iam.tags(role.roleName);
      if (got.ok) tags.set(key, got.tags);
      else problems.push(`role ${role.roleName}: tags unreadable (${got.error}); tag scope not applied to it`);
    }
  }
  const excluded = applyRoleScope(inventory, (key) => tags.get(key), scope);
  return { inventory, excluded, problems, complete };
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
  const { complete: _complete, ...snapshot } = tracked;
  // The tasks running now and those stopped within the hour: which workload each session is.
  const tasks = await readRegionsTasks(o.regions, o.scope ? { includeCluster: (name) => clusterInScope(name, o.scope!) } : {}, o.ecsClient);
  return accountSnapshot({ source: o.regions.join(', '), ...snapshot, problems: [...snapshot.problems, ...tasks.problems], grants, grantErrors, tasks: tasks.facts });
}
