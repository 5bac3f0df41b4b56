/** The ingest function's decisions, message by message: what it folds, skips, retries and records. */
import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { backfillMessage } from '../../core/ingest/queue-message.ts';
import { accountStore } from '../../sources/store/account-store.ts';
import { readIngestFailures, writeWatchedAccounts } from '../../sources/store/trail-state.ts';
import { runIngest } from '../../stack/ingest.ts';
import { loadTrailConfig } from '../../stack/trail-config.ts';
import { maxFileBytes } from '../../stack/trail-deps.ts';
import { catalog, roleRecord } from '../helpers/fixtures.ts';
import { MemoryStore } from '../helpers/memory-store.ts';

const ACCOUNT = '111122223333';
const KEY = (n: string) => `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/10/${ACCOUNT}_CloudTrail_us-east-1_20261110T10${n}Z_abc${n}.json.gz`;
const t = loadTrailConfig({ POLICY_DRIFT_COLLECT_FROM: 'trail', POLICY_DRIFT_ACCOUNT_ID: ACCOUNT, POLICY_DRIFT_TRAIL_BUCKET: 'org-trail', POLICY_DRIFT_INGEST_QUEUE_URL: 'q', POLICY_DRIFT_INGEST_MAX_RECEIVES: '3' });
let cat: Catalog;
const objects = new Map<string, Buffer>();
const s3 = { send: async (cmd: { input: { Key: string } }) => ({ Body: { transformToByteArray: async () => new Uint8Array(objects.get(cmd.input.Key) ?? Buffer.alloc(0)) } }) } as unknown as S3Client;

beforeAll(async () => {
  cat = await catalog();
  objects.set(KEY('05'), gzipSync(JSON.stringify({ Records: [roleRecord({ role: 'app-task', name: 'GetObject', data: true })] })));
  objects.set(KEY('10'), Buffer.from('{"Records": "not a list"}'));
  objects.set(KEY('15'), gzipSync(JSON.stringify({ Records: Array.from({ length: 200 }, () => roleRecord({})) })));
});

async function store(o: { inventory?: boolean; watched?: string[] } = {}): Promise<MemoryStore> {
  const s = new MemoryStore();
  const role = { accountId: ACCOUNT, roleName: 'app-task', roleArn: `arn:aws:iam::${ACCOUNT}:role/app-task`, uses: ['task'], workloads: [] };
  if (o.inventory !== false) await accountStore(s, ACCOUNT).trackedRoles(0, Infinity, async () => ({ roles: [role as never], excluded: [], problems: [] }));
  if (o.watched) await writeWatchedAccounts(s, { at: '2026-11-10T00:00:00Z', source: 'list', accounts: o.watched.map((id) => ({ id })), problems: [] });
  return s;
}

const msg = (body: string, id = 'm1', receives = 1) => ({ messageId: id, body, attributes: { ApproximateReceiveCount: String(receives) } });
const deps = (s: MemoryStore, maxBytes?: number) => ({ store: s, catalog: cat, trail: s3, now: () => Date.parse('2026-11-10T11:00:00Z'), log: () => {}, ...(maxBytes ? { maxFileBytes: maxBytes } : {}) });

describe('ingest', () => {
  it('folds a log file into its account\'s aggregate, keyed by day, region and file', async () => {
    const s = await store();
    const out = await runIngest(t, deps(s), { Records: [msg(backfillMessage('org-trail', KEY('05')))] });
    expect(out).toEqual({ folded: 1, ignored: {}, batchItemFailures: [] });
    expect([...s.objects.keys()].filter((k) => k.startsWith('usage/'))).toEqual([`usage/account=${ACCOUNT}/date=2026-11-10/region=us-east-1/trail_20261110T1005Z_abc05.json.gz`]);
  });

  it('skips what is not a log file, or not of the trail bucket or a watched account, and is done with it', async () => {
    const s = await store({ watched: [ACCOUNT] });
    const digest = `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2026/11/10/${ACCOUNT}_CloudTrail-Digest_us-east-1_trail_us-east-1_20261110T100000Z.json.gz`;
    const other = KEY('05').replaceAll(ACCOUNT, '999999999999');
    const out = await runIngest(t, deps(s), {
      Records: [msg(backfillMessage('org-trail', digest), 'a'), msg(backfillMessage('org-trail', other), 'b'), msg(backfillMessage('elsewhere', KEY('05')), 'c'), msg(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }), 'd')],
    });
    expect(out).toEqual({ folded: 0, ignored: { 'digest-file': 1, 'account-not-watched': 1, 'other-bucket': 1 }, batchItemFailures: [] });
  });

  it('fails a message it cannot fold yet or ever, alone, and records it on its last receive', async () => {
    const s = await store();
    const bad = msg(backfillMessage('org-trail', KEY('10')), 'bad', 2);
    const garbage = msg('hello', 'garbage', 3);
    const good = msg(backfillMessage('org-trail', KEY('05')), 'good');
    const first = await runIngest(t, deps(s), { Records: [bad, good, garbage] });
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }, { itemIdentifier: 'garbage' }]);
    expect(first.folded).toBe(1);
    // Receive 2 of 3: not yet recorded; the message that named no file is (its last receive).
    expect(await readIngestFailures(s, ACCOUNT)).toEqual([]);
    expect((await readIngestFailures(s)).map((f) => f.reason)).toEqual(['not an S3 notification or backfill message: not JSON']);
    await runIngest(t, deps(s), { Records: [{ ...bad, attributes: { ApproximateReceiveCount: '3' } }] });
    expect(await readIngestFailures(s, ACCOUNT)).toEqual([
      expect.objectContaining({ what: `s3://org-trail/${KEY('10')}`, reason: 'not a CloudTrail log file (records-not-an-array)', receives: 3, region: 'us-east-1', aggregateKey: `usage/date=2026-11-10/region=us-east-1/trail_20261110T1010Z_abc10.json.gz` }),
    ]);
  });

  it('waits for an account\'s inventory rather than folding its files with no role tracked', async () => {
    const s = await store({ inventory: false });
    const out = await runIngest(t, deps(s), { Records: [msg(backfillMessage('org-trail', KEY('05')), 'x', 3)] });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'x' }]);
    expect((await readIngestFailures(s, ACCOUNT))[0]!.reason).toMatch(/no inventory of account 111122223333 yet/);
    expect([...s.objects.keys()].some((k) => k.startsWith('usage/'))).toBe(false);
  });

  it('refuses a file larger than its memory folds before inflating it, and says what to raise', async () => {
    const s = await store();
    const out = await runIngest(t, deps(s, 10_000), { Records: [msg(backfillMessage('org-trail', KEY('15')), 'big', 3), msg(backfillMessage('org-trail', KEY('05')), 'small')] });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'big' }]);
    expect((await readIngestFailures(s, ACCOUNT))[0]!.reason).toMatch(/too-large \([\d.]+ MB uncompressed, more than 0.0 MB\): raise the stack's ingestMemorySize/);
    // The measured budget (records parsed one at a time): a 512 MB function folds twice the
    // largest file assumed (116 MB, 314 MB peak), not four times it (231 MB).
    expect(maxFileBytes(512)).toBeGreaterThan(116e6);
    expect(maxFileBytes(512)).toBeLessThan(231e6);
    expect(maxFileBytes(1024)).toBeGreaterThan(231e6);
  });
});
