/**
 * A small export directory to attack: one ECS task role (`app-task`, in us-east-1) granted
 * four S3 actions, its IAM page, and whatever CloudTrail files a test adds. Built in a temp
 * folder per test; hostile files are written beside the good ones.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ACCOUNT, roleRecord } from '../helpers/fixtures.ts';

export const ROLE = 'app-task';
export const GRANTED = ['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'];

export const taskDefinition = {
  taskDefinition: {
    family: 'app',
    revision: 1,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/app:1`,
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${ROLE}`,
  },
};

export const iamPage = {
  RoleDetailList: [
    {
      RoleName: ROLE,
      Path: '/',
      Arn: `arn:aws:iam::${ACCOUNT}:role/${ROLE}`,
      RolePolicyList: [{ PolicyName: 'app', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: GRANTED, Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }] } }],
      AttachedManagedPolicies: [],
    },
  ],
  Policies: [],
};

/** A data event of the role (S3 object calls are data events). */
export const call = (name: string, time: string) => roleRecord({ role: ROLE, name, time, data: true, params: { bucketName: 'b', key: 'k' } });

/** An object write by another principal: it shows the input holds write data events of S3. */
export const otherWrite = (time: string) => roleRecord({ role: 'someone-else', name: 'PutObject', time, data: true, params: { bucketName: 'b', key: 'other' } });

/** The delivered-log path of a file of `day` (YYYY-MM-DD) in `region`. */
export function logPath(day: string, region = 'us-east-1', n = 0): string {
  const [y, m, d] = day.split('-');
  return `cloudtrail/AWSLogs/${ACCOUNT}/CloudTrail/${region}/${y}/${m}/${d}/${ACCOUNT}_CloudTrail_${region}_${y}${m}${d}T0${n}00Z_abc${n}.json.gz`;
}

/** A delivered log file's bytes. */
export const logFile = (records: unknown[]) => gzipSync(JSON.stringify({ Records: records }));

/** Gzip bytes cut short: a download that stopped. */
export const truncated = (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2));

/**
 * An export folder: the task definition and IAM page, a complete day of CloudTrail with a
 * GetObject and a ListBucket call on 2026-11-10 (and another principal's PutObject), then
 * `files` (relative path → content).
 */
export function hostileExport(files: Record<string, string | Buffer> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'pd-hostile-'));
  const all: Record<string, string | Buffer> = {
    'ecs/app-1.json': JSON.stringify(taskDefinition),
    'iam/authorization-details.json': JSON.stringify(iamPage),
    // Another principal's object write too: the input holds S3 data events of both kinds, so the
    // role's unseen writes can be unused (a trail of reads only would leave them not observable).
    [logPath('2026-11-10')]: logFile([call('GetObject', '2026-11-10T10:00:00Z'), call('ListBucket', '2026-11-10T11:00:00Z'), otherWrite('2026-11-10T12:00:00Z')]),
    ...files,
  };
  for (const [rel, content] of Object.entries(all)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}
