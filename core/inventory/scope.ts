/**
 * Scope controls of the deployed stack: which clusters to read and which roles to leave
 * out (by tag, e.g. `policy-drift:ignore=true`, or by ARN pattern). Whatever is left out is
 * listed in the report, with why.
 */
import { iamPatternToRegExp } from '../catalog/catalog.ts';
import type { Inventory } from './inventory.ts';

export interface ScopeConfig {
  /** Cluster name patterns (`*`, `?`); empty means every cluster. */
  includeClusters?: string[];
  excludeClusters?: string[];
  /** `key=value` tags; a role carrying any of them is left out. */
  excludeRoleTags?: string[];
  /** Role ARN patterns. */
  excludeRoleArns?: string[];
}

export interface Excluded {
  roleArn: string;
  reason: string;
}

const matchesAny = (patterns: string[] | undefined, text: string) => (patterns ?? []).some((p) => iamPatternToRegExp(p).test(text));

/** Is this cluster (by name) in scope? */
export function clusterInScope(name: string, scope: ScopeConfig): boolean {
  if (scope.includeClusters?.length && !matchesAny(scope.includeClusters, name)) return false;
  return !matchesAny(scope.excludeClusters, name);
}

/** Remove out-of-scope roles from the inventory, in place; returns what was removed and why. */
export function applyRoleScope(inventory: Inventory, tagsOf: (roleKey: string) => Record<string, string> | undefined, scope: ScopeConfig): Excluded[] {
  const excluded: Excluded[] = [];
  for (const [key, role] of inventory.roles) {
    const tags = tagsOf(key) ?? {};
    const tag = (scope.excludeRoleTags ?? []).find((kv) => {
      const [k, v] = kv.split('=');
      return k !== undefined && tags[k] !== undefined && (v === undefined || tags[k] === v);
    });
    const reason = tag ? `tag ${tag}` : matchesAny(scope.excludeRoleArns, role.roleArn) ? 'ARN pattern' : undefined;
    if (reason) {
      excluded.push({ roleArn: role.roleArn, reason });
      inventory.roles.delete(key);
    }
  }
  return excluded;
}
