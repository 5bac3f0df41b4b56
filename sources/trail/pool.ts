/**
 * The fold worker pool: `workers` threads each fold the files they are handed into their
 * own aggregate (two files in flight per worker, one parsing while the next loads, so a
 * slow file does not hold a queue), and hand their aggregates back to be merged. If any
 * worker fails (an error reply, a crash, an exit), the pool stops every sibling and
 * rejects with that failure.
 */
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
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

let bundled: string | undefined;

/**
 * The worker's code as one plain script, bundled once per process with esbuild: worker
 * threads do not inherit the TypeScript loader, and a loader per worker would cost each
 * one a transpiler and a hundred megabytes.
 */
export function foldWorkerSource(): string {
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

/** Fold `files` on `workers` threads; `onFile` hears each file's outcome. Resolves with each worker's aggregate. */
export async function foldInPool(
  files: readonly string[],
  workers: number,
  settings: FoldWorkerSettings,
  onFile: (path: string, outcome: FileOutcome) => void,
): Promise<UsageAggregate[]> {
  const source = foldWorkerSource();
  const threads = Array.from(
    { length: workers },
    () =>
      new ThreadClient<FoldRequest, FoldReply>(source, 'fold worker', {
        eval: true,
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
