/**
 * The sandbox's ECS tasks, as ECS shows them at the sandbox clock's time: `ListTasks`
 * (by cluster and desired status, paginated) and `DescribeTasks` (at most 100 a call) see a
 * task from its creation, running until it stops, then stopped for an hour, after which it
 * is gone (ECS keeps stopped tasks listed for at least an hour; the sandbox for exactly
 * that). `taskStateChanges` gives the EventBridge `ECS Task State Change` events the
 * tasks would have sent in a span: what the deployed stack's rule records.
 */
import type { TaskFact } from '../core/workloads/tasks.ts';

type Json = Record<string, unknown>;

/** How long ECS lists a stopped task in the sandbox. */
export const STOPPED_TASK_VISIBLE_MS = 3_600_000;

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);

/** Is the task listed at `now`: created, and not stopped for longer than ECS keeps it? */
export function isTaskVisible(t: TaskFact, now: number): boolean {
  const created = ms(t.createdAt ?? t.startedAt);
  const stopped = ms(t.stoppedAt);
  return created !== undefined && created <= now && (stopped === undefined || now < stopped + STOPPED_TASK_VISIBLE_MS);
}

/** RUNNING until it stops, STOPPED after (`lastStatus` and `desiredStatus` alike, at the sandbox's grain). */
export function statusAt(t: TaskFact, now: number): 'RUNNING' | 'STOPPED' {
  const stopped = ms(t.stoppedAt);
  return stopped !== undefined && stopped <= now ? 'STOPPED' : 'RUNNING';
}

/** The task as the ECS API returns it at `now` (timestamps as epoch seconds, the JSON 1.1 wire form). */
export function describedAt(t: TaskFact, now: number, accountId: string): Json {
  const region = t.region ?? 'us-east-1';
  const status = statusAt(t, now);
  const seconds = (iso: string | undefined) => (iso ? Date.parse(iso) / 1000 : undefined);
  return {
    taskArn: t.taskArn,
    taskDefinitionArn: `arn:aws:ecs:${region}:${accountId}:task-definition/${t.taskDefinition}`,
    clusterArn: `arn:aws:ecs:${region}:${accountId}:cluster/${t.cluster ?? 'default'}`,
    ...(t.group ? { group: t.group } : {}),
    ...(t.startedBy ? { startedBy: t.startedBy } : {}),
    ...(t.launchType ? { launchType: t.launchType } : {}),
    lastStatus: status,
    desiredStatus: status,
    ...(t.createdAt ? { createdAt: seconds(t.createdAt) } : {}),
    ...(t.startedAt && ms(t.startedAt)! <= now ? { startedAt: seconds(t.startedAt) } : {}),
    ...(status === 'STOPPED' ? { stoppedAt: seconds(t.stoppedAt) } : {}),
  };
}

/** The task ARNs of a cluster (name or ARN) with a desired status, listed at `now`. */
export function listedTaskArns(tasks: readonly TaskFact[], cluster: string, desiredStatus: string, now: number): string[] {
  const name = cluster.slice(cluster.lastIndexOf('/') + 1);
  return tasks.filter((t) => (t.cluster ?? 'default') === name && isTaskVisible(t, now) && statusAt(t, now) === desiredStatus).map((t) => t.taskArn!);
}

/**
 * The `ECS Task State Change` events the tasks sent in [from, to): one when a task started
 * running and one when it stopped, each carrying the task as its `detail`, in time order.
 */
export function taskStateChanges(tasks: readonly TaskFact[], from: number, to: number, accountId: string): Json[] {
  const events: { at: number; event: Json }[] = [];
  for (const t of tasks) {
    const region = t.region ?? 'us-east-1';
    for (const at of [ms(t.startedAt ?? t.createdAt), ms(t.stoppedAt)]) {
      if (at === undefined || at < from || at >= to) continue;
      const detail = describedAt(t, at, accountId);
      // EventBridge carries the task with ISO timestamps, as the events' documentation shows them.
      for (const k of ['createdAt', 'startedAt', 'stoppedAt']) if (typeof detail[k] === 'number') detail[k] = new Date((detail[k] as number) * 1000).toISOString();
      events.push({
        at,
        event: { version: '0', id: `${t.taskId}-${detail.lastStatus}`, 'detail-type': 'ECS Task State Change', source: 'aws.ecs', account: accountId, time: new Date(at).toISOString().slice(0, 19) + 'Z', region, resources: [t.taskArn], detail },
      });
    }
  }
  return events.sort((a, b) => a.at - b.at).map((e) => e.event);
}
