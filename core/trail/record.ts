/**
 * A raw CloudTrail record → the few fields the analysis reads, or a skip reason.
 *
 * Nothing here keeps request or response payloads: `requestParameters` is read for
 * resource names and then dropped, `responseElements` (which holds session tokens for
 * AssumeRole) is never read at all. Strings are kept only up to their limits
 * (`STRING_LIMITS`): longer ones are cut or dropped, and named in `cut`.
 */
import { STRING_LIMITS, type LimitedField } from './bounds.ts';
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

// The fields of the record being read that were over their limits. Module state, reset per
// record: readRecord runs synchronously for every record, and an object per record (or a
// method call per field) was measurable in the fold.
let cutFields: LimitedField[] | undefined;

/** A string within its limit as is; over it, cut to the limit and noted. */
function cut(value: string | undefined, limit: number, field: LimitedField): string | undefined {
  if (value === undefined || value.length <= limit) return value;
  (cutFields ??= []).push(field);
  return value.slice(0, limit);
}

/** A string within its limit as is; over it, dropped and noted: a cut ARN or ID would name something else. */
function drop(value: string | undefined, limit: number, field: LimitedField): string | undefined {
  if (value === undefined || value.length <= limit) return value;
  (cutFields ??= []).push(field);
  return undefined;
}

const L = STRING_LIMITS;

function resourceArnsOf(r: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (!Array.isArray(r.resources)) return out;
  for (const res of r.resources) {
    const arn = drop(str(obj(res)?.ARN) ?? str(obj(res)?.arn), L.arn, 'arn');
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

/**
 * Read one record. The result has every field present (undefined when absent), so every
 * record has one shape: what reads records (attribution, the aggregate) then stays fast.
 */
export function readRecord(raw: unknown): RecordResult {
  const r = obj(raw);
  if (!r) return { ok: false, reason: 'not-an-object' };
  cutFields = undefined;
  const eventSource = cut(str(r.eventSource), L.eventSource, 'eventSource');
  if (!eventSource) return { ok: false, reason: 'missing-eventSource' };
  const eventName = cut(str(r.eventName), L.eventName, 'eventName');
  if (!eventName) return { ok: false, reason: 'missing-eventName' };
  const identity = obj(r.userIdentity);
  if (!identity) return { ok: false, reason: 'missing-userIdentity' };
  const time = parseEventTime(r.eventTime ?? r['@timestamp']);
  if (time === 'missing-eventTime' || time === 'invalid-eventTime') return { ok: false, reason: time };

  const issuer = obj(obj(identity.sessionContext)?.sessionIssuer);
  const accountId = str(r.recipientAccountId) ?? str(identity.accountId);
  const record: TrailRecord = {
    eventId: str(r.eventID),
    requestId: drop(str(r.requestID), L.requestId, 'requestId'),
    eventTime: time,
    eventSource,
    eventName,
    region: cut(str(r.awsRegion), L.awsRegion, 'awsRegion'),
    accountId: accountId && accountId.length <= 32 ? accountId : undefined,
    identityType: str(identity.type),
    principalArn: drop(str(identity.arn), L.arn, 'arn'),
    principalId: drop(str(identity.principalId), L.principalId, 'principalId'),
    issuerArn: drop(str(issuer?.arn), L.arn, 'arn'),
    invokedBy: cut(str(identity.invokedBy), L.invokedBy, 'invokedBy'),
    errorCode: cut(str(r.errorCode), L.errorCode, 'errorCode'),
    errorMessage: cut(str(r.errorMessage), L.errorMessage, 'errorMessage'),
    category: categoryOf(r),
    resourceArns: resourceArnsOf(r),
    readOnly: typeof r.readOnly === 'boolean' ? r.readOnly : undefined,
    requestParameters: obj(r.requestParameters),
    cut: cutFields,
  };
  return { ok: true, record };
}
