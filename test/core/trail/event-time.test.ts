import fc from 'fast-check';
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

  it('property: the canonical shape is exactly CloudTrail\'s pattern with a real calendar day, from CloudTrail\'s launch on', () => {
    const PATTERN = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;
    const real = (t: string) => PATTERN.test(t) && new Date(t).toISOString().slice(0, 19) + 'Z' === t && t >= '2013-11-13T00:00:00Z';
    const char = fc.constantFrom('0', '1', '2', '3', '4', '5', '9', '-', 'T', ':', 'Z', 'x', '٣');
    const near = fc.tuple(fc.integer({ min: 0, max: 19 }), char).map(([at, c]) => {
      const base = '2024-02-29T23:59:59Z';
      return base.slice(0, at) + c + base.slice(at + 1);
    });
    fc.assert(
      fc.property(fc.oneof(near, fc.array(char, { minLength: 20, maxLength: 20 }).map((cs) => cs.join('')), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19) + 'Z')), (t) => {
        expect(isCanonicalTime(t), t).toBe(real(t));
      }),
      { numRuns: 5000 },
    );
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
