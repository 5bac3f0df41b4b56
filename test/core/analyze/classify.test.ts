import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import {
  ActionClassifier,
  classifyForRole,
  classifyUnseen,
  observabilityInInput,
  unreadRegionsOf,
  type InputVisibility,
} from '../../../core/analyze/classify.ts';
import { catalog } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

/** A trail with S3 data events and both kinds of management events. */
const s3Trail: InputVisibility = { dataEventServices: new Set(['s3']), managementSeen: { readOnly: true, write: true } };
const lookupEvents: InputVisibility = { dataEventServices: new Set() };

const classOf = (action: string, input: InputVisibility) => classifyUnseen(action, observabilityInInput(cat, action, input));

describe('classifying a granted action nobody called', () => {
  it('unused: a management action the input could have shown', () => {
    expect(classOf('s3:PutBucketPolicy', lookupEvents)).toBe('unused');
    expect(classOf('dynamodb:DeleteTable', s3Trail)).toBe('unused');
  });

  it('unused: a data-plane action of a service whose data events the input holds', () => {
    expect(classOf('s3:GetObject', s3Trail)).toBe('unused');
  });

  it('needs no permission: sts:GetCallerIdentity, whatever the input', () => {
    expect(classOf('sts:GetCallerIdentity', lookupEvents)).toBe('needs-no-permission');
    expect(classOf('sts:GetCallerIdentity', { ...lookupEvents, incompleteRegions: ['eu-west-1'] })).toBe('needs-no-permission');
  });

  it('not observable: permission-only and unlogged actions, with the reason', () => {
    expect(classOf('iam:PassRole', s3Trail)).toBe('not-observable');
    expect(observabilityInInput(cat, 'iam:PassRole', s3Trail).reason).toBe('permission-only');
    expect(classOf('logs:PutLogEvents', s3Trail)).toBe('not-observable');
    expect(observabilityInInput(cat, 'logs:PutLogEvents', s3Trail).reason).toBe('not-logged');
  });

  it('not observable: a data-plane action when the input holds no data events for its service', () => {
    expect(classOf('s3:GetObject', lookupEvents)).toBe('not-observable');
    expect(classOf('dynamodb:GetItem', s3Trail)).toBe('not-observable');
    expect(observabilityInInput(cat, 'dynamodb:GetItem', s3Trail)).toMatchObject({ reason: 'no-data-events', detail: expect.stringMatching(/dynamodb/) });
  });

  it('not observable: reads when the trail recorded only writes, and the other way round', () => {
    // Another principal's records told the kinds: DeleteLogGroup with readOnly false, DescribeLogGroups true.
    const writesOnly: InputVisibility = { dataEventServices: new Set(), managementSeen: { readOnly: false, write: true }, operationKinds: { readOnly: new Set(), write: new Set(['logs:deleteloggroup']) } };
    expect(classOf('logs:DescribeLogGroups', writesOnly)).toBe('not-observable');
    expect(classOf('logs:DeleteLogGroup', writesOnly)).toBe('unused');
    const readsOnly: InputVisibility = { dataEventServices: new Set(), managementSeen: { readOnly: true, write: false }, operationKinds: { readOnly: new Set(['logs:describeloggroups']), write: new Set() } };
    expect(classOf('logs:DescribeLogGroups', readsOnly)).toBe('unused');
    expect(classOf('logs:DeleteLogGroup', readsOnly)).toBe('not-observable');
  });

  it('judges the kind of a call by what CloudTrail records, not by the IAM access level (a write-only trail)', () => {
    // kms:Decrypt and sts:AssumeRole are Write in IAM and readOnly: true in CloudTrail: a write-only trail never shows them.
    const writesOnly: InputVisibility = { dataEventServices: new Set(), managementSeen: { readOnly: false, write: true }, operationKinds: { readOnly: new Set(), write: new Set(['ssm:putparameter']) } };
    for (const a of ['kms:Decrypt', 'kms:GenerateDataKey', 'sts:AssumeRole']) {
      expect(cat.lookup(a)?.accessLevel).toBe('Write');
      expect(classOf(a, writesOnly)).toBe('not-observable');
      expect(observabilityInInput(cat, a, writesOnly).detail).toMatch(/no read-only management events.*records its calls as read-only/);
    }
    // The input's own records said PutParameter is a write: observable, unused when absent.
    expect(classOf('ssm:PutParameter', writesOnly)).toBe('unused');
    // Nothing says how CloudTrail records ec2:RunInstances: it could be either kind, so a one-sided input proves nothing.
    expect(classOf('ec2:RunInstances', writesOnly)).toBe('not-observable');
    expect(observabilityInInput(cat, 'ec2:RunInstances', writesOnly).detail).toMatch(/is not known/);
    // With both kinds in the input, the kind does not matter.
    expect(classOf('kms:Decrypt', { dataEventServices: new Set(), managementSeen: { readOnly: true, write: true } })).toBe('unused');
  });

  it('needs every operation that authorises an action to be of a kind the input holds', () => {
    // secretsmanager:GetSecretValue is needed by GetSecretValue and BatchGetSecretValue: a read-only input that saw only one of them proves nothing.
    const readsOnly = (ops: string[]): InputVisibility => ({ dataEventServices: new Set(), managementSeen: { readOnly: true, write: false }, operationKinds: { readOnly: new Set(ops), write: new Set() } });
    expect(classOf('secretsmanager:GetSecretValue', readsOnly(['secretsmanager:getsecretvalue']))).toBe('not-observable');
    expect(classOf('secretsmanager:GetSecretValue', readsOnly(['secretsmanager:getsecretvalue', 'secretsmanager:batchgetsecretvalue']))).toBe('unused');
    // Documented read-only operations need no record: a read-only trail shows kms:Decrypt.
    expect(classOf('kms:Decrypt', readsOnly([]))).toBe('unused');
  });

  it('not observable: everything that needs a permission, when some CloudTrail could not be read in full', () => {
    const incomplete: InputVisibility = { ...s3Trail, incompleteRegions: ['eu-west-1', 'us-east-1'] };
    expect(classOf('s3:PutBucketPolicy', incomplete)).toBe('not-observable');
    expect(observabilityInInput(cat, 's3:PutBucketPolicy', incomplete)).toEqual({
      observable: false,
      reason: 'incomplete-input',
      detail: 'CloudTrail not read in full for eu-west-1, us-east-1',
    });
  });
});

describe('the role-level rule', () => {
  it('turns unused into not observable for a role whose tasks run where CloudTrail was not read', () => {
    expect(classifyForRole('unused', ['eu-west-1'])).toBe('not-observable');
    expect(classifyForRole('unused', [])).toBe('unused');
    expect(classifyForRole('needs-no-permission', ['eu-west-1'])).toBe('needs-no-permission');
    expect(classifyForRole('not-observable', ['eu-west-1'])).toBe('not-observable');
  });

  it('finds the regions a role runs in whose CloudTrail is missing', () => {
    expect(unreadRegionsOf(['us-east-1', 'eu-west-1'], new Set(['us-east-1']))).toEqual(['eu-west-1']);
    expect(unreadRegionsOf(['us-east-1'], new Set(['us-east-1', 'eu-west-1']))).toEqual([]);
  });
});

describe('the per-run classifier', () => {
  it('gives the same class as the rule, for any action, however often asked', () => {
    const classifier = new ActionClassifier(cat, s3Trail);
    for (const action of ['s3:PutBucketPolicy', 's3:GetObject', 'dynamodb:GetItem', 'iam:PassRole', 'sts:GetCallerIdentity', 's3:PutBucketPolicy']) {
      expect(classifier.classOf(action)).toBe(classOf(action, s3Trail));
    }
    expect(classifier.observability('dynamodb:GetItem').reason).toBe('no-data-events');
  });
});
