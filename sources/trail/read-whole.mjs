// A whole file's bytes, gunzipped when gzip: the one gzip-aware file reader. Plain
// JavaScript on purpose: the loader thread (load-thread.mjs) imports it directly and starts
// in milliseconds, with nothing of the project to transpile; TypeScript sees it through
// read-whole.d.mts, and the fold workers' bundle takes it in like any module.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Whether bytes start with gzip's magic number (1f 8b). */
export function isGzipContent(bytes) {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The file's bytes, gunzipped when its name says gzip or its content starts with gzip's
 * magic; or why not: `unreadable` (it could not be read) or `unreadable-gzip` (it is not
 * valid gzip, e.g. truncated).
 */
export function readWholeFile(path, gzipName) {
  let raw;
  try {
    raw = readFileSync(path);
  } catch {
    return { reason: 'unreadable' };
  }
  if (!gzipName && !isGzipContent(raw)) return { bytes: raw };
  try {
    return { bytes: gunzipSync(raw, { chunkSize: outputSize(raw) }) };
  } catch {
    return { reason: 'unreadable-gzip' };
  }
}

/**
 * The size gzip records in its trailer (mod 2^32), as one output chunk: zlib's default
 * 16 KB chunks would be concatenated (a copy of every file) after hundreds of steps.
 */
function outputSize(gz) {
  const n = gz.length >= 4 ? gz.readUInt32LE(gz.length - 4) : 0;
  return Math.min(Math.max(n + 1024, 64 * 1024), 1 << 30);
}
