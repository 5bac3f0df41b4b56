import { describe, expect, it } from 'vitest';
import { trustedWindow } from '../../../core/usage/trusted-window.ts';

const now = Date.parse('2026-11-17T00:00:00Z');
const o = { from: '2026-08-19T00:00:00Z', now, staleMs: 6 * 3_600_000 };

describe('trusted window', () => {
  it('starts after the last gap of any region, and says where the gap was', () => {
    const t = trustedWindow(
      [
        { region: 'eu-west-1', start: '2026-11-01T00:00:00Z', end: '2026-11-16T23:45:00Z' },
        { region: 'us-east-1', start: '2026-10-01T00:00:00Z', end: '2026-11-05T00:00:00Z' },
        { region: 'us-east-1', start: '2026-11-06T00:00:00Z', end: '2026-11-16T23:50:00Z' },
      ],
      ['us-east-1', 'eu-west-1'],
      o,
    );
    expect(t.start).toBe('2026-11-06T00:00:00Z');
    expect(t.incompleteRegions).toEqual([]);
    expect(t.problems).toEqual(['us-east-1: CloudTrail not collected from 2026-11-05T00:00:00Z to 2026-11-06T00:00:00Z; the window starts after the gap']);
  });

  it('calls a region whose collection stopped, or never ran, incomplete', () => {
    const t = trustedWindow([{ region: 'us-east-1', start: '2026-11-01T00:00:00Z', end: '2026-11-16T12:00:00Z' }], ['us-east-1', 'eu-west-1'], o);
    expect(t.incompleteRegions).toEqual(['us-east-1', 'eu-west-1']);
    expect(t.problems).toEqual([
      'us-east-1: no CloudTrail collected since 2026-11-16T12:00:00Z; is the collect function failing?',
      'eu-west-1: no CloudTrail collected in the window; is the collect function failing?',
    ]);
    expect(t.start).toBe(o.from);
  });
});
