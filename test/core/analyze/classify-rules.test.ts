/**
 * The rules that keep "unused" true on real CloudTrail, each end to end: records → fold →
 * analysis. A role is granted a set of actions; the input decides which are unused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../../core/arn.ts';
import { analyze } from '../../../core/analyze/analyze.ts';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { buildInventory } from '../../../core/inventory/inventory.ts';
import type { RoleGrants } from '../../../core/model.ts';
import { rolesFromAuthorizationDetails } from '../../../core/policy/authorization-details.ts';
import type { RoleReport } from '../../../core/report/schema.ts';
import { compactUsage } from '../../../core/usage/build.ts';
import { foldContext, foldRecord } from '../../../core/usage/fold.ts';
import { emptyUsage } from '../../../core/usage/model.ts';
import { ACCOUNT, allow, catalog, policy, roleGrants, roleRecord } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const KEY = roleKey(ACCOUNT, 'app-task');

interface Run {
  actions: string[];
  /** The granting statement's `Resource`; default `*`. */
  resources?: string[];
  /** Track the role as named with `--role` (no task definition) instead of by its task definition. */
  namedWithRole?: boolean;
  records: Record<string, unknown>[];
  iam?: Partial<RoleGrants>;
  window?: { since?: string; until?: string };
  regionsRead?: string[];
}

function run(o: Run): RoleReport {
  const inventory = o.namedWithRole
    ? buildInventory([], [], { extraRoles: [`arn:aws:iam::${ACCOUNT}:role/app-task`] })
    : buildInventory([{ family: 'api', revision: 1, taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/app-task` }], []);
  const usage = emptyUsage();
  const ctx = foldContext(cat, { tracked: inventory.roles.keys(), ...o.window });
  for (const r of o.records) foldRecord(usage, r, ctx);
  compactUsage(usage);
  const iamRoles = new Map([[KEY, { ...roleGrants('app-task', [policy('p', allow(o.actions, o.resources ?? '*'))]), ...o.iam }]]);
  const window = { start: o.window?.since ?? usage.span.start, end: o.window?.until ?? usage.span.end };
  const report = analyze({ catalog: cat, inventory, iamRoles, usage, window, generatedAt: '2026-11-20T00:00:00Z', ...(o.regionsRead ? { regionsRead: o.regionsRead } : {}) });
  return report.roles[0]!;
}

const unused = (r: RoleReport) => r.unused.map((u) => u.action);
const hidden = (r: RoleReport) => Object.fromEntries(r.notObservable.map((n) => [n.action, n.reason]));
const suggested = (r: RoleReport) => r.suggestedPolicies.flatMap((p) => p.Statement.flatMap((s) => s.Action));
/** A record of another principal: it shows what the input holds without being the role's use. */
const other = (o: Parameters<typeof roleRecord>[0]) => roleRecord({ ...o, role: 'someone-else' });
/** Management events of both kinds (as LookupEvents gives), by another principal. */
const management = () => [{ ...other({ source: 'kms', name: 'Encrypt' }), readOnly: false }, { ...other({ source: 'kms', name: 'DescribeKey' }), readOnly: true }];

describe('calls that map to no known action', () => {
  it('make the role\'s unseen actions of that service not observable (unmapped-calls), with names and counts', () => {
    const role = run({
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 's3:PutBucketPolicy'],
      records: [1, 2].map(() => roleRecord({ source: 'secretsmanager', name: 'GetSecretValueFromTheFuture' })),
    });
    expect(role.unmapped).toEqual([{ eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValueFromTheFuture', count: 2 }]);
    expect(hidden(role)['secretsmanager:GetSecretValue']).toBe('unmapped-calls');
    expect(role.notObservable.find((n) => n.action === 'secretsmanager:DescribeSecret')?.detail).toMatch(/GetSecretValueFromTheFuture ×2/);
    // Other services keep their claims; the not-observable ones stay in the suggestion.
    expect(unused(role)).toEqual(['s3:PutBucketPolicy']);
    expect(suggested(role)).toContain('secretsmanager:GetSecretValue');
    expect(role.evidence).toMatch(/secretsmanager map to no known action/);
  });

  it('of a transaction whose items the record does not show, block DynamoDB', () => {
    const role = run({ actions: ['dynamodb:PutItem', 'dynamodb:DeleteTable'], records: [roleRecord({ source: 'dynamodb', name: 'TransactWriteItems', data: true })] });
    expect(hidden(role)).toMatchObject({ 'dynamodb:PutItem': 'unmapped-calls', 'dynamodb:DeleteTable': 'unmapped-calls' });
    expect(unused(role)).toEqual([]);
  });

  it('of a service the catalog does not know, block every unseen action', () => {
    const role = run({ actions: ['s3:PutBucketPolicy', 'kms:Decrypt'], records: [roleRecord({ source: 'newservice', name: 'DoThing' })] });
    expect(unused(role)).toEqual([]);
    expect(hidden(role)).toEqual({ 's3:PutBucketPolicy': 'unmapped-calls', 'kms:Decrypt': 'unmapped-calls' });
  });
});

describe('what a call may have needed', () => {
  it('is never unused and never use, and stays in the suggestion', () => {
    const role = run({
      actions: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObject'],
      resources: ['arn:aws:s3:::b/*'],
      records: [roleRecord({ name: 'DeleteObjects', data: true, params: { bucketName: 'b' } }), other({ name: 'PutObject', data: true, params: { bucketName: 'b' } })],
    });
    expect(role.used.map((u) => u.action)).toEqual(['s3:DeleteObject']);
    expect(hidden(role)['s3:DeleteObjectVersion']).toBe('possible-use');
    expect(role.notObservable.find((n) => n.action === 's3:DeleteObjectVersion')?.detail).toMatch(/s3:DeleteObjects/);
    expect(suggested(role)).toContain('s3:DeleteObjectVersion');
    expect(unused(role)).toEqual(['s3:PutObject']);
  });
});

describe('what the input can show, per service and kind', () => {
  it('with only read data events of S3, object writes are not observable; reads are unused', () => {
    // s3:GetObjectAttributes, not s3:GetObject: copies need s3:GetObject too, and CloudTrail records them as writes.
    const role = run({ actions: ['s3:GetObjectAttributes', 's3:PutObject', 's3:GetObjectTagging'], resources: ['arn:aws:s3:::b/*'], records: [other({ name: 'GetObject', data: true, params: { bucketName: 'b' } })] });
    expect(unused(role)).toEqual(['s3:GetObjectAttributes', 's3:GetObjectTagging']);
    expect(hidden(role)['s3:PutObject']).toBe('no-data-events');
    expect(role.notObservable[0]!.detail).toMatch(/no write data events of s3/);
  });

  it('a record without readOnly is read or write by the catalog\'s access level, never evidence of a read-only trail', () => {
    const noReadOnly = (o: Parameters<typeof roleRecord>[0]) => ({ ...other(o), readOnly: undefined });
    const role = run({
      actions: ['logs:DescribeLogGroups', 'logs:DeleteLogGroup'],
      records: [{ ...other({ source: 'logs', name: 'DescribeLogGroups' }), readOnly: true }, noReadOnly({ source: 'logs', name: 'CreateLogGroup' })],
    });
    expect(unused(role).sort()).toEqual(['logs:DeleteLogGroup', 'logs:DescribeLogGroups']);
  });

  it('a record without eventCategory or managementEvent is a data event when its name is one (S3 GetObject in a 2018 trail)', () => {
    const old = (o: Parameters<typeof roleRecord>[0]) => ({ ...other(o), eventCategory: undefined, managementEvent: undefined, readOnly: undefined });
    const params = { bucketName: 'b' };
    const role = run({ actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::b/*'], records: [old({ name: 'GetObject', time: '2018-03-01T10:00:00Z', params }), old({ name: 'PutObject', time: '2018-03-01T10:00:00Z', params })] });
    expect(unused(role).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    // The same records as management events would have left S3 without data events.
    const asManagement = run({ actions: ['s3:GetObject'], records: [{ ...old({ name: 'ListBuckets' }) }] });
    expect(hidden(asManagement)['s3:GetObject']).toBe('no-data-events');
  });

  it('reads only records inside the window: data events outside it show nothing', () => {
    // s3:GetObjectTagging, not s3:GetObject: copies need s3:GetObject too, and CloudTrail records them as writes.
    const params = { bucketName: 'b' };
    const role = run({
      actions: ['s3:GetObjectTagging', 's3:PutObject'],
      resources: ['arn:aws:s3:::b/*'],
      records: [other({ name: 'GetObject', data: true, time: '2026-11-10T10:00:00Z', params }), other({ name: 'PutObject', data: true, time: '2026-10-01T10:00:00Z', params })],
      window: { since: '2026-11-01T00:00:00Z', until: '2026-11-30T00:00:00Z' },
    });
    expect(unused(role)).toEqual(['s3:GetObjectTagging']);
    expect(hidden(role)['s3:PutObject']).toBe('no-data-events');
  });

  it('S3 Object Lambda calls are data events; its access-point configuration in s3 is management', () => {
    const role = run({ actions: ['s3-object-lambda:GetObject', 's3:CreateAccessPointForObjectLambda'], records: management() });
    expect(hidden(role)['s3-object-lambda:GetObject']).toBe('no-data-events');
    expect(unused(role)).toEqual(['s3:CreateAccessPointForObjectLambda']);
    // Data events of one access point say nothing of another, and the input does not list them.
    const withData = run({ actions: ['s3-object-lambda:GetObject'], records: [{ ...other({ source: 's3-object-lambda', name: 'ListObjectsV2', data: true }), readOnly: true }] });
    expect(hidden(withData)['s3-object-lambda:GetObject']).toBe('no-data-events');
    expect(withData.notObservable[0]!.detail).toMatch(/its grant reaches s3-object-lambda resources, and the input does not say which of them its data events cover \(\*\)/);
  });

  it('Bedrock model invocations are management events (unused is reported); agent and knowledge-base calls are data events', () => {
    const role = run({ actions: ['bedrock:InvokeModelWithResponseStream', 'bedrock:InvokeAgent', 'bedrock:Retrieve'], records: management() });
    expect(unused(role)).toEqual(['bedrock:InvokeModelWithResponseStream']);
    expect(hidden(role)).toEqual({ 'bedrock:InvokeAgent': 'no-data-events', 'bedrock:Retrieve': 'no-data-events' });
  });

  it('permission-only actions come from the mapping data; the hand table keeps what CloudTrail does not log', () => {
    const role = run({
      actions: ['s3:BypassGovernanceRetention', 's3:AllowVendedLogDeliveryForResource', 'dynamodb:ConditionCheckItem', 'logs:PutLogEvents', 'kms:GenerateDataKeyWithoutPlaintext'],
      iam: { policies: [policy('p', { Statement: [{ Effect: 'Allow', Action: 'dynamodb:ConditionCheckItem', Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t` }, { Effect: 'Allow', Action: ['s3:BypassGovernanceRetention', 's3:AllowVendedLogDeliveryForResource', 'logs:PutLogEvents', 'kms:GenerateDataKeyWithoutPlaintext'], Resource: '*' }] })] },
      records: [other({ source: 'dynamodb', name: 'PutItem', data: true, params: { tableName: 't' } }), other({ source: 'dynamodb', name: 'GetItem', data: true, params: { tableName: 't' } })],
    });
    expect(hidden(role)).toEqual({ 's3:BypassGovernanceRetention': 'permission-only', 's3:AllowVendedLogDeliveryForResource': 'permission-only', 'logs:PutLogEvents': 'not-logged' });
    // Authorised by TransactWriteItems and by its own API: observable, so unused.
    expect(unused(role).sort()).toEqual(['dynamodb:ConditionCheckItem', 'kms:GenerateDataKeyWithoutPlaintext']);
  });

  it('global services log to us-east-1: without it in the input, their actions are not observable', () => {
    const actions = ['iam:ListRoles', 'sts:AssumeRole', 'cloudfront:ListDistributions', 'route53:ListHostedZones', 'organizations:ListAccounts', 'kms:Decrypt'];
    const euOnly = run({ actions, records: management(), regionsRead: ['eu-west-1'] });
    expect(unused(euOnly)).toEqual(['kms:Decrypt']);
    expect(new Set(Object.values(hidden(euOnly)))).toEqual(new Set(['global-service']));
    const withUsEast1 = run({ actions, records: management(), regionsRead: ['eu-west-1', 'us-east-1'] });
    expect(unused(withUsEast1)).toHaveLength(actions.length);
  });
});

describe('a role deleted and recreated', () => {
  const withId = (id: string, time: string) => {
    const r = roleRecord({ source: 'kms', name: 'Decrypt', time });
    (r.userIdentity as Record<string, unknown>).principalId = `${id}:0123456789abcdef0123456789abcdef`;
    return r;
  };

  it('is recognised by a role ID other than IAM\'s (read from the IAM export), and nothing is called unused', () => {
    const details = rolesFromAuthorizationDetails([{ RoleName: 'app-task', Arn: `arn:aws:iam::${ACCOUNT}:role/app-task`, RoleId: 'AROANEWROLE00000000001' }], []);
    const roleId = details.roles.get(KEY)?.roleId;
    expect(roleId).toBe('AROANEWROLE00000000001');
    const role = run({
      actions: ['kms:Decrypt', 'kms:Encrypt'],
      records: [withId('AROAOLDROLE00000000001', '2026-11-02T00:00:00Z'), withId('AROANEWROLE00000000001', '2026-11-09T00:00:00Z'), ...management()],
      iam: { roleId: roleId! },
    });
    expect(unused(role)).toEqual([]);
    expect(hidden(role)['kms:Encrypt']).toBe('role-recreated');
    expect(role.evidence).toMatch(/^Recreated: .*AROAOLDROLE00000000001/);
    expect(role.used.map((u) => u.action)).toEqual(['kms:Decrypt']);
  });

  it('is recognised by calls before IAM\'s CreateDate; a role merely created in the window is not', () => {
    const recreated = run({ actions: ['kms:Decrypt', 'kms:Encrypt'], records: [roleRecord({ source: 'kms', name: 'Decrypt', time: '2026-11-02T00:00:00Z' }), ...management()], iam: { createDate: '2026-11-05T00:00:00Z' } });
    expect(hidden(recreated)['kms:Encrypt']).toBe('role-recreated');
    const created = run({
      actions: ['kms:Decrypt', 'kms:Encrypt'],
      records: [other({ source: 'kms', name: 'Decrypt', time: '2026-11-01T00:00:00Z' }), roleRecord({ source: 'kms', name: 'Decrypt', time: '2026-11-06T00:00:00Z' }), ...management().map((r) => ({ ...r, eventTime: '2026-11-06T00:00:00Z' }))],
      iam: { createDate: '2026-11-05T00:00:00Z', roleId: 'AROANEWROLE00000000001' },
    });
    expect(unused(created)).toEqual(['kms:Encrypt']);
    expect(created.evidence).toMatch(/inside the window/);
  });
});

describe('a trail that records one kind of management events', () => {
  // A write-only management trail: every management record says readOnly false.
  const writesOnly = () => [
    { ...other({ source: 'ssm', name: 'PutParameter' }), readOnly: false },
    { ...other({ source: 'ec2', name: 'RunInstances' }), readOnly: false },
  ];

  it('never calls unused what CloudTrail records as read-only, whatever its IAM access level (kms:Decrypt, sts:AssumeRole)', () => {
    const role = run({ actions: ['kms:Decrypt', 'sts:AssumeRole', 'ssm:PutParameter', 'ssm:GetParameter'], records: writesOnly() });
    expect(unused(role)).toEqual(['ssm:PutParameter']);
    expect(hidden(role)).toEqual({ 'kms:Decrypt': 'not-logged', 'sts:AssumeRole': 'not-logged', 'ssm:GetParameter': 'not-logged' });
    expect(role.notObservable.find((n) => n.action === 'kms:Decrypt')?.detail).toMatch(/CloudTrail records its calls as read-only/);
    expect(suggested(role)).toEqual(expect.arrayContaining(['kms:Decrypt', 'sts:AssumeRole', 'ssm:GetParameter']));
  });

  it('treats an action whose kind nothing in the input shows as not observable', () => {
    const role = run({ actions: ['ec2:RunInstances', 'ec2:TerminateInstances'], records: writesOnly() });
    expect(unused(role)).toEqual(['ec2:RunInstances']);
    expect(role.notObservable.find((n) => n.action === 'ec2:TerminateInstances')?.detail).toMatch(/is not known/);
  });
});

describe('data events for some buckets, tables or queues only', () => {
  const bucketA = (name: string) => ({ ...other({ name, data: true, params: { bucketName: 'bucket-a', key: 'k' } }), readOnly: name !== 'PutObject' });

  it('prove nothing about another bucket: its actions are not observable, named, and kept in the suggestion', () => {
    const role = run({ actions: ['s3:GetObject', 's3:ListBucket'], resources: ['arn:aws:s3:::bucket-b', 'arn:aws:s3:::bucket-b/*'], records: [bucketA('GetObject'), bucketA('PutObject'), bucketA('ListObjects'), ...management()] });
    expect(unused(role)).toEqual([]);
    expect(hidden(role)).toEqual({ 's3:GetObject': 'no-data-events', 's3:ListBucket': 'no-data-events' });
    expect(role.notObservable[0]!.detail).toMatch(/no read data events of s3 for the bucket its grant names: bucket-b/);
    expect(suggested(role).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
  });

  it('make a data-plane action unused only when every bucket its grant names has data events of its kind', () => {
    const both = ['arn:aws:s3:::bucket-a/*', 'arn:aws:s3:::bucket-b/*'];
    const onlyA = run({ actions: ['s3:GetObject'], resources: both, records: [bucketA('GetObject'), bucketA('PutObject')] });
    expect(onlyA.notObservable[0]!.detail).toMatch(/bucket its grant names: bucket-b \(/);
    const bucketB = (name: string) => ({ ...other({ name, data: true, params: { bucketName: 'bucket-b', key: 'k' } }), readOnly: name !== 'PutObject' });
    expect(unused(run({ actions: ['s3:GetObject'], resources: both, records: [bucketA('GetObject'), bucketA('PutObject'), bucketB('GetObject'), bucketB('PutObject')] }))).toEqual(['s3:GetObject']);
    // Write data events of bucket-a and bucket-b say nothing of reads there.
    const writes = run({ actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::bucket-a/*'], records: [bucketA('GetObject'), bucketA('PutObject')] });
    expect(unused(writes).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
  });

  it('never call unused what a grant reaching buckets the input cannot list allows (a wildcard bucket, `*`, an access point, NotResource)', () => {
    const records = [bucketA('GetObject'), bucketA('PutObject')];
    for (const resources of [['arn:aws:s3:::*'], ['arn:aws:s3:::bucket-*/*'], ['*'], ['arn:aws:s3:::bucket-a/*', `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/ap1/object/*`]]) {
      const role = run({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources, records });
      expect(unused(role)).toEqual([]);
      expect(hidden(role)['s3:DeleteObject']).toBe('no-data-events');
      expect(role.notObservable.find((n) => n.action === 's3:DeleteObject')!.detail).toContain(`its grant reaches buckets beyond those whose data events the input holds (${resources.at(-1)})`);
      expect(suggested(role)).toContain('s3:DeleteObject');
    }
    const notResource = run({ actions: [], records, iam: { policies: [policy('p', { Statement: [{ Effect: 'Allow', Action: 's3:DeleteObject', NotResource: 'arn:aws:s3:::secret/*' }] })] } });
    expect(hidden(notResource)['s3:DeleteObject']).toBe('no-data-events');
    // The same trail, a grant naming bucket-a alone: its data events of both kinds make the claim.
    expect(unused(run({ actions: ['s3:DeleteObject'], resources: ['arn:aws:s3:::bucket-a/*'], records }))).toEqual(['s3:DeleteObject']);
  });

  it('never call unused what a table wildcard allows', () => {
    const table = { ...other({ source: 'dynamodb', name: 'PutItem', data: true, params: { tableName: 'orders' } }), readOnly: false };
    const role = run({ actions: ['dynamodb:DeleteItem'], resources: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/ord*`], records: [table] });
    expect(hidden(role)['dynamodb:DeleteItem']).toBe('no-data-events');
    expect(role.notObservable[0]!.detail).toMatch(/reaches tables beyond/);
    expect(unused(run({ actions: ['dynamodb:DeleteItem'], resources: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`], records: [table] }))).toEqual(['dynamodb:DeleteItem']);
  });

  it('need data events of every kind of the calls needing an action: a copy needs s3:GetObject and is a write', () => {
    const readsOnly = run({ actions: ['s3:GetObject', 's3:GetObjectTagging'], resources: ['arn:aws:s3:::bucket-a/*'], records: [bucketA('GetObject')] });
    expect(unused(readsOnly)).toEqual(['s3:GetObjectTagging']);
    expect(hidden(readsOnly)['s3:GetObject']).toBe('no-data-events');
    expect(readsOnly.notObservable[0]!.detail).toMatch(/no write data events of s3 .*write calls need it too: s3:CopyObject, s3:UploadPartCopy/);
    // Writes elsewhere make the service's kinds whole; bucket-a's own writes are still missing.
    const bucketB = { ...other({ name: 'PutObject', data: true, params: { bucketName: 'bucket-b', key: 'k' } }), readOnly: false };
    const writesElsewhere = run({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket-a/*'], records: [bucketA('GetObject'), bucketB] });
    expect(writesElsewhere.notObservable[0]!.detail).toMatch(/no write data events of s3 for the bucket its grant names: bucket-a .*s3:CopyObject/);
    expect(unused(run({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket-a/*'], records: [bucketA('GetObject'), bucketA('PutObject')] }))).toEqual(['s3:GetObject']);
    // A read only reads need stays unused on reads alone, in any service.
    const table = { ...other({ source: 'dynamodb', name: 'GetItem', data: true, params: { tableName: 'orders' } }), readOnly: true };
    expect(unused(run({ actions: ['dynamodb:GetItem'], resources: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`], records: [table] }))).toEqual(['dynamodb:GetItem']);
  });

  it('apply to DynamoDB tables and SQS queues too', () => {
    const table = (name: string) => ({ ...other({ source: 'dynamodb', name: 'GetItem', data: true, params: { tableName: name } }), readOnly: true });
    const grant = [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`, `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/index/*`];
    expect(hidden(run({ actions: ['dynamodb:GetItem'], resources: grant, records: [table('customers')] }))['dynamodb:GetItem']).toBe('no-data-events');
    expect(unused(run({ actions: ['dynamodb:GetItem'], resources: grant, records: [table('orders')] }))).toEqual(['dynamodb:GetItem']);
    const queue = (name: string) => ({ ...other({ source: 'sqs', name: 'SendMessage', data: true, params: { queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/${name}` } }), readOnly: false });
    const q = [`arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`];
    expect(hidden(run({ actions: ['sqs:SendMessage'], resources: q, records: [queue('other-queue')] }))['sqs:SendMessage']).toBe('no-data-events');
    expect(unused(run({ actions: ['sqs:SendMessage'], resources: q, records: [queue('jobs')] }))).toEqual(['sqs:SendMessage']);
  });
});

describe('uploads whose headers need more than s3:PutObject', () => {
  const put = (params: Record<string, unknown>) => roleRecord({ name: 'PutObject', data: true, params: { bucketName: 'bkt', key: 'up/1.json', ...params } });
  const actions = ['s3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging', 's3:PutObjectRetention', 's3:PutObjectLegalHold'];

  it('credit the ACL and tagging permissions the request shows, and keep them in the suggestion', () => {
    const role = run({ actions, resources: ['arn:aws:s3:::bkt/*'], records: [put({ 'x-amz-acl': 'bucket-owner-full-control', 'x-amz-tagging': 'team=a' })] });
    expect(role.used.map((u) => u.action).sort()).toEqual(['s3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging']);
    expect(suggested(role)).toEqual(expect.arrayContaining(['s3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging']));
    // Object Lock headers the record does not show: may have been sent; never unused.
    expect(hidden(role)).toEqual({ 's3:PutObjectRetention': 'possible-use', 's3:PutObjectLegalHold': 'possible-use' });
    expect(unused(role)).toEqual([]);
  });

  it('credit the Object Lock permissions of a locked upload', () => {
    const role = run({ actions, resources: ['arn:aws:s3:::bkt/*'], records: [put({ 'x-amz-object-lock-mode': 'COMPLIANCE', 'x-amz-object-lock-retain-until-date': '2030-01-01T00:00:00Z', 'x-amz-object-lock-legal-hold': 'ON' })] });
    expect(role.used.map((u) => u.action).sort()).toEqual(['s3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention']);
  });
});

describe('a role named with --role, which no task definition names', () => {
  it('gets no unused claims when it made no call in the window: where it runs is not known', () => {
    const role = run({ actions: ['ssm:GetParameters', 'sqs:CreateQueue'], records: management(), namedWithRole: true });
    expect(unused(role)).toEqual([]);
    expect(hidden(role)).toEqual({ 'ssm:GetParameters': 'incomplete-input', 'sqs:CreateQueue': 'incomplete-input' });
    expect(role.notObservable[0]!.detail).toMatch(/regions it runs in are not known/);
  });

  it('is judged like any role once its calls show it ran where CloudTrail was read', () => {
    const role = run({ actions: ['ssm:GetParameters', 'sqs:CreateQueue'], records: [...management(), roleRecord({ source: 'ssm', name: 'GetParameters' })], namedWithRole: true });
    expect(unused(role)).toEqual(['sqs:CreateQueue']);
  });
});
