/**
 * The live evidence adapters through the real SDK clients against the sandbox: IAM's
 * last-accessed jobs (IN_PROGRESS then COMPLETED, every page, FAILED, throttled, the time
 * budget, the day cache) and Access Analyzer's checks (pass, fail with the reason, a
 * security warning, throttled). Waiting is on the sandbox's virtual clock: no real sleep.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LastAccessedRole } from '../../core/evidence/ports.ts';
import type { PolicyJson } from '../../core/report/schema.ts';
import { accessAnalyzerChecker } from '../../sources/aws/access-analyzer.ts';
import { liveLastAccessed } from '../../sources/aws/last-accessed.ts';
import { lastAccessedKey, storedLastAccessed } from '../../sources/last-accessed-cache.ts';
import { FsStore } from '../../sources/store/fs-store.ts';
import { scenarioFromExport } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';

let sb: Sandbox;
const START = Date.parse('2026-11-17T00:00:00Z');
const cfg = () => ({ endpoint: sb.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: 'x' }, maxAttempts: 1 });
const API: LastAccessedRole = { key: '111122223333:orders-api-task', roleArn: 'arn:aws:iam::111122223333:role/app/orders-api-task', roleName: 'orders-api-task' };
const WORKER: LastAccessedRole = { key: '111122223333:order-worker-task', roleArn: 'arn:aws:iam::111122223333:role/app/order-worker-task', roleName: 'order-worker-task' };
const calls = (op: string) => sb.state.calls.filter((c) => c.op === op).length;

beforeAll(async () => {
  // Page size 1: every report comes in as many pages as it has services.
  sb = await startSandbox(await scenarioFromExport(), { now: START, pageSize: 1 });
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.clock.set(START);
  sb.state.calls.length = 0;
  Object.assign(sb.state.faults.lastAccessed, { jobMs: 3_000, lagMs: 0, throttle: false });
  sb.state.faults.lastAccessed.failFor.clear();
  sb.state.faults.accessAnalyzer.length = 0;
});

describe('IAM last-accessed jobs, live', () => {
  it('polls each job on the clock until it completes, and reads every page', async () => {
    sb.state.faults.lastAccessed.jobMs = 30_000;
    const source = liveLastAccessed({ client: new IAMClient(cfg()), clock: sb.clock, budgetMs: 300_000, pollMs: 2_000 });
    const read = await source.read([API, WORKER]);
    const api = read.reports.get(API.key)!;
    expect(api.services.map((s) => s.service)).toEqual(['dynamodb', 'kms', 's3', 'sns']);
    expect(api.source).toBe('iam-api');
    expect(api.granularity).toBe('ACTION_LEVEL');
    // The sandbox's CloudTrail counts as IAM's knowledge: the week's S3 calls, on top of the seeded lifecycle update.
    const s3 = api.services.find((s) => s.service === 's3')!;
    expect(s3.lastAuthenticated! >= '2026-11-16T23:00:00Z').toBe(true);
    expect(s3.actions!.find((a) => a.action === 's3:PutLifecycleConfiguration')?.lastAccessed).toBe('2026-10-03T04:12:09Z');
    expect(s3.actions!.find((a) => a.action === 's3:PutBucketPolicy')?.lastAccessed).toBeUndefined();
    // Two jobs, 30 s each: 15 rounds of polls, 2 s apart, on the virtual clock; then the pages (4 and 5 services).
    expect(api.generatedAt).toBe('2026-11-17T00:00:30Z');
    expect(sb.clock.now() - START).toBe(30_000);
    expect(calls('IAM.GenerateServiceLastAccessedDetails')).toBe(2);
    expect(calls('IAM.GetServiceLastAccessedDetails')).toBe(2 * 16 + 3 + 4);
  });

  it('stops within its time budget: roles not done say so and get no report', async () => {
    sb.state.faults.lastAccessed.jobMs = 600_000;
    const read = await liveLastAccessed({ client: new IAMClient(cfg()), clock: sb.clock, budgetMs: 60_000 }).read([API]);
    expect(read.reports.size).toBe(0);
    expect(read.missing.get(API.key)).toMatch(/not ready within this run's 60 s budget; read next run/);
    expect(sb.clock.now() - START).toBeLessThanOrEqual(60_000);
  });

  it('reports a failed job, and a throttled IAM, as the role\'s reason for having no report', async () => {
    sb.state.faults.lastAccessed.failFor.add('orders-api-task');
    const failed = await liveLastAccessed({ client: new IAMClient(cfg()), clock: sb.clock, budgetMs: 60_000 }).read([API, WORKER]);
    expect(failed.missing.get(API.key)).toBe('IAM last-accessed job failed: ServiceFailure: The report could not be generated.');
    expect(failed.reports.has(WORKER.key)).toBe(true);
    sb.state.faults.lastAccessed.throttle = true;
    const throttled = await liveLastAccessed({ client: new IAMClient(cfg()), clock: sb.clock, budgetMs: 60_000 }).read([API]);
    expect(throttled.missing.get(API.key)).toMatch(/^GenerateServiceLastAccessedDetails failed: Throttling/);
  });

  it('asks IAM at most once a day per role: the report is kept in the store and reused', async () => {
    const store = new FsStore(mkdtempSync(join(tmpdir(), 'pd-last-accessed-')));
    const cache = storedLastAccessed(store, () => sb.clock.now());
    const source = liveLastAccessed({ client: new IAMClient(cfg()), clock: sb.clock, budgetMs: 60_000, cache });
    await source.read([API]);
    expect(await store.list('state/last-accessed/')).toEqual([lastAccessedKey(API.roleArn)]);
    expect(lastAccessedKey(API.roleArn)).toBe('state/last-accessed/111122223333/orders-api-task.json');
    sb.clock.advance(23 * 3_600_000);
    const again = await source.read([API]);
    expect(again.reports.get(API.key)?.source).toBe('iam-api-cached');
    expect(calls('IAM.GenerateServiceLastAccessedDetails')).toBe(1);
    sb.clock.advance(2 * 3_600_000);
    expect((await source.read([API])).reports.get(API.key)?.source).toBe('iam-api');
    expect(calls('IAM.GenerateServiceLastAccessedDetails')).toBe(2);
  });
});

describe('Access Analyzer checks, live', () => {
  const suggestion: PolicyJson[] = [
    { Version: '2012-10-17', Statement: [{ Sid: 'UsedS3', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::acme-orders-prod/orders/*'] }] },
    { Version: '2012-10-17', Statement: [{ Sid: 'UsedSqs', Effect: 'Allow', Action: ['sqs:ReceiveMessage'], Resource: ['arn:aws:sqs:us-east-1:111122223333:order-fulfilment'] }] },
  ];
  const current = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow', Action: ['s3:*', 'sqs:*'], Resource: ['*'] }] };
  const check = () => accessAnalyzerChecker(new AccessAnalyzerClient(cfg())).check({ roleArn: API.roleArn, current, suggestion });

  it('verifies a suggestion that passes both checks', async () => {
    expect(await check()).toEqual({ status: 'verified', detail: expect.stringMatching(/^no new access beyond its current identity policies \(CheckNoNewAccess\)/) });
    // ValidatePolicy on each document, then one CheckNoNewAccess for the suggestion as a whole.
    expect(calls('AccessAnalyzer.ValidatePolicy')).toBe(2);
    expect(calls('AccessAnalyzer.CheckNoNewAccess')).toBe(1);
  });

  it('fails a suggestion that grants new access, with AWS\'s reason', async () => {
    sb.state.faults.accessAnalyzer.push({ when: 'orders/*', answer: 'fail', reason: 's3:GetObject on acme-orders-prod/orders/* is not allowed today' });
    expect(await check()).toEqual({
      status: 'failed',
      reason: 'CheckNoNewAccess: The modified permissions grant new access compared to your existing policy',
      findings: ['statement 0: s3:GetObject on acme-orders-prod/orders/* is not allowed today'],
    });
  });

  it('fails a suggestion with a security warning, read across pages, without the billed check', async () => {
    sb.state.faults.accessAnalyzer.push({ when: 'order-fulfilment', answer: 'security-warning', reason: 'overly permissive' });
    const result = await check();
    expect(result).toEqual({ status: 'failed', reason: 'ValidatePolicy found 1 error(s) or security warning(s)', findings: ['SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE: overly permissive'] });
    // Page size 1: the warning and the suggestion came in two pages.
    expect(calls('AccessAnalyzer.ValidatePolicy')).toBe(3);
    expect(calls('AccessAnalyzer.CheckNoNewAccess')).toBe(0);
  });

  it('leaves a throttled suggestion not checked, saying why', async () => {
    sb.state.faults.accessAnalyzer.push({ when: 'Used', answer: 'throttle' });
    expect(await check()).toEqual({ status: 'not-checked', reason: 'ValidatePolicy failed: ThrottlingException: Rate exceeded' });
  });
});
