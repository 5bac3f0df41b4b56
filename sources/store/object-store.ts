/**
 * The port every stored thing goes through: aggregates, checkpoints, alert state, the
 * report archive. Implementations: S3 (the stack) and a folder (local runs, tests).
 */
export interface ObjectStore {
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  put(key: string, body: Buffer | string, contentType?: string): Promise<void>;
  /** Keys under a prefix, in lexical order. */
  list(prefix: string): Promise<string[]>;
  /** A human pointer to a key (`s3://bucket/key`, a file path). */
  describe(key: string): string;
}
