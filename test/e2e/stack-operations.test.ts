/**
 * The deployed stack's operations against the sandbox: one collect run at a time through a
 * lease in the bucket, alerts that keep reaching e-mail subscribers (paced, digested), alert
 * state that does not grow forever, and the daily compaction the weekly report reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mergeUsage } from '../../core/usage/merge.ts';
import type { AlertState } from '../../core/alerts/plan.ts';
import type { ObjectStore } from '../../sources/store/object-store.ts';
import { takeLease } from '../../sources/store/lease.ts';
import { readStoredUsage } from '../../sources/store/usage-store.ts';
import { LEASE_KEY } from '../../stack/collect.ts';
import { deniedEvent } from '../../sandbox/regions.ts';
import { scenarioFromExport } from '../../sandbox/scenario.ts';
import { publishedOf, stackHarness, type StackHarness } from './stack-harness.ts';

const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:policy-drift`;
let h: StackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const env = (bucket: string, extra: Record<string, string> = {}) => ({
  POLICY_DRIFT_REGIONS: 'us-east-1',
  POLICY_DRIFT_BUCKET: bucket,
  POLICY_DRIFT_TOPIC_ARN: TOPIC,
  POLICY_DRIFT_BACKFILL_HOURS: '72',
  ...extra,
});

/** `n` distinct denials (one action each) of a tracked role on 2026-11-11. */
function denials(roleName: string, rolePath: string, actions: [string, string][]) {
  return actions.map(([eventSource, eventName], i) =>
    deniedEvent({ accountId: ACCOUNT, roleName, rolePath, region: 'us-east-1', time: Date.parse('2026-11-11T10:00:00Z') + i * 60_000, eventSource, eventName, id: `${roleName}-${eventName}` }),
  );
}

const bodies = (bucket: string) => h!.sb.state.buckets.get(bucket)!;
const writesTo = (key: string) => h!.sb.state.s3Writes.filter((w) => w.key === key).length;

describe('one collect run at a time', () => {
  it('a run finding the lease held does nothing; once the holder\'s lease expires the next run takes it over', async () => {
    h = await stackHarness(await scenarioFromExport(), { now: '2026-11-12T00:00:00Z', env: env('lease-bucket') });
    const t = Date.parse('2026-11-12T00:00:00Z');
    // A run that crashed at midnight with a 10-minute timeout: its lease lasts 11 minutes.
    expect((await takeLease(h.store.store, LEASE_KEY, 'crashed-run', t, 660_000)).state).toBe('held');
    const busy = await h.collect('2026-11-12T00:05:00Z');
    expect(busy).toMatchObject({ outcome: 'skipped', regions: [] });
    expect(busy.problems[0]).toMatch(/another collect run \(crashed-run\) holds the lease until 2026-11-12T00:11:00/);
    expect(h.sb.state.calls.some((c) => c.op === 'CloudTrail.LookupEvents')).toBe(false);
    const next = await h.collect('2026-11-12T00:15:00Z');
    expect(next.outcome).toBe('collected');
    expect(next.regions[0]!.complete).toBe(true);
    // Handed back at the end: the following tick does not wait for it to expire.
    expect(JSON.parse(bodies('lease-bucket').get(LEASE_KEY)!.body.toString())).toMatchObject({ holder: 'run-1794442500000', expiresAt: '2026-11-12T00:15:00.000Z' });
  });

  it('of two runs started together, one collects and the other does nothing', async () => {
    h = await stackHarness(await scenarioFromExport(), { now: '2026-11-12T00:00:00Z', env: env('race-bucket') });
    const runs = await Promise.all([h.collect('2026-11-12T00:00:00Z', { runId: 'a' }), h.collect('2026-11-12T00:00:00Z', { runId: 'b' })]);
    expect(runs.map((r) => r.outcome).sort()).toEqual(['collected', 'skipped']);
    expect(h.sb.state.s3Writes.filter((w) => w.key.startsWith('usage/date='))).toHaveLength(1);
  });

  it('a run that outlived its lease (another run took it over) writes no checkpoint', async () => {
    h = await stackHarness(await scenarioFromExport(), { now: '2026-11-12T00:00:00Z', env: env('fence-bucket') });
    await h.collect('2026-11-12T00:00:00Z');
    const before = bodies('fence-bucket').get('state/checkpoint/us-east-1.json')!.body.toString();
    const store = h.store;
    const late = h.collect('2026-11-12T06:00:00Z', {
      over: {
        // While this run reads, its lease expires and another run takes it.
        trackedRoles: async () => {
          await takeLease(store.store, LEASE_KEY, 'intruder', Date.parse('2026-11-12T08:00:00Z'), 600_000);
          return store.trackedRoles(Date.parse('2026-11-12T06:00:00Z'), 3_600_000, async () => ({ roles: [], excluded: [], problems: [] }));
        },
      },
    });
    await expect(late).rejects.toThrow(/lost its lease/);
    expect(bodies('fence-bucket').get('state/checkpoint/us-east-1.json')!.body.toString()).toBe(before);
  });
});

describe('alerts that keep reaching people', () => {
  it('sends a few new denials one message each, at most 5 a second', async () => {
    const extra = denials('nightly-report-task', '', [['sqs.amazonaws.com', 'ListQueues'], ['ssm.amazonaws.com', 'GetParameter'], ['sns.amazonaws.com', 'ListTopics']]);
    const s = await scenarioFromExport();
    h = await stackHarness({ ...s, events: [...s.events, ...extra] }, { now: '2026-11-12T00:00:00Z', env: env('few-bucket') });
    const summary = await h.collect('2026-11-12T00:00:00Z');
    expect(summary.alerts).toBe(5);
    expect(publishedOf(h.sb, 'access-denied')).toHaveLength(5);
    const times = h.sb.state.calls.filter((c) => c.op === 'SNS.Publish').map((c) => c.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(200);
  });

  it('sends many new denials in one run as one digest ("12 new denials across 3 roles")', async () => {
    const extra = [
      ...denials('nightly-report-task', '', [['sqs.amazonaws.com', 'ListQueues'], ['ssm.amazonaws.com', 'GetParameter'], ['sns.amazonaws.com', 'ListTopics'], ['ec2.amazonaws.com', 'DescribeVpcs'], ['lambda.amazonaws.com', 'ListFunctions']]),
      ...denials('orders-api-task', 'app/', [['sqs.amazonaws.com', 'ListQueues'], ['ssm.amazonaws.com', 'GetParameter'], ['sns.amazonaws.com', 'ListTopics'], ['ec2.amazonaws.com', 'DescribeVpcs'], ['lambda.amazonaws.com', 'ListFunctions']]),
    ];
    const s = await scenarioFromExport();
    h = await stackHarness({ ...s, events: [...s.events, ...extra] }, { now: '2026-11-12T00:00:00Z', env: env('many-bucket') });
    const summary = await h.collect('2026-11-12T00:00:00Z');
    expect(summary.alerts).toBe(12);
    expect(publishedOf(h.sb, 'access-denied')).toEqual([]);
    const digest = publishedOf(h.sb, 'access-denied-digest');
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toBe(`policy-drift: 12 new denials across 3 roles (${ACCOUNT})`);
    expect(digest[0]!.message).toMatch(/^- orders-api-task denied sqs:GetQueueUrl: 9 calls/m);
    expect(digest[0]!.message).toMatch(/^- nightly-report-task denied lambda:ListFunctions: 1 call /m);
    // The same denials again are remembered, not re-sent.
    await h.collect('2026-11-12T00:00:00Z', { runId: 'again' });
    expect(h.sb.state.published).toHaveLength(1);
  });

  it('drops alert state not seen for longer than the suppression window, and rewrites it only when it changes', async () => {
    h = await stackHarness(await scenarioFromExport(), { now: '2026-11-12T00:00:00Z', env: env('prune-bucket', { POLICY_DRIFT_SUPPRESSION_MINUTES: '720' }) });
    const stale: AlertState = { version: 1, entries: { 'arn:aws:iam::111122223333:role/gone|s3:GetObject|no-identity-policy': { pending: 0, firstSeen: '', lastSeen: '2026-10-01T00:00:00Z', lastAlertAt: '2026-10-01T00:00:00Z', seen: [1, 2, 3] } } };
    await h.store.putAlertState(stale);
    await h.collect('2026-11-12T00:00:00Z');
    const state = JSON.parse(bodies('prune-bucket').get('state/alerts.json')!.body.toString()) as AlertState;
    expect(Object.keys(state.entries).some((k) => k.includes('role/gone'))).toBe(false);
    expect(Object.keys(state.entries)).toHaveLength(2);
    const writes = writesTo('state/alerts.json');
    await h.collect('2026-11-12T00:00:00Z', { runId: 'same-again' });
    expect(writesTo('state/alerts.json')).toBe(writes);
  });
});

describe('daily compaction', () => {
  it('merges each past region-day into one object the report reads instead of every run, counting nothing twice', async () => {
    h = await stackHarness(await scenarioFromExport(), { now: '2026-11-12T00:00:00Z', env: env('compact-bucket') });
    const ticks = ['2026-11-12T06:00:00Z', '2026-11-12T12:00:00Z', '2026-11-12T18:00:00Z', '2026-11-13T00:30:00Z', '2026-11-13T12:00:00Z', '2026-11-14T00:30:00Z'];
    for (const t of ticks) await h.collect(t);
    const keys = [...bodies('compact-bucket').keys()].filter((k) => k.startsWith('usage/date=')).sort();
    expect(keys.filter((k) => k.endsWith('/compacted.json.gz'))).toEqual(['usage/date=2026-11-12/region=us-east-1/compacted.json.gz', 'usage/date=2026-11-13/region=us-east-1/compacted.json.gz']);
    expect(JSON.parse(bodies('compact-bucket').get('state/compaction.json')!.body.toString())).toEqual({ through: '2026-11-13' });

    const store = h.store.store;
    const runsOnly: ObjectStore = { ...store, get: (k) => store.get(k), getVersioned: (k) => store.getVersioned(k), put: (k, b) => store.put(k, b), putIf: (k, b, c) => store.putIf(k, b, c), describe: (k) => store.describe(k), list: async (p, a) => (await store.list(p, a)).filter((k) => !k.endsWith('/compacted.json.gz')) };
    const compacted = await readStoredUsage(store, '2026-11-09T00:00:00Z', '2026-11-14T23:59:59Z');
    const everyRun = await readStoredUsage(runsOnly, '2026-11-09T00:00:00Z', '2026-11-14T23:59:59Z');
    // Two compacted days and today's one run, instead of six runs.
    expect(compacted.keys).toHaveLength(3);
    expect(everyRun.keys).toHaveLength(6);
    const a = mergeUsage(compacted.aggregates);
    const b = mergeUsage(everyRun.aggregates);
    expect(a.roles).toEqual(b.roles);
    expect(a.coverage).toEqual(b.coverage);
    expect(a.input).toEqual(b.input);
    const report = await h.report('2026-11-14T00:30:00Z');
    expect(report.aggregates).toBe(3);
  });
});
