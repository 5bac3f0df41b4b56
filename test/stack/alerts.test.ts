/** Alert digests and alert-state pruning (core/alerts/digest.ts, core/alerts/prune.ts). */
import { describe, expect, it } from 'vitest';
import { DIGEST_AFTER, isDigestDue, renderAlertDigest } from '../../core/alerts/digest.ts';
import type { Alert, AlertState } from '../../core/alerts/plan.ts';
import { pruneAlertState } from '../../core/alerts/prune.ts';

const alert = (i: number, role = `role-${i % 3}`): Alert => ({
  roleArn: `arn:aws:iam::111122223333:role/${role}`,
  roleName: role,
  workloads: [],
  action: `sqs:Action${i}`,
  cause: 'no-identity-policy',
  errorCode: 'AccessDenied',
  resources: [`arn:aws:sqs:us-east-1:111122223333:queue-${i}`],
  count: i + 1,
  firstSeen: '2026-11-11T10:00:00Z',
  lastSeen: '2026-11-11T11:00:00Z',
});

describe('alert digest', () => {
  it('is due past a few alerts in one run', () => {
    expect(isDigestDue(Array.from({ length: DIGEST_AFTER }, (_, i) => alert(i)))).toBe(false);
    expect(isDigestDue(Array.from({ length: DIGEST_AFTER + 1 }, (_, i) => alert(i)))).toBe(true);
  });

  it('says how many denials across how many roles, lists each, most calls first, in one SNS-sized message', () => {
    const m = renderAlertDigest(Array.from({ length: 12 }, (_, i) => alert(i)), '111122223333');
    expect(m.subject).toBe('policy-drift: 12 new denials across 3 roles (111122223333)');
    expect(m.attributes).toEqual({ kind: 'access-denied-digest', severity: 'high', count: '12' });
    const lines = m.message.split('\n').filter((l) => l.startsWith('- '));
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe('- role-2 denied sqs:Action11: 12 calls (2026-11-11T10:00:00Z to 2026-11-11T11:00:00Z)');
    const huge = renderAlertDigest(Array.from({ length: 5000 }, (_, i) => ({ ...alert(i), resources: [`arn:aws:sqs:us-east-1:111122223333:${'q'.repeat(250)}`] })));
    expect(Buffer.byteLength(huge.message)).toBeLessThanOrEqual(250_000);
    expect(huge.message).toMatch(/More denials than fit in one message: see the weekly report\.\n$/);
  });
});

describe('alert state pruning', () => {
  const entry = (lastSeen: string, lastAlertAt?: string) => ({ pending: 0, firstSeen: '', lastSeen, seen: [1], ...(lastAlertAt ? { lastAlertAt } : {}) });
  const state: AlertState = {
    version: 1,
    entries: {
      old: entry('2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z'),
      recentlySeen: entry('2026-11-11T20:00:00Z', '2026-11-01T00:00:00Z'),
      recentlyAlerted: entry('2026-11-01T00:00:00Z', '2026-11-11T20:00:00Z'),
    },
  };

  it('drops entries last seen and last alerted before both the suppression and the re-read windows', () => {
    const out = pruneAlertState(state, '2026-11-12T00:00:00Z', { suppressionMs: 24 * 3_600_000, rereadMs: 2 * 3_600_000 });
    expect(Object.keys(out.state.entries)).toEqual(['recentlySeen', 'recentlyAlerted']);
    expect(out.pruned).toBe(1);
    // A re-read window longer than the suppression keeps what a re-read could bring back.
    expect(pruneAlertState(state, '2026-11-12T00:00:00Z', { suppressionMs: 0, rereadMs: 12 * 86_400_000 }).pruned).toBe(0);
    expect(state.entries.old).toBeDefined();
  });
});
