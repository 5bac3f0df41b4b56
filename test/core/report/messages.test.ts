import { beforeAll, describe, expect, it } from 'vitest';
import { diffReports } from '../../../core/drift/diff.ts';
import { renderAlert } from '../../../core/report/alert-message.ts';
import { renderWeeklySummary } from '../../../core/report/email.ts';
import { code, md, snsSubject } from '../../../core/report/escape.ts';
import { renderMarkdown } from '../../../core/report/markdown.ts';
import type { Report, RoleReport } from '../../../core/report/schema.ts';
import { renderText } from '../../../core/report/text.ts';
import { sampleReport } from '../../helpers/sample-report.ts';

let report: Report;
beforeAll(() => {
  // The sample account's report, stored (test/cli/sample-report-fixture.test.ts keeps it in step with the pipeline).
  report = sampleReport();
});

const clone = <T>(v: T): T => structuredClone(v);

describe('weekly summary', () => {
  it('stays one well-formed SNS message for 200 roles', () => {
    const big = clone(report);
    big.roles = Array.from({ length: 200 }, (_, i) => ({ ...clone(report.roles[i % 4]!), roleName: `role-${i}-${'x'.repeat(40)}`, roleArn: `arn:aws:iam::111122223333:role/role-${i}` }));
    const m = renderWeeklySummary(big, { account: '111122223333', archive: { markdown: 's3://b/r.md', json: 's3://b/r.json' } });
    expect(Buffer.byteLength(m.message)).toBeLessThan(262_144 - 2_000);
    expect(m.subject.length).toBeLessThanOrEqual(100);
    expect(m.subject).toMatch(/^[\x20-\x7e]+$/);
    expect(m.message).toMatch(/… and 175 more roles in the archived report/);
    expect(m.attributes).toEqual({ kind: 'weekly-report', severity: 'high' });
  });

  it('leads with a role that gained a wildcard or a permissions-management action', () => {
    const next = clone(report);
    const worker = next.roles.find((r) => r.roleName === 'order-worker-task')!;
    worker.wildcardGrants.push({ policy: 'new-policy', sid: 'Everything', actions: ['iam:*'], resources: ['*'] });
    worker.unused.push({ action: 'iam:PutRolePolicy', accessLevel: 'Permissions management', grantedBy: ['new-policy#Everything'], viaWildcard: true });
    const drift = diffReports(report, next);
    expect(drift.roles[0]).toMatchObject({ roleName: 'order-worker-task', escalation: true });
    next.drift = drift;
    const m = renderWeeklySummary(next);
    expect(m.message.split('\n').find((l) => l.startsWith('!!'))).toMatch(/^!! order-worker-task gained new wildcard grant new-policy#Everything: iam:\* and new permissions-management actions iam:PutRolePolicy/);
    expect(m.subject).toMatch(/order-worker-task gained broader permissions/);
  });

  it('reports drift: newly used, no longer used, new denial kinds', () => {
    const next = clone(report);
    const api = next.roles.find((r) => r.roleName === 'orders-api-task')!;
    const dropped = api.used.shift()!;
    api.unused.push({ action: dropped.action, accessLevel: dropped.accessLevel, grantedBy: ['x'], viaWildcard: false });
    api.denied.push({ action: 'kms:Decrypt', count: 1, errorCode: 'AccessDenied', cause: 'scp', firstSeen: 'a', lastSeen: 'b', resources: [] });
    const d = diffReports(report, next).roles.find((r) => r.roleName === 'orders-api-task')!;
    expect(d.becameUnused).toEqual([dropped.action]);
    expect(d.newDenials).toEqual([{ action: 'kms:Decrypt', cause: 'scp' }]);
    expect(diffReports(next, report).roles.find((r) => r.roleName === 'orders-api-task')!.becameUsed).toEqual([dropped.action]);
  });
});

describe('escaping', () => {
  const hostile = (r: RoleReport): RoleReport => ({
    ...r,
    roleName: 'evil](http://x.example)\u001b[31m',
    denied: [{ action: 's3:GetObject', count: 1, errorCode: 'AccessDenied`', cause: 'unknown', firstSeen: 'a', lastSeen: 'b', resources: ['arn:aws:s3:::b/[click](http://x.example)|`'], message: 'a\nb' }],
  });

  it('Markdown cannot be injected with links, code spans or table breaks', () => {
    const r = clone(report);
    r.roles = [hostile(r.roles[0]!)];
    const out = renderMarkdown(r);
    // Outside code spans (where text is literal), no link syntax survives.
    expect(out.replace(/(`+)[^`]*?\1/g, '')).not.toContain('](http');
    expect(out).not.toContain('\u001b');
    expect(md('[a](b)')).toBe('\\[a\\]\\(b\\)');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('x|y')).toBe('`x\\|y`');
  });

  it('the terminal report strips control characters', () => {
    const r = clone(report);
    r.roles = [hostile(r.roles[0]!)];
    expect(renderText(r)).not.toContain('\u001b[31m');
  });

  it('alerts and subjects are plain, bounded text', () => {
    const a = renderAlert({
      roleArn: 'arn:aws:iam::1:role/r', roleName: 'r\u0000é', workloads: [], action: 's3:GetObject', cause: 'unknown', errorCode: 'AccessDenied',
      resources: [], message: 'x'.repeat(5000), count: 1, firstSeen: 'a', lastSeen: 'b',
    });
    // One truncation marker everywhere (core/report/escape.ts): `…`, no longer `…[truncated]`.
    expect(a.message).toMatch(/: x+…\n/);
    expect(a.message).not.toContain('x'.repeat(1000));
    expect(a.message).not.toContain('\u0000');
    expect(snsSubject('é'.repeat(300))).toMatch(/^[\x20-\x7e]{1,100}$/);
  });
});
