/**
 * The pipeline's ports: a snapshot takes IAM's spelling of each role ARN once, a feed
 * source folds what its adapter pushes (window, compaction, coverage), and the pipeline
 * joins snapshot and trail into one report whatever the source.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { InputError } from '../../core/errors.ts';
import { buildInventory } from '../../core/inventory/inventory.ts';
import { accountSnapshot, feedSource, requireTrackedRoles, runPipeline, type AccountSnapshot } from '../../core/pipeline.ts';
import { ACCOUNT, allow, catalog, policy, roleGrants, roleRecord } from '../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const td = (role: string) => ({ taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/app:1`, family: 'app', revision: 1, taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}` });

function snapshot(): AccountSnapshot {
  // The task definition names the role without its path; IAM knows it under /app/.
  const inventory = buildInventory([td('app-task')], []);
  const grants = new Map([[`${ACCOUNT}:app-task`, roleGrants('app-task', [policy('p', allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::b/*'))], undefined, '/app/')]]);
  return accountSnapshot({ source: 'test', inventory, grants, problems: ['an account problem'] });
}

describe('account snapshot', () => {
  it('gives every tracked role IAM\'s ARN, with its path', () => {
    expect([...snapshot().inventory.roles.values()].map((r) => r.roleArn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/app/app-task`]);
  });

  it('refuses, for a one-shot analysis, an account that tracks no role', () => {
    const empty = accountSnapshot({ source: 'empty-dir', inventory: buildInventory([], []), grants: new Map(), problems: [] });
    expect(() => requireTrackedRoles(empty)).toThrow(InputError);
    expect(() => requireTrackedRoles(empty)).toThrow(/nothing to analyse in empty-dir/);
    expect(() => requireTrackedRoles(snapshot())).not.toThrow();
  });
});

describe('feed source and pipeline', () => {
  const records = [
    roleRecord({ role: 'app-task', path: '/app/', name: 'GetObject', data: true, time: '2026-11-10T10:00:00Z', params: { bucketName: 'b', key: 'k' } }),
    roleRecord({ role: 'app-task', path: '/app/', name: 'GetObject', data: true, time: '2026-11-12T10:00:00Z', params: { bucketName: 'b', key: 'k' } }),
    // Another principal's object write: the input holds S3 data events of both kinds, for bucket b.
    roleRecord({ role: 'someone-else', name: 'PutObject', data: true, time: '2026-11-10T12:00:00Z', params: { bucketName: 'b', key: 'k2' } }),
  ];
  const trail = feedSource(async (sink, request) => {
    for (const r of records) sink.record(r);
    sink.skipRecord('invalid-json');
    return {
      window: { start: request.since, end: request.until },
      incompleteRegions: [],
      problems: ['a trail problem'],
      coverage: [{ region: 'us-east-1', start: '2026-11-10T00:00:00Z', end: '2026-11-11T00:00:00Z' }],
    };
  });

  it('folds what the adapter pushes: the window, skips, compaction and coverage', async () => {
    const read = await trail.read({ catalog: cat, tracked: new Set([`${ACCOUNT}:app-task`]), since: '2026-11-10T00:00:00Z', until: '2026-11-11T00:00:00Z' });
    expect(read.usage.input).toMatchObject({ records: 4, attributed: 1, notTracked: 1, outsideWindow: 1, skipped: { 'invalid-json': 1 } });
    expect(read.usage.roles[`${ACCOUNT}:app-task`]!.actions['s3:GetObject']!.keys).toHaveLength(1);
    expect(read.usage.coverage).toEqual([{ region: 'us-east-1', start: '2026-11-10T00:00:00Z', end: '2026-11-11T00:00:00Z' }]);
  });

  it('joins snapshot and trail: used, unused, the window and both sources\' problems', async () => {
    const report = await runPipeline({ catalog: cat, account: snapshot(), trail, since: '2026-11-09T00:00:00Z', until: '2026-11-13T00:00:00Z', generatedAt: '2026-11-20T00:00:00Z' });
    expect(report.window).toEqual({ start: '2026-11-09T00:00:00Z', end: '2026-11-13T00:00:00Z' });
    expect(report.problems).toEqual(['an account problem', 'a trail problem']);
    const role = report.roles[0]!;
    expect(role.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/app/app-task`);
    expect(role.used.map((u) => [u.action, u.count])).toEqual([['s3:GetObject', 2]]);
    expect(role.unused.map((u) => u.action)).toEqual(['s3:PutObject']);
  });
});
