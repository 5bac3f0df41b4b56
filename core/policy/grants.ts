/**
 * A role's policies → the actions it is effectively allowed.
 *
 * Allow statements (Action or NotAction, wildcards expanded against the catalog), minus
 * unconditional Deny statements on every resource, intersected with the permissions
 * boundary. Deny statements scoped by resource or condition, and boundary statements that
 * allow an action only on some resources or under a condition, do not remove the action:
 * it is still allowed somewhere.
 */
import type { Catalog, CatalogAction } from '../catalog/catalog.ts';
import type { AttachedPolicy, EffectiveGrants, GrantSource, GrantedAction, RoleGrants, Statement } from '../model.ts';

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
  constructor(private readonly catalog: Catalog) {}

  /** The grants of one Allow statement of a policy, shared by every role that has it. */
  statementGrants(policyName: string, statement: Statement): StatementGrants {
    const key = `${policyName}\u0001${JSON.stringify(statement)}`;
    let hit = this.grants.get(key);
    if (!hit) {
      const exp = this.expand(statement);
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
        granted: exp.actions.map((a) => Object.freeze({ action: a.action, accessLevel: a.accessLevel, grantedBy: Object.freeze([source]) as GrantSource[] })),
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

/** A Deny that applies to every request for its actions: no condition, every resource. */
function isUnconditionalDeny(s: Statement): boolean {
  return s.effect === 'Deny' && !s.condition && s.notResources === undefined && (s.resources ?? []).includes('*');
}

/** Compute the effective allowed actions of one role. */
export function effectiveGrants(role: RoleGrants, catalog: Catalog, options: GrantsOptions = {}): EffectiveGrants {
  const cache = options.cache ?? new ExpansionCache(catalog);
  const actions = new Map<string, GrantedAction>();
  const unknownActions: EffectiveGrants['unknownActions'] = [];
  const problems: string[] = [];
  const denied = new Set<string>();

  const readable = (p: AttachedPolicy) => {
    if (!p.document || p.problem) problems.push(`${p.kind} policy ${p.name}: ${p.problem ?? 'document unavailable'}`);
    return p.document !== undefined;
  };

  // Actions granted by one statement share that statement's frozen object; an action
  // granted twice gets a copy of its own.
  const owned = new Set<GrantedAction>();
  const own = (g: GrantedAction): GrantedAction => {
    if (owned.has(g)) return g;
    const copy = { ...g, grantedBy: [...g.grantedBy] };
    owned.add(copy);
    actions.set(copy.action, copy);
    return copy;
  };

  for (const policy of role.policies.filter(readable)) {
    for (const s of policy.document!.statements) {
      if (s.effect === 'Deny') {
        if (isUnconditionalDeny(s)) for (const a of cache.expand(s).actions) denied.add(a.action);
        continue;
      }
      const sg = cache.statementGrants(policy.name, s);
      for (const u of sg.unknown) unknownActions.push({ action: u, policy: policy.name });
      for (const g of sg.granted) {
        const current = actions.get(g.action);
        if (!current) actions.set(g.action, g);
        else own(current).grantedBy.push(sg.source);
      }
    }
  }

  if (role.boundary && readable(role.boundary)) {
    // An action the boundary allows in any statement stays; one it never allows, or denies
    // unconditionally everywhere, goes.
    const allowedByBoundary = new Set<string>();
    for (const s of role.boundary.document!.statements) {
      if (s.effect === 'Allow') for (const a of cache.expand(s).actions) allowedByBoundary.add(a.action);
      else if (isUnconditionalDeny(s)) for (const a of cache.expand(s).actions) denied.add(a.action);
    }
    for (const name of actions.keys()) if (!allowedByBoundary.has(name)) denied.add(name);
  }

  for (const name of denied) actions.delete(name);
  return { roleArn: role.roleArn, actions, unknownActions, problems };
}
