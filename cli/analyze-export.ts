/**
 * `analyze --input DIR`: the export directory through the pipeline.
 * Wiring only: adapters → pipeline → a Report value; rendering is the caller's.
 */
import { checksOff } from '../core/evidence/ports.ts';
import { requireTrackedRoles, runPipeline } from '../core/pipeline.ts';
import type { Report } from '../core/report/schema.ts';
import { loadCatalog } from '../sources/catalog.ts';
import { readExport } from '../sources/export-snapshot.ts';

export interface AnalyzeExportOptions {
  input: string;
  roles?: string[];
  since?: string;
  until?: string;
  /** The report's `generatedAt`; the CLI passes the clock, tests a fixed time. */
  now: Date;
  /** Records after this time are skipped as `future-eventTime`; the CLI passes `latestEventTime` of its clock. */
  notAfter?: string;
  /** Worker threads folding CloudTrail files (default: the machine's cores; 1: in this thread). */
  workers?: number;
  /** Where the report will be written (`--out`): refused if it is a file of the export. */
  out?: string;
}

/**
 * Run the analysis on an export directory. Throws `InputError` when there is nothing to
 * analyse, `UsageError` when the window holds no event or `out` is a file of the export.
 */
export async function analyzeExport(o: AnalyzeExportOptions): Promise<Report> {
  const [{ account, trail, lastAccessed }, catalog] = await Promise.all([readExport(o.input, { roles: o.roles ?? [], ...(o.workers ? { workers: o.workers } : {}), ...(o.out ? { out: o.out } : {}) }), loadCatalog()]);
  requireTrackedRoles(account);
  return runPipeline({
    catalog,
    account,
    trail,
    ...(lastAccessed ? { lastAccessed } : {}),
    // Checking a suggestion is an AWS call; an export is analysed without any.
    checks: checksOff('export input, no AWS call is made; --live and the deployed stack check it'),
    ...(o.since ? { since: o.since } : {}),
    ...(o.until ? { until: o.until } : {}),
    ...(o.notAfter ? { notAfter: o.notAfter } : {}),
    generatedAt: o.now.toISOString().slice(0, 19) + 'Z',
  });
}
