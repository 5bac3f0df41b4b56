/**
 * SNS takes only what XML 1.0 admits: no U+FFFE/U+FFFF, no lone surrogate (both valid in an
 * S3 key), no C0 control but tab, LF and CR. The sandbox refuses what SNS refuses, and an
 * alert or weekly message about such a key is sanitised so that it is still delivered.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../core/alerts/plan.ts';
import { renderAlert } from '../../core/report/alert-message.ts';
import { renderWeeklySummary } from '../../core/report/email.ts';
import { scenarioFromExport } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { sampleReport } from '../helpers/sample-report.ts';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:policy-drift';
// Valid S3 keys that XML refuses: a noncharacter, a lone high surrogate, a lone low one, a C0 control.
const ODD_KEY = 'arn:aws:s3:::acme-orders-prod/in/\uffff-\ud800-\udc00-\u0001.json';

let sb: Sandbox;
let sns: SNSClient;
beforeAll(async () => {
  sb = await startSandbox(await scenarioFromExport(), { now: Date.parse('2026-11-17T00:00:00Z') });
  sns = new SNSClient({ endpoint: sb.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: 'x' }, maxAttempts: 1 });
});
afterAll(() => sb.close());

const publish = (message: string, subject = 'policy-drift') => sns.send(new PublishCommand({ TopicArn: TOPIC, Subject: subject, Message: message }));

describe('the sandbox refuses what SNS refuses', () => {
  it('refuses U+FFFF and C0 controls with InvalidParameter, and takes tabs, line breaks and emoji', async () => {
    await expect(publish('a\uffffb')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(publish('bell\u0007')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(publish('tab\tline\r\nemoji 😀 ünïcode')).resolves.toMatchObject({ MessageId: expect.any(String) });
  });

  it('refuses a lone surrogate: the SDK cannot even encode it, and raw bytes are refused by the sandbox', async () => {
    // The SDK's URL encoding throws before anything is sent: an unsanitised alert is lost.
    // (On its own client: with @aws-sdk/client-sns 3.1169 the half-written `Message=` stays in
    // the client's serializer and is prefixed to the next request, whose message SNS then
    // reads as empty; one bad alert costs the next one too.)
    const once = new SNSClient({ endpoint: sb.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: 'x' }, maxAttempts: 1 });
    await expect(once.send(new PublishCommand({ TopicArn: TOPIC, Message: 'key \ud800 here' }))).rejects.toThrow(/URI malformed/);
    const res = await fetch(sb.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: 'AWS4-HMAC-SHA256 Credential=AKIASANDBOX/x' },
      body: `Action=Publish&Version=2010-03-31&TopicArn=${encodeURIComponent(TOPIC)}&Message=key%20%ED%A0%80%20here`,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>InvalidParameter</Code>');
  });
});

describe('messages about such a key are still delivered', () => {
  it('an access-denied alert naming the key', async () => {
    const alert: Alert = {
      roleArn: 'arn:aws:iam::111122223333:role/app/orders-api-task', roleName: 'orders-api-task', workloads: [], action: 's3:GetObject', cause: 'no-identity-policy',
      errorCode: 'AccessDenied', resources: [ODD_KEY], message: `not authorized to perform: s3:GetObject on resource: ${ODD_KEY}`, count: 1, firstSeen: '2026-11-12T10:00:00Z', lastSeen: '2026-11-12T10:00:00Z',
    };
    const m = renderAlert(alert, '111122223333');
    await publish(m.message, m.subject);
    const sent = sb.state.published.at(-1)!.message;
    expect(sent).toContain('acme-orders-prod/in/');
    expect(sent).not.toMatch(/[\uffff\u0001]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it('the weekly summary of a report whose resources and problems name it', async () => {
    const report = sampleReport();
    report.problems.push(`could not read ${ODD_KEY}`);
    report.roles[0]!.denied[0]!.resources = [ODD_KEY];
    report.roles[0]!.roleName = `orders-api-task\uffff`;
    const m = renderWeeklySummary(report, { account: '111122223333' });
    await publish(m.message, m.subject);
    expect(sb.state.published.at(-1)!.message).toContain('could not read arn:aws:s3:::acme-orders-prod/in/');
  });
});
