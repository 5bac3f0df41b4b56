/**
 * What one `collect` run reads: a stream per configured region (every management event
 * of the region), and, when us-east-1 is not among them, one stream per global service
 * read from us-east-1 by its event source. IAM, STS through its global endpoint,
 * CloudFront, Route 53, Organizations and console sign-in log to us-east-1 only, so a
 * eu-west-1-only deployment would otherwise never see a task's IAM or STS calls.
 * LookupEvents takes one lookup attribute per call: each global source is its own stream,
 * with its own checkpoint, sharing us-east-1's request rate.
 */

/** The region where global services' events are logged. */
export const GLOBAL_SERVICES_REGION = 'us-east-1';

/** Event sources of the services that log to us-east-1 only. */
export const GLOBAL_EVENT_SOURCES = [
  'iam.amazonaws.com',
  'sts.amazonaws.com',
  'cloudfront.amazonaws.com',
  'route53.amazonaws.com',
  'organizations.amazonaws.com',
  'signin.amazonaws.com',
] as const;

export interface CollectStream {
  /** The stream's name in checkpoints, coverage windows and logs: `eu-west-1`, `us-east-1:iam.amazonaws.com`. */
  id: string;
  region: string;
  /** Only this event source (a global service); absent: every event of the region. */
  eventSource?: string;
}

/** A stream's id: the region, or `region:eventSource` for one service's events. */
export function streamId(region: string, eventSource?: string): string {
  return eventSource ? `${region}:${eventSource}` : region;
}

/** The streams of a deployment's regions. */
export function collectStreams(regions: readonly string[]): CollectStream[] {
  const streams: CollectStream[] = regions.map((region) => ({ id: region, region }));
  if (regions.includes(GLOBAL_SERVICES_REGION)) return streams;
  for (const eventSource of GLOBAL_EVENT_SOURCES) streams.push({ id: streamId(GLOBAL_SERVICES_REGION, eventSource), region: GLOBAL_SERVICES_REGION, eventSource });
  return streams;
}

/** Is this stream one service's events only (not a whole region)? */
export function isSourceStream(s: CollectStream): boolean {
  return s.eventSource !== undefined;
}
