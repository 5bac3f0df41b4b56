/**
 * The stack's configuration, from the environment `serverless.yml` sets. Every value has
 * a documented default (README, "Deploying"); a malformed value is an error at cold start,
 * not a silent default.
 */
import { ConfigError } from '../core/errors.ts';
import type { ScopeConfig } from '../core/inventory/scope.ts';

export interface StackConfig {
  regions: string[];
  bucket: string;
  topicArn: string;
  /** Weekly report window, days (default 90). */
  windowDays: number;
  /** Same role + action + cause alerts once per this many minutes (default 1440). */
  suppressionMinutes: number;
  /** First collect run reads this far back (default 24 hours; LookupEvents keeps 90 days). */
  backfillHours: number;
  /** Each run re-reads this much before its checkpoint, for late CloudTrail deliveries (default 20). */
  overlapMinutes: number;
  /** Stop reading when less than this much time is left (default 60 s). */
  safetyMs: number;
  scope: ScopeConfig;
}


const list = (v: string | undefined) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);

function num(env: Record<string, string | undefined>, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(`${name} must be a number from ${min} to ${max}, not "${raw}"`);
  return n;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): StackConfig {
  const regions = list(env.POLICY_DRIFT_REGIONS || env.AWS_REGION);
  if (regions.length === 0) throw new ConfigError('POLICY_DRIFT_REGIONS is empty');
  const bucket = env.POLICY_DRIFT_BUCKET ?? '';
  if (!bucket) throw new ConfigError('POLICY_DRIFT_BUCKET is not set');
  const topicArn = env.POLICY_DRIFT_TOPIC_ARN ?? '';
  if (!topicArn.startsWith('arn:')) throw new ConfigError('POLICY_DRIFT_TOPIC_ARN is not an ARN');
  return {
    regions,
    bucket,
    topicArn,
    windowDays: num(env, 'POLICY_DRIFT_WINDOW_DAYS', 90, 1, 3660),
    suppressionMinutes: num(env, 'POLICY_DRIFT_SUPPRESSION_MINUTES', 1440, 0, 525_600),
    backfillHours: num(env, 'POLICY_DRIFT_BACKFILL_HOURS', 24, 1, 2160),
    overlapMinutes: num(env, 'POLICY_DRIFT_OVERLAP_MINUTES', 20, 0, 1440),
    safetyMs: num(env, 'POLICY_DRIFT_SAFETY_SECONDS', 60, 5, 600) * 1000,
    scope: {
      includeClusters: list(env.POLICY_DRIFT_INCLUDE_CLUSTERS),
      excludeClusters: list(env.POLICY_DRIFT_EXCLUDE_CLUSTERS),
      excludeRoleTags: list(env.POLICY_DRIFT_EXCLUDE_ROLE_TAGS ?? 'policy-drift:ignore=true'),
      excludeRoleArns: list(env.POLICY_DRIFT_EXCLUDE_ROLE_ARNS),
    },
  };
}
