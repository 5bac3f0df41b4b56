/**
 * The bundled sample account, as a story. `generate.ts` turns this into an export
 * directory (examples/sample-account/); read this file to know what the demo report
 * should find and why.
 *
 * Acme runs an order system on Fargate in one account (111122223333, us-east-1):
 * - orders-api (service): reads and writes order documents in S3 and orders in DynamoDB.
 *   Its role grants `s3:*` on the bucket and `dynamodb:*` on the table; it uses five
 *   actions. It also tries to send to an SQS queue it was never granted, a delete that an
 *   SCP forbids, and a read of a legacy bucket that S3 refuses with a bare "Access Denied".
 * - order-worker (service): consumes the fulfilment queue. A legacy customer-managed
 *   policy gives it `sqs:*`, `dynamodb:*` on every table, `ses:*` and `iam:PassRole` on
 *   `*`; a permissions boundary cuts IAM and SES back out, and an explicit Deny forbids
 *   `dynamodb:DeleteItem`, which it still tries.
 * - nightly-report (scheduled task, no service): scans the orders table and writes a
 *   report to S3 once a night. Its role was created mid-week. One write is refused by the
 *   reports bucket's policy, one read by the VPC endpoint policy.
 * - ecs-task-execution: the execution role all three share: AmazonECSTaskExecutionRolePolicy
 *   plus an inline policy for the database secret and parameters. A new secret added to
 *   the worker's task definition on Nov 14 is denied: the task cannot start.
 *
 * - orders-api revision 15, deployed Nov 13 at 10:00, updates orders in place
 *   (`dynamodb:UpdateItem`, which no earlier revision called) and no longer queries the
 *   customer index (`dynamodb:Query`, which revision 14 did); it also tries to read the
 *   payments API key itself, which its role was never granted: denied since it was deployed.
 *   Revision 14 was deregistered after the deploy: only its tasks' facts still name it.
 * - A developer assumed orders-api's role from her laptop on Nov 11 to reproduce a bug
 *   (session `jane.doe-debug`): not an ECS task, so those calls belong to no workload and
 *   the report says so (unattributed), rather than guess.
 * - catalog: one task role shared by three workloads, as teams do. The catalog-api service
 *   reads the products table, the catalog-sync service keeps the inventory table current,
 *   and catalog-reindex, a scheduled task started by an EventBridge rule every six hours
 *   that lives for half a minute, scans products and rewrites inventory in batches. The
 *   role grants reads and writes on both tables to all three: the report suggests a policy
 *   per workload ("split this role"), each on its own table.
 *
 * Task facts: the team ran the README's `describe-tasks` loop every 15 minutes; its output,
 * merged per day, is in ecs/tasks/ (running tasks, and stopped ones while ECS still lists
 * them, so the half-minute reindex runs are there too). The worker's tasks run on an older
 * cluster whose task IDs are UUIDs; every other task ID is 32 hex characters.
 *
 * The trail logs management events and S3 + DynamoDB data events (not SQS, not SNS), so
 * the worker's SQS actions and the API's SNS publish are "not observable" from CloudTrail.
 *
 * IAM last-accessed reports (Access Advisor) were exported for three roles (LAST_ACCESSED):
 * - orders-api, just after the week: S3 action-level tracking says the bucket's management
 *   actions, unused in the week, were not accessed in IAM's 400-day tracking period either
 *   (unused for ≥ 400 days), except the monthly lifecycle update (Oct 3): used earlier, kept.
 *   SNS was accessed (it publishes order events), so `sns:Publish` stays not observable.
 * - order-worker, just after the week: CloudWatch never accessed (its metrics moved to log
 *   lines), so the legacy `cloudwatch:PutMetricData` grant is unused, although CloudTrail
 *   cannot record it.
 * - nightly-report, on Nov 13 at 03:00, an hour after the job's first run: IAM had not yet
 *   recorded it (it reports within about four hours), so the report says nothing was ever
 *   accessed while CloudTrail shows the run. CloudTrail wins, and the report says so.
 * The execution role was not exported.
 */

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const CLUSTER = 'prod';
/** The week of CloudTrail the sample covers: 8 days. */
export const START = Date.UTC(2026, 10, 9, 0, 0, 0);
export const DAYS = 8;

export const arn = {
  role: (path: string, name: string) => `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
  policy: (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`,
  awsPolicy: (path: string, name: string) => `arn:aws:iam::aws:policy/${path}${name}`,
};

export const ROLES = {
  ordersApi: { name: 'orders-api-task', path: '/app/', created: '2025-03-02T10:15:00Z' },
  worker: { name: 'order-worker-task', path: '/app/', created: '2024-08-19T08:00:00Z' },
  nightly: { name: 'nightly-report-task', path: '/', created: '2026-11-12T16:40:00Z' },
  execution: { name: 'ecs-task-execution', path: '/', created: '2023-01-10T12:00:00Z' },
} as const;

/**
 * The role the catalog's three workloads share (kept apart from ROLES: the generator draws
 * the other roles' IDs first, and the sample's older records stay as they were).
 */
export const CATALOG_ROLE = { name: 'catalog-task', path: '/app/', created: '2025-06-11T09:30:00Z' } as const;
export const CATALOG_TABLES = {
  products: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/products`,
  inventory: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/inventory`,
};
/** When orders-api revision 15 replaced revision 14: day 4 of the week (Nov 13) at the 10:00 deploy. */
export const ORDERS_API_V15_DAY = 4;

export const BUCKETS = { orders: 'acme-orders-prod', reports: 'acme-reports-prod', legacy: 'acme-legacy-exports' };
export const TABLE = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`;
export const QUEUE = { name: 'order-fulfilment', url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/order-fulfilment` };
export const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:order-events`;
export const KMS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/5f2b7c1e-9a0d-4c3e-8b1a-2e6f4d9c7a10`;
export const SECRETS = {
  db: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/orders-db-Xy12Ab`,
  payments: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/payments-api-key-Qw34Er`,
};
export const PARAMETERS = ['/prod/orders/feature-flags', '/prod/orders/log-level'];

/** Policy documents, as their owners wrote them. */
export const POLICIES = {
  ordersApiInline: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OrdersBucket',
        Effect: 'Allow',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${BUCKETS.orders}`, `arn:aws:s3:::${BUCKETS.orders}/*`],
      },
      { Sid: 'OrdersTable', Effect: 'Allow', Action: 'dynamodb:*', Resource: [TABLE, `${TABLE}/index/*`] },
      { Sid: 'OrderEvents', Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC },
      {
        Sid: 'BucketKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: KMS_KEY,
        Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } },
      },
    ],
  },
  workerLegacy: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Queue', Effect: 'Allow', Action: 'sqs:*', Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:${QUEUE.name}` },
      { Sid: 'Tables', Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
      { Sid: 'Mail', Effect: 'Allow', Action: 'ses:*', Resource: '*' },
      { Sid: 'Metrics', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*' },
      { Sid: 'PassAnyRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
    ],
  },
  workerNoDeletes: {
    Version: '2012-10-17',
    Statement: [{ Sid: 'NoOrderDeletes', Effect: 'Deny', Action: ['dynamodb:DeleteItem', 'dynamodb:DeleteTable'], Resource: '*' }],
  },
  appBoundary: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AppServices',
        Effect: 'Allow',
        Action: ['s3:*', 'dynamodb:*', 'sqs:*', 'sns:Publish', 'kms:Decrypt', 'kms:GenerateDataKey', 'cloudwatch:PutMetricData', 'logs:*'],
        Resource: '*',
      },
    ],
  },
  reporting: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadOrders', Effect: 'Allow', Action: ['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:DescribeTable'], Resource: TABLE },
      {
        Sid: 'ReadExports',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::${BUCKETS.orders}`, `arn:aws:s3:::${BUCKETS.orders}/*`, `arn:aws:s3:::${BUCKETS.legacy}/*`],
      },
      { Sid: 'WriteReports', Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectTagging', 's3:DeleteObject'], Resource: `arn:aws:s3:::${BUCKETS.reports}/daily/*` },
      { Sid: 'ReportKey', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: KMS_KEY },
    ],
  },
  /** AWS managed policy, as AWS publishes it (version 3). */
  ecsTaskExecution: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
  catalogTables: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CatalogTables',
        Effect: 'Allow',
        // Read and write on both tables and their indexes (a Query of an index is authorised
        // on the index's ARN), for whichever workload needs them.
        Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'],
        Resource: [
          `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/products`,
          `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/products/index/*`,
          `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/inventory`,
          `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/inventory/index/*`,
        ],
      },
    ],
  },
  executionSecrets: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'DbSecret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/orders-db-*` },
      { Sid: 'Params', Effect: 'Allow', Action: ['ssm:GetParameters', 'ssm:GetParameter'], Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/prod/*` },
      { Sid: 'SecretKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: KMS_KEY },
    ],
  },
};

/** A service in a last-accessed report: when the role last attempted it, and tracked actions. */
export interface StoryServiceAccess {
  service: string;
  name: string;
  /** Absent: not accessed in the tracking period. */
  last?: string;
  actions?: { name: string; last?: string }[];
}

/** S3 management actions that IAM tracks at action level and the API's bucket grant reaches; all but one not accessed. */
const S3_TRACKED = [
  'CreateBucket', 'DeleteBucket', 'PutBucketPolicy', 'DeleteBucketPolicy', 'GetBucketPolicy', 'PutBucketAcl', 'GetBucketAcl',
  'PutBucketTagging', 'GetBucketTagging', 'GetLifecycleConfiguration', 'PutEncryptionConfiguration', 'GetEncryptionConfiguration',
  'PutBucketVersioning', 'GetBucketVersioning', 'PutBucketPublicAccessBlock', 'GetBucketPublicAccessBlock', 'PutBucketCORS', 'GetBucketCORS',
];

/**
 * The exported last-accessed reports: `generated` is the job's completion; `byFileName`
 * names the role by the file's name instead of a RoleArn key (both conventions are shown).
 */
export const LAST_ACCESSED: { role: keyof typeof ROLES; generated: string; byFileName?: boolean; services: StoryServiceAccess[] }[] = [
  {
    role: 'ordersApi',
    generated: '2026-11-17T00:00:05+00:00',
    services: [
      { service: 'dynamodb', name: 'Amazon DynamoDB', last: '2026-11-16T23:58:51+00:00' },
      { service: 'kms', name: 'AWS Key Management Service', last: '2026-11-16T23:57:12+00:00' },
      {
        service: 's3',
        name: 'Amazon S3',
        last: '2026-11-16T23:59:03+00:00',
        actions: [...S3_TRACKED.map((name) => ({ name })), { name: 'PutLifecycleConfiguration', last: '2026-10-03T04:12:09+00:00' }],
      },
      { service: 'sns', name: 'Amazon SNS', last: '2026-11-16T23:41:10+00:00' },
    ],
  },
  {
    role: 'worker',
    generated: '2026-11-17T00:00:07+00:00',
    byFileName: true,
    services: [
      { service: 'cloudwatch', name: 'Amazon CloudWatch' },
      { service: 'dynamodb', name: 'Amazon DynamoDB', last: '2026-11-16T23:59:40+00:00' },
      { service: 'iam', name: 'AWS Identity and Access Management', actions: [] },
      // Attempts count, denied ones too: the boundary refuses every SES call.
      { service: 'ses', name: 'Amazon SES', last: '2026-11-16T20:05:00+00:00' },
      { service: 'sqs', name: 'Amazon SQS', last: '2026-11-16T23:59:02+00:00' },
    ],
  },
  {
    role: 'nightly',
    generated: '2026-11-13T03:00:04+00:00',
    services: [
      { service: 'dynamodb', name: 'Amazon DynamoDB' },
      { service: 'kms', name: 'AWS Key Management Service' },
      { service: 's3', name: 'Amazon S3', actions: [] },
    ],
  },
];
