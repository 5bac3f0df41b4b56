import { describe, expect, it } from 'vitest';
import { asEarlierReport, trendPoint, trendSeries } from '../../../core/report/trend.ts';
import { sampleReport } from '../../helpers/sample-report.ts';

describe('the weekly trend', () => {
  const report = sampleReport();
  const at = (week: string, generatedAt: string) => trendPoint({ ...report, generatedAt }, week);

  it('counts unused permissions, wildcard statements and denied calls, per role and in total', () => {
    const p = trendPoint(report, '2026-W47');
    expect(p.totals).toEqual({
      roles: report.roles.length,
      unused: report.roles.reduce((n, r) => n + r.unused.length, 0),
      wildcardGrants: report.roles.reduce((n, r) => n + r.wildcardGrants.length, 0),
      deniedCalls: report.roles.reduce((n, r) => n + r.denied.reduce((k, d) => k + d.count, 0), 0),
    });
    expect(p.roles.map((r) => r.roleName)).toEqual(report.roles.map((r) => r.roleName));
  });

  it('has one point per week, oldest first, the later report of a week winning, ending with this report', () => {
    const current = at('2026-W47', '2026-11-20T00:00:00Z');
    const series = trendSeries(
      [at('2026-W45', '2026-11-02T00:00:00Z'), at('2026-W44', '2026-10-26T00:00:00Z'), at('2026-W45', '2026-11-06T00:00:00Z'), at('2026-W47', '2026-11-17T00:00:00Z'), at('2026-W48', '2026-11-24T00:00:00Z')],
      current,
    );
    expect(series.map((p) => [p.week, p.generatedAt])).toEqual([
      ['2026-W44', '2026-10-26T00:00:00Z'],
      ['2026-W45', '2026-11-06T00:00:00Z'],
      ['2026-W47', '2026-11-20T00:00:00Z'],
    ]);
    expect(trendSeries(Array.from({ length: 20 }, (_, i) => at(`2025-W${String(i + 10)}`, `2025-03-0${1 + (i % 9)}T00:00:00Z`)), current, 12)).toHaveLength(12);
  });

  it('accepts an earlier report only if the trend and drift can read it, and says why not', () => {
    expect('report' in asEarlierReport(JSON.parse(JSON.stringify(report)))).toBe(true);
    expect(asEarlierReport({ roles: [] })).toEqual({ problem: 'not a policy-drift JSON report (schemaVersion 1)' });
    expect(asEarlierReport({ ...report, generatedAt: 'yesterday' })).toEqual({ problem: 'generatedAt is not a time' });
    expect(asEarlierReport({ ...report, roles: [{ ...report.roles[0], denied: [{ action: 'x' }] }] })).toEqual({ problem: 'roles[0].denied has an entry without a count' });
    expect(asEarlierReport({ ...report, roles: [{ ...report.roles[0], unused: null }] })).toEqual({ problem: 'roles[0].unused is not a list' });
  });
});
