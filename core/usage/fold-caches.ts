/**
 * The fold's memo tables, in one object created with each fold context (`foldContext`)
 * and passed down to the functions that use them. They exist for speed: a trail names the
 * same few event sources, event names, role ARNs and session names millions of times, and
 * resolving each once instead of per record is what keeps the fold near the read + gunzip
 * + JSON.parse floor. Measured in process on `npm run bench`'s 100,000 synthetic records,
 * already parsed: 540,000-550,000 records/s with the tables, 270,000-310,000 with tables
 * of one entry. Answers never depend on them: tables of one entry give the same aggregate
 * (test/core/usage/fold-caches.test.ts).
 *
 * One object per context, not per process: nothing is shared between folds, threads or
 * warm Lambda invocations, so no table outlives the run it serves.
 */
import type { AttributionMemos } from '../trail/calls.ts';
import { Memo } from '../trail/memo.ts';
import type { BuildMemos } from './build.ts';
import { sessionIndex } from './session-detail.ts';

export interface FoldCaches extends AttributionMemos, BuildMemos {}

/**
 * Entries per table before it is emptied and refilled (see `Memo`). Sources and event
 * names number in the hundreds in any account; role ARNs and sessions grow with tasks,
 * so their bounds cap memory (about 20 MB each at ~150-byte ARNs) rather than the
 * working set.
 */
export const FOLD_CACHE_LIMITS = {
  /** eventSource → service prefix (and whether the catalog knows it). */
  serviceOfSource: 10_000,
  /** eventSource → (eventName → event facts: service, mapping plan, kinds); the same bound for each level. */
  mappingOfEvent: 10_000,
  /** ARN → roleKey. */
  roleKeyOfArn: 100_000,
  /** session name → hash. */
  sessionKey: 200_000,
} as const;

export type FoldCacheLimits = { readonly [K in keyof typeof FOLD_CACHE_LIMITS]: number };

/** Fresh, empty memo tables with the given bounds. */
export function foldCaches(limits: FoldCacheLimits = FOLD_CACHE_LIMITS): FoldCaches {
  return {
    serviceOfSource: new Memo(limits.serviceOfSource),
    mappingOfEvent: new Memo(limits.mappingOfEvent),
    roleKeyOfArn: new Memo(limits.roleKeyOfArn),
    sessionKey: new Memo(limits.sessionKey),
    sessionIndex: sessionIndex(),
  };
}
