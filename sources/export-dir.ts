/**
 * The export directory: files a user produced with the AWS CLI (see README, "Export
 * format"). Every file is recognised by its content, so folder names are a convention,
 * not a rule. Files that cannot be read are counted by reason and named in the problems;
 * nothing is dropped silently.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ManagedPolicyDetail, RoleDetail } from '../core/policy/authorization-details.ts';
import type { ServiceInput, TaskDefinitionInput } from '../core/inventory/inventory.ts';
import { InputError } from '../core/errors.ts';
import { fileKind, isTrailFileByName } from './trail/file-kind.ts';
import { readText } from './trail/load.ts';


export interface ExportData {
  taskDefinitions: TaskDefinitionInput[];
  services: ServiceInput[];
  roleDetails: RoleDetail[];
  managedPolicies: ManagedPolicyDetail[];
  /** CloudTrail files, read later record by record. */
  trailFiles: string[];
  /** IAM last-accessed reports (`get-service-last-accessed-details` output), read by sources/export-last-accessed.ts. */
  lastAccessed: { path: string; value: Record<string, unknown> }[];
  /** read: recognised; skipped: data files that could not be used, by reason; ignored: not data files (by name). */
  files: { read: number; skipped: Record<string, number>; ignored: number };
  problems: string[];
}


/** At most this many individual file problems are named; the rest are counted. */
const MAX_NAMED_PROBLEMS = 20;

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}


/**
 * Scan an export directory: ECS and IAM files are read now (they are small), CloudTrail
 * files are listed for streaming.
 */
export async function readExportDir(dir: string): Promise<ExportData> {
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
    roleDetails: [],
    managedPolicies: [],
    trailFiles: [],
    lastAccessed: [],
    files: { read: 0, skipped: {}, ignored: 0 },
    problems: [],
  };
  const skip = (file: string, reason: string) => {
    data.files.skipped[reason] = (data.files.skipped[reason] ?? 0) + 1;
    const named = Object.values(data.files.skipped).reduce((a, b) => a + b, 0);
    if (named <= MAX_NAMED_PROBLEMS) data.problems.push(`skipped file ${relative(dir, file)}: ${reason}`);
  };

  for (const file of await walk(dir)) {
    // CloudTrail files are many and large: recognised by place or name, read later as a stream.
    if (isTrailFileByName(relative(dir, file))) {
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
      skip(file, e instanceof SyntaxError ? 'invalid-json' : 'unreadable');
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
  return data;
}
