/**
 * Workloads in the deployed stack, against the sandbox: collect's task snapshots stored
 * beside the aggregates; a denial alerted with the revision it began with ("denied since
 * orders-api:15 was deployed"); a half-minute scheduled task that no snapshot saw is an
 * unattributed task in the report until the task state change events (trail mode's rule)
 * are recorded, and then it is its workload's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskStateChanges } from '../../sandbox/ecs-tasks.ts';
import { scenarioFromExport, type Scenario } from '../../sandbox/scenario.ts';
import { recordTaskEvent } from '../../stack/task-events.ts';
import { publishedOf, stackHarness, type StackHarness } from './stack-harness.ts';

let scenario: Scenario;
let h: StackHarness;

beforeAll(async () => {
  scenario = await scenarioFromExport();
  h = await stackHarness(scenario, {
    now: '2026-11-13T09:00:00Z',
    env: { POLICY_DRIFT_REGIONS: 'us-east-1', POLICY_DRIFT_BUCKET: 'work-bucket', POLICY_DRIFT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:t', POLICY_DRIFT_BACKFILL_HOURS: '1', POLICY_DRIFT_WINDOW_DAYS: '7' },
  });
});
afterAll(() => h.close());

const bucket = () => [...h.sb.state.buckets.get('work-bucket')!.keys()].sort();

describe('workloads in the deployed stack', () => {
  it('stores each collect run\'s task snapshot beside the aggregates, and alerts a denial with the revision it began with', async () => {
    const from = h.sb.state.published.length;
    await h.collect('2026-11-13T10:15:00Z');
    expect(bucket().filter((k) => k.startsWith('usage/tasks/date=2026-11-13/region=us-east-1/'))).toEqual([`usage/tasks/date=2026-11-13/region=us-east-1/snapshot_run-${Date.parse('2026-11-13T10:15:00Z')}.json.gz`]);
    const alert = publishedOf(h.sb, 'access-denied', from).find((a) => a.subject!.includes('orders-api-task denied secretsmanager:GetSecretValue'))!;
    expect(alert.message).toMatch(/Revision:\s+denied since orders-api:15 was deployed \(first task 2026-11-13T10:00:15Z; orders-api:14 ran before it/);
  });

  it('leaves a task no snapshot saw unattributed, and attributes it once its task state change events are recorded', async () => {
    // The 12:05 reindex run lives half a minute; collect then misses two ticks, and ECS stops listing it after an hour.
    await h.collect('2026-11-13T12:00:00Z');
    await h.collect('2026-11-13T13:30:00Z');
    const before = (await h.report('2026-11-13T13:30:00Z')).json.roles.find((r) => r.roleName === 'ecs-task-execution')!;
    expect(before.attribution!.unknownTasks).toBe(1);
    expect(before.workloads.find((w) => w.taskDefinition === 'catalog-reindex:2')?.tasks ?? 0).toBe(0);

    for (const e of taskStateChanges(scenario.tasks!, Date.parse('2026-11-13T12:00:00Z'), Date.parse('2026-11-13T13:30:00Z'), scenario.accountId)) {
      // Here the stack's own layout (one account); trail mode files them under each account's prefix.
      expect(await recordTaskEvent(() => h.store.store, e)).toHaveProperty('stored');
    }
    const after = (await h.report('2026-11-13T13:30:00Z')).json.roles.find((r) => r.roleName === 'ecs-task-execution')!;
    expect(after.attribution!.unknownTasks).toBe(0);
    expect(after.workloads.find((w) => w.taskDefinition === 'catalog-reindex:2')).toMatchObject({ kind: 'standalone', tasks: 1 });
  });

  it('skips what is not a task state change, saying why', async () => {
    expect(await recordTaskEvent(() => h.store.store, { 'detail-type': 'AWS API Call via CloudTrail', detail: {} })).toMatchObject({ skipped: expect.stringMatching(/not a task state change/) });
    expect(await recordTaskEvent(() => h.store.store, { 'detail-type': 'ECS Task State Change', detail: { taskArn: 'nope' } })).toMatchObject({ skipped: expect.stringMatching(/task ARN/) });
  });
});
