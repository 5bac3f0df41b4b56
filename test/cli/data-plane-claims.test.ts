/**
 * Data-plane claims on a hand-written export, end to end through the CLI: data events of
 * one bucket say nothing of buckets a wildcard grant reaches, and an action is observable
 * only where the input holds data events of every kind of the calls that need it.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/run-main.ts';

const ACCOUNT = '111122223333';
let n = 0;

/** An S3 object data event of `role` on `bucket`. */
function s3(role: string, name: string, bucket: string, day: number, readOnly: boolean) {
  n++;
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/0123456789abcdef0123456789abcdef`, accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, accountId: ACCOUNT, userName: role } } },
    eventTime: `2026-11-0${day}T10:00:00Z`, eventSource: 's3.amazonaws.com', eventName: name, awsRegion: 'us-east-1',
    eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, eventType: 'AwsApiCall', recipientAccountId: ACCOUNT, readOnly,
    managementEvent: false, eventCategory: 'Data', requestParameters: { bucketName: bucket, key: 'k' },
    resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/k` }],
  };
}

/** An export of one role `app` (its task definition, its grant) and `records`. */
function exportDir(resources: string[], records: unknown[]): string {
  const root = mkdtempSync(join(tmpdir(), 'pd-data-plane-'));
  const write = (rel: string, content: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  };
  write('ecs/app.json', JSON.stringify({ taskDefinition: { family: 'app', revision: 1, taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/app:1`, taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/app` } }));
  const statement = { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: resources };
  write('iam/authorization-details.json', JSON.stringify({
    RoleDetailList: [{ RoleName: 'app', Path: '/', Arn: `arn:aws:iam::${ACCOUNT}:role/app`, RolePolicyList: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [statement] } }], AttachedManagedPolicies: [] }],
    Policies: [],
  }));
  write(`cloudtrail/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/01/${ACCOUNT}_CloudTrail_us-east-1_20261101T0900Z_abc.json`, JSON.stringify({ Records: records }));
  return root;
}

async function app(input: string) {
  const out = join(mkdtempSync(join(tmpdir(), 'pd-data-plane-out-')), 'report.json');
  const r = await runMain('analyze', '--input', input, '--format', 'json', '--out', out, '--workers', '1');
  expect(r.stderr).toMatch(/report written/);
  return JSON.parse(readFileSync(out, 'utf8')).roles.find((x: { roleName: string }) => x.roleName === 'app');
}

const days = [1, 2, 3, 4, 5, 6, 7];

describe('data-plane claims of the CLI', () => {
  it('never calls unused an object action granted on every bucket when the input holds data events of one', async () => {
    const records = days.flatMap((d) => [s3('app', 'GetObject', 'bucket-a', d, true), s3('app', 'PutObject', 'bucket-a', d, false)]);
    const open = await app(exportDir(['arn:aws:s3:::*'], records));
    expect(open.unused).toEqual([]);
    expect(open.notObservable).toEqual([expect.objectContaining({ action: 's3:DeleteObject', reason: 'no-data-events', detail: expect.stringContaining('its grant reaches buckets beyond those whose data events the input holds (arn:aws:s3:::*)') })]);
    // The grant naming bucket-a alone: its data events of both kinds prove the delete unused.
    const named = await app(exportDir(['arn:aws:s3:::bucket-a/*'], records));
    expect(named.unused.map((u: { action: string }) => u.action)).toEqual(['s3:DeleteObject']);
  });

  it('never calls s3:GetObject unused from read data events alone: copies need it and are recorded as writes', async () => {
    const records = days.map((d) => s3('other', 'GetObject', 'bucket-a', d, true));
    const role = await app(exportDir(['arn:aws:s3:::bucket-a/*'], records));
    expect(role.unused).toEqual([]);
    const getObject = role.notObservable.find((e: { action: string }) => e.action === 's3:GetObject');
    expect(getObject).toMatchObject({ reason: 'no-data-events' });
    expect(getObject.detail).toMatch(/no write data events of s3.*s3:CopyObject, s3:UploadPartCopy/);
  });
});
