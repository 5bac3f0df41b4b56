import { describe, expect, it } from 'vitest';
import { stackArns, trailAccess } from '../../../core/ingest/trail-access.ts';

const stack = { account: '111122223333', region: 'us-east-1', stage: 'prod' };

describe('trail access statements for a bucket in another account', () => {
  it('lets the ingest role read log objects under the prefix and the functions role list only there', () => {
    const a = trailAccess(stack, { bucket: 'org-trail', prefix: 'trails' });
    expect(a.bucketPolicy).toEqual([
      expect.objectContaining({ Principal: { AWS: 'arn:aws:iam::111122223333:role/policy-drift-prod-us-east-1-ingest' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::org-trail/trails/AWSLogs/*' }),
      expect.objectContaining({ Principal: { AWS: stackArns(stack).functionsRole }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::org-trail', Condition: { StringLike: { 's3:prefix': 'trails/AWSLogs/*' } } }),
    ]);
    // No write, no delete, nothing outside the trail's log files.
    expect(JSON.stringify(a.bucketPolicy)).not.toMatch(/Put|Delete|\*"\s*,\s*"Resource":\s*"\*"/);
    expect(a.keyPolicy).toEqual([]);
    expect(a.notification.QueueConfigurations[0]).toMatchObject({ QueueArn: 'arn:aws:sqs:us-east-1:111122223333:policy-drift-prod-ingest', Events: ['s3:ObjectCreated:*'] });
  });

  it('lets the ingest role decrypt with the trail key only through S3 in the key\'s region', () => {
    const a = trailAccess(stack, { bucket: 'org-trail', prefix: '', kmsKeyArn: 'arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
    expect(a.keyPolicy).toEqual([
      expect.objectContaining({ Action: 'kms:Decrypt', Principal: { AWS: stackArns(stack).ingestRole }, Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } }),
    ]);
    expect(a.bucketPolicy[0]!.Resource).toBe('arn:aws:s3:::org-trail/AWSLogs/*');
  });
});
