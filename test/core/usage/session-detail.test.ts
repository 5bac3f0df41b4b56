/**
 * Per-session detail: bounded (the sessions with the smallest hashes, a uniform sample),
 * mergeable in any order, any number of times, and never half-kept: a session's detail is
 * complete or absent, and an absent session's calls are unattributed, never guessed.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../../core/arn.ts';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { hash53 } from '../../../core/trail/hash53.ts';
import { compactUsage } from '../../../core/usage/build.ts';
import { foldContext, foldRecord } from '../../../core/usage/fold.ts';
import { mergeUsage } from '../../../core/usage/merge.ts';
import { SESSIONS_KEPT, dict, emptyUsage, type SessionDetail, type SessionUsage } from '../../../core/usage/model.ts';
import { parseUsage, serialiseUsage } from '../../../core/usage/serialise.ts';
import { mergeSessionDetails } from '../../../core/usage/session-detail.ts';
import { attributeSessions } from '../../../core/workloads/attribute.ts';
import { ACCOUNT, catalog, roleRecord } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

/** JSON with object keys sorted: map order is not part of the meaning. */
const canonical = (v: unknown) =>
  JSON.stringify(v, (_k, val) => (val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => (a < b ? -1 : 1))) : val));

/**
 * A detail as a writer would keep it: each event (session, action, key) seen by this writer,
 * the smallest `limit` sessions of them, complete. Events are a fixed function of their key.
 */
function written(events: readonly number[], limit: number): SessionDetail {
  const full: SessionDetail = { sessions: dict() };
  for (const e of events) {
    const session = 1 + (e % 7);
    const action = ['s3:GetObject', 's3:PutObject'][e % 2]!;
    const s: SessionUsage = (full.sessions[String(session)] ??= { actions: dict() });
    const a = (s.actions[action] ??= { keys: [], firstSeen: `2026-11-10T00:00:${String(e % 60).padStart(2, '0')}Z`, lastSeen: `2026-11-10T00:00:${String(e % 60).padStart(2, '0')}Z` });
    if (!a.keys.includes(e)) a.keys.push(e);
    a.keys.sort((x, y) => x - y);
    const t = `2026-11-10T00:00:${String(e % 60).padStart(2, '0')}Z`;
    if (t < a.firstSeen) a.firstSeen = t;
    if (t > a.lastSeen) a.lastSeen = t;
  }
  return mergeSessionDetails([full], limit);
}

describe('per-session detail', () => {
  it('property: merging is associative, commutative and idempotent, and keeps the smallest sessions whole', () => {
    const limit = 3;
    const arb = fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 20 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(arb, fc.nat(), (writers, seed) => {
        const details = writers.map((w) => written(w, limit));
        const merged = mergeSessionDetails(details, limit);
        const shuffled = [...details].sort((a, b) => ((canonical(a).length * 31 + seed) % 7) - ((canonical(b).length * 31 + seed) % 7));
        expect(canonical(mergeSessionDetails(shuffled, limit))).toBe(canonical(merged));
        expect(canonical(mergeSessionDetails([merged, merged], limit))).toBe(canonical(merged));
        const [first, ...rest] = details;
        expect(canonical(mergeSessionDetails([first!, mergeSessionDetails(rest.length ? rest : [first!], limit)], limit))).toBe(canonical(merged));
        // Whatever was kept is complete: a session kept holds every event any writer that kept it saw.
        const all = written(writers.flat(), Number.MAX_SAFE_INTEGER);
        for (const [h, s] of Object.entries(merged.sessions)) expect(canonical(s)).toBe(canonical(all.sessions[h]));
        expect(Object.keys(merged.sessions).length).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the sessions with the smallest hashes when a fold sees more than the bound; the rest are unattributed', () => {
    const role = roleKey(ACCOUNT, 'app-task');
    const sessions = Array.from({ length: 2 * SESSIONS_KEPT + 300 }, (_, i) => i.toString(16).padStart(32, '0'));
    const agg = emptyUsage();
    const ctx = foldContext(cat, { tracked: [role] });
    for (const s of sessions) foldRecord(agg, roleRecord({ session: s, name: 'GetObject', params: { bucketName: 'b', key: 'k' }, data: true }), ctx);
    compactUsage(agg);
    const detail = agg.roles[role]!.bySession!;
    const kept = Object.keys(detail.sessions).map(Number).sort((a, b) => a - b);
    const smallest = sessions.map(hash53).sort((a, b) => a - b).slice(0, SESSIONS_KEPT);
    expect(kept).toEqual(smallest);
    expect(detail.cutoff).toBe(smallest.at(-1));
    // Stored and read back, it says the same; attribution counts what the bound left out.
    const read = parseUsage(serialiseUsage(agg));
    expect(read.ok).toBe(true);
    const att = attributeSessions(agg.roles[role], new Map());
    expect(att.unattributed).toMatchObject({ sessions: SESSIONS_KEPT, withoutDetail: sessions.length - SESSIONS_KEPT, calls: sessions.length });
  });

  it('merges stored aggregates with and without detail: calls without it stay unattributed', () => {
    const role = roleKey(ACCOUNT, 'app-task');
    const fold = (records: unknown[]) => {
      const agg = emptyUsage();
      const ctx = foldContext(cat, { tracked: [role] });
      for (const r of records) foldRecord(agg, r, ctx);
      return compactUsage(agg);
    };
    const task = '0123456789abcdef0123456789abcdef';
    const withDetail = fold([roleRecord({ session: task, name: 'GetObject', params: { bucketName: 'b', key: 'k' }, data: true, eventID: 'e1' })]);
    const older = fold([roleRecord({ session: task, name: 'GetObject', params: { bucketName: 'b', key: 'k' }, data: true, eventID: 'e2' })]);
    delete older.roles[role]!.bySession; // written before per-session detail was kept
    const merged = mergeUsage([withDetail, older]);
    const fact = { taskId: task, taskDefinition: 'api:1', service: 'api', cluster: 'prod' };
    const att = attributeSessions(merged.roles[role], new Map([[hash53(task), fact]]));
    expect(att.workloads.get('service:prod/api')!.actions.get('s3:GetObject')!.count).toBe(1);
    expect(att.unattributed.calls).toBe(1);
  });
});
