/**
 * A report whose every string from the input is hostile (terminal escapes that clear the
 * screen, set the window title or make a link; C1 controls; bidi overrides and isolates;
 * line and paragraph separators; U+FFFF and a lone surrogate, both valid in an S3 key;
 * Markdown links, autolinks, entities and HTML; backticks and pipes) goes through every
 * renderer: nothing reaches a terminal that can move the cursor, recolour or reorder text,
 * no input adds a line, nothing becomes a link or markup in Markdown (or HTML), what SNS
 * receives is what SNS accepts, and the JSON still holds every value exactly.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/alerts/plan.ts';
import { renderAlert } from '../../core/report/alert-message.ts';
import { renderWeeklySummary } from '../../core/report/email.ts';
import { renderHtml } from '../../core/report/html/render.ts';
import { renderMarkdown } from '../../core/report/markdown.ts';
import { reportChunks } from '../../core/report/output.ts';
import type { Report } from '../../core/report/schema.ts';
import { renderText } from '../../core/report/text.ts';
import { sampleReport } from '../helpers/sample-report.ts';

const HOSTILE =
  '\u001b[2J\u001b[H' + // clear the screen, cursor home
  '\u001b]0;pwned\u0007' + // window title
  '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\' + // a terminal hyperlink
  '\u009b31m\u0085' + // C1: CSI, next line
  '\u202e\u2066\u200f\u061c' + // bidi override, isolate, marks
  '\u2028\u2029\r\n\t\u000b\u007f' + // line breaks of every kind, DEL
  '\uffff\ud800' + // not XML: SNS refuses them; valid in an S3 key
  '[evil](https://evil.example) https://x.example[e](https://y.example) www.evil.example a@evil.example ' +
  '&#x202e; <img src=x onerror=alert(1)> ``` | ~~s~~ **b** # h';

/** Keys whose values are the report's own vocabulary, not text from the input (a not-observable entry's `reason` too; an excluded role's is text). */
const VOCABULARY = new Set(['schemaVersion', 'grantsStatus', 'usedAs', 'accessLevel', 'cause', 'Effect', 'Version', 'source', 'level', 'status', 'granularity', 'likelyCause', 'notObservableInTrail']);
const isVocabulary = (path: string, key: string) => VOCABULARY.has(key) || /notObservable\[\d+\]\.reason$|risk\.label$/.test(path);

/** Every string of the report (and the keys of the input-named maps) with `suffix` appended. */
function planted(report: Report, suffix: (path: string) => string): Report {
  const walk = (v: unknown, path: string, key: string): unknown => {
    if (typeof v === 'string') return isVocabulary(path, key) ? v : `${v}${suffix(path)}`;
    if (Array.isArray(v)) return isVocabulary(path, key) ? v : v.map((x, i) => walk(x, `${path}[${i}]`, key));
    if (v && typeof v === 'object') {
      const renameKeys = /^input\.(skipped|files\.skipped)$/.test(path);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [renameKeys ? `${k}${suffix(`${path}{}`)}` : k, walk(x, path ? `${path}.${k}` : k, k)]));
    }
    return v;
  };
  return walk(report, '', '') as Report;
}

/** The sample report with every optional part present, so that every field is printed somewhere. */
function fullReport(): Report {
  const r = sampleReport();
  r.input.incompleteRegions = ['eu-west-1'];
  r.input.files = { read: 3, skipped: { 'unreadable-gzip': 1 }, ignored: 1 };
  r.problems.push('could not read cloudtrail/x.json.gz: unexpected end of file');
  r.excludedRoles = [{ roleArn: 'arn:aws:iam::111122223333:role/legacy', reason: 'excluded by tag' }];
  const api = r.roles[0]!;
  api.unmapped = [{ eventSource: 'https://odd.example', eventName: 'Odd', count: 2 }];
  api.unknownGrantedActions = [{ action: 's3:GetObjekt', policy: 'typo-policy' }];
  api.grantProblems = ['managed policy arn:aws:iam::111122223333:policy/boundary is not in the export'];
  api.used[0]!.invokedBy = ['s3.amazonaws.com'];
  r.drift = {
    previousGeneratedAt: '2026-11-13T00:00:00Z',
    roles: [{
      roleArn: api.roleArn, roleName: api.roleName, newRole: false, escalation: true,
      newlyGranted: [{ action: 'iam:PassRole', accessLevel: 'Permissions management' }], noLongerGranted: ['s3:ListBucket'],
      newWildcardGrants: ['orders-api-access#All: *'], becameUsed: ['s3:PutObject'], becameUnused: ['kms:Decrypt'], newDenials: [{ action: 'sqs:GetQueueUrl', cause: 'scp' }],
    }],
    removedRoles: ['arn:aws:iam::111122223333:role/gone'],
  };
  return r;
}

const hostile = planted(fullReport(), (path) => ` <${path}>${HOSTILE}`);
const benign = planted(fullReport(), (path) => ` <${path}>`);

// Anything that moves the cursor, recolours, breaks or reorders a line; what XML refuses.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The colour codes the text renderer itself writes. */
const OWN_COLOURS = /\u001b\[(?:0|1|2|31|32|33|36)m/g;

/**
 * Markdown's literal text as CommonMark reads it: code spans (a run of n backticks to the next
 * run of exactly n) dropped, backslash escapes dropped with the character they escape.
 */
function proseOf(markdown: string): string {
  let out = '';
  for (let i = 0; i < markdown.length; ) {
    const ch = markdown[i]!;
    if (ch === '\\' && /[!-/:-@[-`{-~]/.test(markdown[i + 1] ?? '')) {
      i += 2;
      continue;
    }
    if (ch !== '`') {
      out += ch;
      i++;
      continue;
    }
    const run = /^`+/.exec(markdown.slice(i))![0].length;
    const close = new RegExp(`(?<!\`)\`{${run}}(?!\`)`, 'g');
    close.lastIndex = i + run;
    const end = close.exec(markdown);
    if (!end) {
      out += '`'.repeat(run);
      i += run;
    } else i = end.index + run;
  }
  return out;
}

/** Lines of a text report, the suggested policies' own lines not counted. */
function linesOutsidePolicies(text: string): number {
  let inPolicy = false;
  let n = 0;
  for (const line of text.replace(OWN_COLOURS, '').split('\n')) {
    if (/^ {3}Suggested policy/.test(line)) inPolicy = true;
    else if (!line.startsWith('     ')) inPolicy = false;
    if (!inPolicy) n++;
  }
  return n;
}

const textOutputs = (r: Report) => ({
  plain: renderText(r),
  colour: renderText(r, { color: true }),
  verbose: renderText(r, { verbose: true }),
  streamed: [...reportChunks(r, 'text', { color: true, verbose: true })].join(''),
});

describe('a hostile report, in every renderer', () => {
  it('terminal text: no control, escape, bidi or line-breaking character from the input, no line added, every field still shown', () => {
    const hostileOut = textOutputs(hostile);
    const benignOut = textOutputs(benign);
    for (const [name, out] of Object.entries(hostileOut)) {
      const stripped = out.replace(OWN_COLOURS, '');
      expect(stripped, name).not.toMatch(UNSAFE);
      // Policies aside (their layout follows the values' lengths; test/core/report/policy-print.test.ts pins them).
      expect(linesOutsidePolicies(out), name).toBe(linesOutsidePolicies(benignOut[name as keyof typeof benignOut]));
    }
    // The planted fields are printed (escaped), not dropped.
    const fields = ['roles[0].roleName', 'roles[0].roleArn', 'roles[0].workloads[0].cluster', 'input.regions[0]', 'input.dataEventServices[0]', 'input.incompleteRegions[0]', 'problems[0]',
      'excludedRoles[0].reason', 'roles[0].denied[0].errorCode', 'roles[0].denied[0].resources[0]', 'roles[0].unmapped[0].eventSource', 'roles[0].used[0].invokedBy[0]', 'roles[0].evidence'];
    for (const field of fields) expect(hostileOut.plain).toContain(`<${field}>`);
  });

  it('Markdown: nothing becomes a link, an entity, HTML or a broken table; no control character; no line added', () => {
    const out = renderMarkdown(hostile);
    expect(out).not.toMatch(UNSAFE);
    expect(out.split('\n').length).toBe(renderMarkdown(benign).split('\n').length);
    // Outside fenced blocks and code spans (literal text), nothing that GFM would link or interpret.
    const prose = proseOf(out.replace(/^(`{3,})json\n[\s\S]*?\n\1$/gm, ''));
    expect(prose.replaceAll('<br>', ' ')).not.toMatch(/\]\(|<|&|:\/\/|www\.|@/);
    // Every table row has as many cells as its header.
    const cells = (l: string) => l.match(/(?<!\\)\|/g)!.length;
    let header = 0;
    for (const line of out.split('\n')) {
      if (!line.startsWith('|')) header = 0;
      else if (!header) header = cells(line);
      else expect(cells(line), line).toBe(header);
    }
  });

  it('SNS: the weekly summary and an alert carry only what SNS accepts, and no terminal control', () => {
    const weekly = renderWeeklySummary(hostile, { account: '111122223333' });
    const role = hostile.roles[0]!;
    const d = role.denied[0]!;
    const alert: Alert = {
      roleArn: role.roleArn, roleName: role.roleName, workloads: role.workloads, action: d.action, cause: 'no-identity-policy', errorCode: d.errorCode,
      resources: d.resources, message: `${HOSTILE} ${d.message ?? ''}`, count: d.count, firstSeen: d.firstSeen, lastSeen: d.lastSeen, previousAlertAt: hostile.generatedAt,
    };
    for (const m of [weekly, renderAlert(alert, '111122223333')]) {
      expect(m.message).not.toMatch(UNSAFE);
      expect(m.subject).toMatch(/^[\x20-\x7e]{1,100}$/);
      for (const v of Object.values(m.attributes)) expect(v).not.toMatch(UNSAFE);
    }
  });

  it('HTML: no control, bidi or separator character, no markup from the input', () => {
    const html = renderHtml(hostile);
    expect(html).not.toMatch(UNSAFE);
    expect(html).not.toMatch(/<img src=x|href="https:\/\/evil/);
  });

  it('JSON: every hostile value kept exactly (the JSON report is data, escaped by JSON itself)', () => {
    const json = [...reportChunks(hostile, 'json')].join('');
    expect(JSON.parse(json)).toEqual(hostile);
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\ud800-\udfff]/);
  });
});
