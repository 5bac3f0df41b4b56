/**
 * A thread that dies mid-fold (a crash, an exit, an uncaught error) must make `foldFiles`
 * reject with what happened, and stop every other thread, instead of hanging. Threads are
 * replaced here by small scripts that die on cue; everything else is the real code.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { loadCatalog } from '../../../sources/catalog.ts';
import { foldFiles } from '../../../sources/trail/fold-files.ts';

/** Scripts for the next threads started, in order (undefined: the real one), and what became of each. */
const threads = vi.hoisted(() => ({ scripts: [] as (string | undefined)[], started: [] as { name: string; closed: boolean }[] }));

vi.mock('../../../sources/trail/thread.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../sources/trail/thread.ts')>();
  class ScriptedThread<Req, Res> extends real.ThreadClient<Req, Res> {
    private readonly seen: { name: string; closed: boolean };
    constructor(script: string | URL, name: string, options?: ConstructorParameters<typeof real.ThreadClient>[2]) {
      const replacement = threads.scripts.shift();
      super(replacement ?? script, name, replacement ? { eval: true } : options);
      this.seen = { name, closed: false };
      threads.started.push(this.seen);
    }
    override async close(): Promise<void> {
      await super.close();
      this.seen.closed = true;
    }
  }
  return { ...real, ThreadClient: ScriptedThread };
});

const ON_REQUEST = (body: string) => `require('node:worker_threads').parentPort.on('message', () => { ${body} });`;
const EXITS = ON_REQUEST('process.exit(7)');
const THROWS = ON_REQUEST("setImmediate(() => { throw new Error('loader exploded'); })");
const NEVER_ANSWERS = ON_REQUEST('');

let catalog: Catalog;
let files: string[];
beforeEach(async () => {
  catalog = await loadCatalog();
  const dir = mkdtempSync(join(tmpdir(), 'pd-threads-'));
  files = ['a', 'b', 'c', 'd'].map((n) => join(dir, `${n}.json`));
  for (const f of files) writeFileSync(f, JSON.stringify({ Records: [] }));
  threads.scripts = [];
  threads.started = [];
});

describe('a thread that dies', () => {
  it('a fold worker that exits: foldFiles rejects, and its sibling is stopped', async () => {
    threads.scripts = [EXITS, NEVER_ANSWERS];
    await expect(foldFiles(files, catalog, { tracked: [], workers: 2 })).rejects.toThrow('fold worker stopped (exit code 7)');
    expect(threads.started).toEqual([
      { name: 'fold worker', closed: true },
      { name: 'fold worker', closed: true },
    ]);
  });

  it('the loader thread of a one-thread fold that exits: foldFiles rejects', async () => {
    threads.scripts = [EXITS];
    await expect(foldFiles(files, catalog, { tracked: [], workers: 1 })).rejects.toThrow('loader thread stopped (exit code 7)');
    expect(threads.started).toEqual([{ name: 'loader thread', closed: true }]);
  });

  it('the loader thread that throws: foldFiles rejects with its error', async () => {
    threads.scripts = [THROWS];
    await expect(foldFiles(files, catalog, { tracked: [], workers: 1 })).rejects.toThrow(/loader thread failed: .*loader exploded/);
  });

  it('with real threads, the same files fold (the replacement above is only for the failures)', async () => {
    const r = await foldFiles(files, catalog, { tracked: [], workers: 2 });
    expect(r.filesRead).toBe(4);
    expect(threads.started.map((t) => t.closed)).toEqual([true, true]);
  });
});
