/**
 * Trail mode's functions against one sandbox holding an Organization: the home account
 * (the stack's) and member accounts, an Organization trail in an SSE-KMS bucket notifying
 * the ingest queue, and Lambda's event source mapping over that queue. Time is the
 * sandbox's virtual clock: CloudTrail delivers a file per account, region and five minutes
 * as the clock passes the events' times, and each function sees its tick as "now".
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeExport } from '../../cli/analyze-export.ts';
import { withEnv } from '../helpers/env.ts';
import type { Report } from '../../core/report/schema.ts';
import { addMemberAccount } from '../../sandbox/accounts.ts';
import { writeScenarioExport } from '../../sandbox/export.ts';
import { setOrganization } from '../../sandbox/organizations.ts';
import type { Scenario } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { createQueue, deliverToLambda, type DeliveryOptions, type DeliveryStats } from '../../sandbox/sqs.ts';
import { deliverTrail, notifyBucket, type TrailLayout } from '../../sandbox/trail-bucket.ts';
import { world, type Queue } from '../../sandbox/world.ts';
import { runAlert, type AlertSummary } from '../../stack/alert.ts';
import { runBackfill } from '../../stack/backfill.ts';
import { loadConfig, type StackConfig } from '../../stack/config.ts';
import { runIngest } from '../../stack/ingest.ts';
import { runMaintain, type MaintainSummary } from '../../stack/maintain.ts';
import { runOrgReport, type OrgReportSummary } from '../../stack/org-report.ts';
import { loadTrailConfig, type TrailConfig } from '../../stack/trail-config.ts';
import { alertDeps, backfillDeps, ingestDeps, maintainDeps, orgReportDeps } from '../../stack/trail-deps.ts';
import type { BackfillState } from '../../sources/store/trail-state.ts';
import type { CloudTrailEvent } from '../../sources/trail/event-record.ts';

export const ORG_ID = 'o-aa111bb222';
export const TOPIC = 'arn:aws:sns:us-east-1:111122223333:policy-drift';
export const TRAIL_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

export interface TrailHarness {
  sb: Sandbox;
  cfg: StackConfig;
  t: TrailConfig;
  queue: Queue;
  deadLetters: Queue;
  layout: TrailLayout;
  /** CloudTrail delivers every account's events up to `at` (notifying the queue once it is configured). */
  deliverUpTo(at: string): string[];
  /** S3 notifications of new log files to the ingest queue (deploy time). */
  listen(): void;
  /** Lambda over the ingest queue until nothing is visible; with `retries`, the clock moves past the visibility timeout that many times. */
  ingest(o?: DeliveryOptions & { retries?: number }): Promise<DeliveryStats>;
  backfill(at: string, days?: number): Promise<BackfillState>;
  maintain(at: string): Promise<MaintainSummary>;
  alert(at: string, event: CloudTrailEvent): Promise<AlertSummary>;
  /** The weekly report; `evidence`: with IAM last-accessed reports and Access Analyzer checks (off by default, as `analyze --input` on plain exports has neither). */
  report(at: string, o?: { evidence?: boolean }): Promise<OrgReportSummary & { reports: Map<string, Report> }>;
  /** `analyze --input` on one account's events, exported to files, over `window`. */
  analyzeFiles(s: Scenario, window: { start: string | null; end: string | null }): Promise<Report>;
  close(): Promise<void>;
}

export async function trailHarness(home: Scenario, members: Scenario[], o: { now: string; unreadable?: string[]; env?: Record<string, string>; slotMinutes?: number }): Promise<TrailHarness> {
  const sb = await startSandbox(home, { now: Date.parse(o.now), pageSize: 100, buckets: ['drift-bucket', 'org-trail'] });
  const saved = { ...process.env };
  Object.assign(process.env, sb.env());
  for (const m of members) addMemberAccount(sb.state, m);
  for (const id of o.unreadable ?? []) world(sb.state).denyAssume.add(id);
  setOrganization(sb.state, ORG_ID, [home, ...members].map((s, i) => ({ id: s.accountId, name: i === 0 ? 'platform' : `workloads-${i}` })));
  const queue = createQueue(sb, 'policy-drift-test-ingest', { deadLetter: { name: 'policy-drift-test-ingest-dlq', maxReceiveCount: 3 }, visibilityTimeout: 720 });
  const deadLetters = [...world(sb.state).queues.values()].find((q) => q.name.endsWith('-dlq'))!;
  world(sb.state).kmsDecrypt.add(TRAIL_KEY);
  const cfg = loadConfig({ POLICY_DRIFT_REGIONS: 'us-east-1', POLICY_DRIFT_BUCKET: 'drift-bucket', POLICY_DRIFT_TOPIC_ARN: TOPIC, AWS_REGION: 'us-east-1' });
  const t = loadTrailConfig({
    POLICY_DRIFT_COLLECT_FROM: 'trail',
    POLICY_DRIFT_ACCOUNT_ID: home.accountId,
    POLICY_DRIFT_TRAIL_BUCKET: 'org-trail',
    POLICY_DRIFT_ACCOUNTS: 'organization',
    POLICY_DRIFT_INGEST_QUEUE_URL: queue.url,
    POLICY_DRIFT_INGEST_DLQ_URL: deadLetters.url,
    POLICY_DRIFT_INGEST_MAX_RECEIVES: '3',
    ...o.env,
  });
  // One file an hour per account and region (CloudTrail delivers every five minutes): the same events, fewer objects to fold.
  const layout: TrailLayout = { bucket: 'org-trail', orgId: ORG_ID, kmsKeyArn: TRAIL_KEY, slotMinutes: o.slotMinutes ?? 60 };
  const events = [home, ...members].flatMap((s) => s.events);
  let delivered = 0;
  const tick = (at: string) => {
    const now = Date.parse(at);
    sb.clock.advanceTo(now);
    return now;
  };
  const quiet = { log: () => {} };
  return {
    sb,
    cfg,
    t,
    queue,
    deadLetters,
    layout,
    deliverUpTo(at) {
      const upTo = tick(at);
      const keys = deliverTrail(sb.state, layout, events, delivered, upTo);
      delivered = Math.max(delivered, upTo);
      return keys;
    },
    listen: () => notifyBucket(sb.state, { bucket: 'org-trail', prefix: 'AWSLogs/', suffix: '.json.gz', queueArn: queue.arn }),
    async ingest(d = {}) {
      const deps = { ...(await ingestDeps(cfg, sb.clock)), ...quiet };
      const total: DeliveryStats = { invocations: 0, delivered: 0, failed: 0 };
      for (let i = 0; i <= (d.retries ?? 0); i++) {
        if (i > 0) sb.advance(721_000);
        const s = await deliverToLambda(sb.state, queue, (event) => runIngest(t, deps, event), d);
        total.invocations += s.invocations;
        total.delivered += s.delivered;
        total.failed += s.failed;
      }
      return total;
    },
    async backfill(at, days) {
      const now = tick(at);
      return runBackfill(t, { ...backfillDeps(cfg, t, () => 900_000, sb.clock), now: () => now, ...quiet }, days);
    },
    async maintain(at) {
      const now = tick(at);
      return runMaintain({ ...maintainDeps(cfg, t, () => 900_000, sb.clock), now: () => now, ...quiet, emit: () => {} }, cfg.windowDays);
    },
    async alert(at, event) {
      const now = tick(at);
      return runAlert(cfg, { ...(await alertDeps(cfg, sb.clock)), now: () => now, ...quiet }, event);
    },
    async report(at, r = {}) {
      const now = tick(at);
      const flags = String(r.evidence === true);
      const deps = await withEnv({ POLICY_DRIFT_LAST_ACCESSED: flags, POLICY_DRIFT_ACCESS_ANALYZER_CHECKS: flags }, async () => {
        const d = await orgReportDeps(cfg, t, sb.clock);
        // The evidence ports are built per account when its snapshot is read: keep the flags for that too.
        return { ...d, snapshot: (account: string) => withEnv({ POLICY_DRIFT_LAST_ACCESSED: flags, POLICY_DRIFT_ACCESS_ANALYZER_CHECKS: flags }, () => d.snapshot(account)) };
      });
      const summary = await runOrgReport(cfg, t, { ...deps, now: () => now, ...quiet });
      const reports = new Map<string, Report>();
      for (const a of summary.accounts) {
        if (!a.archived) continue;
        const key = a.archived.replace('s3://drift-bucket/', '');
        reports.set(a.account, JSON.parse(sb.state.buckets.get('drift-bucket')!.get(key)!.body.toString()) as Report);
      }
      return { ...summary, reports };
    },
    async analyzeFiles(s, window) {
      const dir = mkdtempSync(join(tmpdir(), `pd-trail-${s.accountId}-`));
      writeScenarioExport(s, dir);
      return analyzeExport({ input: dir, since: window.start!, until: window.end!, now: new Date(0), workers: 1 });
    },
    async close() {
      process.env = saved;
      await sb.close();
    },
  };
}
