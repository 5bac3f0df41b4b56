/**
 * Size caps: a gzip bomb stops inflating at the file cap, a huge file is never read into
 * memory, a huge line is never held; each is skipped as `too-large` and named, and what
 * follows it is still read.
 */
import { closeSync, mkdtempSync, openSync, ftruncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FILE_LIMITS, fileLimits } from '../../../sources/trail/limits.ts';
import { readTrailFile } from '../../../sources/trail/parse.ts';
import { readWholeFile } from '../../../sources/trail/read-whole.mjs';

const ev = (n: number) => ({ eventID: `e${n}`, eventName: 'GetObject', eventSource: 's3.amazonaws.com' });
const MB = 1024 * 1024;

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'pd-limits-'));
}

/** A gzip file that inflates to `members` × 16 MB of zeros (gzip members concatenate): a bomb of a few KB per 16 MB. */
function bomb(path: string, members: number): void {
  const member = gzipSync(Buffer.alloc(16 * MB), { level: 9 });
  writeFileSync(path, Buffer.concat(Array.from({ length: members }, () => member)));
}

/** A sparse file of `bytes` zero bytes: instant, and no disk used. */
function sparse(path: string, bytes: number, head = ''): void {
  const fd = openSync(path, 'w');
  writeSync(fd, head);
  ftruncateSync(fd, bytes);
  closeSync(fd);
}

async function read(path: string, limits = fileLimits()) {
  const got: unknown[] = [];
  const skipped: string[] = [];
  const reason = await readTrailFile(path, { record: (r) => got.push(r), skipRecord: (r) => skipped.push(r) }, { limits });
  return { got, skipped, reason };
}

describe('file and line caps', () => {
  it('stops a gzip bomb at the cap (a small cap here)', async () => {
    const d = dir();
    bomb(join(d, 'bomb.json.gz'), 4);
    const small = { maxFileBytes: 8 * MB, maxLineBytes: MB };
    expect(await read(join(d, 'bomb.json.gz'), small)).toEqual({ got: [], skipped: [], reason: 'too-large' });
  });

  it('stops a 1 GB gzip bomb at the default cap (256 MiB) without inflating the rest', () => {
    const d = dir();
    bomb(join(d, 'bomb.json.gz'), 64);
    const before = process.memoryUsage().rss;
    expect(readWholeFile(join(d, 'bomb.json.gz'), true, DEFAULT_FILE_LIMITS.maxFileBytes)).toEqual({ reason: 'too-large' });
    // Far below the gigabyte it would inflate to (the cap's buffer at most).
    expect(process.memoryUsage().rss - before).toBeLessThan(600 * MB);
  }, 30_000);

  it('never reads a 1 GB single-line .json into memory', async () => {
    const d = dir();
    sparse(join(d, 'huge.json'), 1024 * MB, '{"Records": [');
    expect(await read(join(d, 'huge.json'))).toEqual({ got: [], skipped: [], reason: 'too-large' });
  });

  it('skips a line over the line cap as one too-large record, and reads the lines around it', async () => {
    const d = dir();
    const long = `{"eventName": "${'x'.repeat(3 * MB)}"}`;
    writeFileSync(join(d, 'events.jsonl'), `${JSON.stringify(ev(1))}\n${long}\n${JSON.stringify(ev(2))}\n${long}`);
    writeFileSync(join(d, 'events.jsonl.gz'), gzipSync(`${JSON.stringify(ev(1))}\n${long}\n${JSON.stringify(ev(2))}\n`));
    const small = { maxFileBytes: 8 * MB, maxLineBytes: MB };
    expect(await read(join(d, 'events.jsonl'), small)).toEqual({ got: [ev(1), ev(2)], skipped: ['too-large', 'too-large'], reason: undefined });
    expect(await read(join(d, 'events.jsonl.gz'), small)).toEqual({ got: [ev(1), ev(2)], skipped: ['too-large'], reason: undefined });
  });

  it('streams a 600 MB line of a .jsonl without holding it (past V8\'s string limit at full size)', async () => {
    const d = dir();
    sparse(join(d, 'one-line.jsonl'), 600 * MB, `${JSON.stringify(ev(1))}\n{"eventName": "`);
    expect(await read(join(d, 'one-line.jsonl'), { maxFileBytes: MB, maxLineBytes: 16 * MB })).toEqual({ got: [ev(1)], skipped: ['too-large'], reason: undefined });
  }, 60_000);

  it('takes caps from the environment, for tests and machines with memory to spare', () => {
    expect(fileLimits({ POLICY_DRIFT_MAX_FILE_BYTES: '1000', POLICY_DRIFT_MAX_LINE_BYTES: '10' })).toEqual({ maxFileBytes: 1000, maxLineBytes: 10 });
    expect(fileLimits({ POLICY_DRIFT_MAX_FILE_BYTES: 'lots' })).toEqual(DEFAULT_FILE_LIMITS);
  });
});
