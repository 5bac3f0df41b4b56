/**
 * The fusion rules, one by one, on small reports: which claims IAM last-accessed data adds
 * to CloudTrail's, and when it is not believed (tracking starts, untracked regions, a stale
 * report, a service CloudTrail shows in use).
 */
import { describe, expect, it } from 'vitest';
import { fuseLastAccessed, type FusionInput } from '../../../core/evidence/fuse.ts';
import { mergeLastAccessed, parseLastAccessed, type LastAccessedReport, type ServiceLastAccessed } from '../../../core/evidence/last-accessed.ts';
import { serviceTrackingStart } from '../../../core/evidence/tracking.ts';
import type { DeniedEntry, NotObservableEntry, UnusedEntry, UsedEntry } from '../../../core/report/schema.ts';

const ROLE = 'arn:aws:iam::111122223333:role/app-task';
const GENERATED = '2026-11-17T00:00:00Z';

const report = (services: ServiceLastAccessed[], generatedAt = GENERATED): LastAccessedReport => ({ roleArn: ROLE, generatedAt, source: 'export-file', granularity: 'ACTION_LEVEL', services });
const unusedEntry = (action: string, accessLevel: UnusedEntry['accessLevel'] = 'Write'): UnusedEntry => ({ action, accessLevel, grantedBy: ['p'], viaWildcard: false });
const hidden = (action: string, reason: NotObservableEntry['reason']): NotObservableEntry => ({ action, accessLevel: 'Write', reason, detail: '' });
const used = (action: string, firstSeen: string): UsedEntry => ({ action, accessLevel: 'Read', count: 3, firstSeen, lastSeen: '2026-11-16T10:00:00Z', sessions: 1, resources: [], granted: true });

function fuse(r: LastAccessedReport | undefined, over: Partial<FusionInput> = {}) {
  return fuseLastAccessed({
    ...(r ? { report: r } : {}),
    window: { start: '2026-11-09T00:00:00Z', end: '2026-11-16T23:59:59Z' },
    roleRegions: ['us-east-1'],
    callRegions: ['us-east-1'],
    createDate: '2020-01-01T00:00:00Z',
    used: [],
    denied: [] as DeniedEntry[],
    unused: [],
    notObservable: [],
    unusedEntryOf: (a) => unusedEntry(a),
    ...over,
  });
}

describe('fusing IAM last-accessed data with CloudTrail', () => {
  it('turns a not-observable data-plane action unused when its service was never accessed, and says it rests on IAM alone', () => {
    const f = fuse(report([{ service: 'ses' }]), { notObservable: [hidden('ses:SendEmail', 'no-data-events'), hidden('iam:PassRole', 'permission-only')] });
    expect(f.unused).toEqual([{ ...unusedEntry('ses:SendEmail'), lastAccessed: { level: 'service', since: '2025-10-13T00:00:00Z', until: GENERATED, days: 400 }, notObservableInTrail: 'no-data-events' }]);
    // Permission-only actions are checked while serving another service's call: IAM's silence about their own service proves nothing.
    expect(f.notObservable.map((n) => n.action)).toEqual(['iam:PassRole']);
  });

  it('believes no "never accessed" about a service the role called in the window through an unmapped or indeterminate call', () => {
    const f = fuse(report([{ service: 'ses' }, { service: 's3' }]), {
      notObservable: [hidden('ses:SendEmail', 'unmapped-calls'), hidden('s3:PutObjectTagging', 'possible-use'), hidden('s3:GetObject', 'no-data-events')],
    });
    expect(f.unused.map((u) => u.action)).toEqual(['s3:GetObject']);
    expect(f.notObservable.map((n) => n.action).sort()).toEqual(['s3:PutObjectTagging', 'ses:SendEmail']);
  });

  it('strengthens an unused action that action-level tracking also saw unused, from the documented start only', () => {
    const s3 = { service: 's3', lastAuthenticated: '2026-11-16T00:00:00Z', actions: [{ action: 's3:PutBucketPolicy' }] };
    const ec2 = { service: 'ec2', lastAuthenticated: '2026-11-16T00:00:00Z', actions: [{ action: 'ec2:RunInstances' }] };
    const sqs = { service: 'sqs', lastAuthenticated: '2026-11-16T00:00:00Z', actions: [{ action: 'sqs:PurgeQueue' }] };
    // A role from before the tracking starts; a report from when S3 had been tracked a year, EC2 not yet.
    const f = fuse(report([s3, ec2, sqs], '2021-04-12T00:00:00Z'), {
      window: { end: '2021-04-11T00:00:00Z' },
      createDate: '2015-01-01T00:00:00Z',
      unused: [unusedEntry('ec2:RunInstances'), unusedEntry('s3:PutBucketPolicy'), unusedEntry('sqs:PurgeQueue')],
    });
    const claims = Object.fromEntries(f.unused.map((u) => [u.action, u.lastAccessed]));
    expect(claims['s3:PutBucketPolicy']).toEqual({ level: 'action', since: '2020-04-12T00:00:00Z', until: '2021-04-12T00:00:00Z', days: 365 });
    expect(claims['ec2:RunInstances']).toEqual({ level: 'action', since: '2021-04-07T00:00:00Z', until: '2021-04-12T00:00:00Z', days: 5 });
    // SQS action tracking has no documented start here: no claim, and the report says why.
    expect(claims['sqs:PurgeQueue']).toBeUndefined();
    expect(f.lastAccessed.limitations).toContain('action-level data for sqs counts as evidence of use only: no documented tracking start');
  });

  it('moves an action used before the window out of unused (and out of not observable): used earlier, with its date', () => {
    const s3 = { service: 's3', lastAuthenticated: '2026-11-16T00:00:00Z', actions: [{ action: 's3:PutLifecycleConfiguration', lastAccessed: '2026-10-03T04:12:09Z', region: 'eu-west-1' }, { action: 's3:PutBucketAcl', lastAccessed: '2026-08-03T00:00:00Z' }] };
    const f = fuse(report([s3]), { unused: [unusedEntry('s3:PutLifecycleConfiguration')], notObservable: [hidden('s3:PutBucketAcl', 'incomplete-input')] });
    expect(f.unused).toEqual([]);
    expect(f.notObservable).toEqual([]);
    expect(f.lastAccessed.usedEarlier).toEqual([
      { action: 's3:PutBucketAcl', accessLevel: 'Write', lastAccessed: '2026-08-03T00:00:00Z' },
      { action: 's3:PutLifecycleConfiguration', accessLevel: 'Write', lastAccessed: '2026-10-03T04:12:09Z', region: 'eu-west-1' },
    ]);
  });

  it('lets CloudTrail win a disagreement, reports it with its likely cause, and stops believing the report about that service', () => {
    const f = fuse(report([{ service: 'dynamodb' }], '2026-11-13T03:00:00Z'), {
      window: { end: '2026-11-13T03:00:00Z' },
      used: [used('dynamodb:DescribeTable', '2026-11-13T02:00:22Z'), used('dynamodb:ListTables', '2026-11-10T00:00:00Z'), used('dynamodb:GetItem', '2026-11-13T05:00:00Z')],
      notObservable: [hidden('dynamodb:Scan', 'no-data-events')],
    });
    expect(f.lastAccessed.disagreements.map((d) => [d.action, d.likelyCause])).toEqual([
      ['dynamodb:DescribeTable', 'tracking-lag'],
      ['dynamodb:ListTables', 'unknown'],
    ]);
    // A call after the report contradicts nothing; Scan stays not observable: the report is wrong about dynamodb.
    expect(f.notObservable.map((n) => n.action)).toEqual(['dynamodb:Scan']);
    expect(f.lastAccessed.limitations[0]).toMatch(/^CloudTrail shows dynamodb attempted before the report, which says never/);
  });

  it('takes a denied call as an attempt too: the report cannot have seen none', () => {
    const denied: DeniedEntry = { action: 'ses:GetAccount', count: 1, errorCode: 'AccessDenied', cause: 'permissions-boundary', firstSeen: '2026-11-10T00:00:00Z', lastSeen: '2026-11-10T00:00:00Z', resources: [] };
    const f = fuse(report([{ service: 'ses' }]), { denied: [denied], notObservable: [hidden('ses:SendEmail', 'no-data-events')] });
    expect(f.unused).toEqual([]);
  });

  it('claims nothing "not accessed" from a report older than the window, nor for a role in a region IAM does not track', () => {
    const stale = fuse(report([{ service: 'ses' }], '2026-11-10T00:00:00Z'), { notObservable: [hidden('ses:SendEmail', 'no-data-events')] });
    expect(stale.unused).toEqual([]);
    expect(stale.lastAccessed.limitations[0]).toMatch(/older than the window's end/);
    const untracked = fuse(report([{ service: 'ses' }]), { roleRegions: ['ap-southeast-5'], notObservable: [hidden('ses:SendEmail', 'no-data-events')] });
    expect(untracked.unused).toEqual([]);
    expect(untracked.lastAccessed.limitations[0]).toMatch(/ap-southeast-5, where IAM does not track/);
  });

  it('bounds a claim by the role\'s creation and the region\'s tracking start', () => {
    expect(serviceTrackingStart(GENERATED, ['us-east-1'], '2026-11-01T00:00:00Z')).toBe('2026-11-01T00:00:00Z');
    expect(serviceTrackingStart('2022-01-01T00:00:00Z', ['ap-southeast-3'])).toBe('2021-12-13T00:00:00Z');
    const young = fuse(report([{ service: 'ses' }]), { createDate: '2026-11-01T00:00:00Z', unused: [unusedEntry('ses:SendEmail')] });
    expect(young.unused[0]!.lastAccessed?.days).toBe(16);
  });

  it('says why a role has no claims when it has no report, and changes nothing', () => {
    const f = fuse(undefined, { missing: 'no IAM last-accessed file for this role in the export', unused: [unusedEntry('s3:PutBucketPolicy')] });
    expect(f.unused).toEqual([unusedEntry('s3:PutBucketPolicy')]);
    expect(f.lastAccessed).toEqual({ limitations: ['no IAM last-accessed file for this role in the export'], usedEarlier: [], disagreements: [] });
  });
});

describe('reading last-accessed reports', () => {
  const cli = {
    JobStatus: 'COMPLETED',
    JobType: 'ACTION_LEVEL',
    JobCompletionDate: '2026-11-17T00:00:05.123000+00:00',
    ServicesLastAccessed: [
      { ServiceNamespace: 'S3', LastAuthenticated: '2026-11-16T23:59:03+00:00', TrackedActionsLastAccessed: [{ ActionName: 'PutBucketPolicy' }, { ActionName: 's3:CreateBucket', LastAccessedTime: '2026-01-02T00:00:00Z' }] },
      { ServiceNamespace: 'sns' },
      { ServiceNamespace: 'kms', LastAuthenticated: 'yesterday' },
    ],
  };

  it('reads the CLI\'s JSON: dates to ISO seconds, bare action names prefixed, an unreadable entry skipped and counted', () => {
    const parsed = parseLastAccessed(cli, ROLE, 'export-file');
    expect(parsed).toEqual({
      ok: true,
      skipped: 1,
      report: {
        roleArn: ROLE,
        generatedAt: '2026-11-17T00:00:05Z',
        source: 'export-file',
        granularity: 'ACTION_LEVEL',
        services: [
          { service: 's3', lastAuthenticated: '2026-11-16T23:59:03Z', actions: [{ action: 's3:PutBucketPolicy' }, { action: 's3:CreateBucket', lastAccessed: '2026-01-02T00:00:00Z' }] },
          { service: 'sns' },
        ],
      },
    });
  });

  it('refuses a job that did not complete, or has no date to bound its claims', () => {
    expect(parseLastAccessed({ ...cli, JobStatus: 'IN_PROGRESS' }, ROLE, 'export-file')).toEqual({ ok: false, error: 'job status is IN_PROGRESS, not COMPLETED' });
    expect(parseLastAccessed({ ...cli, JobCompletionDate: undefined }, ROLE, 'export-file')).toEqual({ ok: false, error: 'no JobCompletionDate: the span the report covers is unknown' });
  });

  it('merges pages and repeated exports: the latest use wins, the earliest report time bounds the claims', () => {
    const a = report([{ service: 's3', actions: [{ action: 's3:PutBucketPolicy' }] }, { service: 'sns' }], '2026-11-17T00:00:00Z');
    const b = report([{ service: 's3', lastAuthenticated: '2026-11-01T00:00:00Z', actions: [{ action: 's3:PutBucketPolicy', lastAccessed: '2026-11-01T00:00:00Z' }] }], '2026-11-16T00:00:00Z');
    const merged = mergeLastAccessed([a, b])!;
    expect(merged.generatedAt).toBe('2026-11-16T00:00:00Z');
    expect(merged.services).toEqual([
      { service: 's3', lastAuthenticated: '2026-11-01T00:00:00Z', actions: [{ action: 's3:PutBucketPolicy', lastAccessed: '2026-11-01T00:00:00Z' }] },
      { service: 'sns' },
    ]);
  });
});
