import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../../core/arn.ts';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { compactUsage } from '../../../core/usage/build.ts';
import { foldContext, foldRecord } from '../../../core/usage/fold.ts';
import { mergeUsage } from '../../../core/usage/merge.ts';
import { emptyUsage, type UsageAggregate } from '../../../core/usage/model.ts';
import { addName, emptyNameSet, hasName, mergeNameSets, type NameSet } from '../../../core/usage/name-set.ts';
import { parseUsage, serialiseUsage } from '../../../core/usage/serialise.ts';
import { CONTAINERS_KEPT } from '../../../core/usage/visibility.ts';
import { ACCOUNT, catalog, roleRecord } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const tracked = new Set([roleKey(ACCOUNT, 'app-task')]);

function build(records: unknown[]): UsageAggregate {
  const agg = emptyUsage();
  const ctx = foldContext(cat, { tracked });
  for (const r of records) foldRecord(agg, r, ctx);
  return compactUsage(agg);
}

const setOf = (names: string[], limit: number): NameSet => {
  const s = emptyNameSet();
  for (const n of names) addName(s, n, limit);
  return s;
};

describe('a bounded name set', () => {
  it('keeps the smallest names and says it overflowed: a name not kept is unknown, never absent', () => {
    const s = setOf(['d', 'b', 'a', 'c', 'b'], 3);
    expect(s).toEqual({ names: ['a', 'b', 'c'], overflow: true });
    expect(hasName(s, 'a')).toBe('yes');
    expect(hasName(s, 'd')).toBe('unknown');
    expect(hasName(setOf(['a'], 3), 'd')).toBe('no');
    expect(hasName(undefined, 'a')).toBe('no');
  });

  it('property: built in any order or split, merged in any order and any number of times, it is the same set', () => {
    const names = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 12 });
    fc.assert(
      fc.property(names, names, names, fc.integer({ min: 1, max: 5 }), (x, y, z, limit) => {
        const [a, b, c] = [setOf(x, limit), setOf(y, limit), setOf(z, limit)];
        const whole = setOf([...x, ...y, ...z], limit);
        expect(mergeNameSets([mergeNameSets([a, b], limit), c], limit)).toEqual(whole);
        expect(mergeNameSets([a, mergeNameSets([b, c], limit)], limit)).toEqual(whole);
        expect(mergeNameSets([c, b, a], limit)).toEqual(whole);
        expect(mergeNameSets([a, a], limit)).toEqual(mergeNameSets([a], limit));
        expect(setOf([...x].reverse(), limit)).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });
});

/** Data events of other principals on a few buckets, tables and queues, and management events with and without readOnly. */
const arbRecord = fc
  .record({
    id: fc.integer({ min: 1, max: 60 }),
    kind: fc.constantFrom('s3', 'dynamodb', 'sqs', 'management', 'unstated'),
    name: fc.constantFrom('a', 'b', 'c'),
    read: fc.boolean(),
  })
  .map(({ id, kind, name, read }) => {
    const base = { eventID: `evt-${id}-${kind}-${name}-${read}`, role: id % 2 ? 'app-task' : 'someone-else', time: `2026-11-10T10:${String(id % 60).padStart(2, '0')}:00Z` };
    if (kind === 's3') return { ...roleRecord({ ...base, name: read ? 'GetObject' : 'PutObject', data: true, params: { bucketName: `bucket-${name}`, key: 'k' } }), readOnly: read };
    if (kind === 'dynamodb') return { ...roleRecord({ ...base, source: 'dynamodb', name: read ? 'GetItem' : 'PutItem', data: true, params: { tableName: `table-${name}` } }), readOnly: read };
    if (kind === 'sqs') return { ...roleRecord({ ...base, source: 'sqs', name: read ? 'ReceiveMessage' : 'SendMessage', data: true, params: { queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/queue-${name}` } }), readOnly: read };
    const record = roleRecord({ ...base, source: 'kms', name: { a: 'Decrypt', b: 'Encrypt', c: 'ScheduleKeyDeletion' }[name] });
    return kind === 'management' ? { ...record, readOnly: read } : record;
  });

/** The two parts, as JSON with object keys sorted: map order is not part of their meaning. */
const visibility = (a: UsageAggregate) =>
  JSON.stringify({ ops: a.operationKinds ?? null, containers: a.dataContainers ?? null }, (_k, val) =>
    val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).sort(([x], [y]) => (x < y ? -1 : 1))) : val,
  );

describe('what the aggregate keeps of containers and operation kinds', () => {
  it('keeps, per service and kind, the buckets, tables and queues whose data events the window holds', () => {
    const agg = build([
      { ...roleRecord({ role: 'someone-else', name: 'GetObject', data: true, params: { bucketName: 'bucket-a', key: 'k' } }), readOnly: true },
      { ...roleRecord({ role: 'app-task', name: 'PutObject', data: true, params: { bucketName: 'bucket-b', key: 'k' } }), readOnly: false },
      { ...roleRecord({ role: 'someone-else', source: 'dynamodb', name: 'Query', data: true, params: { tableName: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders` } }), readOnly: true },
      { ...roleRecord({ role: 'someone-else', source: 'lambda', name: 'Invoke', data: true, params: { functionName: 'resize:live' } }), readOnly: false },
      // A batch over several tables names none plainly: it records no container (absence then proves nothing).
      { ...roleRecord({ role: 'someone-else', source: 'dynamodb', name: 'BatchWriteItem', data: true, params: { requestItems: { a: [] } } }), readOnly: false },
    ]);
    expect(agg.dataContainers).toEqual({
      s3: { readOnly: { names: ['bucket-a'], overflow: false }, write: { names: ['bucket-b'], overflow: false } },
      dynamodb: { readOnly: { names: [`eu-west-1:${ACCOUNT}:orders`], overflow: false } },
      lambda: { write: { names: [`us-east-1:${ACCOUNT}:resize`], overflow: false } },
    });
  });

  it('keeps the operations whose management events stated readOnly, by its value; a record without it tells nothing', () => {
    const agg = build([
      { ...roleRecord({ role: 'someone-else', source: 'kms', name: 'Decrypt' }), readOnly: true },
      { ...roleRecord({ role: 'app-task', source: 'ssm', name: 'PutParameter' }), readOnly: false },
      roleRecord({ role: 'someone-else', source: 'ec2', name: 'RunInstances' }),
      { ...roleRecord({ role: 'someone-else', name: 'GetObject', data: true, params: { bucketName: 'b', key: 'k' } }), readOnly: true },
    ]);
    expect(agg.operationKinds).toEqual({ readOnly: { names: ['kms:Decrypt'], overflow: false }, write: { names: ['ssm:PutParameter'], overflow: false } });
  });

  it('bounds the containers kept, and says it overflowed', () => {
    const records = Array.from({ length: CONTAINERS_KEPT + 5 }, (_, i) => ({ ...roleRecord({ role: 'someone-else', name: 'GetObject', data: true, params: { bucketName: `bucket-${String(i).padStart(4, '0')}`, key: 'k' } }), readOnly: true }));
    const seen = build(records).dataContainers!.s3!.readOnly!;
    expect(seen.names).toHaveLength(CONTAINERS_KEPT);
    expect(seen.overflow).toBe(true);
    expect(seen.names[0]).toBe('bucket-0000');
  });

  it('property: merge is associative, commutative and idempotent for them, and they survive storage', () => {
    fc.assert(
      fc.property(fc.array(arbRecord, { maxLength: 20 }), fc.array(arbRecord, { maxLength: 20 }), fc.array(arbRecord, { maxLength: 20 }), (x, y, z) => {
        const [a, b, c] = [build(x), build(y), build(z)];
        const whole = visibility(build([...x, ...y, ...z]));
        expect(visibility(mergeUsage([mergeUsage([a, b]), c]))).toBe(whole);
        expect(visibility(mergeUsage([a, mergeUsage([b, c])]))).toBe(whole);
        expect(visibility(mergeUsage([c, b, a]))).toBe(whole);
        expect(visibility(mergeUsage([a, a]))).toBe(visibility(mergeUsage([a])));
        const parsed = parseUsage(serialiseUsage(a));
        expect(parsed.ok && visibility(parsed.usage)).toBe(visibility(a));
      }),
      { numRuns: 150 },
    );
  });

  it('a stored aggregate with malformed sets is refused, not half-merged', () => {
    const a = build([{ ...roleRecord({ role: 'someone-else', name: 'GetObject', data: true, params: { bucketName: 'b', key: 'k' } }), readOnly: true }]);
    const broken = JSON.parse(serialiseUsage(a));
    broken.dataContainers.s3.readOnly.names = 'b';
    expect(parseUsage(JSON.stringify(broken))).toEqual({ ok: false, error: 'malformed dataContainers' });
    expect(parseUsage(JSON.stringify({ ...JSON.parse(serialiseUsage(a)), operationKinds: { readOnly: [] } }))).toEqual({ ok: false, error: 'malformed operationKinds' });
  });
});
