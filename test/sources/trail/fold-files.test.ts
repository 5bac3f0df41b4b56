import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { roleKey } from '../../../core/arn.ts';
import { loadCatalog } from '../../../sources/catalog.ts';
import { readExportDir } from '../../../sources/export-dir.ts';
import { foldFiles } from '../../../sources/trail/fold-files.ts';

const tracked = ['orders-api-task', 'order-worker-task', 'nightly-report-task', 'ecs-task-execution'].map((n) => roleKey('111122223333', n));

describe('foldFiles', () => {
  afterEach(() => {
    delete process.env.POLICY_DRIFT_CATALOG_DIR;
  });

  it('gives the same aggregate in one thread and across worker threads, duplicates across files counted once', async () => {
    const data = await readExportDir('examples/sample-account');
    const catalog = await loadCatalog();
    const one = await foldFiles(data.trailFiles, catalog, { tracked, workers: 1 });
    const two = await foldFiles(data.trailFiles, catalog, { tracked, workers: 2 });
    const three = await foldFiles([...data.trailFiles].reverse(), catalog, { tracked, workers: 3 });
    expect(two.usage.roles).toEqual(one.usage.roles);
    expect(three.usage.roles).toEqual(one.usage.roles);
    expect(two.usage.input).toEqual(one.usage.input);
    expect(two.filesRead).toBe(one.filesRead);
    expect(one.fileSkips).toEqual({});
    // What the files vouch for crosses the threads too: the sample's eight days, one region.
    expect(one.covered).toEqual([{ account: '111122223333', region: 'us-east-1', start: '2026-11-09T00:00:00Z', end: '2026-11-16T23:59:59Z' }]);
    expect(three.covered).toEqual(one.covered);
  }, 60_000);

  it('rejects with the workers\' error when they cannot fold (here: no catalog), instead of hanging', async () => {
    const data = await readExportDir('examples/sample-account');
    const catalog = await loadCatalog();
    // The workers load the catalog from this folder; the main thread's catalog is already loaded.
    process.env.POLICY_DRIFT_CATALOG_DIR = '/no/such/catalog';
    await expect(foldFiles(data.trailFiles, catalog, { tracked, workers: 2 })).rejects.toThrow(/fold worker: .*ENOENT.*no\/such\/catalog/s);
  }, 60_000);

  it('lists the files it could not read in path order, whatever order they were given in or finished in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-fold-order-'));
    mkdirSync(join(dir, 'b'));
    const names = ['a1.json', 'b/x.json', 'c.json', 'd.jsonl', 'e.json', 'f.json'];
    for (const n of names) writeFileSync(join(dir, n), n.endsWith('.jsonl') ? '{"eventTime": "2026-11-01T00:00:00Z"\n' : '{ not json');
    const files = names.map((n) => join(dir, n)).reverse();
    const catalog = await loadCatalog();
    for (const workers of [1, 3]) {
      const folded = await foldFiles(files, catalog, { tracked, workers });
      const sorted = names.map((n) => join(dir, n));
      expect(folded.unread.map((u) => u.path), `workers: ${workers}`).toEqual(sorted);
      expect(folded.skippedFiles.map((u) => u.path), `workers: ${workers}`).toEqual(sorted.filter((p) => !p.endsWith('.jsonl')));
    }
  }, 60_000);
});
