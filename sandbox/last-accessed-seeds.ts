/**
 * A scenario's IAM last-accessed answers, from an export directory's last-accessed files:
 * each file's role found as `analyze --input` finds it (its `RoleArn`, else its file name).
 */
import { basename } from 'node:path';
import type { RoleDetail } from '../core/policy/authorization-details.ts';

/** The export's last-accessed reports by role ARN; files that name no role of the export are left out. */
export function lastAccessedSeeds(files: readonly { path: string; value: Record<string, unknown> }[], roles: readonly RoleDetail[]): Record<string, Record<string, unknown>> {
  const seeds: Record<string, Record<string, unknown>> = {};
  for (const f of files) {
    const name = basename(f.path).replace(/\.json$/i, '').toLowerCase();
    const arn = typeof f.value.RoleArn === 'string' ? f.value.RoleArn : roles.find((r) => String(r.RoleName ?? '').toLowerCase() === name)?.Arn;
    if (typeof arn === 'string') seeds[arn] = f.value;
  }
  return seeds;
}
