/**
 * Loading a CloudTrail file: the one loader every reader uses (`readTrailFile`, the
 * one-thread fold with its loader thread, each fold worker). A JSON document is read whole
 * and gunzipped (read-whole.mjs); a line file is left to be streamed as it is parsed,
 * since it may be larger than memory. Failures are typed skip reasons, never exceptions.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { fileKind } from './file-kind.ts';
import { readWholeFile, type WholeFile } from './read-whole.mjs';

/** Why a file could not be loaded: it could not be read, or it is not valid gzip. */
export type LoadSkip = 'unreadable' | 'unreadable-gzip';

export type LoadedTrailFile =
  | { kind: 'document'; path: string; bytes: Uint8Array }
  | { kind: 'lines'; path: string; gzip: boolean }
  | { kind: 'skip'; path: string; reason: LoadSkip };

/** Reads a whole file (gunzipped): in this thread by default, or on the loader thread. */
export type ReadWhole = (path: string, gzipName: boolean) => WholeFile | Promise<WholeFile>;

/** Load one file: a document's bytes, a line file to stream, or why it cannot be read. */
export async function loadTrailFile(path: string, readWhole: ReadWhole = readWholeFile): Promise<LoadedTrailFile> {
  const kind = fileKind(path);
  if (kind.layout === 'lines') return { kind: 'lines', path, gzip: kind.gzip };
  // Anything else is read whole and recognised by content (a `.txt` of JSON still reads).
  const whole = await readWhole(path, kind.gzip);
  return 'bytes' in whole ? { kind: 'document', path, bytes: whole.bytes } : { kind: 'skip', path, reason: whole.reason };
}

/**
 * A whole file as text, gunzipped when gzip (for the small JSON files of an export: ECS,
 * IAM); throws when it cannot be read.
 */
export async function readText(path: string): Promise<string> {
  const whole = readWholeFile(path, fileKind(path).gzip);
  if ('reason' in whole) throw new Error(`${path}: ${whole.reason}`);
  return textOf(whole.bytes);
}

/** Bytes as UTF-8 text, without a copy. */
export function textOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/**
 * Stream a line file's lines to `onLine` (gunzipping when `gzip`); resolves with a skip
 * reason when the file cannot be read to its end (lines before the failure were given).
 */
export async function streamLines(path: string, gzip: boolean, onLine: (line: string) => void): Promise<LoadSkip | undefined> {
  const file = createReadStream(path);
  // pipeline, not pipe: a read error must end the gunzip stream too, or the lines never end.
  const input = gzip ? pipeline(file, createGunzip(), () => {}) : file;
  let readError: unknown;
  input.once('error', (e: Error) => (readError = e));
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) onLine(line);
  } catch (e) {
    // A failing sink is a fault to surface, not a file to skip.
    if (readError === undefined) throw e;
    return isZlibError(readError) ? 'unreadable-gzip' : 'unreadable';
  } finally {
    file.destroy();
  }
  return undefined;
}

/** zlib's errors carry `Z_*` codes (`Z_DATA_ERROR`, `Z_BUF_ERROR` for a truncated file). */
function isZlibError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
