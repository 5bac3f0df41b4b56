/**
 * What a user adds outside the stack for trail mode, as policy JSON to paste: when the
 * trail's bucket (and its KMS key) live in another account (a log-archive account), that
 * account must let the stack's functions in, and the bucket must notify the stack's
 * queue of new log files. `policy-drift trail-access` prints these; the stack's own side
 * (its roles, its queue's policy) is in its template.
 *
 * The names are the stack's (serverless.yml gives its roles and queue these names), so
 * the statements can be written before or after the stack is deployed.
 */
import { keyPrefixOf } from '../trail/log-key.ts';

export interface StackIdentity {
  /** The account the stack is deployed in. */
  account: string;
  region: string;
  /** Serverless stage (default `dev`). */
  stage: string;
  partition?: string;
}

export interface TrailLocation {
  bucket: string;
  /** The trail's S3 key prefix ('' when none). */
  prefix: string;
  /** The trail's SSE-KMS key, when its log files are encrypted with one. */
  kmsKeyArn?: string;
}

/** The ARNs serverless.yml gives the stack's trail-mode parts. */
export function stackArns(s: StackIdentity): { ingestRole: string; functionsRole: string; queue: string; deadLetterQueue: string } {
  const p = s.partition ?? 'aws';
  const base = `policy-drift-${s.stage}-${s.region}`;
  return {
    ingestRole: `arn:${p}:iam::${s.account}:role/${base}-ingest`,
    functionsRole: `arn:${p}:iam::${s.account}:role/policy-drift-${s.stage}-${s.region}-lambdaRole`,
    queue: `arn:${p}:sqs:${s.region}:${s.account}:policy-drift-${s.stage}-ingest`,
    deadLetterQueue: `arn:${p}:sqs:${s.region}:${s.account}:policy-drift-${s.stage}-ingest-dlq`,
  };
}

type Statement = Record<string, unknown>;

export interface TrailAccess {
  /** Statements for the trail bucket's policy. */
  bucketPolicy: Statement[];
  /** Statements for the trail KMS key's policy (none when the files are not SSE-KMS). */
  keyPolicy: Statement[];
  /** The bucket's event notification to the stack's queue (`put-bucket-notification-configuration`). */
  notification: { QueueConfigurations: Statement[] };
}

/** The statements and notification a trail bucket in another account needs. */
export function trailAccess(stack: StackIdentity, trail: TrailLocation): TrailAccess {
  const p = stack.partition ?? 'aws';
  const arns = stackArns(stack);
  const logs = `${keyPrefixOf(trail.prefix)}AWSLogs/`;
  const bucketPolicy: Statement[] = [
    {
      // One log object at a time, by key, from the ingest function only.
      Sid: 'PolicyDriftIngestReadsLogFiles',
      Effect: 'Allow',
      Principal: { AWS: arns.ingestRole },
      Action: 's3:GetObject',
      Resource: `arn:${p}:s3:::${trail.bucket}/${logs}*`,
    },
    {
      // The backfill lists existing log files, under the trail's prefix only.
      Sid: 'PolicyDriftBackfillListsLogFiles',
      Effect: 'Allow',
      Principal: { AWS: arns.functionsRole },
      Action: 's3:ListBucket',
      Resource: `arn:${p}:s3:::${trail.bucket}`,
      Condition: { StringLike: { 's3:prefix': `${logs}*` } },
    },
  ];
  const keyPolicy: Statement[] = trail.kmsKeyArn
    ? [
        {
          // Decrypt only as S3 reads a log object for the ingest function.
          Sid: 'PolicyDriftIngestDecryptsLogFiles',
          Effect: 'Allow',
          Principal: { AWS: arns.ingestRole },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': `s3.${regionOfArn(trail.kmsKeyArn) ?? stack.region}.amazonaws.com` } },
        },
      ]
    : [];
  const notification = {
    QueueConfigurations: [
      {
        Id: 'policy-drift-ingest',
        QueueArn: arns.queue,
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: logs }, { Name: 'suffix', Value: '.json.gz' }] } },
      },
    ],
  };
  return { bucketPolicy, keyPolicy, notification };
}

function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}
