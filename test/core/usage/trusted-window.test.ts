import { describe, expect, it } from 'vitest';
import { coverageProblems, roleSpan, trustedWindow, type CoveredSpan } from '../../../core/usage/trusted-window.ts';

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

describe('the span a role\'s unused claims rest on (an export\'s coverage per account and region)', () => {
  const A = '111122223333';
  const B = '222233334444';
  const span = (region: string, start: string, end: string, account: string | null = A): CoveredSpan => ({ ...(account ? { account } : {}), region, start: `${start}T00:00:00Z`, end: `${end}T23:59:59Z` });
  const window = { start: '2026-11-01T09:00:00Z', end: '2026-11-07T10:00:00Z' };

  it('blocks a role whose account\'s CloudTrail of a region it runs in is missing, naming the account when other accounts\' is there', () => {
    const covered = [span('us-east-1', '2026-11-01', '2026-11-07')];
    expect(roleSpan(covered, { accountId: B, regions: ['us-east-1'] }, window)).toEqual({ unread: ['us-east-1 in account 222233334444'] });
    expect(roleSpan(covered, { accountId: A, regions: ['us-east-1', 'eu-west-1'] }, window)).toEqual({ unread: ['eu-west-1'] });
    expect(roleSpan(covered, { accountId: A, regions: ['us-east-1'] }, window)).toEqual({ unread: [] });
    // Records that name no account count for any account; CloudTrail outside the window counts for none.
    expect(roleSpan([span('us-east-1', '2026-11-01', '2026-11-07', null)], { accountId: B, regions: ['us-east-1'] }, window)).toEqual({ unread: [] });
    expect(roleSpan([span('us-east-1', '2026-10-01', '2026-10-20')], { accountId: A, regions: ['us-east-1'] }, window)).toEqual({ unread: ['us-east-1'] });
  });

  it('cuts the claims to the last gap-free span all its regions share, and names the regions that cut it', () => {
    const covered = [span('us-east-1', '2026-11-01', '2026-11-07'), span('us-west-2', '2026-11-07', '2026-11-07'), span('eu-west-1', '2026-11-01', '2026-11-02'), span('eu-west-1', '2026-11-04', '2026-11-07')];
    expect(roleSpan(covered, { accountId: A, regions: ['us-west-2'] }, window)).toEqual({ unread: [], narrowed: { start: '2026-11-07T00:00:00Z', end: '2026-11-07T10:00:00Z', regions: ['us-west-2'] } });
    expect(roleSpan(covered, { accountId: A, regions: ['us-east-1', 'eu-west-1'] }, window)).toEqual({ unread: [], narrowed: { start: '2026-11-04T00:00:00Z', end: '2026-11-07T10:00:00Z', regions: ['eu-west-1'] } });
    // Spans of one region that touch (one day's end, the next day's start) are one span.
    expect(roleSpan([span('us-east-1', '2026-11-01', '2026-11-03'), span('us-east-1', '2026-11-04', '2026-11-07', null)], { accountId: A, regions: ['us-east-1'] }, window)).toEqual({ unread: [] });
  });

  it('blocks a role whose regions were never read over a common span, saying from when', () => {
    const covered = [span('us-east-1', '2026-11-01', '2026-11-03'), span('us-west-2', '2026-11-05', '2026-11-07')];
    expect(roleSpan(covered, { accountId: A, regions: ['us-east-1', 'us-west-2'] }, window)).toEqual({ unread: ['us-east-1 after 2026-11-03T23:59:59Z'] });
  });

  it('names each account and region that covers only part of the window, and none that covers all of it', () => {
    const covered = [span('us-east-1', '2026-11-01', '2026-11-07'), span('us-west-2', '2026-11-07', '2026-11-07'), span('eu-west-1', '2026-11-01', '2026-11-02', B), span('eu-west-1', '2026-11-04', '2026-11-07', B), span('ap-south-1', '2026-10-01', '2026-10-02')];
    expect(coverageProblems(covered, window)).toEqual([
      'CloudTrail of eu-west-1 (account 222233334444) has gaps: it covers 2026-11-01T09:00:00Z to 2026-11-02T23:59:59Z, 2026-11-04T00:00:00Z to 2026-11-07T10:00:00Z of the window; the unused claims of roles whose tasks run there rest on the last of these',
      'CloudTrail of us-west-2 (account 111122223333) covers only 2026-11-07T00:00:00Z to 2026-11-07T10:00:00Z of the window: the unused claims of roles whose tasks run there rest on that span',
    ]);
  });
});
