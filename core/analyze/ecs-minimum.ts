/**
 * What every task needs of its execution role, whatever CloudTrail shows: ECS documents the
 * permissions for pulling an image from Amazon ECR and sending the container's logs to
 * CloudWatch Logs as the AWS managed policy AmazonECSTaskExecutionRolePolicy (Amazon ECS
 * Developer Guide, "Amazon ECS task execution IAM role"): `ecr:GetAuthorizationToken`,
 * `ecr:BatchCheckLayerAvailability`, `ecr:GetDownloadUrlForLayer`, `ecr:BatchGetImage`,
 * `logs:CreateLogStream`, `logs:PutLogEvents`.
 *
 * An execution role's suggestion keeps those of them it is granted even when not called or not
 * observable (`logs:PutLogEvents` is never logged): a quiet week is no evidence that the next
 * task start can do without them, so they are never called unused on an execution role
 * (`ecs-execution-minimum`, not observable) and the suggestion keeps what it holds. Each is scoped to the resources its used siblings named
 * (the repositories images were pulled from, the log groups streams were created in), so
 * the policy is scoped to what the workloads read; with no sibling seen, to its grant.
 */
import type { GrantedAction } from '../model.ts';
import type { NotObservableEntry, UnusedEntry } from '../report/schema.ts';
import { emptySample, mergeSamples, type ResourceSample } from '../usage/sorted-set.ts';
import type { UsedForSuggestion } from './suggest.ts';

/** The minimum, each action with the actions that name the same kind of resource. */
const ECS_EXECUTION_MINIMUM: Record<string, readonly string[]> = {
  // Takes no resource: its grant's `*` is its only scope.
  'ecr:GetAuthorizationToken': [],
  'ecr:BatchCheckLayerAvailability': ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
  'ecr:GetDownloadUrlForLayer': ['ecr:BatchGetImage', 'ecr:BatchCheckLayerAvailability'],
  'ecr:BatchGetImage': ['ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
  'logs:CreateLogStream': ['logs:PutLogEvents'],
  // Never logged by CloudTrail: the streams CreateLogStream made are the ones it writes to.
  'logs:PutLogEvents': ['logs:CreateLogStream'],
};

/** Is `action` part of what ECS documents every task needs of its execution role? */
export function isEcsExecutionMinimum(action: string): boolean {
  return Object.hasOwn(ECS_EXECUTION_MINIMUM, action);
}

/**
 * The minimum's granted actions that `used` does not hold, each with the resources its used
 * siblings named (in `used`, by action).
 */
export function ecsMinimumKeeps(granted: ReadonlyMap<string, GrantedAction>, used: ReadonlyMap<string, ResourceSample>): UsedForSuggestion[] {
  const out: UsedForSuggestion[] = [];
  for (const [action, siblings] of Object.entries(ECS_EXECUTION_MINIMUM)) {
    if (!granted.has(action) || used.has(action)) continue;
    const samples = siblings.flatMap((s) => {
      const sample = used.get(s);
      return sample ? [sample] : [];
    });
    out.push({ action, resources: samples.length ? mergeSamples(samples) : emptySample() });
  }
  return out;
}

const MINIMUM_DETAIL =
  'ECS documents it for every task\'s image pull and logs (AmazonECSTaskExecutionRolePolicy, Amazon ECS task execution IAM role): a window without the call does not show the next task can do without it';

/** An execution role's unused and not-observable lists with the ECS minimum moved from the first to the second. */
export function withEcsMinimum<T extends { unused: UnusedEntry[]; notObservable: NotObservableEntry[] }>(seen: T): T {
  const moved = seen.unused.filter((u) => isEcsExecutionMinimum(u.action));
  if (moved.length === 0) return seen;
  return {
    ...seen,
    unused: seen.unused.filter((u) => !isEcsExecutionMinimum(u.action)),
    notObservable: [...seen.notObservable, ...moved.map((u) => ({ action: u.action, accessLevel: u.accessLevel, reason: 'ecs-execution-minimum' as const, detail: MINIMUM_DETAIL }))],
  };
}
