import { describe, expect, it } from 'vitest';
import { emptyAlertState, planAlerts, SEEN_LIMIT } from '../../../core/alerts/plan.ts';
import type { TrackedRole } from '../../../core/model.ts';
import { emptySample } from '../../../core/usage/sorted-set.ts';
import type { DeniedUsage } from '../../../core/usage/model.ts';

const role: TrackedRole = { roleArn: 'arn:aws:iam::1:role/app', roleName: 'app', accountId: '1', usedAs: ['task'], workloads: [{ taskDefinition: 'app:1' }], regions: [] };
const denied = (keys: number[], first: string, last: string): DeniedUsage => ({
  action: 'sqs:SendMessage', errorCode: 'AccessDenied', cause: 'no-identity-policy', keys, firstSeen: first, lastSeen: last, resources: emptySample(),
});
const H = 3_600_000;

describe('planAlerts', () => {
  it('alerts once for new denials, then suppresses and counts, then reports how many more', () => {
    let s = emptyAlertState();
    let r = planAlerts(s, [{ role, denied: denied([1, 2], '2026-11-10T00:00:00Z', '2026-11-10T01:00:00Z') }], '2026-11-10T02:00:00Z', 24 * H);
    expect(r.alerts).toMatchObject([{ count: 2, action: 'sqs:SendMessage', cause: 'no-identity-policy' }]);
    s = r.state;
    r = planAlerts(s, [{ role, denied: denied([2, 3], '2026-11-10T01:00:00Z', '2026-11-10T05:00:00Z') }], '2026-11-10T06:00:00Z', 24 * H);
    expect(r.alerts).toEqual([]);
    s = r.state;
    r = planAlerts(s, [{ role, denied: denied([4], '2026-11-11T03:00:00Z', '2026-11-11T03:00:00Z') }], '2026-11-11T03:00:00Z', 24 * H);
    expect(r.alerts).toMatchObject([{ count: 2, previousAlertAt: '2026-11-10T02:00:00Z' }]);
  });

  it('never alerts twice for the same events (overlapping windows, repeated runs)', () => {
    const first = planAlerts(emptyAlertState(), [{ role, denied: denied([7, 8], 'a', 'b') }], '2026-11-10T00:00:00Z', 0);
    const again = planAlerts(first.state, [{ role, denied: denied([7, 8], 'a', 'b') }], '2026-11-12T00:00:00Z', 0);
    expect(first.alerts).toHaveLength(1);
    expect(again.alerts).toEqual([]);
  });

  it('does not change the state it was given, and keeps its memory bounded', () => {
    const s = emptyAlertState();
    const many = Array.from({ length: SEEN_LIMIT + 500 }, (_, i) => i);
    const r = planAlerts(s, [{ role, denied: denied(many, 'a', 'b') }], '2026-11-10T00:00:00Z', 0);
    expect(s.entries).toEqual({});
    expect(Object.values(r.state.entries)[0]!.seen).toHaveLength(SEEN_LIMIT);
  });
});
