import { describe, expect, it } from 'vitest';
import { considerAdding } from '../../../core/analyze/consider.ts';
import { evidenceSentence, type EvidenceFacts } from '../../../core/analyze/evidence.ts';
import { isBroadWildcard, riskLabel, roleRisk } from '../../../core/analyze/risk.ts';
import type { DeniedEntry, RoleReport, UnusedEntry } from '../../../core/report/schema.ts';

const denied = (action: string, cause: DeniedEntry['cause'], resources: string[]): DeniedEntry => ({
  action, count: 1, errorCode: 'AccessDenied', cause, firstSeen: 'a', lastSeen: 'b', resources,
});
const unused = (action: string, accessLevel: UnusedEntry['accessLevel']): UnusedEntry => ({ action, accessLevel, grantedBy: ['p'], viaWildcard: false });

describe('consider adding', () => {
  it('offers only calls refused for want of an allow, with every resource they were refused on', () => {
    const consider = considerAdding([
      denied('sqs:SendMessage', 'no-identity-policy', ['arn:aws:sqs:us-east-1:1:b']),
      denied('s3:DeleteObject', 'scp', ['arn:aws:s3:::x/y']),
      denied('sqs:SendMessage', 'no-identity-policy', ['arn:aws:sqs:us-east-1:1:a', 'arn:aws:sqs:us-east-1:1:b']),
      denied('kms:Decrypt', 'permissions-boundary', []),
    ]);
    expect(consider).toEqual([{ action: 'sqs:SendMessage', resources: ['arn:aws:sqs:us-east-1:1:a', 'arn:aws:sqs:us-east-1:1:b'] }]);
  });
});

describe('risk', () => {
  it('counts unused actions by level and by service, and ranks permissions management above wildcards above writes', () => {
    const pm = roleRisk([unused('iam:PutRolePolicy', 'Permissions management')], 0);
    const wildcard = roleRisk([unused('s3:PutObject', 'Write')], 1);
    const writes = roleRisk(Array.from({ length: 40 }, (_, i) => unused(`s3:Put${i}`, 'Write')), 0);
    expect(pm.unusedByAccessLevel).toEqual({ 'Permissions management': 1 });
    expect(writes.unusedByService).toEqual({ s3: 40 });
    expect(pm.score).toBeGreaterThan(wildcard.score);
    expect(wildcard.score).toBeGreaterThan(writes.score);
  });

  it('labels a role high for unused permissions management or wildcards with unused writes, medium for writes or denials', () => {
    const role = (u: UnusedEntry[], wildcards: number, deniedCount = 0) =>
      ({ risk: roleRisk(u, wildcards, { denied: deniedCount }), denied: Array.from({ length: deniedCount }, () => denied('s3:GetObject', 'unknown', [])) }) as RoleReport;
    expect(riskLabel(role([unused('iam:PutRolePolicy', 'Permissions management')], 0))).toBe('high');
    expect(riskLabel(role([unused('s3:PutObject', 'Write')], 1))).toBe('high');
    expect(riskLabel(role([unused('s3:PutObject', 'Write')], 0))).toBe('medium');
    expect(riskLabel(role([unused('s3:GetObject', 'Read')], 1, 1))).toBe('medium');
    expect(riskLabel(role([unused('s3:GetObject', 'Read')], 1))).toBe('low');
  });
});

describe('risk labels and ranking agree', () => {
  const reads = Array.from({ length: 600 }, (_, i) => unused(`s3:Get${i}`, 'Read'));

  it('never ranks a low role above a medium one, nor a medium above a high one', () => {
    const low = roleRisk(reads, 3); // many wildcards and reads: was scored 2,100 and labelled low
    const medium = roleRisk([unused('s3:PutObject', 'Write')], 0); // was scored 10 and labelled medium
    const high = roleRisk([unused('iam:PassRole', 'Permissions management')], 0);
    expect([low.label, medium.label, high.label]).toEqual(['low', 'medium', 'high']);
    expect(medium.score).toBeGreaterThan(low.score);
    expect(high.score).toBeGreaterThan(medium.score);
    expect(roleRisk([], 0, { denied: 1 }).score).toBeGreaterThan(low.score);
  });

  it('calls a broad wildcard used from outside AWS high, whatever is unused', () => {
    expect(roleRisk(reads, 1, { broadWildcard: true, usedOutsideAws: true }).label).toBe('high');
    expect(roleRisk(reads, 1, { broadWildcard: true, usedOutsideAws: false }).label).toBe('low');
    expect(roleRisk(reads, 1, { broadWildcard: false, usedOutsideAws: true }).label).toBe('low');
  });

  it('knows a broad wildcard: a service wildcard, * or NotAction, on every resource', () => {
    const w = (actions: string[], resources: string[]) => ({ policy: 'p', actions, resources });
    expect(isBroadWildcard(w(['s3:*'], ['*']))).toBe(true);
    expect(isBroadWildcard(w(['*'], ['*']))).toBe(true);
    expect(isBroadWildcard(w(['NotAction: iam:*'], ['*']))).toBe(true);
    expect(isBroadWildcard(w(['s3:Get*'], ['*']))).toBe(false);
    expect(isBroadWildcard(w(['s3:*'], ['arn:aws:s3:::b/*']))).toBe(false);
  });

  it('reads the stored label, and derives it for reports written before labels were stored', () => {
    const { label: _omitted, ...old } = roleRisk([unused('s3:PutObject', 'Write')], 0);
    expect(riskLabel({ risk: old, denied: [] } as unknown as RoleReport)).toBe('medium');
  });
});

describe('evidence sentence', () => {
  const facts: EvidenceFacts = {
    grantsStatus: 'known', callEvents: 1204, ecsAssumed: 3, window: { start: '2026-11-09T00:00:00Z', end: '2026-11-16T00:00:00Z' },
    createdInWindow: false, unreadRegions: [],
  };

  it('says what the unused list rests on', () => {
    expect(evidenceSentence(facts)).toBe(
      "Unused means granted, observable, and absent from 1,204 CloudTrail events made by this role's sessions from 2026-11-09T00:00:00Z to 2026-11-16T00:00:00Z; ECS assumed it 3 times.",
    );
  });

  it('says why nothing is unused, the first reason that applies', () => {
    expect(evidenceSentence({ ...facts, grantsStatus: 'unknown', unreadRegions: ['eu-west-1'] })).toMatch(/^Grants unknown/);
    expect(evidenceSentence({ ...facts, unreadRegions: ['eu-west-1'], incompleteRegions: ['us-east-1'] })).toMatch(/^Its tasks run in eu-west-1/);
    expect(evidenceSentence({ ...facts, incompleteRegions: ['us-east-1'] })).toMatch(/^CloudTrail could not be read in full \(us-east-1\)/);
  });

  it('adds the caveats: no call at all, created inside the window, partial grants', () => {
    const s = evidenceSentence({ ...facts, callEvents: 0, ecsAssumed: 0, createdInWindow: true, createDate: '2026-11-10T00:00:00Z', grantsStatus: 'partial' });
    expect(s).toMatch(/no ECS AssumeRole event/);
    expect(s).toMatch(/made no call at all/);
    expect(s).toMatch(/Created 2026-11-10T00:00:00Z inside the window/);
    expect(s).toMatch(/grants may be larger than listed/);
  });
});
