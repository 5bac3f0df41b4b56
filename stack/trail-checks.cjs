'use strict';
/**
 * Trail mode's parameters that cannot work, one sentence each (empty: deployable), checked
 * before anything is packaged (called by ./deploy-checks.cjs). Plain CommonJS, like it.
 */

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * @param {{ region: string, collectFrom?: string, trailBucket?: string, trailPrefix?: string, trailKmsKeyArn?: string,
 *   trailBucketAccount?: string, accounts?: string, organizationId?: string,
 *   ingestBatchSize?: string|number, ingestMemorySize?: string|number, ingestConcurrency?: string|number }} p
 * @returns {string[]}
 */
function trailProblems(p) {
  const mode = p.collectFrom || 'lookup-events';
  if (mode === 'lookup-events') return [];
  if (mode !== 'trail') return [`collectFrom must be lookup-events or trail, not "${mode}"`];
  const problems = [];
  if (!p.trailBucket) problems.push('collectFrom=trail needs trailBucket: the bucket the trail delivers its log files to (in this region: S3 notifies only a queue of its own region)');
  else if (!BUCKET.test(p.trailBucket)) problems.push(`trailBucket "${p.trailBucket}" is not a bucket name`);
  if (p.trailPrefix && /^\/|\/$/.test(p.trailPrefix)) problems.push(`trailPrefix "${p.trailPrefix}" must be given without a leading or trailing slash, as the trail's S3 key prefix is`);
  if (p.trailKmsKeyArn) {
    const key = KMS_KEY_ARN.exec(p.trailKmsKeyArn);
    if (!key) problems.push(`trailKmsKeyArn "${p.trailKmsKeyArn}" is not a KMS key ARN (an alias cannot scope an IAM policy)`);
    else if (key[1] !== p.region) problems.push(`trailKmsKeyArn is in ${key[1]} but the stack deploys to ${p.region}: the trail bucket, its key and the stack must share a region`);
  }
  if (p.trailBucketAccount && !/^\d{12}$/.test(p.trailBucketAccount)) problems.push(`trailBucketAccount "${p.trailBucketAccount}" is not an account id`);
  const accounts = String(p.accounts || '');
  if (accounts && accounts !== 'organization' && !accounts.split(',').every((a) => /^\d{12}$/.test(a.trim()))) problems.push(`accounts "${accounts}" must be empty (this account), organization, or account ids separated by commas`);
  if (p.organizationId && !/^o-[a-z0-9]{10,32}$/.test(p.organizationId)) problems.push(`organizationId "${p.organizationId}" is not an Organization id (o-...)`);
  const num = (v) => Number(v);
  if (!(num(p.ingestBatchSize) >= 1 && num(p.ingestBatchSize) <= 10)) problems.push(`ingestBatchSize (${p.ingestBatchSize}) must be from 1 to 10 (larger batches need a batching window, and one file is folded at a time)`);
  if (!(num(p.ingestMemorySize) >= 256 && num(p.ingestMemorySize) <= 10240)) problems.push(`ingestMemorySize (${p.ingestMemorySize}) must be from 256 to 10240 MB`);
  if (!(num(p.ingestConcurrency) >= 2 && num(p.ingestConcurrency) <= 1000)) problems.push(`ingestConcurrency (${p.ingestConcurrency}) must be from 2 to 1000 (SQS event sources allow no fewer than 2)`);
  return problems;
}

module.exports = { trailProblems };
