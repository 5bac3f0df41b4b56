/**
 * `npm run demo:stack`: the deployed stack, on a laptop. Starts the loopback AWS sandbox
 * with the sample account, runs `collect` three times as the schedule would (with time
 * moving on in between) and then the weekly `report`, through the real SDK, and prints
 * what an e-mail subscriber of the topic would receive.
 *
 * Time is the sandbox's virtual clock: LookupEvents is paced at 2 requests per second in
 * that time, so the demo takes seconds, and each run sees its schedule tick as "now". The
 * runs' checkpoint-age metric lines (CloudWatch embedded metric format) are summed up in
 * the progress lines instead of printed.
 */
import { mailbox } from './lib/mailbox.ts';
import { RateLimiter } from '../sources/aws/rate-limiter.ts';
import { collectDeps, reportDeps } from '../stack/aws-deps.ts';
import { runCollect } from '../stack/collect.ts';
import { loadConfig } from '../stack/config.ts';
import { runReport } from '../stack/report.ts';
import { scenarioFromExport } from '../sandbox/scenario.ts';
import { startSandbox } from '../sandbox/server.ts';

const sb = await startSandbox(await scenarioFromExport(), { now: Date.parse('2026-11-12T00:00:00Z'), buckets: ['policy-drift-demo'] });
Object.assign(process.env, sb.env());
const cfg = loadConfig({
  POLICY_DRIFT_REGIONS: 'us-east-1',
  POLICY_DRIFT_BUCKET: 'policy-drift-demo',
  POLICY_DRIFT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:policy-drift',
  POLICY_DRIFT_BACKFILL_HOURS: '72',
});
const limiter = new RateLimiter(2, sb.clock);
const say = (s: string) => process.stderr.write(`${s}\n`);
const showMail = mailbox(sb.state.published);

try {
  for (const at of ['2026-11-12T00:00:00Z', '2026-11-14T18:00:00Z', '2026-11-17T00:00:00Z']) {
    const tick = Date.parse(at);
    sb.clock.advanceTo(tick);
    const deps = await collectDeps(cfg, () => 900_000, `demo-${at}`, sb.clock);
    const ages: string[] = [];
    const s = await runCollect(cfg, { ...deps, now: () => tick, limiter: () => limiter, log: () => {}, emit: (d) => ages.push(`${d.Stream} ${d.CheckpointAgeSeconds} s`) });
    const r = s.regions[0]!;
    const why = r.kind === 'reconcile' ? ', the daily wider re-read' : r.kind === 'first' ? ', the first backfill' : '';
    say(`[collect at ${at}] read ${r.events} CloudTrail events from ${r.window.start}${why} (${r.pages} pages), ${s.alerts} alert(s) sent${s.compacted ? `, ${s.compacted} past region-day(s) compacted` : ''}; checkpoint age: ${ages.join(', ')}`);
    showMail();
  }
  const reportAt = Date.parse('2026-11-17T00:00:00Z');
  const deps = await reportDeps(cfg, sb.clock);
  const rep = await runReport(cfg, { ...deps, now: () => reportAt, log: () => {} });
  say(`[report at ${new Date(reportAt).toISOString()}] merged ${rep.aggregates} aggregates for ${rep.roles} roles, archived to ${rep.archived.markdown}`);
  showMail();
  say(`\n${sb.state.published.length} messages published; ${sb.state.s3Writes.length} objects written to s3://policy-drift-demo.`);
} finally {
  await sb.close();
}
