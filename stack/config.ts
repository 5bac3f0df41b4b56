/**
 * The stack's configuration, from the environment `serverless.yml` sets. Every value has
 * a documented default (README, "Deploying"); a malformed value is an error at cold start,
 * not a silent default.
 *
 * Three regions, three meanings: `regions` are where ECS and CloudTrail are read; the
 * bucket lives in the deployment region (`AWS_REGION`, which Lambda sets); the topic is
 * published to in the region its ARN names.
 */
import { parseArn } from '../core/arn.ts';
import { ConfigError } from '../core/errors.ts';
import type { ScopeConfig } from '../core/inventory/scope.ts';

export interface StackConfig {
  regions: string[];
  /** The deployment region: the bucket's. */
  homeRegion: string;
  bucket: string;
  topicArn: string;
  /** The topic's region, from its ARN. */
  topicRegion: string;
  /** Weekly report window, days (default 90); shorter than the aggregates' expiry. */
  windowDays: number;
  /** Stored usage aggregates expire after this many days (the bucket's lifecycle; default 104). */
  aggregateExpiryDays: number;
  /** Same role + action + cause alerts once per this many minutes (default 1440). */
  suppressionMinutes: number;
  /** First collect run reads this far back (default 24 hours; LookupEvents keeps 90 days). */
  backfillHours: number;
  /** Each run re-reads this much before its checkpoint, for late CloudTrail deliveries (default 5). */
  overlapMinutes: number;
  /** Once a day (the run crossing midnight UTC) re-reads this much instead (default 2). */
  reconcileHours: number;
  /** Stop reading when less than this much time is left (default 60 s). */
  safetyMs: number;
  /** The ECS inventory read stops after this long; the rest is read by later runs (default 120 s). */
  inventoryBudgetMs: number;
  scope: ScopeConfig;
}

const list = (v: string | undefined) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function num(env: Record<string, string | undefined>, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(`${name} must be a number from ${min} to ${max}, not "${raw}"`);
  return n;
}

function regionsOf(env: Record<string, string | undefined>): string[] {
  const regions = list(env.POLICY_DRIFT_REGIONS || env.AWS_REGION);
  if (regions.length === 0) throw new ConfigError('POLICY_DRIFT_REGIONS is empty');
  const bad = regions.filter((r) => !REGION.test(r));
  if (bad.length) throw new ConfigError(`POLICY_DRIFT_REGIONS: not a region name: ${bad.join(', ')}`);
  return regions;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): StackConfig {
  const regions = regionsOf(env);
  const bucket = env.POLICY_DRIFT_BUCKET ?? '';
  if (!bucket) throw new ConfigError('POLICY_DRIFT_BUCKET is not set');
  const topicArn = env.POLICY_DRIFT_TOPIC_ARN ?? '';
  const topic = parseArn(topicArn);
  if (!topicArn.startsWith('arn:') || !topic) throw new ConfigError('POLICY_DRIFT_TOPIC_ARN is not an ARN');
  // Lambda always sets AWS_REGION; elsewhere (tests, scripts) the topic's region stands in.
  const topicRegion = topic.region || regions[0]!;
  const windowDays = num(env, 'POLICY_DRIFT_WINDOW_DAYS', 90, 1, 3660);
  const aggregateExpiryDays = num(env, 'POLICY_DRIFT_AGGREGATE_EXPIRY_DAYS', 104, 2, 3661);
  if (windowDays >= aggregateExpiryDays) {
    throw new ConfigError(`POLICY_DRIFT_WINDOW_DAYS (${windowDays}) must be shorter than POLICY_DRIFT_AGGREGATE_EXPIRY_DAYS (${aggregateExpiryDays}): the report would read aggregates the bucket has already expired`);
  }
  return {
    regions,
    homeRegion: env.AWS_REGION || topicRegion,
    bucket,
    topicArn,
    topicRegion,
    windowDays,
    aggregateExpiryDays,
    suppressionMinutes: num(env, 'POLICY_DRIFT_SUPPRESSION_MINUTES', 1440, 0, 525_600),
    backfillHours: num(env, 'POLICY_DRIFT_BACKFILL_HOURS', 24, 1, 2160),
    overlapMinutes: num(env, 'POLICY_DRIFT_OVERLAP_MINUTES', 5, 0, 1440),
    reconcileHours: num(env, 'POLICY_DRIFT_RECONCILE_HOURS', 2, 0, 72),
    safetyMs: num(env, 'POLICY_DRIFT_SAFETY_SECONDS', 60, 5, 600) * 1000,
    inventoryBudgetMs: num(env, 'POLICY_DRIFT_INVENTORY_BUDGET_SECONDS', 120, 10, 600) * 1000,
    scope: {
      includeClusters: list(env.POLICY_DRIFT_INCLUDE_CLUSTERS),
      excludeClusters: list(env.POLICY_DRIFT_EXCLUDE_CLUSTERS),
      excludeRoleTags: list(env.POLICY_DRIFT_EXCLUDE_ROLE_TAGS ?? 'policy-drift:ignore=true'),
      excludeRoleArns: list(env.POLICY_DRIFT_EXCLUDE_ROLE_ARNS),
    },
  };
}
