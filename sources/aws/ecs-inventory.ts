/**
 * ECS, live: clusters → services (described 10 at a time) → their task definitions, plus
 * the ACTIVE task definitions no service uses. Returns the same plain values the export
 * directory gives, so the inventory stage does not know where they came from.
 */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  paginateListClusters,
  paginateListServices,
  paginateListTaskDefinitions,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import type { ServiceInput, TaskDefinitionInput } from '../../core/inventory/inventory.ts';
import { describeError } from './clients.ts';

export interface LiveEcs {
  taskDefinitions: TaskDefinitionInput[];
  services: ServiceInput[];
  problems: string[];
}

export interface EcsReadOptions {
  /** Keep a cluster? (name → boolean). Default: every cluster. */
  includeCluster?: (name: string) => boolean;
}

/** Read the inventory of one region. */
export async function readEcs(client: ECSClient, options: EcsReadOptions = {}): Promise<LiveEcs> {
  const problems: string[] = [];
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

  // Every task definition a service runs, plus ACTIVE ones no service uses (scheduled tasks, one-offs).
  const wanted = new Set<string>();
  for (const s of services) {
    if (s.taskDefinition) wanted.add(s.taskDefinition);
    for (const d of s.deployments ?? []) if (d.taskDefinition) wanted.add(d.taskDefinition);
  }
  // With a cluster filter, unattached task definitions belong to no cluster we were asked about.
  if (!options.includeCluster) {
    for await (const page of paginateListTaskDefinitions({ client }, { status: 'ACTIVE' })) for (const a of page.taskDefinitionArns ?? []) wanted.add(a);
  }
  const taskDefinitions: TaskDefinitionInput[] = [];
  for (const td of wanted) {
    try {
      const out = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: td }));
      const t = out.taskDefinition;
      if (!t) continue;
      taskDefinitions.push({
        ...(t.taskDefinitionArn ? { taskDefinitionArn: t.taskDefinitionArn } : {}),
        ...(t.family ? { family: t.family } : {}),
        ...(t.revision !== undefined ? { revision: t.revision } : {}),
        ...(t.taskRoleArn ? { taskRoleArn: t.taskRoleArn } : {}),
        ...(t.executionRoleArn ? { executionRoleArn: t.executionRoleArn } : {}),
        ...(t.status ? { status: t.status } : {}),
      });
    } catch (e) {
      problems.push(`ECS task definition ${td}: ${describeError(e)}`);
    }
  }
  return { taskDefinitions, services, problems };
}
