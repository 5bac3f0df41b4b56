/**
 * One run of the deployed `report` function in trail mode: for each watched account, its
 * roles and grants now (through its member role), its folded trail files of the window,
 * the analysis and the drift since its previous report, archived under the account's
 * prefix; then one message for the whole Organization (one account: the usual weekly
 * summary). An account that cannot be read is named in the message and the others are
 * analysed; every report is archived before anything is published.
 */
import { diffReports } from '../core/drift/diff.ts';
import type { Catalog } from '../core/catalog/catalog.ts';
import type { LastAccessedSource, SuggestionChecker } from '../core/evidence/ports.ts';
import { runPipeline, type AccountSnapshot } from '../core/pipeline.ts';
import type { SnsMessage } from '../core/report/alert-message.ts';
import { renderWeeklySummary, s3ConsoleUrl } from '../core/report/email.ts';
import { renderHtml } from '../core/report/html/render.ts';
import { renderMarkdown } from '../core/report/markdown.ts';
import { renderOrgSummary, type AccountOutcome } from '../core/report/org-summary.ts';
import { asEarlierReport, TREND_WEEKS, trendPoint, trendSeries } from '../core/report/trend.ts';
import { AccountObjects, accountStore } from '../sources/store/account-store.ts';
import { withStoredTasks } from './task-facts.ts';
import { ingestedTrail } from '../sources/store/ingested-trail.ts';
import type { ObjectStore } from '../sources/store/object-store.ts';
import { isoWeek } from '../sources/store/stack-store.ts';
import { readBackfillState, readIngestFailures, type BackfillState, type WatchedAccounts } from '../sources/store/trail-state.ts';
import type { StackConfig } from './config.ts';
import type { TrailConfig } from './trail-config.ts';

export interface OrgReportDeps {
  store: ObjectStore;
  catalog: Catalog;
  accounts(): Promise<WatchedAccounts>;
  /** An account's snapshot (its member role for the others), or why it cannot be read; with its evidence ports. */
  snapshot(account: string): Promise<(AccountSnapshot & { evidence?: AccountEvidence }) | { error: string }>;
  /** Messages in the ingest dead-letter queue, when it can be read. */
  deadLetters(): Promise<number | undefined>;
  publish(message: SnsMessage): Promise<void>;
  now(): number;
  log(message: string, data?: Record<string, unknown>): void;
}

/** An account's evidence beyond the window: IAM last-accessed reports and Access Analyzer checks (stack/evidence.ts). */
export interface AccountEvidence {
  lastAccessed?: LastAccessedSource;
  checks?: SuggestionChecker;
}

export interface OrgReportSummary {
  week: string;
  accounts: { account: string; roles?: number; error?: string; archived?: string }[];
  published: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

/** One account's week: analysed and archived, or why not. */
async function reportAccount(cfg: StackConfig, t: TrailConfig, deps: OrgReportDeps, account: { id: string; name?: string }, backfill: BackfillState | undefined): Promise<AccountOutcome> {
  const base = { account: account.id, ...(account.name ? { name: account.name } : {}) };
  const snapshot = await deps.snapshot(account.id);
  if ('error' in snapshot) return { ...base, error: snapshot.error };
  const now = deps.now();
  const to = iso(now);
  // The task facts its task state change events left in the window (stack/task-events.ts), beside the live ones.
  const withTasks = await withStoredTasks(snapshot, new AccountObjects(deps.store, account.id), iso(now - cfg.windowDays * 86_400_000), to);
  Object.assign(snapshot, { tasks: withTasks.tasks, problems: withTasks.problems });
  const trail = ingestedTrail(deps.store, { account: account.id, regions: cfg.regions, now, staleMs: t.staleHours * 3_600_000, ...(backfill ? { backfill } : {}) });
  const { evidence, ...account_ } = snapshot;
  const report = await runPipeline({ catalog: deps.catalog, account: account_, trail, ...evidence, since: iso(now - cfg.windowDays * 86_400_000), until: to, generatedAt: to });
  const store = accountStore(deps.store, account.id);
  const week = isoWeek(to);
  const previous = await store.previousReport(week);
  if (previous) report.drift = diffReports(previous, report);
  const history = await store.reportsBefore(week, TREND_WEEKS - 1, (w, r) => {
    const earlier = asEarlierReport(r);
    return 'report' in earlier ? trendPoint(earlier.report, w) : undefined;
  });
  const html = renderHtml(report, { trend: trendSeries(history, trendPoint(report, week)) });
  const archive = await store.archiveReport(week, report, renderMarkdown(report), html);
  return { ...base, report, archive };
}

/** Problems of the whole run: the account list, and dead letters that name no watched account's file. */
async function runProblems(deps: OrgReportDeps, watched: WatchedAccounts): Promise<string[]> {
  const problems = [...watched.problems];
  const stray = await readIngestFailures(deps.store);
  for (const f of stray.slice(0, 5)) problems.push(`queue message not ingested: ${f.reason}: ${f.what}`);
  const dead = await deps.deadLetters().catch(() => undefined);
  if (dead) problems.push(`${dead} message(s) in the ingest dead-letter queue: the log files they name are not in this report (see each account's problems; redrive them once fixed)`);
  return problems;
}

export async function runOrgReport(cfg: StackConfig, t: TrailConfig, deps: OrgReportDeps): Promise<OrgReportSummary> {
  const watched = await deps.accounts();
  const backfill = await readBackfillState(deps.store);
  const outcomes: AccountOutcome[] = [];
  for (const account of watched.accounts) {
    try {
      outcomes.push(await reportAccount(cfg, t, deps, account, backfill));
    } catch (e) {
      // One account's failure (a damaged archive, a throttled read) does not stop the others.
      outcomes.push({ account: account.id, ...(account.name ? { name: account.name } : {}), error: `report failed: ${(e as Error).message}` });
    }
  }
  const problems = await runProblems(deps, watched);
  const week = isoWeek(iso(deps.now()));
  const single = outcomes.length === 1 && outcomes[0]!.report ? outcomes[0]! : undefined;
  const message = single
    ? renderWeeklySummary({ ...single.report!, problems: [...single.report!.problems, ...problems] }, {
        account: single.account,
        ...(single.archive ? { archive: single.archive } : {}),
        htmlConsoleUrl: s3ConsoleUrl(cfg.bucket, cfg.homeRegion, new AccountObjects(deps.store, single.account).keyOf(`reports/${week}/report.html`)),
      })
    : renderOrgSummary(outcomes, { ...(watched.orgId ? { orgId: watched.orgId } : {}), problems });
  await deps.publish(message);
  deps.log('reported', { week, accounts: outcomes.length, unread: outcomes.filter((o) => o.error).length });
  return {
    week,
    accounts: outcomes.map((o) => ({ account: o.account, ...(o.report ? { roles: o.report.roles.length } : {}), ...(o.error ? { error: o.error } : {}), ...(o.archive ? { archived: o.archive.json } : {}) })),
    published: true,
  };
}
