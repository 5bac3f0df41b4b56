/**
 * The real-world dependencies of the stack's functions, built from configuration: the
 * bucket as a store (in the deployment region), the topic as a publisher (in the topic's
 * region), the account through the SDK. Tests build the same dependencies against the
 * loopback sandbox (AWS_ENDPOINT_URL).
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import type { SnsMessage } from '../core/report/alert-message.ts';
import { cloudTrailClient, iamClient, s3Client, snsClient } from '../sources/aws/clients.ts';
import { parseArn } from '../core/arn.ts';
import { IamGrantsReader } from '../sources/aws/iam-grants.ts';
import { readRegionsTasks, type TaskSnapshotOptions } from '../sources/aws/ecs-tasks.ts';
import { readLiveSnapshot, readTrackedRoles } from '../sources/aws/live-account.ts';
import { clusterInScope } from '../core/inventory/scope.ts';
import { lookupEventsLimiter } from '../sources/aws/lookup-events-trail.ts';
import { RateLimiter } from '../sources/aws/rate-limiter.ts';
import { loadCatalog } from '../sources/catalog.ts';
import { systemClock, type Clock } from '../sources/clock.ts';
import { S3Store } from '../sources/store/s3-store.ts';
import { StackStore } from '../sources/store/stack-store.ts';
import type { CollectDeps } from './collect.ts';
import type { StackConfig } from './config.ts';
import { loadEvidenceConfig, stackEvidence } from './evidence.ts';
import type { ReportDeps } from './report.ts';
import { taskDefinitionCaches } from './task-definition-cache.ts';

/** Collect re-reads the ECS inventory (and role tags) at most this often; a new service is tracked within the hour. */
const INVENTORY_MAX_AGE_MS = 3_600_000;

/**
 * SNS e-mail endpoints take at most 10 messages a second (past that the subscription is
 * suspended); alerts keep to half of it, leaving room for alarms on the same topic.
 */
const PUBLISH_PER_SECOND = 5;

/** Structured log line (CloudWatch Logs reads JSON). */
export function log(message: string, data: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level: 'info', message, ...data }));
}

/** A document on its own log line: CloudWatch's embedded metric format is read from there. */
export function emit(doc: Record<string, unknown>): void {
  console.log(JSON.stringify(doc));
}

/** Publishes to the topic through its own region's endpoint (SNS is regional). */
export function publisher(cfg: StackConfig): (m: SnsMessage) => Promise<void> {
  const sns = snsClient({ region: cfg.topicRegion });
  return async (m) => {
    await sns.send(
      new PublishCommand({
        TopicArn: cfg.topicArn,
        Subject: m.subject,
        Message: m.message,
        MessageAttributes: Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
      }),
    );
  };
}

// Clients live as long as the Lambda container: warm invocations reuse their connections.
const commons = new Map<string, ReturnType<typeof buildCommon>>();

function buildCommon(cfg: StackConfig) {
  return {
    store: new StackStore(new S3Store(s3Client({ region: cfg.homeRegion }), cfg.bucket)),
    // IAM is global; its endpoint answers from any region.
    iam: iamClient({ region: cfg.homeRegion }),
    publish: publisher(cfg),
  };
}

function common(cfg: StackConfig) {
  const key = JSON.stringify(cfg);
  let c = commons.get(key);
  if (!c) {
    c = buildCommon(cfg);
    commons.set(key, c);
  }
  return c;
}

/** The scope's cluster filter, for the task snapshot. */
function taskScope(cfg: StackConfig): Pick<TaskSnapshotOptions, 'includeCluster'> {
  const scope = cfg.scope;
  return scope.includeClusters?.length || scope.excludeClusters?.length ? { includeCluster: (name) => clusterInScope(name, scope) } : {};
}

/** `clock`: the system clock in the Lambda; tests and the demo pass the sandbox's virtual clock. */
export async function collectDeps(cfg: StackConfig, remainingMs: () => number, runId: string, clock: Clock = systemClock): Promise<CollectDeps> {
  const c = common(cfg);
  const publishLimiter = new RateLimiter(PUBLISH_PER_SECOND, clock);
  return {
    store: c.store,
    catalog: await loadCatalog(),
    trackedRoles: () =>
      c.store.trackedRoles(clock.now(), INVENTORY_MAX_AGE_MS, async () => {
        const started = clock.now();
        const caches = await taskDefinitionCaches(c.store, cfg.regions);
        const outOfTime = () => clock.now() - started > cfg.inventoryBudgetMs || remainingMs() < cfg.safetyMs;
        const a = await readTrackedRoles({ regions: cfg.regions, iam: new IamGrantsReader(c.iam), scope: cfg.scope, ecs: (region) => ({ cache: caches.of(region), shouldStop: outOfTime }) });
        await caches.save();
        return { roles: [...a.inventory.roles.values()], excluded: a.excluded, problems: a.problems, complete: a.complete };
      }),
    // Within the run's time: the snapshot stops early rather than leave CloudTrail unread.
    taskSnapshot: () => readRegionsTasks(cfg.regions, { ...taskScope(cfg), shouldStop: () => remainingMs() < cfg.safetyMs * 3 }),
    cloudTrail: (region) => cloudTrailClient({ region }),
    // The stack reads its own account: the topic's.
    limiter: (region) => lookupEventsLimiter(parseArn(cfg.topicArn)?.account ?? 'self', region, clock),
    publish: async (m) => {
      await publishLimiter.take();
      await c.publish(m);
    },
    now: () => clock.now(),
    remainingMs,
    runId,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'policy-drift-collect',
    log,
    emit,
  };
}

export async function reportDeps(cfg: StackConfig, clock: Clock = systemClock): Promise<ReportDeps> {
  const c = common(cfg);
  return {
    store: c.store,
    catalog: await loadCatalog(),
    account: () => readLiveSnapshot({ regions: cfg.regions, iam: new IamGrantsReader(c.iam), scope: cfg.scope }),
    ...stackEvidence(loadEvidenceConfig(), { region: cfg.homeRegion, clock, store: c.store.store }),
    publish: c.publish,
    now: () => clock.now(),
    log,
  };
}
