/**
 * A fold worker: loads the catalog, folds each file it is handed into its own aggregate,
 * and hands the aggregate back when told to finish. See fold-files.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { emptyUsage } from '../core/usage/model.ts';
import { compactUsage } from '../core/usage/build.ts';
import { foldContext, foldSink } from '../core/usage/fold.ts';
import { loadCatalog } from './catalog.ts';
import type { FromWorker, ToWorker } from './fold-files.ts';
import { loadTrailFileSync, parseTrailFile } from './trail-file.ts';

const port = parentPort!;
const options = workerData as { tracked: string[]; since?: string; until?: string; catalogDir: string };
const send = (m: FromWorker) => port.postMessage(m);

// No top-level await: this file is bundled to CommonJS and evaluated as the worker's script.
void (async () => {
try {
  const catalog = await loadCatalog(options.catalogDir);
  const usage = emptyUsage();
  const sink = foldSink(usage, foldContext(catalog, options));
  let chain = Promise.resolve();
  // With every core folding, reading and gunzipping in this thread costs no more than on another.
  port.on('message', (m: ToWorker) => {
    chain = chain.then(async () => {
      try {
        if (m.type === 'file') {
          const reason = await parseTrailFile(loadTrailFileSync(m.path), sink);
          send({ type: 'file-done', path: m.path, ...(reason ? { reason } : {}) });
        } else {
          send({ type: 'usage', usage: compactUsage(usage) });
        }
      } catch (e) {
        send({ type: 'error', message: (e as Error).stack ?? String(e) });
      }
    });
  });
  send({ type: 'ready' });
} catch (e) {
  send({ type: 'error', message: (e as Error).stack ?? String(e) });
}
})();
