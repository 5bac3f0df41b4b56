import { describe, expect, it } from 'vitest';
import type { TrailRecord } from '../../../core/trail/record.ts';
import { candidateResources } from '../../../core/trail/resources.ts';

const TABLE = 'arn:aws:dynamodb:us-east-1:111122223333:table/orders';
const record = (eventName: string, requestParameters: Record<string, unknown>): TrailRecord => ({
  eventTime: '2026-11-10T00:00:00Z',
  eventSource: 'dynamodb.amazonaws.com',
  eventName,
  region: 'us-east-1',
  accountId: '111122223333',
  // As CloudTrail writes a DynamoDB data event: the table, even when an index was read.
  resourceArns: [TABLE],
  requestParameters,
});

describe('the resources a DynamoDB call acted on', () => {
  it('is the index for a Query or Scan of an index, as IAM authorises it (not the table CloudTrail names)', () => {
    // DynamoDB Developer Guide, "Allow access to a specific DynamoDB table and its indexes"
    // (iam-policy-specific-table-indexes.html): the index is its own resource, table/NAME/index/INDEX.
    expect(candidateResources(record('Query', { tableName: 'orders', indexName: 'by-customer' }), 'dynamodb')).toEqual([`${TABLE}/index/by-customer`]);
    expect(candidateResources(record('Scan', { tableName: 'orders', indexName: 'by-day' }), 'dynamodb')).toEqual([`${TABLE}/index/by-day`]);
  });

  it('is the table otherwise', () => {
    expect(candidateResources(record('Query', { tableName: 'orders' }), 'dynamodb')).toEqual([TABLE]);
    expect(candidateResources(record('GetItem', { tableName: 'orders' }), 'dynamodb')).toEqual([TABLE]);
  });
});
