// A whole file's bytes, gunzipped when gzip: the one gzip-aware file reader. Plain
// JavaScript on purpose: the loader thread (load-thread.mjs) imports it directly and starts
// in milliseconds, with nothing of the project to transpile; TypeScript sees it through
// read-whole.d.mts, and the fold workers' bundle takes it in like any module.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Whether bytes start with gzip's magic number (1f 8b). */
export function isGzipContent(bytes) {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The file's bytes, gunzipped when its name says gzip or its content starts with gzip's
 * magic; or why not: `unreadable` (it could not be read), `unreadable-gzip` (it is not
 * valid gzip, e.g. truncated) or `too-large` (more than `maxBytes` on disk or once
 * gunzipped: a gzip bomb stops inflating there).
 */
export function readWholeFile(path, gzipName, maxBytes) {
  let raw;
  let fd;
  try {
    fd = openSync(path, 'r');
    // Checked before reading: a file larger than the cap is never read into memory.
    if (fstatSync(fd).size > maxBytes) return { reason: 'too-large' };
    raw = readFileSync(fd);
  } catch {
    return { reason: 'unreadable' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (!gzipName && !isGzipContent(raw)) return { bytes: raw };
  try {
    return { bytes: gunzipSync(raw, { chunkSize: outputSize(raw, maxBytes), maxOutputLength: maxBytes }) };
  } catch (e) {
    return { reason: e?.code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'unreadable-gzip' };
  }
}

/**
 * The size gzip records in its trailer (mod 2^32), as one output chunk: zlib's default
 * 16 KB chunks would be concatenated (a copy of every file) after hundreds of steps. The
 * trailer is only a hint (a forged one must not allocate): never more than the cap.
 */
function outputSize(gz, maxBytes) {
  const n = gz.length >= 4 ? gz.readUInt32LE(gz.length - 4) : 0;
  return Math.min(Math.max(n + 1024, 64 * 1024), maxBytes + 1);
}
