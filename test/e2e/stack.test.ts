/**
 * The deployed stack's functions, end to end through the real SDK against the sandbox.
 *
 * A scenario: one sandbox lives through two weeks of schedule ticks, and each numbered step
 * acts on what the steps before it left: collect twice with new events in between
 * (aggregates, checkpoint, alerts and their dedup), a cut-short run and its resumption, a
 * throttled region, then the weekly report (archive, summary, grants unknown, a failing
 * publish). Any step runs alone (`npx vitest run test/e2e/stack.test.ts -t "5."`): it first
 * replays the actions of the steps before it, without their assertions (test/helpers/steps.ts).
 *
 * Time is the sandbox's virtual clock. The limiter paces LookupEvents and backs off on that
 * clock, so 2 requests per second and 30 s of backoff cost no real time, while the sandbox
 * still throttles, in the same time, a client that does not keep to the rate. Each run sees
 * its schedule tick as "now" (pacing moves the clock on by seconds during a run; the
 * assertions pin the ticks' exact times).
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeExport } from '../../cli/analyze-export.ts';
import { RateLimiter } from '../../sources/aws/rate-limiter.ts';
import { collectDeps, reportDeps } from '../../stack/aws-deps.ts';
import { runCollect, type CollectDeps } from '../../stack/collect.ts';
import { loadConfig, type StackConfig } from '../../stack/config.ts';
import { runReport } from '../../stack/report.ts';
import { parseUsage } from '../../core/usage/serialise.ts';
import { mergeUsage } from '../../core/usage/merge.ts';
import { scenarioFromExport } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { scenarioSteps } from '../helpers/steps.ts';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:policy-drift';
let sb: Sandbox;
let cfg: StackConfig;
/** One limiter for the whole scenario, on the sandbox's clock: the sandbox enforces LookupEvents' rate, the limiter keeps to it. */
let limiter: RateLimiter;
const savedEnv = { ...process.env };

/** The collect function invoked at schedule tick `at`. */
async function collect(at: string, over: Partial<CollectDeps> = {}, runId = `run-${Date.parse(at)}`) {
  const now = Date.parse(at);
  sb.clock.advanceTo(now);
  const deps = await collectDeps(cfg, () => 900_000, runId, sb.clock);
  return runCollect(cfg, { ...deps, now: () => now, limiter: () => limiter, log: () => {}, ...over });
}

/** The report function invoked at schedule tick `at`. */
async function report(at: string) {
  const now = Date.parse(at);
  sb.clock.advanceTo(now);
  const deps = await reportDeps(cfg, sb.clock);
  return runReport(cfg, { ...deps, now: () => now, log: () => {} });
}

const alertsFor = (from: number) => sb.state.published.slice(from).filter((p) => p.attributes.kind?.StringValue === 'access-denied');
const bucketKeys = (prefix: string) => [...sb.state.buckets.get('drift-bucket')!.keys()].filter((k) => k.startsWith(prefix)).sort();
const stored = (key: string) => sb.state.buckets.get('drift-bucket')!.get(key)!.body;
const checkpoint = () => JSON.parse(stored('state/checkpoint/us-east-1.json').toString());
/** ECS inventory and IAM calls; not the task snapshot every collect run takes (tasks change between runs). */
const SNAPSHOT_OPS = new Set(['ECS.ListClusters', 'ECS.ListTasks', 'ECS.DescribeTasks']);
const inventoryCalls = () => sb.state.calls.filter((c) => (c.op.startsWith('ECS.') && !SNAPSHOT_OPS.has(c.op)) || c.op === 'IAM.GetRole').length;

beforeAll(async () => {
  sb = await startSandbox(await scenarioFromExport(), { now: Date.parse('2026-11-12T00:00:00Z'), buckets: ['drift-bucket'] });
  limiter = new RateLimiter(2, sb.clock);
  Object.assign(process.env, sb.env());
  cfg = loadConfig({
    POLICY_DRIFT_REGIONS: 'us-east-1',
    POLICY_DRIFT_BUCKET: 'drift-bucket',
    POLICY_DRIFT_TOPIC_ARN: TOPIC,
    POLICY_DRIFT_BACKFILL_HOURS: '72',
    POLICY_DRIFT_SUPPRESSION_MINUTES: '720',
  });
});
afterAll(async () => {
  process.env = savedEnv;
  await sb.close();
});

const { step } = scenarioSteps();

// The scenario's actions, in order; the tests below assert on their outcomes.
const firstRun = step(() => collect('2026-11-12T00:00:00Z'));
const repeat = step(async () => {
  const published = sb.state.published.length;
  const calls = inventoryCalls();
  await collect('2026-11-12T00:00:00Z', {}, 'repeat');
  return { published, calls };
});
const suppressed = step(async () => {
  const mark = sb.state.published.length;
  await collect('2026-11-12T06:00:00Z');
  const within = alertsFor(mark);
  await collect('2026-11-12T13:00:00Z');
  return { mark, within };
});
const cutShort = step(async () => {
  let pages = 0;
  const cut = await collect('2026-11-13T13:00:00Z', { remainingMs: () => (pages++ < 2 ? 900_000 : 1_000) });
  const pending = checkpoint();
  const resumed = await collect('2026-11-13T13:00:00Z');
  return { cut, pending, resumed };
});
const throttled = step(async () => {
  sb.state.faults.lookupEventsUnavailable = true;
  const failed = await collect('2026-11-13T15:00:00Z', { cloudTrail: (await collectDeps(cfg, () => 900_000, 'x')).cloudTrail });
  sb.state.faults.lookupEventsUnavailable = false;
  const ok = await collect('2026-11-13T15:00:00Z');
  return { failed, ok };
});
const firstReport = step(async () => {
  await collect('2026-11-17T00:00:00Z');
  return report('2026-11-17T00:00:00Z');
});
const grantsUnknown = step(async () => {
  sb.state.faults.denyGetRolePolicy.add('orders-api-task');
  await collect('2026-11-24T06:00:00Z');
  await report('2026-11-24T06:00:00Z');
  sb.state.faults.denyGetRolePolicy.clear();
});
const failingPublish = step(async () => {
  const before = sb.state.published.length;
  sb.state.faults.failNext.set('SNS.Publish', 2);
  await report('2026-11-24T06:00:00Z');
  const afterRetries = sb.state.published.length;
  const writes = sb.state.s3Writes.length;
  sb.state.faults.failNext.set('SNS.Publish', 50);
  const unpublishable = report('2026-11-24T06:00:00Z');
  await unpublishable.catch(() => {});
  sb.state.faults.failNext.delete('SNS.Publish');
  return { before, afterRetries, writes, unpublishable };
});

describe('stack scenario, in order (each step replays the ones before it when run alone)', () => {
  it('1. collect, first run: reads the backfill window, stores an aggregate, then the checkpoint, and alerts on denials', async () => {
    const summary = await firstRun();
    expect(summary.regions[0]).toMatchObject({ region: 'us-east-1', complete: true, window: { start: '2026-11-09T00:00:00Z', end: '2026-11-12T00:00:00Z' } });
    expect(summary.regions[0]!.events).toBeGreaterThan(300);
    // One aggregate (the run's task snapshot is stored beside it, under usage/tasks/).
    expect(bucketKeys('usage/date=')).toHaveLength(1);
    // The aggregate is written before the checkpoint that covers it.
    const order = sb.state.s3Writes.map((w) => w.key.split('/')[0] + '/' + (w.key.split('/')[1] ?? ''));
    expect(order.indexOf('state/checkpoint')).toBeGreaterThan(order.findIndex((k) => k.startsWith('usage/')));
    expect(checkpoint()).toEqual({ doneUntil: '2026-11-12T00:00:00Z' });
    const alerts = alertsFor(0);
    // Management-event denials of Nov 9–11: the API's queue lookup and the worker's SES call.
    expect(alerts.map((a) => a.subject).sort()).toEqual([
      'policy-drift: order-worker-task denied ses:GetAccount (111122223333)',
      'policy-drift: orders-api-task denied sqs:GetQueueUrl (111122223333)',
    ]);
    const q = alerts.find((a) => a.subject!.includes('GetQueueUrl'))!;
    expect(q.message).toMatch(/Cause:\s+no identity-based policy allows it \(no-identity-policy\)/);
    expect(q.message).toMatch(/Count:\s+9 calls/);
    expect(q.message).toContain('"Action": "sqs:GetQueueUrl"');
    expect(q.attributes).toMatchObject({ kind: { StringValue: 'access-denied' }, severity: { StringValue: 'high' }, roleArn: { StringValue: 'arn:aws:iam::111122223333:role/app/orders-api-task' } });
    expect(alerts.find((a) => a.subject!.includes('ses:GetAccount'))!.message).toMatch(/would not fix this/);
  });

  it('2. collect again: a repeat over the same time changes nothing: no new alert, the overlap counted once', async () => {
    const before = await repeat();
    expect(sb.state.published.length).toBe(before.published);
    // The inventory read by the first run is reused within the hour: no ECS or IAM call.
    expect(inventoryCalls()).toBe(before.calls);
    const aggs = bucketKeys('usage/date=').map((k) => parseUsage(gunzipSync(stored(k)).toString()));
    expect(aggs.every((a) => a.ok)).toBe(true);
    const merged = mergeUsage(aggs.map((a) => (a.ok ? a.usage : null)!));
    const single = aggs[0]!.ok ? aggs[0]!.usage : null;
    expect(JSON.stringify(merged.roles)).toBe(JSON.stringify(mergeUsage([single!]).roles));
  });

  it('3. collect later: new events within the suppression window are counted, not alerted; after it, one alert says how many more', async () => {
    const { mark, within } = await suppressed();
    expect(within).toEqual([]);
    const later = alertsFor(mark);
    expect(later.map((a) => a.subject)).toContain('policy-drift: orders-api-task denied sqs:GetQueueUrl (111122223333)');
    expect(later.find((a) => a.subject!.includes('GetQueueUrl'))!.message).toMatch(/Count:\s+2 calls since the previous alert at 2026-11-12T00:00:00Z/);
    expect(later.find((a) => a.subject!.includes('GetQueueUrl'))!.message).toMatch(/First\/last: 2026-11-12T12:00:00Z \/ 2026-11-12T13:00:00Z/);
  });

  it('4. collect: a run cut short by the timeout stores what it read and resumes where it stopped, losing and doubling nothing', async () => {
    const { cut, pending: ck, resumed } = await cutShort();
    expect(cut.regions[0]!.complete).toBe(false);
    expect(ck.pending).toBeDefined();
    expect(resumed.regions[0]).toMatchObject({ complete: true, window: ck.pending });
    expect(checkpoint()).toEqual({ doneUntil: ck.pending.then });
  });

  it('5. collect: a region whose CloudTrail stays throttled is left pending and reported, then caught up', async () => {
    const { failed, ok } = await throttled();
    expect(failed.regions[0]!.complete).toBe(false);
    expect(failed.problems.join(' ')).toMatch(/ThrottlingException/);
    expect(ok.regions[0]!.complete).toBe(true);
  });

  it('6. report: merges every stored aggregate, archives JSON and Markdown, and publishes one e-mailable summary', async () => {
    const summary = await firstReport();
    expect(summary.week).toBe('2026-W47');
    expect(bucketKeys('reports/')).toEqual(['reports/2026-W47/report.html', 'reports/2026-W47/report.json', 'reports/2026-W47/report.md']);
    const report = JSON.parse(stored('reports/2026-W47/report.json').toString());

    // The same findings as the files of the same account, management events, same window.
    const files = await analyzeExport({ input: 'examples/sample-account', since: report.window.start, until: report.window.end, now: new Date(0) });
    // By role (the rank can differ: the stack sees no data events, so a role's risk may too).
    const mgmt = (r: typeof report) =>
      r.roles.map((x: { roleName: string; used: { action: string; count: number }[] }) => [x.roleName, x.used.filter((u) => !/^(s3|dynamodb):/.test(u.action)).map((u) => `${u.action}=${u.count}`)]).sort();
    expect(mgmt(report)).toEqual(mgmt(files));

    const msg = sb.state.published.at(-1)!;
    expect(msg.attributes.kind).toEqual({ DataType: 'String', StringValue: 'weekly-report' });
    expect(msg.subject!.length).toBeLessThanOrEqual(100);
    expect(msg.message).toContain('s3://drift-bucket/reports/2026-W47/report.md');
    expect(msg.message).toContain('Report to read (HTML): s3://drift-bucket/reports/2026-W47/report.html');
    expect(msg.message).toContain('https://s3.console.aws.amazon.com/s3/object/drift-bucket?region=us-east-1&prefix=reports/2026-W47/report.html');
    expect(stored('reports/2026-W47/report.html').toString()).toMatch(/^<!doctype html>/);
    expect(msg.message).toMatch(/First report: no previous report/);
    expect(Buffer.byteLength(msg.message)).toBeLessThan(262_144);
  });

  it('7. report: reports a role whose policies cannot be read as "grants unknown" and analyses the others', async () => {
    await grantsUnknown();
    const report = JSON.parse(stored('reports/2026-W48/report.json').toString());
    const api = report.roles.find((r: { roleName: string }) => r.roleName === 'orders-api-task');
    expect(api.grantsStatus).toBe('unknown');
    expect(api.grantProblems[0]).toMatch(/AccessDenied/);
    expect(api.unused).toEqual([]);
    expect(report.roles.filter((r: { grantsStatus: string }) => r.grantsStatus === 'known')).toHaveLength(4);
    // The second report compares with the first, in the e-mail and in the archive.
    expect(sb.state.published.at(-1)!.message).toMatch(/Since the previous report \(2026-11-17T00:00:00Z\)/);
    expect(report.drift.previousGeneratedAt).toBe('2026-11-17T00:00:00Z');
    expect(stored('reports/2026-W48/report.md').toString()).toContain('## Since the previous report');
    // The HTML copy draws both archived weeks, one point each.
    expect(stored('reports/2026-W48/report.html').toString().match(/class="trend-point" data-week="2026-W4[78]"/g)?.length).toBe(3 * 2);
  });

  it('8. report: retries a failing publish; a report that cannot be published is still archived, and the run fails loudly', async () => {
    const { before, afterRetries, writes, unpublishable } = await failingPublish();
    expect(afterRetries).toBe(before + 1);
    await expect(unpublishable).rejects.toThrow();
    // Archived again, under the same week's keys (a second report in a week replaces the first).
    expect(sb.state.s3Writes.slice(writes).map((w) => w.key)).toEqual(['reports/2026-W48/report.json', 'reports/2026-W48/report.md', 'reports/2026-W48/report.html']);
    expect(bucketKeys('reports/2026-W48/')).toHaveLength(3);
  });
});
