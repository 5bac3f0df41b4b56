/**
 * The deployed stack's functions against one sandbox, for the e2e tests of test/e2e/stack-*.
 * Time is the sandbox's virtual clock: each run sees its schedule tick as "now", LookupEvents
 * is paced per region on that clock (as each region's quota is its own), and a run's time
 * budget (`remainingMs`) runs on it too, so cutting a run short costs no real time.
 */
import { RateLimiter } from '../../sources/aws/rate-limiter.ts';
import { StackStore } from '../../sources/store/stack-store.ts';
import { S3Store } from '../../sources/store/s3-store.ts';
import { s3Client } from '../../sources/aws/clients.ts';
import { collectDeps, reportDeps } from '../../stack/aws-deps.ts';
import { runCollect, type CollectDeps, type CollectSummary } from '../../stack/collect.ts';
import { loadConfig, type StackConfig } from '../../stack/config.ts';
import { runReport, type ReportSummary } from '../../stack/report.ts';
import type { Report } from '../../core/report/schema.ts';
import type { Scenario } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';

export interface StackHarness {
  sb: Sandbox;
  cfg: StackConfig;
  store: StackStore;
  /** Embedded-metric documents the runs printed. */
  emitted: Record<string, unknown>[];
  /** The collect function at schedule tick `at`; `budgetMs`: the run's time before its timeout, on the sandbox clock. */
  collect(at: string, o?: { budgetMs?: number; runId?: string; over?: Partial<CollectDeps> }): Promise<CollectSummary>;
  report(at: string): Promise<ReportSummary & { json: Report }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The stack's environment (POLICY_DRIFT_*); the bucket is created in `home`. */
  env: Record<string, string>;
  /** The deployment region (AWS_REGION), where the bucket lives. Default: the scenario's region. */
  home?: string;
  now: string;
}

export async function stackHarness(scenario: Scenario, o: HarnessOptions): Promise<StackHarness> {
  const sb = await startSandbox(scenario, { now: Date.parse(o.now), pageSize: 100 });
  const home = o.home ?? scenario.region;
  const saved = { ...process.env };
  Object.assign(process.env, sb.env(), { AWS_REGION: home });
  const cfg = loadConfig({ ...o.env, AWS_REGION: home });
  sb.createBucket(cfg.bucket, home);
  const limiters = new Map<string, RateLimiter>();
  const limiter = (region: string) => limiters.get(region) ?? limiters.set(region, new RateLimiter(2, sb.clock)).get(region)!;
  const emitted: Record<string, unknown>[] = [];
  const store = new StackStore(new S3Store(s3Client({ region: home }), cfg.bucket));
  return {
    sb,
    cfg,
    store,
    emitted,
    async collect(at, c = {}) {
      const now = Date.parse(at);
      sb.clock.advanceTo(now);
      const deadline = sb.clock.now() + (c.budgetMs ?? 900_000);
      const deps = await collectDeps(cfg, () => deadline - sb.clock.now(), c.runId ?? `run-${now}`, sb.clock);
      return runCollect(cfg, { ...deps, now: () => now, limiter, log: () => {}, emit: (d) => emitted.push(d), ...c.over });
    },
    async report(at) {
      const now = Date.parse(at);
      sb.clock.advanceTo(now);
      const deps = await reportDeps(cfg, sb.clock);
      const summary = await runReport(cfg, { ...deps, now: () => now, log: () => {} });
      const key = summary.archived.json.replace(`s3://${cfg.bucket}/`, '');
      return { ...summary, json: JSON.parse(sb.state.buckets.get(cfg.bucket)!.get(key)!.body.toString()) as Report };
    },
    async close() {
      process.env = saved;
      await sb.close();
    },
  };
}

/** Messages published to the topic, from `from` on, of one kind. */
export function publishedOf(sb: Sandbox, kind: string, from = 0) {
  return sb.state.published.slice(from).filter((p) => p.attributes.kind?.StringValue === kind);
}
