/**
 * iann0036/iam-dataset's map.json → our rules. The dataset keys operations by SDK class
 * (`S3.CopyObject`); CloudTrail by host and eventName. A class's IAM prefix is the
 * dataset's `sdk_service_mappings` entry, or the class name in lower case (the dataset
 * lists only the classes that differ). Only actions of the operation's own service become
 * rules: dependent actions elsewhere (`iam:PassRole` on CreateStack) are checked, not
 * called, and stay permission-only.
 */
import type { ActionRule, RequestTest } from '../../core/mapping/types.ts';

interface DatasetCondition {
  lhs: string;
  op: string;
  rhs?: string;
  andCondition?: DatasetCondition;
}

interface DatasetEntry {
  action: string;
  conditions?: DatasetCondition;
  resource_mappings?: Record<string, { template?: string }>;
}

/** The sections of map.json the generator reads; any of them may be missing from one input. */
export interface MapFile {
  sdk_permissionless_actions?: string[];
  sdk_method_iam_mappings?: Record<string, DatasetEntry[]>;
  sdk_service_mappings?: Record<string, string>;
  service_sdk_mappings?: Record<string, string[]>;
  cloudtrail_service_mappings?: Record<string, string>;
}

/** Later inputs add to earlier ones; an operation or host a later input also has is taken from it. */
export function mergeMapFiles(files: MapFile[]): Required<MapFile> {
  const out: Required<MapFile> = {
    sdk_permissionless_actions: [],
    sdk_method_iam_mappings: {},
    sdk_service_mappings: {},
    service_sdk_mappings: {},
    cloudtrail_service_mappings: {},
  };
  for (const f of files) {
    out.sdk_permissionless_actions = [...new Set([...out.sdk_permissionless_actions, ...(f.sdk_permissionless_actions ?? [])])];
    Object.assign(out.sdk_method_iam_mappings, f.sdk_method_iam_mappings ?? {});
    Object.assign(out.sdk_service_mappings, f.sdk_service_mappings ?? {});
    Object.assign(out.service_sdk_mappings, f.service_sdk_mappings ?? {});
    Object.assign(out.cloudtrail_service_mappings, f.cloudtrail_service_mappings ?? {});
  }
  return out;
}

/** The IAM prefix of an SDK class name. */
export function prefixOfClass(map: Required<MapFile>, sdkClass: string): string {
  return map.sdk_service_mappings[sdkClass] ?? sdkClass.toLowerCase();
}

/** Problems met while translating, for the generator's report. */
export interface TranslationNotes {
  untranslatedConditions: string[];
}

const OPS: Record<string, 'present' | 'absent' | 'equal' | 'not-equal' | 'containing' | 'not-containing'> = {
  Exists: 'present',
  NotExists: 'absent',
  Equals: 'equal',
  NotEquals: 'not-equal',
  IContains: 'containing',
  Contains: 'containing',
  INotContains: 'not-containing',
  NotContains: 'not-containing',
};

/** A dataset condition as a request test; undefined when it uses an operator we cannot evaluate. */
function testOf(c: DatasetCondition): RequestTest | undefined {
  const is = OPS[c.op];
  if (!is) return undefined;
  const own: RequestTest = is === 'present' || is === 'absent' ? { path: c.lhs, is } : { path: c.lhs, is, value: c.rhs ?? '' };
  if (!c.andCondition) return own;
  const and = testOf(c.andCondition);
  return and ? { all: [own, and] } : undefined;
}

/** The request path of a resource template that is a plain field (`${SourceKeyId}`, possibly regex-wrapped). */
function resourcePathOf(entry: DatasetEntry): string | undefined {
  for (const m of Object.values(entry.resource_mappings ?? {})) {
    const t = m.template ?? '';
    const plain = /^\$\{([^}]+)\}$/.exec(t) ?? /^%%regex%\$\{([^}]+)\}%/.exec(t);
    if (plain) return plain[1];
  }
  return undefined;
}

/**
 * The rules of one dataset operation whose home service is `prefix`. Resource paths are
 * kept only when the operation's actions name different parts of the request (KMS
 * ReEncrypt's source and destination keys); a single action acts on the call's resource.
 */
export function rulesOfEntries(prefix: string, key: string, entries: DatasetEntry[], notes: TranslationNotes): ActionRule[] {
  const own = entries.filter((e) => e.action.split(':')[0]?.toLowerCase() === prefix);
  const paths = new Set(own.map(resourcePathOf).filter((p): p is string => p !== undefined));
  const keepResources = paths.size > 1;
  const rules: ActionRule[] = [];
  for (const e of own) {
    const resource = keepResources ? resourcePathOf(e) : undefined;
    if (!e.conditions) {
      rules.push(resource ? { action: e.action, resource } : e.action);
      continue;
    }
    const when = testOf(e.conditions);
    if (!when) notes.untranslatedConditions.push(`${key} ${e.action}`);
    // A condition we cannot evaluate leaves the action "possible": never credited, never unused.
    rules.push({ action: e.action, ...(when ? { when } : { possible: true as const }), ...(resource ? { resource } : {}) });
  }
  return rules;
}
