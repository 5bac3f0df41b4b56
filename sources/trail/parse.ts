/**
 * One CloudTrail file's records, into a sink: delivered log files (`{"Records": [...]}`),
 * `lookup-events` output (`{"Events": [{"CloudTrailEvent": "..."}]}`), a JSON array, a
 * single event, or one event per line. A file that gives no records says why (a typed
 * skip reason); a bad record inside a good file is the sink's `skipRecord`, and is noted
 * (with where the readable records were) so that what could not be read can be placed.
 */
import { isAscii } from 'node:buffer';
import { fileLimits, type FileLimits } from './limits.ts';
import { loadTrailFile, streamLines, textOf, type LoadedTrailFile, type LoadSkip } from './load.ts';
import { PlacesSeen, type PlaceDays } from './coverage.ts';
import { noteSeen, recordsSeen, type RecordsSeen } from './placement.ts';
import { exactSpansFrom, recordSpans } from './record-spans.mjs';

/** Why a file's content gave no records. */
export type ContentSkip = 'invalid-json' | 'unrecognised-content' | 'records-not-an-array' | 'events-not-an-array';

/** Why a whole file was skipped. */
export type TrailFileSkip = LoadSkip | ContentSkip;

/** Why one record (a line, a lookup-events entry) was skipped: `too-large` is a line over the line cap. */
export type RecordSkip = 'invalid-json' | 'lookup-event-without-CloudTrailEvent' | 'too-large';

export type TrailFileSink = {
  record(raw: unknown): void;
  /** A record-level problem (a bad line, a bad lookup-events entry). */
  skipRecord(reason: RecordSkip): void;
};

/**
 * What reading one file noticed beside its records: how many records could not be read
 * (each also told to the sink), and where and when the readable records were (noted for
 * every line and lookup-events record; for a delivered log file, only once one of its
 * records could not be read).
 */
export interface FileNotes {
  unreadRecords: number;
  seen: RecordsSeen;
  /** The days every readable record showed, per account and region (what the file vouches for; coverage.ts). */
  places: PlacesSeen;
}

/** Empty notes for one file. */
export function fileNotes(): FileNotes {
  return { unreadRecords: 0, seen: recordsSeen(), places: new PlacesSeen() };
}

export interface ParseOptions {
  /** Filled with what reading the file noticed (default: notes nobody reads). */
  notes?: FileNotes;
  /** Default: `fileLimits()`. */
  limits?: FileLimits;
}

/** How one file went: skipped (`reason`), or read with `unreadRecords` records that could not be read. */
export interface FileOutcome {
  reason?: TrailFileSkip;
  unreadRecords?: number;
  /** Where the file's readable records were, when some part of it could not be read (plain data: it crosses threads). */
  seen?: { regions: string[]; first?: string; last?: string };
  /** The days its records showed, per account and region, when it was read (plain data). */
  places?: PlaceDays[];
}

/** A file's outcome from its notes: what it vouches for when read, and where its records were only when something was lost. */
export function fileOutcome(reason: TrailFileSkip | undefined, notes: FileNotes): FileOutcome {
  const places = reason ? [] : notes.places.toPlaceDays();
  if (!reason && notes.unreadRecords === 0) return places.length ? { places } : {};
  const { regions, first, last } = notes.seen;
  return {
    ...(places.length ? { places } : {}),
    ...(reason ? { reason } : {}),
    ...(notes.unreadRecords ? { unreadRecords: notes.unreadRecords } : {}),
    seen: { regions: [...regions], ...(first ? { first } : {}), ...(last ? { last } : {}) },
  };
}

/** Load and parse one file; undefined when it was read, else why it was skipped. */
export async function readTrailFile(path: string, sink: TrailFileSink, o: ParseOptions = {}): Promise<TrailFileSkip | undefined> {
  return parseTrailFile(await loadTrailFile(path, o.limits ? { limits: o.limits } : {}), sink, o);
}

/** Parse a loaded file into the sink; undefined when it was read, else why it was skipped. */
export async function parseTrailFile(loaded: LoadedTrailFile, sink: TrailFileSink, o: ParseOptions = {}): Promise<TrailFileSkip | undefined> {
  if (loaded.kind === 'skip') return loaded.reason;
  const notes = o.notes ?? fileNotes();
  const reader = new RecordReader(notingSink(sink, notes.places), notes);
  if (loaded.kind === 'lines') return streamLines(loaded.path, loaded.gzip, reader, (o.limits ?? fileLimits()).maxLineBytes);
  // A delivered log file (nearly every document) is read a record at a time: see record-spans.mjs.
  const spans = loaded.spans ?? recordSpans(loaded.bytes);
  if (spans) {
    reader.spans(loaded.bytes, spans);
    return undefined;
  }
  const text = textOf(loaded.bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not one JSON document: one event per line, if its first line is one (a cut-off
    // pretty-printed document is one invalid file, not hundreds of invalid records).
    if (!isFirstLineJson(text)) return 'invalid-json';
    for (const line of text.split('\n')) reader.line(line);
    return undefined;
  }
  return reader.value(value);
}

/** The sink, with every record's account, region and day noted on its way in (however the file's records are read). */
function notingSink(sink: TrailFileSink, places: PlacesSeen): TrailFileSink {
  return {
    record(raw) {
      places.note(raw);
      sink.record(raw);
    },
    skipRecord: (reason) => sink.skipRecord(reason),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether the text's first non-blank line is a JSON object on its own. */
function isFirstLineJson(text: string): boolean {
  const first = /\S[^\n]*/.exec(text)?.[0];
  if (!first?.startsWith('{')) return false;
  try {
    return isObject(JSON.parse(first));
  } catch {
    return false;
  }
}

/** Records of one file into the sink, noting what could not be read and where the rest were. */
class RecordReader {
  constructor(
    private readonly sink: TrailFileSink,
    private readonly notes: FileNotes,
  ) {}

  /** A whole parsed document. */
  value(value: unknown): ContentSkip | undefined {
    const { sink } = this;
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
      for (const e of value.Events) this.lookupEvent(e);
      return undefined;
    }
    if ('eventName' in value || 'eventSource' in value) {
      sink.record(value);
      return undefined;
    }
    return 'unrecognised-content';
  }

  /**
   * The records of a `{"Records":[…]}` document, each decoded and parsed on its own. A
   * span that does not parse may be a wrong guess (record-spans.mjs): from there the
   * records are split exactly. A record that is not valid JSON is then one unread record,
   * as a bad line is, and the records around it are read; if the document stops being a
   * list of records (something other than a record, a document cut short), what is left
   * is one unread record more.
   */
  spans(bytes: Uint8Array, guessed: Int32Array): void {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // ASCII (nearly every log file) decodes as Latin-1, a plain copy, to the same string:
    // 0.1 µs a record to check, against 0.6 µs more for UTF-8's decoder (bench files).
    const encoding = isAscii(buffer) ? 'latin1' : 'utf8';
    const unreadBefore = this.notes.unreadRecords;
    // The spans read, as [spans, up to] pieces: the guessed ones up to a switch, then the exact ones.
    const read: [Int32Array, number][] = [];
    let spans = guessed;
    let exact = false;
    for (let k = 0; k < spans.length; k += 2) {
      let raw: unknown;
      try {
        raw = JSON.parse(buffer.toString(encoding, spans[k], spans[k + 1]));
      } catch {
        if (exact) {
          this.unread('invalid-json');
          continue;
        }
        const rest: Int32Array | undefined = exactSpansFrom(bytes, spans[k]!);
        read.push([spans, k]);
        if (!rest) {
          this.unread('invalid-json');
          break;
        }
        spans = rest;
        exact = true;
        k = -2; // the loop's step brings it to the first of `rest`
        continue;
      }
      this.sink.record(raw);
    }
    if (read.length === 0 || read[read.length - 1]![0] !== spans) read.push([spans, spans.length]);
    // Only a file with records lost needs to say where its readable ones were (placement.ts):
    // they are parsed again for that, which costs nothing in the usual case.
    if (this.notes.unreadRecords > unreadBefore) this.noteSeenAgain(buffer, encoding, read);
  }

  /** Note where and when the records of `pieces` that parse were (the rare second pass of `spans`). */
  private noteSeenAgain(buffer: Buffer, encoding: BufferEncoding, pieces: [Int32Array, number][]): void {
    for (const [spans, upTo] of pieces) {
      for (let k = 0; k < upTo; k += 2) {
        try {
          noteSeen(this.notes.seen, JSON.parse(buffer.toString(encoding, spans[k], spans[k + 1])));
        } catch {
          // An unread record, already counted.
        }
      }
    }
  }

  /** One line of a line file (or of a document that is one event per line). */
  line(line: string): void {
    const t = line.trim();
    if (!t) return;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch {
      // Every record is a JSON object: a line without a `{` (a note, a separator) holds none
      // and loses none; any other line (a cut-off record) may have been a call.
      if (t.includes('{')) this.unread('invalid-json');
      else this.sink.skipRecord('invalid-json');
      return;
    }
    if (isObject(v) && typeof v.CloudTrailEvent === 'string') this.lookupEvent(v);
    else this.read(v);
  }

  /** A line over the line cap: never held, so never read. */
  tooLong(): void {
    this.unread('too-large');
  }

  private lookupEvent(e: unknown): void {
    const text = isObject(e) ? e.CloudTrailEvent : undefined;
    if (typeof text !== 'string') {
      this.unread('lookup-event-without-CloudTrailEvent');
      return;
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      this.unread('invalid-json');
      return;
    }
    this.read(v);
  }

  private read(raw: unknown): void {
    noteSeen(this.notes.seen, raw);
    this.sink.record(raw);
  }

  private unread(reason: RecordSkip): void {
    this.notes.unreadRecords++;
    this.sink.skipRecord(reason);
  }
}
