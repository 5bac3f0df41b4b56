/** Which window a collect run reads for a stream, and the checkpoint it leaves (core/collect/window.ts). */
import { describe, expect, it } from 'vitest';
import { checkpointAfter, LOOKUP_RETENTION_MS, nextWindow, type WindowPolicy } from '../../core/collect/window.ts';
import { collectStreams, GLOBAL_EVENT_SOURCES } from '../../core/collect/streams.ts';

const policy: WindowPolicy = { backfillMs: 24 * 3_600_000, overlapMs: 5 * 60_000, reconcileMs: 2 * 3_600_000, retentionMs: LOOKUP_RETENTION_MS };
const at = (iso: string) => Date.parse(iso);

describe('collect windows', () => {
  it('first reads the backfill, then re-reads only a small overlap every run', () => {
    expect(nextWindow(undefined, at('2026-11-12T06:00:00Z'), policy)).toEqual({ start: '2026-11-11T06:00:00Z', end: '2026-11-12T06:00:00Z', then: '2026-11-12T06:00:00Z', kind: 'first' });
    expect(nextWindow({ doneUntil: '2026-11-12T06:00:00Z' }, at('2026-11-12T06:15:00Z'), policy)).toMatchObject({ start: '2026-11-12T05:55:00Z', end: '2026-11-12T06:15:00Z', kind: 'incremental' });
  });

  it('once a day, the run that crosses midnight UTC re-reads a wider window for late deliveries', () => {
    const w = nextWindow({ doneUntil: '2026-11-12T23:50:00Z' }, at('2026-11-13T00:05:00Z'), policy);
    expect(w).toMatchObject({ start: '2026-11-12T21:50:00Z', kind: 'reconcile' });
    // The next run of the same day is back to the overlap.
    expect(nextWindow({ doneUntil: '2026-11-13T00:05:00Z' }, at('2026-11-13T00:20:00Z'), policy).kind).toBe('incremental');
  });

  it('resumes a cut-short window where it stopped, and leaves the unread part pending', () => {
    const w = nextWindow({ doneUntil: '2026-11-12T00:00:00Z' }, at('2026-11-12T06:00:00Z'), policy);
    const cut = checkpointAfter({ doneUntil: '2026-11-12T00:00:00Z' }, w, false, '2026-11-12T03:00:00Z');
    expect(cut).toEqual({ doneUntil: '2026-11-12T00:00:00Z', pending: { start: '2026-11-11T23:55:00Z', end: '2026-11-12T03:00:00Z', then: '2026-11-12T06:00:00Z' } });
    const resumed = nextWindow(cut, at('2026-11-12T06:15:00Z'), policy);
    expect(resumed).toEqual({ ...cut.pending, kind: 'resume' });
    expect(checkpointAfter(cut, resumed, true, undefined)).toEqual({ doneUntil: '2026-11-12T06:00:00Z' });
  });

  it('past LookupEvents\' 90 days, reads what is left and names what was lost', () => {
    const now = at('2027-02-24T00:00:00Z');
    const w = nextWindow({ doneUntil: '2026-11-16T00:00:00Z' }, now, policy);
    expect(w.start).toBe('2026-11-26T01:00:00Z');
    expect(w.lost).toEqual({ start: '2026-11-16T00:00:00Z', end: '2026-11-26T01:00:00Z' });
    // An overlap reaching past the edge loses nothing: it had been read.
    const edge = nextWindow({ doneUntil: '2026-11-26T01:02:00Z' }, now, policy);
    expect(edge.lost).toBeUndefined();
    // A pending window wholly past the edge is lost whole; the read is empty and completes it.
    const old = nextWindow({ doneUntil: '2026-11-01T00:00:00Z', pending: { start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z', then: '2026-11-03T00:00:00Z' } }, now, policy);
    expect(old).toMatchObject({ start: '2026-11-02T00:00:00Z', end: '2026-11-02T00:00:00Z', lost: { start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z' } });
  });
});

describe('collect streams', () => {
  it('reads each configured region, and the global services from us-east-1 only when us-east-1 is not one of them', () => {
    expect(collectStreams(['us-east-1', 'eu-west-1']).map((s) => s.id)).toEqual(['us-east-1', 'eu-west-1']);
    const eu = collectStreams(['eu-west-1']);
    expect(eu.map((s) => s.id)).toEqual(['eu-west-1', ...GLOBAL_EVENT_SOURCES.map((s) => `us-east-1:${s}`)]);
    expect(eu[1]).toEqual({ id: 'us-east-1:iam.amazonaws.com', region: 'us-east-1', eventSource: 'iam.amazonaws.com' });
  });
});
