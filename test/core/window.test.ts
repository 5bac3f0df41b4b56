import { describe, expect, it } from 'vitest';
import { judgeWindow, parseWindowBound } from '../../core/window.ts';

const iso = (text: string, edge: 'start' | 'end' = 'start') => {
  const b = parseWindowBound(text, edge);
  return b.ok ? b.iso : `error: ${b.error}`;
};

describe('window bounds', () => {
  it.each([
    ['2026-11-01', 'start', '2026-11-01T00:00:00Z'],
    ['2026-11-01', 'end', '2026-11-01T23:59:59Z'],
    ['2026-11-01T08:30', 'start', '2026-11-01T08:30:00Z'],
    ['2026-11-01T08:30:15Z', 'end', '2026-11-01T08:30:15Z'],
    ['2026-11-01 08:30:15.250', 'start', '2026-11-01T08:30:15Z'],
    ['2026-11-01T09:00:00+09:00', 'start', '2026-11-01T00:00:00Z'],
    ['2026-11-01T00:30:00-0130', 'start', '2026-11-01T02:00:00Z'],
    ['2028-02-29', 'end', '2028-02-29T23:59:59Z'],
  ])('%s (%s) is %s', (text, edge, want) => {
    expect(iso(text, edge as 'start' | 'end')).toBe(want);
  });

  it('reads a time without a zone as UTC, whatever the host\'s zone', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      expect(iso('2026-11-01T10:00:00')).toBe('2026-11-01T10:00:00Z');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it.each(['1', '0', '2026', '2026-11', 'soon', '2026-02-30', '2026-13-01', '2026-11-31', '2027-02-29', '2026-11-01T24:00', '2026-11-01T10:60', '2026-11-01T10:00:60', '2026-11-01T10:00+25:00', '2026-11-01Z', '+002026-11-01'])(
    '%s is refused, never rolled over',
    (text) => {
      expect(iso(text)).toMatch(/^error: not a (valid )?(date or time|time zone offset)/);
    },
  );

  it('says why a date does not exist', () => {
    expect(iso('2026-02-30')).toBe('error: not a valid date or time: 2026-02-30 (February 2026 has 28 days)');
  });
});

describe('the window the claims rest on', () => {
  const data = { start: '2026-11-09T00:00:00Z', end: '2026-11-16T23:59:17Z', inWindow: 10 };

  it('is the data\'s span without flags, and the flags cut to the data\'s span with them', () => {
    expect(judgeWindow({}, data)).toEqual({ ok: true, window: { start: data.start, end: data.end } });
    expect(judgeWindow({ since: '2026-11-01T00:00:00Z', until: '2026-12-31T23:59:59Z' }, data)).toEqual({ ok: true, window: { start: data.start, end: data.end } });
    expect(judgeWindow({ since: '2026-11-10T00:00:00Z', until: '2026-11-12T23:59:59Z' }, data)).toEqual({ ok: true, window: { start: '2026-11-10T00:00:00Z', end: '2026-11-12T23:59:59Z' } });
  });

  it('refuses a window that holds no event, saying which way it misses', () => {
    expect(judgeWindow({ since: '2026-12-01T00:00:00Z' }, data)).toMatchObject({ ok: false, problem: 'after-last-event', message: expect.stringMatching(/after the last CloudTrail event of the input \(2026-11-16T23:59:17Z\)/) });
    expect(judgeWindow({ until: '2026-11-01T23:59:59Z' }, data)).toMatchObject({ ok: false, problem: 'before-first-event' });
    expect(judgeWindow({ since: '2026-11-11T00:00:00Z', until: '2026-11-11T23:59:59Z' }, { ...data, inWindow: 0 })).toMatchObject({ ok: false, problem: 'no-event-in-window' });
    expect(judgeWindow({ since: '2026-11-11T00:00:00Z' }, { inWindow: 0 })).toMatchObject({ ok: false, message: expect.stringMatching(/holds no readable CloudTrail event/) });
  });
});
