/**
 * Where and when a CloudTrail file's content belongs, for placing what could not be read
 * in it: from its delivered-log path (`AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/…`,
 * or the organisation form `AWSLogs/<o-id>/<account>/CloudTrail/…`), from CloudTrail's file
 * name (`<account>_CloudTrail_<region>_YYYYMMDDTHHmmZ_<id>.json.gz`, which survives an
 * `aws s3 sync` of a day folder), else from the records read before the failure. What none
 * of them tells stays unknown, and an unknown region or time blocks "unused" claims everywhere.
 */

/** What the readable records of one file said about where and when they are. */
export interface RecordsSeen {
  /** Distinct `awsRegion` values. */
  regions: Set<string>;
  /** First and last `eventTime` (ISO) among them. */
  first?: string;
  last?: string;
}

/** Where and when the unreadable content of a file may lie. */
export interface Placement {
  /** Undefined: any region. */
  region?: string;
  /** Inclusive ISO bounds; undefined: any time. */
  start?: string;
  end?: string;
}

/** An empty record of what a file's records said. */
export function recordsSeen(): RecordsSeen {
  return { regions: new Set() };
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})T/;

/** Note one raw record's region and time (a record that is not an object says nothing). */
export function noteSeen(seen: RecordsSeen, raw: unknown): void {
  if (typeof raw !== 'object' || raw === null) return;
  const r = raw as { awsRegion?: unknown; eventTime?: unknown };
  if (typeof r.awsRegion === 'string' && r.awsRegion && seen.regions.size < 8) seen.regions.add(r.awsRegion);
  const t = r.eventTime;
  // Checked for shape only (this runs per line); `placeFile` checks the two it keeps.
  if (typeof t !== 'string' || !ISO_DAY.test(t)) return;
  if (seen.first === undefined || t < seen.first) seen.first = t;
  if (seen.last === undefined || t > seen.last) seen.last = t;
}

// `…/AWSLogs/[o-id/]<account>/CloudTrail/<region>/YYYY/MM/DD/…`; the folder names are CloudTrail's, exact.
const LOG_PATH = /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?(\d{12})\/CloudTrail\/([a-z]{2}(?:-[a-z]+)+-\d+)(?:\/(\d{4})\/(\d{2})\/(\d{2})(?:\/|$))?/;
// `<account>_CloudTrail_<region>_YYYYMMDDTHHmmZ_<id>.json[.gz]`
const LOG_NAME = /(?:^|\/)(\d{12})_CloudTrail_([a-z]{2}(?:-[a-z]+)+-\d+)_(\d{4})(\d{2})(\d{2})T\d{4}Z_[A-Za-z0-9]+\.json(?:\.gz)?$/i;

/** CloudTrail delivers within minutes, not always on the day of the call: a day's files may hold the previous day's last hour. */
const DELIVERY_LAG_MS = 60 * 60 * 1000;

/** The span of a delivery day, widened back by the delivery lag; undefined when the date does not exist. */
function deliveryDay(y: string, m: string, d: string): { start: string; end: string } | undefined {
  const day = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const iso = new Date(day).toISOString();
  if (!Number.isFinite(day) || iso.slice(0, 10) !== `${y}-${m}-${d}`) return undefined;
  return { start: stamp(day - DELIVERY_LAG_MS), end: `${y}-${m}-${d}T23:59:59Z` };
}

const isTime = (t: string) => Number.isFinite(Date.parse(t));
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

/** The whole UTC days from `first`'s to `last`'s. */
function daysOf(first: string, last: string): { start: string; end: string } {
  return { start: `${first.slice(0, 10)}T00:00:00Z`, end: `${last.slice(0, 10)}T23:59:59Z` };
}

/**
 * Where and when a file's unreadable content may lie: its delivered-log path or name first
 * (exact), else what its readable records said (their region when they all had one, and
 * the whole days they span). `path` may be relative or absolute, with either separator.
 */
export function placeFile(path: string, seen?: RecordsSeen): Placement {
  const p = path.replace(/\\/g, '/');
  const byPath = LOG_PATH.exec(p);
  const byName = LOG_NAME.exec(p);
  const region = byPath?.[2] ?? byName?.[2] ?? (seen?.regions.size === 1 ? [...seen.regions][0] : undefined);
  const day =
    (byPath?.[3] ? deliveryDay(byPath[3], byPath[4]!, byPath[5]!) : undefined) ??
    (byName ? deliveryDay(byName[3]!, byName[4]!, byName[5]!) : undefined) ??
    (seen?.first && seen.last && isTime(seen.first) && isTime(seen.last) ? daysOf(seen.first, seen.last) : undefined);
  return { ...(region ? { region } : {}), ...(day ?? {}) };
}

/** A delivered log file's account, region and delivery day (`YYYY-MM-DD`), from its path or CloudTrail's file name. */
export interface LogPlace {
  account: string;
  region: string;
  day: string;
}

/** Where a file says it was delivered (`AWSLogs/…/<account>/CloudTrail/<region>/YYYY/MM/DD/`, or CloudTrail's file name); undefined when it does not, or names a day that does not exist. */
export function logPlaceOf(path: string): LogPlace | undefined {
  const p = path.replace(/\\/g, '/');
  const byPath = LOG_PATH.exec(p);
  const byName = LOG_NAME.exec(p);
  const [account, region, y, m, d] = byPath?.[3] ? byPath.slice(1, 6) : byName ? byName.slice(1, 6) : [];
  if (!account || !region || !y || !m || !d || !deliveryDay(y, m, d)) return undefined;
  return { account, region, day: `${y}-${m}-${d}` };
}

/** Whether a placed span may overlap the window (an unknown time overlaps every window). */
export function mayOverlap(p: Placement, window: { start?: string; end?: string }): boolean {
  if (p.start === undefined || p.end === undefined) return true;
  if (window.start && p.end < window.start) return false;
  if (window.end && p.start > window.end) return false;
  return true;
}

/**
 * How `incompleteRegions` names content whose region is unknown: it may be any region, so
 * it blocks "unused" claims everywhere (the analysis blocks on any incomplete region).
 */
export const UNKNOWN_REGION = 'unknown region';

/** A placement in words, for problem lines: "us-east-1, 2026-11-09", "region unknown, time unknown". */
export function describePlacement(p: Placement): string {
  const region = p.region ?? 'region unknown';
  if (p.start === undefined || p.end === undefined) return `${region}, time unknown`;
  const [from, to] = [p.start.slice(0, 10), p.end.slice(0, 10)];
  // A delivery day reaches back an hour into the day before: name the day it is.
  const oneDay = Date.parse(p.end) - Date.parse(p.start) < 26 * 3600_000;
  return `${region}, ${oneDay || from === to ? to : `${from} to ${to}`}`;
}
