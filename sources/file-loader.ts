/**
 * Reads and gunzips files on a helper thread (load-worker.mjs), so the thread that parses
 * never waits for decompression. The script path is passed in: this module is also
 * bundled into worker threads, where `import.meta.url` is not available.
 */
import { Worker } from 'node:worker_threads';
import type { LoadedTrailFile } from './trail-file.ts';

export class FileLoader {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (f: LoadedTrailFile) => void>();
  private next = 0;

  constructor(script: string) {
    this.worker = new Worker(script);
    this.worker.on('message', (m: { id: number; bytes?: Uint8Array; error?: string }) => {
      const done = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      done?.(m.bytes ? { path: '', bytes: m.bytes } : { path: '', error: m.error ?? 'unreadable' });
    });
  }

  load(path: string): Promise<LoadedTrailFile> {
    if (/\.(jsonl|ndjson|log)(\.gz)?$/i.test(path)) return Promise.resolve({ path, stream: true });
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, (f) => resolve({ ...f, path }));
      this.worker.postMessage({ id, path });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

