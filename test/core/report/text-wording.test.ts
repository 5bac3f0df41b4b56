/** Counts and markers in the text report read as English: one call, and a resource list says what it leaves out. */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../core/report/html/render.ts';
import { renderMarkdown } from '../../../core/report/markdown.ts';
import { renderText } from '../../../core/report/text.ts';
import { sampleReport } from '../../helpers/sample-report.ts';

describe('text report wording', () => {
  it('says "1 call" for a single denied call, and "N more" or "over N more" after a used action\'s first resource', () => {
    const report = sampleReport();
    const role = report.roles[0]!;
    role.denied = [{ ...role.denied[0]!, count: 1 }];
    const [first] = role.used;
    role.used = [
      { ...first!, action: 's3:GetObject', resources: ['arn:aws:s3:::b/1', 'arn:aws:s3:::b/2', 'arn:aws:s3:::b/3'] },
      { ...first!, action: 's3:PutObject', resources: Array.from({ length: 20 }, (_, i) => `arn:aws:s3:::b/${i}`), resourcesTruncated: true },
    ];
    delete role.used[0]!.resourcesTruncated;
    const text = renderText(report);
    expect(text).toContain('Denied (1 call)');
    expect(text).not.toMatch(/Denied \(1 calls\)/);
    expect(text).toMatch(/s3:GetObject .* · arn:aws:s3:::b\/1 \(\+2 more\)/);
    expect(text).toMatch(/s3:PutObject .* · arn:aws:s3:::b\/0 \(\+ over 19 more\)/);
  });

  it('states what a data-plane "unused" assumes about the trail\'s selectors, in every format, when the input holds data events', () => {
    const withData = sampleReport();
    const without = sampleReport();
    without.input.dataEventServices = [];
    const assumption = /assumes the trail does not select data events by event name or key prefix/;
    for (const render of [renderText, renderMarkdown, renderHtml]) {
      expect(render(withData)).toMatch(assumption);
      expect(render(without)).not.toMatch(assumption);
    }
  });
});
