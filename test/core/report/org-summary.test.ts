import { describe, expect, it } from 'vitest';
import { diffReports } from '../../../core/drift/diff.ts';
import { renderOrgSummary, type AccountOutcome } from '../../../core/report/org-summary.ts';
import type { Report } from '../../../core/report/schema.ts';
import { sampleReport } from '../../helpers/sample-report.ts';

/** The sample account's report as another account's: every ARN moved to `account`. */
function reportOf(account: string): Report {
  return JSON.parse(JSON.stringify(sampleReport()).replaceAll('111122223333', account)) as Report;
}

/** Last week's report of `account`, without one role's last used action: this week it "became used". */
function withDrift(account: string): Report {
  const current = reportOf(account);
  const previous = reportOf(account);
  previous.generatedAt = '2026-11-13T00:00:00Z';
  const role = previous.roles.find((r) => r.used.length > 0)!;
  role.used = role.used.slice(0, -1);
  current.drift = diffReports(previous, current);
  return current;
}

const outcomes = (): AccountOutcome[] => [
  { account: '111122223333', name: 'prod', report: withDrift('111122223333'), archive: { markdown: 's3://b/reports/account=111122223333/2026-W47/report.md', json: 'x', html: 's3://b/reports/account=111122223333/2026-W47/report.html' } },
  { account: '444455556666', name: 'staging', report: reportOf('444455556666') },
  { account: '777788889999', name: 'sandbox', error: 'AccessDenied: not authorized to perform sts:AssumeRole on resource arn:aws:iam::777788889999:role/policy-drift-member' },
];

describe('organization weekly summary', () => {
  it('says which accounts drifted, which could not be read, and the riskiest findings across accounts', () => {
    const m = renderOrgSummary(outcomes(), { orgId: 'o-aa111bb222' });
    const lines = m.message.split('\n');
    expect(lines[0]).toBe('policy-drift weekly least-privilege report for organization o-aa111bb222: 3 accounts');
    expect(m.message).toMatch(/2 accounts analysed, 1 could not be read · 10 roles/);
    expect(m.message).toContain('Drifted since the previous report: 111122223333 (prod)');
    expect(m.message).toContain('First report (nothing to compare with): 444455556666');
    expect(m.message).toContain('Not analysed: 777788889999 (sandbox): AccessDenied: not authorized to perform sts:AssumeRole');
    const top = lines.slice(lines.indexOf('Top findings across accounts:') + 1, lines.indexOf('Top findings across accounts:') + 4);
    expect(top[0]).toMatch(/^1\. \[high\] (111122223333|444455556666) /);
    expect(top.some((l) => l.includes('111122223333')) && top.some((l) => l.includes('444455556666'))).toBe(true);
    // One section per account, in the order given, the unreadable one included.
    expect(lines.filter((l) => l.startsWith('== Account '))).toEqual(['== Account 111122223333 (prod) ==', '== Account 444455556666 (staging) ==', '== Account 777788889999 (sandbox) ==']);
    expect(m.message).toContain('Full report: s3://b/reports/account=111122223333/2026-W47/report.html');
    expect(m.attributes).toEqual({ kind: 'weekly-report', scope: 'organization', severity: 'high' });
    expect(m.subject.length).toBeLessThanOrEqual(100);
  });

  it('stays one SNS message for many accounts', () => {
    const many: AccountOutcome[] = Array.from({ length: 120 }, (_, i) => ({ account: String(100000000000 + i), report: reportOf(String(100000000000 + i)) }));
    const m = renderOrgSummary(many);
    expect(Buffer.byteLength(m.message)).toBeLessThanOrEqual(250_000);
    expect(m.message).toMatch(/… and \d+ more roles with findings/);
  });
});
