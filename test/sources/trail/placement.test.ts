import { describe, expect, it } from 'vitest';
import { describePlacement, mayOverlap, noteSeen, placeFile, recordsSeen } from '../../../sources/trail/placement.ts';

const seenOf = (...records: unknown[]) => {
  const seen = recordsSeen();
  for (const r of records) noteSeen(seen, r);
  return seen;
};
const rec = (awsRegion: string, eventTime: string) => ({ awsRegion, eventTime });

describe('placing what could not be read', () => {
  it('reads the delivered-log path, account and organisation forms, under any prefix', () => {
    const day = { start: '2026-11-15T23:00:00Z', end: '2026-11-16T23:59:59Z' };
    expect(placeFile('/exports/cloudtrail/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/16/f.json.gz')).toEqual({ region: 'eu-west-1', ...day });
    expect(placeFile('bucket/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/ap-southeast-2/2026/11/16/f.json.gz')).toEqual({ region: 'ap-southeast-2', ...day });
    expect(placeFile('C:\\export\\AWSLogs\\111122223333\\CloudTrail\\us-gov-west-1\\2026\\11\\16\\f.json.gz')).toEqual({ region: 'us-gov-west-1', ...day });
  });

  it('reads CloudTrail\'s file name when the folders were synced away', () => {
    expect(placeFile('export/cloudtrail/16/111122223333_CloudTrail_us-east-1_20261116T0105Z_Ab12Cd34Ef56Gh78.json.gz')).toEqual({
      region: 'us-east-1',
      start: '2026-11-15T23:00:00Z',
      end: '2026-11-16T23:59:59Z',
    });
  });

  it('otherwise takes the records read: their one region, and the whole days they span', () => {
    expect(placeFile('extract.jsonl', seenOf(rec('us-east-1', '2026-11-10T10:00:00Z'), rec('us-east-1', '2026-11-09T23:00:00Z')))).toEqual({
      region: 'us-east-1',
      start: '2026-11-09T00:00:00Z',
      end: '2026-11-10T23:59:59Z',
    });
    // Two regions: the lost record's region is unknown; garbage times say nothing.
    expect(placeFile('x.jsonl', seenOf(rec('us-east-1', '2026-11-10T10:00:00Z'), rec('eu-west-1', '2026-11-10T11:00:00Z')))).toEqual({ start: '2026-11-10T00:00:00Z', end: '2026-11-10T23:59:59Z' });
    expect(placeFile('x.jsonl', seenOf(rec('us-east-1', '2026-19-39T29:59:69Z')))).toEqual({ region: 'us-east-1' });
    expect(placeFile('x.jsonl', seenOf('not a record', null, { eventTime: 0 }))).toEqual({});
  });

  it('does not take a path that only looks like a log path, or a date that does not exist', () => {
    expect(placeFile('AWSLogs/1234/CloudTrail/us-east-1/2026/11/16/f.json')).toEqual({});
    expect(placeFile('AWSLogs/111122223333/CloudTrail/us-east-1/2026/02/30/f.json')).toEqual({ region: 'us-east-1' });
  });

  it('overlaps a window unless it is wholly outside it; unknown time overlaps every window', () => {
    const p = { region: 'us-east-1', start: '2026-11-15T23:00:00Z', end: '2026-11-16T23:59:59Z' };
    expect(mayOverlap(p, { start: '2026-11-16T12:00:00Z', end: '2026-11-20T00:00:00Z' })).toBe(true);
    expect(mayOverlap(p, { start: '2026-11-17T00:00:00Z' })).toBe(false);
    expect(mayOverlap(p, { end: '2026-11-15T22:59:59Z' })).toBe(false);
    expect(mayOverlap({ region: 'us-east-1' }, { start: '2030-01-01T00:00:00Z' })).toBe(true);
  });

  it('says where in words', () => {
    expect(describePlacement({ region: 'us-east-1', start: '2026-11-15T23:00:00Z', end: '2026-11-16T23:59:59Z' })).toBe('us-east-1, 2026-11-16');
    expect(describePlacement({ start: '2026-11-09T00:00:00Z', end: '2026-11-10T23:59:59Z' })).toBe('region unknown, 2026-11-09 to 2026-11-10');
    expect(describePlacement({})).toBe('region unknown, time unknown');
  });
});
