/**
 * The sample account's report, stored: what `analyze --input examples/sample-account`
 * produces at SAMPLE_REPORT_NOW, so that renderer tests read a report instead of running
 * the export pipeline. test/cli/sample-report-fixture.test.ts checks that it is still what
 * the pipeline produces; after an intended change to the report, refresh it with
 * `UPDATE_FIXTURES=1 npx vitest run test/cli/sample-report-fixture.test.ts` and read the diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../core/report/schema.ts';

export const SAMPLE_REPORT_FILE = join(import.meta.dirname, '..', 'fixtures', 'sample-report.json');
export const SAMPLE_REPORT_NOW = '2026-11-20T00:00:00Z';

/** A fresh copy of the stored sample report (callers may change it). */
export function sampleReport(): Report {
  return JSON.parse(readFileSync(SAMPLE_REPORT_FILE, 'utf8')) as Report;
}
