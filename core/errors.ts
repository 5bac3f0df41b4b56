/**
 * The errors that reach a person, in one module. Each says what the user must fix; the
 * entry points turn them into an exit code or a failed run with a one-line reason.
 * Anything else thrown is a programmer error and is reported as such.
 */

/** The input cannot be analysed: a missing directory, nothing to track, no region to read. CLI exit 1. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** A command-line argument the user must correct. CLI exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A malformed value in the deployed stack's configuration: the function fails at cold start. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
