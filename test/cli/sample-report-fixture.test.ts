/** The stored sample report that renderer tests read (test/helpers/sample-report.ts) is what the pipeline produces today. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeExport } from '../../cli/analyze-export.ts';
import { SAMPLE_REPORT_FILE, SAMPLE_REPORT_NOW, sampleReport } from '../helpers/sample-report.ts';

const SAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'sample-account');

describe('stored sample report', () => {
  it('is what analyze --input produces on the sample account', async () => {
    const report = await analyzeExport({ input: SAMPLE, now: new Date(SAMPLE_REPORT_NOW) });
    if (process.env.UPDATE_FIXTURES) writeFileSync(SAMPLE_REPORT_FILE, JSON.stringify(report, null, 1) + '\n');
    // Compared as JSON, as it is stored: fields that are undefined are absent from both.
    expect(sampleReport()).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
