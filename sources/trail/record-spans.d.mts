// Types of record-spans.mjs (plain JavaScript, see there for why).

/**
 * The records of a `{"Records":[{…},{…}]}` document as [start, end) byte offsets in pairs;
 * undefined for any other shape (then the document is parsed whole).
 */
export function recordSpans(bytes: Uint8Array): Int32Array | undefined;

/**
 * The records from the one that opens at `start` to the end of the array, split exactly;
 * undefined when what follows is not records then `]}`.
 */
export function exactSpansFrom(bytes: Uint8Array, start: number): Int32Array | undefined;
