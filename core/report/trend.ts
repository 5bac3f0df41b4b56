/**
 * The weekly trend: a few numbers per archived report (unused permissions, wildcard
 * grants, denied calls; in total and per role), small enough that a renderer can take many
 * weeks of them while a full report is megabytes. The stack derives one point from each
 * archived `reports/<week>/report.json`, the CLI from the reports given with `--history`.
 */
import type { Report, RoleReport } from './schema.ts';

/** One role's numbers in one week. */
export interface TrendRole {
  roleArn: string;
  roleName: string;
  unused: number;
  wildcardGrants: number;
  deniedCalls: number;
}

/** One week's numbers. */
export interface TrendPoint {
  /** ISO week of the report (`2026-W47`): one point per week. */
  week: string;
  generatedAt: string;
  totals: { roles: number; unused: number; wildcardGrants: number; deniedCalls: number };
  roles: TrendRole[];
}

/** How many weeks a trend shows by default, this report's included. */
export const TREND_WEEKS = 12;

const deniedCalls = (r: RoleReport) => r.denied.reduce((n, d) => n + d.count, 0);

/** The trend point of one report, labelled with its week (`isoWeek(report.generatedAt)`). */
export function trendPoint(report: Report, week: string): TrendPoint {
  const roles = report.roles.map((r) => ({
    roleArn: r.roleArn,
    roleName: r.roleName,
    unused: r.unused.length,
    wildcardGrants: r.wildcardGrants.length,
    deniedCalls: deniedCalls(r),
  }));
  return {
    week,
    generatedAt: report.generatedAt,
    totals: {
      roles: roles.length,
      unused: roles.reduce((n, r) => n + r.unused, 0),
      wildcardGrants: roles.reduce((n, r) => n + r.wildcardGrants, 0),
      deniedCalls: roles.reduce((n, r) => n + r.deniedCalls, 0),
    },
    roles,
  };
}

/**
 * The series a renderer shows: one point per week, oldest first, ending with `current`.
 * Of two reports of one week the later one counts (the stack's archive keeps only the
 * last; `--history` may be given both), and `current` replaces any earlier point of its
 * own week. Weeks after `current` are left out; at most `weeks` points are kept.
 */
export function trendSeries(history: readonly TrendPoint[], current: TrendPoint, weeks = TREND_WEEKS): TrendPoint[] {
  const byWeek = new Map<string, TrendPoint>();
  for (const p of history) {
    if (p.week >= current.week) continue;
    const seen = byWeek.get(p.week);
    if (!seen || p.generatedAt > seen.generatedAt) byWeek.set(p.week, p);
  }
  const earlier = [...byWeek.values()].sort((a, b) => (a.week < b.week ? -1 : 1));
  return [...earlier, current].slice(-Math.max(1, weeks));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a role of an earlier report cannot be compared (undefined when it can). */
function roleProblem(r: unknown, i: number): string | undefined {
  if (!isObject(r)) return `roles[${i}] is not an object`;
  if (typeof r.roleArn !== 'string' || typeof r.roleName !== 'string') return `roles[${i}] has no roleArn or roleName`;
  for (const list of ['used', 'unused', 'notObservable', 'denied', 'wildcardGrants'] as const) {
    if (!Array.isArray(r[list])) return `roles[${i}].${list} is not a list`;
  }
  if (!(r.denied as unknown[]).every((d) => isObject(d) && typeof d.count === 'number')) return `roles[${i}].denied has an entry without a count`;
  return undefined;
}

/**
 * An earlier report read from a file, checked for what the trend and the drift comparison
 * read (schema version, time, each role's lists); a problem says what is wrong, so a
 * caller can name the file instead of failing on it halfway.
 */
export function asEarlierReport(value: unknown): { report: Report } | { problem: string } {
  if (!isObject(value) || value.schemaVersion !== 1) return { problem: 'not a policy-drift JSON report (schemaVersion 1)' };
  if (typeof value.generatedAt !== 'string' || !Number.isFinite(Date.parse(value.generatedAt))) return { problem: 'generatedAt is not a time' };
  if (!Array.isArray(value.roles)) return { problem: 'roles is not a list' };
  const problem = value.roles.map(roleProblem).find((p) => p !== undefined);
  return problem ? { problem } : { report: value as unknown as Report };
}
