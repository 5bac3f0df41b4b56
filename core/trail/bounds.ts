/**
 * How much of an input string the analysis keeps. A record is input nobody here wrote:
 * an event name of 20 MB, distinct in every file, would otherwise grow the aggregate and
 * every memo table keyed by it without limit. Each limit is well above what AWS produces,
 * so a real record is never cut; what is cut is counted (`input.truncated`, by field).
 */

/** Limits by field, in UTF-16 code units. */
export const STRING_LIMITS = {
  /** API operation names are under 100 characters (`GetBucketIntelligentTieringConfiguration` is 41). */
  eventName: 128,
  /** `<service>.amazonaws.com` hosts are under 64 characters. */
  eventSource: 128,
  /** Region codes are under 20 characters (`ap-southeast-5`, `us-gov-west-1`). */
  awsRegion: 32,
  errorCode: 128,
  /** Longer than any AWS denial message; the regular expressions that read causes run on this much at most. */
  errorMessage: 4096,
  /** Service principals (`secretsmanager.amazonaws.com`). */
  invokedBy: 256,
  /** IAM: ARNs are at most 2,048 characters (IAM API Reference, Role and Policy data types, `Arn`). */
  arn: 2048,
  /** `AROA…` unique IDs are 21 characters; `principalId` adds `:` and the session name (at most 64). */
  principalId: 128,
  requestId: 128,
} as const;

export type LimitedField = keyof typeof STRING_LIMITS;

/** Is the string within its field's limit? (Over it, the caller drops or cuts it, and counts that.) */
export function withinLimit(value: string, field: LimitedField): boolean {
  return value.length <= STRING_LIMITS[field];
}

/** The first `limit` characters of a string over its field's limit (for text shown as-is, like messages). */
export function cutTo(value: string, field: LimitedField): string {
  const limit = STRING_LIMITS[field];
  return value.length <= limit ? value : value.slice(0, limit);
}
