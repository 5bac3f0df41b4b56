/**
 * Credentials and payloads in CloudTrail records (the session credentials in an AssumeRole
 * response, secret values in request parameters) never reach any rendering: text (plain,
 * colour, verbose), Markdown, HTML, JSON (streamed, indented and compact), the weekly SNS
 * message and access-denied alerts. test/reliability/fuzz-cli.test.ts checks the CLI's JSON; this
 * checks every renderer, on the sample account with the secrets planted.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeExport } from '../../cli/analyze-export.ts';
import type { Alert } from '../../core/alerts/plan.ts';
import { renderAlert } from '../../core/report/alert-message.ts';
import { renderWeeklySummary } from '../../core/report/email.ts';
import { renderHtml } from '../../core/report/html/render.ts';
import { reportChunks } from '../../core/report/output.ts';
import type { Report } from '../../core/report/schema.ts';
import { ACCOUNT, roleRecord } from '../helpers/fixtures.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TASK = 'aaaabbbbccccddddeeeeffff00001111';
const credentials = (tag: string) => ({
  accessKeyId: `ASIAPLANTED${tag}KEY`,
  secretAccessKey: `PLANTED-${tag}-SECRET-ACCESS-KEY`,
  sessionToken: `PLANTED-${tag}-SESSION-TOKEN`,
  expiration: 'Nov 12, 2026, 10:00:00 PM',
});

/** Records carrying secrets where CloudTrail puts them. */
function plantedRecords(): Record<string, unknown>[] {
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/app/orders-api-task`;
  return [
    // ECS starting a task: the task role's session credentials in the response.
    {
      eventVersion: '1.08', eventTime: '2026-11-12T10:00:00Z', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', awsRegion: 'us-east-1',
      userIdentity: { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' }, eventID: 'planted-assume-1', recipientAccountId: ACCOUNT,
      requestParameters: { roleArn, roleSessionName: TASK },
      responseElements: { credentials: credentials('ECS'), assumedRoleUser: { assumedRoleId: `AROAPLANTED:${TASK}`, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/orders-api-task/${TASK}` } },
      managementEvent: true, eventCategory: 'Management',
    },
    // The task chaining into another role, and asking for a session token.
    { ...roleRecord({ role: 'orders-api-task', path: '/app/', session: TASK, source: 'sts', name: 'AssumeRole', time: '2026-11-12T10:01:00Z', params: { roleArn: `arn:aws:iam::${ACCOUNT}:role/other`, roleSessionName: 'x' } }), responseElements: { credentials: credentials('CHAINED') } },
    { ...roleRecord({ role: 'orders-api-task', path: '/app/', session: TASK, source: 'sts', name: 'GetSessionToken', time: '2026-11-12T10:02:00Z' }), responseElements: { credentials: credentials('TOKEN') } },
    // Payloads in request parameters, allowed and denied.
    roleRecord({ role: 'orders-api-task', path: '/app/', session: TASK, source: 'secretsmanager', name: 'PutSecretValue', time: '2026-11-12T10:03:00Z', params: { secretId: 'db', secretString: 'PLANTED-SECRET-STRING' } }),
    roleRecord({ role: 'orders-api-task', path: '/app/', session: TASK, source: 'ssm', name: 'PutParameter', time: '2026-11-12T10:04:00Z', params: { name: '/db/password', value: 'PLANTED-PARAMETER-VALUE', type: 'SecureString' }, errorCode: 'AccessDenied', errorMessage: `User: arn:aws:sts::${ACCOUNT}:assumed-role/orders-api-task/${TASK} is not authorized to perform: ssm:PutParameter on resource: arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/db/password because no identity-based policy allows the ssm:PutParameter action` }),
    { ...roleRecord({ role: 'orders-api-task', path: '/app/', session: TASK, source: 's3', name: 'PutObject', time: '2026-11-12T10:05:00Z', data: true, params: { bucketName: 'acme-orders-prod', key: 'orders/x.json', 'x-amz-server-side-encryption-customer-key': 'PLANTED-SSE-C-KEY' } }), additionalEventData: { SSECustomerKey: 'PLANTED-SSE-C-KEY' } },
  ];
}

let report: Report;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pd-secrets-'));
  cpSync(join(ROOT, 'examples', 'sample-account'), dir, { recursive: true });
  writeFileSync(join(dir, 'cloudtrail', 'planted.json'), JSON.stringify({ Records: plantedRecords() }));
  report = await analyzeExport({ input: dir, now: new Date('2026-11-20T00:00:00Z'), workers: 1 });
}, 120_000);

const whole = (pieces: Iterable<string>) => [...pieces].join('');

describe('planted secrets', () => {
  it('were read: the records count, ECS started the task, the calls are in the report', () => {
    const api = report.roles.find((r) => r.roleName === 'orders-api-task')!;
    expect(api.ecsAssumed.tasks).toBeGreaterThan(16);
    expect(api.denied.some((d) => d.action === 'ssm:PutParameter')).toBe(true);
  });

  it('appear in no format', () => {
    const api = report.roles.find((r) => r.roleName === 'orders-api-task')!;
    const alerts = report.roles.flatMap((r) =>
      r.denied.map((d): Alert => ({ roleArn: r.roleArn, roleName: r.roleName, workloads: r.workloads, action: d.action, cause: d.cause, errorCode: d.errorCode, resources: d.resources, ...(d.message ? { message: d.message } : {}), count: d.count, firstSeen: d.firstSeen, lastSeen: d.lastSeen })),
    );
    const outputs: Record<string, string> = {
      text: whole(reportChunks(report, 'text')),
      colourVerbose: whole(reportChunks(report, 'text', { color: true, verbose: true })),
      markdown: whole(reportChunks(report, 'markdown')),
      html: renderHtml(report),
      json: whole(reportChunks(report, 'json')),
      jsonCompact: whole(reportChunks(report, 'json', { jsonIndent: 0 })),
      weekly: renderWeeklySummary(report, { account: ACCOUNT }).message,
      alerts: alerts.map((a) => { const m = renderAlert(a, ACCOUNT); return `${m.subject}\n${m.message}\n${JSON.stringify(m.attributes)}`; }).join('\n'),
    };
    expect(alerts.length).toBeGreaterThan(0);
    expect(api.used.some((u) => u.action === 'secretsmanager:PutSecretValue')).toBe(true);
    for (const [name, out] of Object.entries(outputs)) {
      expect(out, name).not.toMatch(/PLANTED|ASIAPLANTED/);
      // The calls themselves are reported (so the test looks where the secrets would be).
      if (!['weekly', 'alerts'].includes(name)) expect(out, name).toContain('PutSecretValue');
    }
  });
});
