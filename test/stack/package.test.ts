/**
 * `npm run package` (serverless package, offline, no credentials) and what it produces:
 * the CloudFormation template's functions, schedules, topic, bucket protections and IAM
 * statements, and a bundle that really runs: its collect handler is executed against the
 * sandbox with the catalog data shipped in the zip.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../sources/catalog.ts';
import { runningClock } from '../../sandbox/clock.ts';
import { scenarioFromExport } from '../../sandbox/scenario.ts';
import { startSandbox } from '../../sandbox/server.ts';
import { withEnv } from '../helpers/env.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
type Cfn = { Resources: Record<string, { Type: string; Properties: Record<string, any>; Condition?: string }>; Conditions: Record<string, unknown> };
let cfn: Cfn;
let unpacked: string;

beforeAll(async () => {
  const env = { ...process.env };
  delete env.AWS_ENDPOINT_URL;
  // The project's own serverless CLI (osls), without npx's lookup in front of it (~0.4 s).
  const serverless = join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
  await run(process.execPath, [serverless, 'package', '--region', 'us-east-1', '--param=alertEmail=ops@example.com'], { cwd: ROOT, env, timeout: 240_000 });
  cfn = JSON.parse(readFileSync(join(ROOT, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8'));
  unpacked = mkdtempSync(join(tmpdir(), 'pd-bundle-'));
  await run('python3', ['-m', 'zipfile', '-e', join(ROOT, '.serverless', 'policy-drift.zip'), unpacked]);
}, 300_000);

const ofType = (t: string) => Object.entries(cfn.Resources).filter(([, r]) => r.Type === t);

describe('serverless package', () => {
  it('defines both functions on nodejs22.x arm64, on their schedules, collect one run at a time', () => {
    const fns = Object.fromEntries(ofType('AWS::Lambda::Function').map(([k, r]) => [k, r.Properties]));
    expect(Object.keys(fns).sort()).toEqual(['CollectLambdaFunction', 'ReportLambdaFunction']);
    for (const f of Object.values(fns)) {
      expect(f.Runtime).toBe('nodejs22.x');
      expect(f.Architectures).toEqual(['arm64']);
      expect(f.Timeout).toBe(900);
    }
    expect(fns.CollectLambdaFunction?.ReservedConcurrentExecutions).toBe(1);
    const schedules = ofType('AWS::Events::Rule').map(([, r]) => r.Properties.ScheduleExpression).sort();
    expect(schedules).toEqual(['cron(0 7 ? * MON *)', 'rate(15 minutes)']);
    const onFailure = ofType('AWS::Lambda::EventInvokeConfig').map(([, r]) => r.Properties.DestinationConfig.OnFailure.Destination);
    expect(onFailure).toEqual([{ 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] }, { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] }]);
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    expect(alarms.map((a) => a.MetricName)).toEqual(['Errors', 'Errors']);
  });

  it('creates the topic, TLS-only, and the optional e-mail subscription', () => {
    expect(ofType('AWS::SNS::Topic')).toHaveLength(1);
    const policy = ofType('AWS::SNS::TopicPolicy')[0]![1].Properties.PolicyDocument.Statement;
    expect(policy).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const sub = ofType('AWS::SNS::Subscription')[0]![1];
    expect(sub.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('protects the bucket: encrypted, no public access, TLS only, with a lifecycle', () => {
    const b = cfn.Resources.DriftBucket!.Properties;
    expect(b.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(b.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(b.LifecycleConfiguration.Rules.map((r: { Id: string }) => r.Id)).toContain('ExpireUsageAggregates');
    const deny = cfn.Resources.DriftBucketPolicy!.Properties.PolicyDocument.Statement[0];
    expect(deny).toMatchObject({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('asks for least privilege: read-only ECS/IAM, LookupEvents, its own topic and bucket, nothing broader', async () => {
    const catalog = await loadCatalog();
    const role = ofType('AWS::IAM::Role').find(([k]) => k === 'IamRoleLambdaExecution')![1];
    const statements = role.Properties.Policies.flatMap((p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement) as {
      Sid?: string; Effect: string; Action: string[]; Resource: unknown;
    }[];
    const actions = statements.flatMap((s) => s.Action);
    expect(actions).not.toContain('*');
    for (const a of actions) {
      expect(a.includes('*'), `${a} is a wildcard action`).toBe(false);
      if (a.startsWith('iam:') || a.startsWith('ecs:')) expect(['List', 'Read'], a).toContain(catalog.lookup(a)!.accessLevel);
    }
    const bySid = Object.fromEntries(statements.filter((s) => s.Sid).map((s) => [s.Sid!, s]));
    expect(bySid.PublishToOwnTopic!.Resource).toEqual({ 'Fn::If': ['CreateTopic', { Ref: 'DriftTopic' }, ''] });
    expect(JSON.stringify(bySid.OwnBucketObjects!.Resource)).toContain('DriftBucket');
    expect(bySid.OwnBucketList!.Resource).toEqual({ 'Fn::GetAtt': ['DriftBucket', 'Arn'] });
    // Wildcard resources only where the action takes no resource at all.
    for (const s of statements.filter((x) => x.Resource === '*')) {
      for (const a of s.Action) expect(catalog.lookup(a)?.wildcardOnly, `${a} on *`).toBe(true);
    }
  });

  it('ships a bundle that runs: the packaged collect handler against the sandbox', async () => {
    // The bundle paces LookupEvents on the system clock: its sandbox's clock runs with real time.
    const sb = await startSandbox(await scenarioFromExport(), { clock: runningClock(Date.parse('2026-11-10T00:00:00Z')), buckets: ['bundle-bucket'] });
    try {
      const summary = await withEnv(
        {
          ...sb.env(),
          POLICY_DRIFT_REGIONS: 'us-east-1',
          POLICY_DRIFT_BUCKET: 'bundle-bucket',
          POLICY_DRIFT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:t',
          POLICY_DRIFT_BACKFILL_HOURS: '6',
          POLICY_DRIFT_CATALOG_DIR: join(unpacked, 'node_modules', '@cloud-copilot', 'iam-data', 'data'),
        },
        async () => {
          const mod = await import(pathToFileURL(join(unpacked, 'handlers', 'collect.mjs')).href);
          return mod.handler({}, { getRemainingTimeInMillis: () => 900_000, awsRequestId: 'bundle-test' });
        },
      );
      expect(summary.trackedRoles).toBe(4);
      expect(summary.regions[0].complete).toBe(true);
      expect([...sb.state.buckets.get('bundle-bucket')!.keys()].some((k) => k.startsWith('usage/'))).toBe(true);
    } finally {
      await sb.close();
    }
  }, 60_000);
});
