import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../../core/arn.ts';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { Memo } from '../../../core/trail/memo.ts';
import { compactUsage } from '../../../core/usage/build.ts';
import { foldCaches } from '../../../core/usage/fold-caches.ts';
import { foldContext, foldRecord, type FoldContext } from '../../../core/usage/fold.ts';
import { emptyUsage } from '../../../core/usage/model.ts';
import { ACCOUNT, catalog, roleRecord } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const tracked = [roleKey(ACCOUNT, 'app-task'), roleKey(ACCOUNT, 'worker-task')];

function fold(records: unknown[], ctx: FoldContext) {
  const agg = emptyUsage();
  for (const r of records) foldRecord(agg, r, ctx);
  return compactUsage(agg);
}

const arbRecord = fc
  .record({
    role: fc.constantFrom('app-task', 'worker-task', 'stranger'),
    session: fc.constantFrom('s1', 's2', 's3', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'),
    call: fc.constantFrom(['s3', 'GetObject'], ['s3', 'ListObjectsV2'], ['kms', 'Decrypt'], ['lambda', 'Invoke'], ['newservice', 'DoThing'], ['monitoring', 'PutMetricData']),
    versioned: fc.boolean(),
    denied: fc.boolean(),
    minute: fc.integer({ min: 0, max: 59 }),
  })
  .map((r) =>
    roleRecord({
      role: r.role,
      session: r.session,
      source: r.call[0],
      name: r.call[1],
      time: `2026-11-10T10:${String(r.minute).padStart(2, '0')}:00Z`,
      params: { bucketName: 'b', key: 'k', ...(r.versioned ? { versionId: '3' } : {}) },
      data: r.call[0] === 's3',
      ...(r.denied ? { errorCode: 'AccessDenied', errorMessage: 'no identity-based policy allows the action' } : {}),
    }),
  );

describe('fold caches', () => {
  it('a memo table holds at most its bound, emptying itself when full', () => {
    const memo = new Memo<string, number>(2);
    memo.set('a', 1);
    memo.set('b', 2);
    expect(memo.size).toBe(2);
    memo.set('c', 3);
    expect(memo.size).toBe(1);
    expect(memo.get('a')).toBeUndefined();
    expect(memo.get('c')).toBe(3);
  });

  it('property: the tables change speed, never answers (tables of one entry give the same aggregate)', () => {
    fc.assert(
      fc.property(fc.array(arbRecord, { maxLength: 40 }), (records) => {
        const tiny = { ...foldContext(cat, { tracked }), caches: foldCaches({ serviceOfSource: 1, mappingOfEvent: 1, roleKeyOfArn: 1, sessionKey: 1 }) };
        expect(fold(records, tiny)).toEqual(fold(records, foldContext(cat, { tracked })));
      }),
      { numRuns: 200 },
    );
  });

  it('belong to one fold context: a second context starts empty', () => {
    const first = foldContext(cat, { tracked });
    fold([roleRecord({ role: 'app-task' }), roleRecord({ role: 'stranger' })], first);
    expect(first.caches.roleKeyOfArn.size).toBeGreaterThan(0);
    expect(first.caches.sessionKey.size).toBe(1);
    const second = foldContext(cat, { tracked });
    expect(second.caches.roleKeyOfArn.size).toBe(0);
    expect(second.caches.sessionKey.size).toBe(0);
  });
});
