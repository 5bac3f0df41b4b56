/**
 * `--history PATH`: earlier JSON reports (files, or folders searched for `*.json`, such as
 * a copy of the stack's `reports/` archive) as the HTML report's trend, and the newest
 * report of an earlier week as the base of the drift comparison. A file named on the
 * command line that is not a report is an error; other JSON files in a folder are skipped
 * and counted.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { Report } from '../core/report/schema.ts';
import { asEarlierReport, trendPoint, type TrendPoint } from '../core/report/trend.ts';
import { isoWeek } from '../sources/store/stack-store.ts';

export interface History {
  /** One point per report read, any order (`trendSeries` orders and de-duplicates them). */
  points: TrendPoint[];
  /** The newest report of a week before `week`: what the drift is measured against. */
  previous?: Report;
  /** Files under the folders that are not reports. */
  skipped: string[];
}

async function jsonFiles(path: string): Promise<{ file: string; named: boolean }[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new InputError(`--history: no such file or folder: ${path}`);
  if (!info.isDirectory()) return [{ file: path, named: true }];
  const entries = await readdir(path, { recursive: true });
  return entries.filter((e) => e.endsWith('.json')).sort().map((e) => ({ file: join(path, e), named: false }));
}

/** Read the earlier reports under `paths` for a report of week `week`. */
export async function readHistory(paths: readonly string[], week: string): Promise<History> {
  const history: History = { points: [], skipped: [] };
  for (const path of paths) {
    for (const { file, named } of await jsonFiles(path)) {
      let parsed: ReturnType<typeof asEarlierReport>;
      try {
        parsed = asEarlierReport(JSON.parse(await readFile(file, 'utf8')));
      } catch (e) {
        parsed = { problem: `not valid JSON (${(e as Error).message})` };
      }
      if ('problem' in parsed) {
        if (named) throw new InputError(`--history: ${file}: ${parsed.problem}`);
        history.skipped.push(`${file}: ${parsed.problem}`);
        continue;
      }
      // Only what the trend needs is kept of each report, and the one the drift is measured against.
      const { report } = parsed;
      const reportWeek = isoWeek(report.generatedAt);
      history.points.push(trendPoint(report, reportWeek));
      if (reportWeek < week && (!history.previous || report.generatedAt > history.previous.generatedAt)) history.previous = report;
    }
  }
  return history;
}
