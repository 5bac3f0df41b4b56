import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../../core/arn.ts';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { attributeRecord } from '../../../core/trail/calls.ts';
import { readRecord } from '../../../core/trail/record.ts';
import { foldCaches } from '../../../core/usage/fold-caches.ts';
import { ACCOUNT, catalog, roleRecord } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const attribute = (raw: Record<string, unknown>, tracked: string[]) => {
  const r = readRecord(raw);
  if (!r.ok) throw new Error(r.reason);
  return attributeRecord(r.record, { catalog: cat, tracked: new Set(tracked), caches: foldCaches() });
};

describe('attributeRecord', () => {
  const tracked = [roleKey(ACCOUNT, 'orders-task')];

  it('attributes by the session issuer, whose ARN carries the role path', () => {
    const a = attribute(roleRecord({ role: 'orders-task', path: '/app/team/', name: 'GetObject', data: true }), tracked);
    expect(a.kind).toBe('call');
    if (a.kind !== 'call') return;
    expect(a.call.roleKey).toBe(roleKey(ACCOUNT, 'orders-task'));
    expect(a.call.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/app/team/orders-task`);
    expect(a.call.actions.map((x) => x.action)).toEqual(['s3:GetObject']);
  });

  it('matches role names case-insensitively, as IAM does', () => {
    expect(attribute(roleRecord({ role: 'Orders-Task' }), tracked).kind).toBe('call');
  });

  it('reads the session name in both ECS task-ID formats', () => {
    const hex = attribute(roleRecord({ role: 'orders-task', session: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' }), tracked);
    const uuid = attribute(roleRecord({ role: 'orders-task', session: '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9' }), tracked);
    expect(hex.kind === 'call' && hex.call.session).toBe('a1b2c3d4e5f60718293a4b5c6d7e8f90');
    expect(uuid.kind === 'call' && uuid.call.session).toBe('6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9');
  });

  it('falls back to the assumed-role ARN when there is no session context', () => {
    const raw = roleRecord({ role: 'orders-task' });
    delete (raw.userIdentity as Record<string, unknown>).sessionContext;
    expect(attribute(raw, tracked).kind).toBe('call');
  });

  it('answers untracked for other principals, before any mapping', () => {
    expect(attribute(roleRecord({ role: 'someone-else' }), tracked)).toEqual({ kind: 'untracked' });
    const user = { ...roleRecord({}), userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/ci` } };
    expect(attribute(user, tracked)).toEqual({ kind: 'untracked' });
  });

  it('finds no role behind users, root, services and federated users', () => {
    const as = (userIdentity: Record<string, unknown>) => attribute({ ...roleRecord({}), userIdentity }, tracked);
    expect(as({ type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` })).toEqual({ kind: 'untracked' });
    expect(as({ type: 'AWSService', invokedBy: 'ecs.amazonaws.com' })).toEqual({ kind: 'untracked' });
    // A federated user's session issuer is the IAM user, even one named like a tracked role.
    const federated = {
      type: 'FederatedUser',
      arn: `arn:aws:sts::${ACCOUNT}:federated-user/orders-task`,
      sessionContext: { sessionIssuer: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/orders-task` } },
    };
    expect(as(federated)).toEqual({ kind: 'untracked' });
  });

  it('takes the role from the assumed-role ARN when the issuer names none, without taking that issuer as the role ARN', () => {
    const raw = { ...roleRecord({}), userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/orders-task/s1`, sessionContext: { sessionIssuer: { arn: 'not-an-arn' } } } };
    const a = attribute(raw, tracked);
    expect(a.kind === 'call' && a.call.roleKey).toBe(roleKey(ACCOUNT, 'orders-task'));
    expect(a.kind === 'call' && a.call.roleArn).toBeUndefined();
  });

  it('marks calls made on the role\'s behalf by a service', () => {
    const a = attribute(roleRecord({ role: 'orders-task', source: 'kms', name: 'Decrypt', invokedBy: 'secretsmanager.amazonaws.com' }), tracked);
    expect(a.kind === 'call' && a.call.invokedBy).toBe('secretsmanager.amazonaws.com');
  });

  it('takes ECS AssumeRole as evidence of the role and its task, not as a call by it', () => {
    const raw = {
      eventTime: '2026-11-10T10:00:00Z',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      eventID: 'e1',
      userIdentity: { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' },
      requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/app/orders-task`, roleSessionName: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' },
      responseElements: { credentials: { sessionToken: 'SECRET' } },
    };
    const a = attribute(raw, tracked);
    expect(a).toMatchObject({ kind: 'assume', evidence: { roleKey: roleKey(ACCOUNT, 'orders-task'), session: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' } });
  });

  it('classifies access denied with its cause, and reads the action and resource from the message when needed', () => {
    const a = attribute(
      roleRecord({
        role: 'orders-task',
        source: 'sqs',
        name: 'GetQueueUrl',
        errorCode: 'AccessDenied',
        errorMessage: `User: arn:aws:sts::${ACCOUNT}:assumed-role/orders-task/x is not authorized to perform: sqs:GetQueueUrl on resource: arn:aws:sqs:us-east-1:${ACCOUNT}:q because no identity-based policy allows the sqs:GetQueueUrl action`,
      }),
      tracked,
    );
    expect(a.kind === 'call' && a.call.denied).toMatchObject({ errorCode: 'AccessDenied', cause: 'no-identity-policy' });
    expect(a.kind === 'call' && a.call.actions).toEqual([{ action: 'sqs:GetQueueUrl', resources: [`arn:aws:sqs:us-east-1:${ACCOUNT}:q`] }]);
  });

  it('does not treat throttling or validation errors as denials', () => {
    const a = attribute(roleRecord({ role: 'orders-task', errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' }), tracked);
    expect(a.kind === 'call' && a.call.denied).toBeUndefined();
  });

  it('keeps events that map to no catalog action as unmapped', () => {
    const a = attribute(roleRecord({ role: 'orders-task', source: 'newservice', name: 'DoThing' }), tracked);
    expect(a.kind === 'call' && a.call.unmapped).toEqual({ eventSource: 'newservice.amazonaws.com', eventName: 'DoThing' });
  });

  it('keeps only resources of the action\'s resource type', () => {
    const a = attribute(
      roleRecord({ role: 'orders-task', name: 'GetObject', resources: ['arn:aws:s3:::b/k.json', 'arn:aws:s3:::b'], data: true }),
      tracked,
    );
    expect(a.kind === 'call' && a.call.actions[0]?.resources).toEqual(['arn:aws:s3:::b/k.json']);
  });
});
