/**
 * The real-world dependencies of trail mode's functions, built from configuration: the
 * stack's bucket, the trail's bucket, the queues, the Organization, and each member
 * account through its read-only role. Tests build the same against the loopback sandbox
 * (AWS_ENDPOINT_URL), with the sandbox's clock.
 */
import { IamGrantsReader } from '../sources/aws/iam-grants.ts';
import { ecsClient, iamClient, organizationsClient, s3Client, sqsClient, stsClient } from '../sources/aws/clients.ts';
import { memberCredentials, memberRoleArn } from '../sources/aws/assume-member.ts';
import { readLiveSnapshot, readTrackedRoles, type LiveAccountOptions } from '../sources/aws/live-account.ts';
import { listOrgAccounts } from '../sources/aws/organizations.ts';
import { queueDepth } from '../sources/aws/sqs-queue.ts';
import { RateLimiter } from '../sources/aws/rate-limiter.ts';
import { loadCatalog } from '../sources/catalog.ts';
import { systemClock, type Clock } from '../sources/clock.ts';
import type { ObjectStore } from '../sources/store/object-store.ts';
import { S3Store } from '../sources/store/s3-store.ts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AccountObjects } from '../sources/store/account-store.ts';
import { emit, log, publisher } from './aws-deps.ts';
import { loadEvidenceConfig, stackEvidence } from './evidence.ts';
import type { AlertDeps } from './alert.ts';
import type { BackfillDeps } from './backfill.ts';
import type { StackConfig } from './config.ts';
import type { IngestDeps } from './ingest.ts';
import type { MaintainDeps } from './maintain.ts';
import type { OrgReportDeps } from './org-report.ts';
import { resolveWatchedAccounts, type ReadTracked } from './trail-accounts.ts';
import type { TrailConfig } from './trail-config.ts';

const home = (cfg: StackConfig) => cfg.homeRegion;

// Clients live as long as the Lambda container: warm invocations reuse their connections.
let cached: { key: string; store: ObjectStore; trail: ReturnType<typeof s3Client> } | undefined;

function common(cfg: StackConfig) {
  const key = `${cfg.bucket}|${home(cfg)}`;
  if (cached?.key !== key) cached = { key, store: new S3Store(s3Client({ region: home(cfg) }), cfg.bucket), trail: s3Client({ region: home(cfg) }) };
  return cached;
}

/** The account's ECS and IAM: the stack's own credentials for its own account, the member role for the others. */
type Readers = { ok: true; o: Pick<LiveAccountOptions, 'iam' | 'ecsClient'>; credentials?: AwsCredentialIdentityProvider } | { ok: false; error: string };

async function accountReaders(cfg: StackConfig, t: TrailConfig, account: string, clock: Clock): Promise<Readers> {
  // IAM is global; its endpoint answers from any region.
  if (account === t.selfAccount) return { ok: true, o: { iam: new IamGrantsReader(iamClient({ region: home(cfg) })) } };
  const got = await memberCredentials(stsClient({ region: home(cfg) }), memberRoleArn(account, t.memberRoleName), 'policy-drift', () => clock.now());
  if (!got.ok) return got;
  const credentials = got.credentials;
  return { ok: true, credentials, o: { iam: new IamGrantsReader(iamClient({ region: home(cfg), credentials })), ecsClient: (region) => ecsClient({ region, credentials }) } };
}

function readTracked(cfg: StackConfig, t: TrailConfig, clock: Clock): ReadTracked {
  return async (account) => {
    const r = await accountReaders(cfg, t, account, clock);
    if (!r.ok) return r;
    const a = await readTrackedRoles({ regions: cfg.regions, scope: cfg.scope, ...r.o });
    return { ok: true, roles: { roles: [...a.inventory.roles.values()], excluded: a.excluded, problems: a.problems } };
  };
}

function accounts(t: TrailConfig, store: ObjectStore, clock: Clock) {
  return () => resolveWatchedAccounts(t, () => listOrgAccounts(organizationsClient()), clock.now(), store);
}

/**
 * The largest log file (uncompressed) a function of `memoryMB` folds. Records are parsed one
 * at a time and the inflated file is held: measured peak RSS is about 175 MB plus 1.2 times
 * the file (npm run bench, heap capped at 512 MB less 64: 244 MB for 58 MB, 314 MB for
 * 116 MB). The bound allows 2 times the file plus 200 MB, a margin for GC under the cap.
 */
export function maxFileBytes(memoryMB: number): number {
  return Math.floor(((memoryMB - 200) / 2) * 1e6);
}

export async function ingestDeps(cfg: StackConfig, clock: Clock = systemClock): Promise<IngestDeps> {
  const c = common(cfg);
  // Lambda says how much memory the function has; elsewhere (tests, the CLI) there is no such bound.
  const memory = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
  return { store: c.store, catalog: await loadCatalog(), trail: c.trail, ...(memory > 0 ? { maxFileBytes: maxFileBytes(memory) } : {}), now: () => clock.now(), log };
}

export async function alertDeps(cfg: StackConfig, clock: Clock = systemClock): Promise<AlertDeps> {
  const publish = publisher(cfg);
  // SNS e-mail endpoints take at most 10 messages a second; as collect does, keep to 5.
  const pace = new RateLimiter(5, clock);
  return { store: common(cfg).store, catalog: await loadCatalog(), publish: async (m) => (await pace.take(), publish(m)), now: () => clock.now(), log };
}

export function maintainDeps(cfg: StackConfig, t: TrailConfig, remainingMs: () => number, clock: Clock = systemClock): MaintainDeps {
  const store = common(cfg).store;
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'policy-drift-collect';
  return { store, accounts: accounts(t, store, clock), readTracked: readTracked(cfg, t, clock), now: () => clock.now(), remainingMs, log, emit, functionName };
}

export function backfillDeps(cfg: StackConfig, t: TrailConfig, remainingMs: () => number, clock: Clock = systemClock): BackfillDeps {
  const c = common(cfg);
  return { ...maintainDeps(cfg, t, remainingMs, clock), io: { s3: c.trail, sqs: sqsClient({ region: home(cfg) }) } };
}

export async function orgReportDeps(cfg: StackConfig, t: TrailConfig, clock: Clock = systemClock): Promise<OrgReportDeps> {
  const store = common(cfg).store;
  const sqs = sqsClient({ region: home(cfg) });
  return {
    store,
    catalog: await loadCatalog(),
    accounts: accounts(t, store, clock),
    snapshot: async (account) => {
      const r = await accountReaders(cfg, t, account, clock);
      if (!r.ok) return { error: r.error };
      const snapshot = await readLiveSnapshot({ regions: cfg.regions, scope: cfg.scope, ...r.o });
      // Last-accessed reports through the account's own role, cached in its part of the bucket; checks from here.
      const evidence = stackEvidence(loadEvidenceConfig(), { region: home(cfg), clock, store: new AccountObjects(store, account), ...(r.credentials ? { credentials: r.credentials } : {}) });
      return { ...snapshot, evidence };
    },
    deadLetters: async () => (t.deadLetterQueueUrl ? (await queueDepth(sqs, t.deadLetterQueueUrl)).waiting : undefined),
    publish: publisher(cfg),
    now: () => clock.now(),
    log,
  };
}
