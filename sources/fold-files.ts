/**
 * CloudTrail files → one usage aggregate, as fast as the machine allows.
 *
 * In one thread, the next file is read and gunzipped (on libuv's thread pool) while this
 * one is parsed and folded. With `workers > 1`, worker threads each fold the files they
 * are handed (one at a time, so a slow file does not hold a queue) into their own
 * aggregate, and the main thread merges them: the merge counts an event seen by two
 * workers once. Nothing holds all the records: memory grows with distinct events of
 * tracked roles (8 bytes each), not with the input.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import type { Catalog } from '../core/catalog/catalog.ts';
import { emptyUsage, type UsageAggregate } from '../core/usage/model.ts';
import { compactUsage } from '../core/usage/build.ts';
import { mergeUsage } from '../core/usage/merge.ts';
import { foldContext, foldSink } from '../core/usage/fold.ts';
import { catalogDataDir } from './catalog.ts';
import { FileLoader } from './file-loader.ts';
import { parseTrailFile, type LoadedTrailFile } from './trail-file.ts';

export interface FoldFilesOptions {
  tracked: string[];
  since?: string;
  until?: string;
  /** Worker threads; 1 folds in this thread. Default: the machine's cores. */
  workers?: number;
}

export interface FoldFilesResult {
  usage: UsageAggregate;
  /** Files that could not be read, by reason, and their names. */
  fileSkips: Record<string, number>;
  skippedFiles: { path: string; reason: string }[];
  filesRead: number;
}

/** The loader thread's script (plain JavaScript, see load-worker.mjs). */
export const LOADER_SCRIPT = fileURLToPath(new URL('./load-worker.mjs', import.meta.url));

/** How many files are loading ahead of the one being parsed. */
const LOOKAHEAD = 2;

/** Count a file as read, or as skipped with its reason. */
function noteFile(result: Omit<FoldFilesResult, 'usage'>, path: string, reason: string | undefined): void {
  if (reason) {
    result.fileSkips[reason] = (result.fileSkips[reason] ?? 0) + 1;
    result.skippedFiles.push({ path, reason });
  } else result.filesRead++;
}

/** Fold files in this thread, with a loader thread decompressing the next files meanwhile. */
async function foldFilesInThread(files: string[], catalog: Catalog, o: FoldFilesOptions): Promise<FoldFilesResult> {
  const loader = new FileLoader(LOADER_SCRIPT);
  const usage = emptyUsage();
  const sink = foldSink(usage, foldContext(catalog, o));
  const result: FoldFilesResult = { usage, fileSkips: {}, skippedFiles: [], filesRead: 0 };
  const ahead: Promise<LoadedTrailFile>[] = [];
  let queued = 0;
  const fill = () => {
    while (ahead.length < LOOKAHEAD && queued < files.length) ahead.push(loader.load(files[queued++]!));
  };
  try {
    fill();
    for (let i = 0; i < files.length; i++) {
      const loaded = await ahead.shift()!;
      fill();
      noteFile(result, files[i]!, await parseTrailFile(loaded, sink));
    }
  } finally {
    await loader.close();
  }
  return result;
}

/** Messages between the pool and its workers (see fold-worker.ts). */
export type ToWorker = { type: 'file'; path: string } | { type: 'finish' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'file-done'; path: string; reason?: string }
  | { type: 'usage'; usage: UsageAggregate }
  | { type: 'error'; message: string };

/** Young-generation size of fold workers, MB: small keeps RSS down; a parsed file is garbage once folded. */
const YOUNG_MB = 16;

let bundled: string | undefined;

/**
 * The worker's code as one plain script, bundled once per process with esbuild: worker
 * threads do not inherit the TypeScript loader, and a loader per worker would cost each
 * one a transpiler and a hundred megabytes.
 */
function workerSource(): string {
  bundled ??= buildSync({
    entryPoints: [fileURLToPath(new URL('./fold-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]!.text;
  return bundled;
}

/** Fold files with a pool of worker threads. */
export async function foldFiles(files: string[], catalog: Catalog, o: FoldFilesOptions): Promise<FoldFilesResult> {
  const n = Math.max(1, Math.min(o.workers ?? availableParallelism(), files.length || 1));
  // One worker: fold here, with a loader thread gunzipping ahead (measured faster than a
  // worker thread of its own, at some 60 MB more peak RSS; see README, Performance).
  if (n === 1) {
    const r = await foldFilesInThread(files, catalog, o);
    compactUsage(r.usage);
    return r;
  }

  const queue = [...files];
  const result: FoldFilesResult = { usage: emptyUsage(), fileSkips: {}, skippedFiles: [], filesRead: 0 };
  const parts: UsageAggregate[] = [];
  await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerSource(), {
          eval: true,
          // A smaller young generation keeps each worker's heap (and the process's RSS) down
          // at little cost in speed: a parsed log file is garbage the moment it is folded.
          resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
          workerData: { tracked: o.tracked, since: o.since, until: o.until, catalogDir: catalogDataDir() },
        });
        let finished = false;
        const feed = () => {
          if (finished) return;
          const path = queue.shift();
          if (path === undefined) finished = true;
          worker.postMessage(path !== undefined ? ({ type: 'file', path } satisfies ToWorker) : ({ type: 'finish' } satisfies ToWorker));
        };
        worker.on('message', (m: FromWorker) => {
          // Two files in flight per worker: one parsing, the next loading.
          if (m.type === 'ready') {
            feed();
            feed();
          }
          else if (m.type === 'file-done') {
            noteFile(result, m.path, m.reason);
            feed();
          } else if (m.type === 'usage') {
            parts.push(m.usage);
            void worker.terminate().then(() => resolve());
          } else reject(new Error(`fold worker: ${m.message}`));
        });
        worker.on('error', reject);
      }),
    ),
  );
  result.usage = mergeUsage(parts);
  return result;
}

