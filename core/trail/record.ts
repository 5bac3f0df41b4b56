/**
 * A raw CloudTrail record → the few fields the analysis reads, or a skip reason.
 *
 * Nothing here keeps request or response payloads: `requestParameters` is read for
 * resource names and then dropped, `responseElements` (which holds session tokens for
 * AssumeRole) is never read at all.
 */

export type SkipReason =
  | 'not-an-object'
  | 'missing-eventSource'
  | 'missing-eventName'
  | 'missing-userIdentity'
  | 'missing-eventTime'
  | 'invalid-eventTime';

export interface TrailRecord {
  eventId?: string;
  /** ISO-8601, UTC. */
  eventTime: string;
  eventSource: string;
  eventName: string;
  region?: string;
  accountId?: string;
  identityType?: string;
  /** `userIdentity.arn`: for roles, the assumed-role ARN with the session name. */
  principalArn?: string;
  /** `sessionContext.sessionIssuer.arn`: the role ARN with its path. */
  issuerArn?: string;
  invokedBy?: string;
  errorCode?: string;
  errorMessage?: string;
  /** `eventCategory` ("Management", "Data", ...), or derived from `managementEvent`. */
  category: string;
  /** ARNs named in `resources[]`. */
  resourceArns: string[];
  /** `readOnly` when the record says (a boolean in trail records). */
  readOnly?: boolean;
  requestParameters?: Record<string, unknown>;
}

export type RecordResult = { ok: true; record: TrailRecord } | { ok: false; reason: SkipReason };

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** CloudTrail's own format (`2026-11-10T10:00:00Z`): taken as is, without a Date round trip. */
export const CANONICAL_TIME = /^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\dZ$/;

/** Normalise `eventTime` (or the `@timestamp` of older exports) to ISO-8601 UTC, or say why not. */
function normaliseTime(raw: Record<string, unknown>): string | SkipReason {
  const value = raw.eventTime ?? raw['@timestamp'];
  if (typeof value === 'string' && value.length === 20 && CANONICAL_TIME.test(value)) return value;
  if (value === undefined || value === null || value === '') return 'missing-eventTime';
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) return 'invalid-eventTime';
  const d = new Date(ms);
  // Outside years 1970–9999 ISO strings change shape (`+010000-…`) and stop sorting as strings.
  const year = d.getUTCFullYear();
  if (Number.isNaN(d.getTime()) || year < 1970 || year > 9999) return 'invalid-eventTime';
  // Second precision, always: ISO strings then order correctly as plain strings.
  return d.toISOString().slice(0, 19) + 'Z';
}

/** `eventCategory` ("Management", "Data", ...), or derived from `managementEvent` in older records. */
export function categoryOf(r: Record<string, unknown>): string {
  return str(r.eventCategory) ?? (r.managementEvent === false ? 'Data' : 'Management');
}

/** Read one record. */
export function readRecord(raw: unknown): RecordResult {
  const r = obj(raw);
  if (!r) return { ok: false, reason: 'not-an-object' };
  const eventSource = str(r.eventSource);
  if (!eventSource) return { ok: false, reason: 'missing-eventSource' };
  const eventName = str(r.eventName);
  if (!eventName) return { ok: false, reason: 'missing-eventName' };
  const identity = obj(r.userIdentity);
  if (!identity) return { ok: false, reason: 'missing-userIdentity' };
  const time = normaliseTime(r);
  if (time === 'missing-eventTime' || time === 'invalid-eventTime') return { ok: false, reason: time };

  const issuer = obj(obj(identity.sessionContext)?.sessionIssuer);
  const category = categoryOf(r);
  const resourceArns: string[] = [];
  if (Array.isArray(r.resources)) {
    for (const res of r.resources) {
      const arn = str(obj(res)?.ARN) ?? str(obj(res)?.arn);
      if (arn) resourceArns.push(arn);
    }
  }
  const record: TrailRecord = {
    eventTime: time,
    eventSource,
    eventName,
    category,
    resourceArns,
  };
  const eventId = str(r.eventID);
  if (eventId) record.eventId = eventId;
  const region = str(r.awsRegion);
  if (region) record.region = region;
  const accountId = str(r.recipientAccountId) ?? str(identity.accountId);
  if (accountId) record.accountId = accountId;
  const identityType = str(identity.type);
  if (identityType) record.identityType = identityType;
  const principalArn = str(identity.arn);
  if (principalArn) record.principalArn = principalArn;
  const issuerArn = str(issuer?.arn);
  if (issuerArn) record.issuerArn = issuerArn;
  const invokedBy = str(identity.invokedBy);
  if (invokedBy) record.invokedBy = invokedBy;
  const errorCode = str(r.errorCode);
  if (errorCode) record.errorCode = errorCode;
  const errorMessage = str(r.errorMessage);
  if (errorMessage) record.errorMessage = errorMessage;
  if (typeof r.readOnly === 'boolean') record.readOnly = r.readOnly;
  const params = obj(r.requestParameters);
  if (params) record.requestParameters = params;
  return { ok: true, record };
}
