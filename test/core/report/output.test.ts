/** The streamed report is exactly the rendered one, in every format, and a sink's back-pressure is honoured. */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../core/report/markdown.ts';
import { reportChunks, writeReport, type ReportFormat } from '../../../core/report/output.ts';
import { renderText } from '../../../core/report/text.ts';
import { sampleReport } from '../../helpers/sample-report.ts';

const report = sampleReport();
const streamed = (format: ReportFormat, o: Parameters<typeof reportChunks>[2] = {}) => [...reportChunks(report, format, o)];

describe('reportChunks', () => {
  it('joins to what each renderer gives as one string', () => {
    expect(streamed('text').join('')).toBe(renderText(report));
    expect(streamed('text', { color: true, verbose: true }).join('')).toBe(renderText(report, { color: true, verbose: true }));
    expect(streamed('markdown').join('')).toBe(renderMarkdown(report));
    expect(streamed('json').join('')).toBe(JSON.stringify(report, null, 2) + '\n');
    expect(streamed('json', { jsonIndent: 0 }).join('')).toBe(JSON.stringify(report) + '\n');
  });

  it('cuts at line ends into pieces of about the size asked, none empty', () => {
    for (const format of ['text', 'markdown'] as const) {
      const pieces = streamed(format, { chunkSize: 2000, verbose: true });
      expect(pieces.length).toBeGreaterThan(3);
      expect(pieces.every((p) => p.length > 0 && p.endsWith('\n'))).toBe(true);
      // Closed as soon as a line takes it past the size: over by less than one line.
      const longestLine = Math.max(...pieces.join('').split('\n').map((l) => l.length + 1));
      expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2000 + longestLine);
    }
  });
});

describe('writeReport', () => {
  it('waits for a slow sink before the next piece, and writes the same bytes', async () => {
    // Forty roles: big enough to be cut (a subtree of a few thousand values goes in one piece).
    const big = { ...report, roles: Array.from({ length: 10 }, () => report.roles).flat() };
    const written: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    await writeReport(big, 'json', {
      write: async (chunk) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        written.push(chunk);
        inFlight--;
      },
    }, { chunkSize: 4096 });
    expect(maxInFlight).toBe(1);
    expect(written.length).toBeGreaterThan(5);
    expect(written.join('')).toBe(JSON.stringify(big, null, 2) + '\n');
  });

  it('takes a synchronous sink too', async () => {
    let text = '';
    await writeReport(report, 'markdown', { write: (c) => void (text += c) });
    expect(text).toBe(renderMarkdown(report));
  });
});
