// A loader thread: reads and gunzips the files it is asked for and hands the bytes over
// (transferred, not copied), so the thread that parses never waits for decompression.
// Plain JavaScript on purpose: it needs nothing of the project and starts in milliseconds.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';

parentPort.on('message', ({ id, path }) => {
  try {
    const raw = readFileSync(path);
    let bytes = path.endsWith('.gz') || (raw[0] === 0x1f && raw[1] === 0x8b) ? gunzipSync(raw, { chunkSize: outputSize(raw) }) : raw;
    // Transfer needs an ArrayBuffer of our own (small buffers may share a pool).
    if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) bytes = Buffer.from(bytes);
    parentPort.postMessage({ id, bytes }, [bytes.buffer]);
  } catch {
    parentPort.postMessage({ id, error: path.endsWith('.gz') ? 'unreadable-gzip' : 'unreadable' });
  }
});

/** The size gzip records in its trailer (mod 2^32), as one output chunk: no concatenation copy. */
function outputSize(gz) {
  const n = gz.length >= 4 ? gz.readUInt32LE(gz.length - 4) : 0;
  return Math.min(Math.max(n + 1024, 64 * 1024), 1 << 30);
}
