import { describe, expect, it } from 'vitest';
import { renderAlert } from '../../../core/report/alert-message.ts';
import { renderWeeklySummary } from '../../../core/report/email.ts';
import { TRUNCATION_MARKER, code, displayJson, fitBytes, md, mdText, plain, sanitise, snsSubject, snsText, terminalText, truncate } from '../../../core/report/escape.ts';
import { renderMarkdown } from '../../../core/report/markdown.ts';
import type { Report } from '../../../core/report/schema.ts';
import { renderText } from '../../../core/report/text.ts';
import { sampleReport } from '../../helpers/sample-report.ts';

/** Characters that must never reach a terminal or an e-mail: a colour/cursor sequence, a C1 CSI, bidi overrides and isolates, line separators. */
const HOSTILE = ['\u001b[31m', '\u001b]8;;http://x.example\u0007', '\u009b2J', '\u202e', '\u2066', '\u200f', '\u2028', '\u2029', '\r', '\n', '\t', '\u007f'];
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('one sanitiser', () => {
  it('neutralises control characters, ESC sequences, bidi controls and line separators', () => {
    for (const h of HOSTILE) {
      const text = `role${h}name`;
      for (const escaped of [sanitise(text), terminalText(text), plain(text), md(text), code(text)]) expect(escaped).not.toMatch(UNSAFE);
    }
    expect(sanitise('evil\u001b[31m\u202ecod.exe')).toBe('evil [31m cod.exe');
    expect(plain('line one\r\nline two')).toBe('line one  line two');
  });

  it('leaves ordinary text, including non-ASCII, as it is', () => {
    expect(terminalText('arn:aws:s3:::bücket/ключ/日本')).toBe('arn:aws:s3:::bücket/ключ/日本');
  });
});

describe('one truncation rule and marker', () => {
  it('caps the length and ends a cut with the marker, in every medium', () => {
    const long = 'a'.repeat(50);
    expect(truncate(long, 10)).toBe(`${'a'.repeat(9)}${TRUNCATION_MARKER}`);
    expect(TRUNCATION_MARKER).toBe('…');
    for (const cut of [terminalText(long, 10), plain(long, 10)]) expect(cut).toBe(`${'a'.repeat(9)}…`);
    expect(md(long, 10)).toBe(`${'a'.repeat(9)}…`);
    expect(code(long, 10)).toBe(`\`${'a'.repeat(9)}…\``);
    expect(truncate('short', 10)).toBe('short');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate(`${'a'.repeat(8)}😀😀`, 10);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('fits a message into a byte budget at a line end, with the marker and a note', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i} ${'é'.repeat(20)}`).join('\n') + '\n';
    const cut = fitBytes(text, 1000, '(see the archive)');
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(1000);
    expect(cut).toMatch(/\n…\n\(see the archive\)\n$/);
    expect(cut.split('\n').slice(0, -3).every((l) => /^line \d+ é{20}$/.test(l))).toBe(true);
    expect(fitBytes('short\n', 1000, 'note')).toBe('short\n');
  });

  it('cuts inside a line, never inside a character, when not even one line fits', () => {
    const cut = fitBytes('é'.repeat(1000), 101);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(101);
    expect(cut).toMatch(/^é+…\n$/);
  });
});

describe('Markdown escaping', () => {
  it('escapes everything that could start a link, image, emphasis, heading or table cell', () => {
    expect(md('![x](http://e) *b* _i_ # h | c <b>')).toBe('\\!\\[x\\]\\(http://e\\) \\*b\\* \\_i\\_ \\# h \\| c \\<b\\>');
  });

  it('puts text in a code span no backtick can close and no pipe can split', () => {
    expect(code('a``b')).toBe('```a``b```');
    expect(code('`x')).toBe('`` `x ``');
    expect(code('x|y')).toBe('`x\\|y`');
  });
});

describe('SNS subjects', () => {
  it('are one line of 1–100 printable ASCII characters, cut with the marker spelt in ASCII', () => {
    const s = snsSubject(`policy-drift: ${'r\u202e\u2028é'.repeat(60)}`);
    expect(s).toMatch(/^[\x20-\x7e]{1,100}$/);
    expect(s.endsWith('...')).toBe(true);
    expect(snsSubject('\u0000\n')).toBe('policy-drift');
  });
});

describe('every renderer', () => {
  const report = sampleReport();
  const evil = `evil${HOSTILE.join('')}`;
  const hostile: Report = {
    ...report,
    problems: [evil],
    roles: [{ ...report.roles[0]!, roleName: evil, roleArn: `arn:aws:iam::1:role/${evil}`, workloads: [{ taskDefinition: `${evil}:1`, service: evil }] }],
  };

  it('keeps hostile input out of the terminal, Markdown and e-mail', () => {
    const outputs = [renderText(hostile), renderText(hostile, { color: true, verbose: true }), renderMarkdown(hostile), renderWeeklySummary(hostile).message];
    for (const out of outputs) {
      // Lines are the renderers' own; no input character may add one, colour, or reorder text.
      expect(out.split('\n').filter((l) => l.includes('evil')).every((l) => !UNSAFE.test(l.replace(/\u001b\[[0-9;]*m/g, '')))).toBe(true);
      expect(out).not.toMatch(/[\u202e\u2066\u200f\u2028\u2029\u009b\u0007]/);
    }
    const alert = renderAlert({
      roleArn: `arn:aws:iam::1:role/${evil}`, roleName: evil, workloads: [{ taskDefinition: `${evil}:1` }], action: 's3:GetObject', cause: 'no-identity-policy',
      errorCode: evil, resources: [`arn:aws:s3:::b/${evil}`], message: evil, count: 1, firstSeen: 'a', lastSeen: 'b',
    });
    expect(alert.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u2066\u200f\u2028\u2029]/);
    expect(alert.subject).toMatch(/^[\x20-\x7e]{1,100}$/);
  });
});

describe('Markdown prose that GitHub cannot turn into a link', () => {
  it('shows a word GFM would autolink as code, and escapes the rest', () => {
    // The data-event source from the reliability report: escaping alone left `https://…` a link.
    expect(mdText('data events for https://evil.example[evil](https://evil.example) and s3')).toBe(
      'data events for `https://evil.example[evil](https://evil.example)` and s3',
    );
    expect(mdText('mail a@evil.example or www.evil.example')).toBe('mail `a@evil.example` or `www.evil.example`');
    expect(mdText('*not* [a](link) `x`')).toBe('\\*not\\* \\[a\\]\\(link\\) \\`x\\`');
  });

  it('escapes `&`, so an entity cannot smuggle a bidi override or markup in', () => {
    expect(md('&#x202e;&lt;b&gt;')).toBe('\\&\\#x202e;\\&lt;b\\&gt;');
    expect(mdText('&#x202e;')).toBe('\\&\\#x202e;');
  });
});

describe('what XML and SNS refuse', () => {
  it('sanitise turns U+FFFE/U+FFFF and lone surrogates into spaces, keeping whole pairs', () => {
    expect(sanitise('a\uffffb\ufffec\ud800d\udc00e😀')).toBe('a b c d e😀');
  });

  it('snsText turns every character outside XML 1.0 into U+FFFD, and keeps tab, line breaks and pairs', () => {
    expect(snsText('a\u0000\u0008b\tc\r\nd\uffff\udfff\ud800😀')).toBe('a\ufffd\ufffdb\tc\r\nd\ufffd\ufffd\ufffd😀');
  });
});

describe('JSON printed whole', () => {
  it('writes unsafe characters as escapes, so the text parses to the same value', () => {
    const value = { Resource: ['arn:aws:s3:::b/\u202eexe.txt\u2028\u007f\u009b\uffff'] };
    const shown = displayJson(JSON.stringify(value));
    expect(shown).not.toMatch(/[\u007f-\u009f\u202e\u2028\uffff]/);
    expect(JSON.parse(shown)).toEqual(value);
  });
});
