/**
 * The fold worker pool: `workers` threads each fold the files they are handed into their
 * own aggregate (two files in flight per worker, one parsing while the next loads, so a
 * slow file does not hold a queue), and hand their aggregates back to be merged. If any
 * worker fails (an error reply, a crash, an exit), the pool stops every sibling and
 * rejects with that failure.
 */
import { pathToFileURL } from 'node:url';
import type { UsageAggregate } from '../../core/usage/model.ts';
import type { FileOutcome } from './parse.ts';
import type { FileLimits } from './limits.ts';
import { ThreadClient } from './thread.ts';

/** What each fold worker is started with (its `workerData`). */
export interface FoldWorkerSettings {
  tracked: string[];
  since?: string | undefined;
  until?: string | undefined;
  notAfter?: string | undefined;
  catalogDir: string;
  limits: FileLimits;
}

export type FoldRequest = { type: 'file'; path: string } | { type: 'finish' };
/** A file's outcome, or the worker's aggregate after `finish`. */
export type FoldReply = { outcome?: FileOutcome; usage?: UsageAggregate };

/** Young-generation size of fold workers, MB: small keeps RSS down; a parsed file is garbage once folded. */
const YOUNG_MB = 16;
/** Files in flight per worker: one parsing, the next loading. */
const IN_FLIGHT = 2;

/** Whether this module runs from the TypeScript sources (tsx, vitest) rather than from the compiled dist/. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** What runs from the sources use of bin/build.mjs (see its build.d.mts). */
interface DistBuilder {
  DIST: string;
  ensureBuilt(): Promise<void>;
}

/**
 * The fold worker's script: dist/fold-worker.cjs, compiled by bin/build.mjs with the rest
 * of the CLI (worker threads do not inherit the TypeScript loader, and a loader per worker
 * would cost each one a transpiler and a hundred megabytes). Run from the sources, dist/
 * is brought up to date first (a stat per source file when it is).
 */
export async function foldWorkerScript(): Promise<URL> {
  // The compiled CLI's chunks sit in dist/ beside the worker.
  if (!FROM_SOURCES) return new URL('./fold-worker.cjs', import.meta.url);
  // A computed specifier: the build never bundles its own builder (nor esbuild with it). The
  // builder is a development tool, not a layer of the product: only runs from the sources reach it.
  const builder = (await import(new URL('../../bin/build.mjs', import.meta.url).href)) as DistBuilder;
  await builder.ensureBuilt();
  return new URL('fold-worker.cjs', pathToFileURL(`${builder.DIST}/`));
}

/** Fold `files` on `workers` threads; `onFile` hears each file's outcome. Resolves with each worker's aggregate. */
export async function foldInPool(
  files: readonly string[],
  workers: number,
  settings: FoldWorkerSettings,
  onFile: (path: string, outcome: FileOutcome) => void,
): Promise<UsageAggregate[]> {
  const script = await foldWorkerScript();
  const threads = Array.from(
    { length: workers },
    () =>
      new ThreadClient<FoldRequest, FoldReply>(script, 'fold worker', {
        // A smaller young generation keeps each worker's heap (and the process's RSS) down
        // at little cost in speed: a parsed log file is garbage the moment it is folded.
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
        workerData: settings,
      }),
  );
  let next = 0;
  const feed = async (thread: ThreadClient<FoldRequest, FoldReply>) => {
    while (next < files.length) {
      const path = files[next++]!;
      onFile(path, (await thread.request({ type: 'file', path })).outcome ?? {});
    }
  };
  try {
    return await Promise.all(
      threads.map(async (thread) => {
        await Promise.all(Array.from({ length: IN_FLIGHT }, () => feed(thread)));
        const { usage } = await thread.request({ type: 'finish' });
        if (!usage) throw new Error('fold worker: finished without its aggregate');
        return usage;
      }),
    );
  } finally {
    // On success the workers are done; on a failure this stops the siblings still folding.
    await Promise.all(threads.map((t) => t.close()));
  }
}
