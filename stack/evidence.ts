/**
 * The deployed report's evidence beyond the window, from its own switches (README,
 * "Deploying"): IAM last-accessed reports (cached a day in the bucket, within a time
 * budget) and IAM Access Analyzer checks of each suggestion (billed per CheckNoNewAccess
 * call; `accessAnalyzerChecks=false` turns them off). A malformed value fails at cold start.
 */
import { ConfigError } from '../core/errors.ts';
import type { LastAccessedSource, SuggestionChecker } from '../core/evidence/ports.ts';
import { liveEvidence } from '../sources/aws/evidence.ts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Clock } from '../sources/clock.ts';
import { storedLastAccessed } from '../sources/last-accessed-cache.ts';
import type { ObjectStore } from '../sources/store/object-store.ts';

export interface EvidenceConfig {
  /** Read IAM last-accessed reports of the tracked roles (default true). */
  lastAccessed: boolean;
  /** How long a report run may spend on them (default 300 s). */
  lastAccessedBudgetMs: number;
  /** Check each suggestion with IAM Access Analyzer (default true). */
  accessAnalyzerChecks: boolean;
}

function flag(env: Record<string, string | undefined>, name: string, dflt: boolean): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return dflt;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new ConfigError(`${name} must be true or false, not "${env[name]}"`);
}

/** The evidence switches, from the environment serverless.yml sets. */
export function loadEvidenceConfig(env: Record<string, string | undefined> = process.env): EvidenceConfig {
  const raw = env.POLICY_DRIFT_LAST_ACCESSED_BUDGET_SECONDS;
  const seconds = raw === undefined || raw === '' ? 300 : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 10 || seconds > 800) throw new ConfigError(`POLICY_DRIFT_LAST_ACCESSED_BUDGET_SECONDS must be a number from 10 to 800, not "${raw}"`);
  return {
    lastAccessed: flag(env, 'POLICY_DRIFT_LAST_ACCESSED', true),
    lastAccessedBudgetMs: seconds * 1000,
    accessAnalyzerChecks: flag(env, 'POLICY_DRIFT_ACCESS_ANALYZER_CHECKS', true),
  };
}

/** The report function's evidence ports: last-accessed reports cached in `store`, checks in `region`. */
export function stackEvidence(cfg: EvidenceConfig, o: { region: string; clock: Clock; store: ObjectStore; credentials?: AwsCredentialIdentityProvider }): { lastAccessed?: LastAccessedSource; checks: SuggestionChecker } {
  return liveEvidence({
    ...(o.credentials ? { credentials: o.credentials } : {}),
    region: o.region,
    clock: o.clock,
    lastAccessed: cfg.lastAccessed,
    lastAccessedBudgetMs: cfg.lastAccessedBudgetMs,
    cache: storedLastAccessed(o.store, () => o.clock.now()),
    checks: cfg.accessAnalyzerChecks,
    checksOffReason: 'turned off by the stack parameter accessAnalyzerChecks=false',
  });
}
