import { describe, expect, it } from 'vitest';
import { readRecord } from '../../../core/trail/record.ts';
import { roleRecord } from '../../helpers/fixtures.ts';

describe('readRecord', () => {
  it('normalises the time to second-precision ISO UTC', () => {
    const r = readRecord({ ...roleRecord({}), eventTime: '2026-11-10T10:00:00.123+01:00' });
    expect(r.ok && r.record.eventTime).toBe('2026-11-10T09:00:00Z');
  });

  it('falls back to @timestamp when eventTime is missing', () => {
    const raw = roleRecord({});
    delete raw.eventTime;
    const r = readRecord({ ...raw, '@timestamp': '2026-11-10T08:00:00Z' });
    expect(r.ok && r.record.eventTime).toBe('2026-11-10T08:00:00Z');
  });

  it.each([
    [null, 'not-an-object'],
    [[1], 'not-an-object'],
    [{ ...roleRecord({}), eventSource: undefined }, 'missing-eventSource'],
    [{ ...roleRecord({}), eventName: 7 }, 'missing-eventName'],
    [{ ...roleRecord({}), userIdentity: 'x' }, 'missing-userIdentity'],
    [{ ...roleRecord({}), eventTime: undefined }, 'missing-eventTime'],
    [{ ...roleRecord({}), eventTime: 'yesterday' }, 'invalid-eventTime'],
    // Found by the property test: far-future times change the ISO string's shape.
    [{ ...roleRecord({}), eventTime: 1e15 }, 'invalid-eventTime'],
    [{ ...roleRecord({}), eventTime: '+010000-01-01T00:00:00Z' }, 'invalid-eventTime'],
  ])('skips %j as %s', (raw, reason) => {
    expect(readRecord(raw)).toEqual({ ok: false, reason });
  });

  it('classifies data events by eventCategory or managementEvent', () => {
    const a = readRecord(roleRecord({ data: true }));
    const b = readRecord({ ...roleRecord({}), eventCategory: undefined, managementEvent: false });
    expect(a.ok && a.record.category).toBe('Data');
    expect(b.ok && b.record.category).toBe('Data');
  });

  it('never keeps response elements (they hold session tokens)', () => {
    const r = readRecord({ ...roleRecord({}), responseElements: { credentials: { sessionToken: 'TOKEN' } } });
    expect(JSON.stringify(r)).not.toContain('TOKEN');
  });
});
