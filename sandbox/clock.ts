/**
 * The sandbox's clock, virtual: it moves only when a test or demo moves it (`set`,
 * `advance`, `advanceTo`, from one schedule tick to the next) or when someone waits on it
 * (`sleep` moves it to the end of the wait at once). The sandbox reads it for what has
 * happened (events after it have not arrived yet), for LookupEvents' 2 requests per second
 * and for call times; a RateLimiter given the same clock paces in the same time. So pacing
 * and backoff cost no real time and request times are exact, while a client that does not
 * pace is still throttled, as AWS would throttle it.
 *
 * A client that paces on the system clock (the packaged bundle, a spawned process) sees no
 * time pass on a virtual clock and is throttled after two requests: give its sandbox a
 * `runningClock`, which also runs with real time.
 */
import type { Clock } from '../sources/clock.ts';

export class VirtualClock implements Clock {
  private offset: number;

  /** Starts at `start`; `passing` is time that passes by itself (default: none). */
  constructor(
    start: number,
    private readonly passing: () => number = () => 0,
  ) {
    this.offset = start - passing();
  }

  now(): number {
    return this.offset + this.passing();
  }

  /** Waits end at once, with the clock moved to the end of the wait. */
  sleep(ms: number): Promise<void> {
    this.offset += Math.max(0, ms);
    return Promise.resolve();
  }

  /** Jump to `t`, backwards too (a test revisiting an earlier moment). */
  set(t: number): void {
    this.offset = t - this.passing();
  }

  advance(ms: number): void {
    this.offset += ms;
  }

  /** Move forward to `t`; a clock already past it stays where it is (time does not run back). */
  advanceTo(t: number): void {
    if (t > this.now()) this.set(t);
  }
}

/** A virtual clock that also runs with real time, for clients that pace on the system clock. */
export function runningClock(start: number): VirtualClock {
  return new VirtualClock(start, () => performance.now());
}
