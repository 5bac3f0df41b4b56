/**
 * Evidence beyond the window, end to end through the real SDK against the sandbox: IAM
 * last-accessed reports fused with LookupEvents' CloudTrail in `analyze --live`, each rule
 * changing a finding it should change; Access Analyzer's verdict on every suggestion
 * (verified, failed two ways, not checked), in every format; and the deployed report, which
 * asks IAM at most once a day per role and leads its e-mail with the strongest claims.
 *
 * Time is the sandbox's virtual clock: IAM's jobs take seconds there, LookupEvents' pacing
 * too, and no test waits for real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeLive, type AnalyzeLiveOptions } from '../../cli/analyze-live.ts';
import { renderWeeklySummary } from '../../core/report/email.ts';
import { renderMarkdown } from '../../core/report/markdown.ts';
import type { Report, RoleReport } from '../../core/report/schema.ts';
import { renderText } from '../../core/report/text.ts';
import { RateLimiter } from '../../sources/aws/rate-limiter.ts';
import { collectDeps, reportDeps } from '../../stack/aws-deps.ts';
import { runCollect } from '../../stack/collect.ts';
import { loadConfig } from '../../stack/config.ts';
import { runReport } from '../../stack/report.ts';
import { scenarioFromExport } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { withEnv } from '../helpers/env.ts';

let sb: Sandbox;
const WEEK = { since: '2026-11-09T00:00:00Z', until: '2026-11-17T00:00:00Z' };
const role = (r: Report, name: string): RoleReport => r.roles.find((x) => x.roleName === name)!;
const actions = (list: { action: string }[]) => list.map((x) => x.action);
const suggested = (r: RoleReport) => r.suggestedPolicies.flatMap((d) => d.Statement.flatMap((s) => s.Action));
const callsOf = (prefix: string, from = 0) => sb.state.calls.slice(from).filter((c) => c.op.startsWith(prefix)).length;

/** `analyze --live` at sandbox time `at` (the clock is moved there first). */
async function live(at: string, o: Partial<AnalyzeLiveOptions> = {}): Promise<Report> {
  sb.clock.set(Date.parse(at));
  return withEnv(sb.env(), () => analyzeLive({ regions: ['us-east-1'], ...WEEK, now: new Date(at), clock: sb.clock, ...o }));
}

let lagged: Report;
let informed: Report;
let baseline: Report;
let fused: Report;
let checksOffCalls: number;
let unchecked: Report;

beforeAll(async () => {
  sb = await startSandbox(await scenarioFromExport(), { now: Date.parse(WEEK.until) });
  // An hour after the nightly job's first run: IAM, four hours behind, has not recorded it yet.
  const early = { since: '2026-11-12T00:00:00Z', until: '2026-11-13T03:00:00Z' };
  sb.state.faults.lastAccessed.lagMs = 4 * 3_600_000;
  lagged = await live(early.until, { ...early, checks: false });
  sb.state.faults.lastAccessed.lagMs = 0;
  informed = await live(early.until, { ...early, checks: false });

  baseline = await live(WEEK.until, { lastAccessed: false, checks: false });
  sb.state.faults.accessAnalyzer.push(
    { when: 'table/orders/index', answer: 'fail', reason: 'dynamodb:PartiQLSelect on table/orders/index/* is new access' },
    { when: 'order-fulfilment', answer: 'security-warning', reason: 'the queue statement is overly permissive' },
    { when: 'acme-reports-prod', answer: 'throttle' },
  );
  fused = await live(WEEK.until);
  const mark = sb.state.calls.length;
  unchecked = await live(WEEK.until, { checks: false });
  checksOffCalls = callsOf('AccessAnalyzer.', mark);
  sb.state.faults.accessAnalyzer.length = 0;
}, 120_000);
afterAll(() => sb.close());

describe('analyze --live with IAM last-accessed data: each fusion rule changes a finding', () => {
  it('not observable → unused: a service IAM never saw the role use makes its unloggable action unused, resting on IAM alone', () => {
    const before = role(baseline, 'order-worker-task');
    const after = role(fused, 'order-worker-task');
    expect(before.notObservable.find((n) => n.action === 'cloudwatch:PutMetricData')?.reason).toBe('not-logged');
    // The job runs after LookupEvents was read (seconds of pacing later): the claim spans IAM's 400 days back from then.
    expect(after.unused.find((u) => u.action === 'cloudwatch:PutMetricData')).toMatchObject({ lastAccessed: { level: 'service', days: 400, since: expect.stringMatching(/^2025-10-13T00:0/) }, notObservableInTrail: 'not-logged' });
    expect(actions(after.notObservable)).not.toContain('cloudwatch:PutMetricData');
    expect(suggested(before)).toContain('cloudwatch:PutMetricData');
    expect(suggested(after)).not.toContain('cloudwatch:PutMetricData');
  });

  it('unused → used earlier: an action the week did not show but IAM saw in October stays in the suggestion', () => {
    const before = role(baseline, 'orders-api-task');
    const after = role(fused, 'orders-api-task');
    expect(actions(before.unused)).toContain('s3:PutLifecycleConfiguration');
    expect(actions(after.unused)).not.toContain('s3:PutLifecycleConfiguration');
    expect(after.lastAccessed?.usedEarlier).toEqual([{ action: 's3:PutLifecycleConfiguration', accessLevel: 'Write', lastAccessed: '2026-10-03T04:12:09Z', region: 'us-east-1' }]);
    expect(suggested(after)).toContain('s3:PutLifecycleConfiguration');
    expect(renderText(fused)).toMatch(/Used earlier \(1\)[^\n]*kept in the suggestion\n\s+s3:PutLifecycleConfiguration  last accessed 2026-10-03/);
  });

  it('unused → unused for ≥ 400 days: action-level tracking confirms the week, the strongest claim, listed first', () => {
    const before = role(baseline, 'orders-api-task').unused.find((u) => u.action === 's3:PutBucketPolicy')!;
    const after = role(fused, 'orders-api-task').unused.find((u) => u.action === 's3:PutBucketPolicy')!;
    expect(before.lastAccessed).toBeUndefined();
    expect(after.lastAccessed).toEqual({ level: 'action', since: expect.stringMatching(/^2025-10-13T00:0/), until: expect.stringMatching(/^2026-11-17T00:0/), days: 400 });
    const text = renderText(fused);
    const section = text.slice(text.indexOf('Unused (', text.indexOf('orders-api-task')));
    expect(section.split('\n')[1]).toMatch(/^\s+Unused for ≥ 400 days \(18 actions\)/);
  });

  it('disagreement: CloudTrail shows calls IAM has not recorded yet; CloudTrail wins and the report says so', () => {
    const nightly = role(lagged, 'nightly-report-task');
    expect(actions(nightly.used)).toContain('dynamodb:DescribeTable');
    expect(nightly.lastAccessed?.disagreements).toContainEqual(expect.objectContaining({ action: 'dynamodb:DescribeTable', likelyCause: 'tracking-lag', claim: expect.objectContaining({ level: 'service' }) }));
    // IAM is wrong about dynamodb: its silence makes no data-plane action unused.
    expect(nightly.notObservable.find((n) => n.action === 'dynamodb:Scan')?.reason).toBe('no-data-events');
    expect(nightly.lastAccessed?.limitations.join(' ')).toMatch(/CloudTrail shows .*dynamodb.* attempted before the report, which says never/);
    expect(renderText(lagged)).toMatch(/CloudTrail and IAM last accessed disagree \(\d+\): CloudTrail wins, these stay used/);
    // Once IAM has caught up, there is nothing to disagree about.
    expect(role(informed, 'nightly-report-task').lastAccessed?.disagreements).toEqual([]);
  });
});

describe('analyze --live with IAM Access Analyzer: every suggestion verified, failed or not checked', () => {
  it('marks each outcome in the JSON', () => {
    expect(role(fused, 'ecs-task-execution').suggestionCheck).toMatchObject({ status: 'verified' });
    expect(role(fused, 'orders-api-task').suggestionCheck).toEqual({
      status: 'failed',
      reason: 'CheckNoNewAccess: The modified permissions grant new access compared to your existing policy',
      findings: ['statement 0: dynamodb:PartiQLSelect on table/orders/index/* is new access'],
    });
    expect(role(fused, 'order-worker-task').suggestionCheck).toMatchObject({ status: 'failed', reason: 'ValidatePolicy found 1 error(s) or security warning(s)' });
    expect(role(fused, 'nightly-report-task').suggestionCheck).toEqual({ status: 'not-checked', reason: 'ValidatePolicy failed: ThrottlingException: Rate exceeded' });
  });

  it('never presents a failed suggestion as safe, in text, Markdown or e-mail', () => {
    const text = renderText(fused);
    expect(text).toMatch(/Suggested policy ✗ FAILED the IAM Access Analyzer check: CheckNoNewAccess: [^\n]*; do not apply it as is:\n\s+✗ statement 0: dynamodb:PartiQLSelect/);
    expect(text).toMatch(/Suggested policy \(verified by IAM Access Analyzer: no new access/);
    expect(text).toMatch(/Suggested policy \(not checked by IAM Access Analyzer: ValidatePolicy failed: ThrottlingException/);
    const md = renderMarkdown(fused);
    expect(md).toContain('⛔ **FAILED the IAM Access Analyzer check');
    expect(md).toContain('✅ verified by IAM Access Analyzer');
    const mail = renderWeeklySummary(fused).message;
    expect(mail).toMatch(/Suggested policy: [^\n]*\n   Suggestion FAILED the IAM Access Analyzer check: CheckNoNewAccess/);
    expect(mail).toMatch(/Suggested policy: [^\n]*\n   Suggestion verified by IAM Access Analyzer/);
    // The suggestion carried in the message says so on its heading too.
    expect(mail).toMatch(/\n1\. orders-api-task: [^\n]* · FAILED the IAM Access Analyzer check[^\n]*\n\{"Version"/);
  });

  it('--no-aws-checks makes no Access Analyzer call and says so', () => {
    expect(checksOffCalls).toBe(0);
    expect(unchecked.roles.map((r) => r.suggestionCheck)).toEqual(unchecked.roles.map(() => ({ status: 'not-checked', reason: 'turned off (--no-aws-checks)' })));
  });
});

describe('the deployed report with evidence', () => {
  let stack: Sandbox;
  const saved = { ...process.env };
  const TOPIC = 'arn:aws:sns:us-east-1:111122223333:policy-drift';
  const cfg = () => loadConfig({ POLICY_DRIFT_REGIONS: 'us-east-1', POLICY_DRIFT_BUCKET: 'drift', POLICY_DRIFT_TOPIC_ARN: TOPIC, POLICY_DRIFT_BACKFILL_HOURS: '200' });
  const stored = (key: string) => JSON.parse(stack.state.buckets.get('drift')!.get(key)!.body.toString()) as Report;
  const report = async (at: string) => {
    stack.clock.advanceTo(Date.parse(at));
    return runReport(cfg(), { ...(await reportDeps(cfg(), stack.clock)), now: () => Date.parse(at), log: () => {} });
  };

  beforeAll(async () => {
    stack = await startSandbox(await scenarioFromExport(), { now: Date.parse(WEEK.until), buckets: ['drift'] });
    Object.assign(process.env, stack.env());
    const deps = await collectDeps(cfg(), () => 900_000, 'evidence', stack.clock);
    await runCollect(cfg(), { ...deps, now: () => Date.parse(WEEK.until), limiter: () => new RateLimiter(2, stack.clock), log: () => {} });
  }, 120_000);
  afterAll(async () => {
    process.env = saved;
    await stack.close();
  });

  it('archives the last-accessed claims and each verdict, and leads the e-mail with the strongest claims', async () => {
    await report(WEEK.until);
    const archived = stored('reports/2026-W47/report.json');
    expect(role(archived, 'orders-api-task').lastAccessed?.report).toEqual({ generatedAt: expect.stringMatching(/^2026-11-17T00:0/), source: 'iam-api', granularity: 'ACTION_LEVEL' });
    expect(role(archived, 'order-worker-task').unused.find((u) => u.action === 'cloudwatch:PutMetricData')?.notObservableInTrail).toBe('not-logged');
    expect(archived.roles.map((r) => r.suggestionCheck?.status)).toEqual(['verified', 'verified', 'verified', 'verified', 'verified']);
    const mail = stack.state.published.at(-1)!.message.split('\n');
    const lead = mail.indexOf('Strongest claims (unused in the window and, per IAM last accessed, for much longer):');
    expect(lead).toBeGreaterThan(0);
    expect(lead).toBeLessThan(mail.findIndex((l) => l.startsWith('1. ')));
    expect(mail[lead + 1]).toMatch(/^ {2}orders-api-task: unused for ≥ 400 days: s3 18 \(actions not accessed/);
    expect([...stack.state.buckets.get('drift')!.keys()].filter((k) => k.startsWith('state/last-accessed/')).sort()).toEqual([
      'state/last-accessed/111122223333/catalog-task.json',
      'state/last-accessed/111122223333/ecs-task-execution.json',
      'state/last-accessed/111122223333/nightly-report-task.json',
      'state/last-accessed/111122223333/order-worker-task.json',
      'state/last-accessed/111122223333/orders-api-task.json',
    ]);
  });

  it('asks IAM at most once a day per role: a second run the same day reads the bucket', async () => {
    const jobs = callsOfIn(stack, 'IAM.GenerateServiceLastAccessedDetails');
    await report('2026-11-17T06:00:00Z');
    expect(callsOfIn(stack, 'IAM.GenerateServiceLastAccessedDetails')).toBe(jobs);
    expect(role(stored('reports/2026-W47/report.json'), 'orders-api-task').lastAccessed?.report?.source).toBe('iam-api-cached');
  });

  it('accessAnalyzerChecks=false stops the checks (and their cost) and says so', async () => {
    process.env.POLICY_DRIFT_ACCESS_ANALYZER_CHECKS = 'false';
    const mark = stack.state.calls.length;
    await report('2026-11-17T07:00:00Z');
    delete process.env.POLICY_DRIFT_ACCESS_ANALYZER_CHECKS;
    expect(stack.state.calls.slice(mark).filter((c) => c.op.startsWith('AccessAnalyzer.'))).toEqual([]);
    expect(stored('reports/2026-W47/report.json').roles[0]!.suggestionCheck).toEqual({ status: 'not-checked', reason: 'turned off by the stack parameter accessAnalyzerChecks=false' });
  });
});

function callsOfIn(s: Sandbox, op: string): number {
  return s.state.calls.filter((c) => c.op === op).length;
}
