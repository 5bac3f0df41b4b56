/**
 * SDK clients, configured once. `AWS_ENDPOINT_URL` (the loopback sandbox, LocalStack)
 * is honoured by the SDK itself; S3 then needs path-style addressing, since a bucket
 * cannot be a subdomain of 127.0.0.1.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export interface ClientOptions {
  region?: string;
  /** SDK attempts per call, including the first (throttling and 5xx are retried with backoff). Default 4. */
  maxAttempts?: number;
  /** Credentials other than the caller's own (a member account's role, see assume-member.ts). */
  credentials?: AwsCredentialIdentityProvider;
}

const customEndpoint = () => !!(process.env.AWS_ENDPOINT_URL || process.env.AWS_ENDPOINT_URL_S3);

function base(o: ClientOptions) {
  return { ...(o.region ? { region: o.region } : {}), maxAttempts: o.maxAttempts ?? 4, ...(o.credentials ? { credentials: o.credentials } : {}) };
}

export const ecsClient = (o: ClientOptions = {}) => new ECSClient(base(o));
export const iamClient = (o: ClientOptions = {}) => new IAMClient(base(o));
export const snsClient = (o: ClientOptions = {}) => new SNSClient(base(o));
export const s3Client = (o: ClientOptions = {}) => new S3Client({ ...base(o), forcePathStyle: customEndpoint() });
export const sqsClient = (o: ClientOptions = {}) => new SQSClient(base(o));
export const stsClient = (o: ClientOptions = {}) => new STSClient(base(o));
/** Organizations answers from us-east-1 (its one endpoint in the aws partition). */
export const organizationsClient = (o: ClientOptions = {}) => new OrganizationsClient({ ...base(o), region: o.region ?? 'us-east-1' });
/** LookupEvents pacing is ours (see rate-limiter.ts); the SDK's own retries stay as a second line. */
export const cloudTrailClient = (o: ClientOptions = {}) => new CloudTrailClient({ ...base(o), maxAttempts: o.maxAttempts ?? 1 });

/** A one-line description of an SDK error for reports: `AccessDenied: message`. */
export function describeError(e: unknown): string {
  const err = e as { name?: string; Code?: string; message?: string };
  const code = err?.name ?? err?.Code ?? 'Error';
  const msg = (err?.message ?? String(e)).replace(/\s+/g, ' ').slice(0, 300);
  return msg && msg !== code ? `${code}: ${msg}` : code;
}
