/**
 * Writes examples/sample-account/ from story.ts: ECS and IAM exports as the AWS CLI
 * prints them, and eight days of CloudTrail as a trail delivers it to S3. Deterministic:
 * running it twice writes the same bytes. Run: `npx tsx scripts/sample-account/generate.ts`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rng } from '../lib/rng.ts';
import {
  ACCOUNT, BUCKETS, CATALOG_ROLE, CATALOG_TABLES, CLUSTER, DAYS, KMS_KEY, LAST_ACCESSED, ORDERS_API_V15_DAY, PARAMETERS, POLICIES, QUEUE, REGION, ROLES, SECRETS, START, TABLE, TOPIC, arn,
} from './story.ts';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'sample-account');
const HOUR = 3_600_000;

let rand = rng(20261109);
/**
 * Parts of the story added later draw from their own generator (`extra`), so that the
 * records, IDs and file names the earlier story produced stay exactly as they were.
 */
const laterRand = rng(20261113);
function extra<T>(f: () => T): T {
  const main = rand;
  rand = laterRand;
  try {
    return f();
  } finally {
    rand = main;
  }
}
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rand() * 4)]}${hex(3)}-${hex(12)}`;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

type Role = (typeof ROLES)[keyof typeof ROLES] | typeof CATALOG_ROLE;
const roleArn = (r: Role) => arn.role(r.path, r.name);
const roleId = (r: Role) => `AROA${hex(17).toUpperCase()}`;
const ROLE_IDS = new Map<string, string>(Object.values(ROLES).map((r) => [r.name, roleId(r)]));
ROLE_IDS.set(CATALOG_ROLE.name, extra(() => roleId(CATALOG_ROLE)));

/** One ECS task of the story, for the `describe-tasks` files (ecs/tasks/). */
interface TaskRun {
  id: string;
  family: string;
  revision: number;
  /** The service that started it; absent for scheduled tasks. */
  service?: string;
  startedBy: string;
  created: number;
  started: number;
  stopped?: number;
  stoppedReason?: string;
  /** Tasks of the older cluster: UUID IDs, and ARNs without the cluster name. */
  oldArn?: boolean;
}
const taskRuns: TaskRun[] = [];
const serviceDeployment = (service: string) => `ecs-svc/${String(Math.abs(hash(service)) % 10 ** 16).padStart(16, '0')}`;
function hash(text: string): number {
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}

interface Rec { [k: string]: unknown }
const records: Rec[] = [];

/** A call made by a role session (a task's credentials). */
function call(
  t: number,
  role: Role,
  session: string,
  source: string,
  name: string,
  opts: {
    params?: Rec;
    resources?: { type: string; ARN: string }[];
    data?: boolean;
    error?: [string, string];
    invokedBy?: string;
    readOnly?: boolean;
  } = {},
): void {
  const id = ROLE_IDS.get(role.name)!;
  const r: Rec = {
    eventVersion: opts.data ? '1.09' : '1.10',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `${id}:${session}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/${session}`,
      accountId: ACCOUNT,
      accessKeyId: `ASIA${hex(16).toUpperCase()}`,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: id, arn: roleArn(role), accountId: ACCOUNT, userName: role.name },
        attributes: { creationDate: iso(t - 600_000), mfaAuthenticated: 'false' },
      },
      ...(opts.invokedBy ? { invokedBy: opts.invokedBy } : {}),
    },
    eventTime: iso(t),
    eventSource: `${source}.amazonaws.com`,
    eventName: name,
    awsRegion: REGION,
    sourceIPAddress: opts.invokedBy ?? `10.0.${Math.floor(rand() * 4)}.${10 + Math.floor(rand() * 200)}`,
    userAgent: opts.invokedBy ?? pick(['aws-sdk-js/3.700.0 ua/2.1 os/linux lang/js md/nodejs#22.11.0 exec-env/AWS_ECS_FARGATE', 'Boto3/1.35.40 md/Botocore#1.35.40 Python/3.12.7 Linux/5.10 exec-env/AWS_ECS_FARGATE']),
    requestParameters: opts.params ?? null,
    responseElements: null,
    requestID: hex(32).toUpperCase(),
    eventID: uuid(),
    readOnly: opts.readOnly ?? /^(Get|List|Describe|Head|Query|Scan|BatchGet)/.test(name),
    ...(opts.resources ? { resources: opts.resources.map((x) => ({ accountId: ACCOUNT, ...x })) } : {}),
    eventType: 'AwsApiCall',
    managementEvent: !opts.data,
    recipientAccountId: ACCOUNT,
    eventCategory: opts.data ? 'Data' : 'Management',
  };
  if (opts.error) {
    r.errorCode = opts.error[0];
    r.errorMessage = opts.error[1];
  }
  records.push(r);
}

/**
 * S3 decrypting an SSE-KMS object for a GetObject: KMS records the Decrypt as the caller's,
 * invoked by S3, with the object in the encryption context (no S3 Bucket Key in this story).
 * Without it the demo would call kms:Decrypt unused and teach dropping what every read needs.
 */
function s3Decrypt(t: number, role: Role, session: string, bucket: string, key: string): void {
  call(t, role, session, 'kms', 'Decrypt', {
    params: { encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::${bucket}/${key}` }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    resources: [{ type: 'AWS::KMS::Key', ARN: KMS_KEY }],
    invokedBy: 's3.amazonaws.com',
    readOnly: true,
  });
}

/** ECS assuming a role for a task: the evidence of which roles ran which tasks. */
function ecsAssume(t: number, role: Role, taskId: string): void {
  records.push({
    eventVersion: '1.08',
    userIdentity: { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' },
    eventTime: iso(t),
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: REGION,
    sourceIPAddress: 'ecs-tasks.amazonaws.com',
    userAgent: 'ecs-tasks.amazonaws.com',
    requestParameters: { roleArn: roleArn(role), roleSessionName: taskId },
    // Real AssumeRole records carry the new session's credentials; the token must never reach a report.
    responseElements: {
      credentials: {
        accessKeyId: `ASIA${hex(16).toUpperCase()}`,
        sessionToken: `IQoJb3JpZ2luX2VjE${hex(60)}SAMPLE-SESSION-TOKEN-DO-NOT-LEAK`,
        expiration: new Date(t + 6 * HOUR).toUTCString(),
      },
      assumedRoleUser: { assumedRoleId: `${ROLE_IDS.get(role.name)}:${taskId}`, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/${taskId}` },
    },
    requestID: uuid(),
    eventID: uuid(),
    readOnly: true,
    resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: roleArn(role) }],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    sharedEventID: uuid(),
    eventCategory: 'Management',
  });
}

/** A principal we do not track (CI, people, AWS services). */
function other(t: number, arnText: string, type: string, source: string, name: string): void {
  records.push({
    eventVersion: '1.10',
    userIdentity: { type, arn: arnText, accountId: ACCOUNT, principalId: `AIDA${hex(16).toUpperCase()}` },
    eventTime: iso(t),
    eventSource: `${source}.amazonaws.com`,
    eventName: name,
    awsRegion: REGION,
    sourceIPAddress: '203.0.113.24',
    userAgent: 'aws-cli/2.22.0',
    requestParameters: null,
    responseElements: null,
    requestID: uuid(),
    eventID: uuid(),
    readOnly: /^(Get|List|Describe)/.test(name),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
  });
}

const obj = (bucket: string, key: string) => [
  { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
  { type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
];
const denyMsg = (role: Role, session: string, action: string, resource: string, why: string) =>
  `User: arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/${session} is not authorized to perform: ${action} on resource: ${resource} because ${why}`;

/** The execution role's work at every task start: image pull, log stream, secrets. */
function taskStart(t: number, taskId: string, family: string, extraSecret?: string, readsSecrets = true): void {
  const ex = ROLES.execution;
  ecsAssume(t, ex, taskId);
  call(t + 1000, ex, taskId, 'ecr', 'GetAuthorizationToken');
  const repo = { repositoryName: family };
  const repoArn = [{ type: 'AWS::ECR::Repository', ARN: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${family}` }];
  call(t + 2000, ex, taskId, 'ecr', 'BatchGetImage', { params: { ...repo, imageIds: [{ imageTag: 'prod' }] }, resources: repoArn });
  for (let i = 0; i < 3; i++) call(t + 3000 + i * 200, ex, taskId, 'ecr', 'GetDownloadUrlForLayer', { params: { ...repo, layerDigest: `sha256:${hex(64)}` }, resources: repoArn });
  if (!readsSecrets) {
    call(t + 9000, ex, taskId, 'logs', 'CreateLogStream', { params: { logGroupName: `/ecs/${family}`, logStreamName: `ecs/app/${taskId}` } });
    return;
  }
  call(t + 6000, ex, taskId, 'secretsmanager', 'GetSecretValue', { params: { secretId: SECRETS.db } });
  call(t + 6100, ex, taskId, 'kms', 'Decrypt', { params: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }, resources: [{ type: 'AWS::KMS::Key', ARN: KMS_KEY }], invokedBy: 'secretsmanager.amazonaws.com' });
  call(t + 6500, ex, taskId, 'ssm', 'GetParameters', { params: { names: PARAMETERS, withDecryption: true } });
  if (extraSecret) {
    call(t + 6800, ex, taskId, 'secretsmanager', 'GetSecretValue', {
      params: { secretId: extraSecret },
      error: ['AccessDenied', denyMsg(ex, taskId, 'secretsmanager:GetSecretValue', extraSecret, 'no identity-based policy allows the secretsmanager:GetSecretValue action')],
    });
    return; // the task stops before its container starts
  }
  call(t + 9000, ex, taskId, 'logs', 'CreateLogStream', { params: { logGroupName: `/ecs/${family}`, logStreamName: `ecs/app/${taskId}` } });
}

// ── orders-api: two tasks, redeployed every morning at 10:00 ──────────────────────────────
const api = ROLES.ordersApi;
for (let day = 0; day < DAYS; day++) {
  const deployAt = START + day * 24 * HOUR + (day === 0 ? 0 : 10 * HOUR);
  const tasks = [hex(32), hex(32)];
  const revision = day >= ORDERS_API_V15_DAY ? 15 : 14;
  tasks.forEach((task, k) => {
    taskStart(deployAt + k * 40_000, task, 'orders-api');
    ecsAssume(deployAt + k * 40_000 + 500, api, task);
    // Each day's tasks drain a minute after the next deploy's have started.
    const next = START + (day + 1) * 24 * HOUR + 10 * HOUR + 60_000;
    taskRuns.push({ id: task, family: 'orders-api', revision, service: 'orders-api', startedBy: serviceDeployment(`orders-api:${revision}`), created: deployAt + k * 40_000 - 20_000, started: deployAt + k * 40_000 + 15_000, ...(day + 1 < DAYS ? { stopped: next, stoppedReason: 'Scaling activity initiated by (deployment ecs-svc)' } : {}) });
    // Revision 15 reads the payments API key itself, which its role was never granted.
    if (revision === 15) {
      extra(() =>
        call(deployAt + k * 40_000 + 20_000, api, task, 'secretsmanager', 'GetSecretValue', {
          params: { secretId: SECRETS.payments },
          error: ['AccessDeniedException', denyMsg(api, task, 'secretsmanager:GetSecretValue', SECRETS.payments, 'no identity-based policy allows the secretsmanager:GetSecretValue action')],
        }),
      );
    }
  });
  const until = START + (day + 1) * 24 * HOUR + 10 * HOUR;
  for (let h = deployAt + 60_000; h < Math.min(until, START + DAYS * 24 * HOUR); h += HOUR) {
    for (const task of tasks) {
      const at = () => h + Math.floor(rand() * (HOUR - 60_000));
      for (let i = 0; i < 3; i++) {
        const key = `orders/2026/11/${String(9 + day).padStart(2, '0')}/${hex(8)}.json`;
        const [t, name] = [at(), pick(['GetObject', 'GetObject', 'HeadObject'])];
        call(t, api, task, 's3', name, { params: { bucketName: BUCKETS.orders, key }, resources: obj(BUCKETS.orders, key), data: true });
        if (name === 'GetObject') extra(() => s3Decrypt(t + 40, api, task, BUCKETS.orders, key));
      }
      for (let i = 0; i < 2; i++) {
        const key = `orders/2026/11/${String(9 + day).padStart(2, '0')}/${hex(8)}.json`;
        const t = at();
        call(t, api, task, 's3', 'PutObject', { params: { bucketName: BUCKETS.orders, key }, resources: obj(BUCKETS.orders, key), data: true });
        call(t + 40, api, task, 'kms', 'GenerateDataKey', { params: { keySpec: 'AES_256' }, resources: [{ type: 'AWS::KMS::Key', ARN: KMS_KEY }], invokedBy: 's3.amazonaws.com' });
      }
      for (let i = 0; i < 4; i++) call(at(), api, task, 'dynamodb', 'GetItem', { params: { tableName: 'orders', key: { orderId: { S: '(redacted)' } } }, resources: [{ type: 'AWS::DynamoDB::Table', ARN: TABLE }], data: true });
      for (let i = 0; i < 2; i++) call(at(), api, task, 'dynamodb', 'PutItem', { params: { tableName: 'orders' }, resources: [{ type: 'AWS::DynamoDB::Table', ARN: TABLE }], data: true });
      // Revision 15 updates orders in place instead of querying the customer index.
      if (revision === 15) call(at(), api, task, 'dynamodb', 'UpdateItem', { params: { tableName: 'orders' }, resources: [{ type: 'AWS::DynamoDB::Table', ARN: TABLE }], data: true });
      else call(at(), api, task, 'dynamodb', 'Query', { params: { tableName: 'orders', indexName: 'by-customer' }, resources: [{ type: 'AWS::DynamoDB::Table', ARN: TABLE }], data: true });
    }
  }
  // Every day the API looks up the fulfilment queue it was never granted.
  for (let i = 0; i < 3; i++) {
    const task = tasks[i % 2]!;
    call(deployAt + (i + 2) * HOUR, api, task, 'sqs', 'GetQueueUrl', {
      params: { queueName: QUEUE.name },
      error: ['AccessDenied', denyMsg(api, task, 'sqs:GetQueueUrl', `arn:aws:sqs:${REGION}:${ACCOUNT}:${QUEUE.name}`, 'no identity-based policy allows the sqs:GetQueueUrl action')],
    });
  }
  // A cleanup job inside the API tries to delete old orders; the organisation forbids deletes in prod.
  if (day % 3 === 1) {
    for (let i = 0; i < 2; i++) {
      const key = `orders/2026/10/${hex(8)}.json`;
      call(deployAt + 5 * HOUR + i * 1000, api, tasks[0]!, 's3', 'DeleteObject', {
        params: { bucketName: BUCKETS.orders, key },
        resources: obj(BUCKETS.orders, key),
        data: true,
        error: ['AccessDenied', denyMsg(api, tasks[0]!, 's3:DeleteObject', `arn:aws:s3:::${BUCKETS.orders}/${key}`, `with an explicit deny in a service control policy: arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-prodnodelete`)],
      });
    }
  }
  if (day === 3) {
    for (let i = 0; i < 3; i++) {
      const key = `exports/2019/orders-${i}.csv`;
      call(deployAt + 7 * HOUR + i * 5000, api, tasks[1]!, 's3', 'GetObject', { params: { bucketName: BUCKETS.legacy, key }, resources: obj(BUCKETS.legacy, key), data: true, error: ['AccessDenied', 'Access Denied'] });
    }
  }
}

// ── order-worker: two long-running tasks on older capacity (UUID task IDs) ────────────────
const worker = ROLES.worker;
const workerTasks = [uuid(), uuid()];
workerTasks.forEach((task, k) => {
  taskStart(START + k * 30_000, task, 'order-worker');
  ecsAssume(START + k * 30_000 + 500, worker, task);
  taskRuns.push({ id: task, family: 'order-worker', revision: 7, service: 'order-worker', startedBy: serviceDeployment('order-worker:7'), created: START + k * 30_000 - 20_000, started: START + k * 30_000 + 15_000, oldArn: true });
});
for (let h = START + 60_000; h < START + DAYS * 24 * HOUR; h += HOUR) {
  for (const task of workerTasks) {
    const at = () => h + Math.floor(rand() * (HOUR - 60_000));
    for (let i = 0; i < 2; i++) call(at(), worker, task, 'dynamodb', 'GetItem', { params: { tableName: 'orders' }, resources: [{ type: 'AWS::DynamoDB::Table', ARN: TABLE }], data: true });
    for (let i = 0; i < 3; i++) call(at(), worker, task, 'dynamodb', 'UpdateItem', { params: { tableName: 'orders' }, resources: [{ type: 'AWS::DynamoDB::Table', ARN: TABLE }], data: true });
  }
  const day = Math.floor((h - START) / (24 * HOUR));
  const hourOfDay = Math.floor((h - START) / HOUR) % 24;
  if (hourOfDay === 3) {
    const task = workerTasks[day % 2]!;
    call(h + 120_000, worker, task, 'dynamodb', 'DeleteItem', {
      params: { tableName: 'orders' },
      resources: [{ type: 'AWS::DynamoDB::Table', ARN: TABLE }],
      data: true,
      error: ['AccessDeniedException', denyMsg(worker, task, 'dynamodb:DeleteItem', TABLE, 'with an explicit deny in an identity-based policy')],
    });
  }
  if (hourOfDay === 8 || hourOfDay === 20) {
    const task = workerTasks[0]!;
    call(h + 300_000, worker, task, 'ses', 'GetAccount', {
      error: ['AccessDeniedException', denyMsg(worker, task, 'ses:GetAccount', `arn:aws:ses:${REGION}:${ACCOUNT}:*`, 'no permissions boundary allows the ses:GetAccount action')],
    });
  }
}
// Nov 14: revision 8 adds the payments secret to the worker; its tasks fail to start, ECS retries, the team rolls back.
for (let i = 0; i < 6; i++) {
  const at = START + 5 * 24 * HOUR + 14 * HOUR + i * 300_000;
  const task = hex(32);
  taskStart(at, task, 'order-worker', SECRETS.payments);
  taskRuns.push({
    id: task, family: 'order-worker', revision: 8, service: 'order-worker', startedBy: serviceDeployment('order-worker:8'), created: at - 20_000, started: at, stopped: at + 12_000, oldArn: true,
    stoppedReason: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: AccessDeniedException',
  });
}

// ── nightly-report: scheduled task at 02:00, from the night after its role was created ────
const nightly = ROLES.nightly;
for (let day = 4; day < DAYS; day++) {
  const t0 = START + day * 24 * HOUR + 2 * HOUR;
  const task = hex(32);
  taskStart(t0, task, 'nightly-report');
  ecsAssume(t0 + 500, nightly, task);
  taskRuns.push({ id: task, family: 'nightly-report', revision: 3, startedBy: 'events-rule/nightly-report', created: t0 - 20_000, started: t0 + 15_000, stopped: t0 + 75_000, stoppedReason: 'Essential container in task exited' });
  let t = t0 + 20_000;
  call((t += 1000), nightly, task, 'sts', 'GetCallerIdentity');
  call((t += 1000), nightly, task, 'dynamodb', 'DescribeTable', { params: { tableName: 'orders' }, resources: [{ type: 'AWS::DynamoDB::Table', ARN: TABLE }] });
  for (let i = 0; i < 25; i++) call((t += 900), nightly, task, 'dynamodb', 'Scan', { params: { tableName: 'orders' }, resources: [{ type: 'AWS::DynamoDB::Table', ARN: TABLE }], data: true });
  call((t += 1000), nightly, task, 's3', 'ListObjectsV2', { params: { bucketName: BUCKETS.orders, prefix: 'exports/' }, resources: [{ type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${BUCKETS.orders}` }], data: true });
  for (let i = 0; i < 4; i++) {
    const key = `exports/2026-11-${String(8 + day).padStart(2, '0')}/part-${i}.csv`;
    call((t += 700), nightly, task, 's3', 'GetObject', { params: { bucketName: BUCKETS.orders, key }, resources: obj(BUCKETS.orders, key), data: true });
    extra(() => s3Decrypt(t + 40, nightly, task, BUCKETS.orders, key));
  }
  const reportKey = `daily/2026-11-${String(9 + day).padStart(2, '0')}.csv`;
  if (day === 5) {
    call((t += 1000), nightly, task, 's3', 'PutObject', {
      params: { bucketName: BUCKETS.reports, key: reportKey }, resources: obj(BUCKETS.reports, reportKey), data: true,
      error: ['AccessDenied', denyMsg(nightly, task, 's3:PutObject', `arn:aws:s3:::${BUCKETS.reports}/${reportKey}`, 'with an explicit deny in a resource-based policy')],
    });
  }
  call((t += 1500), nightly, task, 's3', 'PutObject', { params: { bucketName: BUCKETS.reports, key: reportKey }, resources: obj(BUCKETS.reports, reportKey), data: true });
  call(t + 40, nightly, task, 'kms', 'GenerateDataKey', { params: { keySpec: 'AES_256' }, resources: [{ type: 'AWS::KMS::Key', ARN: KMS_KEY }], invokedBy: 's3.amazonaws.com' });
  if (day === 6) {
    const key = 'exports/2019/customers.csv';
    call((t += 2000), nightly, task, 's3', 'GetObject', {
      params: { bucketName: BUCKETS.legacy, key }, resources: obj(BUCKETS.legacy, key), data: true,
      error: ['AccessDenied', denyMsg(nightly, task, 's3:GetObject', `arn:aws:s3:::${BUCKETS.legacy}/${key}`, 'with an explicit deny in a VPC endpoint policy')],
    });
  }
}

// ── a developer's session on the API's role, from her laptop: no task, no workload ─────────
extra(() => {
  const t0 = START + 2 * 24 * HOUR + 15 * HOUR;
  const session = 'jane.doe-debug';
  for (let i = 0; i < 3; i++) call(t0 + i * 60_000, api, session, 'dynamodb', 'GetItem', { params: { tableName: 'orders' }, resources: [{ type: 'AWS::DynamoDB::Table', ARN: TABLE }], data: true });
  const key = 'orders/2026/11/11/debug.json';
  call(t0 + 240_000, api, session, 's3', 'GetObject', { params: { bucketName: BUCKETS.orders, key }, resources: obj(BUCKETS.orders, key), data: true });
});

// ── catalog: one role, three workloads (two services and a scheduled task) ────────────────
extra(() => {
  const role = CATALOG_ROLE;
  const table = (arn: string) => [{ type: 'AWS::DynamoDB::Table', ARN: arn }];
  const tableName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
  const services: { family: string; revision: number; perHour: (t: () => number, task: string) => void }[] = [
    {
      family: 'catalog-api',
      revision: 4,
      perHour: (at, task) => {
        for (let i = 0; i < 6; i++) call(at(), role, task, 'dynamodb', 'GetItem', { params: { tableName: 'products' }, resources: table(CATALOG_TABLES.products), data: true });
        for (let i = 0; i < 2; i++) call(at(), role, task, 'dynamodb', 'Query', { params: { tableName: 'products', indexName: 'by-category' }, resources: table(CATALOG_TABLES.products), data: true });
      },
    },
    {
      family: 'catalog-sync',
      revision: 2,
      perHour: (at, task) => {
        for (let i = 0; i < 3; i++) call(at(), role, task, 'dynamodb', 'UpdateItem', { params: { tableName: 'inventory' }, resources: table(CATALOG_TABLES.inventory), data: true });
        call(at(), role, task, 'dynamodb', 'GetItem', { params: { tableName: 'inventory' }, resources: table(CATALOG_TABLES.inventory), data: true });
      },
    },
  ];
  services.forEach((svc, k) => {
    const task = hex(32);
    const t0 = START + 90_000 + k * 40_000;
    taskStart(t0, task, svc.family, undefined, false);
    ecsAssume(t0 + 500, role, task);
    taskRuns.push({ id: task, family: svc.family, revision: svc.revision, service: svc.family, startedBy: serviceDeployment(`${svc.family}:${svc.revision}`), created: t0 - 20_000, started: t0 + 15_000 });
    for (let h = t0 + 60_000; h < START + DAYS * 24 * HOUR - HOUR; h += HOUR) svc.perHour(() => h + Math.floor(rand() * (HOUR - 60_000)), task);
  });
  // The reindex: every six hours, half a minute from start to stop.
  for (let run = 0; run < DAYS * 4; run++) {
    const t0 = START + run * 6 * HOUR + 5 * 60_000;
    const task = hex(32);
    taskStart(t0, task, 'catalog-reindex', undefined, false);
    ecsAssume(t0 + 500, role, task);
    let t = t0 + 15_000;
    for (let i = 0; i < 4; i++) call((t += 900), role, task, 'dynamodb', 'Scan', { params: { tableName: tableName(CATALOG_TABLES.products) }, resources: table(CATALOG_TABLES.products), data: true });
    for (let i = 0; i < 2; i++) call((t += 1200), role, task, 'dynamodb', 'BatchWriteItem', { params: { requestItems: { inventory: [] } }, resources: table(CATALOG_TABLES.inventory), data: true });
    taskRuns.push({ id: task, family: 'catalog-reindex', revision: 2, startedBy: 'events-rule/catalog-reindex', created: t0 - 20_000, started: t0 + 10_000, stopped: t0 + 32_000, stoppedReason: 'Essential container in task exited' });
  }
});

// ── everyone else: CI deploys, people, AWS services ───────────────────────────────────────
for (let day = 0; day < DAYS; day++) {
  const base = START + day * 24 * HOUR;
  other(base + 9 * HOUR + 50 * 60_000, `arn:aws:iam::${ACCOUNT}:user/ci-deployer`, 'IAMUser', 'ecs', 'RegisterTaskDefinition');
  other(base + 9 * HOUR + 55 * 60_000, `arn:aws:iam::${ACCOUNT}:user/ci-deployer`, 'IAMUser', 'ecs', 'UpdateService');
  for (let i = 0; i < 6; i++) other(base + (11 + i) * HOUR, `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0a1b2c3d4e5f6a7b/jane@example.com`, 'AssumedRole', pick(['ecs', 'logs', 'cloudwatch', 'iam']), pick(['DescribeServices', 'ListClusters', 'GetRole', 'DescribeLogGroups']));
}

// ── write the export directory ────────────────────────────────────────────────────────────
// Only the generated folders: the README beside them is written by hand.
for (const sub of ['ecs', 'iam', 'cloudtrail', 'last-accessed']) rmSync(join(OUT, sub), { recursive: true, force: true });
const write = (rel: string, value: unknown) => {
  const p = join(OUT, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, JSON.stringify(value, null, 2) + '\n');
};

const td = (family: string, revision: number, taskRole: Role | undefined, secrets: { name: string; valueFrom: string }[]) => ({
  taskDefinition: {
    taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`,
    family,
    revision,
    ...(taskRole ? { taskRoleArn: roleArn(taskRole) } : {}),
    executionRoleArn: roleArn(ROLES.execution),
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    status: 'ACTIVE',
    containerDefinitions: [
      {
        name: 'app',
        image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${family}:prod`,
        essential: true,
        secrets,
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': `/ecs/${family}`, 'awslogs-region': REGION, 'awslogs-stream-prefix': 'ecs' } },
      },
    ],
  },
});
const dbSecret = [{ name: 'DB_PASSWORD', valueFrom: SECRETS.db }, { name: 'FLAGS', valueFrom: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${PARAMETERS[0]}` }];
// Revision 14 was deregistered once 15 ran: only its tasks (ecs/tasks/) still name it.
write('ecs/task-definitions/order-worker-7.json', td('order-worker', 7, worker, dbSecret));
write('ecs/task-definitions/order-worker-8.json', td('order-worker', 8, worker, [...dbSecret, { name: 'PAYMENTS_KEY', valueFrom: SECRETS.payments }]));
write('ecs/task-definitions/nightly-report-3.json', td('nightly-report', 3, nightly, dbSecret));
write('ecs/task-definitions/orders-api-15.json', td('orders-api', 15, api, dbSecret));
write('ecs/task-definitions/catalog-api-4.json', td('catalog-api', 4, CATALOG_ROLE, []));
write('ecs/task-definitions/catalog-sync-2.json', td('catalog-sync', 2, CATALOG_ROLE, []));
write('ecs/task-definitions/catalog-reindex-2.json', td('catalog-reindex', 2, CATALOG_ROLE, []));
const clusterArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`;
write('ecs/services-prod.json', {
  services: [
    { serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/orders-api`, serviceName: 'orders-api', clusterArn, taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/orders-api:15`, desiredCount: 2, runningCount: 2, launchType: 'FARGATE', status: 'ACTIVE' },
    { serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/order-worker`, serviceName: 'order-worker', clusterArn, taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/order-worker:7`, desiredCount: 2, runningCount: 2, launchType: 'FARGATE', status: 'ACTIVE' },
    { serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/catalog-api`, serviceName: 'catalog-api', clusterArn, taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/catalog-api:4`, desiredCount: 1, runningCount: 1, launchType: 'FARGATE', status: 'ACTIVE' },
    { serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/catalog-sync`, serviceName: 'catalog-sync', clusterArn, taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/catalog-sync:2`, desiredCount: 1, runningCount: 1, launchType: 'FARGATE', status: 'ACTIVE' },
  ],
  failures: [],
});

// IAM: page 1 as the CLI prints it (documents as JSON), page 2 as the raw API returns it (URL-encoded).
const encoded = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const managed = (name: string, policyArn: string, doc: unknown, urlEncode: boolean) => ({
  PolicyName: name,
  PolicyId: `ANPA${hex(17).toUpperCase()}`,
  Arn: policyArn,
  Path: policyArn.includes(':aws:policy/') ? '/service-role/' : '/',
  DefaultVersionId: 'v3',
  AttachmentCount: 1,
  IsAttachable: true,
  PolicyVersionList: [
    { Document: urlEncode ? encoded({ Version: '2012-10-17', Statement: [] }) : { Version: '2012-10-17', Statement: [] }, VersionId: 'v2', IsDefaultVersion: false },
    { Document: urlEncode ? encoded(doc) : doc, VersionId: 'v3', IsDefaultVersion: true },
  ],
});
const roleDetail = (r: Role, extra: Rec) => ({
  Path: r.path,
  RoleName: r.name,
  RoleId: ROLE_IDS.get(r.name),
  Arn: roleArn(r),
  CreateDate: r.created,
  AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
  InstanceProfileList: [],
  RolePolicyList: [],
  AttachedManagedPolicies: [],
  Tags: [{ Key: 'team', Value: 'orders' }],
  RoleLastUsed: { LastUsedDate: iso(START + DAYS * 24 * HOUR - HOUR), Region: REGION },
  ...extra,
});
write('iam/authorization-details-1.json', {
  UserDetailList: [],
  GroupDetailList: [],
  RoleDetailList: [
    roleDetail(api, { RolePolicyList: [{ PolicyName: 'orders-api-access', PolicyDocument: POLICIES.ordersApiInline }] }),
    roleDetail(worker, {
      RolePolicyList: [{ PolicyName: 'no-order-deletes', PolicyDocument: POLICIES.workerNoDeletes }],
      AttachedManagedPolicies: [{ PolicyName: 'order-worker-legacy', PolicyArn: arn.policy('order-worker-legacy') }],
      PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn.policy('app-boundary') },
    }),
    roleDetail(nightly, { AttachedManagedPolicies: [{ PolicyName: 'reporting-access', PolicyArn: arn.policy('reporting-access') }] }),
    roleDetail(ROLES.execution, {
      RolePolicyList: [{ PolicyName: 'read-app-secrets', PolicyDocument: POLICIES.executionSecrets }],
      AttachedManagedPolicies: [{ PolicyName: 'AmazonECSTaskExecutionRolePolicy', PolicyArn: arn.awsPolicy('service-role/', 'AmazonECSTaskExecutionRolePolicy') }],
    }),
    roleDetail(CATALOG_ROLE, { RolePolicyList: [{ PolicyName: 'catalog-tables', PolicyDocument: POLICIES.catalogTables }] }),
  ],
  Policies: [],
  IsTruncated: true,
  Marker: 'page-2',
});
write('iam/authorization-details-2.json', {
  UserDetailList: [],
  GroupDetailList: [],
  RoleDetailList: [],
  Policies: [
    managed('order-worker-legacy', arn.policy('order-worker-legacy'), POLICIES.workerLegacy, true),
    managed('app-boundary', arn.policy('app-boundary'), POLICIES.appBoundary, true),
    managed('reporting-access', arn.policy('reporting-access'), POLICIES.reporting, true),
    managed('AmazonECSTaskExecutionRolePolicy', arn.awsPolicy('service-role/', 'AmazonECSTaskExecutionRolePolicy'), POLICIES.ecsTaskExecution, true),
  ],
  IsTruncated: false,
});

// ECS tasks as the README's describe-tasks loop saw them, merged per day: every task running
// or (while ECS still listed it, an hour after it stopped) stopped that day, as of the day's last snapshot.
const cliTime = (ms: number) => new Date(ms).toISOString().replace('Z', '000+00:00');
function describedTask(r: TaskRun, asOf: number): Rec {
  const taskArn = r.oldArn ? `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${r.id}` : `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/${r.id}`;
  const stopped = r.stopped !== undefined && r.stopped <= asOf;
  const status = stopped ? 'STOPPED' : 'RUNNING';
  return {
    availabilityZone: `${REGION}${'abc'[hash(r.id) & 1]}`,
    clusterArn,
    containers: [{ name: 'app', image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${r.family}:prod`, lastStatus: status, ...(stopped ? { exitCode: r.stoppedReason?.startsWith('Essential') ? 0 : undefined } : {}) }],
    cpu: '512',
    createdAt: cliTime(r.created),
    desiredStatus: stopped || (r.stopped !== undefined && r.stopped <= asOf + 60_000) ? 'STOPPED' : 'RUNNING',
    group: r.service ? `service:${r.service}` : `family:${r.family}`,
    lastStatus: status,
    launchType: 'FARGATE',
    memory: '1024',
    platformVersion: '1.4.0',
    startedAt: cliTime(r.started),
    startedBy: r.startedBy,
    ...(stopped ? { stoppedAt: cliTime(r.stopped!), stoppingAt: cliTime(r.stopped! - 2_000), stoppedReason: r.stoppedReason, stopCode: r.stoppedReason?.startsWith('Scaling') ? 'ServiceSchedulerInitiated' : r.stoppedReason?.startsWith('Essential') ? 'EssentialContainerExited' : 'TaskFailedToStart' } : {}),
    taskArn,
    taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${r.family}:${r.revision}`,
    version: stopped ? 5 : 3,
  };
}
for (let day = 0; day < DAYS; day++) {
  const from = START + day * 24 * HOUR;
  const to = from + 24 * HOUR;
  const seen = taskRuns.filter((r) => r.created < to && (r.stopped === undefined || r.stopped + HOUR > from));
  const asOf = Math.min(to, START + DAYS * 24 * HOUR) - 1;
  write(`ecs/tasks/${iso(from).slice(0, 10)}.json`, { tasks: seen.map((r) => describedTask(r, asOf)), failures: [] });
}

// CloudTrail as delivered to S3: one gzipped file per hour, records in no particular order within it.
records.sort((a, b) => ((a.eventTime as string) < (b.eventTime as string) ? -1 : 1));
const byHour = new Map<string, Rec[]>();
for (const r of records) {
  const hour = (r.eventTime as string).slice(0, 13);
  const list = byHour.get(hour) ?? [];
  list.push(r);
  byHour.set(hour, list);
}
for (const [hour, list] of byHour) {
  const [date, hh] = hour.split('T') as [string, string];
  const [y, m, d] = date.split('-');
  const name = `${ACCOUNT}_CloudTrail_${REGION}_${y}${m}${d}T${hh}00Z_${hex(16)}.json.gz`;
  const p = join(OUT, 'cloudtrail', 'AWSLogs', ACCOUNT, 'CloudTrail', REGION, y!, m!, d!, name);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, gzipSync(JSON.stringify({ Records: list }), { level: 9 }));
}

// A `lookup-events` export of the execution role's last day, which overlaps the trail files:
// the same events, counted once.
const lastDay = iso(START + (DAYS - 1) * 24 * HOUR);
const lookup = records
  .filter((r) => (r.eventTime as string) >= lastDay && r.eventCategory === 'Management')
  .filter((r) => JSON.stringify(r.userIdentity).includes(ROLES.execution.name))
  .reverse()
  .map((r) => ({
    EventId: r.eventID,
    EventName: r.eventName,
    ReadOnly: String(r.readOnly),
    EventTime: r.eventTime,
    EventSource: r.eventSource,
    Username: (r.userIdentity as Rec).arn,
    Resources: [],
    CloudTrailEvent: JSON.stringify(r),
  }));
write('cloudtrail/lookup-events-ecs-task-execution.json', { Events: lookup });

// A hand-copied extract, one event per line, with the note its author typed at the end: a
// line that is not JSON (skipped and counted) but holds no event. (A cut-off event would be
// a lost call, and would rightly leave nothing called unused: see README, Reliability.)
const extract = records.filter((r) => r.eventName === 'GetQueueUrl').slice(0, 2).map((r) => JSON.stringify(r));
writeFileSync(join(OUT, 'cloudtrail', 'support-ticket-extract.jsonl'), `${extract.join('\n')}\n-- 2 events copied from the console for ticket 4711 --\n`);

// IAM last-accessed reports, as `aws iam get-service-last-accessed-details` prints them once the
// job completed; the README's export loop adds the RoleArn (one report here names its role by file name only).
for (const la of LAST_ACCESSED) {
  const role = ROLES[la.role];
  const created = new Date(Date.parse(la.generated) - 4000).toISOString().replace(/\.\d+Z$/, '+00:00');
  write(`last-accessed/${role.name}.json`, {
    ...(la.byFileName ? {} : { RoleArn: roleArn(role) }),
    JobStatus: 'COMPLETED',
    JobType: 'ACTION_LEVEL',
    JobCreationDate: created,
    ServicesLastAccessed: la.services.map((s) => ({
      ServiceName: s.name,
      ServiceNamespace: s.service,
      ...(s.last ? { LastAuthenticated: s.last, LastAuthenticatedEntity: roleArn(role), LastAuthenticatedRegion: REGION } : {}),
      TotalAuthenticatedEntities: s.last ? 1 : 0,
      ...(s.actions
        ? { TrackedActionsLastAccessed: s.actions.map((a) => ({ ActionName: a.name, ...(a.last ? { LastAccessedEntity: roleArn(role), LastAccessedRegion: REGION, LastAccessedTime: a.last } : {}) })) }
        : {}),
    })),
    JobCompletionDate: la.generated,
    IsTruncated: false,
  });
}

console.log(`wrote ${records.length} CloudTrail records in ${byHour.size} files to ${OUT}`);
