/**
 * `--history PATH`: earlier JSON reports (files, or folders searched for `*.json`, such as
 * a copy of the stack's `reports/` archive) as the HTML report's trend, and the newest
 * report of an earlier week as the base of the drift comparison. A file named on the
 * command line that is not a report is an error; other JSON files in a folder are skipped
 * and counted. Only regular files are read: a FIFO named `*.json` would block the read
 * forever, so it (like a socket or a device) is skipped and named, or refused when named.
 */
import type { Stats } from 'node:fs';
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
  /** Files under the folders that are not reports, or not regular files, each with why. */
  skipped: string[];
}

/** What a file system entry is, when it is not a regular file or a folder (for messages). */
function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

type HistoryFile = { file: string; named: boolean } | { file: string; skip: string };

async function jsonFiles(path: string): Promise<HistoryFile[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new InputError(`--history: no such file or folder: ${path}`);
  if (!info.isDirectory()) {
    if (!info.isFile()) throw new InputError(`--history: ${path} is ${kindOf(info)}, not a report file`);
    return [{ file: path, named: true }];
  }
  const entries = (await readdir(path, { recursive: true })).filter((e) => e.endsWith('.json')).sort();
  const out: HistoryFile[] = [];
  for (const e of entries) {
    const file = join(path, e);
    // stat, not the name: a link to a FIFO blocks as surely as the FIFO does.
    const entry = await stat(file).catch(() => undefined);
    if (!entry) out.push({ file, skip: 'cannot be read (a broken link?)' });
    else if (entry.isFile()) out.push({ file, named: false });
    else if (!entry.isDirectory()) out.push({ file, skip: `${kindOf(entry)}, not read` });
  }
  return out;
}

/** Read the earlier reports under `paths` for a report of week `week`. */
export async function readHistory(paths: readonly string[], week: string): Promise<History> {
  const history: History = { points: [], skipped: [] };
  for (const path of paths) {
    for (const entry of await jsonFiles(path)) {
      if ('skip' in entry) {
        history.skipped.push(`${entry.file}: ${entry.skip}`);
        continue;
      }
      const { file, named } = entry;
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
