/**
 * Loading a CloudTrail file: the one loader every reader uses (`readTrailFile`, the
 * one-thread fold with its loader thread, each fold worker). A JSON document is read whole
 * and gunzipped (read-whole.mjs), up to the file cap; a line file is left to be streamed as
 * it is parsed, since it may be larger than memory, each line up to the line cap (see
 * limits.ts). Failures are typed skip reasons, never exceptions.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { LineSplitter, textOf } from './decode.ts';
import { fileKind } from './file-kind.ts';
import { fileLimits, type FileLimits } from './limits.ts';
import { readWholeFile, type WholeFile } from './read-whole.mjs';

export { textOf } from './decode.ts';

/** Why a file could not be loaded: it could not be read, it is not valid gzip, or it is over the file cap. */
export type LoadSkip = 'unreadable' | 'unreadable-gzip' | 'too-large';

export type LoadedTrailFile =
  | { kind: 'document'; path: string; bytes: Uint8Array; spans?: Int32Array }
  | { kind: 'lines'; path: string; gzip: boolean }
  | { kind: 'skip'; path: string; reason: LoadSkip };

/** Reads a whole file (gunzipped, at most `maxBytes`): in this thread by default, or on the loader thread. */
export type ReadWhole = (path: string, gzipName: boolean, maxBytes: number) => WholeFile | Promise<WholeFile>;

export interface LoadOptions {
  /** Default: in this thread. */
  readWhole?: ReadWhole;
  /** Default: `fileLimits()`. */
  limits?: FileLimits;
}

/** Load one file: a document's bytes (at most the file cap; with its records' spans when the loader found them), a line file to stream, or why it cannot be read. */
export async function loadTrailFile(path: string, o: LoadOptions = {}): Promise<LoadedTrailFile> {
  const kind = fileKind(path);
  if (kind.layout === 'lines') return { kind: 'lines', path, gzip: kind.gzip };
  // Anything else is read whole and recognised by content (a `.txt` of JSON still reads).
  const whole = await (o.readWhole ?? readWholeFile)(path, kind.gzip, (o.limits ?? fileLimits()).maxFileBytes);
  if (!('bytes' in whole)) return { kind: 'skip', path, reason: whole.reason };
  return { kind: 'document', path, bytes: whole.bytes, ...(whole.spans ? { spans: whole.spans } : {}) };
}

/** Why `readText` could not give a file's text. */
export class UnreadableFile extends Error {
  constructor(
    readonly path: string,
    readonly reason: LoadSkip,
  ) {
    super(`${path}: ${reason}`);
  }
}

/**
 * A whole file as text (for the small JSON files of an export: ECS, IAM): gunzipped when
 * gzip, decoded from UTF-8 or UTF-16, at most `maxBytes`; throws `UnreadableFile` with the reason.
 */
export async function readText(path: string, maxBytes = fileLimits().maxFileBytes): Promise<string> {
  const whole = readWholeFile(path, fileKind(path).gzip, maxBytes);
  if ('reason' in whole) throw new UnreadableFile(path, whole.reason);
  return textOf(whole.bytes);
}

/** What streaming a line file hears: each line, and each line over the cap (never held). */
export interface LineHandler {
  line(text: string): void;
  tooLong(): void;
}

/**
 * Stream a line file's lines (gunzipping when `gzip`, decoding UTF-8 or UTF-16); resolves
 * with a skip reason when the file cannot be read to its end (lines before the failure
 * were given). Lines over `maxLine` characters go to `tooLong` instead.
 */
export async function streamLines(path: string, gzip: boolean, on: LineHandler, maxLine = fileLimits().maxLineBytes): Promise<LoadSkip | undefined> {
  const file = createReadStream(path);
  // pipeline, not pipe: a read error must end the gunzip stream too, or the lines never end.
  const input = gzip ? pipeline(file, createGunzip(), () => {}) : file;
  let readError: unknown;
  input.once('error', (e: Error) => (readError = e));
  const lines = new LineSplitter(maxLine, (l) => on.line(l), () => on.tooLong());
  try {
    for await (const chunk of input) lines.push(chunk as Buffer);
    lines.end();
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
