import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { serviceOfEventSource } from '../../../core/mapping/event-source.ts';
import { requiredActions } from '../../../core/mapping/required-actions.ts';
import { catalog } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

// The cases of the hand table this mapping replaced (core/trail/event-actions.ts), kept as
// they were: the actions a call certainly needed, or what was tried when none is known.
const map = (source: string, name: string, params?: Record<string, unknown>) => {
  const m = requiredActions(cat, `${source}.amazonaws.com`, name, params);
  return m.kind === 'mapped' ? m.actions.map((a) => a.action) : m.kind === 'unmapped' ? { unmapped: m.tried } : m;
};

describe('event → IAM action', () => {
  it('uses eventSource prefix + eventName by default, in catalog case', () => {
    expect(map('dynamodb', 'GetItem')).toEqual(['dynamodb:GetItem']);
    expect(map('secretsmanager', 'GetSecretValue')).toEqual(['secretsmanager:GetSecretValue']);
  });

  it.each([
    ['s3', 'ListObjects', ['s3:ListBucket']],
    ['s3', 'ListObjectsV2', ['s3:ListBucket']],
    ['s3', 'HeadObject', ['s3:GetObject']],
    ['s3', 'ListBuckets', ['s3:ListAllMyBuckets']],
    ['s3', 'CopyObject', ['s3:GetObject', 's3:PutObject']],
    ['s3', 'UploadPart', ['s3:PutObject']],
    ['s3', 'DeleteObjects', ['s3:DeleteObject']],
    ['lambda', 'GetFunction20150331v2', ['lambda:GetFunction']],
    ['lambda', 'Invoke', ['lambda:InvokeFunction']],
    ['lambda', 'ListFunctions20150331', ['lambda:ListFunctions']],
    ['monitoring', 'PutMetricAlarm', ['cloudwatch:PutMetricAlarm']],
    ['sqs', 'SendMessageBatch', ['sqs:SendMessage']],
    ['kms', 'ReEncrypt', ['kms:ReEncryptFrom', 'kms:ReEncryptTo']],
  ])('%s %s → %j', (source, name, expected) => {
    expect(map(source, name)).toEqual(expected);
  });

  it('maps a versioned S3 read to GetObjectVersion', () => {
    expect(map('s3', 'GetObject', { bucketName: 'b', key: 'k', versionId: '3' })).toEqual(['s3:GetObjectVersion']);
  });

  it('reports what it tried when nothing in the catalog matches', () => {
    expect(map('s3', 'NoSuchCall')).toEqual({ unmapped: ['s3:NoSuchCall'] });
    expect(map('madeup', 'Thing')).toEqual({ unmapped: ['madeup:Thing'] });
  });

  it('derives the service prefix from the event source', () => {
    expect(serviceOfEventSource('monitoring.amazonaws.com')).toBe('cloudwatch');
    expect(serviceOfEventSource('s3.amazonaws.com')).toBe('s3');
    expect(serviceOfEventSource('streams.dynamodb.amazonaws.com')).toBe('dynamodb');
  });
});
