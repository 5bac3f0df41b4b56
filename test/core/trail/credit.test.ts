/**
 * A call credits every action it needed (core/mapping), each with the resources the
 * record names for it; what it may have needed is kept apart; failed ECS AssumeRole is
 * no evidence; events without eventID get a key that keeps distinct calls apart.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../../core/arn.ts';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { attributeRecord, recordKey, type Call } from '../../../core/trail/calls.ts';
import { readRecord } from '../../../core/trail/record.ts';
import { compactUsage } from '../../../core/usage/build.ts';
import { foldCaches } from '../../../core/usage/fold-caches.ts';
import { foldContext, foldRecord } from '../../../core/usage/fold.ts';
import { emptyUsage } from '../../../core/usage/model.ts';
import { ACCOUNT, catalog, roleRecord } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const tracked = [roleKey(ACCOUNT, 'app-task')];

function call(raw: Record<string, unknown>): Call {
  const r = readRecord(raw);
  if (!r.ok) throw new Error(r.reason);
  const a = attributeRecord(r.record, { catalog: cat, tracked: new Set(tracked), caches: foldCaches() });
  if (a.kind !== 'call') throw new Error(a.kind);
  return a.call;
}

const uses = (c: Call) => Object.fromEntries(c.actions.map((u) => [u.action, u.resources]));

describe('a call credits every action it needed', () => {
  it('a copy reads its source object and writes its target', () => {
    const c = call(roleRecord({ name: 'CopyObject', data: true, params: { bucketName: 'dst', key: 'a/b.txt', 'x-amz-copy-source': 'src/in/c.txt' } }));
    expect(uses(c)).toEqual({ 's3:GetObject': ['arn:aws:s3:::src/in/c.txt'], 's3:PutObject': ['arn:aws:s3:::dst/a/b.txt'] });
    // Tags and ACLs may have been copied; the record cannot say: possible, not used.
    expect(c.possible?.map((p) => p.action).sort()).toEqual(['s3:GetObjectTagging', 's3:PutObjectAcl', 's3:PutObjectTagging']);
    expect(c.operation).toBe('s3:CopyObject');
  });

  it('a versioned copy source is read as GetObjectVersion', () => {
    const c = call(roleRecord({ name: 'CopyObject', data: true, params: { bucketName: 'dst', key: 'k', 'x-amz-copy-source': '/src/c.txt?versionId=3' } }));
    expect(uses(c)['s3:GetObjectVersion']).toEqual(['arn:aws:s3:::src/c.txt']);
    expect(uses(c)['s3:GetObject']).toBeUndefined();
  });

  it('versioned S3 calls beyond GetObject need the …Version… action', () => {
    const head = call(roleRecord({ name: 'HeadObject', data: true, params: { bucketName: 'b', key: 'k', versionId: 'v1' } }));
    expect(Object.keys(uses(head))).toEqual(['s3:GetObjectVersion']);
    const untag = call(roleRecord({ name: 'DeleteObjectTagging', data: true, params: { bucketName: 'b', key: 'k', versionId: 'v1' } }));
    expect(Object.keys(uses(untag))).toEqual(['s3:DeleteObjectVersionTagging']);
  });

  it('a DynamoDB transaction credits each item kind on its own tables', () => {
    const c = call(
      roleRecord({
        source: 'dynamodb',
        name: 'TransactWriteItems',
        data: true,
        params: { requestItems: [{ operation: 'Put', tableName: 'orders' }, { operation: 'Update', tableName: 'stock' }, { operation: 'ConditionCheck', tableName: 'limits' }] },
      }),
    );
    const table = (t: string) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${t}`;
    expect(uses(c)).toEqual({
      'dynamodb:PutItem': [table('orders')],
      'dynamodb:UpdateItem': [table('stock')],
      'dynamodb:ConditionCheckItem': [table('limits')],
    });
  });

  it('a batch secret read credits GetSecretValue on each secret', () => {
    const c = call(roleRecord({ source: 'secretsmanager', name: 'BatchGetSecretValue', params: { secretIdList: ['db', `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:api-AbCdEf`] } }));
    expect(uses(c)['secretsmanager:GetSecretValue']).toEqual([`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-??????`, `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:api-AbCdEf`]);
    expect(uses(c)['secretsmanager:BatchGetSecretValue']).toBeDefined();
  });

  it('renamed operations and hosts: InvokeWithResponseStream, Converse, tagging.amazonaws.com', () => {
    expect(Object.keys(uses(call(roleRecord({ source: 'lambda', name: 'InvokeWithResponseStream', params: { functionName: 'f' } }))))).toEqual(['lambda:InvokeFunction']);
    expect(Object.keys(uses(call(roleRecord({ source: 'bedrock', name: 'ConverseStream' }))))).toEqual(['bedrock:InvokeModelWithResponseStream']);
    expect(Object.keys(uses(call(roleRecord({ source: 'tagging', name: 'GetResources' }))))).toEqual(['tag:GetResources']);
  });

  it('a denied call is denied the action its message names', () => {
    const c = call(
      roleRecord({
        name: 'CopyObject',
        data: true,
        errorCode: 'AccessDenied',
        errorMessage: `User: arn:aws:sts::${ACCOUNT}:assumed-role/app-task/s is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::dst/k" because no identity-based policy allows the s3:PutObject action`,
        params: { bucketName: 'dst', key: 'k', 'x-amz-copy-source': 'src/c' },
      }),
    );
    expect(c.actions.map((a) => a.action)).toEqual(['s3:PutObject']);
    expect(c.possible).toBeUndefined();
  });
});

describe('what a call may have needed', () => {
  it('is kept apart from use in the aggregate, with the operation that may have needed it', () => {
    const agg = emptyUsage();
    const ctx = foldContext(cat, { tracked });
    foldRecord(agg, roleRecord({ name: 'DeleteObjects', data: true, params: { bucketName: 'b' } }), ctx);
    foldRecord(agg, roleRecord({ name: 'DeleteObjects', data: true, params: { bucketName: 'b' } }), ctx);
    const role = compactUsage(agg).roles[tracked[0]!]!;
    expect(Object.keys(role.actions)).toEqual(['s3:DeleteObject']);
    expect(role.possible?.['s3:DeleteObjectVersion']).toMatchObject({ operations: ['s3:DeleteObjects'] });
    expect(role.possible?.['s3:DeleteObjectVersion']?.keys).toHaveLength(2);
  });
});

describe('ECS AssumeRole as evidence that tasks ran', () => {
  const assume = (extra: Record<string, unknown>) => ({
    eventTime: '2026-11-10T10:00:00Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    eventID: `e-${JSON.stringify(extra)}`,
    userIdentity: { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' },
    requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/app-task`, roleSessionName: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' },
    ...extra,
  });

  it('counts a successful one, and not one that failed (errorCode set)', () => {
    const agg = emptyUsage();
    const ctx = foldContext(cat, { tracked });
    foldRecord(agg, assume({}), ctx);
    foldRecord(agg, assume({ errorCode: 'AccessDenied', errorMessage: 'not authorized to perform sts:AssumeRole' }), ctx);
    foldRecord(agg, assume({ errorCode: 'RegionDisabledException' }), ctx);
    compactUsage(agg);
    expect(agg.roles[tracked[0]!]!.assumed?.keys).toHaveLength(1);
    expect(agg.input).toMatchObject({ attributed: 1, notTracked: 2 });
  });
});

describe('events without eventID', () => {
  const bare = (extra: Record<string, unknown>) => {
    const r = roleRecord({ name: 'GetObject', data: true, time: '2026-11-10T10:00:00Z', ...extra });
    delete r.eventID;
    return r;
  };
  const key = (raw: Record<string, unknown>) => {
    const r = readRecord(raw);
    if (!r.ok) throw new Error(r.reason);
    return recordKey(r.record);
  };

  it('keep two same-second calls apart by their requests and request IDs', () => {
    expect(key(bare({ params: { bucketName: 'b', key: 'one' } }))).not.toBe(key(bare({ params: { bucketName: 'b', key: 'two' } })));
    expect(key({ ...bare({ params: { bucketName: 'b', key: 'k' } }), requestID: 'R1' })).not.toBe(key({ ...bare({ params: { bucketName: 'b', key: 'k' } }), requestID: 'R2' }));
  });

  it('give the same event the same key however its request\'s keys are ordered', () => {
    expect(key(bare({ params: { bucketName: 'b', key: 'k' } }))).toBe(key(bare({ params: { key: 'k', bucketName: 'b' } })));
  });

  it('count the same event delivered twice once', () => {
    const agg = emptyUsage();
    const ctx = foldContext(cat, { tracked });
    for (let i = 0; i < 2; i++) foldRecord(agg, bare({ params: { bucketName: 'b', key: 'k' } }), ctx);
    foldRecord(agg, bare({ params: { bucketName: 'b', key: 'other' } }), ctx);
    expect(compactUsage(agg).roles[tracked[0]!]!.actions['s3:GetObject']!.keys).toHaveLength(2);
  });
});
