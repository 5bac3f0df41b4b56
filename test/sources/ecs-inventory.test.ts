/**
 * The live ECS inventory against the sandbox, in an account whose CI/CD registers a
 * task-definition revision per deploy: only the revisions services run and each family's
 * latest are described, a few at a time, once (then from the cache), within a time budget.
 */
import { ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskDefinitionInput } from '../../core/inventory/inventory.ts';
import { familyRevision, latestRevisions, readEcs, type DescribeCache } from '../../sources/aws/ecs-inventory.ts';
import { scenarioFromExport } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';

const ACCOUNT = '111122223333';
const REVISIONS = 2000;
let sb: Sandbox;

beforeAll(async () => {
  const s = await scenarioFromExport();
  const td = (rev: number) => ({ taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/ci-app:${rev}`, family: 'ci-app', revision: rev, taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/ci-app-task`, status: 'ACTIVE' });
  const cluster = s.clusterArns[0]!;
  const service = { serviceArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/ci-app`, serviceName: 'ci-app', clusterArn: cluster, taskDefinition: td(1500).taskDefinitionArn };
  sb = await startSandbox({ ...s, taskDefinitions: [...s.taskDefinitions, ...Array.from({ length: REVISIONS }, (_, i) => td(i + 1))], services: [...s.services, service] }, { now: Date.parse('2026-11-12T00:00:00Z'), pageSize: 100 });
});
afterAll(() => sb.close());

/** An ECS client that counts its requests in flight. */
function countingClient() {
  const client = new ECSClient({ endpoint: sb.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: 'x' } });
  const seen = { inFlight: 0, max: 0 };
  const send = client.send.bind(client) as (c: unknown) => Promise<unknown>;
  client.send = (async (command: unknown) => {
    seen.max = Math.max(seen.max, ++seen.inFlight);
    try {
      return await send(command);
    } finally {
      seen.inFlight--;
    }
  }) as typeof client.send;
  return { client, seen };
}

function mapCache(): DescribeCache & { entries: Map<string, TaskDefinitionInput> } {
  const entries = new Map<string, TaskDefinitionInput>();
  return { entries, lookup: (arn) => entries.get(arn), remember: (arn, td) => void entries.set(arn, td) };
}

const describes = () => sb.state.calls.filter((c) => c.op === 'ECS.DescribeTaskDefinition').length;

describe('ECS inventory with thousands of revisions', () => {
  it('describes only the revisions services run and each family\'s latest, a few at a time', async () => {
    const { client, seen } = countingClient();
    const cache = mapCache();
    const before = describes();
    const ecs = await readEcs(client, { cache, concurrency: 4 });
    const read = ecs.taskDefinitions.map((t) => `${t.family}:${t.revision}`).sort();
    expect(read).toEqual(['catalog-api:4', 'catalog-reindex:2', 'catalog-sync:2', 'ci-app:1500', `ci-app:${REVISIONS}`, 'nightly-report:3', 'order-worker:7', 'order-worker:8', 'orders-api:15']);
    expect(describes() - before).toBe(9);
    expect(seen.max).toBeLessThanOrEqual(4);
    expect(seen.max).toBeGreaterThan(1);
    expect(ecs.unread).toBe(0);
    // Revisions never change: a later read describes nothing.
    const again = await readEcs(client, { cache, concurrency: 4 });
    expect(again.taskDefinitions).toHaveLength(9);
    expect(describes() - before).toBe(9);
  });

  it('stops describing when its time budget runs out and counts what it did not read', async () => {
    const { client } = countingClient();
    let described = 0;
    const cache = mapCache();
    const ecs = await readEcs(client, { cache, concurrency: 1, shouldStop: () => described++ >= 2 });
    expect(ecs.taskDefinitions).toHaveLength(2);
    expect(ecs.unread).toBe(7);
    // The next read carries on from what the first one kept.
    const next = await readEcs(client, { cache, concurrency: 1 });
    expect(next.taskDefinitions).toHaveLength(9);
  });

  it('finds each family\'s latest revision from the ARNs alone', () => {
    expect(familyRevision('arn:aws:ecs:us-east-1:1:task-definition/web:42')).toEqual({ family: 'web', revision: 42 });
    expect(latestRevisions(['arn:aws:ecs:r:1:task-definition/web:9', 'arn:aws:ecs:r:1:task-definition/web:10', 'arn:aws:ecs:r:1:task-definition/web-worker:3']).sort()).toEqual([
      'arn:aws:ecs:r:1:task-definition/web-worker:3',
      'arn:aws:ecs:r:1:task-definition/web:10',
    ]);
  });
});
