/**
 * The key of one event in the aggregate: what lets merging count every event once,
 * whatever the order or overlap of the inputs.
 *
 * With `eventID` (every record CloudTrail delivers has one) the key is its hash. Some SIEM
 * exports drop it; then the key is built from what identifies a call: time, source, name,
 * principal, error, `requestID` when present, and a fingerprint of the request. Of the two
 * ways such a key can be wrong, this picks the harmless one:
 * - the same event arriving once with its ID and once without is counted twice (call
 *   counts run high; nothing becomes unused, since use is what is counted);
 * - two distinct calls would collapse into one only if they agree in all of those fields,
 *   to the second, request included: a smaller key (time, name and principal) merged
 *   every repeated same-second call, and made counts low.
 */
import { hash53 } from './hash53.ts';
import type { TrailRecord } from './record.ts';

/** How much of a request the fingerprint reads: requests are small; a huge one is fingerprinted by its first part. */
const FINGERPRINT_CHARS = 64 * 1024;
const FINGERPRINT_DEPTH = 32;

/** A stable text of a JSON value: object keys sorted, so two exports that order keys differently agree. */
function stableText(value: unknown, depth: number, out: string[], budget: { left: number }): void {
  if (budget.left <= 0) return;
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value) ?? 'null';
    out.push(text.length > budget.left ? text.slice(0, budget.left) : text);
    budget.left -= text.length;
    return;
  }
  if (depth >= FINGERPRINT_DEPTH) {
    out.push('…');
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (const v of value) {
      stableText(v, depth + 1, out, budget);
      out.push(',');
    }
    out.push(']');
    return;
  }
  out.push('{');
  for (const k of Object.keys(value).sort()) {
    out.push(JSON.stringify(k), ':');
    budget.left -= k.length;
    stableText((value as Record<string, unknown>)[k], depth + 1, out, budget);
    out.push(',');
  }
  out.push('}');
}

/** A hash of the request parameters, the same for the same request however its keys are ordered. */
export function requestFingerprint(params: Record<string, unknown> | undefined): number {
  if (!params) return 0;
  const out: string[] = [];
  stableText(params, 0, out, { left: FINGERPRINT_CHARS });
  return hash53(out.join(''));
}

/** The stable per-event key: `eventID` where present, else the fields that identify the call. */
export function recordKey(r: TrailRecord): number {
  if (r.eventId) return hash53(r.eventId);
  return hash53(
    `${r.eventTime}|${r.eventSource}|${r.eventName}|${r.principalArn ?? ''}|${r.errorCode ?? ''}|${r.requestId ?? ''}|${requestFingerprint(r.requestParameters)}`,
  );
}
