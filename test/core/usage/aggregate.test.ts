import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../../core/arn.ts';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { emptyUsage, type UsageAggregate } from '../../../core/usage/model.ts';
import { compactUsage } from '../../../core/usage/build.ts';
import { mergeUsage } from '../../../core/usage/merge.ts';
import { foldContext, foldRecord } from '../../../core/usage/fold.ts';
import { ACCOUNT, catalog, roleRecord } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const tracked = new Set([roleKey(ACCOUNT, 'app-task'), roleKey(ACCOUNT, 'worker-task')]);

function build(records: unknown[]): UsageAggregate {
  const agg = emptyUsage();
  const ctx = foldContext(cat, { tracked });
  for (const r of records) foldRecord(agg, r, ctx);
  return compactUsage(agg);
}

/** The parts that must be exact under merge (input counters add up by design). */
const findings = (a: UsageAggregate) =>
  canonical({ roles: a.roles, span: a.span, data: a.dataEventServices, regions: a.regions, dataSeen: a.dataSeen ?? null, managementSeen: a.managementSeen ?? null });

/** JSON with object keys sorted: map order is not part of the aggregate's meaning. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val) =>
    val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => (a < b ? -1 : 1))) : val,
  );
}

const arbRecord = fc
  .record({
    id: fc.integer({ min: 1, max: 40 }),
    role: fc.constantFrom('app-task', 'worker-task', 'stranger'),
    session: fc.constantFrom('a1b2c3d4e5f60718293a4b5c6d7e8f90', '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9'),
    name: fc.constantFrom('GetObject', 'PutObject', 'ListObjectsV2', 'Frobnicate'),
    key: fc.constantFrom('a.json', 'b.json', 'dir/c.json'),
    minute: fc.integer({ min: 0, max: 59 }),
    denied: fc.boolean(),
  })
  .map((r) =>
    roleRecord({
      // The same id always describes the same event, as eventID does in CloudTrail.
      eventID: `evt-${r.id}`,
      role: ['app-task', 'worker-task', 'stranger'][r.id % 3],
      session: r.session,
      name: ['GetObject', 'PutObject', 'ListObjectsV2', 'Frobnicate', 'DeleteObjects', 'GetBucketPolicy'][r.id % 6],
      time: `2026-11-10T10:${String(r.id % 60).padStart(2, '0')}:00Z`,
      params: { bucketName: 'bkt', key: ['a.json', 'b.json', 'dir/c.json'][r.id % 3] },
      data: r.id % 6 !== 5,
      ...(r.id % 5 === 0 ? { errorCode: 'AccessDenied', errorMessage: 'no identity-based policy allows the s3:GetObject action' } : {}),
    }),
  )
  // Some records say whether they read, some leave it to the catalog; each role session carries its role's ID.
  .map((r) => {
    const id = Number(String(r.eventID).slice(4));
    const identity = r.userIdentity as Record<string, unknown>;
    identity.principalId = `AROA${String(identity.arn).includes('worker') ? 'WORKER' : 'APP'}00000000:s`;
    return id % 4 === 0 ? { ...r, readOnly: id % 8 === 0 } : r;
  });

describe('usage aggregate', () => {
  it('counts calls, sessions, first/last seen and resources per role and action', () => {
    const agg = build([
      roleRecord({ role: 'app-task', name: 'GetObject', session: 's1', time: '2026-11-10T10:00:00Z', params: { bucketName: 'b', key: 'k1' }, data: true }),
      roleRecord({ role: 'app-task', name: 'GetObject', session: 's2', time: '2026-11-11T10:00:00Z', params: { bucketName: 'b', key: 'k2' }, data: true }),
      roleRecord({ role: 'app-task', name: 'HeadObject', session: 's2', time: '2026-11-09T10:00:00Z', params: { bucketName: 'b', key: 'k1' }, data: true }),
    ]);
    const a = agg.roles[roleKey(ACCOUNT, 'app-task')]!.actions['s3:GetObject']!;
    expect(a.keys).toHaveLength(3);
    expect(a.sessions).toHaveLength(2);
    expect(a.firstSeen).toBe('2026-11-09T10:00:00Z');
    expect(a.lastSeen).toBe('2026-11-11T10:00:00Z');
    expect(a.resources.arns).toEqual(['arn:aws:s3:::b/k1', 'arn:aws:s3:::b/k2']);
    expect(agg.dataEventServices).toEqual(['s3']);
  });

  it('counts a duplicated event once (the same eventID from two files)', () => {
    const r = roleRecord({ role: 'app-task', eventID: 'same' });
    const agg = build([r, r, structuredClone(r)]);
    expect(agg.roles[roleKey(ACCOUNT, 'app-task')]!.actions['s3:GetObject']!.keys).toHaveLength(1);
  });

  it('never counts denied calls as used', () => {
    const agg = build([roleRecord({ role: 'app-task', errorCode: 'AccessDenied', errorMessage: 'Access Denied' })]);
    const role = agg.roles[roleKey(ACCOUNT, 'app-task')]!;
    expect(role.actions).toEqual({});
    expect(Object.values(role.denied)).toMatchObject([{ action: 's3:GetObject', cause: 'unknown', errorCode: 'AccessDenied' }]);
  });

  it('counts skipped records by reason', () => {
    const agg = build([{ eventName: 'x' }, null, { ...roleRecord({}), eventTime: 'bad' }]);
    expect(agg.input).toMatchObject({ records: 3, skipped: { 'missing-eventSource': 1, 'not-an-object': 1, 'invalid-eventTime': 1 } });
  });

  it('property: merge is associative, commutative and idempotent for the same events', () => {
    fc.assert(
      fc.property(fc.array(arbRecord, { maxLength: 25 }), fc.array(arbRecord, { maxLength: 25 }), fc.array(arbRecord, { maxLength: 25 }), (x, y, z) => {
        const [a, b, c] = [build(x), build(y), build(z)];
        const whole = findings(build([...x, ...y, ...z]));
        expect(findings(mergeUsage([mergeUsage([a, b]), c]))).toBe(whole);
        expect(findings(mergeUsage([a, mergeUsage([b, c])]))).toBe(whole);
        expect(findings(mergeUsage([c, b, a]))).toBe(whole);
        expect(findings(mergeUsage([a, a]))).toBe(findings(mergeUsage([a])));
        expect(findings(mergeUsage([a, b, a, b]))).toBe(findings(mergeUsage([a, b])));
      }),
      { numRuns: 200 },
    );
  });

  it('property: serialise → parse is the identity', () => {
    fc.assert(
      fc.property(fc.array(arbRecord, { maxLength: 30 }), (x) => {
        const a = build(x);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});
