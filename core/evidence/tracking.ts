/**
 * When IAM started tracking what, as AWS documents it. Nothing before a tracking start can
 * count as "not accessed": a claim's span begins at the latest of its tracking starts.
 *
 * Source, for every entry below: AWS IAM User Guide, "Refine permissions in AWS using last
 * accessed information", sections "Things to know about last accessed information" and
 * "Where AWS tracks last accessed information"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html),
 * as published in the guide's source (github.com/awsdocs/iam-user-guide,
 * doc_source/access_policies_access-advisor.md, last revision June 2023). Facts, not text,
 * are taken from it.
 *
 * Kept conservative on purpose: a region or an action-level service missing here gives no
 * "not accessed" claim (its evidence of use still counts). AWS has since added action-level
 * tracking for more services; each needs its documented start date here before its
 * "not accessed" is believed.
 */

/** Service-level tracking covers the last 400 days (or less where the region began later). */
export const SERVICE_TRACKING_DAYS = 400;

/** "Recent activity usually appears within four hours": calls in the last hours before a report may be missing from it. */
export const REPORTING_LAG_MS = 4 * 3_600_000;

/** The date AWS started tracking last-accessed information in each region; a region not listed is not tracked. */
export const REGION_TRACKING_START: Readonly<Record<string, string>> = {
  'us-east-2': '2017-10-27',
  'us-east-1': '2015-10-01',
  'us-west-1': '2015-10-01',
  'us-west-2': '2015-10-01',
  'ap-east-1': '2019-04-24',
  'ap-southeast-3': '2021-12-13',
  'ap-south-1': '2016-06-27',
  'ap-northeast-2': '2016-01-06',
  'ap-southeast-1': '2015-10-01',
  'ap-southeast-2': '2015-10-01',
  'ap-northeast-1': '2015-10-01',
  'ca-central-1': '2017-10-28',
  'eu-central-1': '2015-10-01',
  'eu-north-1': '2018-12-12',
  'eu-west-1': '2015-10-01',
  'eu-west-2': '2017-10-28',
  'eu-south-1': '2020-04-28',
  'eu-west-3': '2017-12-18',
  'me-south-1': '2019-07-29',
  'me-central-1': '2022-08-30',
  'af-south-1': '2020-04-22',
  'sa-east-1': '2015-12-11',
};

/**
 * Action-level tracking starts, per service: "The tracking period for Amazon S3 management
 * actions began on April 12, 2020. The tracking period for Amazon EC2, IAM, and Lambda
 * management actions began on April 7, 2021." (Only management actions are tracked; an
 * action IAM does not list for the service is not tracked at all.)
 */
export const ACTION_TRACKING_START: Readonly<Record<string, string>> = {
  s3: '2020-04-12',
  ec2: '2021-04-07',
  iam: '2021-04-07',
  lambda: '2021-04-07',
};

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

/** Regions of `regions` where IAM does not track last-accessed information. */
export function untrackedRegions(regions: readonly string[]): string[] {
  return regions.filter((r) => !REGION_TRACKING_START[r]);
}

/**
 * Where a service-level "not accessed" span starts for a role: 400 days before the report,
 * no earlier than tracking began in any region its tasks run in, nor than the role's creation.
 * Undefined when one of its regions is not tracked (a use there would be invisible).
 */
export function serviceTrackingStart(generatedAt: string, roleRegions: readonly string[], createDate?: string): string | undefined {
  if (untrackedRegions(roleRegions).length) return undefined;
  const starts = [Date.parse(generatedAt) - SERVICE_TRACKING_DAYS * DAY_MS, ...roleRegions.map((r) => Date.parse(REGION_TRACKING_START[r]!))];
  if (createDate && Number.isFinite(Date.parse(createDate))) starts.push(Date.parse(createDate));
  return iso(Math.max(...starts));
}

/** Where an action-level "not accessed" span starts: the service-level start, no earlier than the service's action tracking. Undefined when that start is not documented. */
export function actionTrackingStart(service: string, serviceStart: string | undefined): string | undefined {
  const actionStart = ACTION_TRACKING_START[service];
  if (!serviceStart || !actionStart) return undefined;
  return iso(Math.max(Date.parse(serviceStart), Date.parse(actionStart)));
}

/** Whole days from `since` to `until`. */
export function wholeDays(since: string, until: string): number {
  return Math.max(0, Math.floor((Date.parse(until) - Date.parse(since)) / DAY_MS));
}
