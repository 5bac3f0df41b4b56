// Types of record-spans.mjs (plain JavaScript, see there for why).

/**
 * The records of a `{"Records":[{…},{…}]}` document as [start, end) byte offsets in pairs;
 * undefined for any other shape (then the document is parsed whole).
 */
export function recordSpans(bytes: Uint8Array): Int32Array | undefined;
