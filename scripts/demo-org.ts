/**
 * `npm run demo:org`: the stack in trail mode, on a laptop. The loopback sandbox holds an
 * Organization of three accounts running the sample workloads, and an Organization trail
 * with data events in an SSE-KMS bucket. The demo deploys (the backfill enqueues the week so
 * far), lets two days of log files arrive by S3 notification through SQS to the ingest
 * function, sends one denied call through EventBridge to the alert function, and runs the
 * weekly report; it prints what an e-mail subscriber of the topic receives.
 *
 * Time is the sandbox's virtual clock; every call goes through the real SDK.
 */
import { mailbox } from './lib/mailbox.ts';
import { addMemberAccount } from '../sandbox/accounts.ts';
import { cloudTrailEnvelope } from '../sandbox/eventbridge.ts';
import { asAccount, keepEvents } from '../sandbox/org-scenario.ts';
import { setOrganization } from '../sandbox/organizations.ts';
import { scenarioFromExport } from '../sandbox/scenario.ts';
import { startSandbox } from '../sandbox/server.ts';
import { createQueue, deliverToLambda } from '../sandbox/sqs.ts';
import { deliverTrail, notifyBucket, type TrailLayout } from '../sandbox/trail-bucket.ts';
import { world } from '../sandbox/world.ts';
import { runAlert } from '../stack/alert.ts';
import { runBackfill } from '../stack/backfill.ts';
import { loadConfig } from '../stack/config.ts';
import { runIngest } from '../stack/ingest.ts';
import { runMaintain } from '../stack/maintain.ts';
import { runOrgReport } from '../stack/org-report.ts';
import { loadTrailConfig } from '../stack/trail-config.ts';
import { alertDeps, backfillDeps, ingestDeps, maintainDeps, orgReportDeps } from '../stack/trail-deps.ts';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const home = await scenarioFromExport();
const members = [keepEvents(asAccount(home, '444455556666'), (e) => !String(e.eventTime).startsWith('2026-11-12')), keepEvents(asAccount(home, '777788889999'), (_, i) => i % 3 !== 0)];
const sb = await startSandbox(home, { now: Date.parse('2026-11-09T00:00:00Z'), pageSize: 100, buckets: ['policy-drift-demo', 'org-trail'] });
Object.assign(process.env, sb.env());
for (const m of members) addMemberAccount(sb.state, m);
setOrganization(sb.state, 'o-aa111bb222', [{ id: home.accountId, name: 'platform' }, { id: members[0]!.accountId, name: 'payments' }, { id: members[1]!.accountId, name: 'search' }]);
const queue = createQueue(sb, 'policy-drift-demo-ingest', { deadLetter: { name: 'policy-drift-demo-ingest-dlq', maxReceiveCount: 5 }, visibilityTimeout: 720 });
world(sb.state).kmsDecrypt.add(KEY);
const cfg = loadConfig({ POLICY_DRIFT_REGIONS: 'us-east-1', POLICY_DRIFT_BUCKET: 'policy-drift-demo', POLICY_DRIFT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:policy-drift', AWS_REGION: 'us-east-1' });
const t = loadTrailConfig({ POLICY_DRIFT_COLLECT_FROM: 'trail', POLICY_DRIFT_ACCOUNT_ID: home.accountId, POLICY_DRIFT_TRAIL_BUCKET: 'org-trail', POLICY_DRIFT_ACCOUNTS: 'organization', POLICY_DRIFT_INGEST_QUEUE_URL: queue.url });
const layout: TrailLayout = { bucket: 'org-trail', orgId: 'o-aa111bb222', kmsKeyArn: KEY };
const events = [home, ...members].flatMap((s) => s.events);
const quiet = { log: () => {} };
const say = (s: string) => process.stderr.write(`${s}\n`);
const showMail = mailbox(sb.state.published);
let delivered = 0;
const deliver = (at: string) => {
  const now = Date.parse(at);
  sb.clock.advanceTo(now);
  const keys = deliverTrail(sb.state, layout, events, delivered, now);
  delivered = now;
  return keys.length;
};
const ingest = async () => {
  const deps = { ...(await ingestDeps(cfg, sb.clock)), ...quiet };
  return deliverToLambda(sb.state, queue, (event) => runIngest(t, deps, event));
};

try {
  const before = deliver('2026-11-15T00:00:00Z');
  say(`[before deploy] the Organization trail has delivered ${before} log files (3 accounts, management and data events, SSE-KMS)`);
  notifyBucket(sb.state, { bucket: 'org-trail', prefix: 'AWSLogs/', suffix: '.json.gz', queueArn: queue.arn });
  const backfill = await runBackfill(t, { ...backfillDeps(cfg, t, () => 900_000, sb.clock), ...quiet });
  say(`[deploy 2026-11-15T00:00Z] backfill enqueued ${Object.entries(backfill.enqueued).map(([a, n]) => `${n} files of ${a}`).join(', ')}`);
  const first = await ingest();
  say(`[ingest] ${first.delivered} messages in ${first.invocations} invocations, ${first.failed} failed`);
  for (const at of ['2026-11-15T12:00:00Z', '2026-11-16T00:00:00Z', '2026-11-16T12:00:00Z', '2026-11-17T00:00:00Z']) {
    const n = deliver(at);
    await runMaintain({ ...maintainDeps(cfg, t, () => 900_000, sb.clock), ...quiet, emit: () => {} }, cfg.windowDays);
    const s = await ingest();
    say(`[${at}] ${n} new log files by S3 notification → SQS → ingest: ${s.invocations} invocations, ${s.failed} failed`);
    if (at === '2026-11-16T12:00:00Z') {
      const denial = members[0]!.events.find((e) => e.errorCode === 'AccessDenied' && e.eventName === 'GetQueueUrl')!;
      const event = cloudTrailEnvelope({ ...denial, eventTime: '2026-11-16T12:00:05Z', eventID: 'demo-denied-now' });
      const a = await runAlert(cfg, { ...(await alertDeps(cfg, sb.clock)), ...quiet }, event);
      say(`[2026-11-16T12:00:06Z] EventBridge: a denied call in ${a.account} → alert function: ${a.alerts} alert`);
      showMail();
    }
  }
  sb.clock.advanceTo(Date.parse('2026-11-17T00:05:00Z'));
  const rep = await runOrgReport(cfg, t, { ...(await orgReportDeps(cfg, t, sb.clock)), ...quiet });
  say(`[report 2026-11-17T00:05Z] ${rep.accounts.map((a) => `${a.account}: ${a.roles ?? 0} roles`).join(', ')}; archived per account`);
  showMail();
  say(`\n${sb.state.published.length} messages published; ${sb.state.s3Writes.length} objects written to s3://policy-drift-demo.`);
} finally {
  await sb.close();
}
