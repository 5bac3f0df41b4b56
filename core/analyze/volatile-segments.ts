/**
 * Volatile path segments: the parts of a resource name a workload makes up as it runs
 * (dates, times, UUIDs, hex and numeric ids), which the next run will not repeat. A
 * suggestion narrowed to the keys seen this week (`orders/2026/11/*`) breaks on the first
 * of next month; generalised at the first volatile segment (`orders/*`) it does not.
 *
 * Only data paths are generalised: S3 object keys (of a bucket or an access point) and
 * CloudWatch Logs stream names. Elsewhere an id names a long-lived resource (a KMS key's
 * UUID, a secret) and stays exact: widening it would grant every key of the account.
 */

/** A date anywhere in a segment: ISO (`2026-11-09`, `2026/11` is split already) or compact (`20261109`). */
const DATE = /(?:19|20)\d{2}-[01]\d(?:-[0-3]\d)?|(?:19|20)\d{2}[01]\d[0-3]\d/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** A hex id of 8 or more characters with a digit in it (`0123abcd…`, an ECS task id), or a long number (epoch times, sequence ids). */
const HEX_ID = /(?:^|[^0-9a-z])(?=[0-9a-f]*\d)[0-9a-f]{8,}(?:$|[^0-9a-z])/i;
const LONG_NUMBER = /\d{6,}/;

/**
 * Does this path segment name something the workload made up (a date, time, UUID, hex or
 * numeric id)? A lone digit is not enough (`shard/1/`, `v/2/` are as often fixed names);
 * two or more digits are (`2026`, `11`, `09`, `00042`).
 */
export function isVolatileSegment(segment: string): boolean {
  // `ab12.json` → `ab12`; `part-0001.gz.parquet` → `part-0001`.
  const stem = segment.replace(/(?:\.[a-z][a-z0-9]{0,7})+$/i, '');
  if (stem.length === 0) return false;
  // Hive-style partitions (`dt=2026-11-09`, `year=2026`) vary in their value.
  const partition = stem.includes('=');
  const value = partition ? stem.slice(stem.indexOf('=') + 1) : stem;
  if (partition && /^\d+$/.test(value)) return true;
  return /^\d{2,}$/.test(value) || DATE.test(value) || UUID.test(value) || HEX_ID.test(value) || LONG_NUMBER.test(value);
}

/** Where the data path of an ARN starts (after `bucket/`, `accesspoint/NAME/object/`, `:log-stream:`), if it has one. */
function dataPathStart(arn: string): number | undefined {
  const s3 = /^arn:[^:]+:s3:::[^/]+\//.exec(arn) ?? /^arn:[^:]+:s3:[^:]*:[^:]*:accesspoint\/[^/]+\/object\//.exec(arn);
  if (s3) return s3[0].length;
  const logs = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:.*?:log-stream:/.exec(arn);
  return logs ? logs[0].length : undefined;
}

/**
 * The ARN as a pattern that survives the next run: its data path cut at the first
 * volatile segment, which becomes `*` (`…:::b/orders/2026/11/09/ab12.json` →
 * `…:::b/orders/*`). Undefined when the ARN has no data path or nothing in it is volatile.
 */
export function generaliseArn(arn: string): string | undefined {
  const start = dataPathStart(arn);
  if (start === undefined) return undefined;
  let at = start;
  while (at <= arn.length) {
    const slash = arn.indexOf('/', at);
    const end = slash < 0 ? arn.length : slash;
    if (isVolatileSegment(arn.slice(at, end))) return `${arn.slice(0, at)}*`;
    if (slash < 0) return undefined;
    at = slash + 1;
  }
  return undefined;
}
