/**
 * CloudTrail files → one usage aggregate, as fast as the machine allows. Every file goes
 * one way: `loadTrailFile` (load.ts: classify by name, read and gunzip, or stream a line
 * file) then `parseTrailFile` (parse.ts: records into a fold sink). This module only
 * chooses where that runs:
 *
 * - one worker: in this thread, with a loader thread reading ahead (fold-in-thread.ts);
 * - more: a pool of fold workers (pool.ts), each folding into its own aggregate; the merge
 *   counts an event seen by two workers once.
 *
 * Nothing holds all the records: memory grows with distinct events of tracked roles
 * (8 bytes each), not with the input. A failing thread rejects the fold; it never hangs.
 * Every file that could not be read in full (skipped, or with records that could not be
 * read) is listed with where and when its content may lie (placement.ts), in path order.
 */
import { availableParallelism } from 'node:os';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { compactUsage } from '../../core/usage/build.ts';
import { foldContext, foldSink } from '../../core/usage/fold.ts';
import { mergeUsage } from '../../core/usage/merge.ts';
import { emptyUsage, type UsageAggregate } from '../../core/usage/model.ts';
import type { CoveredSpan } from '../../core/usage/trusted-window.ts';
import { catalogDataDir } from '../catalog.ts';
import { foldInThread } from './fold-in-thread.ts';
import { fileLimits, type FileLimits } from './limits.ts';
import type { FileOutcome, TrailFileSkip } from './parse.ts';
import { Coverage } from './coverage.ts';
import { logPlaceOf, placeFile, type Placement } from './placement.ts';
import { foldInPool } from './pool.ts';

export interface FoldFilesOptions {
  tracked: string[];
  since?: string;
  until?: string;
  /** Records after this time are skipped as `future-eventTime`. */
  notAfter?: string;
  /** Worker threads; 1 folds in this thread. Default: the machine's cores. */
  workers?: number;
  /** Size caps per file and per line. Default: `fileLimits()`. */
  limits?: FileLimits;
}

/** A file not read in full, and where and when what was lost may lie. */
export interface UnreadFile {
  path: string;
  /** Why the whole file was skipped; undefined when only some records were lost. */
  reason?: TrailFileSkip;
  /** Records (lines, lookup-events entries) of a read file that could not be read. */
  unreadRecords: number;
  placement: Placement;
}

export interface FoldFilesResult {
  usage: UsageAggregate;
  /** Files that could not be read, by reason, and their names. */
  fileSkips: Record<string, number>;
  /** In path order. */
  skippedFiles: { path: string; reason: TrailFileSkip }[];
  filesRead: number;
  /** Every file not read in full (the skipped ones and those with unreadable records), placed, in path order. */
  unread: UnreadFile[];
  /** Per account and region, the gap-free spans the files read hold (coverage.ts). */
  covered: CoveredSpan[];
}

/** Fold files into one compacted aggregate, in this thread or on a pool of workers. */
export async function foldFiles(files: string[], catalog: Catalog, o: FoldFilesOptions): Promise<FoldFilesResult> {
  const result: FoldFilesResult = { usage: emptyUsage(), fileSkips: {}, skippedFiles: [], filesRead: 0, unread: [], covered: [] };
  const coverage = new Coverage();
  const noteFile = (path: string, outcome: FileOutcome) => {
    const { reason, unreadRecords = 0, seen } = outcome;
    if (reason) {
      result.fileSkips[reason] = (result.fileSkips[reason] ?? 0) + 1;
      result.skippedFiles.push({ path, reason });
    } else {
      result.filesRead++;
      coverage.addFile(logPlaceOf(path), outcome.places);
    }
    if (reason || unreadRecords > 0) {
      const placement = placeFile(path, seen && { ...seen, regions: new Set(seen.regions) });
      result.unread.push({ path, ...(reason ? { reason } : {}), unreadRecords, placement });
    }
  };
  const limits = o.limits ?? fileLimits();
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), files.length || 1));
  if (workers === 1) {
    await foldInThread(files, foldSink(result.usage, foldContext(catalog, o)), noteFile, limits);
    compactUsage(result.usage);
  } else {
    const settings = { tracked: o.tracked, since: o.since, until: o.until, notAfter: o.notAfter, catalogDir: catalogDataDir(), limits };
    result.usage = mergeUsage(await foldInPool(files, workers, settings, noteFile));
  }
  // Workers finish files in any order: the lists are put in path order, so that the report
  // names the same files (the first 20 of them) whatever the load on the machine.
  result.unread.sort(byPath);
  result.skippedFiles.sort(byPath);
  result.covered = coverage.spans();
  return result;
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
