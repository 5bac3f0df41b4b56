/**
 * One run of the deployed `report` function: the account's roles and grants now, the
 * usage merged from every stored aggregate of the window, the analysis, the drift since
 * the previous week's report; archived (JSON + Markdown) before the summary is published,
 * so a report that cannot be sent is still kept, and the function then fails loudly.
 */
import { analyze } from '../core/analyze/analyze.ts';
import { diffReports } from '../core/analyze/drift.ts';
import type { Catalog } from '../core/catalog/catalog.ts';
import type { SnsMessage } from '../core/report/alert-message.ts';
import { renderWeeklySummary } from '../core/report/email.ts';
import { renderMarkdown } from '../core/report/markdown.ts';
import type { Report } from '../core/report/schema.ts';
import { compactUsage } from '../core/usage/build.ts';
import { mergeUsage } from '../core/usage/merge.ts';
import type { LiveAccount } from '../sources/aws/live-account.ts';
import { isoWeek, type StackStore } from '../sources/store/stack-store.ts';
import type { StackConfig } from './config.ts';

export interface ReportDeps {
  store: StackStore;
  catalog: Catalog;
  account(): Promise<LiveAccount>;
  publish(message: SnsMessage): Promise<void>;
  now(): number;
  log(message: string, data?: Record<string, unknown>): void;
}

export interface ReportSummary {
  week: string;
  roles: number;
  aggregates: number;
  archived: { json: string; markdown: string };
  published: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

/** A region whose newest collected CloudTrail is older than this is reported as not collected. */
const STALE_MS = 6 * 3_600_000;

export async function runReport(cfg: StackConfig, deps: ReportDeps): Promise<ReportSummary> {
  const now = deps.now();
  const from = iso(now - cfg.windowDays * 86_400_000);
  const to = iso(now);
  const account = await deps.account();
  const stored = await deps.store.readAggregates(from, to);
  const usage = compactUsage(mergeUsage(stored.aggregates));

  // "Unused" rests on the span every region was collected without a gap up to now: the last
  // contiguous coverage block of each region. Older usage still counts as used (that is safe).
  const coverage = usage.coverage ?? [];
  const problems = [...account.problems, ...stored.problems];
  const incompleteRegions: string[] = [];
  let windowStart = from;
  for (const region of cfg.regions) {
    const blocks = coverage.filter((c) => c.region === region);
    const last = blocks.at(-1);
    if (!last || Date.parse(last.end) < now - STALE_MS) {
      incompleteRegions.push(region);
      problems.push(`${region}: no CloudTrail collected ${last ? `since ${last.end}` : 'in the window'}; is the collect function failing?`);
      continue;
    }
    if (blocks.length > 1) problems.push(`${region}: CloudTrail not collected from ${blocks.at(-2)!.end} to ${last.start}; the window starts after the gap`);
    if (last.start > windowStart) windowStart = last.start;
  }

  const report: Report = analyze({
    catalog: deps.catalog,
    inventory: account.inventory,
    iamRoles: account.iamRoles,
    grantErrors: account.grantErrors,
    usage,
    window: { start: windowStart, end: to },
    generatedAt: to,
    problems,
    incompleteRegions,
    excludedRoles: account.excluded,
  });

  const week = isoWeek(to);
  const previous = await deps.store.previousReport(week);
  const drift = previous ? diffReports(previous, report) : undefined;
  if (drift) report.drift = drift;
  const markdown = renderMarkdown(report);
  const archived = await deps.store.archiveReport(week, report, markdown);
  deps.log('archived', { week, ...archived, aggregates: stored.aggregates.length });

  const accountId = account.inventory.roles.values().next().value?.accountId;
  await deps.publish(renderWeeklySummary(report, drift, { archive: archived, ...(accountId ? { account: accountId } : {}) }));
  return { week, roles: report.roles.length, aggregates: stored.aggregates.length, archived, published: true };
}
