/**
 * One run of the deployed `backfill` function (trail mode), at first deploy (a custom
 * resource) or by hand (`policy-drift backfill`, a one-off invocation): the watched
 * accounts and their inventories first (so the files it enqueues can be folded at once),
 * then every existing log file of the last `days` days on the ingest queue, and the
 * progress in `state/backfill.json` (files enqueued per account, since when, up to when),
 * against which the weekly report counts the files folded.
 */
import { daysBack } from '../core/trail/log-key.ts';
import type { ObjectStore } from '../sources/store/object-store.ts';
import { writeBackfillState, type BackfillState, type WatchedAccounts } from '../sources/store/trail-state.ts';
import type { BackfillRequest } from '../sources/trail/backfill.ts';
import { enqueueBackfill } from '../sources/trail/backfill.ts';
import type { ReadTracked } from './trail-accounts.ts';
import { refreshInventories } from './trail-accounts.ts';
import type { TrailConfig } from './trail-config.ts';

export interface BackfillDeps {
  store: ObjectStore;
  accounts(): Promise<WatchedAccounts>;
  readTracked: ReadTracked;
  /** The trail bucket and the queue. */
  io: Pick<BackfillRequest, 's3' | 'sqs'>;
  now(): number;
  remainingMs(): number;
  log(message: string, data?: Record<string, unknown>): void;
}

/** Stop listing when less than this is left of the function's time. */
const SAFETY_MS = 60_000;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

export async function runBackfill(t: TrailConfig, deps: BackfillDeps, days = t.backfillDays): Promise<BackfillState> {
  const now = deps.now();
  const watched = await deps.accounts();
  const inventories = await refreshInventories(deps.store, watched, deps.readTracked, now);
  const problems = [...watched.problems];
  for (const [id, inv] of inventories) if ('error' in inv) problems.push(`account ${id}: ${inv.error}; its log files wait in the queue until it can be read`);
  // Whole minutes: a file's name says the minute it was delivered.
  const cutoff = iso(Math.floor(now / 60_000) * 60_000);
  const dayList = daysBack(now, days);
  const result = await enqueueBackfill({
    ...deps.io,
    queueUrl: t.ingestQueueUrl,
    bucket: t.trailBucket,
    prefix: t.trailPrefix,
    accounts: watched.accounts.map((a) => a.id),
    days: dayList,
    cutoff,
    shouldStop: () => deps.remainingMs() < SAFETY_MS,
    onAccount: (account, enqueued) => deps.log('backfill enqueued', { account, enqueued }),
  });
  const state: BackfillState = { at: iso(now), cutoff, since: dayList[0]!, days, enqueued: result.enqueued, complete: result.complete, problems: [...problems, ...result.problems] };
  await writeBackfillState(deps.store, state);
  deps.log('backfill', { ...state, problems: state.problems.length });
  return state;
}
