/**
 * How risky a role's grants are, in one place: the label renderers print and the score
 * roles are ranked by come from one function, so a "low" role never ranks above a
 * "medium" one. The label decides the band; inside a band the weights say that unused
 * permissions management outranks any number of wildcard statements, which outrank any
 * number of unused writes. Also the weight that orders a role's services by unused risk.
 */
import type { AccessLevel } from '../model.ts';
import type { RiskLabel, RoleReport, RoleRisk, UnusedEntry, WildcardGrant } from '../report/schema.ts';

/** What the risk reads beyond the unused actions and the number of wildcard statements. */
export interface RiskFacts {
  /** Actions the role was denied in the window. Default 0. */
  denied?: number;
  /** The role holds a service wildcard (or `*`, or NotAction) on every resource (`isBroadWildcard`). Default false. */
  broadWildcard?: boolean;
  /**
   * Its sessions were used from outside AWS (stolen credentials look like this). Default
   * false: the usage aggregate does not record where calls came from yet.
   */
  usedOutsideAws?: boolean;
}

const BAND: Record<RiskLabel, number> = { high: 2, medium: 1, low: 0 };
/** Wider than any score inside a band (22,000 actions × 1,000 at most). */
const BAND_WIDTH = 1e9;

/** The label: high for unused permissions management, wildcards with unused writes, or a broad wildcard used from outside AWS. */
function labelOf(byLevel: RoleRisk['unusedByAccessLevel'], wildcardGrants: number, facts: RiskFacts): RiskLabel {
  const pm = byLevel['Permissions management'] ?? 0;
  const write = byLevel.Write ?? 0;
  if (pm > 0 || (wildcardGrants > 0 && write > 0) || (facts.broadWildcard && facts.usedOutsideAws)) return 'high';
  if (write > 0 || (facts.denied ?? 0) > 0) return 'medium';
  return 'low';
}

/** The score inside a band: unused permissions management, then wildcard grants, then unused writes, then the rest. */
function bandScore(byLevel: RoleRisk['unusedByAccessLevel'], wildcardGrants: number): number {
  const pm = byLevel['Permissions management'] ?? 0;
  const write = (byLevel.Write ?? 0) + (byLevel.Tagging ?? 0);
  const rest = (byLevel.Read ?? 0) + (byLevel.List ?? 0);
  return pm * 1000 + wildcardGrants * 500 + write * 10 + rest;
}

/** A role's risk (label and score together) from its unused actions, its number of wildcard statements, and the facts. */
export function roleRisk(unused: readonly UnusedEntry[], wildcardGrants: number, facts: RiskFacts = {}): RoleRisk {
  const unusedByAccessLevel: RoleRisk['unusedByAccessLevel'] = {};
  const unusedByService: Record<string, number> = {};
  for (const u of unused) {
    unusedByAccessLevel[u.accessLevel] = (unusedByAccessLevel[u.accessLevel] ?? 0) + 1;
    const service = u.action.slice(0, u.action.indexOf(':'));
    unusedByService[service] = (unusedByService[service] ?? 0) + 1;
  }
  // One derivation for both: roles sort by the label's band first, so the ranking and the label agree.
  const label = labelOf(unusedByAccessLevel, wildcardGrants, facts);
  const score = BAND[label] * BAND_WIDTH + bandScore(unusedByAccessLevel, wildcardGrants);
  return { label, score, unusedByAccessLevel, unusedByService, wildcardGrants };
}

/** A short risk label for a role: the one its risk was scored with (derived again for reports written before labels were stored). */
export function riskLabel(role: RoleReport): RiskLabel {
  return role.risk.label ?? labelOf(role.risk.unusedByAccessLevel, role.risk.wildcardGrants, { denied: role.denied.length });
}

/** Is this wildcard statement a service wildcard (or `*`, or NotAction) on every resource? */
export function isBroadWildcard(w: WildcardGrant): boolean {
  const everywhere = w.resources.includes('*');
  const serviceWide = w.actions.some((a) => a === '*' || a.startsWith('NotAction: ') || /^[^:]+:\*$/.test(a));
  return everywhere && serviceWide;
}

/** Orders a role's services by unused risk, highest first: permissions management, then writes, then how many. */
export function serviceRiskWeight(byLevel: Partial<Record<AccessLevel, number>>, total: number): number {
  return (byLevel['Permissions management'] ?? 0) * 1000 + (byLevel.Write ?? 0) * 10 + total;
}
