import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../sandbox/clock.ts';
import { RateLimiter, sharedLimiter } from '../../sources/aws/rate-limiter.ts';

describe('RateLimiter', () => {
  it('spaces starts evenly at the rate, and holds everyone back after a throttle', async () => {
    const clock = new VirtualClock(0);
    const starts: number[] = [];
    const limiter = new RateLimiter(2, clock);
    for (let i = 0; i < 5; i++) {
      await limiter.take();
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 500, 1000, 1500, 2000]);
    limiter.backOff(3000);
    await limiter.take();
    expect(clock.now()).toBe(5000);
  });

  it('is shared by every caller of one key on one clock, and never paced by another clock\'s time', async () => {
    const late = new VirtualClock(Date.parse('2026-11-20T00:00:00Z'));
    const early = new VirtualClock(Date.parse('2026-11-17T00:00:00Z'));
    const key = 'lookup-events:111122223333:us-east-1';
    expect(sharedLimiter(key, 2, late)).toBe(sharedLimiter(key, 2, late));
    await sharedLimiter(key, 2, late).take();
    // Paced on its own clock: the second start waits half a second of `early`'s time, not of `late`'s.
    const start = early.now();
    await sharedLimiter(key, 2, early).take();
    await sharedLimiter(key, 2, early).take();
    expect(early.now()).toBe(start + 500);
  });
});
