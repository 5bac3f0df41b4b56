/**
 * ECS tasks, live: a snapshot of each cluster's running tasks and of the stopped ones ECS
 * still lists (it keeps a stopped task for at least an hour), described 100 at a time
 * (`DescribeTasks`' limit), as task facts (core/workloads/tasks.ts). A task that starts and
 * stops between two snapshots further apart than that is not seen: the deployed stack's
 * EventBridge rule on task state changes records those (stack/task-events.ts).
 *
 * Bounded by the run's time budget: `shouldStop` is asked before each listing page and each
 * describe, and what was not read is counted (`unread`), never silently dropped.
 */
import { DescribeTasksCommand, paginateListClusters, paginateListTasks, type ECSClient } from '@aws-sdk/client-ecs';
import { taskFactOf, type TaskFact } from '../../core/workloads/tasks.ts';
import { describeError, ecsClient } from './clients.ts';

/** `DescribeTasks` takes at most this many tasks a call. */
export const DESCRIBE_TASKS_BATCH = 100;

export interface TaskSnapshot {
  facts: TaskFact[];
  problems: string[];
  /** Tasks listed but not described, and clusters not listed, before `shouldStop` said stop. */
  unread: number;
}

export interface TaskSnapshotOptions {
  /** Keep a cluster? (name → boolean). Default: every cluster. */
  includeCluster?: (name: string) => boolean;
  /** Asked before each page and each describe; true ends the read (the rest is `unread`). */
  shouldStop?(): boolean;
}

/** Every task ARN of one cluster with the given desired status, page by page, until told to stop. */
async function listTasks(client: ECSClient, cluster: string, desiredStatus: 'RUNNING' | 'STOPPED', o: TaskSnapshotOptions): Promise<{ arns: string[]; stopped: boolean }> {
  const arns: string[] = [];
  for await (const page of paginateListTasks({ client, pageSize: 100 }, { cluster, desiredStatus })) {
    arns.push(...(page.taskArns ?? []));
    if (o.shouldStop?.()) return { arns, stopped: true };
  }
  return { arns, stopped: false };
}

/** Describe `arns` of one cluster, 100 at a time; failures (a task gone since it was listed) are counted as problems. */
async function describeTasks(client: ECSClient, cluster: string, arns: readonly string[], out: TaskSnapshot, o: TaskSnapshotOptions): Promise<void> {
  let bad = 0;
  for (let i = 0; i < arns.length; i += DESCRIBE_TASKS_BATCH) {
    if (o.shouldStop?.()) {
      out.unread += arns.length - i;
      return;
    }
    const res = await client.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + DESCRIBE_TASKS_BATCH) }));
    for (const t of res.tasks ?? []) {
      const read = taskFactOf(t);
      if (read.ok) out.facts.push(read.fact);
      else bad++;
    }
  }
  if (bad) out.problems.push(`ECS cluster ${cluster}: ${bad} described task${bad === 1 ? '' : 's'} could not be read; their sessions stay unattributed`);
}

/** One region's clusters' tasks, running and recently stopped. Listing errors (AccessDenied) are thrown. */
export async function readEcsTasks(client: ECSClient, o: TaskSnapshotOptions = {}): Promise<TaskSnapshot> {
  const out: TaskSnapshot = { facts: [], problems: [], unread: 0 };
  const clusters: string[] = [];
  for await (const page of paginateListClusters({ client }, {})) clusters.push(...(page.clusterArns ?? []));
  for (const [n, cluster] of clusters.entries()) {
    const name = cluster.slice(cluster.lastIndexOf('/') + 1);
    if (o.includeCluster && !o.includeCluster(name)) continue;
    if (o.shouldStop?.()) {
      out.unread += clusters.length - n;
      out.problems.push(`ECS tasks of ${clusters.length - n} cluster${clusters.length - n === 1 ? '' : 's'} not listed within the time budget`);
      break;
    }
    try {
      for (const status of ['RUNNING', 'STOPPED'] as const) {
        const listed = await listTasks(client, cluster, status, o);
        await describeTasks(client, cluster, listed.arns, out, o);
        if (listed.stopped) break;
      }
    } catch (e) {
      out.problems.push(`ECS tasks of cluster ${name}: ${describeError(e)}; its tasks' sessions stay unattributed`);
    }
  }
  return out;
}

/** Several regions' task snapshots, read concurrently; a region that refuses is a problem named for it. */
export async function readRegionsTasks(regions: readonly string[], o: TaskSnapshotOptions = {}, clientOf: (region: string) => ECSClient = (region) => ecsClient({ region })): Promise<TaskSnapshot> {
  const read = await Promise.all(
    regions.map(async (region) => {
      try {
        return await readEcsTasks(clientOf(region), o);
      } catch (e) {
        return { facts: [], problems: [`${region}: ECS tasks not readable (${describeError(e)}); sessions of its tasks stay unattributed`], unread: 0 };
      }
    }),
  );
  return { facts: read.flatMap((r) => r.facts), problems: read.flatMap((r) => r.problems), unread: read.reduce((n, r) => n + r.unread, 0) };
}
