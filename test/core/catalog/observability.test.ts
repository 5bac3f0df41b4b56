import { describe, expect, it } from 'vitest';
import { observabilityOf, requiresPermission } from '../../../core/catalog/observability.ts';

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
});
