/**
 * The bundled sample account, end to end: the findings its story promises (see
 * scripts/sample-account/story.ts), and a golden copy of the demo's text report.
 * After an intended change to the report: `UPDATE_GOLDEN=1 npx vitest run test/cli`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeExport } from '../../cli/analyze-export.ts';
import { renderMarkdown } from '../../core/report/markdown.ts';
import type { Report, RoleReport } from '../../core/report/schema.ts';
import { renderText } from '../../core/report/text.ts';

const SAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'sample-account');
const GOLDEN = join(import.meta.dirname, '..', 'golden', 'sample-account.txt');

let report: Report;
const role = (name: string): RoleReport => report.roles.find((r) => r.roleName === name)!;
const actions = (list: { action: string }[]) => list.map((x) => x.action);

beforeAll(async () => {
  report = await analyzeExport({ input: SAMPLE, now: new Date('2026-11-20T08:00:00Z') });
});

describe('sample account', () => {
  it('accounts for every record: read, attributed, other principals, skipped with reasons', () => {
    const i = report.input;
    expect(i.records).toBe(i.attributed + i.notTracked + i.outsideWindow + Object.values(i.skipped).reduce((a, b) => a + b, 0));
    // The hand-copied extract's last line was cut off.
    expect(i.skipped).toEqual({ 'invalid-json': 1 });
    expect(i.dataEventServices).toEqual(['dynamodb', 's3']);
    expect(report.window).toEqual({ start: '2026-11-09T00:00:00Z', end: '2026-11-16T23:59:17Z' });
  });

  it('tracks the five roles, riskiest first', () => {
    // catalog-task ranks last: the trail holds write data events of the inventory table only, so its
    // PutItem and DeleteItem (granted on products too) are not observable and its one unused action is a read.
    expect(report.roles.map((r) => r.roleName)).toEqual(['orders-api-task', 'order-worker-task', 'nightly-report-task', 'ecs-task-execution', 'catalog-task']);
    expect(role('ecs-task-execution').usedAs).toEqual(['execution']);
    // Revision 8's tasks ran under the service (the task facts say so), though the service runs 7 again.
    expect(role('order-worker-task').workloads).toMatchObject([
      { taskDefinition: 'order-worker:8', service: 'order-worker', cluster: 'prod', kind: 'service', revisions: ['order-worker:7', 'order-worker:8'], tasks: 2 },
    ]);
  });

  it('finds the API using six of its s3:* and dynamodb:* actions', () => {
    const api = role('orders-api-task');
    expect(actions(api.used).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'kms:Decrypt', 'kms:GenerateDataKey', 's3:GetObject', 's3:PutObject']);
    expect(api.used.find((u) => u.action === 'kms:GenerateDataKey')?.invokedBy).toEqual(['s3.amazonaws.com']);
    // Reading SSE-KMS objects: S3 decrypts with the caller's credentials, so the key's Decrypt is used, never unused.
    for (const r of [api, role('nightly-report-task')]) {
      expect(r.used.find((u) => u.action === 'kms:Decrypt')?.invokedBy).toEqual(['s3.amazonaws.com']);
      expect(actions(r.unused)).not.toContain('kms:Decrypt');
    }
    expect(actions(api.unused)).toContain('s3:PutBucketPolicy');
    expect(actions(api.unused)).toContain('dynamodb:DeleteTable');
    // SNS publish is a data event this trail does not record: not observable, kept.
    expect(api.notObservable.find((n) => n.action === 'sns:Publish')?.reason).toBe('no-data-events');
    expect(api.wildcardGrants.map((w) => w.sid)).toEqual(['OrdersBucket', 'OrdersTable']);
  });

  it('reads every denial cause the story contains', () => {
    const causes = report.roles.flatMap((r) => r.denied.map((d) => `${r.roleName} ${d.action} ${d.cause}`)).sort();
    expect(causes).toEqual([
      'ecs-task-execution secretsmanager:GetSecretValue no-identity-policy',
      'nightly-report-task s3:GetObject vpc-endpoint-policy',
      'nightly-report-task s3:PutObject resource-policy',
      'order-worker-task dynamodb:DeleteItem explicit-deny-identity',
      'order-worker-task ses:GetAccount permissions-boundary',
      'orders-api-task s3:DeleteObject scp',
      // S3's bare "Access Denied" names no policy; the role's grants, known in full, allow
      // nothing on the legacy bucket: the missing allow is inferred (issue #10 §5).
      'orders-api-task s3:GetObject no-identity-policy',
      'orders-api-task secretsmanager:GetSecretValue no-identity-policy',
      'orders-api-task sqs:GetQueueUrl no-identity-policy',
    ]);
    expect(role('ecs-task-execution').consider).toEqual([
      { action: 'secretsmanager:GetSecretValue', resources: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/payments-api-key-Qw34Er'] },
    ]);
  });

  it('applies the worker\'s boundary and explicit deny, and keeps its unlogged SQS work', () => {
    const w = role('order-worker-task');
    expect(actions(w.unused).some((a) => a.startsWith('ses:') || a.startsWith('iam:'))).toBe(false);
    expect(actions(w.unused)).not.toContain('dynamodb:DeleteItem');
    expect(w.notObservable.filter((n) => n.action.startsWith('sqs:')).map((n) => n.reason)).toEqual(['no-data-events', 'no-data-events', 'no-data-events', 'no-data-events']);
  });

  it('counts events that appear in both the trail and the lookup-events export once', () => {
    const ex = role('ecs-task-execution');
    // 62 task starts (16 API, 2 worker, 6 failed worker, 4 nightly, 2 catalog services, 32 reindex runs), one token each.
    expect(ex.used.find((u) => u.action === 'ecr:GetAuthorizationToken')?.count).toBe(62);
    expect(ex.ecsAssumed).toMatchObject({ count: 62, tasks: 62 });
  });

  it('flags the nightly role as created inside the window', () => {
    expect(role('nightly-report-task').createdInWindow).toBe(true);
  });

  it('never carries a session token or request payload into any output', () => {
    const outputs = [JSON.stringify(report), renderText(report), renderMarkdown(report)];
    for (const out of outputs) {
      expect(out).not.toContain('SAMPLE-SESSION-TOKEN');
      expect(out).not.toContain('sessionToken');
      expect(out).not.toContain('(redacted)');
    }
  });

  it('places calls in workloads through the task facts, and splits the role the catalog\'s three workloads share', () => {
    const catalog = role('catalog-task');
    expect(catalog.attribution).toMatchObject({ tasks: 34, unattributedSessions: 0, unattributedCalls: 0, split: true });
    const byLabel = new Map(catalog.workloads.map((w) => [w.service ?? w.taskDefinition, w]));
    expect(byLabel.get('catalog-reindex:2')).toMatchObject({ kind: 'standalone', tasks: 32 });
    const tables = (name: string) => byLabel.get(name)!.suggestedPolicies!.flatMap((d) => d.Statement.filter((st) => st.Sid.startsWith('Used')).flatMap((st) => st.Resource ?? []));
    // Its Query reads an index: IAM authorises that on the index's ARN.
    expect([...new Set(tables('catalog-api'))].sort()).toEqual(['arn:aws:dynamodb:us-east-1:111122223333:table/products', 'arn:aws:dynamodb:us-east-1:111122223333:table/products/index/by-category']);
    expect([...new Set(tables('catalog-sync'))]).toEqual(['arn:aws:dynamodb:us-east-1:111122223333:table/inventory']);
    expect(actions(byLabel.get('catalog-reindex:2')!.used!).sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:Scan']);
  });

  it('says which revision started calling what, and what the newest revision stopped', () => {
    const v15 = role('orders-api-task').revisions!.find((r) => r.revision === 'orders-api:15')!;
    expect(v15.firstTask).toBe('2026-11-13T10:00:15Z');
    expect(v15.newActions.map((a) => a.action)).toEqual(['dynamodb:UpdateItem']);
    expect(v15.newDenials).toMatchObject([{ action: 'secretsmanager:GetSecretValue', cause: 'no-identity-policy' }]);
    expect(v15.stoppedActions).toMatchObject([{ action: 'dynamodb:Query', lastRevision: 'orders-api:14' }]);
    const text = renderText(report);
    expect(text).toContain('orders-api:15 first called dynamodb:UpdateItem on 2026-11-13');
    expect(text).toContain('Suggested policy per workload: split this role');
  });

  it('states the developer\'s session as unattributed, never guessing its workload', () => {
    expect(role('orders-api-task').attribution).toMatchObject({ unattributedSessions: 1, unknownTasks: 0, unattributedCalls: 4 });
    expect(role('orders-api-task').attribution!.unattributedActions).toEqual([{ action: 'dynamodb:GetItem', calls: 3 }, { action: 's3:GetObject', calls: 1 }]);
  });

  it('shows which workload reads which secret and pulls which image, and keeps the ECS minimum for the execution role', () => {
    const ex = role('ecs-task-execution');
    const resourcesOf = (service: string, action: string) => ex.workloads.find((w) => w.service === service)!.used!.find((u) => u.action === action)?.resources;
    expect(resourcesOf('orders-api', 'secretsmanager:GetSecretValue')).toEqual(['arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders-db-Xy12Ab']);
    expect(resourcesOf('catalog-api', 'secretsmanager:GetSecretValue')).toBeUndefined();
    expect(resourcesOf('catalog-api', 'ecr:BatchGetImage')).toEqual(['arn:aws:ecr:us-east-1:111122223333:repository/catalog-api']);
    expect(ex.notObservable.find((n) => n.action === 'ecr:BatchCheckLayerAvailability')?.reason).toBe('ecs-execution-minimum');
    expect(ex.unused.map((u) => u.action)).not.toContain('ecr:BatchCheckLayerAvailability');
    const minimum = ex.suggestedPolicies.flatMap((d) => d.Statement.filter((st) => st.Sid.startsWith('KeepEcsMinimum')));
    expect(minimum.flatMap((st) => st.Action).sort()).toEqual(['ecr:BatchCheckLayerAvailability', 'logs:PutLogEvents']);
    expect(minimum.flatMap((st) => st.Resource ?? [])).not.toContain('*');
  });

  it('renders the demo report exactly as the golden copy', () => {
    const text = renderText(report);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
