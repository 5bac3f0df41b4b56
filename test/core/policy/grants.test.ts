import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { effectiveGrants } from '../../../core/policy/grants.ts';
import { allow, catalog, policy, roleGrants } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const names = (g: ReturnType<typeof effectiveGrants>) => [...g.actions.keys()].sort();

describe('effectiveGrants', () => {
  it('expands wildcards case-insensitively to canonical catalog names', () => {
    const g = effectiveGrants(roleGrants('r', [policy('p', allow('S3:getobj*'))]), cat);
    expect(names(g)).toContain('s3:GetObject');
    expect(names(g)).toContain('s3:GetObjectAcl');
    expect(names(g).every((a) => a.startsWith('s3:GetObject'))).toBe(true);
    expect(g.actions.get('s3:GetObject')?.grantedBy[0]).toMatchObject({ policy: 'p', viaWildcard: true, resources: ['*'] });
  });

  it('records access level, policy, Sid, resources and condition per granted action', () => {
    const doc = { Statement: [{ Sid: 'Put', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] };
    const g = effectiveGrants(roleGrants('r', [policy('p', doc)]), cat);
    expect(g.actions.get('s3:PutObject')).toEqual({
      action: 's3:PutObject',
      accessLevel: 'Write',
      grantedBy: [{ policy: 'p', sid: 'Put', resources: ['arn:aws:s3:::b/*'], condition: { Bool: { 'aws:SecureTransport': 'true' } }, viaWildcard: false }],
    });
    const pm = effectiveGrants(roleGrants('r', [policy('p', allow('iam:PutRolePolicy'))]), cat);
    expect(pm.actions.get('iam:PutRolePolicy')?.accessLevel).toBe('Permissions management');
  });

  it('grants everything but the listed actions with Allow + NotAction', () => {
    const g = effectiveGrants(roleGrants('r', [policy('p', { Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }] })]), cat);
    expect(g.actions.has('iam:PassRole')).toBe(false);
    expect(g.actions.has('organizations:LeaveOrganization')).toBe(false);
    expect(g.actions.has('s3:GetObject')).toBe(true);
    expect(g.actions.size).toBeGreaterThan(10_000);
  });

  it('subtracts an unconditional Deny on every resource', () => {
    const g = effectiveGrants(
      roleGrants('r', [policy('allow', allow('dynamodb:*')), policy('deny', { Statement: [{ Effect: 'Deny', Action: 'dynamodb:Delete*', Resource: '*' }] })]),
      cat,
    );
    expect(g.actions.has('dynamodb:DeleteItem')).toBe(false);
    expect(g.actions.has('dynamodb:DeleteTable')).toBe(false);
    expect(g.actions.has('dynamodb:GetItem')).toBe(true);
  });

  it('keeps an action under a conditional or resource-scoped Deny', () => {
    const g = effectiveGrants(
      roleGrants('r', [
        policy('allow', allow(['s3:GetObject', 's3:PutObject'])),
        policy('deny', {
          Statement: [
            { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::secret/*' },
            { Effect: 'Deny', Action: 's3:PutObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          ],
        }),
      ]),
      cat,
    );
    expect(names(g)).toEqual(['s3:GetObject', 's3:PutObject']);
  });

  it('notes the partial Denies of its own policies on the actions they limit, for the suggestion to carry; never a boundary\'s', () => {
    const onSecret = { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:Get*', Resource: 'arn:aws:s3:::secret/*' };
    const g = effectiveGrants(
      roleGrants(
        'r',
        [policy('allow', allow(['s3:GetObject', 's3:PutObject', 'sqs:SendMessage'])), policy('deny', { Statement: [onSecret, { Effect: 'Deny', Action: 'sqs:*', Resource: '*' }] })],
        policy('b', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' }] }, 'managed'),
      ),
      cat,
    );
    expect(g.actions.get('s3:GetObject')!.deniedBy).toEqual([{ policy: 'deny', sid: 'NoSecrets', resources: ['arn:aws:s3:::secret/*'] }]);
    // The boundary stays attached whatever replaces the policies: nothing of it to carry.
    expect(g.actions.get('s3:PutObject')!.deniedBy).toBeUndefined();
    // Denied everywhere: gone, not carried.
    expect(g.actions.has('sqs:SendMessage')).toBe(false);
  });

  it('intersects with the permissions boundary', () => {
    const g = effectiveGrants(
      roleGrants('r', [policy('p', allow(['sqs:*', 'iam:PassRole', 'ses:SendEmail']))], policy('boundary', allow(['sqs:*', 'ses:Send*'], '*'), 'managed')),
      cat,
    );
    expect(g.actions.has('sqs:SendMessage')).toBe(true);
    expect(g.actions.has('ses:SendEmail')).toBe(true);
    expect(g.actions.has('iam:PassRole')).toBe(false);
  });

  it('subtracts what a boundary denies, and keeps what it allows only on some resources', () => {
    const boundary = policy(
      'b',
      {
        Statement: [
          { Effect: 'Allow', Action: 's3:*', Resource: '*' },
          { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:us-east-1:1:table/t' },
          { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
        ],
      },
      'managed',
    );
    const g = effectiveGrants(roleGrants('r', [policy('p', allow(['s3:DeleteBucket', 's3:GetObject', 'dynamodb:GetItem']))], boundary), cat);
    expect(names(g)).toEqual(['dynamodb:GetItem', 's3:GetObject']);
  });

  it('keeps and reports actions the catalog does not know', () => {
    const g = effectiveGrants(roleGrants('r', [policy('p', allow(['s3:GetObject', 's3:GetObjectz', 'nosuchservice:*']))]), cat);
    expect(g.unknownActions).toEqual([
      { action: 's3:GetObjectz', policy: 'p' },
      { action: 'nosuchservice:*', policy: 'p' },
    ]);
    expect(g.actions.has('s3:GetObject')).toBe(true);
  });

  it('reports a policy whose document could not be read', () => {
    const g = effectiveGrants(
      roleGrants('r', [{ id: 'arn:x', name: 'gone', kind: 'managed', problem: 'not in the IAM export' }, policy('p', allow('s3:GetObject'))]),
      cat,
    );
    expect(g.problems).toEqual(['managed policy gone: not in the IAM export']);
    expect(names(g)).toEqual(['s3:GetObject']);
  });
});
