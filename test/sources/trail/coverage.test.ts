/** What an export's CloudTrail files vouch for: the days per account and region, from their folders and their records. */
import { describe, expect, it } from 'vitest';
import { Coverage, PlacesSeen } from '../../../sources/trail/coverage.ts';
import { logPlaceOf } from '../../../sources/trail/placement.ts';

const A = '111122223333';
const B = '222233334444';
const record = (time: unknown, o: { region?: string; recipient?: string; caller?: string } = {}) => ({
  eventTime: time,
  awsRegion: o.region ?? 'us-east-1',
  ...(o.recipient ? { recipientAccountId: o.recipient } : {}),
  userIdentity: { type: 'AssumedRole', ...(o.caller ? { accountId: o.caller } : {}) },
});

describe('the days a file\'s records show', () => {
  it('notes each record\'s account (recipientAccountId, else the caller\'s), region and day, and the day\'s earliest record', () => {
    const seen = new PlacesSeen();
    for (const r of [
      record('2026-11-02T10:00:00Z', { recipient: A }),
      record('2026-11-02T08:00:00Z', { recipient: A, caller: B }),
      record('2026-11-03T00:30:00+02:00', { recipient: A }), // 2026-11-02T22:30:00Z
      record('2026-11-02T09:00:00Z', { caller: B, region: 'eu-west-1' }),
      record('2026-11-04T09:00:00Z'),
      record('2026-11-04T10:00:00Z', { caller: B }),
      record('not a time', { recipient: A }),
      record('2026-11-05T09:00:00Z', { region: '' }),
      null,
      'text',
    ]) seen.note(r);
    expect(seen.toPlaceDays()).toEqual([
      { account: A, region: 'us-east-1', days: [['2026-11-02', '2026-11-02T08:00:00Z']] },
      { account: B, region: 'eu-west-1', days: [['2026-11-02', '2026-11-02T09:00:00Z']] },
      { region: 'us-east-1', days: [['2026-11-04', '2026-11-04T09:00:00Z']] },
      { account: B, region: 'us-east-1', days: [['2026-11-04', '2026-11-04T10:00:00Z']] },
    ]);
  });
});

describe('coverage of the files read', () => {
  it('joins consecutive days of one account and region into one span of whole days; a missing day is a gap', () => {
    const c = new Coverage();
    for (const day of ['01', '02', '04']) c.addFile(logPlaceOf(`AWSLogs/${A}/CloudTrail/us-east-1/2026/11/${day}/x.json.gz`));
    c.addFile(undefined, [{ account: A, region: 'us-east-1', days: [['2026-11-05', '2026-11-05T12:00:00Z']] }, { region: 'eu-west-1', days: [['2026-11-01', '2026-11-01T12:00:00Z']] }]);
    c.addFile(logPlaceOf(`AWSLogs/o-aa111bb222/${B}/CloudTrail/us-east-1/2026/11/03/y.json.gz`));
    expect(c.spans()).toEqual([
      { region: 'eu-west-1', start: '2026-11-01T00:00:00Z', end: '2026-11-01T23:59:59Z' },
      { account: A, region: 'us-east-1', start: '2026-11-01T00:00:00Z', end: '2026-11-02T23:59:59Z' },
      { account: A, region: 'us-east-1', start: '2026-11-04T00:00:00Z', end: '2026-11-05T23:59:59Z' },
      { account: B, region: 'us-east-1', start: '2026-11-03T00:00:00Z', end: '2026-11-03T23:59:59Z' },
    ]);
  });

  it('does not count the previous day read from the last hour\'s events delivered in a day\'s first file', () => {
    const c = new Coverage();
    const logged = logPlaceOf(`x/AWSLogs/${A}/CloudTrail/us-west-2/2026/11/07/${A}_CloudTrail_us-west-2_20261107T0005Z_abc.json.gz`);
    expect(logged).toEqual({ account: A, region: 'us-west-2', day: '2026-11-07' });
    c.addFile(logged, [{ account: A, region: 'us-west-2', days: [['2026-11-06', '2026-11-06T23:57:00Z'], ['2026-11-07', '2026-11-07T00:01:00Z']] }]);
    expect(c.spans()).toEqual([{ account: A, region: 'us-west-2', start: '2026-11-07T00:00:00Z', end: '2026-11-07T23:59:59Z' }]);
    // Earlier in that day, the records are evidence of the day.
    c.addFile(logged, [{ account: A, region: 'us-west-2', days: [['2026-11-06', '2026-11-06T12:00:00Z']] }]);
    expect(c.spans()).toEqual([{ account: A, region: 'us-west-2', start: '2026-11-06T00:00:00Z', end: '2026-11-07T23:59:59Z' }]);
  });

  it('reads the account, region and day of a delivered file from its folder or from CloudTrail\'s file name', () => {
    expect(logPlaceOf(`/e/cloudtrail/${A}_CloudTrail_eu-west-1_20261109T0000Z_f57f96578af1a0c5.json.gz`)).toEqual({ account: A, region: 'eu-west-1', day: '2026-11-09' });
    expect(logPlaceOf(`AWSLogs/${A}/CloudTrail/us-east-1/2026/02/30/x.json.gz`)).toBeUndefined();
    expect(logPlaceOf(`AWSLogs/${A}/CloudTrail/us-east-1/x.json.gz`)).toBeUndefined();
    expect(logPlaceOf('cloudtrail/trail.json')).toBeUndefined();
  });
});
