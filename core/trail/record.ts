/**
 * A raw CloudTrail record → the few fields the analysis reads, or a skip reason.
 *
 * Nothing here keeps request or response payloads: `requestParameters` is read for
 * resource names and then dropped, `responseElements` (which holds session tokens for
 * AssumeRole) is never read at all. Strings are kept only up to their limits
 * (`STRING_LIMITS`): longer ones are cut or dropped, and named in `cut`.
 */
import { cutTo, withinLimit, type LimitedField } from './bounds.ts';
import { parseEventTime } from './event-time.ts';

export type SkipReason =
  | 'not-an-object'
  | 'missing-eventSource'
  | 'missing-eventName'
  | 'missing-userIdentity'
  | 'missing-eventTime'
  | 'invalid-eventTime';

export interface TrailRecord {
  eventId?: string;
  /** `requestID`: with the other identifying fields, the key of an event without `eventID`. */
  requestId?: string;
  /** ISO-8601, UTC. */
  eventTime: string;
  eventSource: string;
  eventName: string;
  region?: string;
  accountId?: string;
  identityType?: string;
  /** `userIdentity.arn`: for roles, the assumed-role ARN with the session name. */
  principalArn?: string;
  /** `userIdentity.principalId` (`AROA…:session` for a role session; see `uniqueIdOf`). */
  principalId?: string;
  /** `sessionContext.sessionIssuer.arn`: the role ARN with its path. */
  issuerArn?: string;
  invokedBy?: string;
  errorCode?: string;
  errorMessage?: string;
  /**
   * `eventCategory` ("Management", "Data", ...), or "Data"/"Management" from
   * `managementEvent`; absent when the record says neither (trails before 2019, some
   * exports): then the event's name decides (see event-category.ts).
   */
  category?: string;
  /** ARNs named in `resources[]`. */
  resourceArns: string[];
  /** `readOnly` when the record says (a boolean in trail records); absent is unknown. */
  readOnly?: boolean;
  requestParameters?: Record<string, unknown>;
  /** Fields longer than their limit, cut or dropped (counted in `input.truncated`). */
  cut?: LimitedField[];
}

export type RecordResult = { ok: true; record: TrailRecord } | { ok: false; reason: SkipReason };

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** `eventCategory`, or derived from `managementEvent`; undefined when the record says neither. */
export function categoryOf(r: Record<string, unknown>): string | undefined {
  const category = str(r.eventCategory);
  if (category) return category;
  return r.managementEvent === false ? 'Data' : r.managementEvent === true ? 'Management' : undefined;
}

/** Collects the fields of one record that were over their limits. */
class Cuts {
  fields: LimitedField[] | undefined;

  /** `value` when within the limit; cut to the limit (and noted) when over it. */
  cut(value: string | undefined, field: LimitedField): string | undefined {
    if (value === undefined || withinLimit(value, field)) return value;
    (this.fields ??= []).push(field);
    return cutTo(value, field);
  }

  /** `value` when within the limit; dropped (and noted) when over it: a cut ARN or ID would name something else. */
  drop(value: string | undefined, field: LimitedField): string | undefined {
    if (value === undefined || withinLimit(value, field)) return value;
    (this.fields ??= []).push(field);
    return undefined;
  }
}

function resourceArnsOf(r: Record<string, unknown>, cuts: Cuts): string[] {
  const out: string[] = [];
  if (!Array.isArray(r.resources)) return out;
  for (const res of r.resources) {
    const arn = cuts.drop(str(obj(res)?.ARN) ?? str(obj(res)?.arn), 'arn');
    if (arn) out.push(arn);
  }
  return out;
}

/** The unique-ID part of a `principalId` (`AROAEXAMPLE:session` → `AROAEXAMPLE`). */
export function uniqueIdOf(principalId: string): string {
  const colon = principalId.indexOf(':');
  return colon < 0 ? principalId : principalId.slice(0, colon);
}

/** Does a `principalId` carry this unique ID (`AROAEXAMPLE:session` and `AROAEXAMPLE`)? Without slicing: it runs per call. */
export function hasUniqueId(principalId: string, id: string): boolean {
  return principalId.startsWith(id) && (principalId.length === id.length || principalId.charCodeAt(id.length) === 58);
}

/** The identity fields of a record, each within its limit. */
function identityFields(record: TrailRecord, identity: Record<string, unknown>, cuts: Cuts): void {
  const issuer = obj(obj(identity.sessionContext)?.sessionIssuer);
  const identityType = str(identity.type);
  if (identityType) record.identityType = identityType;
  const principalArn = cuts.drop(str(identity.arn), 'arn');
  if (principalArn) record.principalArn = principalArn;
  const principalId = cuts.drop(str(identity.principalId), 'principalId');
  if (principalId) record.principalId = principalId;
  const issuerArn = cuts.drop(str(issuer?.arn), 'arn');
  if (issuerArn) record.issuerArn = issuerArn;
  const invokedBy = cuts.cut(str(identity.invokedBy), 'invokedBy');
  if (invokedBy) record.invokedBy = invokedBy;
}

/** The optional top-level fields of a record, each within its limit. */
function optionalFields(record: TrailRecord, r: Record<string, unknown>, identity: Record<string, unknown>, cuts: Cuts): void {
  const eventId = str(r.eventID);
  if (eventId) record.eventId = eventId;
  const requestId = cuts.drop(str(r.requestID), 'requestId');
  if (requestId) record.requestId = requestId;
  const region = cuts.cut(str(r.awsRegion), 'awsRegion');
  if (region) record.region = region;
  const accountId = str(r.recipientAccountId) ?? str(identity.accountId);
  if (accountId && accountId.length <= 32) record.accountId = accountId;
  const errorCode = cuts.cut(str(r.errorCode), 'errorCode');
  if (errorCode) record.errorCode = errorCode;
  const errorMessage = cuts.cut(str(r.errorMessage), 'errorMessage');
  if (errorMessage) record.errorMessage = errorMessage;
  const category = categoryOf(r);
  if (category) record.category = category;
  if (typeof r.readOnly === 'boolean') record.readOnly = r.readOnly;
  const params = obj(r.requestParameters);
  if (params) record.requestParameters = params;
}

/** Read one record. */
export function readRecord(raw: unknown): RecordResult {
  const r = obj(raw);
  if (!r) return { ok: false, reason: 'not-an-object' };
  const cuts = new Cuts();
  const eventSource = cuts.cut(str(r.eventSource), 'eventSource');
  if (!eventSource) return { ok: false, reason: 'missing-eventSource' };
  const eventName = cuts.cut(str(r.eventName), 'eventName');
  if (!eventName) return { ok: false, reason: 'missing-eventName' };
  const identity = obj(r.userIdentity);
  if (!identity) return { ok: false, reason: 'missing-userIdentity' };
  const time = parseEventTime(r.eventTime ?? r['@timestamp']);
  if (time === 'missing-eventTime' || time === 'invalid-eventTime') return { ok: false, reason: time };

  const record: TrailRecord = { eventTime: time, eventSource, eventName, resourceArns: resourceArnsOf(r, cuts) };
  identityFields(record, identity, cuts);
  optionalFields(record, r, identity, cuts);
  if (cuts.fields) record.cut = cuts.fields;
  return { ok: true, record };
}
