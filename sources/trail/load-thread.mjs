// The loader thread of the one-thread fold (fold-in-thread.ts): reads and gunzips the
// files it is asked for, finds where their records lie (record-spans.mjs), and hands the
// bytes and the spans over (transferred, not copied), so the thread that parses never
// waits for decompression or the scan. Plain JavaScript on purpose: it needs nothing of
// the project but read-whole.mjs and record-spans.mjs and starts in milliseconds. It
// speaks thread.ts's protocol: { id, request: { path, gzipName, maxBytes } } → { id, value }.
import { parentPort } from 'node:worker_threads';
import { readWholeFile } from './read-whole.mjs';
import { recordSpans } from './record-spans.mjs';

parentPort.on('message', ({ id, request }) => {
  const value = readWholeFile(request.path, request.gzipName, request.maxBytes);
  if (!value.bytes) {
    parentPort.postMessage({ id, value });
    return;
  }
  // Transfer needs an ArrayBuffer of the bytes' own (small buffers may share a pool).
  let bytes = value.bytes;
  if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) bytes = new Uint8Array(bytes);
  const spans = recordSpans(bytes);
  parentPort.postMessage({ id, value: spans ? { bytes, spans } : { bytes } }, spans ? [bytes.buffer, spans.buffer] : [bytes.buffer]);
});
