/**
 * Trail mode's configuration, from the environment serverless.yml sets (README,
 * "Deploying: trail mode"). Read beside the common configuration (config.ts); a malformed
 * value is an error at cold start, not a silent default.
 */
import { ConfigError } from '../core/errors.ts';

/** Where CloudTrail comes from: LookupEvents (default, zero setup) or the trail's log files in S3. */
export type CollectFrom = 'lookup-events' | 'trail';

/** Which accounts are watched: the stack's own, an explicit list, or every active account of the Organization. */
export type AccountsSource = { kind: 'self' } | { kind: 'list'; ids: string[] } | { kind: 'organization' };

export interface TrailConfig {
  collectFrom: CollectFrom;
  /** The account the stack runs in. */
  selfAccount: string;
  trailBucket: string;
  /** The trail's S3 key prefix ('' for none). */
  trailPrefix: string;
  trailKmsKeyArn?: string;
  accounts: AccountsSource;
  /** The read-only role stack/member-role.yml creates in each member account. */
  memberRoleName: string;
  ingestQueueUrl: string;
  deadLetterQueueUrl: string;
  /** Receives of a message before SQS moves it to the dead-letter queue (the queue's redrive policy says the same). */
  maxReceiveCount: number;
  /** Days a backfill lists (default 90). */
  backfillDays: number;
  /** A region whose newest log file is older than this is reported as not delivering (default 24). */
  staleHours: number;
}

function num(env: Record<string, string | undefined>, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return n;
}

function accountsOf(raw: string | undefined): AccountsSource {
  const v = (raw ?? '').trim();
  if (v === '' || v === 'self') return { kind: 'self' };
  if (v === 'organization') return { kind: 'organization' };
  const ids = v.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = ids.find((id) => !/^\d{12}$/.test(id));
  if (bad) throw new ConfigError(`POLICY_DRIFT_ACCOUNTS must be "self", "organization" or account ids separated by commas, not "${bad}"`);
  return { kind: 'list', ids: [...new Set(ids)].sort() };
}

/** Trail mode's settings; in LookupEvents mode only `collectFrom` matters. */
export function loadTrailConfig(env: Record<string, string | undefined> = process.env): TrailConfig {
  const collectFrom = env.POLICY_DRIFT_COLLECT_FROM || 'lookup-events';
  if (collectFrom !== 'lookup-events' && collectFrom !== 'trail') throw new ConfigError(`POLICY_DRIFT_COLLECT_FROM must be lookup-events or trail, not "${collectFrom}"`);
  const cfg: TrailConfig = {
    collectFrom,
    selfAccount: env.POLICY_DRIFT_ACCOUNT_ID ?? '',
    trailBucket: env.POLICY_DRIFT_TRAIL_BUCKET ?? '',
    trailPrefix: env.POLICY_DRIFT_TRAIL_PREFIX ?? '',
    ...(env.POLICY_DRIFT_TRAIL_KMS_KEY_ARN ? { trailKmsKeyArn: env.POLICY_DRIFT_TRAIL_KMS_KEY_ARN } : {}),
    accounts: accountsOf(env.POLICY_DRIFT_ACCOUNTS),
    memberRoleName: env.POLICY_DRIFT_MEMBER_ROLE_NAME || 'policy-drift-member',
    ingestQueueUrl: env.POLICY_DRIFT_INGEST_QUEUE_URL ?? '',
    deadLetterQueueUrl: env.POLICY_DRIFT_INGEST_DLQ_URL ?? '',
    maxReceiveCount: num(env, 'POLICY_DRIFT_INGEST_MAX_RECEIVES', 5, 1, 1000),
    backfillDays: num(env, 'POLICY_DRIFT_BACKFILL_DAYS', 90, 1, 400),
    staleHours: num(env, 'POLICY_DRIFT_TRAIL_STALE_HOURS', 24, 1, 720),
  };
  if (collectFrom === 'lookup-events') return cfg;
  if (!cfg.trailBucket) throw new ConfigError('POLICY_DRIFT_TRAIL_BUCKET is not set (trail mode reads the trail\'s log files from it)');
  if (!/^\d{12}$/.test(cfg.selfAccount)) throw new ConfigError('POLICY_DRIFT_ACCOUNT_ID is not an account id');
  if (!cfg.ingestQueueUrl) throw new ConfigError('POLICY_DRIFT_INGEST_QUEUE_URL is not set');
  if (cfg.trailKmsKeyArn && !cfg.trailKmsKeyArn.startsWith('arn:')) throw new ConfigError('POLICY_DRIFT_TRAIL_KMS_KEY_ARN is not an ARN');
  return cfg;
}
