/**
 * One run of the deployed `report` function: the account's roles and grants now, the
 * usage merged from every stored aggregate of the window, the analysis, the drift since
 * the previous week's report; archived (JSON, Markdown and HTML with the weekly trend) before the summary is published,
 * so a report that cannot be sent is still kept, and the function then fails loudly.
 * Stored aggregates are read a compacted region-day at a time, 16 reads in flight.
 */
import { diffReports } from '../core/drift/diff.ts';
import type { Catalog } from '../core/catalog/catalog.ts';
import { collectStreams, isSourceStream } from '../core/collect/streams.ts';
import type { LastAccessedSource, SuggestionChecker } from '../core/evidence/ports.ts';
import { runPipeline, type AccountSnapshot } from '../core/pipeline.ts';
import type { SnsMessage } from '../core/report/alert-message.ts';
import { renderWeeklySummary, s3ConsoleUrl } from '../core/report/email.ts';
import { renderHtml } from '../core/report/html/render.ts';
import { renderMarkdown } from '../core/report/markdown.ts';
import { asEarlierReport, TREND_WEEKS, trendPoint, trendSeries } from '../core/report/trend.ts';
import { isoWeek, type StackStore } from '../sources/store/stack-store.ts';
import { storedTrail } from '../sources/store/stored-trail.ts';
import type { StackConfig } from './config.ts';
import { withStoredTasks } from './task-facts.ts';

export interface ReportDeps {
  store: StackStore;
  catalog: Catalog;
  account(): Promise<AccountSnapshot>;
  /** IAM last-accessed reports of the tracked roles (stack/evidence.ts); absent: none read. */
  lastAccessed?: LastAccessedSource;
  /** Access Analyzer checks of each suggestion, or why not. */
  checks?: SuggestionChecker;
  publish(message: SnsMessage): Promise<void>;
  now(): number;
  log(message: string, data?: Record<string, unknown>): void;
}

export interface ReportSummary {
  week: string;
  roles: number;
  aggregates: number;
  archived: { json: string; markdown: string; html: string };
  published: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

/** A region whose newest collected CloudTrail is older than this is reported as not collected. */
const STALE_MS = 6 * 3_600_000;

export async function runReport(cfg: StackConfig, deps: ReportDeps): Promise<ReportSummary> {
  const now = deps.now();
  const to = iso(now);
  let aggregates = 0;
  const globalStreams = collectStreams(cfg.regions).filter(isSourceStream).map((s) => s.id);
  const trail = storedTrail(deps.store, { regions: cfg.regions, globalStreams, now, staleMs: STALE_MS, onAggregates: (keys) => (aggregates = keys.length) });
  // Task facts of the whole window (collect's snapshots, task state change events) beside the live ones.
  const account = await withStoredTasks(await deps.account(), deps.store.store, iso(now - cfg.windowDays * 86_400_000), to);
  const evidence = { ...(deps.lastAccessed ? { lastAccessed: deps.lastAccessed } : {}), ...(deps.checks ? { checks: deps.checks } : {}) };
  const report = await runPipeline({ catalog: deps.catalog, account, trail, ...evidence, since: iso(now - cfg.windowDays * 86_400_000), until: to, generatedAt: to });

  const week = isoWeek(to);
  const previous = await deps.store.previousReport(week);
  const drift = previous ? diffReports(previous, report) : undefined;
  if (drift) report.drift = drift;
  const history = await deps.store.reportsBefore(week, TREND_WEEKS - 1, (w, r) => {
    const earlier = asEarlierReport(r);
    return 'report' in earlier ? trendPoint(earlier.report, w) : undefined;
  });
  const html = renderHtml(report, { trend: trendSeries(history, trendPoint(report, week)) });
  const archived = await deps.store.archiveReport(week, report, renderMarkdown(report), html);
  deps.log('archived', { week, ...archived, aggregates });

  const accountId = account.inventory.roles.values().next().value?.accountId;
  const htmlConsoleUrl = s3ConsoleUrl(cfg.bucket, cfg.regions[0]!, deps.store.reportKeys(week).html);
  await deps.publish(renderWeeklySummary(report, { archive: archived, htmlConsoleUrl, ...(accountId ? { account: accountId } : {}) }));
  return { week, roles: report.roles.length, aggregates, archived, published: true };
}
