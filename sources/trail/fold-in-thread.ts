/**
 * Folding files in this thread, with a loader thread reading and gunzipping the next files
 * while this one is parsed (measured faster than a fold worker of its own, at some 60 MB
 * more peak RSS; see README, Performance). Each file goes the one way every file goes,
 * `loadTrailFile` then `parseTrailFile` (what `readTrailFile` does), with the load started
 * a few files early and its whole-file read on the loader thread.
 */
import type { FileLimits } from './limits.ts';
import { loadTrailFile, type LoadedTrailFile } from './load.ts';
import { fileNotes, fileOutcome, parseTrailFile, type FileOutcome, type TrailFileSink } from './parse.ts';
import type { WholeFile } from './read-whole.mjs';
import { ThreadClient } from './thread.ts';

/** The loader thread's script: plain JavaScript (see load-thread.mjs). */
const LOADER_SCRIPT = new URL('./load-thread.mjs', import.meta.url);

/** How many files are loading ahead of the one being parsed. */
const LOOKAHEAD = 2;

/** Fold `files` into `sink`, in order; `onFile` hears each file's outcome. Rejects if the loader thread fails. */
export async function foldInThread(files: readonly string[], sink: TrailFileSink, onFile: (path: string, outcome: FileOutcome) => void, limits: FileLimits): Promise<void> {
  const loader = new ThreadClient<{ path: string; gzipName: boolean; maxBytes: number }, WholeFile>(LOADER_SCRIPT, 'loader thread');
  const readWhole = (path: string, gzipName: boolean, maxBytes: number) => loader.request({ path, gzipName, maxBytes });
  const ahead: Promise<LoadedTrailFile>[] = [];
  let queued = 0;
  const fill = () => {
    while (ahead.length < LOOKAHEAD && queued < files.length) {
      const loading = loadTrailFile(files[queued++]!, { readWhole, limits });
      loading.catch(() => {}); // awaited in turn below; a failure must not go unhandled meanwhile
      ahead.push(loading);
    }
  };
  try {
    fill();
    for (const path of files) {
      const loaded = await ahead.shift()!;
      fill();
      const notes = fileNotes();
      onFile(path, fileOutcome(await parseTrailFile(loaded, sink, { notes, limits }), notes));
    }
  } finally {
    await loader.close();
  }
}
