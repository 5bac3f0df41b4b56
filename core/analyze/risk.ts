/**
 * How risky a role's grants are, in one place: the score roles are ranked by, the label
 * renderers print, and the weight that orders a role's services by unused risk. The
 * weights say that unused permissions management outranks any number of wildcard
 * statements, which outrank any number of unused writes.
 */
import type { AccessLevel } from '../model.ts';
import type { RiskLabel, RoleReport, RoleRisk, UnusedEntry } from '../report/schema.ts';

/** Roles sort by this, highest first: unused permissions management, then wildcard grants, then unused writes. */
export function riskScore(risk: Omit<RoleRisk, 'score'>): number {
  const pm = risk.unusedByAccessLevel['Permissions management'] ?? 0;
  const write = (risk.unusedByAccessLevel.Write ?? 0) + (risk.unusedByAccessLevel.Tagging ?? 0);
  const rest = (risk.unusedByAccessLevel.Read ?? 0) + (risk.unusedByAccessLevel.List ?? 0);
  return pm * 1000 + risk.wildcardGrants * 500 + write * 10 + rest;
}

/** A role's risk from its unused actions (in access-level order) and its number of wildcard statements. */
export function roleRisk(unused: readonly UnusedEntry[], wildcardGrants: number): RoleRisk {
  const unusedByAccessLevel: RoleRisk['unusedByAccessLevel'] = {};
  const unusedByService: Record<string, number> = {};
  for (const u of unused) {
    unusedByAccessLevel[u.accessLevel] = (unusedByAccessLevel[u.accessLevel] ?? 0) + 1;
    const service = u.action.slice(0, u.action.indexOf(':'));
    unusedByService[service] = (unusedByService[service] ?? 0) + 1;
  }
  const base = { unusedByAccessLevel, unusedByService, wildcardGrants };
  return { score: riskScore(base), ...base };
}

/** A short risk label for a role. */
export function riskLabel(role: RoleReport): RiskLabel {
  const pm = role.risk.unusedByAccessLevel['Permissions management'] ?? 0;
  const write = role.risk.unusedByAccessLevel.Write ?? 0;
  if (pm > 0 || (role.risk.wildcardGrants > 0 && write > 0)) return 'high';
  if (write > 0 || role.denied.length > 0) return 'medium';
  return 'low';
}

/** Orders a role's services by unused risk, highest first: permissions management, then writes, then how many. */
export function serviceRiskWeight(byLevel: Partial<Record<AccessLevel, number>>, total: number): number {
  return (byLevel['Permissions management'] ?? 0) * 1000 + (byLevel.Write ?? 0) * 10 + total;
}
