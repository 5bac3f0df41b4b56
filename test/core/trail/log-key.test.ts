import { describe, expect, it } from 'vitest';
import { daysBack, logDayPrefix, parseLogKey } from '../../../core/trail/log-key.ts';

const ORG_KEY = 'AWSLogs/o-aa111bb222/444455556666/CloudTrail/eu-west-1/2026/11/10/444455556666_CloudTrail_eu-west-1_20261110T1405Z_Mu0KsOhtH1ar15ZZ.json.gz';

describe('CloudTrail log keys', () => {
  it('reads an Organization trail key: org, account, region, day, delivery time', () => {
    expect(parseLogKey(ORG_KEY)).toEqual({
      kind: 'log',
      key: ORG_KEY,
      prefix: '',
      orgId: 'o-aa111bb222',
      account: '444455556666',
      region: 'eu-west-1',
      day: '2026-11-10',
      delivered: '2026-11-10T14:05:00Z',
      unique: 'Mu0KsOhtH1ar15ZZ',
    });
  });

  it('reads an account trail key under a prefix, given with or without its slash', () => {
    const key = 'trails/main/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/09/111122223333_CloudTrail_us-east-1_20261109T2355Z_f57f96578af1a0c5.json.gz';
    for (const prefix of ['trails/main', 'trails/main/', '/trails/main/']) {
      const k = parseLogKey(key, prefix);
      expect(k).toMatchObject({ kind: 'log', prefix: 'trails/main', account: '111122223333', region: 'us-east-1', day: '2026-11-09' });
      expect('orgId' in k).toBe(false);
    }
    expect(parseLogKey(key, 'other')).toEqual({ kind: 'ignored', key, reason: 'outside-trail-prefix' });
  });

  it('ignores digest and Insights files, and anything that is not a log file', () => {
    const digest = 'AWSLogs/o-aa111bb222/444455556666/CloudTrail-Digest/eu-west-1/2026/11/10/444455556666_CloudTrail-Digest_eu-west-1_main_us-east-1_20261110T140000Z.json.gz';
    expect(parseLogKey(digest)).toMatchObject({ kind: 'ignored', reason: 'digest-file' });
    const insight = 'AWSLogs/444455556666/CloudTrail-Insight/eu-west-1/2026/11/10/444455556666_CloudTrail-Insight_eu-west-1_20261110T1405Z_abc.json.gz';
    expect(parseLogKey(insight)).toMatchObject({ kind: 'ignored', reason: 'insights-file' });
    for (const other of ['AWSLogs/444455556666/CloudTrail/', 'AWSLogs/444455556666/CloudTrail/ConfigWritabilityCheckFile', 'README.txt', ORG_KEY.replace('.json.gz', '.json')]) {
      expect(parseLogKey(other)).toMatchObject({ kind: 'ignored', reason: 'not-a-log-file' });
    }
  });

  it('refuses a key whose folder and file name disagree on account or region', () => {
    expect(parseLogKey(ORG_KEY.replace('/444455556666/CloudTrail', '/777788889999/CloudTrail'))).toMatchObject({ kind: 'ignored', reason: 'not-a-log-file' });
    expect(parseLogKey(ORG_KEY.replace('CloudTrail/eu-west-1', 'CloudTrail/us-east-1'))).toMatchObject({ kind: 'ignored', reason: 'not-a-log-file' });
  });

  it('builds the day prefix a backfill lists, and the days it covers', () => {
    expect(logDayPrefix({ trailPrefix: 'trails/', orgId: 'o-aa111bb222', account: '444455556666', region: 'eu-west-1', day: '2026-11-10' })).toBe(
      'trails/AWSLogs/o-aa111bb222/444455556666/CloudTrail/eu-west-1/2026/11/10/',
    );
    const key = logDayPrefix({ account: '111122223333', region: 'us-east-1', day: '2026-11-09' }) + '111122223333_CloudTrail_us-east-1_20261109T2355Z_f57f96578af1a0c5.json.gz';
    expect(parseLogKey(key)).toMatchObject({ kind: 'log', day: '2026-11-09' });
    expect(daysBack(Date.parse('2026-03-01T10:00:00Z'), 3)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});
