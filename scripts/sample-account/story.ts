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
 * The trail logs management events and S3 + DynamoDB data events (not SQS, not SNS), so
 * the worker's SQS actions and the API's SNS publish are "not observable", not "unused".
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
  executionSecrets: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'DbSecret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/orders-db-*` },
      { Sid: 'Params', Effect: 'Allow', Action: ['ssm:GetParameters', 'ssm:GetParameter'], Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/prod/*` },
      { Sid: 'SecretKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: KMS_KEY },
    ],
  },
};
