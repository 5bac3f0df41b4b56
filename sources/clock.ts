/**
 * Time as a dependency: what time it is, and how to wait. Production waits on the system
 * clock; the loopback sandbox has a virtual clock (sandbox/clock.ts) on which waiting moves
 * time forward at once, so pacing and backoff are exercised in tests without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolve once `ms` milliseconds have passed on this clock. */
  sleep(ms: number): Promise<void>;
}

/** The machine's clock: real time, real waits. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
