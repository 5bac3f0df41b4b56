/**
 * The deployed stack in accounts with more than one region, against the sandbox: where the
 * bucket and topic are reached, regions read side by side under one time budget, the global
 * services of a deployment without us-east-1, regions that refuse, and a collect resuming
 * after LookupEvents' 90 days. Each test runs its own sandbox.
 */
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { GLOBAL_EVENT_SOURCES } from '../../core/collect/streams.ts';
import { parseUsage } from '../../core/usage/serialise.ts';
import { deniedEvent, noiseEvents, scenarioInRegion } from '../../sandbox/regions.ts';
import { scenarioFromExport, type Scenario } from '../../sandbox/scenario.ts';
import { publishedOf, stackHarness, type StackHarness } from './stack-harness.ts';

const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:policy-drift`;
let h: StackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const env = (bucket: string, regions: string, extra: Record<string, string> = {}) => ({
  POLICY_DRIFT_REGIONS: regions,
  POLICY_DRIFT_BUCKET: bucket,
  POLICY_DRIFT_TOPIC_ARN: TOPIC,
  POLICY_DRIFT_BACKFILL_HOURS: '24',
  ...extra,
});

/** The sample account with extra events in other regions. */
async function withEvents(extra: Record<string, unknown>[], s?: Scenario): Promise<Scenario> {
  const base = s ?? (await scenarioFromExport());
  return { ...base, events: [...base.events, ...extra] };
}

const denial = (region: string, time: string, n: number, eventSource = 'sqs.amazonaws.com', eventName = 'ListQueues') =>
  Array.from({ length: n }, (_, i) =>
    deniedEvent({ accountId: ACCOUNT, roleName: 'orders-api-task', rolePath: 'app/', region, time: Date.parse(time) + i * 60_000, eventSource, eventName, id: `${region}-${eventName}-${i}` }),
  );

describe('stack in several regions', () => {
  it('reaches the bucket in the deployment region and the topic in its own, whatever the first region read', async () => {
    // regions=eu-west-1,us-east-1 deployed to us-east-1: the bucket and topic are in us-east-1.
    h = await stackHarness(await withEvents(denial('eu-west-1', '2026-11-15T10:00:00Z', 3)), { now: '2026-11-16T00:00:00Z', home: 'us-east-1', env: env('home-bucket', 'eu-west-1,us-east-1') });
    const summary = await h.collect('2026-11-16T00:00:00Z');
    expect(summary.regions.map((r) => [r.stream, r.complete])).toEqual([
      ['eu-west-1', true],
      ['us-east-1', true],
    ]);
    expect([...h.sb.state.buckets.get('home-bucket')!.keys()].filter((k) => k.startsWith('usage/date='))).toHaveLength(2);
    expect(publishedOf(h.sb, 'access-denied').map((p) => p.subject)).toContain(`policy-drift: orders-api-task denied sqs:ListQueues (${ACCOUNT})`);
    expect((await h.report('2026-11-16T00:00:00Z')).published).toBe(true);
  });

  it('reads regions side by side: a busy region cannot starve the others of the run\'s time, and is reported as stopped', async () => {
    const now = Date.parse('2026-11-16T00:00:00Z');
    // 12,000 events in us-east-1's last day: 240 pages, two minutes of LookupEvents at 2 a second.
    const busy = noiseEvents(12_000, 'us-east-1', now - 86_400_000, now, ACCOUNT);
    h = await stackHarness(await withEvents([...busy, ...denial('eu-west-1', '2026-11-15T20:00:00Z', 4)]), { now: '2026-11-16T00:00:00Z', env: env('busy-bucket', 'us-east-1,eu-west-1') });
    // A run with 90 s before its timeout: 30 s to read, after the 60 s safety margin.
    const summary = await h.collect('2026-11-16T00:00:00Z', { budgetMs: 90_000 });
    const [east, west] = summary.regions;
    expect(west).toMatchObject({ stream: 'eu-west-1', complete: true, events: 4 });
    expect(east).toMatchObject({ stream: 'us-east-1', complete: false, stoppedBy: 'stopped' });
    expect(east!.events).toBeGreaterThan(1000);
    expect(summary.stopped).toEqual(['us-east-1']);
    expect(summary.problems.join('\n')).toMatch(/us-east-1: read stopped by the time budget at 2026-11-15T\d\d:\d\d:\d\dZ \(\d+ events read\); the rest of the window is read next run/);
    // One checkpoint-age metric line per stream, in CloudWatch's embedded metric format.
    const metrics = h.emitted.map((d) => [d.Stream, d.CheckpointAgeSeconds]);
    expect(metrics).toEqual([
      ['us-east-1', 86_400],
      ['eu-west-1', 0],
    ]);
    expect(h.emitted[0]).toMatchObject({ _aws: { CloudWatchMetrics: [{ Namespace: 'PolicyDrift', Dimensions: [['FunctionName'], ['FunctionName', 'Stream']] }] } });
  });

  it('reads the global services from us-east-1 when only eu-west-1 is configured: IAM calls are seen and alerted', async () => {
    // The sample account in eu-west-1; its IAM events stay in us-east-1, as IAM logs there only.
    const global = (e: Record<string, unknown>) => e.eventSource === 'iam.amazonaws.com';
    const moved = scenarioInRegion(await scenarioFromExport(), 'eu-west-1', global);
    h = await stackHarness(await withEvents(denial('us-east-1', '2026-11-15T12:00:00Z', 2, 'iam.amazonaws.com', 'ListRoles'), moved), {
      now: '2026-11-16T00:00:00Z',
      env: env('eu-bucket', 'eu-west-1', { POLICY_DRIFT_TOPIC_ARN: `arn:aws:sns:eu-west-1:${ACCOUNT}:policy-drift` }),
    });
    const summary = await h.collect('2026-11-16T00:00:00Z');
    expect(summary.trackedRoles).toBe(5);
    expect(summary.regions.map((r) => r.stream)).toEqual(['eu-west-1', ...GLOBAL_EVENT_SOURCES.map((s) => `us-east-1:${s}`)]);
    expect(summary.regions.every((r) => r.complete)).toBe(true);
    // Each global service is read by its event source, with its own checkpoint.
    const lookups = h.sb.state.calls.filter((c) => c.op === 'CloudTrail.LookupEvents').length;
    expect(lookups).toBeGreaterThanOrEqual(7);
    expect(h.sb.state.buckets.get('eu-bucket')!.has('state/checkpoint/us-east-1/iam.amazonaws.com.json')).toBe(true);
    expect(publishedOf(h.sb, 'access-denied').map((p) => p.subject)).toContain(`policy-drift: orders-api-task denied iam:ListRoles (${ACCOUNT})`);
    const report = await h.report('2026-11-16T00:00:00Z');
    const api = report.json.roles.find((r) => r.roleName === 'orders-api-task')!;
    expect(api.denied.map((d) => d.action)).toContain('iam:ListRoles');
    expect(report.json.problems.join('\n')).not.toMatch(/global services/);
  });

  it('names a region that refuses (a region-deny SCP, a region not enabled) and reads the others', async () => {
    h = await stackHarness(await withEvents(denial('eu-west-1', '2026-11-15T10:00:00Z', 2)), { now: '2026-11-16T00:00:00Z', env: env('scp-bucket', 'us-east-1,eu-west-1,ap-east-1') });
    h.sb.state.faults.refusedRegions.set('eu-west-1', 'scp');
    h.sb.state.faults.refusedRegions.set('ap-east-1', 'not-enabled');
    const summary = await h.collect('2026-11-16T00:00:00Z');
    expect(summary.outcome).toBe('collected');
    expect(summary.trackedRoles).toBe(5);
    expect(summary.regions.map((r) => [r.stream, r.complete])).toEqual([
      ['us-east-1', true],
      ['eu-west-1', false],
      ['ap-east-1', false],
    ]);
    const problems = summary.problems.join('\n');
    expect(problems).toMatch(/eu-west-1: ECS not readable \(AccessDeniedException: .*service control policy\)/);
    expect(problems).toMatch(/ap-east-1: ECS not readable \(UnrecognizedClientException/);
    expect(problems).toMatch(/CloudTrail eu-west-1: read stopped at the first page \(AccessDeniedException/);
  });

  it('a eu-west-1 deployment whose us-east-1 reads are refused says the global services were not collected', async () => {
    const moved = scenarioInRegion(await scenarioFromExport(), 'eu-west-1');
    h = await stackHarness(moved, { now: '2026-11-16T00:00:00Z', env: env('noglobal-bucket', 'eu-west-1', { POLICY_DRIFT_TOPIC_ARN: `arn:aws:sns:eu-west-1:${ACCOUNT}:policy-drift` }) });
    h.sb.state.faults.refusedRegions.set('us-east-1', 'scp');
    const summary = await h.collect('2026-11-16T00:00:00Z');
    expect(summary.regions[0]).toMatchObject({ stream: 'eu-west-1', complete: true });
    expect(summary.regions.slice(1).every((r) => !r.complete)).toBe(true);
    const report = await h.report('2026-11-16T00:00:00Z');
    // eu-west-1 was read in full: the report is not incomplete, but IAM, STS, ... cannot be judged.
    expect(report.json.input.incompleteRegions ?? []).toEqual([]);
    expect(report.json.problems.join('\n')).toMatch(/global services \(iam\.amazonaws\.com, sts\.amazonaws\.com, .*\) were not collected from us-east-1 recently: their actions are not observable/);
  });

  it('a collect resuming after more than 90 days reads what LookupEvents still returns and leaves the lost span out of the coverage', async () => {
    h = await stackHarness(await scenarioFromExport(), { now: '2026-11-16T00:00:00Z', env: env('late-bucket', 'us-east-1', { POLICY_DRIFT_WINDOW_DAYS: '100' }) });
    await h.collect('2026-11-16T00:00:00Z');
    // 100 days without a run (the function was disabled, the stack was broken).
    const later = '2027-02-24T00:00:00Z';
    const summary = await h.collect(later);
    const floor = Date.parse(later) - 90 * 86_400_000 + 3_600_000;
    const run = summary.regions[0]!;
    expect(Date.parse(run.window.start)).toBe(floor);
    expect(run.complete).toBe(true);
    expect(summary.problems.join('\n')).toMatch(/us-east-1: CloudTrail from 2026-11-16T00:00:00Z to 2026-11-26T01:00:00Z was never collected and LookupEvents no longer returns it \(90 days\)/);
    const stored = parseUsage(gunzipSync(h.sb.state.buckets.get('late-bucket')!.get(run.aggregateKey)!.body).toString());
    expect(stored.ok && stored.usage.coverage).toEqual([{ region: 'us-east-1', start: '2026-11-26T01:00:00Z', end: later }]);
    // The weekly report sees the gap and starts its window after it.
    const report = await h.report(later);
    expect(report.json.problems.join('\n')).toMatch(/us-east-1: CloudTrail not collected from 2026-11-16T00:00:00Z to 2026-11-26T01:00:00Z/);
    expect(report.json.window.start).toBe('2026-11-26T01:00:00Z');
  });
});
