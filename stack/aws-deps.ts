/**
 * The real-world dependencies of the stack's functions, built from configuration: the
 * bucket as a store, the topic as a publisher, the account through the SDK. Tests build
 * the same dependencies against the loopback sandbox (AWS_ENDPOINT_URL).
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import type { SnsMessage } from '../core/report/alert-message.ts';
import { cloudTrailClient, iamClient, s3Client, snsClient } from '../sources/aws/clients.ts';
import { parseArn } from '../core/arn.ts';
import { IamGrantsReader } from '../sources/aws/iam-grants.ts';
import { readLiveSnapshot, readTrackedRoles } from '../sources/aws/live-account.ts';
import { lookupEventsLimiter } from '../sources/aws/lookup-events-trail.ts';
import { loadCatalog } from '../sources/catalog.ts';
import { systemClock, type Clock } from '../sources/clock.ts';
import { S3Store } from '../sources/store/s3-store.ts';
import { StackStore } from '../sources/store/stack-store.ts';
import type { CollectDeps } from './collect.ts';
import type { StackConfig } from './config.ts';
import type { ReportDeps } from './report.ts';

/** Collect re-reads the ECS inventory (and role tags) at most this often; a new service is tracked within the hour. */
const INVENTORY_MAX_AGE_MS = 3_600_000;

/** Structured log line (CloudWatch Logs reads JSON). */
export function log(message: string, data: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level: 'info', message, ...data }));
}

export function publisher(cfg: StackConfig): (m: SnsMessage) => Promise<void> {
  const sns = snsClient({ region: cfg.regions[0]! });
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
  const home = cfg.regions[0]!;
  return {
    store: new StackStore(new S3Store(s3Client({ region: home }), cfg.bucket)),
    iam: iamClient({ region: home }),
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

/** `clock`: the system clock in the Lambda; tests and the demo pass the sandbox's virtual clock. */
export async function collectDeps(cfg: StackConfig, remainingMs: () => number, runId: string, clock: Clock = systemClock): Promise<CollectDeps> {
  const c = common(cfg);
  return {
    store: c.store,
    catalog: await loadCatalog(),
    trackedRoles: () =>
      c.store.trackedRoles(clock.now(), INVENTORY_MAX_AGE_MS, async () => {
        const a = await readTrackedRoles({ regions: cfg.regions, iam: new IamGrantsReader(c.iam), scope: cfg.scope });
        return { roles: [...a.inventory.roles.values()], excluded: a.excluded, problems: a.problems };
      }),
    cloudTrail: (region) => cloudTrailClient({ region }),
    // The stack reads its own account: the topic's.
    limiter: (region) => lookupEventsLimiter(parseArn(cfg.topicArn)?.account ?? 'self', region, clock),
    publish: c.publish,
    now: () => clock.now(),
    remainingMs,
    runId,
    log,
  };
}

export async function reportDeps(cfg: StackConfig, clock: Clock = systemClock): Promise<ReportDeps> {
  const c = common(cfg);
  return {
    store: c.store,
    catalog: await loadCatalog(),
    account: () => readLiveSnapshot({ regions: cfg.regions, iam: new IamGrantsReader(c.iam), scope: cfg.scope }),
    publish: c.publish,
    now: () => clock.now(),
    log,
  };
}
