/**
 * The live task snapshot against the sandbox: running tasks and those stopped within the
 * hour, described 100 at a time, both task ID formats, within a time budget.
 */
import { ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEcsTasks } from '../../sources/aws/ecs-tasks.ts';
import { isTaskVisible, STOPPED_TASK_VISIBLE_MS, taskStateChanges } from '../../sandbox/ecs-tasks.ts';
import { scenarioFromExport, type Scenario } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';

let sb: Sandbox;
let scenario: Scenario;
const at = (iso: string) => Date.parse(iso);

beforeAll(async () => {
  scenario = await scenarioFromExport();
  // Page size 1: every ListTasks page has to follow its token.
  sb = await startSandbox(scenario, { now: at('2026-11-14T14:20:00Z'), pageSize: 1 });
});
afterAll(() => sb.close());

const client = () => new ECSClient({ endpoint: sb.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: 'x' } });

describe('ECS task snapshot', () => {
  it('lists running tasks and those stopped within the hour, in both task ID formats', async () => {
    sb.clock.set(at('2026-11-14T14:20:00Z'));
    const snap = await readEcsTasks(client());
    const ids = new Set(snap.facts.map((f) => f.taskId));
    const expected = scenario.tasks!.filter((t) => isTaskVisible(t, at('2026-11-14T14:20:00Z')));
    expect([...ids].sort()).toEqual(expected.map((t) => t.taskId).sort());
    // The worker's tasks run on the older cluster: UUID IDs, ARNs without the cluster name.
    const worker = snap.facts.filter((f) => f.taskDefinition === 'order-worker:7');
    expect(worker).toHaveLength(2);
    expect(worker.every((f) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(f.taskId) && f.service === 'order-worker' && f.cluster === 'prod')).toBe(true);
    // Revision 8's failed tasks stopped minutes ago: still listed, stopped.
    expect(snap.facts.filter((f) => f.taskDefinition === 'order-worker:8').map((f) => f.lastStatus)).toContain('STOPPED');
    expect(snap.unread).toBe(0);
  });

  it('no longer sees a short-lived task an hour after it stopped: only a task state change event names it then', async () => {
    const reindex = scenario.tasks!.find((t) => t.taskDefinition === 'catalog-reindex:2' && t.startedAt! > '2026-11-10T06:00:00Z')!;
    const stopped = at(reindex.stoppedAt!);
    sb.clock.set(stopped + 60_000);
    expect((await readEcsTasks(client())).facts.map((f) => f.taskId)).toContain(reindex.taskId);
    sb.clock.set(stopped + STOPPED_TASK_VISIBLE_MS + 60_000);
    expect((await readEcsTasks(client())).facts.map((f) => f.taskId)).not.toContain(reindex.taskId);
    const events = taskStateChanges(scenario.tasks!, stopped - 3_600_000, stopped + 1, scenario.accountId);
    const mine = events.filter((e) => (e.detail as { taskArn: string }).taskArn === reindex.taskArn);
    expect(mine.map((e) => (e.detail as { lastStatus: string }).lastStatus)).toEqual(['RUNNING', 'STOPPED']);
    expect(mine[0]).toMatchObject({ source: 'aws.ecs', 'detail-type': 'ECS Task State Change' });
  });

  it('stops within its time budget and counts what it did not describe', async () => {
    sb.clock.set(at('2026-11-14T14:20:00Z'));
    let asked = 0;
    const snap = await readEcsTasks(client(), { shouldStop: () => asked++ >= 3 });
    expect(snap.unread).toBeGreaterThan(0);
    expect(snap.facts.length).toBeLessThan(scenario.tasks!.filter((t) => isTaskVisible(t, at('2026-11-14T14:20:00Z'))).length);
  });
});
