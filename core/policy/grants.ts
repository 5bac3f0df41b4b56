/**
 * A role's policies → the actions it is effectively allowed.
 *
 * Allow statements (Action or NotAction, wildcards expanded against the catalog), each
 * limited to the actions its `Resource` / `NotResource` can reach (`reach.ts`), minus
 * unconditional Deny statements that cover every resource of the action, intersected with
 * the permissions boundary (an action stays when some boundary Allow reaches it). Deny
 * statements under a condition or scoped to some resources, and boundary statements that
 * allow an action only on some resources or under a condition, do not remove the action:
 * it is still allowed somewhere. The role's own partial Denies stay on the action
 * (`deniedBy`) for the suggested policy to carry.
 */
import type { Catalog, CatalogAction } from '../catalog/catalog.ts';
import type { AttachedPolicy, DenySource, EffectiveGrants, GrantSource, GrantedAction, RoleGrants, Statement } from '../model.ts';
import { ReachCache, partitionOf, type ResourceScope } from './reach.ts';
import { iamResourcePattern, matchesEverything } from '../arn-pattern.ts';

export interface GrantsOptions {
  /**
   * Expansion cache shared across roles for one run: many roles attach the same managed
   * policy, and `*` or `NotAction` expand to the whole catalog. Default: a fresh cache.
   */
  cache?: ExpansionCache;
}

/**
 * Statement action lists → catalog actions, and Allow statements → the grants they make,
 * memoised for a run: roles that attach the same managed policy share one expansion and
 * the same (never mutated) `GrantedAction` objects.
 */
export class ExpansionCache {
  private readonly entries = new Map<string, Expansion>();
  private readonly grants = new Map<string, StatementGrants>();
  /** What statements' resources reach, shared by every role of the run. */
  readonly reach = new ReachCache();
  constructor(private readonly catalog: Catalog) {}

  /** The grants of one Allow statement of a policy, shared by every role (of that partition) that has it. */
  statementGrants(policyName: string, statement: Statement, partition = 'aws'): StatementGrants {
    const key = `${partition}\u0001${policyName}\u0001${JSON.stringify(statement)}`;
    let hit = this.grants.get(key);
    if (!hit) {
      const exp = this.expand(statement);
      const reached = reachesEverything(statement) ? exp.actions : exp.actions.filter((a) => this.reach.allows(statement, a, partition));
      const source: GrantSource = {
        policy: policyName,
        ...(statement.sid ? { sid: statement.sid } : {}),
        ...(statement.resources ? { resources: statement.resources } : {}),
        ...(statement.notResources ? { notResources: statement.notResources } : {}),
        ...(statement.condition ? { condition: statement.condition } : {}),
        viaWildcard: exp.viaWildcard,
      };
      hit = {
        source,
        unknown: exp.unknown,
        granted: reached.map((a) => Object.freeze({ action: a.action, accessLevel: a.accessLevel, grantedBy: Object.freeze([source]) as GrantSource[] })),
      };
      this.grants.set(key, hit);
    }
    return hit;
  }

  /** Expand one statement's Action / NotAction list. */
  expand(statement: Statement): Expansion {
    const notAction = statement.notActions !== undefined;
    const patterns = statement.actions ?? statement.notActions ?? [];
    const key = `${notAction ? 'N' : 'A'}|${patterns.join('\u0000').toLowerCase()}`;
    let hit = this.entries.get(key);
    if (!hit) {
      hit = expandPatterns(this.catalog, patterns, notAction);
      this.entries.set(key, hit);
    }
    return hit;
  }
}

export interface StatementGrants {
  source: GrantSource;
  unknown: string[];
  /** Frozen: shared between roles. */
  granted: readonly GrantedAction[];
}

export interface Expansion {
  actions: readonly CatalogAction[];
  /** Literal actions the catalog does not know (kept for the report). */
  unknown: string[];
  viaWildcard: boolean;
}

function expandPatterns(catalog: Catalog, patterns: string[], notAction: boolean): Expansion {
  const matched = new Set<CatalogAction>();
  const unknown: string[] = [];
  let wildcard = notAction;
  for (const p of patterns) {
    const isWild = p.includes('*') || p.includes('?');
    wildcard ||= isWild;
    const hits = catalog.expand(p);
    if (hits.length === 0) unknown.push(p);
    for (const a of hits) matched.add(a);
  }
  const actions = notAction ? catalog.all().filter((a) => !matched.has(a)) : [...matched];
  return { actions, unknown, viaWildcard: wildcard };
}

/** Does the statement's `Resource` hold a pattern that matches everything (`*`)? Then it reaches every action. */
function reachesEverything(s: ResourceScope): boolean {
  return s.notResources === undefined && (s.resources ?? []).some((p) => matchesEverything(iamResourcePattern(p)));
}

/** A Deny that applies whatever the request's context: no condition. */
function isUnconditionalDeny(s: Statement): boolean {
  return s.effect === 'Deny' && !s.condition;
}

/** The actions a Deny statement can refuse on some resource (its resources reach them). */
function denyReach(cache: ExpansionCache, s: Statement, partition: string): readonly CatalogAction[] {
  const actions = cache.expand(s).actions;
  return reachesEverything(s) ? actions : actions.filter((a) => cache.reach.allows(s, a, partition));
}

function denySource(policy: string, s: Statement): DenySource {
  return {
    policy,
    ...(s.sid ? { sid: s.sid } : {}),
    ...(s.resources ? { resources: s.resources } : {}),
    ...(s.notResources ? { notResources: s.notResources } : {}),
    ...(s.condition ? { condition: s.condition } : {}),
  };
}

/** Why a policy's document cannot be used as read, for the role's grant problems. */
function policyProblem(p: AttachedPolicy, boundary: boolean): string {
  const problem = p.problem ?? 'document unavailable';
  // A boundary only takes permissions away: without it, grants (and so unused) may be overstated.
  if (boundary) return `permissions boundary ${p.name}: ${problem}${p.document ? '' : '; its limits could not be applied, so grants and unused may be overstated'}`;
  return `${p.kind} policy ${p.name}: ${problem}`;
}

/** Actions an unconditional Deny statement refuses on every resource they can have. */
function deniedEverywhere(cache: ExpansionCache, s: Statement, partition: string): CatalogAction[] {
  if (!isUnconditionalDeny(s)) return [];
  const actions = cache.expand(s).actions;
  return reachesEverything(s) ? [...actions] : actions.filter((a) => cache.reach.deniesEverywhere(s, a, partition));
}

/** The actions a permissions boundary lets through (some Allow reaches them), and those it denies everywhere. */
function boundaryLimits(cache: ExpansionCache, boundary: AttachedPolicy, partition: string): { allowed: Set<string>; denied: CatalogAction[] } {
  const allowed = new Set<string>();
  const denied: CatalogAction[] = [];
  for (const s of boundary.document!.statements) {
    if (s.effect === 'Deny') {
      denied.push(...deniedEverywhere(cache, s, partition));
      continue;
    }
    const all = reachesEverything(s);
    for (const a of cache.expand(s).actions) if (all || cache.reach.allows(s, a, partition)) allowed.add(a.action);
  }
  return { allowed, denied };
}

/** Compute the effective allowed actions of one role. */
export function effectiveGrants(role: RoleGrants, catalog: Catalog, options: GrantsOptions = {}): EffectiveGrants {
  const cache = options.cache ?? new ExpansionCache(catalog);
  const partition = partitionOf(role.roleArn);
  const actions = new Map<string, GrantedAction>();
  const unknownActions: EffectiveGrants['unknownActions'] = [];
  const problems: string[] = [...(role.problems ?? [])];
  const denied = new Set<string>();

  const readable = (p: AttachedPolicy, boundary = false) => {
    if (!p.document || p.problem) problems.push(policyProblem(p, boundary));
    return p.document !== undefined;
  };

  // Actions granted by one statement share that statement's frozen object; an action
  // granted twice gets a copy of its own.
  const owned = new Set<GrantedAction>();
  const own = (g: GrantedAction): GrantedAction => {
    if (owned.has(g)) return g;
    const copy = { ...g, grantedBy: [...g.grantedBy], ...(g.deniedBy ? { deniedBy: [...g.deniedBy] } : {}) };
    owned.add(copy);
    actions.set(copy.action, copy);
    return copy;
  };

  const partialDenies: { policy: string; statement: Statement }[] = [];
  for (const policy of role.policies.filter((p) => readable(p))) {
    for (const s of policy.document!.statements) {
      if (s.effect === 'Deny') {
        for (const a of deniedEverywhere(cache, s, partition)) denied.add(a.action);
        partialDenies.push({ policy: policy.name, statement: s });
        continue;
      }
      const sg = cache.statementGrants(policy.name, s, partition);
      for (const u of sg.unknown) unknownActions.push({ action: u, policy: policy.name });
      for (const g of sg.granted) {
        const current = actions.get(g.action);
        if (!current) actions.set(g.action, g);
        else own(current).grantedBy.push(sg.source);
      }
    }
  }

  if (role.boundary && readable(role.boundary, true)) {
    const limits = boundaryLimits(cache, role.boundary, partition);
    for (const a of limits.denied) denied.add(a.action);
    for (const name of actions.keys()) if (!limits.allowed.has(name)) denied.add(name);
  }

  for (const name of denied) actions.delete(name);
  for (const { policy, statement } of partialDenies) {
    const source = denySource(policy, statement);
    for (const a of denyReach(cache, statement, partition)) {
      const g = actions.get(a.action);
      if (g) (own(g).deniedBy ??= []).push(source);
    }
  }
  return { roleArn: role.roleArn, actions, unknownActions, problems };
}
