/**
 * IAM last-accessed reports in an export directory (README, "Export format"): the AWS CLI's
 * `get-service-last-accessed-details` output, one file (or one file per page) per role.
 * The output does not name its role, so each file names it:
 *
 * - by a `RoleArn` key beside the CLI's fields (the README's loop adds it with `--query`), or
 * - by its file name: `<RoleName>.json` (IAM role names are unique in an account).
 *
 * A file that names no tracked role, or whose job did not complete, is skipped and named in
 * the problems; a role without a file gets no last-accessed claims, and says so.
 */
import { basename } from 'node:path';
import { roleKeyOfArn } from '../core/arn.ts';
import { mergeLastAccessed, parseLastAccessed, type LastAccessedReport } from '../core/evidence/last-accessed.ts';
import type { LastAccessedRole, LastAccessedSource } from '../core/evidence/ports.ts';

export interface LastAccessedFile {
  path: string;
  value: Record<string, unknown>;
}

/** At most this many files are named in problems; the rest are counted. */
const MAX_NAMED = 10;

/** The tracked role a file is about: its `RoleArn`, else its file name; undefined when neither names a tracked role. */
function roleOf(file: LastAccessedFile, byKey: ReadonlyMap<string, LastAccessedRole>, byName: ReadonlyMap<string, LastAccessedRole>): LastAccessedRole | undefined {
  const arn = file.value.RoleArn;
  if (typeof arn === 'string') {
    const key = roleKeyOfArn(arn);
    return key ? byKey.get(key) : undefined;
  }
  return byName.get(basename(file.path).replace(/\.json$/i, '').toLowerCase());
}

/** The export directory's last-accessed files as a source. */
export function exportLastAccessed(files: readonly LastAccessedFile[]): LastAccessedSource {
  return {
    async read(roles) {
      const byKey = new Map(roles.map((r) => [r.key, r]));
      // Role names are unique per account; across accounts a file must say its RoleArn.
      const byName = new Map(roles.map((r) => [r.roleName.toLowerCase(), r]));
      const found = new Map<string, LastAccessedReport[]>();
      const unmatched: string[] = [];
      const problems: string[] = [];
      for (const file of files) {
        const role = roleOf(file, byKey, byName);
        if (!role) {
          unmatched.push(basename(file.path));
          continue;
        }
        const parsed = parseLastAccessed(file.value, role.roleArn, 'export-file');
        if (!parsed.ok) {
          problems.push(`skipped last-accessed file ${basename(file.path)}: ${parsed.error}`);
          continue;
        }
        if (parsed.skipped) problems.push(`last-accessed file ${basename(file.path)}: ${parsed.skipped} unreadable service entries skipped`);
        found.set(role.key, [...(found.get(role.key) ?? []), parsed.report]);
      }
      if (unmatched.length) {
        const named = unmatched.slice(0, MAX_NAMED).join(', ');
        problems.push(`last-accessed files naming no tracked role (by RoleArn or file name): ${named}${unmatched.length > MAX_NAMED ? ` and ${unmatched.length - MAX_NAMED} more` : ''}`);
      }
      const reports = new Map<string, LastAccessedReport>();
      for (const [key, list] of found) reports.set(key, mergeLastAccessed(list)!);
      const missing = new Map(roles.filter((r) => !reports.has(r.key)).map((r) => [r.key, 'no IAM last-accessed file for this role in the export']));
      return { reports, missing, problems };
    },
  };
}
