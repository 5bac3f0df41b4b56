import { describe, expect, it } from 'vitest';
import { backfillMessage, parseQueueMessage } from '../../../core/ingest/queue-message.ts';

/** An S3 event notification as S3 sends it to SQS (event structure version 2.1). */
function s3Event(keys: string[], eventName = 'ObjectCreated:Put') {
  return JSON.stringify({
    Records: keys.map((key) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2026-11-10T14:05:12.345Z',
      eventName,
      userIdentity: { principalId: 'AWS:AROAEXAMPLE:regionalDeliverySession' },
      requestParameters: { sourceIPAddress: '10.0.0.1' },
      responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'policy-drift-ingest',
        bucket: { name: 'org-trail', ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: 'arn:aws:s3:::org-trail' },
        object: { key, size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0055AED6DCD90281E5' },
      },
    })),
  });
}

describe('ingest queue messages', () => {
  it('reads the objects of an S3 event notification, decoding keys as S3 encodes them', () => {
    expect(parseQueueMessage(s3Event(['trails/AWSLogs/111122223333/a+b%3Dc.json.gz']))).toEqual({
      kind: 'objects',
      objects: [{ bucket: 'org-trail', key: 'trails/AWSLogs/111122223333/a b=c.json.gz', size: 1024, origin: 'notification' }],
    });
  });

  it('reads a backfill message, and answers nothing for S3 test events and removals', () => {
    expect(parseQueueMessage(backfillMessage('org-trail', 'AWSLogs/x.json.gz'))).toEqual({ kind: 'objects', objects: [{ bucket: 'org-trail', key: 'AWSLogs/x.json.gz', origin: 'backfill' }] });
    expect(parseQueueMessage(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-11-10T14:00:00.000Z', Bucket: 'org-trail' }))).toEqual({ kind: 'test-event' });
    expect(parseQueueMessage(s3Event(['k'], 'ObjectRemoved:Delete'))).toEqual({ kind: 'objects', objects: [] });
  });

  it('says why a message is malformed instead of throwing', () => {
    expect(parseQueueMessage('not json')).toEqual({ kind: 'malformed', error: 'not JSON' });
    expect(parseQueueMessage('[1]')).toMatchObject({ kind: 'malformed' });
    expect(parseQueueMessage('{"hello":1}')).toMatchObject({ kind: 'malformed', error: expect.stringMatching(/neither/) });
    expect(parseQueueMessage('{"Records":[{"eventSource":"aws:sqs"}]}')).toMatchObject({ kind: 'malformed' });
    expect(parseQueueMessage('{"policyDrift":"backfill","bucket":""}')).toMatchObject({ kind: 'malformed' });
  });
});
