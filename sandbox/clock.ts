/**
 * The sandbox's clock, virtual: time moves only when a test or demo moves it (`set`,
 * `advance`, `advanceTo`) or when someone waits on it (`sleep` moves time to the end of
 * the wait at once). The sandbox reads it for what has happened (events after it have not
 * arrived yet) and for LookupEvents' 2 requests per second; a RateLimiter given the same
 * clock paces in the same time. So pacing and backoff cost no real time, while a client
 * that does not pace is still throttled, as AWS would throttle it.
 */
import type { Clock } from '../sources/clock.ts';

export class VirtualClock implements Clock {
  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  /** Waits end at once, with the clock moved to the end of the wait. */
  sleep(ms: number): Promise<void> {
    this.t += Math.max(0, ms);
    return Promise.resolve();
  }

  /** Jump to `t`, backwards too (a test revisiting an earlier moment). */
  set(t: number): void {
    this.t = t;
  }

  advance(ms: number): void {
    this.t += ms;
  }

  /** Move forward to `t`; a clock already past it stays where it is (time does not run back). */
  advanceTo(t: number): void {
    this.t = Math.max(this.t, t);
  }
}
