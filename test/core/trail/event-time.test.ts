import { afterEach, describe, expect, it } from 'vitest';
import { isCanonicalTime, parseEventTime } from '../../../core/trail/event-time.ts';
import { readRecord } from '../../../core/trail/record.ts';
import { roleRecord } from '../../helpers/fixtures.ts';

describe('event times', () => {
  it.each([
    '2026-19-39T29:59:69Z', // the fast path's old pattern let every field through
    '2026-02-29T10:00:00Z', // not a leap year
    '2026-04-31T10:00:00Z',
    '2026-11-10T24:00:00Z',
    '2026-11-10T10:60:00Z',
    '2026-00-10T10:00:00Z',
    '2026-11-10T10:00:00+25:00',
  ])('refuses %s rather than rolling it over', (t) => {
    expect(isCanonicalTime(t)).toBe(false);
    expect(parseEventTime(t)).toBe('invalid-eventTime');
  });

  it('accepts real calendar days, leap years included', () => {
    expect(parseEventTime('2024-02-29T23:59:59Z')).toBe('2024-02-29T23:59:59Z');
    expect(isCanonicalTime('2024-02-29T23:59:59Z')).toBe(true);
    expect(parseEventTime('2026-12-31T00:00:00.999-01:00')).toBe('2026-12-31T01:00:00Z');
  });

  it('reads a numeric 0 (or any time before CloudTrail existed) as invalid, not as 1970', () => {
    expect(parseEventTime(0)).toBe('invalid-eventTime');
    expect(parseEventTime('1970-01-01T00:00:00Z')).toBe('invalid-eventTime');
    expect(parseEventTime(Date.UTC(2026, 10, 10, 10))).toBe('2026-11-10T10:00:00Z');
  });

  it('refuses formats whose reading would depend on the host (RFC 2822, words)', () => {
    expect(parseEventTime('Tue, 10 Nov 2026 10:00:00 GMT')).toBe('invalid-eventTime');
    expect(parseEventTime('November 10, 2026')).toBe('invalid-eventTime');
  });

  describe('without a zone', () => {
    const tz = process.env.TZ;
    afterEach(() => {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    });

    it('are UTC (CloudTrail\'s), whatever the host\'s zone', () => {
      const read = () => [parseEventTime('2026-11-10T10:00:00'), parseEventTime('2026-11-10 10:00:00.250')];
      process.env.TZ = 'Asia/Tokyo';
      const tokyo = read();
      process.env.TZ = 'America/Los_Angeles';
      const la = read();
      process.env.TZ = 'UTC';
      expect(tokyo).toEqual(['2026-11-10T10:00:00Z', '2026-11-10T10:00:00Z']);
      expect(la).toEqual(tokyo);
      expect(read()).toEqual(tokyo);
    });
  });

  it('a record with an invalid time is skipped and named, never read', () => {
    expect(readRecord({ ...roleRecord({}), eventTime: '2026-19-39T29:59:69Z' })).toEqual({ ok: false, reason: 'invalid-eventTime' });
    expect(readRecord({ ...roleRecord({}), eventTime: 0 })).toEqual({ ok: false, reason: 'invalid-eventTime' });
  });
});
