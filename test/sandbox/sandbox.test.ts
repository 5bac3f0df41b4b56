/** The sandbox itself, through the real SDK clients: the protocols it claims to speak. */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeServicesCommand, ECSClient, ListServicesCommand, paginateListServices } from '@aws-sdk/client-ecs';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, paginateListAttachedRolePolicies } from '@aws-sdk/client-iam';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../sources/aws/rate-limiter.ts';
import { scenarioFromExport, type Scenario } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';

let sb: Sandbox;
let scenario: Scenario;
const cfg = () => ({
  endpoint: sb.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: 'x' },
  maxAttempts: 1,
});

beforeAll(async () => {
  scenario = await scenarioFromExport();
  sb = await startSandbox(scenario, { now: Date.parse('2026-11-17T00:00:00Z'), buckets: ['store'] });
});
afterAll(() => sb.close());

describe('loopback AWS sandbox', () => {
  it('serves ECS with pagination tokens', async () => {
    const ecs = new ECSClient(cfg());
    const arns: string[] = [];
    for await (const page of paginateListServices({ client: ecs }, { cluster: 'prod' })) arns.push(...(page.serviceArns ?? []));
    expect(arns).toHaveLength(4);
    const first = await ecs.send(new ListServicesCommand({ cluster: 'prod', maxResults: 1 }));
    expect(first.nextToken).toBeDefined();
    const d = await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: arns }));
    expect(d.services?.map((s) => s.serviceName).sort()).toEqual(['catalog-api', 'catalog-sync', 'order-worker', 'orders-api']);
  });

  it('serves IAM with XML, URL-encoded documents and typed errors', async () => {
    const iam = new IAMClient(cfg());
    const role = await iam.send(new GetRoleCommand({ RoleName: 'order-worker-task' }));
    expect(role.Role?.PermissionsBoundary?.PermissionsBoundaryArn).toMatch(/app-boundary$/);
    expect(role.Role?.Tags).toEqual([{ Key: 'team', Value: 'orders' }]);
    const pol = await iam.send(new GetRolePolicyCommand({ RoleName: 'orders-api-task', PolicyName: 'orders-api-access' }));
    expect(JSON.parse(decodeURIComponent(pol.PolicyDocument!)).Statement[0].Sid).toBe('OrdersBucket');
    const attached = [];
    for await (const p of paginateListAttachedRolePolicies({ client: iam, pageSize: 1 }, { RoleName: 'ecs-task-execution' })) attached.push(...(p.AttachedPolicies ?? []));
    expect(attached.map((a) => a.PolicyName)).toEqual(['AmazonECSTaskExecutionRolePolicy']);
    await expect(iam.send(new GetRoleCommand({ RoleName: 'nope' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    sb.state.faults.denyGetRolePolicy.add('orders-api-task');
    await expect(iam.send(new GetRolePolicyCommand({ RoleName: 'orders-api-task', PolicyName: 'orders-api-access' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    sb.state.faults.denyGetRolePolicy.clear();
  });

  it('serves LookupEvents newest first, management events only, and throttles past 2 per second', async () => {
    const ct = new CloudTrailClient(cfg());
    const page = await ct.send(new LookupEventsCommand({ StartTime: new Date('2026-11-16T00:00:00Z'), EndTime: new Date('2026-11-17T00:00:00Z'), MaxResults: 50 }));
    const times = page.Events!.map((e) => e.EventTime!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page.Events!.every((e) => JSON.parse(e.CloudTrailEvent!).eventCategory !== 'Data')).toBe(true);
    expect(page.NextToken).toBeDefined();
    const burst = await Promise.allSettled([1, 2, 3].map(() => ct.send(new LookupEventsCommand({ MaxResults: 1 }))));
    expect(burst.some((r) => r.status === 'rejected' && (r.reason as Error).name === 'ThrottlingException')).toBe(true);
  });

  it('counts LookupEvents\' rate in its own clock, which a limiter on that clock paces instantly', async () => {
    const ct = new CloudTrailClient(cfg());
    await sb.clock.sleep(1000);
    const limiter = new RateLimiter(2, sb.clock);
    const start = sb.clock.now();
    const realStart = Date.now();
    for (let i = 0; i < 6; i++) {
      await limiter.take();
      await ct.send(new LookupEventsCommand({ MaxResults: 1 }));
    }
    // Six paced requests take 2.5 s of sandbox time and no real waiting.
    expect(sb.clock.now() - start).toBe(2500);
    expect(Date.now() - realStart).toBeLessThan(2500);
    const times = sb.state.calls.filter((c) => c.op === 'CloudTrail.LookupEvents').slice(-6).map((c) => c.at - start);
    expect(times).toEqual([0, 500, 1000, 1500, 2000, 2500]);
  });

  it('hides events after its clock until time advances', async () => {
    const ct = new CloudTrailClient(cfg());
    const saved = sb.state.now;
    sb.state.now = Date.parse('2026-11-16T12:00:00Z');
    // Past LookupEvents' one-second window, in the sandbox's (virtual) time.
    await sb.clock.sleep(1100);
    const q = () => ct.send(new LookupEventsCommand({ StartTime: new Date('2026-11-16T00:00:00Z'), MaxResults: 1 }));
    const before = (await q()).Events![0]!.EventTime!;
    expect(before.getTime()).toBeLessThanOrEqual(sb.state.now);
    sb.advance(6 * 3_600_000);
    const after = (await q()).Events![0]!.EventTime!;
    expect(after.getTime()).toBeGreaterThan(before.getTime());
    expect(after.getTime()).toBeGreaterThan(Date.parse('2026-11-16T12:00:00Z'));
    sb.state.now = saved;
  });

  it('records SNS publishes and refuses what SNS refuses', async () => {
    const sns = new SNSClient(cfg());
    await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:111122223333:t', Subject: 'Hello', Message: 'body', MessageAttributes: { kind: { DataType: 'String', StringValue: 'alert' } } }));
    expect(sb.state.published.at(-1)).toEqual({ topicArn: 'arn:aws:sns:us-east-1:111122223333:t', subject: 'Hello', message: 'body', attributes: { kind: { DataType: 'String', StringValue: 'alert' } } });
    await expect(sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:1:t', Subject: 'x'.repeat(101), Message: 'm' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:1:t', Subject: 'line\nbreak', Message: 'm' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:1:t', Message: 'x'.repeat(262_145) }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('stores S3 objects and lists them with prefixes and continuation tokens', async () => {
    const s3 = new S3Client({ ...cfg(), forcePathStyle: true });
    for (let i = 0; i < 12; i++) await s3.send(new PutObjectCommand({ Bucket: 'store', Key: `a/${String(i).padStart(2, '0')}.json`, Body: `{"i":${i}}` }));
    await s3.send(new PutObjectCommand({ Bucket: 'store', Key: 'b/x.json', Body: '{}' }));
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'store', Prefix: 'a/', ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
    } while (token);
    expect(keys).toHaveLength(12);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'store', Key: 'a/03.json' }));
    expect(await got.Body!.transformToString()).toBe('{"i":3}');
    await expect(s3.send(new GetObjectCommand({ Bucket: 'store', Key: 'missing' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(s3.send(new PutObjectCommand({ Bucket: 'store', Key: 'k'.repeat(1025), Body: 'x' }))).rejects.toMatchObject({ name: 'KeyTooLongError' });
  });
});
