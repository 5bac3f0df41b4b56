/** The sandbox's trail-mode services, through the real SDK clients: SQS, STS, Organizations, the trail bucket, EventBridge patterns. */
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../sources/catalog.ts';
import { parseQueueMessage } from '../../core/ingest/queue-message.ts';
import { parseLogKey } from '../../core/trail/log-key.ts';
import { ecsClient, organizationsClient, s3Client, sqsClient, stsClient } from '../../sources/aws/clients.ts';
import { memberCredentials, memberRoleArn } from '../../sources/aws/assume-member.ts';
import { listOrgAccounts } from '../../sources/aws/organizations.ts';
import { queueDepth, sendAll } from '../../sources/aws/sqs-queue.ts';
import { s3ObjectTrail } from '../../sources/trail/s3-object.ts';
import { addMemberAccount } from '../../sandbox/accounts.ts';
import { cloudTrailEnvelope, matchesPattern, ruleReceives } from '../../sandbox/eventbridge.ts';
import { asAccount } from '../../sandbox/org-scenario.ts';
import { setOrganization } from '../../sandbox/organizations.ts';
import { scenarioFromExport, type Scenario } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { createQueue, deliverToLambda } from '../../sandbox/sqs.ts';
import { deliverTrail, notifyBucket } from '../../sandbox/trail-bucket.ts';
import { world } from '../../sandbox/world.ts';

let sb: Sandbox;
let home: Scenario;
const B = '444455556666';
const C = '777788889999';
const saved = { ...process.env };

beforeAll(async () => {
  home = await scenarioFromExport();
  sb = await startSandbox(home, { now: Date.parse('2026-11-17T00:00:00Z'), buckets: ['org-trail'] });
  Object.assign(process.env, sb.env());
  addMemberAccount(sb.state, asAccount(home, B));
  addMemberAccount(sb.state, asAccount(home, C));
  world(sb.state).denyAssume.add(C);
});
afterAll(async () => {
  process.env = saved;
  await sb.close();
});

describe('sandbox trail-mode services', () => {
  it('SQS on JSON 1.0: batches of ten, partial failures resent, bodies with their MD5, depth', async () => {
    const q = createQueue(sb, 'ingest-a', { deadLetter: { name: 'ingest-a-dlq', maxReceiveCount: 2 } });
    const sqs = sqsClient({ region: 'us-east-1' });
    await expect(sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: Array.from({ length: 11 }, (_, i) => ({ Id: String(i), MessageBody: 'x' })) }))).rejects.toThrow(/Maximum number of entries/);
    world(sb.state).failBatchEntries = 3;
    const sent = await sendAll(sqs, q.url, Array.from({ length: 23 }, (_, i) => `message ${i}`));
    expect(sent).toEqual({ sent: 23, failed: [] });
    expect(await queueDepth(sqs, q.url)).toEqual({ waiting: 23, inFlight: 0 });
    // The SDK checks each body's MD5: a wrong one would reject the call.
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10 }));
    expect(got.Messages).toHaveLength(10);
    expect(await queueDepth(sqs, q.url)).toEqual({ waiting: 13, inFlight: 10 });
  });

  it('plays Lambda over a queue: Records[] in SQS event shape, batchItemFailures kept, poison messages redriven to the DLQ', async () => {
    const q = createQueue(sb, 'ingest-b', { deadLetter: { name: 'ingest-b-dlq', maxReceiveCount: 3 }, visibilityTimeout: 60 });
    const sqs = sqsClient({ region: 'us-east-1' });
    await sendAll(sqs, q.url, ['good 1', 'poison', 'good 2']);
    const seen: string[] = [];
    const handler = async (event: { Records: { messageId: string; body: string; eventSource: string; attributes: Record<string, string> }[] }) => {
      for (const r of event.Records) seen.push(`${r.body}#${r.attributes.ApproximateReceiveCount}`);
      expect(event.Records.every((r) => r.eventSource === 'aws:sqs')).toBe(true);
      return { batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) };
    };
    for (let i = 0; i < 4; i++) {
      await deliverToLambda(sb.state, q, handler);
      sb.advance(61_000);
    }
    expect(seen.filter((s) => s.startsWith('good')).sort()).toEqual(['good 1#1', 'good 2#1']);
    expect(seen.filter((s) => s.startsWith('poison'))).toEqual(['poison#1', 'poison#2', 'poison#3']);
    expect(q.messages).toEqual([]);
    const dlq = [...world(sb.state).queues.values()].find((x) => x.name === 'ingest-b-dlq')!;
    expect(dlq.messages.map((m) => m.body)).toEqual(['poison']);
  });

  it('STS AssumeRole issues per-account credentials: account B is answered from B, a refused account is an answer', async () => {
    const sts = stsClient({ region: 'us-east-1' });
    const b = await memberCredentials(sts, memberRoleArn(B, 'policy-drift-member'), 'policy-drift-report', () => sb.clock.now());
    expect(b.ok).toBe(true);
    const mark = world(sb.state).signedCalls.length;
    const clusters = await ecsClient({ region: 'us-east-1', credentials: b.ok ? b.credentials : undefined }).send(new ListClustersCommand({}));
    expect(clusters.clusterArns!.every((a) => a.includes(`:${B}:`))).toBe(true);
    expect(world(sb.state).signedCalls.slice(mark)).toEqual([{ account: B, service: 'ecs' }]);
    const c = await memberCredentials(sts, memberRoleArn(C, 'policy-drift-member'), 'policy-drift-report');
    expect(c).toEqual({ ok: false, error: expect.stringMatching(/cannot assume arn:aws:iam::777788889999:role\/policy-drift-member: AccessDenied/) });
    const wrongName = await memberCredentials(sts, memberRoleArn(B, 'other-role'), 'policy-drift-report');
    expect(wrongName.ok).toBe(false);
  });

  it('Organizations lists every account across pages, inactive ones apart', async () => {
    setOrganization(sb.state, 'o-aa111bb222', [
      { id: home.accountId, name: 'prod' },
      { id: B, name: 'staging' },
      { id: C, name: 'sandbox' },
      { id: '121212121212', name: 'old', status: 'SUSPENDED' },
    ]);
    const accounts = await listOrgAccounts(organizationsClient());
    expect(accounts.active.map((a) => a.id)).toEqual([home.accountId, B, C]);
    expect(accounts.inactive).toEqual([{ id: '121212121212', name: 'old', status: 'SUSPENDED' }]);
  });

  it('delivers a trail as CloudTrail does: org layout, notifications in S3 event shape, SSE-KMS readable only with the key', async () => {
    const q = createQueue(sb, 'ingest-c');
    notifyBucket(sb.state, { bucket: 'org-trail', prefix: 'AWSLogs/', suffix: '.json.gz', queueArn: q.arn });
    const key = 'arn:aws:kms:us-east-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const events = asAccount(home, B).events.filter((e) => String(e.eventTime) < '2026-11-09T06:00:00Z');
    const keys = deliverTrail(sb.state, { bucket: 'org-trail', orgId: 'o-aa111bb222', kmsKeyArn: key }, events, 0, Date.parse('2026-11-17T00:00:00Z'));
    expect(keys.length).toBeGreaterThan(3);
    expect(keys.map((k) => parseLogKey(k)).every((k) => k.kind === 'log' && k.account === B && k.orgId === 'o-aa111bb222')).toBe(true);
    const notices = q.messages.map((m) => parseQueueMessage(m.body));
    expect(notices).toHaveLength(keys.length);
    expect(notices[0]).toEqual({ kind: 'objects', objects: [{ bucket: 'org-trail', key: keys[0], size: expect.any(Number), origin: 'notification' }] });

    const s3 = s3Client({ region: 'us-east-1' });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'org-trail', Prefix: 'AWSLogs/', Delimiter: '/' }));
    expect(listed.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['AWSLogs/o-aa111bb222/']);
    await expect(s3.send(new GetObjectCommand({ Bucket: 'org-trail', Key: keys[0] }))).rejects.toThrow(/kms:Decrypt/);
    world(sb.state).kmsDecrypt.add(key);
    const catalog = await loadCatalog();
    const read = await s3ObjectTrail(s3, { bucket: 'org-trail', key: keys[0]!, region: 'us-east-1' }).read({ catalog, tracked: new Set() });
    expect(read.files).toEqual({ read: 1, skipped: {}, ignored: 0 });
    expect(read.usage.input.records).toBeGreaterThan(0);
  });

  it('EventBridge: CloudTrail envelopes, pattern filters, and read-only events only for rules that ask for all management events', () => {
    const denied = cloudTrailEnvelope({ eventSource: 'sqs.amazonaws.com', eventName: 'GetQueueUrl', errorCode: 'AccessDenied', readOnly: true, eventCategory: 'Management', recipientAccountId: B, awsRegion: 'us-east-1', eventTime: '2026-11-10T00:00:00Z' });
    const pattern = { 'detail-type': ['AWS API Call via CloudTrail'], detail: { errorCode: [{ prefix: 'AccessDenied' }, { suffix: 'UnauthorizedOperation' }, 'AuthorizationError'] } };
    expect(denied.source).toBe('aws.sqs');
    expect(matchesPattern(pattern, denied as unknown as Record<string, unknown>)).toBe(true);
    const ok = { ...denied, detail: { ...denied.detail, errorCode: undefined } };
    expect(matchesPattern(pattern, ok as unknown as Record<string, unknown>)).toBe(false);
    const ec2 = { ...denied, detail: { ...denied.detail, errorCode: 'Client.UnauthorizedOperation' } };
    expect(matchesPattern(pattern, ec2 as unknown as Record<string, unknown>)).toBe(true);
    expect(ruleReceives('ENABLED', denied)).toBe(false);
    expect(ruleReceives('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', denied)).toBe(true);
  });
});
