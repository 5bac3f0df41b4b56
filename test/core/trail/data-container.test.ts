import { describe, expect, it } from 'vitest';
import { containerOfPattern, containerOfRecord } from '../../../core/trail/data-container.ts';

const ACCOUNT = '111122223333';
const rec = (requestParameters: Record<string, unknown>, o: Record<string, unknown> = {}) => ({ awsRegion: 'us-east-1', recipientAccountId: ACCOUNT, requestParameters, ...o });

describe('the container of a data event', () => {
  it('is read from the request, placed in the record\'s region and account where the name is plain', () => {
    expect(containerOfRecord('s3', rec({ bucketName: 'bucket-a', key: 'k' }))).toBe('bucket-a');
    expect(containerOfRecord('dynamodb', rec({ tableName: 'orders' }))).toBe(`us-east-1:${ACCOUNT}:orders`);
    expect(containerOfRecord('dynamodb', rec({ tableName: 'arn:aws:dynamodb:eu-west-1:444455556666:table/orders' }))).toBe('eu-west-1:444455556666:orders');
    expect(containerOfRecord('lambda', rec({ functionName: 'resize' }))).toBe(`us-east-1:${ACCOUNT}:resize`);
    expect(containerOfRecord('lambda', rec({ functionName: 'resize:live' }))).toBe(`us-east-1:${ACCOUNT}:resize`);
    expect(containerOfRecord('lambda', rec({ functionName: 'arn:aws:lambda:eu-west-1:444455556666:function:resize:3' }))).toBe('eu-west-1:444455556666:resize');
    expect(containerOfRecord('lambda', rec({ functionName: '444455556666:function:resize' }))).toBe('us-east-1:444455556666:resize');
    expect(containerOfRecord('sqs', rec({ queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/jobs` }))).toBe(`us-east-1:${ACCOUNT}:jobs`);
    expect(containerOfRecord('sns', rec({ topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:events` }))).toBe(`us-east-1:${ACCOUNT}:events`);
    expect(containerOfRecord('kinesis', rec({ streamName: 'clicks' }))).toBe(`us-east-1:${ACCOUNT}:clicks`);
    expect(containerOfRecord('kinesis', rec({ streamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/clicks` }))).toBe(`us-east-1:${ACCOUNT}:clicks`);
    expect(containerOfRecord('firehose', rec({ deliveryStreamName: 'to-s3' }))).toBe(`us-east-1:${ACCOUNT}:to-s3`);
  });

  it('is none when the record does not name one plainly, or names it beyond reason', () => {
    expect(containerOfRecord('s3', rec({ key: 'k' }))).toBeUndefined();
    expect(containerOfRecord('s3', rec({ bucketName: 'arn:aws:s3:us-east-1:1:accesspoint/ap' }))).toBeUndefined();
    expect(containerOfRecord('s3', rec({ bucketName: 'b'.repeat(100_000) }))).toBeUndefined();
    expect(containerOfRecord('dynamodb', rec({ requestItems: { orders: [] } }))).toBeUndefined();
    expect(containerOfRecord('dynamodb', rec({ tableName: 'orders' }, { awsRegion: undefined }))).toBeUndefined();
    expect(containerOfRecord('sns', rec({ phoneNumber: '+1555' }))).toBeUndefined();
    expect(containerOfRecord('s3', { requestParameters: null })).toBeUndefined();
    expect(containerOfRecord('bedrock', rec({ agentId: 'a' }))).toBeUndefined();
  });
});

describe('the container a grant names', () => {
  it('is the bucket, table, function, queue, topic or stream of the pattern, in the key format of records', () => {
    expect(containerOfPattern('s3', 'arn:aws:s3:::bucket-b/*')).toEqual({ kind: 'named', key: 'bucket-b' });
    expect(containerOfPattern('s3', 'arn:aws:s3:::bucket-b')).toEqual({ kind: 'named', key: 'bucket-b' });
    expect(containerOfPattern('dynamodb', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/index/*`)).toEqual({ kind: 'named', key: `us-east-1:${ACCOUNT}:orders` });
    expect(containerOfPattern('lambda', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:resize:*`)).toEqual({ kind: 'named', key: `us-east-1:${ACCOUNT}:resize` });
    expect(containerOfPattern('sqs', `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`)).toEqual({ kind: 'named', key: `us-east-1:${ACCOUNT}:jobs` });
    expect(containerOfPattern('kinesis', `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/clicks/consumer/c:1`)).toEqual({ kind: 'named', key: `us-east-1:${ACCOUNT}:clicks` });
  });

  it('is open (any number of containers) for a wildcard or variable in the container part, or an unplaced shape', () => {
    for (const [service, pattern] of [
      ['s3', '*'], ['s3', 'arn:aws:s3:::*'], ['s3', 'arn:aws:s3:::acme-*/*'], ['s3', 'arn:aws:s3:::${aws:username}-home/*'],
      ['s3', `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/ap/object/*`], ['dynamodb', `arn:aws:dynamodb:*:${ACCOUNT}:table/orders`],
      ['dynamodb', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/ord*`], ['dynamodb', `arn:aws:dynamodb::${ACCOUNT}:global-table/orders`],
      ['lambda', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:*`], ['sqs', 'arn:aws:*:us-east-1:1:q'],
    ] as const) {
      expect([pattern, containerOfPattern(service, pattern)]).toEqual([pattern, { kind: 'open' }]);
    }
  });

  it('is elsewhere for a resource of another service', () => {
    expect(containerOfPattern('s3', `arn:aws:kms:us-east-1:${ACCOUNT}:key/k`)).toEqual({ kind: 'elsewhere' });
  });
});
