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
      expect(summary.trackedRoles).toBe(5);
      expect(summary.regions[0].complete).toBe(true);
      expect(summary.regions[0].events).toBeGreaterThan(50);
      expect([...sb.state.buckets.get('bundle-bucket')!.keys()].some((k) => k.startsWith('usage/'))).toBe(true);
      const kinds = () => sb.state.published.map((p) => p.attributes.kind?.StringValue);
      expect(kinds()).toContain('access-denied');

      const report = await withEnv(env, async () => {
        const mod = await import(pathToFileURL(join(unpacked.report!, 'handlers', 'report.mjs')).href);
        return mod.handler();
      });
      expect(report.roles).toBe(5);
      expect(report.aggregates).toBeGreaterThan(0);
      expect(kinds().at(-1)).toBe('weekly-report');
    } finally {
      await sb.close();
    }
  }, 60_000);
});

describe('serverless package, trail mode, and the member template', () => {
  const KEY = 'arn:aws:kms:us-east-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  let trail: Cfn;
  let member: { Parameters: Record<string, any>; Resources: Record<string, Resource>; Conditions: Record<string, unknown> };
  const bundles: Record<string, string> = {};
  type Statement = { Sid?: string; Effect: string; Action: string[] | string; Resource: unknown; Condition?: unknown; Principal?: unknown };
  const statementsOf = (r: Resource): Statement[] =>
    (r.Properties.Policies ?? [{ PolicyDocument: r.Properties.PolicyDocument }]).flatMap((p: { PolicyDocument: { Statement: Statement[] } }) => p.PolicyDocument.Statement);
  const actionsOf = (s: Statement) => [s.Action].flat();

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-trail-package-'));
    const done = await pkg(['collectFrom=trail', 'trailBucket=org-trail', 'trailPrefix=trails', `trailKmsKeyArn=${KEY}`, 'trailBucketAccount=999988887777', 'accounts=organization', 'organizationId=o-aa111bb222'], dir);
    if (!done.ok) throw new Error(done.output);
    trail = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'));
    // npm run package's second part: the member template, offline.
    await run(process.execPath, ['--no-warnings', '--import', 'tsx', join(ROOT, 'scripts', 'package-member.ts'), dir], { cwd: ROOT, env: cleanEnv() });
    member = JSON.parse(readFileSync(join(dir, 'member-role.json'), 'utf8'));
    for (const fn of ['ingest', 'alert']) {
      bundles[fn] = mkdtempSync(join(tmpdir(), 'pd-bundle-'));
      await run('python3', ['-m', 'zipfile', '-e', join(dir, `${fn}.zip`), bundles[fn]!]);
    }
  }, 300_000);

  it('adds the ingest, alert and backfill functions, the queue with its dead-letter queue, the mapping and a backfill at deploy', () => {
    const fns = Object.fromEntries(ofType('AWS::Lambda::Function', trail).map(([k, r]) => [k, r.Properties]));
    expect(Object.keys(fns).sort()).toEqual(['AlertLambdaFunction', 'BackfillLambdaFunction', 'CollectLambdaFunction', 'IngestLambdaFunction', 'ReportLambdaFunction', 'TaskEventsLambdaFunction']);
    expect(fns.IngestLambdaFunction).toMatchObject({ MemorySize: 512, Timeout: 120, Role: { 'Fn::GetAtt': ['IngestRole', 'Arn'] } });
    expect(fns.AlertLambdaFunction!.Role).toEqual({ 'Fn::GetAtt': ['AlertRole', 'Arn'] });
    expect(fns.CollectLambdaFunction!.Environment.Variables.POLICY_DRIFT_COLLECT_FROM).toBe('trail');
    const q = trail.Resources.IngestQueue!.Properties;
    expect(q.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['IngestDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 });
    expect(q.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fns.IngestLambdaFunction!.Timeout);
    expect(trail.Resources.IngestQueueMapping!.Properties).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 5 } });
    expect(trail.Resources.BackfillAtDeploy).toMatchObject({ Type: 'Custom::PolicyDriftBackfill', Properties: { ServiceToken: { 'Fn::GetAtt': ['BackfillLambdaFunction', 'Arn'] }, Days: 90 } });
    // Only the trail bucket, of its owner, may notify the queue.
    const notify = statementsOf(trail.Resources.IngestQueuePolicy!).find((s) => s.Sid === 'TrailBucketNotifies')!;
    expect(notify.Principal).toEqual({ Service: 's3.amazonaws.com' });
    expect(notify.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::org-trail' } }, StringEquals: { 'aws:SourceAccount': { 'Fn::If': ['TrailBucketElsewhere', '999988887777', { Ref: 'AWS::AccountId' }] } } });
    // The lookup-events package has none of it.
    expect(Object.keys(cfn.Resources).filter((k) => /Ingest|Alert|Backfill|Trail/.test(k))).toEqual([]);
  });

  it('keeps the ingest role to the trail prefix: read log objects, decrypt only through S3, write only aggregates and failures', async () => {
    const catalog = await loadCatalog();
    const ingest = [...statementsOf(trail.Resources.IngestRole!), ...statementsOf(trail.Resources.IngestTrailKeyPolicy!)];
    for (const s of ingest) expect(s.Sid, JSON.stringify(s)).toBeTruthy();
    const onTrail = ingest.filter((s) => JSON.stringify(s.Resource).includes('org-trail'));
    expect(onTrail).toEqual([{ Sid: 'ReadTrailLogFiles', Effect: 'Allow', Action: ['s3:GetObject'], Resource: { 'Fn::If': ['TrailPrefixed', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::org-trail/trails/AWSLogs/*' }, { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::org-trail/AWSLogs/*' }] } }]);
    const decrypt = ingest.find((s) => s.Sid === 'DecryptTrailLogFiles')!;
    expect(decrypt).toEqual({ Sid: 'DecryptTrailLogFiles', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: KEY, Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': 's3.${AWS::Region}.amazonaws.com' } } } });
    expect(trail.Resources.IngestTrailKeyPolicy!.Condition).toBe('TrailEncrypted');
    const writes = ingest.filter((s) => actionsOf(s).includes('s3:PutObject'));
    expect(writes.flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r))).toEqual([
      JSON.stringify({ 'Fn::Sub': '${DriftBucket.Arn}/usage/account=*' }),
      JSON.stringify({ 'Fn::Sub': '${DriftBucket.Arn}/accounts/*/state/ingest-failures/*' }),
      JSON.stringify({ 'Fn::Sub': '${DriftBucket.Arn}/state/ingest-failures/*' }),
    ]);
    const actions = ingest.flatMap(actionsOf);
    expect(actions.filter((a) => a.includes('*') || /^(s3:Delete|sts:|iam:)/.test(a))).toEqual([]);
    for (const a of actions) expect(catalog.lookup(a), a).toBeDefined();
  });

  it('lets only the shared functions role assume the member role, and the member role only read', async () => {
    const catalog = await loadCatalog();
    const assumers = Object.entries(trail.Resources).filter(([, r]) => /IAM::(Role|Policy)$/.test(r.Type) && statementsOf(r).some((s) => actionsOf(s).includes('sts:AssumeRole') && !s.Principal));
    expect(assumers.map(([k]) => k)).toEqual(['TrailFunctionsPolicy']);
    expect(trail.Resources.TrailFunctionsPolicy!.Properties.Roles).toEqual([{ Ref: 'IamRoleLambdaExecution' }]);
    const assume = statementsOf(trail.Resources.TrailFunctionsPolicy!).find((s) => s.Sid === 'AssumeMemberRole')!;
    expect(assume.Resource).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/policy-drift-member' });
    // The names trail-access prints are the ones the template gives.
    const { stackArns } = await import('../../core/ingest/trail-access.ts');
    const names = stackArns({ account: '111122223333', region: 'us-east-1', stage: 'dev' });
    expect(trail.Resources.IngestRole!.Properties.RoleName).toBe(names.ingestRole.split('/').pop());
    expect(JSON.stringify(trail.Resources.IamRoleLambdaExecution!.Properties.RoleName)).toBe(JSON.stringify({ 'Fn::Join': ['-', ['policy-drift', 'dev', { Ref: 'AWS::Region' }, 'lambdaRole']] }));
    expect(trail.Resources.IngestQueue!.Properties.QueueName).toBe(names.queue.split(':').pop());

    const role = member.Resources.MemberRole!;
    expect(role.Condition).toBe('CreateRoles');
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Sid: 'CentralFunctionsOnly', Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${CentralAccountId}:root' } }, Action: 'sts:AssumeRole', Condition: { ArnEquals: { 'aws:PrincipalArn': { Ref: 'CentralRoleArn' } } } },
    ]);
    const actions = statementsOf(role).flatMap(actionsOf);
    expect(actions.length).toBeGreaterThan(5);
    for (const a of actions) expect(['List', 'Read'], `${a} is not read-only`).toContain(catalog.lookup(a)!.accessLevel);
    for (const s of statementsOf(role).filter((x) => x.Resource === '*')) for (const a of actionsOf(s)) expect(catalog.lookup(a)?.wildcardOnly, `${a} on *`).toBe(true);
  });

  it('records every task that starts or stops: the taskEvents rule in trail mode only, forwarded from member accounts', async () => {
    const { matchesPattern } = await import('../../sandbox/eventbridge.ts');
    const { taskStateChanges } = await import('../../sandbox/ecs-tasks.ts');
    const { TASK_STATE_CHANGE_PATTERN } = await import('../../stack/task-events.ts');
    const rules = ofType('AWS::Events::Rule', trail).map(([, r]) => r.Properties).filter((p) => JSON.stringify(p.Targets).includes('TaskEventsLambdaFunction'));
    expect(rules).toHaveLength(1);
    expect(rules[0]!.EventPattern).toEqual(TASK_STATE_CHANGE_PATTERN);
    expect(member.Resources.ForwardTaskStateChanges!.Properties.EventPattern).toEqual(TASK_STATE_CHANGE_PATTERN);
    const s = await scenarioFromExport();
    const events = taskStateChanges(s.tasks!, Date.parse('2026-11-09T00:00:00Z'), Date.parse('2026-11-17T00:00:00Z'), s.accountId);
    expect(events.length).toBeGreaterThan(100);
    for (const e of events) expect(matchesPattern(rules[0]!.EventPattern, e)).toBe(true);
    expect(matchesPattern(rules[0]!.EventPattern, { ...events[0]!, detail: { ...(events[0]!.detail as object), lastStatus: 'PENDING' } })).toBe(false);
    // The lookup-events package has none of it: collect's snapshots are its task facts.
    expect(Object.keys(cfn.Resources).filter((k) => /TaskEvents/.test(k))).toEqual([]);
  });

  it('routes denials to the alert function within seconds: the rule state that sees read-only calls, a pattern that matches denials only', async () => {
    const { cloudTrailEnvelope, matchesPattern, ruleReceives } = await import('../../sandbox/eventbridge.ts');
    const rule = trail.Resources.AlertRule!.Properties;
    expect(rule.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(rule.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': ['AlertLambdaFunction', 'Arn'] } })]);
    expect(trail.Resources.AlertRulePermission!.Properties).toMatchObject({ Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': ['AlertRule', 'Arn'] } });
    const forward = member.Resources.ForwardDenials!.Properties;
    expect(forward.State).toBe(rule.State);
    expect(forward.EventPattern).toEqual(rule.EventPattern);
    expect(forward.Targets[0]).toMatchObject({ Arn: { Ref: 'CentralEventBusArn' } });
    const events = (await scenarioFromExport()).events;
    const matched = (e: Record<string, unknown>) => {
      const env = cloudTrailEnvelope(e);
      return ruleReceives(rule.State, env) && matchesPattern(rule.EventPattern, env as unknown as Record<string, unknown>);
    };
    const denials = events.filter((e) => String(e.errorCode ?? '').startsWith('AccessDenied') && (e.userIdentity as { type?: string }).type === 'AssumedRole');
    expect(denials.length).toBeGreaterThan(5);
    expect(denials.every(matched)).toBe(true);
    expect(denials.some((e) => e.readOnly === true)).toBe(true);
    expect(events.filter((e) => !e.errorCode).some(matched)).toBe(false);
    // In state ENABLED, the read-only denials would never arrive.
    expect(denials.filter((e) => ruleReceives('ENABLED', cloudTrailEnvelope(e))).length).toBeLessThan(denials.length);
  });

  it('ships an ingest bundle that folds an SSE-KMS log file only with the key the template grants, and an alert bundle that alerts', async () => {
    const { buildInventory } = await import('../../core/inventory/inventory.ts');
    const { backfillMessage } = await import('../../core/ingest/queue-message.ts');
    const { deliverTrail } = await import('../../sandbox/trail-bucket.ts');
    const { world } = await import('../../sandbox/world.ts');
    const { cloudTrailEnvelope } = await import('../../sandbox/eventbridge.ts');
    const scenario = await scenarioFromExport();
    const sb = await startSandbox(scenario, { now: Date.parse('2026-11-17T00:00:00Z'), buckets: ['bundle-bucket', 'org-trail'] });
    const roles = [...buildInventory(scenario.taskDefinitions as never, scenario.services as never, {}).roles.values()];
    sb.state.buckets.get('bundle-bucket')!.set(`accounts/${scenario.accountId}/state/tracked-roles.json`, { body: Buffer.from(JSON.stringify({ at: '2026-11-17T00:00:00Z', roles, excluded: [], problems: [] })), lastModified: new Date(), etag: '"x"' });
    const keys = deliverTrail(sb.state, { bucket: 'org-trail', prefix: 'trails', orgId: 'o-aa111bb222', kmsKeyArn: KEY }, scenario.events.filter((e) => String(e.eventTime) < '2026-11-09T03:00:00Z'), 0, Date.parse('2026-11-17T00:00:00Z'));
    const env = {
      ...sb.env(),
      POLICY_DRIFT_REGIONS: 'us-east-1',
      POLICY_DRIFT_BUCKET: 'bundle-bucket',
      POLICY_DRIFT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:t',
      ...Object.fromEntries(['POLICY_DRIFT_COLLECT_FROM', 'POLICY_DRIFT_TRAIL_BUCKET', 'POLICY_DRIFT_TRAIL_PREFIX'].map((k) => [k, trail.Resources.IngestLambdaFunction!.Properties.Environment.Variables[k]])),
      POLICY_DRIFT_ACCOUNT_ID: scenario.accountId,
      POLICY_DRIFT_INGEST_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/policy-drift-dev-ingest',
    };
    const event = { Records: keys.map((k, i) => ({ messageId: `m${i}`, body: backfillMessage('org-trail', k), attributes: { ApproximateReceiveCount: '1' } })) };
    try {
      const ingest = async () => withEnv(env, async () => (await import(pathToFileURL(join(bundles.ingest!, 'handlers', 'ingest.mjs')).href)).handler(event));
      // Without decrypt permission on the trail key, S3 refuses every object: all come back to the queue.
      expect((await ingest()).batchItemFailures).toHaveLength(keys.length);
      // With what the template grants the ingest role (the sandbox checks the caller's key permission).
      const granted = statementsOf(trail.Resources.IngestTrailKeyPolicy!).filter((s) => actionsOf(s).includes('kms:Decrypt')).flatMap((s) => [s.Resource].flat()) as string[];
      for (const k of granted) world(sb.state).kmsDecrypt.add(k);
      expect((await ingest()).batchItemFailures).toEqual([]);
      expect([...sb.state.buckets.get('bundle-bucket')!.keys()].filter((k) => k.startsWith(`usage/account=${scenario.accountId}/`))).toHaveLength(keys.length);

      const denial = scenario.events.find((e) => e.errorCode === 'AccessDenied' && e.eventName === 'GetQueueUrl')!;
      const alert = await withEnv(env, async () => (await import(pathToFileURL(join(bundles.alert!, 'handlers', 'alert.mjs')).href)).handler(cloudTrailEnvelope(denial)));
      expect(alert).toMatchObject({ account: scenario.accountId, alerts: 1 });
      expect(sb.state.published.at(-1)!.subject).toBe(`policy-drift: orders-api-task denied sqs:GetQueueUrl (${scenario.accountId})`);
    } finally {
      await sb.close();
    }
  }, 60_000);
});
