import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadTrailFile } from '../../../sources/trail/load.ts';
import { readTrailFile } from '../../../sources/trail/parse.ts';

const ev = (n: number) => ({ eventID: `e${n}`, eventName: 'GetObject', eventSource: 's3.amazonaws.com' });

function dir(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'pd-load-'));
  for (const [rel, content] of Object.entries(files)) writeFileSync(join(root, rel), content);
  return root;
}

async function read(path: string) {
  const got: unknown[] = [];
  const reason = await readTrailFile(path, { record: (r) => got.push(r), skipRecord: () => {} });
  return { got, reason };
}

describe('trail-file loader', () => {
  it('gunzips by name or by content, and streams line files', async () => {
    const root = dir({
      'named.json.gz': gzipSync(JSON.stringify({ Records: [ev(1)] })),
      'sniffed.json': gzipSync(JSON.stringify({ Records: [ev(2)] })),
      'upper.JSONL.GZ': gzipSync(`${JSON.stringify(ev(3))}\n`),
    });
    expect(await loadTrailFile(join(root, 'named.json.gz'))).toMatchObject({ kind: 'document' });
    expect(await loadTrailFile(join(root, 'upper.JSONL.GZ'))).toEqual({ kind: 'lines', path: join(root, 'upper.JSONL.GZ'), gzip: true });
    expect((await read(join(root, 'named.json.gz'))).got).toEqual([ev(1)]);
    expect((await read(join(root, 'sniffed.json'))).got).toEqual([ev(2)]);
    expect((await read(join(root, 'upper.JSONL.GZ'))).got).toEqual([ev(3)]);
  });

  it('says why a file cannot be read: unreadable (missing, a folder) or unreadable-gzip (not valid gzip)', async () => {
    const root = dir({ 'bad.json.gz': Buffer.from('not gzip at all'), 'bad.jsonl.gz': Buffer.from('not gzip either') });
    mkdirSync(join(root, 'folder.json'));
    expect((await read(join(root, 'missing.json'))).reason).toBe('unreadable');
    expect((await read(join(root, 'missing.jsonl.gz'))).reason).toBe('unreadable');
    expect((await read(join(root, 'folder.json'))).reason).toBe('unreadable');
    expect((await read(join(root, 'bad.json.gz'))).reason).toBe('unreadable-gzip');
    expect((await read(join(root, 'bad.jsonl.gz'))).reason).toBe('unreadable-gzip');
  });

  it('surfaces a failing sink instead of calling the file unreadable', async () => {
    const root = dir({ 'a.jsonl': `${JSON.stringify(ev(1))}\n` });
    const failing = { record: () => { throw new Error('sink fault'); }, skipRecord: () => {} };
    await expect(readTrailFile(join(root, 'a.jsonl'), failing)).rejects.toThrow('sink fault');
  });
});
