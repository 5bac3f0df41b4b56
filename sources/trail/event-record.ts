/**
 * A CloudTrail record delivered by EventBridge (`detail-type: AWS API Call via CloudTrail`,
 * the record as `detail`) as a trail source: the fourth way records arrive, folded like
 * the others, so the alert function sees denials exactly as a weekly report would.
 */
import { feedSource, type TrailSource } from '../../core/pipeline.ts';

/** The parts of EventBridge's envelope that matter here. */
export interface CloudTrailEvent {
  'detail-type'?: string;
  account?: string;
  region?: string;
  detail?: unknown;
}

/** The account whose CloudTrail recorded the event (a forwarded event keeps its own account). */
export function eventAccount(event: CloudTrailEvent): string | undefined {
  const d = event.detail as { recipientAccountId?: unknown } | undefined;
  const id = typeof d?.recipientAccountId === 'string' ? d.recipientAccountId : event.account;
  return id && /^\d{12}$/.test(id) ? id : undefined;
}

/** One event as a trail source; an envelope without a record is a counted skip. */
export function eventBridgeTrail(event: CloudTrailEvent): TrailSource {
  return feedSource(async (sink) => {
    if (typeof event.detail === 'object' && event.detail !== null) sink.record(event.detail);
    else sink.skipRecord('event-without-detail');
    return { window: {}, ...(event.region ? { regionsRead: [event.region] } : {}), incompleteRegions: [], problems: [] };
  });
}
