/**
 * ECS task definitions and services → the roles to track, with how and where each is used.
 */
import { parseArn, parseRoleArn, roleKey } from '../arn.ts';
import type { TrackedRole, Workload } from '../model.ts';

/** The fields of an ECS task definition we read (as `describe-task-definition` prints them). */
export interface TaskDefinitionInput {
  taskDefinitionArn?: string;
  family?: string;
  revision?: number;
  taskRoleArn?: string;
  executionRoleArn?: string;
  status?: string;
}

export interface ServiceInput {
  serviceName?: string;
  clusterArn?: string;
  taskDefinition?: string;
  /** Deployments can run other revisions than `taskDefinition` during a rollout. */
  deployments?: { taskDefinition?: string }[];
}

export interface Inventory {
  /** Keyed by `roleKey`. */
  roles: Map<string, TrackedRole>;
  /** Problems with the input, e.g. a role ARN that does not parse. */
  problems: string[];
}

/** `family:revision` of a task definition ARN or object. */
export function taskDefinitionName(td: TaskDefinitionInput | string): string | undefined {
  if (typeof td === 'string') {
    const arn = parseArn(td);
    const res = arn ? arn.resource : td;
    return res.replace(/^task-definition\//, '') || undefined;
  }
  if (td.family && td.revision !== undefined) return `${td.family}:${td.revision}`;
  return td.taskDefinitionArn ? taskDefinitionName(td.taskDefinitionArn) : undefined;
}

function clusterName(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const parsed = parseArn(arn);
  return parsed ? parsed.resource.replace(/^cluster\//, '') : arn;
}

export interface InventoryOptions {
  /** Roles named on the command line: full ARNs, or names resolved against `knownRoleArns`. */
  extraRoles?: string[];
  /** Role ARNs known from IAM, to resolve bare names in `extraRoles` and in task definitions. */
  knownRoleArns?: string[];
}

/** Which services (and clusters) run each task-definition revision, by `family:revision`. */
function servicesByRevision(services: ServiceInput[]): Map<string, { service: string; cluster?: string }[]> {
  const out = new Map<string, { service: string; cluster?: string }[]>();
  for (const s of services) {
    const tds = new Set([s.taskDefinition, ...(s.deployments ?? []).map((d) => d.taskDefinition)]);
    for (const td of tds) {
      const name = td ? taskDefinitionName(td) : undefined;
      if (!name || !s.serviceName) continue;
      const list = out.get(name) ?? [];
      const cluster = clusterName(s.clusterArn);
      list.push({ service: s.serviceName, ...(cluster ? { cluster } : {}) });
      out.set(name, list);
    }
  }
  return out;
}

/** Roles being collected: each use, workload and region recorded once. */
class RoleTracker {
  readonly roles = new Map<string, TrackedRole>();
  readonly problems: string[] = [];

  track(arn: string, use: TrackedRole['usedAs'][number] | undefined, workload?: Workload, region?: string): void {
    const ref = parseRoleArn(arn);
    if (!ref) {
      this.problems.push(`not a role ARN: ${arn}`);
      return;
    }
    const key = roleKey(ref.accountId, ref.roleName);
    let role = this.roles.get(key);
    if (!role) {
      role = { roleArn: arn, roleName: ref.roleName, accountId: ref.accountId, usedAs: [], workloads: [], regions: [] };
      this.roles.set(key, role);
    }
    if (use && !role.usedAs.includes(use)) role.usedAs.push(use);
    if (workload && !role.workloads.some((w) => sameWorkload(w, workload))) role.workloads.push(workload);
    if (region && !role.regions.includes(region)) role.regions.push(region);
  }

  /** The inventory, each role's lists in a stable order. */
  done(): Inventory {
    for (const role of this.roles.values()) {
      role.usedAs.sort();
      role.regions.sort();
      role.workloads.sort((a, b) => workloadLabel(a).localeCompare(workloadLabel(b)));
    }
    return { roles: this.roles, problems: this.problems };
  }
}

/** An IAM role name (IAM API Reference, `CreateRole`, `RoleName`): what ECS takes beside a role ARN. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * A task definition's role as an ARN. ECS takes "the short name or full ARN of the IAM
 * role": a name is the role of that name in the task definition's account (and partition),
 * spelled as IAM spells it when `knownRoleArns` holds it (its path included). A task
 * definition without an ARN has no account: its name is resolved only when IAM knows
 * exactly one role of that name. Anything else is returned as it is, for `track` to refuse.
 */
function taskRoleArnOf(ref: string, td: TaskDefinitionInput, knownRoleArns: readonly string[] = []): string {
  if (ref.startsWith('arn:') || !ROLE_NAME.test(ref)) return ref;
  const tdArn = td.taskDefinitionArn ? parseArn(td.taskDefinitionArn) : undefined;
  const named = knownRoleArns.filter((k) => parseRoleArn(k)?.roleName.toLowerCase() === ref.toLowerCase());
  if (!tdArn?.account) return named.length === 1 ? named[0]! : ref;
  const known = named.find((k) => parseRoleArn(k)?.accountId === tdArn.account);
  return known ?? `arn:${tdArn.partition}:iam::${tdArn.account}:role/${ref}`;
}

/** Why a task definition's role reference could not be tracked, for the problem list. */
function unresolvedRole(ref: string, td: TaskDefinitionInput, name: string): string {
  if (ROLE_NAME.test(ref)) return `task definition ${name} names its role by name (${ref}) and has no ARN to give its account, and IAM knows no single role of that name: not tracked`;
  return `not a role ARN: ${ref}`;
}

/** Track the task and execution role of each task definition, with the workloads that run it. */
function trackTaskDefinitions(tracker: RoleTracker, taskDefinitions: TaskDefinitionInput[], services: ServiceInput[], knownRoleArns: readonly string[] | undefined): void {
  const users = servicesByRevision(services);
  for (const td of taskDefinitions) {
    const name = taskDefinitionName(td);
    if (!name) {
      tracker.problems.push('a task definition without family/revision or ARN was ignored');
      continue;
    }
    const runBy = users.get(name);
    const workloads: Workload[] = runBy?.length
      ? runBy.map((u) => ({ taskDefinition: name, service: u.service, ...(u.cluster ? { cluster: u.cluster } : {}) }))
      : [{ taskDefinition: name }];
    const region = td.taskDefinitionArn ? parseArn(td.taskDefinitionArn)?.region || undefined : undefined;
    const uses = [
      ...(td.taskRoleArn ? [{ ref: td.taskRoleArn, use: 'task' as const }] : []),
      ...(td.executionRoleArn ? [{ ref: td.executionRoleArn, use: 'execution' as const }] : []),
    ];
    for (const { ref, use } of uses) {
      const arn = taskRoleArnOf(ref, td, knownRoleArns);
      if (!parseRoleArn(arn)) {
        tracker.problems.push(unresolvedRole(ref, td, name));
        continue;
      }
      for (const w of workloads) tracker.track(arn, use, w, region);
    }
  }
}

/** Build the tracked-role inventory. */
export function buildInventory(
  taskDefinitions: TaskDefinitionInput[],
  services: ServiceInput[],
  options: InventoryOptions = {},
): Inventory {
  const tracker = new RoleTracker();
  trackTaskDefinitions(tracker, taskDefinitions, services, options.knownRoleArns);
  for (const extra of options.extraRoles ?? []) {
    const arn = extra.startsWith('arn:')
      ? extra
      : options.knownRoleArns?.find((k) => parseRoleArn(k)?.roleName.toLowerCase() === extra.toLowerCase());
    if (arn) tracker.track(arn, undefined);
    else tracker.problems.push(`--role ${extra}: no such role in the IAM export`);
  }
  return tracker.done();
}

function sameWorkload(a: Workload, b: Workload): boolean {
  return a.taskDefinition === b.taskDefinition && a.service === b.service && a.cluster === b.cluster;
}

/** `cluster/service (family:rev)` or `family:rev`. */
export function workloadLabel(w: Workload): string {
  if (w.service) return `${w.cluster ? `${w.cluster}/` : ''}${w.service} (${w.taskDefinition})`;
  return w.taskDefinition;
}
