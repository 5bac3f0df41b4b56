/**
 * Where CloudTrail delivers log files in S3, and what a key says about the file in it:
 *
 *   [prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz
 *   [prefix/]AWSLogs/<o-id>/<account>/CloudTrail/<region>/...     (an Organization trail)
 *
 * Digest files (`CloudTrail-Digest/`), Insights files (`CloudTrail-Insight/`) and anything
 * else in the bucket are not log files: they are recognised and ignored, never folded.
 * The time in the name is when CloudTrail delivered the file; the records in it can be
 * from any time before (CloudTrail user guide, "CloudTrail log file name format").
 */

/** Why a key is not a log file to fold. */
export type IgnoredKeyReason = 'digest-file' | 'insights-file' | 'outside-trail-prefix' | 'not-a-log-file';

export type LogKey =
  | {
      kind: 'log';
      key: string;
      /** The trail's S3 key prefix, without a trailing slash ('' when none). */
      prefix: string;
      /** The Organization's id (`o-...`) for an Organization trail. */
      orgId?: string;
      account: string;
      region: string;
      /** UTC day of the folder, `YYYY-MM-DD`. */
      day: string;
      /** Delivery time from the file name, ISO (`2026-11-10T14:05:00Z`). */
      delivered: string;
      /** The file name's unique part: with the delivery time, it names the file. */
      unique: string;
    }
  | { kind: 'ignored'; key: string; reason: IgnoredKeyReason };

const ORG = '(?:(o-[a-z0-9]{10,32})/)?';
const LOG = new RegExp(
  `^AWSLogs/${ORG}(\\d{12})/CloudTrail/([a-z0-9-]+)/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{12})_CloudTrail_([a-z0-9-]+)_(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})Z_([A-Za-z0-9]+)\\.json\\.gz$`,
);
const DIGEST = new RegExp(`^AWSLogs/${ORG}\\d{12}/CloudTrail-Digest/`);
const INSIGHT = new RegExp(`^AWSLogs/${ORG}\\d{12}/CloudTrail-Insight/`);

/** A trail prefix as a key prefix: `''` or `logs/` (a prefix given with or without its slash). */
export function keyPrefixOf(trailPrefix: string): string {
  const p = trailPrefix.replace(/^\/+|\/+$/g, '');
  return p ? `${p}/` : '';
}

/** What a key of the trail bucket is: a log file (and whose, where, when) or why it is ignored. */
export function parseLogKey(key: string, trailPrefix = ''): LogKey {
  const prefix = keyPrefixOf(trailPrefix);
  if (!key.startsWith(prefix)) return { kind: 'ignored', key, reason: 'outside-trail-prefix' };
  const rest = key.slice(prefix.length);
  if (DIGEST.test(rest)) return { kind: 'ignored', key, reason: 'digest-file' };
  if (INSIGHT.test(rest)) return { kind: 'ignored', key, reason: 'insights-file' };
  const m = LOG.exec(rest);
  if (!m) return { kind: 'ignored', key, reason: 'not-a-log-file' };
  const [, orgId, account, region, y, mo, d, fileAccount, fileRegion, fy, fmo, fd, hh, mm, unique] = m;
  // The folder and the file name must agree: a key that does not is not CloudTrail's.
  if (fileAccount !== account || fileRegion !== region) return { kind: 'ignored', key, reason: 'not-a-log-file' };
  return {
    kind: 'log',
    key,
    prefix: prefix.replace(/\/$/, ''),
    ...(orgId ? { orgId } : {}),
    account: account!,
    region: region!,
    day: `${y}-${mo}-${d}`,
    delivered: `${fy}-${fmo}-${fd}T${hh}:${mm}:00Z`,
    unique: unique!,
  };
}

/** Where one account's log files of one region and day are: `[prefix/]AWSLogs/[o-id/]<account>/CloudTrail/<region>/YYYY/MM/DD/`. */
export function logDayPrefix(o: { trailPrefix?: string; orgId?: string; account: string; region: string; day: string }): string {
  const [y, m, d] = o.day.split('-');
  return `${keyPrefixOf(o.trailPrefix ?? '')}AWSLogs/${o.orgId ? `${o.orgId}/` : ''}${o.account}/CloudTrail/${o.region}/${y}/${m}/${d}/`;
}

/** The UTC days (`YYYY-MM-DD`) of the `days` days up to and including the day of `nowMs`, oldest first. */
export function daysBack(nowMs: number, days: number): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(new Date(nowMs - i * 86_400_000).toISOString().slice(0, 10));
  return out;
}
