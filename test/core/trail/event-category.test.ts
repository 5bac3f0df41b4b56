import { describe, expect, it } from 'vitest';
import { isDataPlaneAction } from '../../../core/catalog/observability.ts';
import { requiredActions } from '../../../core/mapping/required-actions.ts';
import { kindOfUnlabelledEvent } from '../../../core/trail/event-category.ts';
import { catalog } from '../../helpers/fixtures.ts';

describe('the kind of a record that does not say', () => {
  it('names S3 object calls, Lambda invocations, DynamoDB items and Bedrock agents data events', () => {
    for (const [s, n] of [['s3', 'GetObject'], ['s3', 'PutObject'], ['s3', 'HeadObject'], ['s3', 'DeleteObjects'], ['lambda', 'Invoke'], ['dynamodb', 'Query'], ['bedrock', 'InvokeAgent'], ['s3-object-lambda', 'GetObject']]) {
      expect(kindOfUnlabelledEvent(s!, n!)).toBe('data');
    }
  });

  it('names bucket calls and Bedrock model invocations management events', () => {
    for (const [s, n] of [['s3', 'ListBuckets'], ['s3', 'GetBucketPolicy'], ['s3', 'CreateAccessPointForObjectLambda'], ['bedrock', 'InvokeModel'], ['bedrock', 'Converse'], ['kms', 'Decrypt']]) {
      expect(kindOfUnlabelledEvent(s!, n!)).toBe('management');
    }
  });

  it('calls S3 listings, which CloudTrail moved between the kinds, evidence of neither', () => {
    expect(kindOfUnlabelledEvent('s3', 'ListObjectsV2')).toBe('unknown');
  });

  it('agrees with the observability table: every named data event needs data-plane actions only', async () => {
    const cat = await catalog();
    const names: [string, string][] = [
      ['s3', 'GetObject'], ['s3', 'PutObject'], ['s3', 'CopyObject'], ['s3', 'DeleteObjects'], ['s3', 'HeadObject'], ['s3', 'UploadPart'], ['s3', 'RestoreObject'],
      ['s3', 'SelectObjectContent'], ['s3', 'GetObjectAttributes'], ['s3', 'ListParts'], ['lambda', 'Invoke'], ['dynamodb', 'GetItem'], ['dynamodb', 'BatchWriteItem'],
      ['dynamodb', 'ExecuteStatement'], ['bedrock', 'Retrieve'], ['bedrock', 'RetrieveAndGenerate'],
    ];
    for (const [s, n] of names) {
      expect(kindOfUnlabelledEvent(s, n)).toBe('data');
      const m = requiredActions(cat, `${s}.amazonaws.com`, n, { statement: 'SELECT * FROM t' });
      if (m.kind !== 'mapped') continue;
      for (const a of m.actions) expect([a.action, isDataPlaneAction(a.action)]).toEqual([a.action, true]);
    }
  });
});
