/**
 * Event times: CloudTrail writes `2026-11-10T10:00:00Z` (UTC, second precision), and the
 * report compares times as strings, so every time is normalised to exactly that shape or
 * refused. Refused means the record is skipped and counted (`invalid-eventTime`), never
 * read as something else: a month 19 is not rolled over into the next year, a numeric 0
 * is not 1970, and a time without a zone is not read in the host's zone.
 */

/**
 * No CloudTrail record is older than CloudTrail (launched 13 November 2013, AWS News Blog,
 * "AWS CloudTrail - Capture AWS API Activity"): an earlier time is a damaged record (a
 * numeric 0, a default date), and would stretch the window and its evidence by decades.
 */
export const EARLIEST_EVENT_TIME = '2013-11-13T00:00:00Z';

/**
 * How far past the run's clock an event time may lie: CloudTrail delivers what happened,
 * so a later time is a damaged record (`9999-12-31`), and would stretch the window and
 * its evidence by millennia. A day of slack covers a host clock that is behind.
 */
export const FUTURE_SLACK_MS = 86_400_000;

/**
 * The latest event time a run at `nowMs` (its clock, ms since the epoch) accepts; later
 * records are skipped and counted as `future-eventTime`. The caller reads the clock: core
 * does not.
 */
export function latestEventTime(nowMs: number): string {
  return new Date(nowMs + FUTURE_SLACK_MS).toISOString().slice(0, 19) + 'Z';
}

/** Two ASCII digits of `text` at `at` as a number; -1 when either is not a digit. */
function digits2(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * ISO-8601 date-time as exports write it: `T` or a space, optional fraction, and a zone
 * (`Z`, `±hh:mm`, `±hhmm`) or none. Groups: year, month, day, hour, minute, second,
 * fraction, zone.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Is this already CloudTrail's own shape, with real calendar fields (the fold's fast path
 * takes such a time as it is)? Day 31 of a 30-day month and 29 February of a common year
 * are not; a time before CloudTrail existed is not either.
 */
export function isCanonicalTime(value: string): boolean {
  // Character by character, not by a RegExp: this runs for every record, and the RegExp
  // (with its separate calendar check) was 0.1 µs of the fold's ~2-3 µs a record.
  if (value.length !== 20) return false;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(10) !== 84) return false; // - - T
  if (value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58 || value.charCodeAt(19) !== 90) return false; // : : Z
  const century = digits2(value, 0);
  const year = digits2(value, 2);
  const month = digits2(value, 5);
  const day = digits2(value, 8);
  if (century < 0 || year < 0 || month < 1 || month > 12 || day < 1) return false;
  const hour = digits2(value, 11);
  const minute = digits2(value, 14);
  const second = digits2(value, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  // Day 29 and later are the only ones that can overflow a month: check just those.
  if (day > 28 && day > daysIn(century * 100 + year, month)) return false;
  return value >= EARLIEST_EVENT_TIME;
}

/** The offset of `Z`, `+01:00`, `-0530` in minutes; undefined for an impossible one. */
function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

/** Milliseconds since the epoch of an ISO date-time; a time without a zone is UTC (CloudTrail's). */
function isoMillis(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = offsetMinutes(m[8]);
  if (offset === undefined) return undefined;
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offset * 60_000;
}

/** Why a time could not be used. */
export type TimeProblem = 'missing-eventTime' | 'invalid-eventTime';

/**
 * An event time (`eventTime`, or `@timestamp` of older exports) as `YYYY-MM-DDThh:mm:ssZ`
 * UTC, or why not. Accepted: ISO-8601 date-times with valid calendar fields, with or
 * without fraction and zone (none means UTC), and numbers as milliseconds since the epoch.
 * Anything else (other date formats, whose reading would depend on the host) is invalid,
 * as is a time before CloudTrail existed or after year 9999.
 */
export function parseEventTime(value: unknown): string | TimeProblem {
  if (typeof value === 'string' && isCanonicalTime(value)) return value;
  if (value === undefined || value === null || value === '') return 'missing-eventTime';
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? isoMillis(value.trim()) : undefined;
  if (ms === undefined || !Number.isFinite(ms)) return 'invalid-eventTime';
  const d = new Date(ms);
  // Outside years up to 9999 ISO strings change shape (`+010000-…`) and stop sorting as strings.
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() > 9999) return 'invalid-eventTime';
  // Second precision, always: ISO strings then order correctly as plain strings.
  const iso = d.toISOString().slice(0, 19) + 'Z';
  return iso < EARLIEST_EVENT_TIME ? 'invalid-eventTime' : iso;
}
