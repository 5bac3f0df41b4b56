// Types of read-whole.mjs (plain JavaScript, see there for why).

/**
 * A whole file's bytes, or why it could not be read. `spans`: where its records lie, when
 * the loader thread found them (record-spans.mjs) while the parsing thread was busy.
 */
export type WholeFile = { bytes: Uint8Array; spans?: Int32Array } | { reason: 'unreadable' | 'unreadable-gzip' | 'too-large' };

/** Whether bytes start with gzip's magic number (1f 8b). */
export function isGzipContent(bytes: Uint8Array): boolean;

/** The file's bytes, gunzipped when its name says gzip or its content starts with gzip's magic; `too-large` past `maxBytes`. */
export function readWholeFile(path: string, gzipName: boolean, maxBytes: number): WholeFile;
