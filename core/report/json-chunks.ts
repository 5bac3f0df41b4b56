/**
 * JSON text in pieces: the same bytes as `JSON.stringify(value, null, indent)`, produced
 * a piece at a time, so a report larger than the engine's longest string (about 512 MB in
 * V8; ~110 roles granted `*` reach it) can still be written to a file, a pipe or S3.
 *
 * `JSON.stringify` is several times faster than any walk written in JavaScript, so it does
 * the work: containers of more than `BATCH_NODES` nodes are walked, and everything below
 * them is stringified in batches of about that many nodes (a run of array elements goes
 * through one call, its brackets dropped), already indented for where it goes. On reports
 * of roles granted `*` this takes the time `JSON.stringify` takes (measured 0.99×), and
 * writes the 200-role report (~880 MB) that `JSON.stringify` cannot.
 */

export interface JsonChunkOptions {
  /** Spaces per level, as `JSON.stringify`'s third argument (0 or absent: one line). */
  indent?: number;
  /** Target size of each yielded piece in UTF-16 code units. Default 65,536. */
  chunkSize?: number;
}

/** Nodes stringified per `JSON.stringify` call: enough that the calls' own cost disappears. */
const BATCH_NODES = 2048;
const DEFAULT_CHUNK = 65_536;

type Container = Record<string, unknown> | unknown[];

/** Pieces waiting to be yielded. */
interface Pending {
  parts: string[];
  length: number;
  readonly size: number;
}

/**
 * `JSON.stringify(value, null, indent)` as a sequence of strings whose concatenation is
 * exactly that text (no piece is empty). Throws where `JSON.stringify` throws (a cycle, a
 * BigInt); a value that stringifies to `undefined` yields nothing. (One difference no report
 * can show: a `toJSON` whose result has a `toJSON` of its own gets called too.)
 */
export function* jsonChunks(value: unknown, options: JsonChunkOptions = {}): Generator<string> {
  const gap = ' '.repeat(Math.min(10, Math.max(0, Math.floor(options.indent ?? 0))));
  const out: Pending = { parts: [], length: 0, size: options.chunkSize ?? DEFAULT_CHUNK };
  yield* pieces(toJsonValue(value, ''), gap, 0, out, new Set());
  if (out.length) yield take(out);
}

/** Join small strings into pieces of about `size` code units (none empty). */
export function* batched(parts: Iterable<string>, size = DEFAULT_CHUNK): Generator<string> {
  const out: Pending = { parts: [], length: 0, size };
  for (const p of parts) if (push(out, p)) yield take(out);
  if (out.length) yield take(out);
}

/** Add a string; true when the pending pieces are worth yielding. */
function push(out: Pending, text: string): boolean {
  out.parts.push(text);
  out.length += text.length;
  return out.length >= out.size;
}

function take(out: Pending): string {
  const text = out.parts.join('');
  out.parts = [];
  out.length = 0;
  return text;
}

/** What `JSON.stringify` serialises in place of `value` (its `toJSON`, called as it calls it). */
function toJsonValue(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  return value;
}

const isContainer = (v: unknown): v is Container =>
  v !== null && typeof v === 'object' && (Array.isArray(v) || !(v instanceof Number || v instanceof String || v instanceof Boolean));

/** Nodes in a subtree, counted no further than just past `limit`. */
function countNodes(v: unknown, limit: number): number {
  let n = 1;
  if (limit < 1 || !isContainer(v)) return n;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length && n <= limit; i++) n += countNodes(v[i], limit - n);
  } else {
    for (const k in v) {
      if (n > limit) break;
      n += countNodes(v[k], limit - n);
    }
  }
  return n;
}

/**
 * `JSON.stringify` of `value` as written `depth` levels deep, with `unwrap` levels of its own
 * brackets dropped (1 for a run of array elements). Wrapped in arrays to that depth and
 * sliced, rather than re-indented line by line: a slice shares the stringified text, so each
 * byte is copied once less (measured on 60 roles granted `*`, 260 MB: 1.6× the time of one
 * `JSON.stringify` re-indenting with `replaceAll`, 1.0× slicing).
 */
function stringifyAt(value: unknown, gap: string, depth: number, unwrap = 0): string {
  let wrapped = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, gap);
  const levels = depth + unwrap;
  if (levels === 0) return text;
  if (!gap) return text.slice(levels, -levels);
  // Level j opens with `[`, a line break and j gaps, and closes with a line break, j - 1 gaps and `]`.
  const before = 2 * levels + (gap.length * levels * (levels + 1)) / 2;
  const after = 2 * levels + (gap.length * levels * (levels - 1)) / 2;
  return text.slice(before, text.length - after);
}

const isOmitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function* pieces(value: unknown, gap: string, depth: number, out: Pending, ancestors: Set<object>): Generator<string> {
  if (!isContainer(value) || countNodes(value, BATCH_NODES) <= BATCH_NODES) {
    if (isOmitted(value)) return;
    if (push(out, stringifyAt(value, gap, depth))) yield take(out);
    return;
  }
  if (ancestors.has(value)) throw new TypeError('Converting circular structure to JSON');
  ancestors.add(value);
  if (Array.isArray(value)) yield* arrayPieces(value, gap, depth, out, ancestors);
  else yield* objectPieces(value, gap, depth, out, ancestors);
  ancestors.delete(value);
}

function* arrayPieces(value: unknown[], gap: string, depth: number, out: Pending, ancestors: Set<object>): Generator<string> {
  const inner = gap.repeat(depth + 1);
  const separator = gap ? `,\n${inner}` : ',';
  push(out, gap ? `[\n${inner}` : '[');
  let batch: unknown[] = [];
  let nodes = 0;
  const flush = () => {
    if (!batch.length) return false;
    // One call for the run of elements, its own brackets dropped.
    const text = stringifyAt(batch, gap, depth, 1);
    batch = [];
    nodes = 0;
    return push(out, text);
  };
  for (let i = 0; i < value.length; i++) {
    const v = toJsonValue(value[i], String(i));
    const size = isContainer(v) ? countNodes(v, BATCH_NODES) : 1;
    if (size > BATCH_NODES) {
      if (flush()) yield take(out);
      if (i > 0) push(out, separator);
      yield* pieces(v, gap, depth + 1, out, ancestors);
      continue;
    }
    if (nodes + size > BATCH_NODES && flush()) yield take(out);
    // A separator before the element when something precedes it in the output.
    if (i > 0 && batch.length === 0) push(out, separator);
    batch.push(v);
    nodes += size;
  }
  if (flush()) yield take(out);
  // Never empty here: an empty array is small, and stringified whole.
  push(out, gap ? `\n${gap.repeat(depth)}]` : ']');
}

function* objectPieces(value: Record<string, unknown>, gap: string, depth: number, out: Pending, ancestors: Set<object>): Generator<string> {
  const open = gap ? `\n${gap.repeat(depth + 1)}` : '';
  let first = true;
  for (const key of Object.keys(value)) {
    const v = toJsonValue(value[key], key);
    if (isOmitted(v)) continue;
    push(out, `${first ? '{' : ','}${open}${JSON.stringify(key)}${gap ? ': ' : ':'}`);
    first = false;
    yield* pieces(v, gap, depth + 1, out, ancestors);
  }
  if (push(out, first ? '{}' : gap ? `\n${gap.repeat(depth)}}` : '}')) yield take(out);
}
