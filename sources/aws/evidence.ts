/**
 * The evidence ports of a live run (`analyze --live`, the deployed report): IAM
 * last-accessed reports through the SDK (cached when a store is given) and IAM Access
 * Analyzer checks of each suggestion, each of which can be turned off.
 */
import type { LastAccessedSource, SuggestionChecker } from '../../core/evidence/ports.ts';
import { checksOff } from '../../core/evidence/ports.ts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Clock } from '../clock.ts';
import { accessAnalyzerChecker, accessAnalyzerClient } from './access-analyzer.ts';
import { iamClient } from './clients.ts';
import { liveLastAccessed, type LastAccessedCache } from './last-accessed.ts';

export interface LiveEvidenceOptions {
  /** The region Access Analyzer is called in (IAM is global). */
  region: string;
  clock: Clock;
  /** Read IAM last-accessed reports. Default true. */
  lastAccessed?: boolean;
  /** Time budget of the last-accessed reads, ms. Default 300,000 (5 minutes). */
  lastAccessedBudgetMs?: number;
  cache?: LastAccessedCache;
  /** Check each suggestion with Access Analyzer (billed per CheckNoNewAccess call). Default true. */
  checks?: boolean;
  /** Why the checks are off, when they are (names the switch the user turned). */
  checksOffReason?: string;
  /** Another account's credentials for its last-accessed reports (trail mode: its member role). */
  credentials?: AwsCredentialIdentityProvider;
}

/** The pipeline's evidence inputs for a live run. */
export function liveEvidence(o: LiveEvidenceOptions): { lastAccessed?: LastAccessedSource; checks: SuggestionChecker } {
  const lastAccessed =
    o.lastAccessed === false
      ? undefined
      : liveLastAccessed({ client: iamClient({ region: o.region, ...(o.credentials ? { credentials: o.credentials } : {}) }), clock: o.clock, budgetMs: o.lastAccessedBudgetMs ?? 300_000, ...(o.cache ? { cache: o.cache } : {}) });
  const checks = o.checks === false ? checksOff(o.checksOffReason ?? 'turned off') : accessAnalyzerChecker(accessAnalyzerClient({ region: o.region }));
  return { ...(lastAccessed ? { lastAccessed } : {}), checks };
}
