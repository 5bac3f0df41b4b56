/**
 * Stored usage aggregates: a region-day's runs compacted into one object that reads back
 * as the same usage, late runs read beside it until the next compaction, damaged objects
 * reported, reads in parallel but bounded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../core/arn.ts';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { compactUsage } from '../../core/usage/build.ts';
import { foldContext, foldRecord } from '../../core/usage/fold.ts';
import { mergeUsage } from '../../core/usage/merge.ts';
import { emptyUsage, type DeniedUsage, type UsageAggregate } from '../../core/usage/model.ts';
import { loadCatalog } from '../../sources/catalog.ts';
import { FsStore } from '../../sources/store/fs-store.ts';
import type { ObjectStore } from '../../sources/store/object-store.ts';
import { encodeUsage } from '../../sources/store/stored-usage.ts';
import { aggregateKey, compactedKey, groupRegionDays } from '../../sources/store/usage-keys.ts';
import { compactRegionDay, readStoredUsage, usageKeys } from '../../sources/store/usage-store.ts';
import { deniedEvent } from '../../sandbox/regions.ts';

const ACCOUNT = '111122223333';
let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

/** One collect run's aggregate over [start, start + 20 min): a denial a minute, overlapping the previous run by 5 minutes. */
function run(start: number): UsageAggregate {
  const agg = emptyUsage();
  const ctx = foldContext(catalog, { tracked: [roleKey(ACCOUNT, 'app')] });
  for (let t = start; t < start + 20 * 60_000; t += 60_000) {
    const raw = deniedEvent({ accountId: ACCOUNT, roleName: 'app', region: 'us-east-1', time: t, eventSource: 'sqs.amazonaws.com', eventName: 'ListQueues', id: `e-${t}` });
    foldRecord(agg, raw, ctx);
  }
  agg.coverage = [{ region: 'us-east-1', start: new Date(start).toISOString().slice(0, 19) + 'Z', end: new Date(start + 20 * 60_000).toISOString().slice(0, 19) + 'Z' }];
  return compactUsage(agg);
}

async function storeWithRuns(n: number): Promise<{ store: FsStore; keys: string[] }> {
  const store = new FsStore(mkdtempSync(join(tmpdir(), 'pd-usage-')));
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const start = Date.parse('2026-11-12T00:00:00Z') + i * 15 * 60_000;
    const agg = run(start);
    const key = aggregateKey('us-east-1', agg.coverage![0]!.start, agg.coverage![0]!.end, `r${i}`);
    await store.put(key, encodeUsage(agg));
    keys.push(key);
  }
  return { store, keys };
}

const summary = (aggs: UsageAggregate[]) => {
  const m = mergeUsage(aggs);
  return { roles: m.roles, coverage: m.coverage, input: m.input };
};

describe('daily compaction of stored aggregates', () => {
  it('reads back as the same usage, counting overlapping runs\' events once, from one object', async () => {
    const { store } = await storeWithRuns(20);
    const before = await readStoredUsage(store, '2026-11-12T00:00:00Z', '2026-11-12T23:59:59Z');
    const [day] = groupRegionDays(await usageKeys(store, '2026-11-12', '2026-11-12'));
    const done = await compactRegionDay(store, day!);
    expect(done).toMatchObject({ key: compactedKey('2026-11-12', 'us-east-1'), merged: 20, problems: [] });
    const after = await readStoredUsage(store, '2026-11-12T00:00:00Z', '2026-11-12T23:59:59Z');
    expect(after.keys).toEqual([compactedKey('2026-11-12', 'us-east-1')]);
    expect(summary(after.aggregates)).toEqual(summary(before.aggregates));
    // 20 runs of 20 minutes every 15 minutes: 305 distinct events, not 400.
    const denied: DeniedUsage[] = Object.values(mergeUsage(after.aggregates).roles[roleKey(ACCOUNT, 'app')]!.denied);
    expect(denied.map((d) => [d.action, d.keys.length])).toEqual([['sqs:ListQueues', 305]]);
  });

  it('reads a run written after the compaction beside it, and the next compaction takes it in; nothing new, nothing written', async () => {
    const { store } = await storeWithRuns(4);
    const group = async () => groupRegionDays(await usageKeys(store, '2026-11-12', '2026-11-12'))[0]!;
    await compactRegionDay(store, await group());
    const late = run(Date.parse('2026-11-12T22:00:00Z'));
    const lateKey = aggregateKey('us-east-1', late.coverage![0]!.start, late.coverage![0]!.end, 'late');
    await store.put(lateKey, encodeUsage(late));
    const read = await readStoredUsage(store, '2026-11-12T00:00:00Z', '2026-11-12T23:59:59Z');
    expect(read.keys).toEqual([compactedKey('2026-11-12', 'us-east-1'), lateKey]);
    expect((await compactRegionDay(store, await group())).merged).toBe(1);
    expect((await compactRegionDay(store, await group())).merged).toBe(0);
    expect((await readStoredUsage(store, '2026-11-12T00:00:00Z', '2026-11-12T23:59:59Z')).keys).toEqual([compactedKey('2026-11-12', 'us-east-1')]);
  });

  it('reports damaged objects and leaves them out; a damaged compacted object gives way to its runs', async () => {
    const { store, keys } = await storeWithRuns(3);
    await store.put(keys[1]!, 'not gzip');
    const [g] = groupRegionDays(await usageKeys(store, '2026-11-12', '2026-11-12'));
    const done = await compactRegionDay(store, g!);
    expect(done.merged).toBe(2);
    expect(done.problems).toEqual([`skipped stored aggregate ${keys[1]}: not valid gzip`]);
    await store.put(compactedKey('2026-11-12', 'us-east-1'), 'broken');
    const read = await readStoredUsage(store, '2026-11-12T00:00:00Z', '2026-11-12T23:59:59Z');
    expect(read.problems[0]).toMatch(/skipped compacted aggregate .*compacted\.json\.gz: not valid gzip; its runs are read instead/);
    expect(read.keys).toEqual([keys[0], keys[2]]);
  });

  it('reads many objects in parallel, at most 16 at a time', async () => {
    const { store } = await storeWithRuns(40);
    const seen = { inFlight: 0, max: 0 };
    const slow: ObjectStore = {
      ...store,
      getVersioned: (k) => store.getVersioned(k),
      put: (k, b) => store.put(k, b),
      putIf: (k, b, c) => store.putIf(k, b, c),
      list: (p, a) => store.list(p, a),
      describe: (k) => store.describe(k),
      get: async (k) => {
        seen.max = Math.max(seen.max, ++seen.inFlight);
        await new Promise((r) => setImmediate(r));
        seen.inFlight--;
        return store.get(k);
      },
    };
    const read = await readStoredUsage(slow, '2026-11-12T00:00:00Z', '2026-11-12T23:59:59Z');
    expect(read.keys).toHaveLength(40);
    expect(seen.max).toBe(16);
  });
});
