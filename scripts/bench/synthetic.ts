/**
 * A deterministic synthetic export directory for the benchmark: realistic CloudTrail
 * records (about 1.3 KB each) in gzipped log files of a few thousand records, from one of
 * the mixes of synthetic-mixes.ts; plus the ECS and IAM files that make the tracked roles
 * tracked. Written once per options into `root` and reused (the name carries the options
 * and the generator's version, so a changed generator never reuses an old folder).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rng } from '../lib/rng.ts';
import { isReadCall, MIX, type CallShape, type Calls, type MixName } from './synthetic-mixes.ts';

export type { MixName } from './synthetic-mixes.ts';

export interface SyntheticOptions {
  records: number;
  perFile?: number;
  /** Default `mixed` (the README's first figures). */
  mix?: MixName;
}

/** Bumped whenever the records written change: cached folders of an older generator are not reused. */
const GENERATOR_VERSION = 2;
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[(rand() * list.length) | 0]!;
const hexOf = (rand: Rand, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += ((rand() * 16) | 0).toString(16);
  return s;
};
/** A role's unique ID: `AROA` and 17 characters, fixed per role name. */
const roleIdOf = (name: string) => `AROA${createHash('sha256').update(name).digest('hex').toUpperCase().slice(0, 17)}`;
const roleArn = (name: string, path = '/app/') => `arn:aws:iam::${ACCOUNT}:role${path}${name}`;

/** Write (once) and return the directory for these options. */
export function syntheticExport(root: string, o: SyntheticOptions): string {
  const perFile = o.perFile ?? 3000;
  const mixName = o.mix ?? 'mixed';
  const dir = join(root, `synthetic-v${GENERATOR_VERSION}-${mixName}-${o.records}-${perFile}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  const mix = MIX[mixName];
  const taskRoles = Array.from({ length: mix.services }, (_, i) => `svc-${i}-task`);
  const execRoles = Array.from({ length: Math.ceil(mix.services / 4) }, (_, i) => `exec-${i}`);
  writeAccount(dir, taskRoles, execRoles, mix.taskGrants, mix.execGrants);

  const rand = rng(42);
  const hex = (n: number) => hexOf(rand, n);
  const sessions = Array.from({ length: mix.sessions }, () => hex(32));
  const otherRoles = Array.from({ length: 50 }, (_, i) => `other-role-${i}`);
  const start = Date.UTC(2026, 10, 1);
  const files = Math.ceil(o.records / perFile);
  let n = 0;
  for (let f = 0; f < files; f++) {
    const recs: unknown[] = [];
    for (let i = 0; i < perFile && n < o.records; i++, n++) {
      const t = new Date(start + Math.floor((n / o.records) * 14 * 86_400_000)).toISOString().slice(0, 19) + 'Z';
      const kind = rand();
      if (kind < mix.tracked) {
        const exec = rand() < mix.execution;
        const role = exec ? pick(rand, execRoles) : pick(rand, taskRoles);
        const session = pick(rand, sessions);
        if (rand() < mix.assumeRole) recs.push(ecsAssumeRole(rand, t, role, session));
        else recs.push(callRecord(rand, t, roleIdentity(role, roleArn(role), session, t, hex), exec ? mix.execCalls : mix.taskCalls, mixName, session));
      } else if (rand() < mix.otherRoles) {
        const role = pick(rand, otherRoles);
        const session = `i-${hex(17)}`;
        recs.push(callRecord(rand, t, roleIdentity(role, roleArn(role, '/'), session, t, hex), mix.otherCalls, mixName, session));
      } else {
        const user = `ci-${(rand() * 5) | 0}`;
        const identity = { type: 'IAMUser', principalId: `AIDA${hex(16).toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:user/${user}`, accountId: ACCOUNT, accessKeyId: `AKIA${hex(16).toUpperCase()}`, userName: user };
        recs.push(callRecord(rand, t, identity, mix.otherCalls, mixName, user));
      }
    }
    const day = String(1 + Math.floor((f / files) * 14)).padStart(2, '0');
    const p = join(dir, 'cloudtrail', 'AWSLogs', ACCOUNT, 'CloudTrail', REGION, '2026', '11', day);
    mkdirSync(p, { recursive: true });
    writeFileSync(join(p, `${ACCOUNT}_CloudTrail_${REGION}_202611${day}T0000Z_${String(f).padStart(6, '0')}.json.gz`), gzipSync(JSON.stringify({ Records: recs }), { level: 6 }));
  }
  writeFileSync(join(dir, '.complete'), String(n));
  return dir;
}

/** The ECS task definitions and IAM details that make the task and execution roles tracked. */
function writeAccount(dir: string, taskRoles: string[], execRoles: string[], taskGrants: string[], execGrants: string[]): void {
  mkdirSync(join(dir, 'ecs'), { recursive: true });
  mkdirSync(join(dir, 'iam'), { recursive: true });
  taskRoles.forEach((role, i) => {
    const taskDefinition = { taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/svc-${i}:1`, family: `svc-${i}`, revision: 1, taskRoleArn: roleArn(role), executionRoleArn: roleArn(execRoles[i >> 2]!) };
    writeFileSync(join(dir, 'ecs', `svc-${i}.json`), JSON.stringify({ taskDefinition }));
  });
  const doc = (actions: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
  const RoleDetailList = [...taskRoles, ...execRoles].map((name) => ({
    RoleName: name,
    RoleId: roleIdOf(name),
    Arn: roleArn(name),
    Path: '/app/',
    CreateDate: '2024-01-01T00:00:00Z',
    RolePolicyList: [{ PolicyName: 'p', PolicyDocument: doc(name.startsWith('exec') ? execGrants : taskGrants) }],
  }));
  writeFileSync(join(dir, 'iam', 'details.json'), JSON.stringify({ RoleDetailList, Policies: [] }));
}

/** A role session's `userIdentity`: the role's one unique ID, a new access key per record (as STS gives). */
function roleIdentity(role: string, arn: string, session: string, t: string, hex: (n: number) => string): Record<string, unknown> {
  const id = roleIdOf(role);
  return {
    type: 'AssumedRole',
    principalId: `${id}:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
    accountId: ACCOUNT,
    accessKeyId: `ASIA${hex(16).toUpperCase()}`,
    sessionContext: { sessionIssuer: { type: 'Role', principalId: id, arn, accountId: ACCOUNT, userName: role }, attributes: { creationDate: t, mfaAuthenticated: 'false' } },
  };
}

/** ECS assuming a task's role (`sts:AssumeRole` by the ecs-tasks service principal). */
function ecsAssumeRole(rand: Rand, t: string, role: string, session: string): Record<string, unknown> {
  const hex = (n: number) => hexOf(rand, n);
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' },
    eventTime: t,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: REGION,
    sourceIPAddress: 'ecs-tasks.amazonaws.com',
    userAgent: 'ecs-tasks.amazonaws.com',
    requestParameters: { roleArn: roleArn(role), roleSessionName: session, durationSeconds: 3600 },
    responseElements: { credentials: { accessKeyId: `ASIA${hex(16).toUpperCase()}`, sessionToken: hex(200), expiration: 'Nov 1, 2026, 1:00:00 AM' }, assumedRoleUser: { assumedRoleId: `${roleIdOf(role)}:${session}`, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}` } },
    requestID: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
    eventID: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
    readOnly: true,
    resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: roleArn(role) }],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
  };
}

/** One call record of `identity`, drawn from `calls`, with the request parameters and resources its service logs. */
function callRecord(rand: Rand, t: string, identity: Record<string, unknown>, calls: Calls, mixName: MixName, session: string): Record<string, unknown> {
  const hex = (n: number) => hexOf(rand, n);
  const call: CallShape = rand() < calls.dataShare ? pick(rand, calls.data) : pick(rand, calls.management);
  const { service, name, data } = call;
  const { requestParameters, resources } = requestOf(rand, mixName, call, session);
  // GetCallerIdentity needs no permission: it is never denied.
  const denied = rand() < MIX[mixName].denials && name !== 'GetCallerIdentity';
  const resource = resources?.[0]?.ARN;
  return {
    eventVersion: '1.10',
    userIdentity: identity,
    eventTime: t,
    eventSource: `${service}.amazonaws.com`,
    eventName: name,
    awsRegion: REGION,
    sourceIPAddress: `10.0.${(rand() * 255) | 0}.${(rand() * 255) | 0}`,
    userAgent: 'aws-sdk-js/3.700.0 ua/2.1 os/linux lang/js md/nodejs#22.11.0 exec-env/AWS_ECS_FARGATE',
    requestParameters,
    responseElements: null,
    additionalEventData: { SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: 0, AuthenticationMethod: 'AuthHeader', 'x-amz-id-2': hex(24) },
    requestID: hex(16).toUpperCase(),
    eventID: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
    readOnly: isReadCall(name),
    ...(resources ? { resources } : {}),
    eventType: 'AwsApiCall',
    managementEvent: !data,
    recipientAccountId: ACCOUNT,
    eventCategory: data ? 'Data' : 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${service}.${REGION}.amazonaws.com` },
    ...(denied
      ? {
          errorCode: service === 's3' ? 'AccessDenied' : 'AccessDeniedException',
          // The roles are granted what they call: what denies them is an SCP or the resource's own policy.
          errorMessage: `User: ${String(identity.arn)} is not authorized to perform: ${service}:${name}${resource ? ` on resource: ${resource}` : ''} ${rand() < 0.5 ? 'with an explicit deny in a service control policy' : `because no resource-based policy allows the ${service}:${name} action`}`,
        }
      : {}),
  };
}

type Resources = { accountId?: string; type: string; ARN: string }[] | undefined;

/** The request parameters a call logs, and `resources[]` where CloudTrail fills it. */
function requestOf(rand: Rand, mixName: MixName, call: CallShape, session: string): { requestParameters: Record<string, unknown> | null; resources: Resources } {
  const mix = MIX[mixName];
  const hex = (n: number) => hexOf(rand, n);
  const num = (n: number) => (rand() * n) | 0;
  switch (call.service) {
    case 's3': {
      const bucket = `bucket-${num(mix.buckets)}`;
      const long = rand() < mix.longKeys;
      const key = long ? `tenants/${hex(8)}/exports/${'segment-'.repeat(30 + num(90))}${hex(12)}.json` : `data/2026/11/${hex(12)}.json`;
      return {
        requestParameters: { bucketName: bucket, Host: `${bucket}.s3.${REGION}.amazonaws.com`, key },
        resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` }, { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }],
      };
    }
    case 'dynamodb':
      return { requestParameters: { tableName: `table-${num(mix.tables)}`, key: { id: { S: 'redacted' } } }, resources: undefined };
    case 'sqs':
      return { requestParameters: { queueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/queue-${num(mix.queues)}`, ...(call.name === 'GetQueueUrl' ? { queueName: `queue-${num(mix.queues)}` } : {}) }, resources: undefined };
    case 'sns':
      return { requestParameters: { topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:topic-${num(mix.queues)}` }, resources: undefined };
    case 'lambda':
      return { requestParameters: { functionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn-${num(mix.queues)}` }, resources: undefined };
    case 'kms': {
      const key = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${num(mix.keys).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
      return { requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }, resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: key }] };
    }
    case 'secretsmanager':
      return { requestParameters: { secretId: `app/secret-${num(mix.secrets)}` }, resources: undefined };
    case 'ssm':
      return { requestParameters: { names: [`/app/param-${num(mix.secrets)}`, `/app/param-${num(mix.secrets)}`], withDecryption: true }, resources: undefined };
    case 'logs':
      return { requestParameters: { logGroupName: `/ecs/svc-${num(mix.services)}`, logStreamName: `ecs/app/${session}` }, resources: undefined };
    case 'ecr':
      return call.name === 'GetAuthorizationToken' ? { requestParameters: null, resources: undefined } : { requestParameters: { repositoryName: `svc-${num(mix.services)}`, registryId: ACCOUNT }, resources: undefined };
    case 'sts':
      return { requestParameters: null, resources: undefined };
    default:
      return { requestParameters: { name: hex(8) }, resources: undefined };
  }
}
