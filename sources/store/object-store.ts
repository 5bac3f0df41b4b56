/**
 * The port every stored thing goes through: aggregates, checkpoints, alert state, the
 * report archive, the collect lease. Implementations: S3 (the stack) and a folder (local
 * runs, tests).
 */

/** An object with the version tag a conditional write names (S3's ETag). */
export interface VersionedObject {
  body: Buffer;
  etag: string;
}

/**
 * A conditional write, as S3 does them: `create` only when no object exists
 * (`If-None-Match: *`), `replace` only when the current version is `etag` (`If-Match`).
 */
export type WriteCondition = { kind: 'create' } | { kind: 'replace'; etag: string };

/** What a conditional write did: written (with the new version's tag), or refused and why. */
export type ConditionalWrite = { written: true; etag: string } | { written: false; reason: 'exists' | 'changed' | 'missing' };

export interface ObjectStore {
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** The object's bytes and version tag, or undefined when there is none. */
  getVersioned(key: string): Promise<VersionedObject | undefined>;
  put(key: string, body: Buffer | string, contentType?: string): Promise<void>;
  /** Write only if `condition` holds; a refusal is an answer, not an error. */
  putIf(key: string, body: Buffer | string, condition: WriteCondition, contentType?: string): Promise<ConditionalWrite>;
  /** Keys under a prefix, in lexical order; with `startAfter`, only keys after it. */
  list(prefix: string, startAfter?: string): Promise<string[]>;
  /** A human pointer to a key (`s3://bucket/key`, a file path). */
  describe(key: string): string;
}
