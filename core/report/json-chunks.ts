/**
 * JSON text in pieces: the same bytes as `JSON.stringify(value, null, indent)`, produced
 * a piece at a time, so a report larger than the engine's longest string (about 512 MB in
 * V8; ~110 roles granted `*` reach it) can still be written to a file, a pipe or S3.
 *
 * Small subtrees are handed to `JSON.stringify` whole (it is several times faster than any
 * walk in JavaScript) and re-indented; only containers larger than `WHOLE_NODES` nodes are
 * walked, so the walk costs about one visit per big container plus one bounded size check
 * per child.
 */

export interface JsonChunkOptions {
  /** Spaces per level, as `JSON.stringify`'s third argument (0 or absent: one line). */
  indent?: number;
  /** Target size of each yielded piece in UTF-16 code units. Default 65,536. */
  chunkSize?: number;
}

/** A subtree of at most this many nodes is stringified in one call. */
const WHOLE_NODES = 512;
const DEFAULT_CHUNK = 65_536;

type Container = Record<string, unknown> | unknown[];

/**
 * `JSON.stringify(value, null, indent)` as a sequence of strings whose concatenation is
 * exactly that text (no piece is empty). Throws where `JSON.stringify` throws (a cycle, a
 * BigInt); a value that stringifies to `undefined` yields nothing.
 */
export function* jsonChunks(value: unknown, options: JsonChunkOptions = {}): Generator<string> {
  const gap = ' '.repeat(Math.min(10, Math.max(0, Math.floor(options.indent ?? 0))));
  yield* batched(pieces(toJsonValue(value, ''), gap, '', new Set()), options.chunkSize ?? DEFAULT_CHUNK);
}

/** Join small strings into pieces of about `size` code units. */
export function* batched(parts: Iterable<string>, size = DEFAULT_CHUNK): Generator<string> {
  let buffer: string[] = [];
  let length = 0;
  for (const p of parts) {
    buffer.push(p);
    length += p.length;
    if (length >= size) {
      yield buffer.join('');
      buffer = [];
      length = 0;
    }
  }
  if (length > 0) yield buffer.join('');
}

/** What `JSON.stringify` serialises in place of `value` (its `toJSON`, as it calls it). */
function toJsonValue(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  return value;
}

const isContainer = (v: unknown): v is Container =>
  v !== null && typeof v === 'object' && (Array.isArray(v) || !(v instanceof Number || v instanceof String || v instanceof Boolean));

/** Whether a subtree has at most `budget` nodes: stops counting as soon as it has more. */
function isSmall(value: unknown, budget: number): boolean {
  let left = budget;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (--left < 0) return false;
    if (!isContainer(v)) continue;
    // Values are pushed without their `toJSON`: a rough count is all this needs.
    if (Array.isArray(v)) for (let i = 0; i < v.length && stack.length <= left; i++) stack.push(v[i]);
    else for (const k in v) if (stack.length <= left) stack.push(v[k]);
    if (stack.length > left) return false;
  }
  return true;
}

function* pieces(value: unknown, gap: string, indent: string, ancestors: Set<object>): Generator<string> {
  if (!isContainer(value) || isSmall(value, WHOLE_NODES)) {
    const text = JSON.stringify(value, null, gap);
    if (text !== undefined) yield gap && indent ? text.replaceAll('\n', `\n${indent}`) : text;
    return;
  }
  if (ancestors.has(value)) throw new TypeError('Converting circular structure to JSON');
  ancestors.add(value);
  if (Array.isArray(value)) yield* arrayPieces(value, gap, indent, ancestors);
  else yield* objectPieces(value, gap, indent, ancestors);
  ancestors.delete(value);
}

function* arrayPieces(value: unknown[], gap: string, indent: string, ancestors: Set<object>): Generator<string> {
  if (value.length === 0) {
    yield '[]';
    return;
  }
  const inner = indent + gap;
  const open = gap ? `\n${inner}` : '';
  yield '[';
  for (let i = 0; i < value.length; i++) {
    yield i === 0 ? open : `,${open}`;
    const v = toJsonValue(value[i], String(i));
    // In an array, what JSON.stringify omits (undefined, functions, symbols) is written null.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') yield 'null';
    else yield* pieces(v, gap, inner, ancestors);
  }
  yield gap ? `\n${indent}]` : ']';
}

function* objectPieces(value: Record<string, unknown>, gap: string, indent: string, ancestors: Set<object>): Generator<string> {
  const inner = indent + gap;
  const open = gap ? `\n${inner}` : '';
  let first = true;
  for (const key of Object.keys(value)) {
    const v = toJsonValue(value[key], key);
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '{' : ','}${open}${JSON.stringify(key)}${gap ? ': ' : ':'}`;
    first = false;
    yield* pieces(v, gap, inner, ancestors);
  }
  yield first ? '{}' : gap ? `\n${indent}}` : '}';
}
