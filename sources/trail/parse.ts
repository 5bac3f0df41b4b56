/**
 * One CloudTrail file's records, into a sink: delivered log files (`{"Records": [...]}`),
 * `lookup-events` output (`{"Events": [{"CloudTrailEvent": "..."}]}`), a JSON array, a
 * single event, or one event per line. A file that gives no records says why (a typed
 * skip reason); a bad record inside a good file is the sink's `skipRecord`.
 */
import { loadTrailFile, streamLines, textOf, type LoadedTrailFile, type LoadSkip, type ReadWhole } from './load.ts';

/** Why a file's content gave no records. */
export type ContentSkip = 'invalid-json' | 'unrecognised-content' | 'records-not-an-array' | 'events-not-an-array';

/** Why a whole file was skipped. */
export type TrailFileSkip = LoadSkip | ContentSkip;

/** Why one record (a line, a lookup-events entry) was skipped. */
export type RecordSkip = 'invalid-json' | 'lookup-event-without-CloudTrailEvent';

export type TrailFileSink = {
  record(raw: unknown): void;
  /** A record-level problem (a bad line, a bad lookup-events entry). */
  skipRecord(reason: RecordSkip): void;
};

/** Load and parse one file; undefined when it was read, else why it was skipped. */
export async function readTrailFile(path: string, sink: TrailFileSink, readWhole?: ReadWhole): Promise<TrailFileSkip | undefined> {
  return parseTrailFile(await loadTrailFile(path, readWhole), sink);
}

/** Parse a loaded file into the sink; undefined when it was read, else why it was skipped. */
export async function parseTrailFile(loaded: LoadedTrailFile, sink: TrailFileSink): Promise<TrailFileSkip | undefined> {
  if (loaded.kind === 'skip') return loaded.reason;
  if (loaded.kind === 'lines') return streamLines(loaded.path, loaded.gzip, (line) => lineToSink(line, sink));
  const text = textOf(loaded.bytes);
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueToSink(value: unknown, sink: TrailFileSink): ContentSkip | undefined {
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
