/**
 * The stack's cache of described ECS task definitions, one object per region in the
 * bucket: revisions never change, so each is described once and read from here after.
 * Saved with only the revisions this read wanted, so it does not grow with every deploy.
 */
import type { TaskDefinitionInput } from '../core/inventory/inventory.ts';
import type { DescribeCache } from '../sources/aws/ecs-inventory.ts';
import type { StackStore, TaskDefinitionCacheFile } from '../sources/store/stack-store.ts';

export interface TaskDefinitionCaches {
  of(region: string): DescribeCache;
  /** Write each region's cache back, keeping the revisions asked for in this read. */
  save(): Promise<void>;
}

export async function taskDefinitionCaches(store: StackStore, regions: readonly string[]): Promise<TaskDefinitionCaches> {
  const files = new Map<string, TaskDefinitionCacheFile>();
  const used = new Map<string, Map<string, TaskDefinitionInput>>();
  await Promise.all(regions.map(async (r) => files.set(r, await store.taskDefinitionCache(r))));
  const usedOf = (r: string) => {
    let u = used.get(r);
    if (!u) used.set(r, (u = new Map()));
    return u;
  };
  return {
    of: (region) => ({
      lookup(arn) {
        const td = files.get(region)?.entries[arn];
        if (td) usedOf(region).set(arn, td);
        return td;
      },
      remember(arn, td) {
        usedOf(region).set(arn, td);
      },
    }),
    async save() {
      await Promise.all(
        [...used].map(async ([region, entries]) => {
          const before = files.get(region)?.entries ?? {};
          const changed = entries.size !== Object.keys(before).length || [...entries.keys()].some((k) => !(k in before));
          if (changed) await store.putTaskDefinitionCache(region, { version: 1, entries: Object.fromEntries(entries) });
        }),
      );
    },
  };
}
