/**
 * The one pipeline every entry point runs: `analyze --input`, `analyze --live` and the
 * deployed weekly report.
 *
 *   account snapshot (roles to track, what IAM grants them) ──┐
 *   trail source (CloudTrail records → usage aggregate) ──────┴─▶ analyze ─▶ Report
 *
 * Both are ports: the adapters in `sources/` turn an export directory, the live account,
 * LookupEvents or stored aggregates into them, and nothing after this point knows which.
 */
import { analyze } from './analyze/analyze.ts';
import type { SuggestOptions } from './analyze/suggest.ts';
import type { Catalog } from './catalog/catalog.ts';
import { checkSuggestions } from './evidence/check-suggestions.ts';
import { lastAccessedRoles, type LastAccessedSource, type SuggestionChecker } from './evidence/ports.ts';
import { InputError } from './errors.ts';
import type { Inventory } from './inventory/inventory.ts';
import type { Excluded } from './inventory/scope.ts';
import type { RoleGrants } from './model.ts';
import type { Report } from './report/schema.ts';
import { compactUsage } from './usage/build.ts';
import { mergeCoverage } from './usage/merge.ts';
import { emptyUsage, type CoverageWindow, type UsageAggregate } from './usage/model.ts';
import type { CoveredSpan } from './usage/trusted-window.ts';
import { foldContext, foldSink } from './usage/fold.ts';
import type { TaskFact } from './workloads/tasks.ts';

/** Files of an export directory: recognised, skipped by reason, ignored (not data). */
export interface FileCounts {
  read: number;
  skipped: Record<string, number>;
  ignored: number;
}

/** The account as it is now: which roles to track and what IAM grants them. */
export interface AccountSnapshot {
  /** Where it was read from, for messages (an export directory, a list of regions). */
  source: string;
  /** Tracked roles by `roleKey`; each role's ARN is IAM's spelling (with its path) when IAM was read. */
  inventory: Inventory;
  /** What IAM grants each tracked role, by `roleKey`. A role missing here has unknown grants. */
  grants: ReadonlyMap<string, RoleGrants>;
  /** Why a tracked role's grants could not be read, by `roleKey`. */
  grantErrors: ReadonlyMap<string, string>;
  /** Roles left out by scope controls, with why. */
  excluded: Excluded[];
  problems: string[];
  files?: FileCounts;
  /**
   * ECS task facts (core/workloads/tasks.ts): which task ran which revision for which
   * service. With them the report places calls in workloads; absent when the source has
   * none to offer (an export without `describe-tasks` files).
   */
  tasks?: TaskFact[];
}

/**
 * Assemble a snapshot. Tracked roles take IAM's spelling of their ARN (task definitions
 * may name a role without its path; IAM's ARN carries it): done here, once, for every source.
 */
export function accountSnapshot(parts: Omit<AccountSnapshot, 'grantErrors' | 'excluded'> & Partial<Pick<AccountSnapshot, 'grantErrors' | 'excluded'>>): AccountSnapshot {
  for (const [key, role] of parts.inventory.roles) {
    const grants = parts.grants.get(key);
    if (grants) role.roleArn = grants.roleArn;
  }
  return { grantErrors: new Map(), excluded: [], ...parts };
}

/** What the pipeline asks of a trail source: the roles to attribute and the window. */
export interface FoldRequest {
  catalog: Catalog;
  /** `roleKey`s of the tracked roles. */
  tracked: ReadonlySet<string>;
  /** Inclusive ISO bounds; records outside are counted, not analysed. */
  since?: string;
  until?: string;
  /** Records after this time are skipped as `future-eventTime` (`latestEventTime` of the run's clock). */
  notAfter?: string;
}

/** A part of the CloudTrail input that could not be read, placed as precisely as the input allows. */
export interface IncompleteSpan {
  /** Undefined: the region is unknown, so it may be any. */
  region?: string;
  /** Inclusive ISO bounds of the time it may hold; undefined: unknown, so any time. */
  start?: string;
  end?: string;
  /** What was lost, for messages (a file, or some records of a file). */
  what: string;
}

/** What a trail source read: the usage, and what the input can vouch for. */
export interface TrailRead {
  /** Compacted. */
  usage: UsageAggregate;
  /** The span the report's "unused" claims rest on. */
  window: { start?: string; end?: string };
  /** Regions whose CloudTrail was read (a quiet region was read, not missing). Default: the regions the records name. */
  regionsRead?: string[];
  /**
   * Per account and region, the spans the input holds CloudTrail for without a gap (export
   * files: their day folders and the days of their records). When given, each role is
   * judged by its own account and regions: one whose account's CloudTrail of a region it
   * runs in is missing calls nothing unused, and one whose regions were read over less than
   * the window rests its claims on that span (`roleSpan`).
   */
  covered?: CoveredSpan[];
  /** Regions whose CloudTrail could not be read in full: nothing is called unused. */
  incompleteRegions: string[];
  /** The unread parts behind `incompleteRegions`, by region and time, where the source can place them (export files). */
  incompleteSpans?: IncompleteSpan[];
  problems: string[];
  files?: FileCounts;
}

/** Anything that turns CloudTrail over a window into usage: export files, LookupEvents, stored aggregates. */
export interface TrailSource {
  read(request: FoldRequest): Promise<TrailRead>;
}

/** Where records go, one at a time. */
export interface RecordSink {
  record(raw: unknown): void;
  /** A record that could not be read (a bad line, an entry without its event). */
  skipRecord(reason: string): void;
}

/** What a feed vouches for: a trail read without the usage, plus the windows it read in full. */
export type FeedRead = Omit<TrailRead, 'usage'> & {
  /** Per region, the windows read in full (kept in the aggregate: stored aggregates merge them). */
  coverage?: CoverageWindow[];
};

/**
 * A trail source from a feed that pushes raw records into a sink (LookupEvents, one S3
 * log object, one EventBridge event): the fold, the window and compaction are done here,
 * once, so the adapter only reads. The feed returns what it could vouch for.
 */
export function feedSource(feed: (sink: RecordSink, request: FoldRequest) => Promise<FeedRead>): TrailSource {
  return {
    async read(request) {
      const usage = emptyUsage();
      const sink = foldSink(usage, foldContext(request.catalog, request));
      const { coverage, ...read } = await feed(sink, request);
      if (coverage?.length) usage.coverage = mergeCoverage(coverage);
      return { usage: compactUsage(usage), ...read };
    },
  };
}

export interface PipelineInput {
  catalog: Catalog;
  account: AccountSnapshot;
  trail: TrailSource;
  since?: string;
  until?: string;
  /** Records after this time are skipped as `future-eventTime`: `latestEventTime` of the caller's clock. */
  notAfter?: string;
  generatedAt: string;
  suggest?: SuggestOptions;
  /** IAM last-accessed reports of the tracked roles (core/evidence): read after the trail, so they speak for its whole window. */
  lastAccessed?: LastAccessedSource;
  /** Checks every suggested policy (IAM Access Analyzer), or says why not. */
  checks?: SuggestionChecker;
}

/**
 * A one-shot analysis has nothing to say about an account that tracks no role: throw
 * `InputError` (the CLI exits 1 with the reason). The weekly report publishes its empty
 * report instead, so it does not call this.
 */
export function requireTrackedRoles(account: AccountSnapshot): void {
  if (account.inventory.roles.size > 0) return;
  throw new InputError(`nothing to analyse in ${account.source}: no ECS task definition names a role and no --role was given`);
}

/** Snapshot × trail → report. */
export async function runPipeline(p: PipelineInput): Promise<Report> {
  const { account, catalog } = p;
  const read = await p.trail.read({
    catalog,
    tracked: new Set(account.inventory.roles.keys()),
    ...(p.since ? { since: p.since } : {}),
    ...(p.until ? { until: p.until } : {}),
    ...(p.notAfter ? { notAfter: p.notAfter } : {}),
  });
  const files = sumFiles(account.files, read.files);
  const lastAccessed = p.lastAccessed ? await p.lastAccessed.read(lastAccessedRoles(account.inventory.roles)) : undefined;
  const report = analyze({
    catalog,
    inventory: account.inventory,
    iamRoles: account.grants,
    grantErrors: account.grantErrors,
    usage: read.usage,
    window: read.window,
    generatedAt: p.generatedAt,
    problems: [...account.problems, ...read.problems, ...(lastAccessed?.problems ?? [])],
    incompleteRegions: read.incompleteRegions,
    excludedRoles: account.excluded,
    ...(files ? { files } : {}),
    ...(read.regionsRead ? { regionsRead: read.regionsRead } : {}),
    ...(read.covered?.length ? { covered: read.covered } : {}),
    ...(p.suggest ? { suggest: p.suggest } : {}),
    ...(lastAccessed ? { lastAccessed } : {}),
    ...(account.tasks ? { tasks: account.tasks } : {}),
  });
  if (p.checks) await checkSuggestions(report, account.grants, p.checks);
  return report;
}

function sumFiles(a: FileCounts | undefined, b: FileCounts | undefined): FileCounts | undefined {
  if (!a || !b) return a ?? b;
  const skipped = { ...a.skipped };
  for (const [reason, n] of Object.entries(b.skipped)) skipped[reason] = (skipped[reason] ?? 0) + n;
  return { read: a.read + b.read, skipped, ignored: a.ignored + b.ignored };
}
