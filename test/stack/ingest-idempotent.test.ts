/**
 * The ingest function under SQS's at-least-once delivery: whatever the order in which log
 * files arrive, however often each arrives, in whatever batches, the stored usage is the
 * same, and it is what `analyze --input`'s fold gives on the same files.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../core/arn.ts';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { buildInventory } from '../../core/inventory/inventory.ts';
import { backfillMessage } from '../../core/ingest/queue-message.ts';
import { mergeUsage } from '../../core/usage/merge.ts';
import type { UsageAggregate } from '../../core/usage/model.ts';
import { accountStore } from '../../sources/store/account-store.ts';
import { foldFiles } from '../../sources/trail/fold-files.ts';
import { scenarioFromExport, type Scenario } from '../../sandbox/scenario.ts';
import { logFileKey, deliveryTime } from '../../sandbox/trail-bucket.ts';
import { runIngest, type SqsRecord } from '../../stack/ingest.ts';
import { loadTrailConfig } from '../../stack/trail-config.ts';
import { catalog } from '../helpers/fixtures.ts';
import { MemoryStore } from '../helpers/memory-store.ts';

let cat: Catalog;
let scenario: Scenario;
/** The trail's log files (key → gzipped body), one per hour of two days. */
const files = new Map<string, Buffer>();
let tracked: string[];
let roles: ReturnType<typeof buildInventory>['roles'];
let reference: UsageAggregate;

const t = loadTrailConfig({ POLICY_DRIFT_COLLECT_FROM: 'trail', POLICY_DRIFT_ACCOUNT_ID: '111122223333', POLICY_DRIFT_TRAIL_BUCKET: 'org-trail', POLICY_DRIFT_INGEST_QUEUE_URL: 'q', POLICY_DRIFT_INGEST_MAX_RECEIVES: '5' });

/** S3 as the ingest reads it: GetObject of the trail's files, nothing else. */
const trailS3 = {
  send: async (cmd: { input: { Key: string } }) => {
    const body = files.get(cmd.input.Key);
    if (!body) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    return { Body: { transformToByteArray: async () => new Uint8Array(body) } };
  },
} as unknown as S3Client;

beforeAll(async () => {
  cat = await catalog();
  scenario = await scenarioFromExport();
  const byFile = new Map<string, Record<string, unknown>[]>();
  for (const e of scenario.events) {
    if (!String(e.eventTime).startsWith('2026-11-10') && !String(e.eventTime).startsWith('2026-11-11')) continue;
    const key = logFileKey({ bucket: 'org-trail', orgId: 'o-aa111bb222' }, scenario.accountId, 'us-east-1', deliveryTime(String(e.eventTime), 60), 'u' + deliveryTime(String(e.eventTime), 60).toString(36));
    byFile.set(key, [...(byFile.get(key) ?? []), e]);
  }
  for (const [key, records] of byFile) files.set(key, gzipSync(JSON.stringify({ Records: records })));
  const inv = buildInventory(scenario.taskDefinitions as never, scenario.services as never, {});
  roles = inv.roles;
  tracked = [...inv.roles.keys()];
  // analyze --input's fold of the same files, from disk.
  const dir = mkdtempSync(join(tmpdir(), 'pd-idem-'));
  const paths = [...files].map(([key, body], i) => {
    const p = join(dir, `${i}.json`);
    writeFileSync(p, gunzipSync(body));
    return p;
  });
  reference = (await foldFiles(paths, cat, { tracked, workers: 1 })).usage;
});

/** A store with the account's inventory cached, as maintain leaves it. */
async function freshStore(): Promise<MemoryStore> {
  const store = new MemoryStore();
  await accountStore(store, scenario.accountId).trackedRoles(0, Infinity, async () => ({ roles: [...roles.values()], excluded: [], problems: [] }));
  return store;
}

async function storedUsage(store: MemoryStore): Promise<UsageAggregate> {
  const read = await accountStore(store, scenario.accountId).readAggregates('2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z');
  expect(read.problems).toEqual([]);
  return mergeUsage(read.aggregates);
}

const record = (key: string, i: number): SqsRecord => ({ messageId: `m${i}`, body: backfillMessage('org-trail', key), attributes: { ApproximateReceiveCount: '1' } });
const deps = (store: MemoryStore) => ({ store, catalog: cat, trail: trailS3, now: () => Date.parse('2026-11-12T00:00:00Z'), log: () => {} });

describe('ingest under at-least-once delivery', () => {
  it('stores, once every file has arrived, what analyze --input folds from the same files', async () => {
    const store = await freshStore();
    const keys = [...files.keys()];
    const out = await runIngest(t, deps(store), { Records: keys.map(record) });
    expect(out).toMatchObject({ folded: keys.length, batchItemFailures: [] });
    const usage = await storedUsage(store);
    expect(usage.roles).toEqual(reference.roles);
    expect(usage.input).toEqual(reference.input);
    expect(Object.keys(usage.roles).length).toBeGreaterThan(1);
    expect(tracked).toContain(roleKey(scenario.accountId, 'orders-api-task'));
  });

  it('is the same for any delivery order, any duplicates and any batching', async () => {
    const keys = [...files.keys()];
    const once = await storedUsage(await (async () => {
      const s = await freshStore();
      await runIngest(t, deps(s), { Records: keys.map(record) });
      return s;
    })());
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: keys.length - 1 }), { maxLength: keys.length * 2 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 20 }),
        fc.integer(),
        async (extra, batchSizes, seed) => {
          // Every file at least once, some again, in a shuffled order.
          const deliveries = [...keys.keys(), ...extra];
          let s = seed;
          for (let i = deliveries.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) & 0x7fffffff;
            const j = s % (i + 1);
            [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
          }
          const store = await freshStore();
          for (let at = 0, b = 0; at < deliveries.length; b++) {
            const size = batchSizes[b % batchSizes.length]!;
            await runIngest(t, deps(store), { Records: deliveries.slice(at, at + size).map((k, i) => record(keys[k]!, at + i)) });
            at += size;
          }
          expect(await storedUsage(store)).toEqual(once);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
