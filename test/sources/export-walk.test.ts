/**
 * The export walk: symbolic links followed safely (archives are often linked in), loops and
 * duplicates not followed twice, every entry it cannot use named with why, and no size of
 * folder too large for it.
 */
import { execFileSync } from 'node:child_process';
import type { Dirent } from 'node:fs';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readExportDir } from '../../sources/export-dir.ts';
import { walkExport, type WalkFs } from '../../sources/export-walk.ts';

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'pd-walk-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

const log = gzipSync(JSON.stringify({ Records: [] }));

describe('export walk', () => {
  it('follows a linked archive folder and a linked file, in name order', async () => {
    const archive = tree({ '16/a.json.gz': log, '16/b.json.gz': log });
    const root = tree({ 'cloudtrail/2026/11/15/x.json.gz': log, 'single/one.json': '{}' });
    symlinkSync(join(archive, '16'), join(root, 'cloudtrail', '2026', '11', '16'));
    symlinkSync(join(root, 'single', 'one.json'), join(root, 'cloudtrail', 'z-linked.json'));
    const walked = await walkExport(root);
    expect(walked.files.map((f) => relative(root, f.path))).toEqual([
      'cloudtrail/2026/11/15/x.json.gz',
      'cloudtrail/2026/11/16/a.json.gz',
      'cloudtrail/2026/11/16/b.json.gz',
      'cloudtrail/z-linked.json',
    ]);
    // The linked file is the same file as single/one.json: read once, the second path named.
    expect(walked.skipped.map((s) => [relative(root, s.path), s.reason])).toEqual([['single/one.json', 'duplicate-path']]);
    expect(walked.files[1]!.real).toBe(join(archive, '16', 'a.json.gz'));
  });

  it('names a loop, a broken link, a second link to a walked folder and a FIFO instead of following or dropping them', async () => {
    const root = tree({ 'cloudtrail/a/f.json': '{}' });
    symlinkSync(join(root, 'cloudtrail'), join(root, 'cloudtrail', 'a', 'back-up'));
    symlinkSync(join(root, 'nowhere'), join(root, 'cloudtrail', 'broken.json'));
    symlinkSync(join(root, 'cloudtrail', 'a'), join(root, 'cloudtrail', 'b-again'));
    execFileSync('mkfifo', [join(root, 'cloudtrail', 'pipe.jsonl')]);
    const walked = await walkExport(root);
    expect(walked.files.map((f) => relative(root, f.path))).toEqual(['cloudtrail/a/f.json']);
    expect(walked.skipped.map((s) => [relative(root, s.path), s.reason]).sort()).toEqual([
      ['cloudtrail/a/back-up', 'link-loop'],
      ['cloudtrail/b-again', 'duplicate-path'],
      ['cloudtrail/broken.json', 'broken-link'],
      ['cloudtrail/pipe.jsonl', 'not-a-regular-file'],
    ]);
    const data = await readExportDir(root);
    expect(data.files.skipped).toMatchObject({ 'link-loop': 1, 'broken-link': 1, 'duplicate-path': 1, 'not-a-regular-file': 1 });
    expect(data.problems).toContain('skipped link cloudtrail/a/back-up: link-loop');
  });

  it('skips a folder it may not list, named and counted, and reads the rest', async () => {
    const root = tree({ 'cloudtrail/2026/11/10/a.json': JSON.stringify({ Records: [] }), 'cloudtrail/2026/11/11/b.json': JSON.stringify({ Records: [] }) });
    const denied = join(root, 'cloudtrail', '2026', '11', '10');
    const fs: WalkFs = {
      readdir: async (p) => {
        if (p === denied) throw Object.assign(new Error(`EACCES: permission denied, scandir '${p}'`), { code: 'EACCES' });
        return readdir(p, { withFileTypes: true });
      },
      stat: (p) => import('node:fs/promises').then((m) => m.stat(p)),
      realpath: (p) => import('node:fs/promises').then((m) => m.realpath(p)),
    };
    const data = await readExportDir(root, { fs });
    expect(data.trailFiles.map((f) => relative(root, f))).toEqual(['cloudtrail/2026/11/11/b.json']);
    expect(data.files.skipped).toEqual({ 'unlistable-folder': 1 });
    expect(data.problems).toEqual(['skipped folder cloudtrail/2026/11/10: unlistable-folder']);
  });

  it('walks 300,000 entries in one folder without a stack overflow', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pd-walk-'));
    const entry = (name: string): Dirent => ({ name, isDirectory: () => false, isFile: () => true, isSymbolicLink: () => false }) as Dirent;
    const folder = (name: string): Dirent => ({ name, isDirectory: () => true, isFile: () => false, isSymbolicLink: () => false }) as Dirent;
    const many = Array.from({ length: 300_000 }, (_, i) => entry(`f${String(i).padStart(6, '0')}.txt`));
    const fs: WalkFs = {
      readdir: async (p) => (p === root ? [folder('days')] : p === join(root, 'days') ? many : []),
      stat: () => Promise.reject(new Error('no links here')),
      realpath: async (p) => p,
    };
    const data = await readExportDir(root, { fs });
    expect(data.files.ignored).toBe(300_000);
    expect(data.problems).toEqual([]);
  }, 30_000);
});
