/**
 * Writing the report: to standard output, or to `--out FILE`. The report arrives as chunks
 * (a renderer may stream a huge report instead of building one string), written in order,
 * each after the previous one was accepted. How it ends is a value, never an exception: a
 * reader that stopped early (`| head`: EPIPE) ends the run quietly; a file that cannot be
 * written (a missing folder, a folder, a full disk, a read-only place) is one line saying why.
 */
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** The report's text, in order: one string, a list, or a stream of chunks. */
export type ReportChunks = Iterable<string> | AsyncIterable<string>;

/** How writing ended: done, the reader went away (not an error), or failed with a one-line reason. */
export type WriteOutcome = { kind: 'written' } | { kind: 'reader-gone' } | { kind: 'failed'; reason: string };

/** A file-system error in a few words (the code's meaning; the path is the caller's to add). */
export function describeFileError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EFBIG':
      return 'file too large for the file system';
    default:
      return typeof code === 'string' ? code : String((e as Error)?.message ?? e).split('\n')[0]!;
  }
}

/**
 * Whether `--out FILE` can plausibly be written, checked before the analysis so that a
 * typo does not cost a long run: its folder exists and is writable, and it is not a folder.
 * Undefined when it can; the reason otherwise. (A full disk still shows only when writing.)
 */
export async function outProblem(path: string): Promise<string | undefined> {
  const target = await stat(path).catch(() => undefined);
  if (target?.isDirectory()) return describeFileError({ code: 'EISDIR' });
  const folder = dirname(resolve(path));
  let info;
  try {
    info = await stat(folder);
  } catch (e) {
    return describeFileError(e);
  }
  if (!info.isDirectory()) return describeFileError({ code: 'ENOTDIR' });
  return access(folder, constants.W_OK).then(
    () => undefined,
    (e: unknown) => describeFileError(e),
  );
}

/** Write chunks to a stream, each after the last was accepted; rejects with the stream's error. */
async function toStream(stream: NodeJS.WritableStream, chunks: ReportChunks): Promise<void> {
  for await (const chunk of chunks) {
    await new Promise<void>((done, fail) => {
      stream.write(chunk, (err?: Error | null) => (err ? fail(err) : done()));
    });
  }
}

const isReaderGone = (e: unknown) => (e as { code?: unknown } | null)?.code === 'EPIPE';

let quietOnEpipe = false;

/**
 * Standard output that a reader may close early: EPIPE is then expected, not an error
 * (Node would otherwise raise it as an uncaught 'error' event and print a stack).
 */
function guardStdout(): void {
  if (quietOnEpipe) return;
  quietOnEpipe = true;
  // Every write's own callback reports its error (see toStream); this listener only keeps
  // the event from being raised as uncaught, whatever the error.
  process.stdout.on('error', () => {});
}

/** Write the report to standard output. */
export async function writeToStdout(chunks: ReportChunks): Promise<WriteOutcome> {
  guardStdout();
  try {
    await toStream(process.stdout, chunks);
    return { kind: 'written' };
  } catch (e) {
    return isReaderGone(e) ? { kind: 'reader-gone' } : { kind: 'failed', reason: `cannot write the report to standard output: ${describeFileError(e)}` };
  }
}

/** Write the report to a file (created or replaced). */
export async function writeToFile(path: string, chunks: ReportChunks): Promise<WriteOutcome> {
  const failed = (e: unknown): WriteOutcome => ({ kind: 'failed', reason: `cannot write the report to ${path}: ${describeFileError(e)}` });
  let file;
  try {
    file = await open(path, 'w');
  } catch (e) {
    return failed(e);
  }
  try {
    for await (const chunk of chunks) await file.write(chunk);
    await file.close();
    return { kind: 'written' };
  } catch (e) {
    await file.close().catch(() => {});
    return failed(e);
  }
}
