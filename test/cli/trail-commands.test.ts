/** `policy-drift trail-access` and `policy-drift backfill`, in process (the latter against the sandbox). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQueueMessage } from '../../core/ingest/queue-message.ts';
import { asAccount } from '../../sandbox/org-scenario.ts';
import { scenarioFromExport, type Scenario } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { createQueue } from '../../sandbox/sqs.ts';
import { deliverTrail } from '../../sandbox/trail-bucket.ts';
import { withEnv } from '../helpers/env.ts';
import { runMain } from '../helpers/run-main.ts';

let sb: Sandbox;
let home: Scenario;

beforeAll(async () => {
  home = await scenarioFromExport();
  sb = await startSandbox(home, { now: Date.parse('2026-11-17T00:00:00Z'), buckets: ['org-trail', 'stack-bucket'], pageSize: 100 });
});
afterAll(() => sb.close());

describe('policy-drift trail-access', () => {
  it('prints the bucket and key policy statements and the notification, for the stack\'s role and queue names', async () => {
    const r = await runMain('trail-access', '--account', '111122223333', '--region', 'eu-west-1', '--stage', 'prod', '--trail-bucket', 'org-trail', '--trail-kms-key-arn', 'arn:aws:kms:eu-west-1:999988887777:key/k');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const bucket = doc['Add to the trail bucket policy (Statement entries)'];
    expect(bucket.map((s: { Action: string }) => s.Action)).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(bucket[0].Principal.AWS).toBe('arn:aws:iam::111122223333:role/policy-drift-prod-eu-west-1-ingest');
    expect(doc['Add to the trail KMS key policy (Statement entries)'][0]).toMatchObject({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } });
    expect(doc['The trail bucket notification (aws s3api put-bucket-notification-configuration; merge with any it has)'].QueueConfigurations[0].QueueArn).toBe('arn:aws:sqs:eu-west-1:111122223333:policy-drift-prod-ingest');
    expect(doc['Member template parameter CentralRoleArn (stack/member-role.yml)']).toBe('arn:aws:iam::111122223333:role/policy-drift-prod-eu-west-1-lambdaRole');
  });

  it('says what is missing', async () => {
    const r = await runMain('trail-access', '--region', 'us-east-1', '--trail-bucket', 'b');
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/--account is required/) });
  });

  it('refuses a region, bucket, stage, prefix or key that would print a policy granting something else', async () => {
    const base = ['trail-access', '--account', '111122223333'];
    const cases: [string[], RegExp][] = [
      [['--region', 'us-east-1', '--trail-bucket', 'b"*'], /--trail-bucket "b\\"\*" is not an S3 bucket name/],
      [['--region', 'us-east-1', '--trail-bucket', 'Org_Trail'], /is not an S3 bucket name/],
      [['--region', 'us east 1', '--trail-bucket', 'org-trail'], /--region "us east 1" is not a region code/],
      [['--region', 'us-east-1', '--trail-bucket', 'org-trail', '--stage', 'prod*'], /--stage "prod\*" is not a stage name/],
      [['--region', 'us-east-1', '--trail-bucket', 'org-trail', '--stage', 'a'.repeat(50)], /--stage a+ is too long: .* 64 characters/],
      [['--region', 'us-east-1', '--trail-bucket', 'org-trail', '--trail-prefix', 'logs/*'], /--trail-prefix "logs\/\*" holds a character a policy would misread/],
      [['--region', 'us-east-1', '--trail-bucket', 'org-trail', '--trail-prefix', '/logs'], /without a leading or trailing slash/],
      [['--region', 'us-east-1', '--trail-bucket', 'org-trail', '--trail-kms-key-arn', 'alias/trail'], /is not a KMS key ARN/],
      [['--region', 'us-east-1', '--trail-bucket', 'org-trail', '--trail-kms-key-arn', 'arn:aws:kms:eu-west-1:999988887777:key/k'], /is in eu-west-1 but --region is us-east-1/],
    ];
    for (const [args, message] of cases) {
      const r = await runMain(...base, ...args);
      expect({ code: r.code, stdout: r.stdout }, args.join(' ')).toEqual({ code: 2, stdout: '' });
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('prints each command\'s own help', async () => {
    for (const command of ['trail-access', 'backfill']) {
      const r = await runMain(command, '--help');
      expect(r.code, command).toBe(0);
      expect(r.stdout, command).toMatch(new RegExp(`^Usage:\\n  policy-drift ${command} --`));
      expect(r.stdout, command).not.toContain(command === 'backfill' ? 'trail-access' : 'backfill');
    }
    expect((await runMain('backfill', '-h')).stdout).toContain('(--accounts IDS | --organization)');
  });
});

describe('policy-drift backfill, usage', () => {
  it('refuses account lists that are not account ids, and both --accounts and --organization', async () => {
    const base = ['backfill', '--trail-bucket', 'org-trail', '--queue-url', 'https://sqs.us-east-1.amazonaws.com/1/q', '--region', 'us-east-1'];
    expect(await runMain(...base, '--accounts', '1111,2222')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--accounts: "1111" is not a list of 12-digit account ids/) });
    expect(await runMain(...base, '--accounts', '111122223333', '--organization')).toMatchObject({ code: 2, stderr: expect.stringMatching(/not both/) });
    expect(await runMain(...base.map((a) => (a === 'org-trail' ? 'b"*' : a)), '--accounts', '111122223333')).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not an S3 bucket name/) });
  });
});

describe('policy-drift backfill', () => {
  it('enqueues the existing log files of the accounts asked for, one message each, and records the progress', async () => {
    const b = asAccount(home, '444455556666');
    const keys = deliverTrail(sb.state, { bucket: 'org-trail', orgId: 'o-aa111bb222', slotMinutes: 60 }, [...home.events, ...b.events], 0, Date.parse('2026-11-11T00:00:00Z'));
    const q = createQueue(sb, 'cli-ingest');
    const r = await withEnv(sb.env(), () => runMain('backfill', '--trail-bucket', 'org-trail', '--queue-url', q.url, '--accounts', '444455556666', '--days', '400', '--stack-bucket', 'stack-bucket', '--region', 'us-east-1'));
    expect(r.stderr).toContain('policy-drift: 444455556666: 48 log files enqueued\n');
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^48 log files of 1 accounts since \d{4}-\d{2}-\d{2} enqueued\n$/) });
    const named = q.messages.map((m) => parseQueueMessage(m.body)).flatMap((m) => (m.kind === 'objects' ? m.objects.map((o) => o.key) : []));
    expect(named.sort()).toEqual(keys.filter((k) => k.includes('/444455556666/')).sort());
    const state = JSON.parse(sb.state.buckets.get('stack-bucket')!.get('state/backfill.json')!.body.toString());
    expect(state).toMatchObject({ enqueued: { '444455556666': 48 }, complete: true, days: 400 });
  });
});
