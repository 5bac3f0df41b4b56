/**
 * How much of one file the loaders will hold, so that no input can exhaust memory or
 * V8's string limit (about 512 MB): a JSON document (read whole, then parsed) is capped at
 * `maxFileBytes` after gunzip (a gzip bomb stops there); a line file is streamed, each line
 * capped at `maxLineBytes`. What is over a cap is skipped as `too-large` and named, never
 * half-read. `POLICY_DRIFT_MAX_FILE_BYTES` / `POLICY_DRIFT_MAX_LINE_BYTES` change them (for
 * tests, or a machine with memory to spare for a huge `lookup-events` export).
 */

export interface FileLimits {
  /** Largest JSON document read whole, in bytes after gunzip (ECS, IAM and CloudTrail documents alike). */
  maxFileBytes: number;
  /** Longest line of a line file, in bytes (UTF-8) or characters (UTF-16). */
  maxLineBytes: number;
}

/**
 * 256 MiB: a delivered CloudTrail log file is a few MB to some tens of MB, and a parsed
 * document costs several times its size. 16 MiB per line: one CloudTrail event is at most
 * a few hundred KB (CloudTrail omits larger request parameters).
 */
export const DEFAULT_FILE_LIMITS: Readonly<FileLimits> = { maxFileBytes: 256 * 1024 * 1024, maxLineBytes: 16 * 1024 * 1024 };

/** V8 cannot make a string of more than about 2^29 characters: a larger document could never be parsed. */
const LARGEST_STRING_BYTES = 500 * 1024 * 1024;

/** A positive whole number of bytes from the environment, or the default. */
function bytesFrom(value: string | undefined, fallback: number): number {
  const n = value === undefined ? NaN : Number(value);
  return Number.isSafeInteger(n) && n > 0 ? Math.min(n, LARGEST_STRING_BYTES) : fallback;
}

/** The limits in force: the defaults, or what the environment says. */
export function fileLimits(env: NodeJS.ProcessEnv = process.env): FileLimits {
  return {
    maxFileBytes: bytesFrom(env.POLICY_DRIFT_MAX_FILE_BYTES, DEFAULT_FILE_LIMITS.maxFileBytes),
    maxLineBytes: bytesFrom(env.POLICY_DRIFT_MAX_LINE_BYTES, DEFAULT_FILE_LIMITS.maxLineBytes),
  };
}
