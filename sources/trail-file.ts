/**
 * One CloudTrail file → its records, streamed into a sink: delivered log files
 * (`{"Records": [...]}`), `lookup-events` output (`{"Events": [{"CloudTrailEvent": "..."}]}`),
 * a JSON array, or one event per line. Loading (read + gunzip, off the main thread) is
 * separate from parsing so a caller can load the next file while it parses this one.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { readBufferSync, readText } from './read-text.ts';

export type TrailFileSink = {
  record(raw: unknown): void;
  /** A record-level problem (a bad line, a bad lookup-events entry). */
  skipRecord(reason: string): void;
};

/** A loaded file: its text (or bytes), a reason it could not be loaded, or `stream` for line files read as they parse. */
export type LoadedTrailFile =
  | { path: string; text: string }
  | { path: string; bytes: Uint8Array }
  | { path: string; error: string }
  | { path: string; stream: true };

const LINE_FILE = /\.(jsonl|ndjson|log)(\.gz)?$/i;

/** Start loading a file (read and gunzip); line files are left to be streamed. */
export async function loadTrailFile(path: string): Promise<LoadedTrailFile> {
  if (LINE_FILE.test(path)) return { path, stream: true };
  try {
    return { path, text: await readText(path) };
  } catch {
    return { path, error: path.endsWith('.gz') ? 'unreadable-gzip' : 'unreadable' };
  }
}

/** Load a file now, in this thread (for threads that do nothing else meanwhile). */
export function loadTrailFileSync(path: string): LoadedTrailFile {
  if (LINE_FILE.test(path)) return { path, stream: true };
  try {
    return { path, bytes: readBufferSync(path) };
  } catch {
    return { path, error: path.endsWith('.gz') ? 'unreadable-gzip' : 'unreadable' };
  }
}

/** Parse a loaded file into the sink. Returns a file-level skip reason, or undefined when read. */
export async function parseTrailFile(loaded: LoadedTrailFile, sink: TrailFileSink): Promise<string | undefined> {
  if ('error' in loaded) return loaded.error;
  if ('stream' in loaded) return readLines(loaded.path, loaded.path.endsWith('.gz'), sink);
  const text = 'text' in loaded ? loaded.text : Buffer.from(loaded.bytes.buffer, loaded.bytes.byteOffset, loaded.bytes.byteLength).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not one JSON document: maybe one event per line.
    if (text.trimStart().startsWith('{') && text.includes('\n')) {
      for (const line of text.split('\n')) lineToSink(line, sink);
      return undefined;
    }
    return 'invalid-json';
  }
  return valueToSink(value, sink);
}

/** Load and parse one file. */
export async function readTrailFile(path: string, sink: TrailFileSink): Promise<string | undefined> {
  return parseTrailFile(await loadTrailFile(path), sink);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueToSink(value: unknown, sink: TrailFileSink): string | undefined {
  if (Array.isArray(value)) {
    for (const r of value) sink.record(r);
    return undefined;
  }
  if (!isObject(value)) return 'unrecognised-content';
  if ('Records' in value) {
    if (!Array.isArray(value.Records)) return 'records-not-an-array';
    for (const r of value.Records) sink.record(r);
    return undefined;
  }
  if ('Events' in value) {
    if (!Array.isArray(value.Events)) return 'events-not-an-array';
    for (const e of value.Events) lookupEventToSink(e, sink);
    return undefined;
  }
  if ('eventName' in value || 'eventSource' in value) {
    sink.record(value);
    return undefined;
  }
  return 'unrecognised-content';
}

function lookupEventToSink(e: unknown, sink: TrailFileSink): void {
  const text = isObject(e) ? e.CloudTrailEvent : undefined;
  if (typeof text !== 'string') {
    sink.skipRecord('lookup-event-without-CloudTrailEvent');
    return;
  }
  try {
    sink.record(JSON.parse(text));
  } catch {
    sink.skipRecord('invalid-json');
  }
}

function lineToSink(line: string, sink: TrailFileSink): void {
  const t = line.trim();
  if (!t) return;
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    sink.skipRecord('invalid-json');
    return;
  }
  if (isObject(v) && typeof v.CloudTrailEvent === 'string') lookupEventToSink(v, sink);
  else sink.record(v);
}

async function readLines(path: string, gz: boolean, sink: TrailFileSink): Promise<string | undefined> {
  const input = createReadStream(path);
  const stream = gz ? input.pipe(createGunzip()) : input;
  try {
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    for await (const line of rl) lineToSink(line, sink);
  } catch {
    return gz ? 'unreadable-gzip' : 'unreadable';
  }
  return undefined;
}
