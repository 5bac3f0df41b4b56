/**
 * The suggested policy: exactly the used actions the role holds today, resources narrowed
 * to what was observed where the action's resource type allows it, conditions of the
 * granting statements kept, never broader than today's grant. Granted actions CloudTrail
 * could not show are kept in their own marked statements: removing them could break the
 * workload. Documents are split to stay within IAM's managed-policy size limit.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { GrantSource, GrantedAction } from '../model.ts';
import type { PolicyJson, PolicyStatementJson } from '../report/schema.ts';
import type { ResourceSample } from '../usage/sorted-set.ts';
import { patternAllowed, resourceAllowed } from './resource-pattern.ts';

export interface SuggestOptions {
  /** Observed ARNs listed one by one up to this many; past it, collapsed to a common-prefix pattern. Default 5. */
  maxListedResources?: number;
  /** IAM's managed policy limit, counted without whitespace. Default 6144. */
  maxDocumentChars?: number;
}

const DEFAULTS: Required<SuggestOptions> = { maxListedResources: 5, maxDocumentChars: 6144 };

export interface UsedForSuggestion {
  action: string;
  resources: ResourceSample;
}

interface Scope {
  resources?: string[];
  notResources?: string[];
  condition?: Record<string, unknown>;
}

/** Pick the scope for one used action: observed resources when provably inside the grant, else the grant's own. */
function scopeForUsed(catalog: Catalog, granted: GrantedAction, observed: ResourceSample, opts: Required<SuggestOptions>): Scope {
  // Prefer a statement without conditions: it is what actually allowed unconditioned calls.
  const sources = [...granted.grantedBy].sort((a, b) => Number(!!a.condition) - Number(!!b.condition));
  const info = catalog.lookup(granted.action);
  const narrowable = info && !info.wildcardOnly && info.resourceArnPatterns.length > 0;
  for (const src of sources) {
    const base = sourceScope(src);
    if (!narrowable || observed.arns.length === 0) continue;
    const narrowed = narrowResources(observed, src, opts);
    if (narrowed) return { ...base, resources: narrowed, notResources: undefined };
  }
  return sourceScope(sources[0]!);
}

function sourceScope(src: GrantSource): Scope {
  return {
    ...(src.notResources ? { notResources: src.notResources } : { resources: src.resources ?? ['*'] }),
    ...(src.condition ? { condition: src.condition } : {}),
  };
}

/** Observed ARNs (or their common-prefix pattern) that the source statement provably allows; undefined if none fits. */
function narrowResources(observed: ResourceSample, src: GrantSource, opts: Required<SuggestOptions>): string[] | undefined {
  const allowed = (p: string) => patternAllowed(p, src.resources, src.notResources);
  const complete = !observed.overflow;
  if (complete && observed.arns.length <= opts.maxListedResources) {
    return observed.arns.every((a) => resourceAllowed(a, src.resources, src.notResources)) ? observed.arns : undefined;
  }
  const prefix = observed.prefix ?? '';
  // A prefix that is only the ARN's fixed head ("arn:aws:s3:::") would say nothing: keep the grant's own scope.
  if (prefix.split(':').slice(5).join(':').length === 0) {
    return complete && observed.arns.every((a) => resourceAllowed(a, src.resources, src.notResources)) ? observed.arns : undefined;
  }
  const pattern = `${prefix}*`;
  if (allowed(pattern)) return [pattern];
  return complete && observed.arns.every((a) => resourceAllowed(a, src.resources, src.notResources)) ? observed.arns : undefined;
}

function scopeKey(s: Scope): string {
  return JSON.stringify([s.resources ?? null, s.notResources ?? null, s.condition ?? null]);
}

function pascal(service: string): string {
  return service
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

function statementsFor(
  groups: Map<string, { service: string; scope: Scope; actions: string[] }>,
  sidPrefix: string,
): PolicyStatementJson[] {
  const out: PolicyStatementJson[] = [];
  const perService = new Map<string, number>();
  const sorted = [...groups.values()].sort((a, b) =>
    a.service !== b.service ? (a.service < b.service ? -1 : 1) : scopeKey(a.scope) < scopeKey(b.scope) ? -1 : 1,
  );
  for (const g of sorted) {
    const n = (perService.get(g.service) ?? 0) + 1;
    perService.set(g.service, n);
    const st: PolicyStatementJson = {
      Sid: `${sidPrefix}${pascal(g.service)}${n > 1 ? n : ''}`,
      Effect: 'Allow',
      Action: [...g.actions].sort(),
    };
    if (g.scope.notResources) st.NotResource = g.scope.notResources;
    else st.Resource = g.scope.resources ?? ['*'];
    if (g.scope.condition) st.Condition = g.scope.condition;
    out.push(st);
  }
  return out;
}

function addToGroup(
  groups: Map<string, { service: string; scope: Scope; actions: string[] }>,
  action: string,
  scope: Scope,
): void {
  const service = action.slice(0, action.indexOf(':'));
  const key = `${service}|${scopeKey(scope)}`;
  const g = groups.get(key);
  if (g) g.actions.push(action);
  else groups.set(key, { service, scope, actions: [action] });
}

/** Characters IAM counts: the JSON without whitespace. */
export function policySize(doc: PolicyJson): number {
  return JSON.stringify(doc).length;
}

/** Pack statements into as few documents as fit the size limit; an oversized statement is split by action. */
export function splitIntoDocuments(statements: PolicyStatementJson[], maxChars: number): PolicyJson[] {
  const docs: PolicyJson[] = [];
  let current: PolicyJson = { Version: '2012-10-17', Statement: [] };
  const fits = (doc: PolicyJson) => policySize(doc) <= maxChars;
  const pieces: PolicyStatementJson[] = [];
  for (const st of statements) {
    if (fits({ Version: '2012-10-17', Statement: [st] }) || st.Action.length <= 1) {
      pieces.push(st);
      continue;
    }
    // Halve the action list until each part fits on its own.
    const queue = [st];
    let part = 0;
    while (queue.length > 0) {
      const s = queue.shift()!;
      if (fits({ Version: '2012-10-17', Statement: [s] }) || s.Action.length <= 1) {
        pieces.push({ ...s, Sid: `${st.Sid}Part${++part}` });
      } else {
        const mid = Math.ceil(s.Action.length / 2);
        queue.unshift({ ...s, Action: s.Action.slice(0, mid) }, { ...s, Action: s.Action.slice(mid) });
      }
    }
  }
  for (const st of pieces) {
    const next: PolicyJson = { Version: '2012-10-17', Statement: [...current.Statement, st] };
    if (current.Statement.length > 0 && !fits(next)) {
      docs.push(current);
      current = { Version: '2012-10-17', Statement: [st] };
    } else {
      current = next;
    }
  }
  if (current.Statement.length > 0) docs.push(current);
  return docs;
}

/**
 * Build the suggested policy documents.
 * `used`: used actions that the role is granted (others cannot be suggested: never broader than the grant).
 * `keep`: granted actions that are not observable in this input.
 * `usedEarlier`: granted actions IAM last-accessed data says were used before the window (kept, in their own statements).
 */
export function suggestPolicy(
  catalog: Catalog,
  grants: ReadonlyMap<string, GrantedAction>,
  used: UsedForSuggestion[],
  keep: string[],
  options: SuggestOptions = {},
  usedEarlier: readonly string[] = [],
): PolicyJson[] {
  const opts = { ...DEFAULTS, ...options };
  const usedGroups = new Map<string, { service: string; scope: Scope; actions: string[] }>();
  for (const u of used) {
    const g = grants.get(u.action);
    if (!g) continue;
    addToGroup(usedGroups, u.action, scopeForUsed(catalog, g, u.resources, opts));
  }
  const keptAsGranted = (actions: readonly string[]) => {
    const groups = new Map<string, { service: string; scope: Scope; actions: string[] }>();
    for (const action of actions) {
      const g = grants.get(action);
      if (!g) continue;
      const src = [...g.grantedBy].sort((a, b) => Number(!!a.condition) - Number(!!b.condition))[0]!;
      addToGroup(groups, action, sourceScope(src));
    }
    return groups;
  };
  const statements = [
    ...statementsFor(usedGroups, 'Used'),
    ...statementsFor(keptAsGranted(usedEarlier), 'KeepUsedEarlier'),
    ...statementsFor(keptAsGranted(keep), 'KeepNotObservable'),
  ];
  if (statements.length === 0) return [];
  return splitIntoDocuments(statements, opts.maxDocumentChars);
}
