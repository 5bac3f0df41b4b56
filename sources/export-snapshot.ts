/**
 * An export directory (see README, "Export format") as the pipeline's two ports: the
 * account snapshot from its ECS and IAM files, and a trail source over its CloudTrail files.
 */
import { buildInventory } from '../core/inventory/inventory.ts';
import type { LastAccessedSource } from '../core/evidence/ports.ts';
import { accountSnapshot, type AccountSnapshot, type TrailSource } from '../core/pipeline.ts';
import { rolesFromAuthorizationDetails } from '../core/policy/authorization-details.ts';
import { readExportDir } from './export-dir.ts';
import { exportLastAccessed } from './export-last-accessed.ts';
import { foldFiles } from './trail/fold-files.ts';

export interface ExportOptions {
  /** Roles to analyse beside those the task definitions name: ARNs, or names found in the IAM export. */
  roles?: string[];
  /** Threads folding CloudTrail files (default: the machine's cores; 1: in this thread). */
  workers?: number;
}

/**
 * Read an export directory's ECS and IAM files now; its CloudTrail files are folded when the
 * pipeline asks. `lastAccessed` is there when the export holds IAM last-accessed files.
 */
export async function readExport(dir: string, o: ExportOptions = {}): Promise<{ account: AccountSnapshot; trail: TrailSource; lastAccessed?: LastAccessedSource }> {
  const data = await readExportDir(dir);
  const iam = rolesFromAuthorizationDetails(data.roleDetails, data.managedPolicies);
  const inventory = buildInventory(data.taskDefinitions, data.services, {
    extraRoles: o.roles ?? [],
    knownRoleArns: [...iam.roles.values()].map((r) => r.roleArn),
  });
  const account = accountSnapshot({
    source: `${dir} (${data.taskDefinitions.length} task definitions found)`,
    inventory,
    grants: iam.roles,
    problems: [...data.problems, ...iam.problems],
    files: data.files,
  });
  return { account, trail: trailFiles(data.trailFiles, o.workers), ...(data.lastAccessed.length ? { lastAccessed: exportLastAccessed(data.lastAccessed) } : {}) };
}

/** CloudTrail files as a trail source: the window is the flags', else the span of the records read. */
export function trailFiles(files: string[], workers?: number): TrailSource {
  return {
    async read(request) {
      const folded = await foldFiles(files, request.catalog, {
        tracked: [...request.tracked],
        ...(request.since ? { since: request.since } : {}),
        ...(request.until ? { until: request.until } : {}),
        ...(workers ? { workers } : {}),
      });
      const usage = folded.usage;
      return {
        usage,
        window: { start: request.since ?? usage.span.start, end: request.until ?? usage.span.end },
        incompleteRegions: [],
        problems: folded.skippedFiles.map((f) => `skipped CloudTrail file ${f.path}: ${f.reason}`),
        files: { read: folded.filesRead, skipped: folded.fileSkips, ignored: 0 },
      };
    },
  };
}
