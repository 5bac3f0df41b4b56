import { describe, expect, it } from 'vitest';
import { isDataPlaneAction, observabilityOf, requiresPermission } from '../../../core/catalog/observability.ts';

const none = new Set<string>();

describe('observabilityOf', () => {
  it('never observes permission-only actions', () => {
    expect(observabilityOf('iam:PassRole', new Set(['iam']))).toMatchObject({ observable: false, reason: 'permission-only' });
  });

  it('never observes actions CloudTrail does not log', () => {
    expect(observabilityOf('logs:PutLogEvents', none)).toMatchObject({ observable: false, reason: 'not-logged' });
  });

  it('observes data-plane actions only when the input holds data events of that service', () => {
    expect(observabilityOf('s3:GetObject', none)).toMatchObject({ observable: false, reason: 'no-data-events' });
    expect(observabilityOf('s3:GetObject', new Set(['s3']))).toEqual({ observable: true });
    expect(observabilityOf('dynamodb:PutItem', new Set(['s3']))).toMatchObject({ observable: false, reason: 'no-data-events' });
    expect(observabilityOf('sqs:SendMessage', none).observable).toBe(false);
    expect(observabilityOf('lambda:InvokeFunction', none).observable).toBe(false);
    expect(observabilityOf('sns:Publish', none).observable).toBe(false);
  });

  it('observes management actions whatever the data events', () => {
    expect(observabilityOf('s3:PutBucketPolicy', none)).toEqual({ observable: true });
    expect(observabilityOf('s3:GetBucketObjectLockConfiguration', none)).toEqual({ observable: true });
    expect(observabilityOf('dynamodb:DeleteTable', none)).toEqual({ observable: true });
    expect(observabilityOf('secretsmanager:GetSecretValue', none)).toEqual({ observable: true });
  });

  it('knows sts:GetCallerIdentity needs no permission', () => {
    expect(requiresPermission('sts:GetCallerIdentity')).toBe(false);
    expect(requiresPermission('sts:AssumeRole')).toBe(true);
  });

  it('cannot observe reads when the input holds only write management events, nor writes in a read-only input', () => {
    const writesOnly = { readOnly: false, write: true };
    expect(observabilityOf('s3:GetBucketPolicy', none, { ...writesOnly, isRead: true })).toMatchObject({ observable: false, reason: 'not-logged' });
    expect(observabilityOf('s3:PutBucketPolicy', none, { ...writesOnly, isRead: false })).toEqual({ observable: true });
    expect(observabilityOf('s3:PutBucketPolicy', none, { readOnly: true, write: false, isRead: false })).toMatchObject({ observable: false });
  });

  it('takes permission-only actions from the mapping data, not a hand list', () => {
    for (const a of ['s3:BypassGovernanceRetention', 's3:ObjectOwnerOverrideToBucketOwner', 'ecs:AllowVendedLogDeliveryForResource', 'iam:PassRole', 'sts:TagSession']) {
      expect(observabilityOf(a, none)).toMatchObject({ observable: false, reason: 'permission-only' });
    }
    // Authorised by an operation (TransactWriteItems, ExecuteStatement, its own API): no longer permission-only.
    expect(observabilityOf('dynamodb:ConditionCheckItem', new Set(['dynamodb']))).toEqual({ observable: true });
    expect(observabilityOf('dynamodb:PartiQLSelect', new Set(['dynamodb']))).toEqual({ observable: true });
    expect(observabilityOf('kms:GenerateDataKeyWithoutPlaintext', none)).toEqual({ observable: true });
    // A service the data does not cover: its own hand entry, or "not known".
    expect(observabilityOf('rds-db:connect', none)).toMatchObject({ reason: 'permission-only' });
    expect(observabilityOf('ssmmessages:OpenDataChannel', none)).toMatchObject({ reason: 'not-logged' });
  });

  it('judges data-plane actions by the kinds of data events of their service, when the input says', () => {
    const s3 = new Set(['s3']);
    const readsOnly = { dataSeen: new Map([['s3', { readOnly: true, write: false }]]) };
    expect(observabilityOf('s3:GetObject', s3, undefined, { ...readsOnly, isRead: true })).toEqual({ observable: true });
    expect(observabilityOf('s3:PutObject', s3, undefined, { ...readsOnly, isRead: false })).toMatchObject({ observable: false, reason: 'no-data-events' });
    // A service listed with data events but no kind seen (kinds unknown): nothing of it is observable.
    expect(observabilityOf('s3:GetObject', s3, undefined, { dataSeen: new Map(), isRead: true })).toMatchObject({ observable: false });
  });

  it('knows which S3, S3 Object Lambda and Bedrock actions are data events', () => {
    expect(isDataPlaneAction('s3-object-lambda:GetObject')).toBe(true);
    expect(isDataPlaneAction('s3-object-lambda:WriteGetObjectResponse')).toBe(true);
    expect(isDataPlaneAction('s3:CreateAccessPointForObjectLambda')).toBe(false);
    expect(isDataPlaneAction('s3:GetAccessPointConfigurationForObjectLambda')).toBe(false);
    expect(isDataPlaneAction('s3:GetObjectVersion')).toBe(true);
    expect(isDataPlaneAction('bedrock:InvokeModel')).toBe(false);
    expect(isDataPlaneAction('bedrock:InvokeModelWithResponseStream')).toBe(false);
    for (const a of ['bedrock:InvokeAgent', 'bedrock:Retrieve', 'bedrock:RetrieveAndGenerate', 'bedrock:InvokeFlow']) expect(isDataPlaneAction(a)).toBe(true);
  });

  it('needs the home region of global services among the regions read', () => {
    const eu = { regionsRead: new Set(['eu-west-1']) };
    expect(observabilityOf('iam:ListRoles', none, undefined, eu)).toMatchObject({ observable: false, reason: 'global-service' });
    expect(observabilityOf('route53:ListHostedZones', none, undefined, eu)).toMatchObject({ reason: 'global-service' });
    expect(observabilityOf('kms:Decrypt', none, undefined, eu)).toEqual({ observable: true });
    expect(observabilityOf('iam:ListRoles', none, undefined, { regionsRead: new Set(['us-east-1']) })).toEqual({ observable: true });
    expect(observabilityOf('iam:ListRoles', none, undefined, { regionsRead: new Set(['cn-north-1']) })).toEqual({ observable: true });
  });
});
