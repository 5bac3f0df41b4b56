/**
 * A printed suggested policy is the policy: never cut, never altered. With its indentation
 * (and colour) stripped, what the text report prints parses to the suggestion exactly, as
 * does the Markdown block and the alert's statement, however long or strange an ARN is.
 */
import { describe, expect, it } from 'vitest';
import { renderAlert } from '../../../core/report/alert-message.ts';
import { renderMarkdown } from '../../../core/report/markdown.ts';
import type { PolicyJson, Report } from '../../../core/report/schema.ts';
import { renderText } from '../../../core/report/text.ts';
import { sampleReport } from '../../helpers/sample-report.ts';

const LONG_ARN = `arn:aws:s3:::media-store/${'incoming/very-long-prefix-'.repeat(60)}*`;
// An ARN an attacker shaped: a bidi override, a line separator, DEL, a C1 control, a backtick run.
const ODD_ARN = 'arn:aws:s3:::b/\u202eexe.txt\u2028x\u007f\u009b```';

const policies: PolicyJson[] = [
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'UsedS3', Effect: 'Allow', Action: Array.from({ length: 30 }, (_, i) => `s3:Action${i}`), Resource: [LONG_ARN, ODD_ARN] },
      { Sid: 'UsedKms', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: ['*'], Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
    ],
  },
  { Version: '2012-10-17', Statement: [{ Sid: 'KeepNotObservableSqs', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [LONG_ARN] }] },
];

function reportWith(docs: PolicyJson[]): Report {
  const report = sampleReport();
  report.roles = [{ ...report.roles[0]!, suggestedPolicies: docs }];
  return report;
}

/** The documents printed after "Suggested policy", indentation and colour stripped, one per top-level `{`…`}`. */
function printedPolicies(text: string): unknown[] {
  const lines = text.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
  const start = lines.findIndex((l) => /^ {3}Suggested policy/.test(l));
  const docs: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    // A "narrowed from" note follows its document, indented less: it is not part of the policy.
    if (line.startsWith('   ↳ ')) continue;
    if (!line.startsWith('     ')) break;
    const body = line.slice(5);
    if (body === '{') docs.push([]);
    docs.at(-1)!.push(body);
  }
  return docs.map((d) => JSON.parse(d.join('\n')));
}

describe('a printed policy', () => {
  it('parses back to the suggestion exactly in the text report, with or without colour', () => {
    for (const color of [false, true]) {
      const text = renderText(reportWith(policies), { color });
      expect(printedPolicies(text)).toEqual(policies);
      // The 1,600-character ARN is printed whole, on one line.
      expect(text).toContain(LONG_ARN);
      // What reaches the terminal is the escape, not the character.
      expect(text).not.toMatch(/[\u202e\u2028\u007f\u009b]/);
    }
  });

  it('parses back to the suggestion exactly in Markdown, inside a fence no value closes', () => {
    const md = renderMarkdown(reportWith(policies));
    const blocks = [...md.matchAll(/^(`{3,})json\n([\s\S]*?)\n\1$/gm)].map((m) => JSON.parse(m[2]!));
    expect(blocks).toEqual(policies);
    expect(md).not.toMatch(/[\u202e\u2028\u007f\u009b]/);
  });

  it('parses back to the statement that would fix a denial in an alert', () => {
    const alert = renderAlert({
      roleArn: 'arn:aws:iam::1:role/r', roleName: 'r', workloads: [], action: 's3:GetObject', cause: 'no-identity-policy', errorCode: 'AccessDenied',
      resources: [ODD_ARN], count: 1, firstSeen: '2026-11-10T00:00:00Z', lastSeen: '2026-11-10T00:00:00Z',
    });
    const lines = alert.message.split('\n');
    const from = lines.findIndex((l) => l === '{' || l.startsWith('{ '));
    const statement = JSON.parse(lines.slice(from).join('\n').trim());
    expect(statement).toEqual({ Effect: 'Allow', Action: 's3:GetObject', Resource: [ODD_ARN] });
  });
});
