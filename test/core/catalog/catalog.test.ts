import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { catalog } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const fits = (action: string, arn: string) => cat.lookup(action)!.resourceArnPatterns.some((m) => m.test(arn));

describe('catalog ARN templates', () => {
  it('tell which resource type an ARN is: a bucket is not an object, a queue is a queue', () => {
    expect(fits('s3:GetObject', 'arn:aws:s3:::b/k.json')).toBe(true);
    expect(fits('s3:GetObject', 'arn:aws:s3:::b')).toBe(false);
    expect(fits('s3:ListBucket', 'arn:aws:s3:::b')).toBe(true);
    expect(fits('sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:q')).toBe(true);
    expect(fits('sqs:SendMessage', 'arn:aws:sns:us-east-1:111122223333:q')).toBe(false);
    expect(cat.lookup('s3:GetObject')!.resourceArnPatterns.map((m) => m.template)).toContain('arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  });

  it('read a literal * in a template as a wildcard', () => {
    expect(cat.lookup('dms:DeleteCertificate')!.resourceArnPatterns.map((m) => m.template)).toContain('arn:${Partition}:dms:${Region}:${Account}:cert:*');
    expect(fits('dms:DeleteCertificate', 'arn:aws:dms:us-east-1:111122223333:cert:ABCDEF')).toBe(true);
  });

  it('match an 80,000-segment S3 key in linear time (a RegExp backtracked for seconds)', () => {
    const started = performance.now();
    const key = `arn:aws:s3:us-east-1:111122223333:accesspoint/ap/${'object/'.repeat(80_000)}\n`;
    expect(fits('s3:GetObject', key)).toBe(true);
    expect(fits('s3:GetObject', `arn:aws:s3:::b/${'a/'.repeat(80_000)}`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('expand action patterns with many wildcards without backtracking', () => {
    const started = performance.now();
    expect(cat.expand(`s3:${'*a'.repeat(200)}b`)).toEqual([]);
    expect(cat.expand('s3:*Object').map((a) => a.action)).toContain('s3:GetObject');
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
