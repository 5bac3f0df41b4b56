/** Read a file as text, gunzipping `.gz` or gzip-magic content (decompression runs on libuv's thread pool). */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip, gunzipSync } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

/** The file's bytes, gunzipped when gzip. */
export function readBufferSync(path: string): Buffer {
  const buf = readFileSync(path);
  return path.endsWith('.gz') || (buf[0] === 0x1f && buf[1] === 0x8b) ? gunzipSync(buf, { chunkSize: outputSize(buf) }) : buf;
}

export async function readText(path: string): Promise<string> {
  const buf = await readFile(path);
  // Large output chunks: zlib's default 16 KB means hundreds of callbacks per file on the main thread.
  const data = path.endsWith('.gz') || (buf[0] === 0x1f && buf[1] === 0x8b) ? await gunzipAsync(buf, { chunkSize: 1 << 22 }) : buf;
  return data.toString('utf8');
}

/** The size gzip records in its trailer (mod 2^32), as one output chunk: no concatenation copy. */
function outputSize(gz: Buffer): number {
  const n = gz.length >= 4 ? gz.readUInt32LE(gz.length - 4) : 0;
  return Math.min(Math.max(n + 1024, 64 * 1024), 1 << 30);
}
