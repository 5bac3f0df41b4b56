import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../sandbox/clock.ts';
import { readLookupEvents } from '../../sources/aws/lookup-events.ts';
import { RateLimiter } from '../../sources/aws/rate-limiter.ts';

/** A client answering from a script of outcomes, one per request. */
function scripted(outcomes: (Error | { Events: unknown[]; NextToken?: string })[]): CloudTrailClient {
  return {
    send: async () => {
      const next = outcomes.shift();
      if (!next) throw new Error('no more answers');
      if (next instanceof Error) throw next;
      return next;
    },
  } as unknown as CloudTrailClient;
}

const err = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...extra });
const event = (t: string) => ({ EventTime: new Date(t), CloudTrailEvent: JSON.stringify({ eventTime: t }) });
const limiter = () => new RateLimiter(1000, new VirtualClock(0));

describe('readLookupEvents', () => {
  it('retries throttling, 5xx and reset connections, then reads on', async () => {
    const got: unknown[] = [];
    const r = await readLookupEvents(
      scripted([
        err('ThrottlingException'),
        err('Error', { code: 'ECONNRESET', message: 'socket hang up' }),
        { Events: [event('2026-11-10T10:00:00Z')], NextToken: 't' },
        err('InternalFailure', { $metadata: { httpStatusCode: 500 } }),
        { Events: [event('2026-11-10T09:00:00Z')] },
      ]),
      { start: new Date('2026-11-10T00:00:00Z'), end: new Date('2026-11-11T00:00:00Z'), limiter: limiter(), onRecord: (x) => got.push(x) },
    );
    expect(r).toMatchObject({ complete: true, events: 2, pages: 2, oldestRead: '2026-11-10T09:00:00Z' });
    expect(got).toHaveLength(2);
  });

  it('stops and says why on a non-retryable error or when retries run out', async () => {
    const o = { start: new Date(0), end: new Date(1e12), limiter: limiter(), onRecord: () => {} };
    expect(await readLookupEvents(scripted([err('AccessDeniedException')]), o)).toMatchObject({ complete: false, stoppedBy: expect.stringMatching(/^AccessDeniedException/) });
    expect(await readLookupEvents(scripted(Array.from({ length: 3 }, () => err('ThrottlingException'))), { ...o, maxRetries: 2 })).toMatchObject({ complete: false, stoppedBy: expect.stringMatching(/^ThrottlingException/) });
  });

  it('stops when asked, having delivered everything newer than oldestRead', async () => {
    let pages = 0;
    const r = await readLookupEvents(scripted([{ Events: [event('2026-11-10T10:00:00Z')], NextToken: 't' }]), {
      start: new Date('2026-11-10T00:00:00Z'), end: new Date('2026-11-11T00:00:00Z'), limiter: limiter(), onRecord: () => {}, shouldStop: () => pages++ > 0,
    });
    expect(r).toMatchObject({ complete: false, stoppedBy: 'stopped', oldestRead: '2026-11-10T10:00:00Z' });
  });
});
