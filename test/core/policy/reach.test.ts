import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { effectiveGrants } from '../../../core/policy/grants.ts';
import { namesWholeService } from '../../../core/policy/reach.ts';
import { allow, catalog, policy, roleGrants } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const granted = (doc: unknown, boundary?: unknown, roleArnPath = '/') => {
  const role = roleGrants('r', [policy('p', doc)], boundary ? policy('b', boundary, 'managed') : undefined, roleArnPath);
  return effectiveGrants(role, cat).actions;
};

describe('a grant reaches only what its resources can match', () => {
  it('s3:* on one bucket grants no action that takes no resource or another resource type', () => {
    const g = granted(allow('s3:*', 'arn:aws:s3:::media-store'));
    for (const a of ['s3:ListAllMyBuckets', 's3:PutAccountPublicAccessBlock', 's3:CreateJob', 's3:GetObject', 's3:PutObject']) expect(g.has(a), a).toBe(false);
    for (const a of ['s3:ListBucket', 's3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucket']) expect(g.has(a), a).toBe(true);
    const objects = granted(allow('s3:*', ['arn:aws:s3:::media-store', 'arn:aws:s3:::media-store/*']));
    expect(objects.has('s3:GetObject')).toBe(true);
    expect(objects.has('s3:ListAllMyBuckets')).toBe(false);
  });

  it('dynamodb:* on one table does not grant ListTables', () => {
    const g = granted(allow('dynamodb:*', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders'));
    expect(g.has('dynamodb:ListTables')).toBe(false);
    expect(g.has('dynamodb:GetItem')).toBe(true);
    expect(g.has('dynamodb:Query')).toBe(true);
  });

  it('reads a wildcard in the region or account field as that field only: real ARNs hold no colon there', () => {
    const snapshots = granted(allow('ec2:*', 'arn:aws:ec2:*:*:snapshot/*'));
    expect(snapshots.has('ec2:CopySnapshot')).toBe(true);
    expect(snapshots.has('ec2:ModifySnapshotAttribute')).toBe(true);
    expect(snapshots.has('ec2:TerminateInstances')).toBe(false);
    expect(snapshots.has('ec2:DescribeInstances')).toBe(false);
    expect(snapshots.size).toBeLessThan(60);
    const table = granted(allow('dynamodb:*', 'arn:aws:dynamodb:*:*:table/orders'));
    expect(table.has('dynamodb:GetItem')).toBe(true);
    expect(table.has('dynamodb:DescribeBackup')).toBe(false); // a backup ARN is table/orders/backup/…
    expect(table.has('dynamodb:ListTables')).toBe(false);
    // A trailing * still runs past colons: qualified Lambda ARNs, everything of a service.
    expect(granted(allow('lambda:InvokeFunction', 'arn:aws:lambda:*:*:function:orders:*')).has('lambda:InvokeFunction')).toBe(true);
    expect(granted(allow('ec2:TerminateInstances', 'arn:aws:ec2:*')).has('ec2:TerminateInstances')).toBe(true);
  });

  it('grants actions that take no resource on *, and on a whole-service ARN as AWS examples write it', () => {
    expect(granted(allow('s3:ListAllMyBuckets', '*')).has('s3:ListAllMyBuckets')).toBe(true);
    expect(granted(allow('s3:ListAllMyBuckets', 'arn:aws:s3:::*')).has('s3:ListAllMyBuckets')).toBe(true);
    expect(granted(allow('s3:ListAllMyBuckets', 'arn:aws:s3:::b*')).has('s3:ListAllMyBuckets')).toBe(false);
    expect(namesWholeService('arn:aws:ec2:*:*:*', 'ec2')).toBe(true);
    expect(namesWholeService('arn:aws:ec2:*:*:instance/*', 'ec2')).toBe(false);
    expect(namesWholeService('arn:aws:s3:::*', 'ec2')).toBe(false);
  });

  it('matches templates by segment: policy variables are wildcards, partition and region stop at ":"', () => {
    expect(granted(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*')).has('s3:GetObject')).toBe(true);
    expect(granted(allow('sqs:SendMessage', 'arn:aws:sqs:*:*:orders-*')).has('sqs:SendMessage')).toBe(true);
    expect(granted(allow('sqs:SendMessage', 'arn:aws:sns:*:*:orders-*')).has('sqs:SendMessage')).toBe(false);
    // A role's credentials work in its own partition only.
    expect(granted(allow('s3:GetObject', 'arn:aws-cn:s3:::b/*')).has('s3:GetObject')).toBe(false);
  });

  it('NotResource takes away only what it covers in full', () => {
    const spared = granted({ Statement: [{ Effect: 'Allow', Action: 's3:*', NotResource: ['arn:aws:s3:::secret', 'arn:aws:s3:::secret/*'] }] });
    expect(spared.has('s3:GetObject')).toBe(true);
    expect(spared.has('s3:ListAllMyBuckets')).toBe(true);
    const nothing = granted({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListAllMyBuckets'], NotResource: '*' }] });
    expect(nothing.size).toBe(0);
    const noBuckets = granted({ Statement: [{ Effect: 'Allow', Action: ['s3:DeleteBucket', 's3:ListBucket', 'sqs:SendMessage'], NotResource: 'arn:aws:s3:::*' }] });
    // ListBucket also takes an access point ARN, which `arn:aws:s3:::*` does not cover.
    expect([...noBuckets.keys()].sort()).toEqual(['s3:ListBucket', 'sqs:SendMessage']);
  });

  it('an unconditional Deny removes an action when it covers every resource the action can have', () => {
    const doc = (deny: string | string[]) => ({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: deny }] });
    const bucketsAndObjects = granted(doc('arn:aws:s3:::*'));
    expect(bucketsAndObjects.has('s3:DeleteBucket')).toBe(false);
    expect(bucketsAndObjects.has('s3:ListBucket')).toBe(true); // still allowed through an access point ARN
    expect(bucketsAndObjects.has('s3:CreateJob')).toBe(true); // takes no resource
    expect(bucketsAndObjects.has('s3:GetObject')).toBe(true); // still allowed through an access point ARN
    const one = granted(doc('arn:aws:s3:::b/*'));
    expect(one.has('s3:GetObject')).toBe(true);
    expect(granted(doc('*')).size).toBe(0);
  });

  it('the boundary lets through only what one of its Allow statements reaches', () => {
    const g = granted(allow(['s3:*', 'sqs:SendMessage']), { Statement: [{ Effect: 'Allow', Action: ['s3:*', 'sqs:*'], Resource: 'arn:aws:s3:::b/*' }] });
    expect(g.has('s3:GetObject')).toBe(true);
    expect(g.has('s3:ListAllMyBuckets')).toBe(false);
    expect(g.has('s3:CreateJob')).toBe(false);
    expect(g.has('sqs:SendMessage')).toBe(false);
  });
});

describe('a referenced policy missing from the export', () => {
  it('makes grants partial and says the boundary could not limit them', () => {
    const role = roleGrants('r', [policy('p', allow('s3:*'))], { id: 'arn:aws:iam::111122223333:policy/b', name: 'b', kind: 'managed', problem: 'not in the IAM export' });
    const g = effectiveGrants(role, cat);
    expect(g.problems).toEqual(['permissions boundary b: not in the IAM export; its limits could not be applied, so grants and unused may be overstated']);
    expect(g.actions.has('s3:GetObject')).toBe(true);
  });
});
