/**
 * `npm run package` (serverless package, offline, no credentials) and what it produces:
 * the CloudFormation template's functions, schedules, topic, bucket protections, alarms
 * and IAM statements; parameters that cannot work refused before packaging; and bundles
 * that really run: both packaged handlers are executed against the sandbox, one after the
 * other, with the catalog data shipped in each zip.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../sources/catalog.ts';
import { runningClock } from '../../sandbox/clock.ts';
import { scenarioFromExport, shiftScenario } from '../../sandbox/scenario.ts';
import { startSandbox } from '../../sandbox/server.ts';
import { withEnv } from '../helpers/env.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
// The project's own serverless CLI (osls), without npx's lookup in front of it (~0.4 s).
const SERVERLESS = join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
type Resource = { Type: string; Properties: Record<string, any>; Condition?: string; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Cfn = { Resources: Record<string, Resource>; Conditions: Record<string, unknown> };
let cfn: Cfn;
const unpacked: Record<string, string> = {};

function cleanEnv() {
  const env = { ...process.env };
  delete env.AWS_ENDPOINT_URL;
  return env;
}

/** `serverless package` with parameters, into `dir`; the CLI's output, and whether it succeeded. */
async function pkg(params: string[], dir?: string): Promise<{ ok: boolean; output: string }> {
  const args = [SERVERLESS, 'package', '--region', 'us-east-1', ...params.map((p) => `--param=${p}`), ...(dir ? ['--package', dir] : [])];
  try {
    const out = await run(process.execPath, args, { cwd: ROOT, env: cleanEnv(), timeout: 240_000 });
    return { ok: true, output: out.stdout + out.stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  const done = await pkg(['alertEmail=ops@example.com']);
  if (!done.ok) throw new Error(done.output);
  cfn = JSON.parse(readFileSync(join(ROOT, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8'));
  for (const fn of ['collect', 'report']) {
    unpacked[fn] = mkdtempSync(join(tmpdir(), 'pd-bundle-'));
    await run('python3', ['-m', 'zipfile', '-e', join(ROOT, '.serverless', `${fn}.zip`), unpacked[fn]!]);
  }
}, 300_000);

const ofType = (t: string, c: Cfn = cfn) => Object.entries(c.Resources).filter(([, r]) => r.Type === t);

describe('serverless package', () => {
  it('defines both functions on nodejs22.x arm64, on their schedules, collect one run at a time without reserved concurrency', () => {
    const fns = Object.fromEntries(ofType('AWS::Lambda::Function').map(([k, r]) => [k, r.Properties]));
    expect(Object.keys(fns).sort()).toEqual(['CollectLambdaFunction', 'ReportLambdaFunction']);
    for (const f of Object.values(fns)) {
      expect(f.Runtime).toBe('nodejs22.x');
      expect(f.Architectures).toEqual(['arm64']);
    }
    // Issue 12: reserved concurrency is refused in accounts whose quota is 10; a lease in the bucket keeps one run at a time.
    expect(fns.CollectLambdaFunction?.ReservedConcurrentExecutions).toBeUndefined();
    // Below the 15-minute period (less the lease margin): runs never overlap.
    expect(fns.CollectLambdaFunction?.Timeout).toBe(600);
    expect(fns.ReportLambdaFunction?.Timeout).toBe(900);
    const schedules = ofType('AWS::Events::Rule').map(([, r]) => r.Properties.ScheduleExpression).sort();
    expect(schedules).toEqual(['cron(0 7 ? * MON *)', 'rate(15 minutes)']);
    const invokeConfigs = Object.fromEntries(ofType('AWS::Lambda::EventInvokeConfig').map(([, r]) => [JSON.stringify(r.Properties.FunctionName), r.Properties]));
    const onFailure = Object.values(invokeConfigs).map((c) => c.DestinationConfig.OnFailure.Destination);
    expect(onFailure).toEqual([{ 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] }, { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] }]);
    // A failed or late collect tick is dropped, not retried: the next tick reads from the checkpoint.
    const collectConfig = Object.values(invokeConfigs).find((c) => JSON.stringify(c.FunctionName).includes('Collect'))!;
    expect(collectConfig).toMatchObject({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 });
  });

  it('raises alarms on errors, throttles, the dead-letter queue and checkpoint age; a collect that stops being invoked goes red', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    expect(alarms.map((a) => a.MetricName).sort()).toEqual(['ApproximateNumberOfMessagesVisible', 'CheckpointAgeSeconds', 'Errors', 'Errors', 'Throttles', 'Throttles']);
    const age = alarms.find((a) => a.MetricName === 'CheckpointAgeSeconds')!;
    expect(age).toMatchObject({ Namespace: 'PolicyDrift', Statistic: 'Maximum', TreatMissingData: 'breaching', Threshold: 10800 });
    expect(age.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: 'CollectLambdaFunction' } }]);
    const dlq = alarms.find((a) => a.Namespace === 'AWS/SQS')!;
    expect(dlq.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['DeadLetterQueue', 'QueueName'] } }]);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ 'Fn::If': ['CreateTopic', { Ref: 'DriftTopic' }, ''] }]);
  });

  it('creates the topic, TLS-only, and the optional e-mail subscription', () => {
    expect(ofType('AWS::SNS::Topic')).toHaveLength(1);
    const policy = ofType('AWS::SNS::TopicPolicy')[0]![1].Properties.PolicyDocument.Statement;
    expect(policy).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const sub = ofType('AWS::SNS::Subscription')[0]![1];
    expect(sub.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('protects the bucket: encrypted, no public access, TLS only, with a lifecycle, kept when the stack is removed', () => {
    const b = cfn.Resources.DriftBucket!.Properties;
    expect(b.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(b.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(b.LifecycleConfiguration.Rules.map((r: { Id: string }) => r.Id)).toContain('ExpireUsageAggregates');
    expect(b.LifecycleConfiguration.Rules.find((r: { Id: string }) => r.Id === 'ExpireUsageAggregates').ExpirationInDays).toBe(104);
    const deny = cfn.Resources.DriftBucketPolicy!.Properties.PolicyDocument.Statement[0];
    expect(deny).toMatchObject({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(cfn.Resources.DriftBucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    // The bucket the package is uploaded to blocks public access too.
    expect(cfn.Resources.ServerlessDeploymentBucket!.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
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
    // The lease, the compaction and the caches need no new action: no delete, no KMS, no metrics API.
    expect(actions.filter((a) => /^(s3:Delete|kms:|cloudwatch:)/.test(a))).toEqual([]);
    // Without an encrypted existing topic, no KMS policy at all.
    expect(cfn.Resources.TopicKeyPolicy?.Condition).toBe('EncryptedTopic');
  });

  it('grants exactly the evidence calls: last-accessed jobs on the account\'s roles, reports and Access Analyzer checks on *', () => {
    const role = ofType('AWS::IAM::Role').find(([k]) => k === 'IamRoleLambdaExecution')![1];
    const statements = role.Properties.Policies.flatMap((p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement) as { Sid?: string; Action: string[]; Resource: unknown }[];
    const evidence = statements.flatMap((s) => [s.Action].flat().filter((a) => /LastAccessed|^access-analyzer:/.test(a)).map((a) => [a, s.Resource]));
    expect(Object.fromEntries(evidence)).toEqual({
      'iam:GenerateServiceLastAccessedDetails': { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*' },
      'iam:GetServiceLastAccessedDetails': '*',
      'access-analyzer:CheckNoNewAccess': '*',
      'access-analyzer:ValidatePolicy': '*',
    });
    // The switches reach the functions.
    const env = ofType('AWS::Lambda::Function')[0]![1].Properties.Environment.Variables;
    expect(env).toMatchObject({ POLICY_DRIFT_LAST_ACCESSED: 'true', POLICY_DRIFT_ACCESS_ANALYZER_CHECKS: 'true', POLICY_DRIFT_LAST_ACCESSED_BUDGET_SECONDS: '300' });
  });

  it('packages each function on its own, without source maps, for Serverless Framework v4 too', () => {
    for (const fn of ['collect', 'report']) {
      const files = readdirSync(join(unpacked[fn]!, 'handlers'));
      expect(files).toEqual([`${fn}.mjs`]);
    }
    const yml = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
    // v4 refuses serverless-esbuild unless its own esbuild is off (PLUGIN_TYPESCRIPT_CONFLICT); osls accepted `build` above.
    expect(yml).toMatch(/^build:\n {2}esbuild: false$/m);
    expect(yml).not.toMatch(/\/var\/task/);
  });

  it('publishes to an existing topic in the deployment region, subscribing the address and granting its KMS key, and refuses what cannot work', async () => {
    const topic = 'arn:aws:sns:us-east-1:111122223333:ops-alerts';
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const dir = mkdtempSync(join(tmpdir(), 'pd-package-'));
    const ok = await pkg([`existingTopicArn=${topic}`, `topicKmsKeyArn=${key}`, 'alertEmail=ops@example.com'], dir);
    expect(ok.ok, ok.output).toBe(true);
    const t: Cfn = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'));
    expect(t.Resources.EmailSubscription!.Condition).toBe('SubscribeEmail');
    expect(t.Resources.EmailSubscription!.Properties.TopicArn).toEqual({ 'Fn::If': ['CreateTopic', { Ref: 'DriftTopic' }, topic] });
    expect(t.Conditions.SubscribeEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['ops@example.com', ''] }] });
    const kms = t.Resources.TopicKeyPolicy!.Properties;
    expect(kms.Roles).toEqual([{ Ref: 'IamRoleLambdaExecution' }]);
    expect(kms.PolicyDocument.Statement).toEqual([{ Sid: 'EncryptForTopic', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: key }]);

    const elsewhere = await pkg(['existingTopicArn=arn:aws:sns:eu-west-1:111122223333:ops-alerts'], dir);
    expect(elsewhere.ok).toBe(false);
    expect(elsewhere.output).toMatch(/existingTopicArn is in eu-west-1 but the stack deploys to us-east-1: CloudWatch alarms can only notify a topic in their own region/);
    const tooLong = await pkg(['windowDays=120'], dir);
    expect(tooLong.output).toMatch(/windowDays \(120\) must be at least 1 and shorter than aggregateExpiryDays \(104\)/);
    const overlapping = await pkg(['collectSchedule=rate(5 minutes)'], dir);
    expect(overlapping.output).toMatch(/collectTimeoutSeconds \(600\) plus the lease margin \(60 s\) must be shorter than the collect schedule/);
  }, 120_000);

  it('ships bundles that run: the packaged collect, then report, against the sandbox on the same clock as the functions', async () => {
    // The bundles read the machine's clock: the sandbox's runs with it, and the sample account's events are moved to end now.
    const now = Date.now();
    const scenario = shiftScenario(await scenarioFromExport(), now - Date.parse('2026-11-17T00:00:00Z'));
    const sb = await startSandbox(scenario, { clock: runningClock(now), buckets: ['bundle-bucket'] });
    // The report's IAM last-accessed jobs complete at once: the bundle would poll them in real time.
    sb.state.faults.lastAccessed.jobMs = 0;
    const env = {
      ...sb.env(),
      POLICY_DRIFT_REGIONS: 'us-east-1',
      POLICY_DRIFT_BUCKET: 'bundle-bucket',
      POLICY_DRIFT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:t',
      POLICY_DRIFT_BACKFILL_HOURS: '24',
    };
    try {
      const summary = await withEnv(env, async () => {
        const mod = await import(pathToFileURL(join(unpacked.collect!, 'handlers', 'collect.mjs')).href);
        return mod.handler({}, { getRemainingTimeInMillis: () => 900_000, awsRequestId: 'bundle-test' });
      });
      expect(summary.trackedRoles).toBe(4);
      expect(summary.regions[0].complete).toBe(true);
      expect(summary.regions[0].events).toBeGreaterThan(50);
      expect([...sb.state.buckets.get('bundle-bucket')!.keys()].some((k) => k.startsWith('usage/'))).toBe(true);
      const kinds = () => sb.state.published.map((p) => p.attributes.kind?.StringValue);
      expect(kinds()).toContain('access-denied');

      const report = await withEnv(env, async () => {
        const mod = await import(pathToFileURL(join(unpacked.report!, 'handlers', 'report.mjs')).href);
        return mod.handler();
      });
      expect(report.roles).toBe(4);
      expect(report.aggregates).toBeGreaterThan(0);
      expect(kinds().at(-1)).toBe('weekly-report');
    } finally {
      await sb.close();
    }
  }, 60_000);
});
