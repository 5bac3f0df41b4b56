// Where each record of a delivered CloudTrail log file lies in its bytes, so that records
// are decoded and parsed one at a time: a parsed record is garbage before the next is
// parsed, where JSON.parse of the whole file made one string of its size (in V8's large
// object space, freed only by a full collection) and kept every record of the file alive
// at once. Measured on `npm run bench`'s files (450,000 records in one thread, spans found
// by counting brackets, 1.3 µs a record, paid back in collection): the same CPU time as
// the whole parse, 50-60 MB less peak RSS. The joins search below costs 0.2 µs a record;
// the loader thread of the one-worker fold finds the spans ahead, off the parsing thread.
// Plain JavaScript on purpose, like read-whole.mjs: the loader thread imports it directly.

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const RECORDS_KEY = [...'"Records"'].map((c) => c.charCodeAt(0));

/** The first index at or after `i` that is not JSON whitespace. */
function skipSpace(b, i) {
  while (i < b.length) {
    const c = b[i];
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) return i;
    i++;
  }
  return i;
}

/** The index just after `{"Records":[` (whitespace allowed, as JSON allows), or -1. */
function afterHead(b) {
  let i = skipSpace(b, 0);
  if (b[i] !== OPEN_BRACE) return -1;
  i = skipSpace(b, i + 1);
  for (const c of RECORDS_KEY) if (b[i++] !== c) return -1;
  i = skipSpace(b, i);
  if (b[i] !== 0x3a) return -1;
  i = skipSpace(b, i + 1);
  return b[i] === OPEN_BRACKET ? i + 1 : -1;
}

/** The index just after the string that opens at `i`, or -1 when it never closes. */
function afterString(b, i) {
  let from = i + 1;
  for (;;) {
    const q = b.indexOf(QUOTE, from);
    if (q < 0) return -1;
    // A quote after an odd run of backslashes is escaped.
    let k = q - 1;
    while (b[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** The index just after the object or array that opens at `i` (brackets counted, strings skipped), or -1. */
function afterValue(b, i) {
  let depth = 0;
  while (i < b.length) {
    const c = b[i];
    if (c === QUOTE) {
      i = afterString(b, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/** Grows an Int32Array of span pairs. */
function push(spans, n, start, end) {
  if (n + 2 > spans.length) {
    const grown = new Int32Array(spans.length * 2);
    grown.set(spans);
    spans = grown;
  }
  spans[n] = start;
  spans[n + 1] = end;
  return spans;
}

/**
 * The records from the one that opens at `start` to the end of the array, exactly: brackets
 * counted outside strings. Undefined when what follows is not records then `]}` (another
 * key, a record that is not an object, a document cut short).
 */
export function exactSpansFrom(b, start) {
  let spans = new Int32Array(8192);
  let n = 0;
  let i = start;
  if (b[i] !== CLOSE_BRACKET) {
    for (;;) {
      if (b[i] !== OPEN_BRACE) return undefined;
      const end = afterValue(b, i);
      if (end < 0) return undefined;
      spans = push(spans, n, i, end);
      n += 2;
      i = skipSpace(b, end);
      if (b[i] === COMMA) i = skipSpace(b, i + 1);
      else if (b[i] === CLOSE_BRACKET) break;
      else return undefined;
    }
  }
  i = skipSpace(b, i + 1);
  if (b[i] !== CLOSE_BRACE) return undefined;
  return skipSpace(b, i + 1) === b.length ? spans.slice(0, n) : undefined;
}

/** `},{"eventVersion":"`: how CloudTrail joins two records (it writes `eventVersion` first, no spaces). */
const JOIN = new Uint8Array([...'},{"eventVersion":"'].map((c) => c.charCodeAt(0)));
const FIRST = JOIN.subarray(2);

/** The index of the `]` that closes the records when the document ends `}]}` (whitespace allowed), or -1. */
function arrayEnd(b) {
  let i = b.length - 1;
  while (i >= 0 && (b[i] === SPACE || b[i] === LF || b[i] === CR || b[i] === TAB)) i--;
  if (b[i] !== CLOSE_BRACE) return -1;
  i--;
  while (i >= 0 && (b[i] === SPACE || b[i] === LF || b[i] === CR || b[i] === TAB)) i--;
  return b[i] === CLOSE_BRACKET ? i : -1;
}

/** Whether the bytes at `i` are `needle`. */
function startsWith(b, i, needle) {
  for (let k = 0; k < needle.length; k++) if (b[i + k] !== needle[k]) return false;
  return true;
}

/**
 * The records of a document shaped as CloudTrail delivers it, `{"Records":[{…},{…}]}`, as
 * [start, end) byte offsets in pairs; undefined for any other shape, which is then parsed
 * whole. A file as CloudTrail writes it (records joined by `},{"eventVersion":"`, the
 * document ending `}]}`) is split where those joins are: a native search, 0.2 µs a record
 * against 1.2 µs for counting brackets (bench files). Such spans are a guess that parsing
 * checks: a join inside a record (possible only in a nested object, since a string cannot
 * hold an unescaped quote) leaves a span that cannot parse, and the reader then takes
 * `exactSpansFrom` there. Anything else is split exactly, brackets counted outside strings.
 * Either way a pair may hold invalid JSON: its parse fails alone. UTF-8 never uses these
 * ASCII bytes inside a multi-byte character, so each span decodes on its own to what the
 * whole would have given.
 */
export function recordSpans(b) {
  const head = afterHead(b);
  if (head < 0) return undefined;
  const first = skipSpace(b, head);
  const end = arrayEnd(b);
  if (end < 0 || b[first] !== OPEN_BRACE || !startsWith(b, first, FIRST)) return exactSpansFrom(b, first);
  let last = end - 1;
  while (b[last] === SPACE || b[last] === LF || b[last] === CR || b[last] === TAB) last--;
  const bytes = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let spans = new Int32Array(8192);
  let n = 0;
  let start = first;
  for (;;) {
    const join = bytes.indexOf(JOIN, start);
    if (join < 0 || join >= last) break;
    spans = push(spans, n, start, join + 1);
    n += 2;
    start = join + 2;
  }
  spans = push(spans, n, start, last + 1);
  return spans.slice(0, n + 2);
}
