/**
 * Merged map.json + catalog → the compact event table: renamed hosts, the operations whose
 * actions the default rule (`<prefix>:<eventName>`) gets wrong, and the permissionless
 * operations. Also returns every operation seen, for the permission-only derivation.
 */
import type { Catalog } from '../../core/catalog/catalog.ts';
import { HAND_OPERATIONS } from '../../core/mapping/exceptions.ts';
import type { ActionRule } from '../../core/mapping/types.ts';
import { prefixOfClass, rulesOfEntries, type MapFile, type TranslationNotes } from './dataset.ts';

/** prefix → lower-case operation name → the actions it authorises (lower case), or null for the default rule. */
export type OperationUniverse = Map<string, Map<string, string[] | null>>;

export interface BuiltTable {
  hosts: Record<string, string>;
  operations: Record<string, Record<string, ActionRule[]>>;
  noPermission: Record<string, string[]>;
  universe: OperationUniverse;
  report: {
    datasetOperations: number;
    /** Operations the default rule answers (not stored): identical to it, or with no action of their own service the catalog knows. */
    identityOperations: number;
    unknownActions: string[];
    conflicts: string[];
    overriddenByHand: string[];
    notes: TranslationNotes;
  };
}

const SUFFIX = /\.amazonaws\.com(\.cn)?$/;

function actionOf(rule: ActionRule): string {
  return typeof rule === 'string' ? rule : rule.action;
}

/** Rules with catalog spelling, repeats removed; rules naming actions the catalog lacks are dropped and listed. */
function validated(rules: ActionRule[], catalog: Catalog, key: string, unknown: string[]): ActionRule[] {
  const out: ActionRule[] = [];
  for (const rule of rules) {
    const hit = catalog.lookup(actionOf(rule));
    if (!hit) {
      unknown.push(`${key} → ${actionOf(rule)}`);
      continue;
    }
    const canonical = typeof rule === 'string' ? hit.action : { ...rule, action: hit.action };
    // The dataset repeats an action when it names two resources of one call; one rule says it.
    if (!out.some((r) => JSON.stringify(r) === JSON.stringify(canonical))) out.push(canonical);
  }
  return out;
}

/** True when the rules say no more than the default rule would. */
function isIdentity(prefix: string, op: string, rules: ActionRule[]): boolean {
  return rules.length === 1 && typeof rules[0] === 'string' && rules[0].toLowerCase() === `${prefix}:${op}`.toLowerCase();
}

/**
 * The actions an operation's rules authorise, for the permission-only derivation. When the
 * operation is always authorised as the action of its own name, the others are dependent
 * checks made while serving it (IAM's AddRoleToInstanceProfile also checks iam:PassRole):
 * they do not make those actions operations of their own, and their other uses stay
 * invisible. Alternatives (PutObjectTagging, or PutObjectVersionTagging with a versionId) all count.
 */
function authorisedBy(prefix: string, op: string, rules: readonly ActionRule[]): string[] {
  const own = `${prefix}:${op}`.toLowerCase();
  const always = rules.some((r) => typeof r === 'string' && r.toLowerCase() === own);
  return always ? [own] : rules.map(actionOf);
}

function note(universe: OperationUniverse, prefix: string, op: string, actions: string[] | null): void {
  let ops = universe.get(prefix);
  if (!ops) universe.set(prefix, (ops = new Map()));
  ops.set(op.toLowerCase(), actions && actions.map((a) => a.toLowerCase()));
}

/** eventSource hosts whose prefix is not the host itself. */
function hostsOf(map: Required<MapFile>): Record<string, string> {
  const hosts: Record<string, string> = {};
  for (const [host, prefix] of Object.entries(map.cloudtrail_service_mappings).sort()) {
    const h = host.toLowerCase().replace(SUFFIX, '');
    if (h !== prefix) hosts[h] = prefix;
  }
  return hosts;
}

/** Dataset keys grouped by (prefix, operation), preferred SDK class first (map.json's own order for the prefix). */
function groupedKeys(map: Required<MapFile>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const key of Object.keys(map.sdk_method_iam_mappings)) {
    const dot = key.indexOf('.');
    const prefix = prefixOfClass(map, key.slice(0, dot));
    const id = `${prefix}:${key.slice(dot + 1)}`;
    groups.set(id, [...(groups.get(id) ?? []), key]);
  }
  const rank = (prefix: string, key: string) => {
    const i = (map.service_sdk_mappings[prefix] ?? []).indexOf(key.slice(0, key.indexOf('.')));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  for (const [id, keys] of groups) {
    const prefix = id.slice(0, id.indexOf(':'));
    keys.sort((a, b) => rank(prefix, a) - rank(prefix, b) || (a < b ? -1 : 1));
  }
  return groups;
}

/** Build the table from merged map.json data, validated against the catalog. */
export function buildTable(map: Required<MapFile>, catalog: Catalog): BuiltTable {
  const universe: OperationUniverse = new Map();
  const operations: Record<string, Record<string, ActionRule[]>> = {};
  const report: BuiltTable['report'] = {
    datasetOperations: 0, identityOperations: 0, unknownActions: [], conflicts: [], overriddenByHand: [], notes: { untranslatedConditions: [] },
  };
  for (const [id, keys] of [...groupedKeys(map)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    report.datasetOperations++;
    const prefix = id.slice(0, id.indexOf(':'));
    const op = id.slice(id.indexOf(':') + 1);
    const candidates = keys.map((k) => ({ key: k, rules: validated(rulesOfEntries(prefix, k, map.sdk_method_iam_mappings[k]!, report.notes), catalog, k, report.unknownActions) }));
    const chosen = candidates.find((c) => c.rules.length > 0);
    for (const other of candidates) {
      if (chosen && other !== chosen && other.rules.length > 0 && JSON.stringify(other.rules) !== JSON.stringify(chosen.rules)) {
        report.conflicts.push(`${id}: ${chosen.key} chosen over ${other.key}`);
      }
    }
    // Every class's rules authorise their actions (S3Control's GetPublicAccessBlock → s3:GetAccountPublicAccessBlock),
    // whichever class the lookup answers with.
    const authorised = candidates.flatMap((c) => authorisedBy(prefix, op, c.rules));
    const hand = HAND_OPERATIONS[prefix]?.[op];
    if (hand) {
      if (chosen) report.overriddenByHand.push(chosen.key);
      note(universe, prefix, op, [...authorisedBy(prefix, op, hand), ...authorised]);
    } else if (!chosen || isIdentity(prefix, op, chosen.rules)) {
      report.identityOperations++;
      note(universe, prefix, op, authorised.length > 0 ? authorised : null);
    } else {
      (operations[prefix] ??= {})[op] = chosen.rules;
      note(universe, prefix, op, authorised);
    }
  }
  // Hand operations the dataset does not have at all still authorise their actions.
  for (const [prefix, ops] of Object.entries(HAND_OPERATIONS)) {
    for (const [op, rules] of Object.entries(ops)) if (!universe.get(prefix)?.has(op.toLowerCase())) note(universe, prefix, op, authorisedBy(prefix, op, rules));
  }
  return { hosts: hostsOf(map), operations, noPermission: noPermissionOf(map), universe, report };
}

/** The dataset's permissionless SDK operations, by IAM prefix. */
function noPermissionOf(map: Required<MapFile>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of [...map.sdk_permissionless_actions].sort()) {
    const dot = key.indexOf('.');
    (out[prefixOfClass(map, key.slice(0, dot))] ??= []).push(key.slice(dot + 1));
  }
  return out;
}
