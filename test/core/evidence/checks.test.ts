/**
 * What a suggestion is compared with (the role's identity policies as one document) and
 * when it is not compared at all: a suggestion is never called verified on grants that
 * were not read in full.
 */
import { describe, expect, it } from 'vitest';
import { checkSuggestions } from '../../../core/evidence/check-suggestions.ts';
import { combinedIdentityPolicy, combinedSuggestion } from '../../../core/evidence/combine.ts';
import { checksOff, type SuggestionCheckRequest, type SuggestionChecker } from '../../../core/evidence/ports.ts';
import type { Report, RoleReport } from '../../../core/report/schema.ts';
import { ACCOUNT, allow, policy, roleGrants } from '../../helpers/fixtures.ts';

const inline = policy('app', { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }, { Sid: 'NoDelete', Effect: 'Deny', NotAction: ['s3:Get*'], Resource: '*' }] });
// Its Sid repeats the inline policy's: fine across policies, not within one document.
const managed = policy('queues', { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 'sqs:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] }, 'managed');
const boundary = policy('boundary', allow('*'), 'managed');

describe('the documents CheckNoNewAccess compares', () => {
  it('combines every identity policy\'s statements into one document, Allow and Deny, without Sids (they may repeat), and leaves the boundary out', () => {
    const doc = combinedIdentityPolicy(roleGrants('app-task', [inline, managed], boundary));
    expect(doc).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] },
        { Effect: 'Deny', NotAction: ['s3:Get*'], Resource: ['*'] },
        { Effect: 'Allow', Action: ['sqs:*'], Resource: ['*'], Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      ],
    });
  });

  it('puts a split suggestion back together: a role attaches all its documents', () => {
    const a = { Version: '2012-10-17' as const, Statement: [{ Sid: 'UsedS3Part1', Effect: 'Allow' as const, Action: ['s3:GetObject'], Resource: ['*'] }] };
    const b = { Version: '2012-10-17' as const, Statement: [{ Sid: 'UsedS3Part2', Effect: 'Allow' as const, Action: ['s3:PutObject'], Resource: ['*'] }] };
    expect(combinedSuggestion([a, b]).Statement.map((s) => s.Sid)).toEqual(['UsedS3Part1', 'UsedS3Part2']);
  });
});

describe('checking every suggestion', () => {
  const role = (name: string, suggested = true): RoleReport =>
    ({ roleArn: `arn:aws:iam::${ACCOUNT}:role/${name}`, roleName: name, suggestedPolicies: suggested ? [{ Version: '2012-10-17', Statement: [{ Sid: 'UsedS3', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] }] }] : [] }) as unknown as RoleReport;
  const report = (...roles: RoleReport[]) => ({ roles }) as unknown as Report;

  it('compares each suggestion with the role\'s current policies, and never one whose policies were not all read', async () => {
    const asked: SuggestionCheckRequest[] = [];
    const checker: SuggestionChecker = { check: async (r) => (asked.push(r), { status: 'verified', detail: 'ok' }) };
    const partial = roleGrants('half-read', [inline, { id: 'inline:broken', name: 'broken', kind: 'inline', problem: 'policy document is not valid JSON' }]);
    const grants = new Map([
      [`${ACCOUNT}:app-task`, roleGrants('app-task', [inline])],
      [`${ACCOUNT}:half-read`, partial],
    ]);
    const r = report(role('app-task'), role('half-read'), role('unknown-grants'), role('nothing-to-suggest', false));
    await checkSuggestions(r, grants, checker);
    expect(r.roles.map((x) => x.suggestionCheck)).toEqual([
      { status: 'verified', detail: 'ok' },
      { status: 'not-checked', reason: 'current policies not read in full (broken): nothing exact to compare with' },
      { status: 'not-checked', reason: 'grants unknown: the current policies to compare with could not be read' },
      undefined,
    ]);
    expect(asked).toEqual([{ roleArn: `arn:aws:iam::${ACCOUNT}:role/app-task`, current: combinedIdentityPolicy(roleGrants('app-task', [inline])), suggestion: r.roles[0]!.suggestedPolicies }]);
  });

  it('says why nothing was checked when the checks are off', async () => {
    const r = report(role('app-task'));
    await checkSuggestions(r, new Map(), checksOff('turned off (--no-aws-checks)'));
    expect(r.roles[0]!.suggestionCheck).toEqual({ status: 'not-checked', reason: 'turned off (--no-aws-checks)' });
  });
});
