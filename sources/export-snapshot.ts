/**
 * An export directory (see README, "Export format") as the pipeline's two ports: the
 * account snapshot from its ECS and IAM files, and a trail source over its CloudTrail files.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.ts';
import { buildInventory } from '../core/inventory/inventory.ts';
import type { LastAccessedSource } from '../core/evidence/ports.ts';
import { accountSnapshot, type AccountSnapshot, type IncompleteSpan, type TrailSource } from '../core/pipeline.ts';
import { rolesFromAuthorizationDetails } from '../core/policy/authorization-details.ts';
import { judgeWindow } from '../core/window.ts';
import { addTaskFacts, taskFactOf, type TaskFact, type TaskFacts } from '../core/workloads/tasks.ts';
import { coverageProblems, type CoveredSpan } from '../core/usage/trusted-window.ts';
import { CappedProblems, MAX_NAMED_PROBLEMS } from './capped-problems.ts';
import { readExportDir, type ExportData } from './export-dir.ts';
import { exportLastAccessed } from './export-last-accessed.ts';
import { foldFiles, type UnreadFile } from './trail/fold-files.ts';
import type { FileLimits } from './trail/limits.ts';
import { describePlacement, mayOverlap, UNKNOWN_REGION } from './trail/placement.ts';

export interface ExportOptions {
  /** Roles to analyse beside those the task definitions name: ARNs, or names found in the IAM export. */
  roles?: string[];
  /** Threads folding CloudTrail files (default: the machine's cores; 1: in this thread). */
  workers?: number;
  /** Where the report will be written: refused if it is one of the export's data files. */
  out?: string;
  /** Size caps per file and per line. Default: `fileLimits()`. */
  limits?: FileLimits;
}

/**
 * Read an export directory's ECS and IAM files now; its CloudTrail files are folded when the
 * pipeline asks. `lastAccessed` is there when the export holds IAM last-accessed files.
 */
export async function readExport(dir: string, o: ExportOptions = {}): Promise<{ account: AccountSnapshot; trail: TrailSource; lastAccessed?: LastAccessedSource }> {
  const data = await readExportDir(dir);
  if (o.out && data.dataFiles.has(realPathOf(o.out))) {
    throw new UsageError(`--out ${o.out} is a file of the --input export: refusing to overwrite it; write the report elsewhere`);
  }
  const iam = rolesFromAuthorizationDetails(data.roleDetails, data.managedPolicies);
  const inventory = buildInventory(data.taskDefinitions, data.services, {
    extraRoles: o.roles ?? [],
    knownRoleArns: [...iam.roles.values()].map((r) => r.roleArn),
  });
  const tasks = exportTasks(data.tasks);
  const account = accountSnapshot({
    source: sourceOf(dir, data),
    inventory,
    grants: iam.roles,
    problems: [...data.problems, ...iam.problems, ...tasks.problems],
    files: data.files,
    ...(tasks.facts ? { tasks: tasks.facts } : {}),
  });
  const trail = trailFiles(data.trailFiles, { ...(o.workers ? { workers: o.workers } : {}), ...(o.limits ? { limits: o.limits } : {}) });
  return { account, trail, ...(data.lastAccessed.length ? { lastAccessed: exportLastAccessed(data.lastAccessed) } : {}) };
}

/**
 * The export's described tasks as task facts, merged by task ID (a task described by several
 * snapshots is one task); none when the export holds no `describe-tasks` output. Tasks that
 * cannot be read are counted in one problem line, the first few named.
 */
function exportTasks(raw: readonly unknown[]): { facts?: TaskFact[]; problems: string[] } {
  if (raw.length === 0) return { problems: [] };
  const facts: TaskFacts = new Map();
  const bad: string[] = [];
  for (const t of raw) {
    const read = taskFactOf(t);
    if (read.ok) addTaskFacts(facts, [read.fact]);
    else bad.push(read.problem);
  }
  const named = bad.slice(0, 3).join('; ') + (bad.length > 3 ? '; …' : '');
  return { facts: [...facts.values()], problems: bad.length ? [`${bad.length} described ECS task${bad.length === 1 ? '' : 's'} not read (their sessions stay unattributed): ${named}`] : [] };
}

/** The export as messages name it; when no task definition was found, also the files that could not be read, and why. */
function sourceOf(dir: string, data: ExportData): string {
  const found = `${data.taskDefinitions.length} task definitions found`;
  if (data.taskDefinitions.length > 0 || data.skippedFiles.length === 0) return `${dir} (${found})`;
  const skipped = Object.values(data.files.skipped).reduce((a, b) => a + b, 0);
  const named = data.skippedFiles.slice(0, 5).map((f) => `${f.path} (${f.reason})`).join(', ');
  return `${dir} (${found}; ${skipped} file${skipped === 1 ? '' : 's'} could not be read: ${named}${skipped > 5 ? ', …' : ''})`;
}

/** The real path a file would be written at: links resolved, also for a file that does not exist yet. */
function realPathOf(path: string): string {
  try {
    if (existsSync(path)) return realpathSync(path);
    return join(realpathSync(dirname(resolve(path))), basename(path));
  } catch {
    return resolve(path);
  }
}

export interface TrailFilesOptions {
  /** Threads folding CloudTrail files (default: the machine's cores; 1: in this thread). */
  workers?: number;
  limits?: FileLimits;
}

/**
 * CloudTrail files as a trail source. The window is the flags' cut to the span of the
 * events read, or that span (a window holding no event is a usage error, see `judgeWindow`).
 * A file or record that could not be read makes its region incomplete when it may lie in
 * the window (an unknown region or time: `UNKNOWN_REGION`, blocking everywhere); so does
 * an input without a single readable event.
 */
export function trailFiles(files: string[], o: TrailFilesOptions = {}): TrailSource {
  return {
    async read(request) {
      const folded = await foldFiles(files, request.catalog, {
        tracked: [...request.tracked],
        ...(request.since ? { since: request.since } : {}),
        ...(request.until ? { until: request.until } : {}),
        ...(request.notAfter ? { notAfter: request.notAfter } : {}),
        ...(o.workers ? { workers: o.workers } : {}),
        ...(o.limits ? { limits: o.limits } : {}),
      });
      const usage = folded.usage;
      const judged = judgeWindow(
        { ...(request.since ? { since: request.since } : {}), ...(request.until ? { until: request.until } : {}) },
        { ...usage.span, inWindow: usage.input.attributed + usage.input.notTracked },
      );
      if (!judged.ok) throw new UsageError(judged.message);
      const window = judged.window;
      const incompleteSpans = folded.unread.filter((u) => mayOverlap(u.placement, window)).map(spanOf);
      // No event read at all: no span to rest a claim on, whatever region a role runs in.
      if (!usage.span.start) incompleteSpans.push({ what: NO_EVENT });
      return {
        usage,
        window,
        ...(folded.covered.length ? { covered: folded.covered } : {}),
        incompleteRegions: [...new Set(incompleteSpans.map((s) => s.region ?? UNKNOWN_REGION))].sort(),
        incompleteSpans,
        problems: [...unreadProblems(folded.unread, window), ...partialCoverage(folded.covered, window), ...(usage.span.start ? [] : [`${NO_EVENT}: nothing can be called unused`])],
        files: { read: folded.filesRead, skipped: folded.fileSkips, ignored: 0 },
      };
    },
  };
}

const NO_EVENT = 'no readable CloudTrail event in the input';

function spanOf(u: UnreadFile): IncompleteSpan {
  const what = u.reason ? `CloudTrail file ${u.path} (${u.reason})` : `${u.unreadRecords} unreadable record${u.unreadRecords === 1 ? '' : 's'} of CloudTrail file ${u.path}`;
  return { ...u.placement, what };
}

/** Lines on regions whose CloudTrail covers part of the window (`coverageProblems`), capped like the file lines. */
function partialCoverage(covered: readonly CoveredSpan[], window: { start?: string; end?: string }): string[] {
  const lines = coverageProblems(covered, window);
  if (lines.length <= MAX_NAMED_PROBLEMS) return lines;
  return [...lines.slice(0, MAX_NAMED_PROBLEMS), `… and ${(lines.length - MAX_NAMED_PROBLEMS).toLocaleString('en-US')} more regions whose CloudTrail covers part of the window`];
}

/** One line per file not read in full (capped), saying where its loss lies and whether the window holds it. */
function unreadProblems(unread: readonly UnreadFile[], window: { start?: string; end?: string }): string[] {
  const lines = new CappedProblems('CloudTrail files not read in full');
  for (const u of unread) {
    const where = `${describePlacement(u.placement)}${mayOverlap(u.placement, window) ? '' : ': outside the window'}`;
    if (u.reason) lines.add(`skipped CloudTrail file ${u.path}: ${u.reason} (${where})`);
    else lines.add(`CloudTrail file ${u.path}: ${u.unreadRecords.toLocaleString('en-US')} record${u.unreadRecords === 1 ? '' : 's'} could not be read (${where})`);
  }
  return lines.lines();
}
