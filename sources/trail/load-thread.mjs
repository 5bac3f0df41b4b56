// The loader thread of the one-thread fold (fold-in-thread.ts): reads and gunzips the
// files it is asked for and hands the bytes over (transferred, not copied), so the thread
// that parses never waits for decompression. Plain JavaScript on purpose: it needs nothing
// of the project but read-whole.mjs and starts in milliseconds. It speaks thread.ts's
// protocol: { id, request: { path, gzipName, maxBytes } } → { id, value }.
import { parentPort } from 'node:worker_threads';
import { readWholeFile } from './read-whole.mjs';

parentPort.on('message', ({ id, request }) => {
  const value = readWholeFile(request.path, request.gzipName, request.maxBytes);
  if (!value.bytes) {
    parentPort.postMessage({ id, value });
    return;
  }
  // Transfer needs an ArrayBuffer of the bytes' own (small buffers may share a pool).
  let bytes = value.bytes;
  if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) bytes = new Uint8Array(bytes);
  parentPort.postMessage({ id, value: { bytes } }, [bytes.buffer]);
});
