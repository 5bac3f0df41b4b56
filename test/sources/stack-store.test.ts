/** What the stack keeps in its bucket, beside the aggregates (sources/store/stack-store.ts), on a folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsStore } from '../../sources/store/fs-store.ts';
import { StackStore } from '../../sources/store/stack-store.ts';

const fresh = () => new StackStore(new FsStore(mkdtempSync(join(tmpdir(), 'pd-stack-store-'))));

describe('stack store', () => {
  it('reuses the tracked roles for an hour, but not an inventory a time budget cut short', async () => {
    const store = fresh();
    let reads = 0;
    const read = (complete: boolean) => async () => {
      reads++;
      return { roles: [], excluded: [], problems: [], complete };
    };
    const t = Date.parse('2026-11-12T00:00:00Z');
    await store.trackedRoles(t, 3_600_000, read(false));
    await store.trackedRoles(t + 60_000, 3_600_000, read(true));
    await store.trackedRoles(t + 120_000, 3_600_000, read(true));
    expect(reads).toBe(2);
  });

  it('keeps a checkpoint per stream, a global service\'s under its region', async () => {
    const store = fresh();
    await store.putCheckpoint('us-east-1:iam.amazonaws.com', { doneUntil: '2026-11-12T00:00:00Z' });
    await store.putCheckpoint('eu-west-1', { doneUntil: '2026-11-12T00:15:00Z' });
    expect(await store.store.list('state/checkpoint/')).toEqual(['state/checkpoint/eu-west-1.json', 'state/checkpoint/us-east-1/iam.amazonaws.com.json']);
    expect(await store.getCheckpoint('us-east-1:iam.amazonaws.com')).toEqual({ doneUntil: '2026-11-12T00:00:00Z' });
  });

  it('keeps the described task definitions and the last compacted day', async () => {
    const store = fresh();
    expect(await store.taskDefinitionCache('us-east-1')).toEqual({ version: 1, entries: {} });
    const td = { taskDefinitionArn: 'arn:aws:ecs:us-east-1:1:task-definition/web:3', family: 'web', revision: 3 };
    await store.putTaskDefinitionCache('us-east-1', { version: 1, entries: { [td.taskDefinitionArn]: td } });
    expect((await store.taskDefinitionCache('us-east-1')).entries[td.taskDefinitionArn]).toEqual(td);
    expect(await store.compactedThrough()).toBeUndefined();
    await store.putCompactedThrough('2026-11-11');
    expect(await store.compactedThrough()).toBe('2026-11-11');
  });
});
