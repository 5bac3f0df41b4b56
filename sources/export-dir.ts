/**
 * The export directory: files a user produced with the AWS CLI (see README, "Export
 * format"). Every file is recognised by its content, so folder names are a convention,
 * not a rule. Files that cannot be read are counted by reason and named in the problems;
 * nothing is dropped silently.
 */
import { stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { ManagedPolicyDetail, RoleDetail } from '../core/policy/authorization-details.ts';
import type { ServiceInput, TaskDefinitionInput } from '../core/inventory/inventory.ts';
import { InputError } from '../core/errors.ts';
import { fileKind, isTrailFileByName } from './trail/file-kind.ts';
import { CappedProblems } from './capped-problems.ts';
import { walkExport, type WalkFs, type WalkSkip } from './export-walk.ts';
import { readText, UnreadableFile } from './trail/load.ts';


export interface ExportData {
  taskDefinitions: TaskDefinitionInput[];
  services: ServiceInput[];
  /** Described ECS tasks (`describe-tasks` output, task state change events' `detail`), unchecked: read by core/workloads/tasks.ts. */
  tasks: unknown[];
  roleDetails: RoleDetail[];
  managedPolicies: ManagedPolicyDetail[];
  /** CloudTrail files, read later record by record. */
  trailFiles: string[];
  /** IAM last-accessed reports (`get-service-last-accessed-details` output), read by sources/export-last-accessed.ts. */
  lastAccessed: { path: string; value: Record<string, unknown> }[];
  /** read: recognised; skipped: data files that could not be used, by reason; ignored: not data files (by name). */
  files: { read: number; skipped: Record<string, number>; ignored: number };
  /** Real paths (links resolved) of the export's data files (by name): what a report must never overwrite. */
  dataFiles: ReadonlySet<string>;
  /** The first skipped files, named with why (for an error when nothing could be analysed). */
  skippedFiles: { path: string; reason: string }[];
  problems: string[];
}

/** What a walk skip is about, for its problem line. */
const WALK_SKIP_NOUN: Record<WalkSkip, string> = {
  'unlistable-folder': 'folder',
  'broken-link': 'link',
  'link-loop': 'link',
  'duplicate-path': 'path',
  'not-a-regular-file': 'file',
};

export interface ExportDirOptions {
  /** File-system calls of the walk (tests substitute failures). */
  fs?: WalkFs;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}


/**
 * Scan an export directory: ECS and IAM files are read now (they are small), CloudTrail
 * files are listed for streaming.
 */
export async function readExportDir(dir: string, o: ExportDirOptions = {}): Promise<ExportData> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new InputError(`no such directory: ${dir}`);
  }
  if (!info.isDirectory()) throw new InputError(`not a directory: ${dir}`);

  const data: ExportData = {
    taskDefinitions: [],
    services: [],
    tasks: [],
    roleDetails: [],
    managedPolicies: [],
    trailFiles: [],
    lastAccessed: [],
    files: { read: 0, skipped: {}, ignored: 0 },
    dataFiles: new Set(),
    skippedFiles: [],
    problems: [],
  };
  const named = new CappedProblems('skipped files');
  const skip = (file: string, reason: string, what = 'file') => {
    data.files.skipped[reason] = (data.files.skipped[reason] ?? 0) + 1;
    named.add(`skipped ${what} ${relative(dir, file)}: ${reason}`);
    if (data.skippedFiles.length < 20) data.skippedFiles.push({ path: relative(dir, file), reason });
  };

  const walked = await walkExport(dir, o.fs);
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  const dataFiles = new Set<string>();
  for (const s of walked.skipped) skip(s.path, s.reason, WALK_SKIP_NOUN[s.reason]);
  for (const { path: file, real } of walked.files) {
    if (fileKind(file).layout !== 'not-data') dataFiles.add(real);
    // CloudTrail files are many and large: recognised by place or name, read later as a stream.
    // Every walked path starts with `dir`: a cut, where `relative` would resolve and normalise each of 100,000s.
    if (isTrailFileByName(file.startsWith(prefix) ? file.slice(prefix.length) : relative(dir, file))) {
      data.trailFiles.push(file);
      continue;
    }
    if (fileKind(file).layout !== 'document') {
      // READMEs, scripts, checksums: not data. Counted, not listed as problems.
      data.files.ignored++;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(await readText(file));
    } catch (e) {
      skip(file, e instanceof SyntaxError ? 'invalid-json' : e instanceof UnreadableFile ? e.reason : 'unreadable');
      continue;
    }
    if (!isObject(value)) {
      skip(file, 'unrecognised-content');
      continue;
    }
    let recognised = false;
    if (isObject(value.taskDefinition)) {
      data.taskDefinitions.push(value.taskDefinition as TaskDefinitionInput);
      recognised = true;
    }
    if (Array.isArray(value.taskDefinitions)) {
      data.taskDefinitions.push(...value.taskDefinitions.filter(isObject));
      recognised = true;
    }
    if (Array.isArray(value.services)) {
      data.services.push(...value.services.filter(isObject));
      recognised = true;
    }
    // `aws ecs describe-tasks` output, and an EventBridge task state change event (its detail is the task).
    if (Array.isArray(value.tasks)) {
      data.tasks.push(...value.tasks);
      recognised = true;
    }
    if (value['detail-type'] === 'ECS Task State Change' && isObject(value.detail)) {
      data.tasks.push(value.detail);
      recognised = true;
    }
    if (Array.isArray(value.RoleDetailList)) {
      data.roleDetails.push(...value.RoleDetailList.filter(isObject));
      recognised = true;
    }
    if (Array.isArray(value.Policies)) {
      data.managedPolicies.push(...value.Policies.filter(isObject));
      recognised = true;
    }
    if (Array.isArray(value.ServicesLastAccessed)) {
      data.lastAccessed.push({ path: file, value });
      recognised = true;
    }
    if (Array.isArray(value.Records) || Array.isArray(value.Events)) {
      data.trailFiles.push(file);
      continue;
    }
    if (recognised) data.files.read++;
    else skip(file, 'unrecognised-content');
  }
  data.problems.push(...named.lines());
  data.dataFiles = dataFiles;
  return data;
}
