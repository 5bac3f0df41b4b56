/**
 * The export directory: files a user produced with the AWS CLI (see README, "Export
 * format"). Every file is recognised by its content, so folder names are a convention,
 * not a rule. Files that cannot be read are counted by reason and named in the problems;
 * nothing is dropped silently.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { ManagedPolicyDetail, RoleDetail } from '../core/policy/authorization-details.ts';
import type { ServiceInput, TaskDefinitionInput } from '../core/inventory/inventory.ts';

const gunzipAsync = promisify(gunzip);

export interface ExportData {
  taskDefinitions: TaskDefinitionInput[];
  services: ServiceInput[];
  roleDetails: RoleDetail[];
  managedPolicies: ManagedPolicyDetail[];
  /** CloudTrail files, read later record by record. */
  trailFiles: string[];
  /** read: recognised; skipped: data files that could not be used, by reason; ignored: not data files (by name). */
  files: { read: number; skipped: Record<string, number>; ignored: number };
  problems: string[];
}

export class InputError extends Error {}

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

const TRAIL_NAME = /\.(json|jsonl|ndjson|log)(\.gz)?$/i;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Read a file as text, gunzipping `.gz`. */
async function readText(path: string): Promise<string> {
  const buf = await readFile(path);
  const data = path.endsWith('.gz') || (buf[0] === 0x1f && buf[1] === 0x8b) ? await gunzipAsync(buf) : buf;
  return data.toString('utf8');
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
    files: { read: 0, skipped: {}, ignored: 0 },
    problems: [],
  };
  const skip = (file: string, reason: string) => {
    data.files.skipped[reason] = (data.files.skipped[reason] ?? 0) + 1;
    const named = Object.values(data.files.skipped).reduce((a, b) => a + b, 0);
    if (named <= MAX_NAMED_PROBLEMS) data.problems.push(`skipped file ${relative(dir, file)}: ${reason}`);
  };

  for (const file of await walk(dir)) {
    const rel = relative(dir, file).split(/[\\/]/);
    // CloudTrail files are many and large: recognised by place or name, read later as a stream.
    const inTrailFolder = rel.some((seg) => seg.toLowerCase() === 'cloudtrail');
    if (TRAIL_NAME.test(file) && (inTrailFolder || !/\.json(\.gz)?$/i.test(file))) {
      data.trailFiles.push(file);
      continue;
    }
    if (!/\.json(\.gz)?$/i.test(file)) {
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
    if (Array.isArray(value.Records) || Array.isArray(value.Events)) {
      data.trailFiles.push(file);
      continue;
    }
    if (recognised) data.files.read++;
    else skip(file, 'unrecognised-content');
  }
  return data;
}

export type TrailFileSink = {
  record(raw: unknown): void;
  /** A record-level problem (a bad line, a bad lookup-events entry). */
  skipRecord(reason: string): void;
};

/**
 * Stream the records of one CloudTrail file into `sink`: delivered log files
 * (`{"Records": [...]}`), `lookup-events` output (`{"Events": [{"CloudTrailEvent": "..."}]}`),
 * a JSON array, or one event per line. Returns a file-level skip reason, or undefined when read.
 */
export async function readTrailFile(path: string, sink: TrailFileSink): Promise<string | undefined> {
  const gz = path.endsWith('.gz');
  // One-event-per-line files can be large: read them line by line.
  if (/\.(jsonl|ndjson|log)(\.gz)?$/i.test(path)) return readLines(path, gz, sink);
  let text: string;
  try {
    text = await readText(path);
  } catch {
    return gz ? 'unreadable-gzip' : 'unreadable';
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not one JSON document: maybe one event per line.
    if (text.trimStart().startsWith('{') && text.includes('\n')) {
      for (const line of text.split('\n')) lineToSink(line, sink);
      return undefined;
    }
    return 'invalid-json';
  }
  return valueToSink(value, sink);
}

function valueToSink(value: unknown, sink: TrailFileSink): string | undefined {
  if (Array.isArray(value)) {
    for (const r of value) sink.record(r);
    return undefined;
  }
  if (!isObject(value)) return 'unrecognised-content';
  if ('Records' in value) {
    if (!Array.isArray(value.Records)) return 'records-not-an-array';
    for (const r of value.Records) sink.record(r);
    return undefined;
  }
  if ('Events' in value) {
    if (!Array.isArray(value.Events)) return 'events-not-an-array';
    for (const e of value.Events) lookupEventToSink(e, sink);
    return undefined;
  }
  if ('eventName' in value || 'eventSource' in value) {
    sink.record(value);
    return undefined;
  }
  return 'unrecognised-content';
}

function lookupEventToSink(e: unknown, sink: TrailFileSink): void {
  const text = isObject(e) ? e.CloudTrailEvent : undefined;
  if (typeof text !== 'string') {
    sink.skipRecord('lookup-event-without-CloudTrailEvent');
    return;
  }
  try {
    sink.record(JSON.parse(text));
  } catch {
    sink.skipRecord('invalid-json');
  }
}

function lineToSink(line: string, sink: TrailFileSink): void {
  const t = line.trim();
  if (!t) return;
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    sink.skipRecord('invalid-json');
    return;
  }
  if (isObject(v) && typeof v.CloudTrailEvent === 'string') lookupEventToSink(v, sink);
  else sink.record(v);
}

async function readLines(path: string, gz: boolean, sink: TrailFileSink): Promise<string | undefined> {
  const input = createReadStream(path);
  const stream = gz ? input.pipe(createGunzip()) : input;
  try {
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    for await (const line of rl) lineToSink(line, sink);
  } catch {
    return gz ? 'unreadable-gzip' : 'unreadable';
  }
  return undefined;
}
