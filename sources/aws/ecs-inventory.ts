/**
 * ECS, live: clusters → services (described 10 at a time) → the task definitions they run,
 * plus the latest ACTIVE revision of every family (scheduled tasks and one-off runs use a
 * family's latest revision as a rule). Returns the same plain values the export directory
 * gives, so the inventory stage does not know where they came from.
 *
 * Bounded for accounts whose CI/CD registers a revision per deploy (thousands of ACTIVE
 * revisions): older unreferenced revisions are not described; revisions never change, so
 * a `cache` of described ones (kept in the bucket by the stack) makes later reads nearly
 * free; describes run `concurrency` at a time; and `shouldStop` (a time budget) ends the
 * read with the rest counted as `unread`, for the next run to carry on.
 */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  paginateListClusters,
  paginateListServices,
  paginateListTaskDefinitions,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { mapLimit } from '../../core/concurrency.ts';
import type { ServiceInput, TaskDefinitionInput } from '../../core/inventory/inventory.ts';
import { describeError } from './clients.ts';

export interface LiveEcs {
  taskDefinitions: TaskDefinitionInput[];
  services: ServiceInput[];
  problems: string[];
  /** Task definitions wanted but not described before `shouldStop` said stop. */
  unread: number;
}

/** Task definitions described before, by ARN (revisions are immutable). */
export interface DescribeCache {
  lookup(arn: string): TaskDefinitionInput | undefined;
  remember(arn: string, td: TaskDefinitionInput): void;
}

export interface EcsReadOptions {
  /** Keep a cluster? (name → boolean). Default: every cluster. */
  includeCluster?: (name: string) => boolean;
  cache?: DescribeCache;
  /** DescribeTaskDefinition calls in flight at once (default 5: ECS throttles bursts per account). */
  concurrency?: number;
  /** Checked before each describe; true ends the read (the rest is `unread`). */
  shouldStop?(): boolean;
}

/** `family` and `revision` of a task definition ARN (`…:task-definition/web:42`). */
export function familyRevision(arn: string): { family: string; revision: number } | undefined {
  const m = /task-definition\/([^:/]+):(\d+)$/.exec(arn);
  return m ? { family: m[1]!, revision: Number(m[2]) } : undefined;
}

/** The latest revision of each family among `arns`. */
export function latestRevisions(arns: Iterable<string>): string[] {
  const latest = new Map<string, { revision: number; arn: string }>();
  for (const arn of arns) {
    const fr = familyRevision(arn);
    if (!fr) continue;
    const seen = latest.get(fr.family);
    if (!seen || fr.revision > seen.revision) latest.set(fr.family, { revision: fr.revision, arn });
  }
  return [...latest.values()].map((v) => v.arn);
}

async function readServices(client: ECSClient, options: EcsReadOptions, problems: string[]): Promise<ServiceInput[]> {
  const services: ServiceInput[] = [];
  const clusters: string[] = [];
  for await (const page of paginateListClusters({ client }, {})) clusters.push(...(page.clusterArns ?? []));
  for (const cluster of clusters) {
    const name = cluster.slice(cluster.lastIndexOf('/') + 1);
    if (options.includeCluster && !options.includeCluster(name)) continue;
    const arns: string[] = [];
    for await (const page of paginateListServices({ client }, { cluster })) arns.push(...(page.serviceArns ?? []));
    for (let i = 0; i < arns.length; i += 10) {
      const out = await client.send(new DescribeServicesCommand({ cluster, services: arns.slice(i, i + 10) }));
      for (const s of out.services ?? []) {
        services.push({
          ...(s.serviceName ? { serviceName: s.serviceName } : {}),
          ...(s.clusterArn ? { clusterArn: s.clusterArn } : {}),
          ...(s.taskDefinition ? { taskDefinition: s.taskDefinition } : {}),
          deployments: (s.deployments ?? []).map((d) => ({ ...(d.taskDefinition ? { taskDefinition: d.taskDefinition } : {}) })),
        });
      }
      for (const f of out.failures ?? []) problems.push(`ECS service ${f.arn}: ${f.reason}`);
    }
  }
  return services;
}

async function describe(client: ECSClient, arn: string): Promise<TaskDefinitionInput | undefined> {
  const t = (await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))).taskDefinition;
  if (!t) return undefined;
  return {
    ...(t.taskDefinitionArn ? { taskDefinitionArn: t.taskDefinitionArn } : {}),
    ...(t.family ? { family: t.family } : {}),
    ...(t.revision !== undefined ? { revision: t.revision } : {}),
    ...(t.taskRoleArn ? { taskRoleArn: t.taskRoleArn } : {}),
    ...(t.executionRoleArn ? { executionRoleArn: t.executionRoleArn } : {}),
    ...(t.status ? { status: t.status } : {}),
  };
}

/** Read the inventory of one region. Listing errors (AccessDenied, a region not enabled) are thrown. */
export async function readEcs(client: ECSClient, options: EcsReadOptions = {}): Promise<LiveEcs> {
  const problems: string[] = [];
  const services = await readServices(client, options, problems);
  // Every task definition a service runs, plus each family's latest ACTIVE revision.
  const wanted = new Set<string>();
  for (const s of services) {
    if (s.taskDefinition) wanted.add(s.taskDefinition);
    for (const d of s.deployments ?? []) if (d.taskDefinition) wanted.add(d.taskDefinition);
  }
  // With a cluster filter, unattached task definitions belong to no cluster we were asked about.
  if (!options.includeCluster) {
    const active: string[] = [];
    for await (const page of paginateListTaskDefinitions({ client }, { status: 'ACTIVE' })) active.push(...(page.taskDefinitionArns ?? []));
    for (const arn of latestRevisions(active)) wanted.add(arn);
  }
  let unread = 0;
  const read = await mapLimit([...wanted], options.concurrency ?? 5, async (arn) => {
    const cached = options.cache?.lookup(arn);
    if (cached) return cached;
    if (options.shouldStop?.()) {
      unread++;
      return undefined;
    }
    try {
      const td = await describe(client, arn);
      if (td) options.cache?.remember(arn, td);
      return td;
    } catch (e) {
      problems.push(`ECS task definition ${arn}: ${describeError(e)}`);
      return undefined;
    }
  });
  return { taskDefinitions: read.filter((t): t is TaskDefinitionInput => t !== undefined), services, problems, unread };
}
