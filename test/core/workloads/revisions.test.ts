import { describe, expect, it } from 'vitest';
import { planAlerts, emptyAlertState } from '../../../core/alerts/plan.ts';
import { diffReports } from '../../../core/drift/diff.ts';
import { renderAlert } from '../../../core/report/alert-message.ts';
import type { Report, RoleReport } from '../../../core/report/schema.ts';
import type { CallsSeen, RevisionUse } from '../../../core/workloads/attribute.ts';
import { revisionEntries } from '../../../core/workloads/revisions.ts';
import { sampleReport } from '../../helpers/sample-report.ts';

const calls = (firstSeen: string, lastSeen = firstSeen): CallsSeen => ({ count: 1, firstSeen, lastSeen, tasks: 1, samples: [] });

function revision(rev: string, actions: Record<string, CallsSeen>, denied: Record<string, CallsSeen> = {}, firstTask?: string): RevisionUse {
  const cut = rev.lastIndexOf(':');
  return { revision: rev, family: rev.slice(0, cut), number: Number(rev.slice(cut + 1)), tasks: new Set([1]), actions: new Map(Object.entries(actions)), denied: new Map(Object.entries(denied)), ...(firstTask ? { firstTask } : {}) };
}

describe('revision drift', () => {
  const revs = () => [
    // Given out of order: revisions are compared by number.
    revision('api:15', { 'dynamodb:GetItem': calls('2026-11-13T10:05:00Z'), 's3:DeleteObject': calls('2026-11-13T11:00:00Z') }, { 'sqs:SendMessage|no-identity-policy|AccessDenied': calls('2026-11-13T10:01:00Z') }, '2026-11-13T10:00:00Z'),
    revision('api:14', { 'dynamodb:GetItem': calls('2026-11-10T00:00:00Z'), 'dynamodb:Query': calls('2026-11-10T00:00:00Z', '2026-11-13T09:59:00Z') }),
    revision('worker:3', { 'sqs:ReceiveMessage': calls('2026-11-10T00:00:00Z') }),
  ];

  it('names the first revision that made a call or met a denial no earlier revision did, and what the newest stopped doing', () => {
    const [api14, api15, worker3] = revisionEntries(revs());
    expect(api14).toMatchObject({ revision: 'api:14', newActions: [], newDenials: [], stoppedActions: [] });
    expect(api15).toMatchObject({
      revision: 'api:15',
      firstTask: '2026-11-13T10:00:00Z',
      newActions: [{ action: 's3:DeleteObject', firstSeen: '2026-11-13T11:00:00Z' }],
      newDenials: [{ action: 'sqs:SendMessage', cause: 'no-identity-policy', firstSeen: '2026-11-13T10:01:00Z' }],
      stoppedActions: [{ action: 'dynamodb:Query', lastSeen: '2026-11-13T09:59:00Z', lastRevision: 'api:14' }],
    });
    // A family seen in one revision only has nothing to differ from.
    expect(worker3).toMatchObject({ revision: 'worker:3', newActions: [], stoppedActions: [] });
  });

  it('puts in the weekly drift only what began since the previous report', () => {
    const entries = revisionEntries(revs());
    const base = sampleReport();
    const withRevisions = (r: RoleReport[]) => r.map((x, i) => (i === 0 ? { ...x, revisions: entries } : x));
    const current: Report = { ...base, roles: withRevisions(base.roles) };
    const before = diffReports({ ...base, generatedAt: '2026-11-12T00:00:00Z' }, current);
    expect(before.roles.find((d) => d.roleArn === base.roles[0]!.roleArn)!.revisions?.map((r) => [r.revision, r.newActions.length, r.newDenials.length, r.stoppedActions.length])).toEqual([['api:15', 1, 1, 1]]);
    // A report after the deploy and the denial: only the delete, first called later, is news.
    const after = diffReports({ ...base, generatedAt: '2026-11-13T10:30:00Z' }, current);
    expect(after.roles.find((d) => d.roleArn === base.roles[0]!.roleArn)!.revisions).toMatchObject([{ revision: 'api:15', newActions: [{ action: 's3:DeleteObject' }], newDenials: [], stoppedActions: [] }]);
  });

  it('says "denied since api:15 was deployed" for a denial first alerted while api:15 runs after api:14', () => {
    const tracked = { roleArn: 'arn:aws:iam::1:role/api-task', roleName: 'api-task', accountId: '1', usedAs: ['task' as const], workloads: [], regions: [] };
    const denied = { action: 'sqs:SendMessage', errorCode: 'AccessDenied', cause: 'no-identity-policy' as const, keys: [1], firstSeen: '2026-11-13T10:01:00Z', lastSeen: '2026-11-13T10:01:00Z', resources: { arns: [], overflow: false } };
    const revisionFacts = { revision: 'api:15', firstTask: '2026-11-13T10:00:00Z', earlier: 'api:14' };
    const first = planAlerts(emptyAlertState(), [{ role: tracked, denied, revision: revisionFacts }], '2026-11-13T10:15:00Z', 3_600_000);
    expect(first.alerts[0]!.revision).toMatchObject({ revision: 'api:15', sinceDeployed: true });
    expect(renderAlert(first.alerts[0]!).message).toMatch(/Revision:\s+denied since api:15 was deployed \(first task 2026-11-13T10:00:00Z; api:14 ran before it/);
    // Alerted before: not new with the revision, only which revision the refused tasks ran.
    const again = planAlerts(first.state, [{ role: tracked, denied: { ...denied, keys: [2] }, revision: revisionFacts }], '2026-11-13T12:15:00Z', 3_600_000);
    expect(again.alerts[0]!.revision).toMatchObject({ sinceDeployed: false });
    expect(renderAlert(again.alerts[0]!).message).toMatch(/Revision:\s+the refused tasks ran api:15/);
  });
});
