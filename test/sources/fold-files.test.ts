import { describe, expect, it } from 'vitest';
import { roleKey } from '../../core/arn.ts';
import { loadCatalog } from '../../sources/catalog.ts';
import { readExportDir } from '../../sources/export-dir.ts';
import { foldFiles } from '../../sources/fold-files.ts';

const tracked = ['orders-api-task', 'order-worker-task', 'nightly-report-task', 'ecs-task-execution'].map((n) => roleKey('111122223333', n));

describe('foldFiles', () => {
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
  }, 60_000);
});
