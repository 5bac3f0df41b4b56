/**
 * A fold worker (see pool.ts): loads the catalog, folds each file it is handed into its
 * own aggregate, and hands the aggregate back when told to finish. Each file goes the one
 * way every file goes (`readTrailFile`), read in this thread: with every core folding,
 * reading and gunzipping here costs no more than on another thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compactUsage } from '../../core/usage/build.ts';
import { foldContext, foldSink } from '../../core/usage/fold.ts';
import { emptyUsage } from '../../core/usage/model.ts';
import { loadCatalog } from '../catalog.ts';
import { fileNotes, fileOutcome, readTrailFile } from './parse.ts';
import type { FoldReply, FoldRequest, FoldWorkerSettings } from './pool.ts';
import { serveRequests } from './thread.ts';

const settings = workerData as FoldWorkerSettings;

// No top-level await: this file is bundled to CommonJS and evaluated as the worker's script.
const ready = loadCatalog(settings.catalogDir).then((catalog) => {
  const usage = emptyUsage();
  return { usage, sink: foldSink(usage, foldContext(catalog, settings)) };
});
ready.catch(() => {}); // a catalog that fails to load is each request's error reply, below

serveRequests<FoldRequest, FoldReply>(parentPort!, async (m) => {
  const { usage, sink } = await ready;
  if (m.type === 'finish') return { usage: compactUsage(usage) };
  const notes = fileNotes();
  const outcome = fileOutcome(await readTrailFile(m.path, sink, { notes, limits: settings.limits }), notes);
  // An empty reply for a file read in full without a record that says where it is: the message stays small.
  return outcome.reason || outcome.unreadRecords || outcome.places ? { outcome } : {};
});
