/**
 * The weekly message carries what a reader can act on: each role's suggested policy,
 * riskiest first, as compact JSON that parses to the suggestion, as many as fit under
 * SNS's limit, the rest named; and where the HTML copy is.
 */
import { describe, expect, it } from 'vitest';
import { renderWeeklySummary, s3ConsoleUrl } from '../../../core/report/email.ts';
import type { Report } from '../../../core/report/schema.ts';
import { suggestionEffect } from '../../../core/report/view.ts';
import { sampleReport } from '../../helpers/sample-report.ts';

const SNS_LIMIT = 262_144;

/** The policy lines of the message (one compact JSON document per line), each with the role heading above it. */
function carried(message: string): { heading: string; policy: unknown }[] {
  const lines = message.split('\n');
  const out: { heading: string; policy: unknown }[] = [];
  let heading = '';
  for (const line of lines) {
    if (/^\d+\. \S.*: removes /.test(line)) heading = line;
    else if (line.startsWith('{"Version":')) out.push({ heading, policy: JSON.parse(line) });
  }
  return out;
}

/** `n` roles whose suggestions (about 3 KB each: 30 observed objects per statement) cannot all fit one message. */
function manyRoles(n: number): Report {
  const r = sampleReport();
  // The four roles of the sample account this was written for (its catalog role came later).
  const kinds = r.roles.filter((x) => x.roleName !== 'catalog-task');
  r.roles = Array.from({ length: n }, (_, i) => {
    const role = structuredClone(kinds[i % kinds.length]!);
    for (const s of role.suggestedPolicies.flatMap((d) => d.Statement)) s.Resource = Array.from({ length: 30 }, (_, k) => `arn:aws:s3:::bucket-${i}/objects/${k}.json`);
    return { ...role, roleName: `role-${String(i).padStart(3, '0')}`, roleArn: `arn:aws:iam::111122223333:role/role-${i}` };
  });
  return r;
}

describe('suggested policies in the weekly message', () => {
  it('carries every role’s suggestion, riskiest first, as JSON that parses to exactly the suggestion', () => {
    const report = sampleReport();
    const m = renderWeeklySummary(report);
    const docs = carried(m.message);
    expect(docs.map((d) => d.policy)).toEqual(report.roles.flatMap((r) => r.suggestedPolicies));
    expect(docs.map((d) => d.heading.replace(/:.*/, ''))).toEqual(report.roles.map((r, i) => `${i + 1}. ${r.roleName}`));
    expect(m.message).not.toMatch(/only in the archived report/);
  });

  it('says on each role’s line what applying it would remove and keep', () => {
    const report = sampleReport();
    const m = renderWeeklySummary(report);
    for (const role of report.roles) {
      const e = suggestionEffect(role);
      expect(m.message).toContain(`removes ${e.removes} unused action${e.removes === 1 ? '' : 's'}, keeps ${e.keepsUsed} used and ${e.keepsNotObservable} not observable (below)`);
    }
  });

  it('fits as many as SNS allows with room to spare, in risk order, and names the roles whose suggestion is only in the archive', () => {
    const report = manyRoles(200);
    const maxBytes = 250_000;
    const m = renderWeeklySummary(report, { maxBytes });
    const size = Buffer.byteLength(m.message);
    expect(size).toBeLessThanOrEqual(maxBytes);
    expect(size).toBeLessThan(SNS_LIMIT - 10_000);
    expect(m.message).not.toContain('message cut to fit SNS');
    const docs = carried(m.message);
    const included = [...new Set(docs.map((d) => d.heading.replace(/^\d+\. ([^:]+):.*/, '$1')))];
    expect(included.length).toBeGreaterThan(20);
    expect(included).toEqual(report.roles.slice(0, included.length).map((r) => r.roleName));
    const named = /Suggested policies only in the archived report \(no room in this message\): (.*)\.$/m.exec(m.message)![1]!;
    const rest = report.roles.slice(included.length).map((r) => r.roleName);
    expect(named).toBe(`${rest.slice(0, 100).join(', ')} and ${rest.length - 100} more`);
    // As many as fit: the next role's block would not have.
    const next = report.roles[included.length]!;
    const nextBlock = next.suggestedPolicies.map((d) => JSON.stringify(d)).join('\n');
    expect(size + Buffer.byteLength(nextBlock)).toBeGreaterThan(maxBytes - 1000);
    // Each role line says where its suggestion is.
    expect(m.message).toMatch(/\n1\. role-000 [^\n]*\n(?:   [^\n]*\n)*   Suggested policy: [^\n]*\(below\)\n/);
    expect(m.message).toMatch(/\n25\. role-024 [^\n]*\n(?:   [^\n]*\n)*   Suggested policy: [^\n]*\((below|only in the archived report)\)\n/);
  });

  it('keeps a hostile ARN from reordering the message while the JSON stays exact', () => {
    const report = sampleReport();
    const arn = 'arn:aws:s3:::b/\u202eexe.txt\u2028x\u0085';
    report.roles[0]!.suggestedPolicies = [{ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [arn] }] }];
    const m = renderWeeklySummary(report);
    expect(m.message).not.toMatch(/[\u202e\u2028\u0085]/);
    expect(carried(m.message)[0]!.policy).toEqual(report.roles[0]!.suggestedPolicies[0]);
  });
});

describe('where the HTML copy is', () => {
  it('names its S3 key and a console link to the object', () => {
    const week = 'reports/2026-W47/report.html';
    const url = s3ConsoleUrl('drift-bucket', 'eu-west-1', week);
    expect(url).toBe('https://s3.console.aws.amazon.com/s3/object/drift-bucket?region=eu-west-1&prefix=reports/2026-W47/report.html');
    expect(s3ConsoleUrl('b', 'us-east-1', 'a b&c/r.html')).toBe('https://s3.console.aws.amazon.com/s3/object/b?region=us-east-1&prefix=a%20b%26c/r.html');
    const m = renderWeeklySummary(sampleReport(), { archive: { markdown: 's3://drift-bucket/r.md', json: 's3://drift-bucket/r.json', html: `s3://drift-bucket/${week}` }, htmlConsoleUrl: url });
    const head = m.message.split('\n').slice(0, 8).join('\n');
    expect(head).toContain(`Report to read (HTML): s3://drift-bucket/${week}`);
    expect(head).toContain(`Open it in the S3 console: ${url}`);
  });
});
