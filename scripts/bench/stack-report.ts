/**
 * `npm run bench:stack [-- --days 90] [-- --latency 30]`: the weekly report's read of the
 * stored usage aggregates, against the sandbox with a per-request latency injected (a
 * round trip to S3), over `days` days × 3 regions × 96 collect runs a day. Prints how long
 * it takes as collect stores them (one object per run, read 16 at a time), after the daily
 * compaction (one object per region-day), and the whole `report` run; the one-by-one read
 * it replaces is estimated from a sample (measured in full it would take many minutes).
 * The sandbox runs in a child process, so its own work does not share the measured
 * thread (as S3's does not). Asserts nothing.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { roleKey } from '../../core/arn.ts';
import { compactUsage } from '../../core/usage/build.ts';
import { foldContext, foldRecord } from '../../core/usage/fold.ts';
import { mergeUsage } from '../../core/usage/merge.ts';
import { emptyUsage, type UsageAggregate } from '../../core/usage/model.ts';
import { loadCatalog } from '../../sources/catalog.ts';
import { encodeUsage } from '../../sources/store/stored-usage.ts';
import { aggregateKey, groupRegionDays } from '../../sources/store/usage-keys.ts';
import { compactRegionDay, readStoredUsage, usageKeys } from '../../sources/store/usage-store.ts';
import { reportDeps } from '../../stack/aws-deps.ts';
import { loadConfig } from '../../stack/config.ts';
import { runReport } from '../../stack/report.ts';
import { deniedEvent } from '../../sandbox/regions.ts';
import { scenarioFromExport } from '../../sandbox/scenario.ts';
import { startSandbox } from '../../sandbox/server.ts';

const { values } = parseArgs({ options: { days: { type: 'string', default: '90' }, latency: { type: 'string', default: '30' }, serve: { type: 'boolean', default: false } } });
const DAYS = Number(values.days);
const LATENCY = Number(values.latency);
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const RUNS_PER_DAY = 96;
const ACCOUNT = '111122223333';
const ROLES: [string, string][] = [['orders-api-task', 'app/'], ['order-worker-task', 'app/'], ['nightly-report-task', ''], ['ecs-task-execution', '']];
const CALLS: [string, string][] = [['sqs.amazonaws.com', 'GetQueueUrl'], ['secretsmanager.amazonaws.com', 'GetSecretValue'], ['kms.amazonaws.com', 'Decrypt'], ['ssm.amazonaws.com', 'GetParameters'], ['ecr.amazonaws.com', 'BatchGetImage']];
const END = Date.parse('2026-11-17T00:00:00Z');
const say = (s: string) => process.stdout.write(`${s}\n`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const catalog = await loadCatalog();
const fold = foldContext(catalog, { tracked: ROLES.map(([r]) => roleKey(ACCOUNT, r)) });

/** One collect run's aggregate of a region: 40 calls of the tracked roles over 15 minutes (a few denied). */
function runAggregate(region: string, start: number, seq: number): UsageAggregate {
  const agg = emptyUsage();
  for (let e = 0; e < 40; e++) {
    const [roleName, rolePath] = ROLES[(seq + e) % ROLES.length]!;
    const [eventSource, eventName] = CALLS[(seq * 7 + e) % CALLS.length]!;
    const raw = deniedEvent({ accountId: ACCOUNT, roleName, rolePath, region, time: start + e * 20_000, eventSource, eventName, id: `${region}-${seq}-${e}`, session: `${(seq >> 6).toString(16).padStart(28, '0')}000${e % 4}` });
    // Mostly allowed calls: a denial in 13.
    if (e % 13 !== 0) {
      delete raw.errorCode;
      delete raw.errorMessage;
    }
    foldRecord(agg, raw, fold);
  }
  agg.coverage = [{ region, start: iso(start), end: iso(start + 900_000) }];
  return compactUsage(agg);
}

/** The child: a sandbox holding the stored aggregates, until its parent closes stdin. */
async function serve(): Promise<void> {
  const sb = await startSandbox(await scenarioFromExport(), { now: END, pageSize: 200, buckets: ['bench-bucket'] });
  const bucket = sb.state.buckets.get('bench-bucket')!;
  const t0 = Date.now();
  let seq = 0;
  for (let d = DAYS; d > 0; d--) {
    for (let r = 0; r < RUNS_PER_DAY; r++) {
      const start = END - d * 86_400_000 + r * 900_000;
      for (const region of REGIONS) {
        const agg = runAggregate(region, start, seq++);
        // Written straight into the sandbox: the setup is not what is measured.
        bucket.set(aggregateKey(region, iso(start), iso(start + 900_000), `run-${seq}`), { body: encodeUsage(agg), lastModified: new Date(start), etag: `"${seq}"` });
      }
    }
  }
  sb.state.latencyMs = LATENCY;
  process.stdout.write(`${JSON.stringify({ env: sb.env(), objects: bucket.size, ms: Date.now() - t0 })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void sb.close().then(() => process.exit(0)));
}

if (values.serve) {
  await serve();
} else {
  await measure();
}

async function measure(): Promise<void> {
const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', import.meta.filename, '--serve', '--days', String(DAYS), '--latency', String(LATENCY)], { stdio: ['pipe', 'pipe', 'inherit'] });
const ready = JSON.parse(await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve))) as { env: Record<string, string>; objects: number; ms: number };
Object.assign(process.env, ready.env);
const objects = ready.objects;
let t0 = Date.now();
say(`policy-drift stack bench · node ${process.version} · ${DAYS} days × ${REGIONS.length} regions × ${RUNS_PER_DAY} runs = ${objects.toLocaleString('en-US')} stored aggregates (generated in ${seconds(ready.ms)}) · ${LATENCY} ms per S3 request`);

const cfg = loadConfig({ AWS_REGION: 'us-east-1', POLICY_DRIFT_REGIONS: REGIONS.join(','), POLICY_DRIFT_BUCKET: 'bench-bucket', POLICY_DRIFT_TOPIC_ARN: `arn:aws:sns:us-east-1:${ACCOUNT}:policy-drift` });
// The report's time is the generated data's end; nothing here waits on a clock.
const clock = { now: () => END, sleep: async () => {} };
const deps = await reportDeps(cfg, clock);
const store = deps.store.store;
const from = iso(END - DAYS * 86_400_000);
const to = iso(END);

// The read it replaces, one object at a time: timed on a sample, scaled to every object.
const sample = (await usageKeys(store, from.slice(0, 10), to.slice(0, 10))).slice(0, 200);
t0 = Date.now();
for (const key of sample) await store.get(key);
const perObject = (Date.now() - t0) / sample.length;
say(`one at a time (before):           ~${seconds(perObject * objects)} estimated (${perObject.toFixed(1)} ms per object × ${objects.toLocaleString('en-US')}, from ${sample.length})`);

t0 = Date.now();
const uncompacted = await readStoredUsage(store, from, to);
const merged = mergeUsage(uncompacted.aggregates);
say(`every run, 16 at a time:          ${seconds(Date.now() - t0)} (${uncompacted.keys.length.toLocaleString('en-US')} objects read and merged)`);

t0 = Date.now();
const groups = groupRegionDays(await usageKeys(store, from.slice(0, 10), to.slice(0, 10)));
for (const g of groups) await compactRegionDay(store, g);
const compactMs = Date.now() - t0;
say(`daily compaction:                 ${seconds(compactMs / groups.length)} per region-day (${groups.length} region-days in ${seconds(compactMs)}; collect does ${REGIONS.length} a day)`);

t0 = Date.now();
const compacted = await readStoredUsage(store, from, to);
const mergedCompacted = mergeUsage(compacted.aggregates);
say(`compacted, 16 at a time:          ${seconds(Date.now() - t0)} (${compacted.keys.length} objects read and merged)`);
const same = JSON.stringify(mergedCompacted.roles) === JSON.stringify(merged.roles) && JSON.stringify(mergedCompacted.coverage) === JSON.stringify(merged.coverage);
if (!same) throw new Error('compacted usage differs from the runs it merged');

t0 = Date.now();
const report = await runReport(cfg, { ...deps, now: () => END, log: () => {} });
say(`whole weekly report (compacted):  ${seconds(Date.now() - t0)} (${report.aggregates} aggregates, ${report.roles} roles; ECS and IAM read through the same latency)`);
child.stdin!.end();
}
