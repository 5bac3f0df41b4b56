/**
 * Trail mode end to end, through the real SDK against the sandbox: an Organization of four
 * accounts (the stack's own, two members, one whose member role cannot be assumed), an
 * Organization trail with data events in an SSE-KMS bucket, S3 notifications → SQS →
 * the ingest function, a backfill at deploy, days of delivery, a denial alert through
 * EventBridge, and the weekly report for the Organization. Then a malformed log object.
 *
 * Each numbered step acts on what the steps before it left; any step runs alone and first
 * replays the ones before it (test/helpers/steps.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../core/report/schema.ts';
import { cloudTrailEnvelope } from '../../sandbox/eventbridge.ts';
import { asAccount, keepEvents } from '../../sandbox/org-scenario.ts';
import { scenarioFromExport, type Scenario } from '../../sandbox/scenario.ts';
import { putObject } from '../../sandbox/trail-bucket.ts';
import { world } from '../../sandbox/world.ts';
import { scenarioSteps } from '../helpers/steps.ts';
import { stackHarness } from './stack-harness.ts';
import { trailHarness, type TrailHarness } from './trail-harness.ts';

vi.setConfig({ testTimeout: 120_000 });

const B = '444455556666';
const C = '777788889999';
const D = '121212121212';
let home: Scenario;
let members: Scenario[];
let h: TrailHarness;

beforeAll(async () => {
  home = await scenarioFromExport();
  members = [
    // Three accounts with the same workloads and different weeks: B had a quiet Thursday, C lost a third of its calls.
    keepEvents(asAccount(home, B), (e) => !String(e.eventTime).startsWith('2026-11-12')),
    keepEvents(asAccount(home, C), (_, i) => i % 3 !== 0),
    asAccount(home, D),
  ];
  h = await trailHarness(home, members, { now: '2026-11-09T00:00:00Z', unreadable: [D] });
}, 30_000);
afterAll(() => h.close());

/** What a report says about each role, as test/e2e/live-vs-export.test.ts compares it. */
const findings = (r: Report) =>
  r.roles.map((x) => ({ role: x.roleArn, used: x.used, unused: x.unused, notObservable: x.notObservable, denied: x.denied, suggested: x.suggestedPolicies, ecsAssumed: x.ecsAssumed }));

const { step } = scenarioSteps();

const deploy = step(async () => {
  // The trail has been delivering for three days before the stack is deployed.
  const before = h.deliverUpTo('2026-11-12T00:00:00Z');
  h.listen();
  const backfill = await h.backfill('2026-11-12T00:00:00Z', 90);
  const first = await h.ingest();
  // Account D's files wait for an inventory that never comes: three receives, then the dead-letter queue.
  const retried = await h.ingest({ retries: 3 });
  return { before, backfill, first, retried };
});

const days = step(async () => {
  let delivered = 0;
  for (const at of ['2026-11-13T00:00:00Z', '2026-11-14T00:00:00Z', '2026-11-15T00:00:00Z', '2026-11-16T00:00:00Z', '2026-11-17T00:00:00Z']) {
    delivered += h.deliverUpTo(at).length;
    await h.maintain(at);
    await h.ingest({ retries: 3 });
  }
  return { delivered };
});

const alerted = step(async () => {
  const mark = h.sb.state.published.length;
  // A task in account B is denied a call now: EventBridge delivers it to the alert function within seconds.
  const denial = members[0]!.events.find((e) => e.errorCode === 'AccessDenied' && e.eventName === 'GetQueueUrl')!;
  const event = cloudTrailEnvelope({ ...denial, eventTime: '2026-11-17T00:00:30Z', eventID: 'denied-just-now' });
  const summary = await h.alert('2026-11-17T00:00:31Z', event);
  return { summary, messages: h.sb.state.published.slice(mark) };
});

const weekly = step(async () => {
  const mark = h.sb.state.published.length;
  const report = await h.report('2026-11-17T00:05:00Z');
  return { report, messages: h.sb.state.published.slice(mark) };
});

const lookupMode = step(async () => {
  // The same account's same events, through the default mode: LookupEvents every 15 minutes (here: a few ticks).
  const lookup = await stackHarness(home, { env: { POLICY_DRIFT_REGIONS: 'us-east-1', POLICY_DRIFT_BUCKET: 'lookup-bucket', POLICY_DRIFT_TOPIC_ARN: h.cfg.topicArn, POLICY_DRIFT_BACKFILL_HOURS: '72' }, now: '2026-11-12T00:00:00Z' });
  try {
    for (const at of ['2026-11-12T00:00:00Z', '2026-11-14T00:00:00Z', '2026-11-16T00:00:00Z', '2026-11-17T00:00:00Z']) await lookup.collect(at);
    return (await lookup.report('2026-11-17T00:05:00Z')).json;
  } finally {
    await lookup.close();
    // The lookup harness restored the environment as it found it; the trail harness's sandbox is still the one to use.
    Object.assign(process.env, h.sb.env());
  }
});

const poisoned = step(async () => {
  const key = `AWSLogs/${'o-aa111bb222'}/${home.accountId}/CloudTrail/us-east-1/2026/11/17/${home.accountId}_CloudTrail_us-east-1_20261117T0110Z_BADBADBADBADBAD1.json.gz`;
  h.sb.clock.advanceTo(Date.parse('2026-11-17T01:10:00Z'));
  putObject(h.sb.state, 'org-trail', key, Buffer.from('this is not gzip, nor JSON'));
  const stats = await h.ingest({ retries: 3 });
  const report = await h.report('2026-11-17T02:00:00Z');
  return { key, stats, report, message: h.sb.state.published.at(-1)! };
});

const withEvidence = step(async () => {
  const calls = h.sb.state.calls.length;
  const report = await h.report('2026-11-17T03:00:00Z', { evidence: true });
  return { report, calls: h.sb.state.calls.slice(calls), signed: world(h.sb.state).signedCalls };
});

describe('trail mode, in order (each step replays the ones before it when run alone)', () => {
  it('1. deploy: the backfill lists the Organization trail by account, region and day and enqueues every existing log file; ingest folds them', async () => {
    const { before, backfill, first } = await deploy();
    expect(before.length).toBeGreaterThan(100);
    expect(backfill).toMatchObject({ cutoff: '2026-11-12T00:00:00Z', complete: true, days: 90 });
    const total = Object.values(backfill.enqueued).reduce((n, x) => n + x, 0);
    expect(total).toBe(before.length);
    expect(Object.keys(backfill.enqueued).sort()).toEqual([D, home.accountId, B, C].sort());
    expect(backfill.problems.join(' ')).toMatch(/account 121212121212: cannot assume .*AccessDenied/);
    expect(first.delivered).toBeGreaterThanOrEqual(total);
    // Each readable account's files became aggregates under its own prefix, one per file.
    const keys = [...h.sb.state.buckets.get('drift-bucket')!.keys()];
    for (const id of [home.accountId, B, C]) expect(keys.filter((k) => k.startsWith(`usage/account=${id}/`)).length).toBe(backfill.enqueued[id]);
    expect(keys.some((k) => k.startsWith(`usage/account=${D}/`))).toBe(false);
  });

  it('1b. the unreadable account\'s files go to the dead-letter queue after three receives, each named in the bucket', async () => {
    const { backfill } = await deploy();
    expect(h.deadLetters.messages.length).toBe(backfill.enqueued[D]);
    const failures = [...h.sb.state.buckets.get('drift-bucket')!.keys()].filter((k) => k.startsWith(`accounts/${D}/state/ingest-failures/`));
    expect(failures.length).toBe(backfill.enqueued[D]);
  });

  it('2. days of delivery: every new log file arrives by notification and is folded once', async () => {
    const { delivered } = await days();
    expect(delivered).toBeGreaterThan(100);
    expect(h.queue.messages).toEqual([]);
  });

  it('3. a denial reaches the alert function through EventBridge and is alerted at once, for its account', async () => {
    const { summary, messages } = await alerted();
    expect(summary).toMatchObject({ account: B, alerts: 1 });
    expect(messages.map((m) => m.subject)).toEqual([`policy-drift: orders-api-task denied sqs:GetQueueUrl (${B})`]);
    expect(messages[0]!.attributes.kind?.StringValue).toBe('access-denied');
    // The same event again (EventBridge delivers at least once) alerts nothing more.
    const again = await h.alert('2026-11-17T00:00:40Z', cloudTrailEnvelope({ ...members[0]!.events.find((e) => e.errorCode === 'AccessDenied' && e.eventName === 'GetQueueUrl')!, eventTime: '2026-11-17T00:00:30Z', eventID: 'denied-just-now' }));
    expect(again.alerts).toBe(0);
  });

  it('4. the weekly report: one message for the Organization; the unreadable account named, the others analysed and archived', async () => {
    const { report, messages } = await weekly();
    expect(messages).toHaveLength(1);
    const m = messages[0]!;
    expect(m.attributes.scope?.StringValue).toBe('organization');
    expect(m.message).toMatch(/^policy-drift weekly least-privilege report for organization o-aa111bb222: 4 accounts/);
    expect(m.message).toMatch(/3 accounts analysed, 1 could not be read/);
    expect(m.message).toMatch(/Not analysed: 121212121212 \(workloads-3\): cannot assume arn:aws:iam::121212121212:role\/policy-drift-member: AccessDenied/);
    expect(m.message).toMatch(/\d+ message\(s\) in the ingest dead-letter queue/);
    expect(report.accounts.find((a) => a.account === D)?.error).toMatch(/AccessDenied/);
    expect([...report.reports.keys()].sort()).toEqual([home.accountId, B, C].sort());
    expect(Buffer.byteLength(m.message)).toBeLessThan(262_144);
  });

  it('5. each account\'s findings equal analyze --input on that account\'s exported files', async () => {
    const { report } = await weekly();
    for (const s of [home, members[0]!, members[1]!]) {
      const r = report.reports.get(s.accountId)!;
      expect(r.window.start).toBe('2026-11-09T00:00:00Z');
      expect(r.input.incompleteRegions ?? []).toEqual([]);
      const files = await h.analyzeFiles(s, r.window);
      expect(findings(r)).toEqual(findings(files));
      expect(r.roles.some((x) => x.unused.length > 0)).toBe(true);
    }
    // The accounts' weeks differ, and so do their reports.
    expect(findings(report.reports.get(B)!)).not.toEqual(findings(report.reports.get(C)!));
  });

  it('6. trail mode judges data-plane actions that LookupEvents mode can only call not observable, on the same events', async () => {
    const { report } = await weekly();
    const trail = report.reports.get(home.accountId)!;
    const lookup = await lookupMode();
    const role = (r: Report, name: string) => r.roles.find((x) => x.roleName === name)!;
    const judged: string[] = [];
    for (const t of trail.roles) {
      const l = role(lookup, t.roleName);
      const dataPlane = [...t.used.map((u) => u.action), ...t.unused.map((u) => u.action)].filter((a) => /^(s3|dynamodb):/.test(a) && !/^s3:(List|Get)Bucket|^s3:ListAllMyBuckets/.test(a));
      for (const a of dataPlane) {
        if (l.notObservable.find((n) => n.action === a)?.reason === 'no-data-events') judged.push(`${t.roleName} ${a}`);
      }
    }
    expect(judged).toEqual(expect.arrayContaining(['orders-api-task s3:GetObject', 'orders-api-task dynamodb:GetItem']));
    expect(trail.input.dataEventServices).toEqual(expect.arrayContaining(['dynamodb', 's3']));
    expect(lookup.input.dataEventServices).toEqual([]);
  });

  it('7. a malformed log object goes to the dead-letter queue after three receives and the next report names it', async () => {
    const { key, stats, report, message } = await poisoned();
    expect(stats.failed).toBe(3);
    expect(h.deadLetters.messages.some((m) => m.body.includes('BADBADBADBADBAD1'))).toBe(true);
    const r = report.reports.get(home.accountId)!;
    expect(r.problems.join('\n')).toContain(`log file not folded: s3://org-trail/${key}: not a CloudTrail log file (invalid-json) (in the ingest dead-letter queue after 3 receives`);
    // Its events are unknown: nothing is called unused in that account until it is folded.
    expect(r.input.incompleteRegions).toEqual(['us-east-1']);
    expect(r.roles.every((x) => x.unused.length === 0)).toBe(true);
    expect(message.message).toContain('log file not folded');
    expect(world(h.sb.state).signedCalls.some((c) => c.account === D)).toBe(false);
  });

  it('8. with evidence on, each member account\'s IAM last-accessed reports are read through its own member role', async () => {
    const { report, calls } = await withEvidence();
    expect(calls.filter((c) => c.op === 'IAM.GenerateServiceLastAccessedDetails').length).toBeGreaterThanOrEqual(3 * 4);
    const b = report.reports.get(B)!;
    expect(b.roles.some((r) => r.lastAccessed !== undefined)).toBe(true);
    expect(b.roles.every((r) => r.roleArn.includes(`:${B}:`))).toBe(true);
    expect(report.accounts.find((a) => a.account === D)?.error).toMatch(/AccessDenied/);
  });
});
