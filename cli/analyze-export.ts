/**
 * `analyze --input DIR`: the export directory through the whole pipeline.
 * Wiring only: sources → core → a Report value; rendering is the caller's.
 */
import { roleKey } from '../core/arn.ts';
import { analyze } from '../core/analyze/analyze.ts';
import { buildInventory } from '../core/inventory/inventory.ts';
import { rolesFromAuthorizationDetails } from '../core/policy/authorization-details.ts';
import type { Report } from '../core/report/schema.ts';
import { loadCatalog } from '../sources/catalog.ts';
import { InputError, readExportDir } from '../sources/export-dir.ts';
import { foldFiles } from '../sources/trail/fold-files.ts';

export interface AnalyzeExportOptions {
  input: string;
  roles?: string[];
  since?: string;
  until?: string;
  /** The report's `generatedAt`; the CLI passes the clock, tests a fixed time. */
  now: Date;
  /** Worker threads folding CloudTrail files (default: the machine's cores; 1: in this thread). */
  workers?: number;
}

/** Run the analysis on an export directory. Throws `InputError` when there is nothing to analyse. */
export async function analyzeExport(options: AnalyzeExportOptions): Promise<Report> {
  const [data, catalog] = await Promise.all([readExportDir(options.input), loadCatalog()]);
  const iam = rolesFromAuthorizationDetails(data.roleDetails, data.managedPolicies);
  const inventory = buildInventory(data.taskDefinitions, data.services, {
    extraRoles: options.roles ?? [],
    knownRoleArns: [...iam.roles.values()].map((r) => r.roleArn),
  });
  if (inventory.roles.size === 0) {
    throw new InputError(
      `nothing to analyse in ${options.input}: no task definition names a role (found ${data.taskDefinitions.length} task definitions) and no --role was given`,
    );
  }
  for (const role of inventory.roles.values()) {
    // Prefer IAM's spelling of the ARN (it carries the path).
    const grants = iam.roles.get(roleKey(role.accountId, role.roleName));
    if (grants) role.roleArn = grants.roleArn;
  }

  const folded = await foldFiles(data.trailFiles, catalog, {
    tracked: [...inventory.roles.keys()],
    ...(options.since ? { since: options.since } : {}),
    ...(options.until ? { until: options.until } : {}),
    ...(options.workers ? { workers: options.workers } : {}),
  });
  const usage = folded.usage;
  const fileSkips: Record<string, number> = { ...data.files.skipped };
  for (const [reason, n] of Object.entries(folded.fileSkips)) fileSkips[reason] = (fileSkips[reason] ?? 0) + n;
  const problems = [...data.problems, ...iam.problems, ...folded.skippedFiles.map((f) => `skipped CloudTrail file ${f.path}: ${f.reason}`)];
  const trailRead = folded.filesRead;

  return analyze({
    catalog,
    inventory,
    iamRoles: iam.roles,
    usage,
    window: { start: options.since ?? usage.span.start, end: options.until ?? usage.span.end },
    generatedAt: options.now.toISOString().slice(0, 19) + 'Z',
    problems,
    files: { read: data.files.read + trailRead, skipped: fileSkips, ignored: data.files.ignored },
  });
}
