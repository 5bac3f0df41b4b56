/** The trail-mode weekly report of one account: the usual summary, with what the trail can vouch for (backfill progress). */
import { describe, expect, it } from 'vitest';
import { fileCoverage } from '../../core/ingest/trail-coverage.ts';
import type { SnsMessage } from '../../core/report/alert-message.ts';
import { parseLogKey } from '../../core/trail/log-key.ts';
import { loadCatalog } from '../../sources/catalog.ts';
import { readExport } from '../../sources/export-snapshot.ts';
import { accountStore, trailAggregateKey } from '../../sources/store/account-store.ts';
import { writeBackfillState } from '../../sources/store/trail-state.ts';
import { SAMPLE_ACCOUNT_DIR } from '../../sandbox/scenario.ts';
import { loadConfig } from '../../stack/config.ts';
import { runOrgReport } from '../../stack/org-report.ts';
import { loadTrailConfig } from '../../stack/trail-config.ts';
import { MemoryStore } from '../helpers/memory-store.ts';

const ACCOUNT = '111122223333';
const cfg = loadConfig({ POLICY_DRIFT_REGIONS: 'us-east-1', POLICY_DRIFT_BUCKET: 'b', POLICY_DRIFT_TOPIC_ARN: `arn:aws:sns:us-east-1:${ACCOUNT}:t`, AWS_REGION: 'us-east-1' });
const t = loadTrailConfig({ POLICY_DRIFT_COLLECT_FROM: 'trail', POLICY_DRIFT_ACCOUNT_ID: ACCOUNT, POLICY_DRIFT_TRAIL_BUCKET: 't', POLICY_DRIFT_INGEST_QUEUE_URL: 'q' });

async function run(enqueued: number) {
  const store = new MemoryStore();
  const catalog = await loadCatalog();
  const { account, trail } = await readExport(SAMPLE_ACCOUNT_DIR, { workers: 1 });
  // The week's files folded as one (what the ingest writes, file by file, adds up to this).
  const read = await trail.read({ catalog, tracked: new Set(account.inventory.roles.keys()) });
  const key = parseLogKey(`AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/16/${ACCOUNT}_CloudTrail_us-east-1_20261116T2355Z_abc.json.gz`);
  if (key.kind !== 'log') throw new Error('not a log key');
  await accountStore(store, ACCOUNT).putAggregate(trailAggregateKey(key), { ...read.usage, coverage: [{ ...fileCoverage('us-east-1', '2026-11-09', key.delivered) }] });
  await writeBackfillState(store, { at: '2026-11-09T00:00:00Z', cutoff: '2026-11-17T00:00:00Z', since: '2026-11-09', days: 90, enqueued: { [ACCOUNT]: enqueued }, complete: true, problems: [] });
  const published: SnsMessage[] = [];
  const summary = await runOrgReport(cfg, t, {
    store,
    catalog,
    accounts: async () => ({ at: '', source: 'self', accounts: [{ id: ACCOUNT }], problems: [] }),
    snapshot: async () => account,
    deadLetters: async () => 0,
    publish: async (m) => void published.push(m),
    now: () => Date.parse('2026-11-17T01:00:00Z'),
    log: () => {},
  });
  const report = JSON.parse((await store.get(`reports/account=${ACCOUNT}/2026-W47/report.json`))!.toString());
  return { summary, published, report };
}

describe('trail mode report, one account', () => {
  it('sends the usual weekly summary, archived under the account, when every enqueued file is folded', async () => {
    const { published, report } = await run(1);
    expect(published).toHaveLength(1);
    expect(published[0]!.subject).toMatch(/^policy-drift weekly: 5 roles, \d+ unused permissions/);
    expect(published[0]!.message).toContain(`reports/account=${ACCOUNT}/2026-W47/report.md`);
    expect(report.window.start).toBe('2026-11-09T00:00:00Z');
    expect(report.input.incompleteRegions ?? []).toEqual([]);
    expect(report.roles.some((r: { unused: unknown[] }) => r.unused.length > 0)).toBe(true);
  });

  it('says how far a backfill has come, and calls nothing unused until it is done', async () => {
    const { published, report } = await run(3);
    expect(report.problems).toContain('backfill in progress: 1 of 3 existing log files since 2026-11-09 folded; nothing is called unused until it is done');
    expect(report.input.incompleteRegions).toEqual(['us-east-1']);
    expect(report.roles.every((r: { unused: unknown[] }) => r.unused.length === 0)).toBe(true);
    expect(published[0]!.message).toContain('backfill in progress: 1 of 3');
  });
});
