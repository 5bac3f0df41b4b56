import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../sandbox/clock.ts';
import { RateLimiter } from '../../sources/aws/rate-limiter.ts';

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
});
