/**
 * A deterministic synthetic export directory for the benchmark: realistic CloudTrail
 * records (about 1.3 KB each) in gzipped log files of a few thousand records, from a mix
 * of tracked task and execution roles, untracked principals, data and management events,
 * and some denials; plus the ECS and IAM files that make those roles tracked.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rng } from '../lib/rng.ts';

export interface SyntheticOptions {
  records: number;
  perFile?: number;
  /** Tracked services (each with a task role; execution roles are shared by groups of four). */
  services?: number;
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

/** Write (once) and return the directory for these options. */
export function syntheticExport(root: string, o: SyntheticOptions): string {
  const perFile = o.perFile ?? 3000;
  const services = o.services ?? 16;
  const dir = join(root, `synthetic-${o.records}-${perFile}-${services}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  mkdirSync(join(dir, 'ecs'), { recursive: true });
  mkdirSync(join(dir, 'iam'), { recursive: true });
  const rand = rng(42);
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += ((rand() * 16) | 0).toString(16);
    return s;
  };
  const taskRoles = Array.from({ length: services }, (_, i) => `svc-${i}-task`);
  const execRoles = Array.from({ length: Math.ceil(services / 4) }, (_, i) => `exec-${i}`);
  const roleArn = (n: string) => `arn:aws:iam::${ACCOUNT}:role/app/${n}`;
  for (let i = 0; i < services; i++) {
    writeFileSync(
      join(dir, 'ecs', `svc-${i}.json`),
      JSON.stringify({ taskDefinition: { taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/svc-${i}:1`, family: `svc-${i}`, revision: 1, taskRoleArn: roleArn(taskRoles[i]!), executionRoleArn: roleArn(execRoles[i >> 2]!) } }),
    );
  }
  const doc = (actions: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
  writeFileSync(
    join(dir, 'iam', 'details.json'),
    JSON.stringify({
      RoleDetailList: [...taskRoles, ...execRoles].map((n) => ({
        RoleName: n,
        Arn: roleArn(n),
        Path: '/app/',
        CreateDate: '2024-01-01T00:00:00Z',
        RolePolicyList: [{ PolicyName: 'p', PolicyDocument: doc(n.startsWith('exec') ? ['ecr:*', 'logs:*', 'secretsmanager:GetSecretValue'] : ['s3:*', 'dynamodb:*', 'sqs:*', 'kms:Decrypt']) }],
      })),
      Policies: [],
    }),
  );

  const dataCalls: [string, string][] = [['s3', 'GetObject'], ['s3', 'PutObject'], ['dynamodb', 'GetItem'], ['dynamodb', 'PutItem'], ['dynamodb', 'Query']];
  const mgmtCalls: [string, string][] = [['kms', 'Decrypt'], ['sqs', 'GetQueueUrl'], ['ecr', 'BatchGetImage'], ['logs', 'CreateLogStream'], ['secretsmanager', 'GetSecretValue'], ['ec2', 'DescribeInstances'], ['sts', 'GetCallerIdentity']];
  const sessions = Array.from({ length: 400 }, () => hex(32));
  const start = Date.UTC(2026, 10, 1);
  const files = Math.ceil(o.records / perFile);
  let n = 0;
  for (let f = 0; f < files; f++) {
    const recs: unknown[] = [];
    for (let i = 0; i < perFile && n < o.records; i++, n++) {
      const t = new Date(start + Math.floor((n / o.records) * 14 * 86_400_000)).toISOString().slice(0, 19) + 'Z';
      const kind = rand();
      const data = rand() < 0.5;
      const [svc, name] = data ? dataCalls[(rand() * dataCalls.length) | 0]! : mgmtCalls[(rand() * mgmtCalls.length) | 0]!;
      let identity: Record<string, unknown>;
      if (kind < 0.6) {
        const exec = rand() < 0.25;
        const role = exec ? execRoles[(rand() * execRoles.length) | 0]! : taskRoles[(rand() * taskRoles.length) | 0]!;
        const session = sessions[(rand() * sessions.length) | 0]!;
        identity = {
          type: 'AssumedRole',
          principalId: `AROA${hex(17).toUpperCase()}:${session}`,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
          accountId: ACCOUNT,
          accessKeyId: `ASIA${hex(16).toUpperCase()}`,
          sessionContext: { sessionIssuer: { type: 'Role', principalId: `AROA${hex(17).toUpperCase()}`, arn: roleArn(role), accountId: ACCOUNT, userName: role }, attributes: { creationDate: t, mfaAuthenticated: 'false' } },
        };
      } else if (kind < 0.85) {
        const role = `other-role-${(rand() * 50) | 0}`;
        identity = {
          type: 'AssumedRole',
          principalId: `AROA${hex(17).toUpperCase()}:i-${hex(17)}`,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/i-${hex(17)}`,
          accountId: ACCOUNT,
          accessKeyId: `ASIA${hex(16).toUpperCase()}`,
          sessionContext: { sessionIssuer: { type: 'Role', principalId: `AROA${hex(17).toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, accountId: ACCOUNT, userName: role }, attributes: { creationDate: t, mfaAuthenticated: 'false' } },
        };
      } else {
        identity = { type: 'IAMUser', principalId: `AIDA${hex(16).toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:user/ci-${(rand() * 5) | 0}`, accountId: ACCOUNT, accessKeyId: `AKIA${hex(16).toUpperCase()}`, userName: 'ci' };
      }
      const bucket = `bucket-${(rand() * 8) | 0}`;
      const key = `data/2026/11/${hex(12)}.json`;
      const denied = rand() < 0.01;
      recs.push({
        eventVersion: '1.10',
        userIdentity: identity,
        eventTime: t,
        eventSource: `${svc}.amazonaws.com`,
        eventName: name,
        awsRegion: REGION,
        sourceIPAddress: `10.0.${(rand() * 255) | 0}.${(rand() * 255) | 0}`,
        userAgent: 'aws-sdk-js/3.700.0 ua/2.1 os/linux lang/js md/nodejs#22.11.0 exec-env/AWS_ECS_FARGATE',
        requestParameters: svc === 's3' ? { bucketName: bucket, Host: `${bucket}.s3.${REGION}.amazonaws.com`, key } : svc === 'dynamodb' ? { tableName: `table-${(rand() * 6) | 0}`, key: { id: { S: 'redacted' } } } : { name: hex(8) },
        responseElements: null,
        additionalEventData: { SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: 0, AuthenticationMethod: 'AuthHeader', 'x-amz-id-2': hex(24) },
        requestID: hex(16).toUpperCase(),
        eventID: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
        readOnly: name.startsWith('Get') || name.startsWith('Describe') || name === 'Query',
        ...(svc === 's3' ? { resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` }, { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }] } : {}),
        eventType: 'AwsApiCall',
        managementEvent: !data,
        recipientAccountId: ACCOUNT,
        eventCategory: data ? 'Data' : 'Management',
        tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${svc}.${REGION}.amazonaws.com` },
        ...(denied ? { errorCode: 'AccessDenied', errorMessage: `User: ${String(identity.arn)} is not authorized to perform: ${svc}:${name} because no identity-based policy allows the ${svc}:${name} action` } : {}),
      });
    }
    const day = String(1 + Math.floor((f / files) * 14)).padStart(2, '0');
    const p = join(dir, 'cloudtrail', 'AWSLogs', ACCOUNT, 'CloudTrail', REGION, '2026', '11', day);
    mkdirSync(p, { recursive: true });
    writeFileSync(join(p, `${ACCOUNT}_CloudTrail_${REGION}_202611${day}T0000Z_${String(f).padStart(6, '0')}.json.gz`), gzipSync(JSON.stringify({ Records: recs }), { level: 6 }));
  }
  writeFileSync(join(dir, '.complete'), String(n));
  return dir;
}
