/** The stack's cache of described task definitions (stack/task-definition-cache.ts). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsStore } from '../../sources/store/fs-store.ts';
import { StackStore } from '../../sources/store/stack-store.ts';
import { taskDefinitionCaches } from '../../stack/task-definition-cache.ts';

const td = (rev: number) => ({ taskDefinitionArn: `arn:aws:ecs:us-east-1:1:task-definition/web:${rev}`, family: 'web', revision: rev });

describe('task-definition cache', () => {
  it('keeps what a read used or described, drops revisions no longer wanted, and writes only when that changed', async () => {
    const fs = new FsStore(mkdtempSync(join(tmpdir(), 'pd-td-cache-')));
    const writes: string[] = [];
    const put = fs.put.bind(fs);
    fs.put = async (key, body) => {
      writes.push(key);
      return put(key, body);
    };
    const store = new StackStore(fs);
    await store.putTaskDefinitionCache('us-east-1', { version: 1, entries: { [td(1).taskDefinitionArn]: td(1), [td(2).taskDefinitionArn]: td(2) } });
    const first = await taskDefinitionCaches(store, ['us-east-1']);
    expect(first.of('us-east-1').lookup(td(2).taskDefinitionArn)).toEqual(td(2));
    first.of('us-east-1').remember(td(3).taskDefinitionArn, td(3));
    await first.save();
    expect(Object.keys((await store.taskDefinitionCache('us-east-1')).entries).sort()).toEqual([td(2).taskDefinitionArn, td(3).taskDefinitionArn]);

    const again = await taskDefinitionCaches(store, ['us-east-1']);
    again.of('us-east-1').lookup(td(2).taskDefinitionArn);
    again.of('us-east-1').lookup(td(3).taskDefinitionArn);
    const written = writes.length;
    await again.save();
    expect(writes.length).toBe(written);
  });
});
