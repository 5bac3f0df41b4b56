/**
 * The suggested policy: exactly the used actions the role holds today, resources narrowed
 * to what was observed where the action's resource type allows it (volatile path
 * segments generalised, `narrow.ts`), conditions of the granting statements kept, never
 * broader than today's grant. Granted actions CloudTrail could not show are kept in their
 * own marked statements: removing them could break the workload. Documents are split to
 * stay within IAM's managed-policy size limit. Each narrowed statement says what it was
 * narrowed from, beside the policy (the policy itself stays valid IAM JSON).
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { DenySource, GrantSource, GrantedAction } from '../model.ts';
import type { NarrowedStatement, PolicyJson, PolicyStatementJson } from '../report/schema.ts';
import type { ResourceSample } from '../usage/sorted-set.ts';
import { narrowResources } from './narrow.ts';
import { resourceAllowed } from './resource-pattern.ts';

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
  /** The granting statement the resources were narrowed from (not part of the grouping key). */
  narrowedFrom?: GrantSource;
}

interface Group {
  service: string;
  scope: Scope;
  actions: string[];
  /** Granting statements the group's resources were narrowed from, in the order met. */
  from: GrantSource[];
}

/** The scope of `src` narrowed to `resources` (noting what it was narrowed from, when it changed). */
function narrowedScope(resources: string[], src: GrantSource): Scope {
  const same = JSON.stringify(resources) === JSON.stringify(src.resources ?? null);
  return { resources, ...(src.condition ? { condition: src.condition } : {}), ...(same ? {} : { narrowedFrom: src }) };
}

/**
 * The scopes for one used action: observed resources where provably inside a grant, else
 * the grant's own. Each resource seen goes to the first granting statement that allows it,
 * statements without conditions first: an unconditioned statement is what allowed an
 * unconditioned call, and moving that call under another statement's condition could
 * refuse it. One scope when a single statement takes everything seen; otherwise each
 * statement gets the resources it took (the first scope is the `Used…` statement, the
 * others `AlsoUsed…` ones). A sample that overflowed may hide resources under any
 * statement: then one statement that holds the whole sample, else every granting
 * statement as it is.
 */
function scopesForUsed(catalog: Catalog, granted: GrantedAction, observed: ResourceSample, opts: Required<SuggestOptions>): Scope[] {
  const sources = [...granted.grantedBy].sort((a, b) => Number(!!a.condition) - Number(!!b.condition));
  const info = catalog.lookup(granted.action);
  const narrowable = info && !info.wildcardOnly && info.resourceArnPatterns.length > 0;
  if (!narrowable || observed.arns.length === 0) return [sourceScope(sources[0]!)];
  if (observed.overflow) {
    for (const src of sources) {
      const narrowed = narrowResources(observed, src, opts.maxListedResources);
      if (narrowed) return [narrowedScope(narrowed, src)];
    }
    return sources.map(sourceScope);
  }
  const scopes: Scope[] = [];
  let left = observed.arns;
  for (const src of sources) {
    const mine = left.filter((arn) => resourceAllowed(arn, src.resources, src.notResources));
    if (mine.length === 0) continue;
    left = left.filter((arn) => !mine.includes(arn));
    const narrowed = narrowResources({ arns: mine, overflow: false }, src, opts.maxListedResources);
    scopes.push(narrowed ? narrowedScope(narrowed, src) : sourceScope(src));
  }
  // Nothing seen lies inside the grant (resource policies allowed it): the grant's own scope.
  return scopes.length ? scopes : [sourceScope(sources[0]!)];
}

function sourceScope(src: GrantSource): Scope {
  return {
    ...(src.notResources ? { notResources: src.notResources } : { resources: src.resources ?? ['*'] }),
    ...(src.condition ? { condition: src.condition } : {}),
  };
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

function statementsFor(groups: Map<string, Group>, sidPrefix: string, narrowed: NarrowedStatement[]): PolicyStatementJson[] {
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
    if (g.from.length) narrowed.push({ sid: st.Sid, from: g.from.map(narrowedFromEntry) });
  }
  return out;
}

/** What one narrowed statement came from: `Policy#Sid` and that statement's resources, as the report prints them. */
function narrowedFromEntry(src: DenySource): NarrowedStatement['from'][number] {
  return {
    grantedBy: src.sid ? `${src.policy}#${src.sid}` : src.policy,
    resources: src.notResources ? src.notResources.map((r) => `NotResource: ${r}`) : (src.resources ?? ['*']),
  };
}

function addToGroup(groups: Map<string, Group>, action: string, scope: Scope): void {
  const service = action.slice(0, action.indexOf(':'));
  const key = `${service}|${scopeKey(scope)}`;
  let g = groups.get(key);
  if (!g) {
    g = { service, scope, actions: [], from: [] };
    groups.set(key, g);
  }
  g.actions.push(action);
  const src = scope.narrowedFrom;
  if (src && !g.from.some((f) => f === src || (f.policy === src.policy && f.sid === src.sid && JSON.stringify(f.resources) === JSON.stringify(src.resources)))) g.from.push(src);
}

/**
 * Today's partial Denies (`deniedBy`) of the suggested actions, as `KeepDeny…` statements
 * cut to those actions: the suggestion replaces the policies that held them, and without
 * them it would allow what today's policies refuse (an `s3:*` grant with a Deny on one
 * bucket, suggested back as `s3:GetObject` on `*`).
 */
function carriedDenies(allows: readonly PolicyStatementJson[], grants: ReadonlyMap<string, GrantedAction>, notes: NarrowedStatement[]): PolicyStatementJson[] {
  const groups = new Map<string, { src: DenySource; actions: Set<string> }>();
  for (const action of new Set(allows.flatMap((st) => st.Action))) {
    for (const src of grants.get(action)?.deniedBy ?? []) {
      const key = JSON.stringify([src.policy, src.sid ?? null, src.resources ?? null, src.notResources ?? null, src.condition ?? null]);
      const g = groups.get(key) ?? { src, actions: new Set<string>() };
      g.actions.add(action);
      groups.set(key, g);
    }
  }
  let n = 0;
  return [...groups.values()].map(({ src, actions }) => {
    const st: PolicyStatementJson = { Sid: `KeepDeny${++n > 1 ? n : ''}`, Effect: 'Deny', Action: [...actions].sort() };
    if (src.notResources) st.NotResource = src.notResources;
    else st.Resource = src.resources ?? ['*'];
    if (src.condition) st.Condition = src.condition;
    notes.push({ sid: st.Sid, from: [narrowedFromEntry(src)], carriedDeny: true });
    return st;
  });
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

/** The suggested documents, and what each narrowed statement was narrowed from (by the statement's Sid). */
export interface Suggestion {
  documents: PolicyJson[];
  narrowed: NarrowedStatement[];
}

/** Granted actions kept for a stated reason, narrowed to resources like used ones, in statements of their own (`Sid` prefix). */
export interface NarrowedKeep {
  sidPrefix: string;
  items: readonly UsedForSuggestion[];
}

/**
 * Build the suggested policy documents, with notes on what was narrowed.
 * `used`: used actions that the role is granted (others cannot be suggested: never broader than the grant).
 * `keep`: granted actions that are not observable in this input.
 * `usedEarlier`: granted actions IAM last-accessed data says were used before the window (kept, in their own statements).
 * `narrowedKeeps`: granted actions kept for other reasons (an execution role's ECS minimum, calls no workload
 * was found for), narrowed to the resources given as used ones are, after the used statements.
 */
export function suggestPolicyWithNotes(
  catalog: Catalog,
  grants: ReadonlyMap<string, GrantedAction>,
  used: UsedForSuggestion[],
  keep: string[],
  options: SuggestOptions = {},
  usedEarlier: readonly string[] = [],
  narrowedKeeps: readonly NarrowedKeep[] = [],
): Suggestion {
  const opts = { ...DEFAULTS, ...options };
  // An action's first scope goes in `groups`; further ones (resources seen under several
  // granting statements) in `also`, statements of their own (`AlsoUsed…`).
  // Kept actions' further scopes stay with their first, under the keep's own prefix.
  const also = new Map<string, Group>();
  const narrowedGroups = (items: readonly UsedForSuggestion[], more: Map<string, Group> | undefined) => {
    const groups = new Map<string, Group>();
    for (const u of items) {
      const g = grants.get(u.action);
      if (!g) continue;
      const [first, ...rest] = scopesForUsed(catalog, g, u.resources, opts);
      addToGroup(groups, u.action, first!);
      for (const scope of rest) addToGroup(more ?? groups, u.action, scope);
    }
    return groups;
  };
  const usedGroups = narrowedGroups(used, also);
  const keptAsGranted = (actions: readonly string[]) => {
    const groups = new Map<string, Group>();
    for (const action of actions) {
      const g = grants.get(action);
      if (!g) continue;
      const src = [...g.grantedBy].sort((a, b) => Number(!!a.condition) - Number(!!b.condition))[0]!;
      addToGroup(groups, action, sourceScope(src));
    }
    return groups;
  };
  const notes: NarrowedStatement[] = [];
  const keptNarrowed = narrowedKeeps.map((k) => statementsFor(narrowedGroups(k.items, undefined), k.sidPrefix, notes));
  const allows = [
    ...statementsFor(usedGroups, 'Used', notes),
    ...statementsFor(also, 'AlsoUsed', notes),
    ...keptNarrowed.flat(),
    ...statementsFor(keptAsGranted(usedEarlier), 'KeepUsedEarlier', notes),
    ...statementsFor(keptAsGranted(keep), 'KeepNotObservable', notes),
  ];
  const statements = [...allows, ...carriedDenies(allows, grants, notes)];
  if (statements.length === 0) return { documents: [], narrowed: [] };
  const documents = splitIntoDocuments(statements, opts.maxDocumentChars);
  // A statement split by action keeps its note under each part's Sid (`UsedS3Part1`, …).
  const bySid = new Map(notes.map((n) => [n.sid, n]));
  const narrowed = documents.flatMap((d) =>
    d.Statement.flatMap((st) => {
      const note = bySid.get(st.Sid) ?? bySid.get(st.Sid.replace(/Part\d+$/, ''));
      return note ? [{ ...note, sid: st.Sid }] : [];
    }),
  );
  return { documents, narrowed };
}

/** Build the suggested policy documents (`suggestPolicyWithNotes` without the notes). */
export function suggestPolicy(...args: Parameters<typeof suggestPolicyWithNotes>): PolicyJson[] {
  return suggestPolicyWithNotes(...args).documents;
}
