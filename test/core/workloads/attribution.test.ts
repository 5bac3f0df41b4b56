import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../../core/arn.ts';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { compactUsage } from '../../../core/usage/build.ts';
import { foldContext, foldRecord } from '../../../core/usage/fold.ts';
import { emptyUsage, type UsageAggregate } from '../../../core/usage/model.ts';
import { attributeSessions } from '../../../core/workloads/attribute.ts';
import { isTaskId, mergeTaskFact, taskFactOf, taskIdOfArn, taskIndex, type TaskFact } from '../../../core/workloads/tasks.ts';
import { ACCOUNT, catalog, roleRecord } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const HEX_TASK = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const UUID_TASK = '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const UNKNOWN_TASK = 'ffeeddccbbaa99887766554433221100';
const ROLE = roleKey(ACCOUNT, 'app-task');

function fold(records: unknown[]): UsageAggregate {
  const agg = emptyUsage();
  const ctx = foldContext(cat, { tracked: [ROLE] });
  for (const r of records) foldRecord(agg, r, ctx);
  return compactUsage(agg);
}

/** ECS assuming the role for a task, as CloudTrail records it. */
function ecsAssume(taskId: string, time = '2026-11-10T09:59:00Z'): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' },
    eventTime: time,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: 'us-east-1',
    requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/app-task`, roleSessionName: taskId },
    eventID: `assume-${taskId}-${time}`,
    managementEvent: true,
    eventCategory: 'Management',
  };
}

/** A task as `aws ecs describe-tasks` prints it (CLI timestamps). */
function described(taskArn: string, taskDefinition: string, group: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    taskArn,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/${taskDefinition}`,
    clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`,
    group,
    lastStatus: 'RUNNING',
    launchType: 'FARGATE',
    startedAt: '2026-11-10T09:58:12.345000+00:00',
    ...extra,
  };
}

function fact(raw: unknown): TaskFact {
  const read = taskFactOf(raw);
  if (!read.ok) throw new Error(read.problem);
  return read.fact;
}

const bucketObject = (key: string) => ({ bucketName: 'orders', key });

describe('task facts', () => {
  it('reads the task ID of both ARN formats and knows both ID formats', () => {
    expect(taskIdOfArn(`arn:aws:ecs:us-east-1:${ACCOUNT}:task/prod/${HEX_TASK}`)).toBe(HEX_TASK);
    expect(taskIdOfArn(`arn:aws:ecs:us-east-1:${ACCOUNT}:task/${UUID_TASK}`)).toBe(UUID_TASK);
    expect(taskIdOfArn(`arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/api`)).toBeUndefined();
    expect(isTaskId(HEX_TASK) && isTaskId(UUID_TASK)).toBe(true);
    expect(isTaskId('jane-debug')).toBe(false);
  });

  it('reads a described task whatever its timestamps look like (CLI text, epoch seconds, SDK Date)', () => {
    const arn = `arn:aws:ecs:us-east-1:${ACCOUNT}:task/prod/${HEX_TASK}`;
    const base = { taskArn: arn, taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/api:7`, group: 'service:api', clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod` };
    for (const startedAt of ['2026-11-10T09:58:12.345000+00:00', 1794304692.345, new Date('2026-11-10T09:58:12.345Z')]) {
      expect(fact({ ...base, startedAt })).toMatchObject({ taskId: HEX_TASK, taskDefinition: 'api:7', service: 'api', cluster: 'prod', region: 'us-east-1', startedAt: '2026-11-10T09:58:12Z' });
    }
    expect(taskFactOf({ ...base, taskArn: 'arn:aws:ecs:us-east-1:1:task/prod/not-an-id' })).toMatchObject({ ok: false });
    expect(taskFactOf({ ...base, taskDefinitionArn: undefined })).toMatchObject({ ok: false });
    expect(taskFactOf('nonsense')).toMatchObject({ ok: false });
  });

  it('merges facts about one task in any order: the later status and the stop time win', () => {
    const running = fact(described(`arn:aws:ecs:us-east-1:${ACCOUNT}:task/prod/${HEX_TASK}`, 'api:7', 'service:api'));
    const stopped = { ...running, lastStatus: 'STOPPED', stoppedAt: '2026-11-10T12:00:00Z' };
    expect(mergeTaskFact(running, stopped)).toEqual(stopped);
    expect(mergeTaskFact(stopped, running)).toEqual(stopped);
    expect(mergeTaskFact(stopped, stopped)).toEqual(stopped);
  });
});

describe('sessions → workloads', () => {
  const records = () => [
    ecsAssume(HEX_TASK),
    ecsAssume(UUID_TASK),
    ecsAssume(UNKNOWN_TASK),
    // The service's task (32-hex ID) reads orders; the scheduled task (UUID ID) writes them.
    ...[1, 2, 3].map((i) => roleRecord({ session: HEX_TASK, name: 'GetObject', params: bucketObject(`in/${i}.json`), data: true, time: `2026-11-10T10:0${i}:00Z` })),
    ...[1, 2].map((i) => roleRecord({ session: UUID_TASK, name: 'PutObject', params: bucketObject(`out/${i}.json`), data: true, time: `2026-11-10T11:0${i}:00Z` })),
    roleRecord({ session: UUID_TASK, name: 'GetObject', params: bucketObject('in/9.json'), data: true, time: '2026-11-10T11:05:00Z' }),
    roleRecord({ session: UUID_TASK, name: 'DeleteObject', params: bucketObject('in/9.json'), data: true, time: '2026-11-10T11:06:00Z', errorCode: 'AccessDenied', errorMessage: 'no identity-based policy allows the s3:DeleteObject action' }),
    // A task ECS started whose facts are missing, and a person's session: both unattributed.
    roleRecord({ session: UNKNOWN_TASK, name: 'GetObject', params: bucketObject('in/7.json'), data: true, time: '2026-11-10T12:00:00Z' }),
    roleRecord({ session: 'jane-debug', name: 'PutObject', params: bucketObject('tmp/x.json'), data: true, time: '2026-11-10T12:30:00Z' }),
  ];
  const facts = () => [
    fact(described(`arn:aws:ecs:us-east-1:${ACCOUNT}:task/prod/${HEX_TASK}`, 'api:7', 'service:api')),
    fact(described(`arn:aws:ecs:us-east-1:${ACCOUNT}:task/${UUID_TASK}`, 'nightly:3', 'family:nightly', { startedBy: 'events-rule/nightly', lastStatus: 'STOPPED' })),
  ];

  it('places each session in its task\'s workload, for both task ID formats', () => {
    const usage = fold(records());
    const att = attributeSessions(usage.roles[ROLE], taskIndex(facts()));
    const api = att.workloads.get('service:prod/api')!;
    const nightly = att.workloads.get('family:nightly')!;
    expect(api.identity).toMatchObject({ kind: 'service', service: 'api', cluster: 'prod', family: 'api' });
    expect([...api.actions.keys()]).toEqual(['s3:GetObject']);
    expect(api.actions.get('s3:GetObject')).toMatchObject({ count: 3, firstSeen: '2026-11-10T10:01:00Z', lastSeen: '2026-11-10T10:03:00Z', tasks: 1 });
    expect(nightly.identity).toMatchObject({ kind: 'standalone', family: 'nightly' });
    expect(Object.fromEntries([...nightly.actions].map(([a, c]) => [a, c.count]))).toEqual({ 's3:GetObject': 1, 's3:PutObject': 2 });
    expect([...nightly.denied.keys()]).toEqual(['s3:DeleteObject|no-identity-policy|AccessDenied']);
    expect([...nightly.revisions]).toEqual(['nightly:3']);
    expect(att.revisions.get('api:7')?.firstTask).toBe('2026-11-10T09:58:12Z');
  });

  it('never guesses: sessions without task facts are unattributed, and said to be ECS tasks only on AssumeRole evidence', () => {
    const att = attributeSessions(fold(records()).roles[ROLE], taskIndex(facts()));
    expect(att.unattributed).toMatchObject({ sessions: 2, ecsTasks: 1, withoutDetail: 0, calls: 2 });
    expect(Object.fromEntries([...att.unattributed.actions].map(([a, u]) => [a, u.calls]))).toEqual({ 's3:GetObject': 1, 's3:PutObject': 1 });
    // No facts at all: every call of the role is unattributed, none is placed.
    const none = attributeSessions(fold(records()).roles[ROLE], new Map());
    expect(none.workloads.size).toBe(0);
    expect(none.unattributed).toMatchObject({ sessions: 4, ecsTasks: 3, calls: 9 });
  });

  it('finds the task whatever order the facts and calls came in: facts are looked up by the session hash', () => {
    const forward = attributeSessions(fold(records()).roles[ROLE], taskIndex(facts()));
    const backward = attributeSessions(fold(records().reverse()).roles[ROLE], taskIndex(facts().reverse()));
    const view = (a: typeof forward) => [...a.workloads].map(([k, w]) => [k, [...w.actions].map(([x, c]) => [x, c.count, c.firstSeen, c.lastSeen]).sort()]).sort();
    expect(view(backward)).toEqual(view(forward));
  });
});
