import { describe, expect, it } from 'vitest';
import { generaliseArn, isVolatileSegment } from '../../../core/analyze/volatile-segments.ts';

describe('volatile path segments', () => {
  it('are dates, times, UUIDs, hex and numeric ids, with or without an extension or a Hive key', () => {
    for (const s of ['2026', '11', '09', '2026-11-13.csv', '2026-11', '20261109', 'report-2026-11-13.csv', '5f2b7c1e-9a0d-4c3e-8b1a-2e6f4d9c7a10.json',
      '0123456789abcdef0123456789abcdef', 'i-0abc12345', '1731110400', 'dt=2026-11-09', 'month=1', '00042.gz.parquet']) {
      expect(isVolatileSegment(s), s).toBe(true);
    }
  });

  it('are not names: words, short hex-looking names, lone digits', () => {
    for (const s of ['orders', 'ab12.json', 'config.json', 'daily', 'exports', 'v2', '1', 'shard-3', 'deadbeef', 'part-0001.parquet', '']) {
      expect(isVolatileSegment(s), s).toBe(false);
    }
  });

  it('generalise only data paths: S3 object keys and log stream names', () => {
    expect(generaliseArn('arn:aws:s3:::b/orders/2026/11/09/ab12.json')).toBe('arn:aws:s3:::b/orders/*');
    expect(generaliseArn('arn:aws:s3:us-east-1:1:accesspoint/ap/object/in/2026/x')).toBe('arn:aws:s3:us-east-1:1:accesspoint/ap/object/in/*');
    expect(generaliseArn('arn:aws:s3:::b/orders/ab12.json')).toBeUndefined();
    expect(generaliseArn('arn:aws:s3:::2026-bucket')).toBeUndefined(); // a bucket name is not a data path
    expect(generaliseArn('arn:aws:logs:us-east-1:1:log-group:/ecs/api:log-stream:ecs/api/0123456789abcdef0123456789abcdef')).toBe(
      'arn:aws:logs:us-east-1:1:log-group:/ecs/api:log-stream:ecs/api/*',
    );
    expect(generaliseArn('arn:aws:kms:us-east-1:1:key/5f2b7c1e-9a0d-4c3e-8b1a-2e6f4d9c7a10')).toBeUndefined();
    expect(generaliseArn('arn:aws:dynamodb:us-east-1:1:table/orders-2026')).toBeUndefined();
  });
});
