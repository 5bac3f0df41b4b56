/**
 * Which window of CloudTrail a `collect` run reads for one stream, and the checkpoint it
 * leaves. Pure: the caller passes the time.
 *
 * Each run re-reads a small overlap before its checkpoint (CloudTrail delivers events
 * minutes late; the merge counts a re-read event once), and once a UTC day a wider
 * reconciliation window catches the rare late delivery the overlap missed: the run whose
 * window crosses midnight UTC (no state to keep: exactly one run a day does). Re-reading costs
 * LookupEvents capacity (2 requests per second per account and region, shared), so both
 * are kept small: with a 5-minute overlap every 15 minutes and a 2-hour daily
 * reconciliation, about 70% of the API's capacity reads new events.
 *
 * LookupEvents returns 90 days: a run resuming after longer clamps its window to what the
 * API can still return and names the span that is lost, which is then missing from the
 * stored coverage (the report sees the gap) instead of being claimed as read.
 */

export interface Checkpoint {
  /** Everything up to this time has been read. */
  doneUntil: string;
  /**
   * The rest of a window that a run could not finish (its newer part was read: events come
   * newest first). Once read, everything up to `then` has been read.
   */
  pending?: { start: string; end: string; then: string };
}

/** Why a window starts where it does. */
export type WindowKind = 'first' | 'resume' | 'incremental' | 'reconcile';

export interface ReadWindow {
  start: string;
  end: string;
  /** Once the window is read, everything up to here has been read. */
  then: string;
  kind: WindowKind;
  /** A span that was never read and that LookupEvents no longer returns. */
  lost?: { start: string; end: string };
}

export interface WindowPolicy {
  /** How far back the first run reads. */
  backfillMs: number;
  /** Re-read before the checkpoint on every run. */
  overlapMs: number;
  /** Re-read before the checkpoint by the run that crosses midnight UTC. */
  reconcileMs: number;
  /** How far back the API returns events (LookupEvents: 90 days). */
  retentionMs: number;
}

/** LookupEvents keeps 90 days of events. */
export const LOOKUP_RETENTION_MS = 90 * 86_400_000;
/** Kept clear of the retention edge: events there expire while a run reads. */
const EDGE_MARGIN_MS = 3_600_000;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function unclamped(c: Checkpoint | undefined, now: number, p: WindowPolicy): { start: string; end: string; then: string; kind: WindowKind; claimedFrom?: string } {
  if (c?.pending) return { ...c.pending, kind: 'resume', claimedFrom: c.pending.start };
  if (!c) return { start: iso(now - p.backfillMs), end: iso(now), then: iso(now), kind: 'first' };
  const kind: WindowKind = utcDay(Date.parse(c.doneUntil)) === utcDay(now) ? 'incremental' : 'reconcile';
  const back = kind === 'reconcile' ? p.reconcileMs : p.overlapMs;
  return { start: iso(Date.parse(c.doneUntil) - back), end: iso(now), then: iso(now), kind, claimedFrom: c.doneUntil };
}

/** The window this run reads: the rest of a cut-short window, or from the checkpoint (less the re-read) to now. */
export function nextWindow(c: Checkpoint | undefined, now: number, p: WindowPolicy): ReadWindow {
  const w = unclamped(c, now, p);
  const floor = iso(now - p.retentionMs + EDGE_MARGIN_MS);
  const out: ReadWindow = { start: w.start, end: w.end, then: w.then, kind: w.kind };
  if (w.start < floor) out.start = floor < w.end ? floor : w.end;
  // Only what was never read is lost: an overlap reaching past the edge loses nothing.
  if (w.claimedFrom && w.claimedFrom < floor) out.lost = { start: w.claimedFrom, end: floor < w.end ? floor : w.end };
  return out;
}

/**
 * The checkpoint after a read of `w`: done up to `then` when complete; otherwise the part
 * not yet read (`[start, readFrom]`, events come newest first) is left pending.
 */
export function checkpointAfter(c: Checkpoint | undefined, w: ReadWindow, complete: boolean, readFrom: string | undefined): Checkpoint {
  if (complete) return { doneUntil: w.then };
  return { doneUntil: c?.doneUntil ?? w.start, pending: { start: w.start, end: readFrom ?? w.end, then: w.then } };
}
