/**
 * A shared pacing limiter: at most `perSecond` starts per second for everything that
 * holds it (LookupEvents allows 2 requests per second per account and region, shared by
 * every caller). Callers await `take()`; waits are spread, not bursty. Time is the given
 * clock's: the system clock in production, the sandbox's virtual clock in tests.
 */
import { systemClock, type Clock } from '../clock.ts';

export class RateLimiter {
  private next = 0;
  constructor(
    private readonly perSecond: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Resolve when the caller may start its request. */
  async take(): Promise<void> {
    const interval = 1000 / this.perSecond;
    const now = this.clock.now();
    const at = Math.max(now, this.next);
    this.next = at + interval;
    if (at > now) await this.clock.sleep(at - now);
  }

  /** After a throttling answer: hold everyone back for `ms`. */
  backOff(ms: number): void {
    this.next = Math.max(this.next, this.clock.now() + ms);
  }
}

/** Limiters by clock, then key: one clock in production; each sandbox's virtual clock gets its own, never a limiter paced by another clock's time. */
const shared = new WeakMap<Clock, Map<string, RateLimiter>>();

/**
 * The process-wide limiter for one API and scope (e.g. `lookup-events:123456789012:us-east-1`)
 * on one clock (default: the system clock).
 */
export function sharedLimiter(key: string, perSecond: number, clock: Clock = systemClock): RateLimiter {
  let byKey = shared.get(clock);
  if (!byKey) {
    byKey = new Map();
    shared.set(clock, byKey);
  }
  let l = byKey.get(key);
  if (!l) {
    l = new RateLimiter(perSecond, clock);
    byKey.set(key, l);
  }
  return l;
}
