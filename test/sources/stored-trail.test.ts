/**
 * What the weekly report is told was read: the configured regions, and us-east-1 only when
 * it is one of them or every global service's events were collected from it recently.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { collectStreams, isSourceStream } from '../../core/collect/streams.ts';
import { emptyUsage, type CoverageWindow } from '../../core/usage/model.ts';
import { loadCatalog } from '../../sources/catalog.ts';
import { FsStore } from '../../sources/store/fs-store.ts';
import { StackStore } from '../../sources/store/stack-store.ts';
import { storedTrail } from '../../sources/store/stored-trail.ts';
import { aggregateKey } from '../../sources/store/usage-keys.ts';

const NOW = Date.parse('2026-11-16T00:00:00Z');
const WINDOW = { since: '2026-11-09T00:00:00Z', until: '2026-11-16T00:00:00Z' };
const GLOBAL = collectStreams(['eu-west-1']).filter(isSourceStream).map((s) => s.id);
let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

async function storeWithCoverage(labels: string[]): Promise<StackStore> {
  const store = new StackStore(new FsStore(mkdtempSync(join(tmpdir(), 'pd-trail-'))));
  for (const [i, label] of labels.entries()) {
    const agg = emptyUsage();
    agg.coverage = [{ region: label, start: WINDOW.since, end: WINDOW.until } satisfies CoverageWindow];
    await store.putAggregate(aggregateKey(label.split(':')[0]!, WINDOW.since, WINDOW.until, `r${i}`, label.split(':')[1]), agg);
  }
  return store;
}

const read = (store: StackStore) => storedTrail(store, { regions: ['eu-west-1'], globalStreams: GLOBAL, now: NOW, staleMs: 6 * 3_600_000 }).read({ catalog, tracked: new Set(), ...WINDOW });

describe('stored trail, for a eu-west-1-only deployment', () => {
  it('counts us-east-1 as read when every global service was collected from it', async () => {
    const r = await read(await storeWithCoverage(['eu-west-1', ...GLOBAL]));
    expect(r.regionsRead).toEqual(['eu-west-1', 'us-east-1']);
    expect(r.incompleteRegions).toEqual([]);
    expect(r.problems).toEqual([]);
  });

  it('does not count us-east-1 as read when a global service was not collected, and says so once', async () => {
    const r = await read(await storeWithCoverage(['eu-west-1', ...GLOBAL.slice(1)]));
    expect(r.regionsRead).toEqual(['eu-west-1']);
    // eu-west-1 itself was read in full: the rest of the report still stands.
    expect(r.incompleteRegions).toEqual([]);
    expect(r.problems).toEqual(['global services (iam.amazonaws.com) were not collected from us-east-1 recently: their actions are not observable in this report']);
  });

  it('a configured region without coverage is still incomplete', async () => {
    const r = await read(await storeWithCoverage([...GLOBAL]));
    expect(r.incompleteRegions).toEqual(['eu-west-1']);
  });
});
