/**
 * What changed since the previous report: the headline of every weekly report. Per role:
 * permissions granted since (policy changes), actions that became used or unused, new
 * kinds of denial. A role that gained a wildcard grant or a permissions-management action
 * comes first.
 */
import type { AccessLevel } from '../model.ts';
import type { Drift, Report, RevisionEntry, RoleDrift, RoleReport, WildcardGrant } from '../report/schema.ts';
import { hasRevisionDrift } from '../workloads/revisions.ts';

/** Every action the report shows as granted (used and granted, unused, not observable). */
function granted(r: RoleReport): Map<string, AccessLevel> {
  const m = new Map<string, AccessLevel>();
  for (const u of r.used) if (u.granted) m.set(u.action, u.accessLevel);
  for (const u of r.unused) m.set(u.action, u.accessLevel);
  for (const n of r.notObservable) m.set(n.action, n.accessLevel);
  return m;
}

/** A wildcard statement in one line, `Policy#Sid: s3:*, sqs:Send*`: how drift names it and renderers print it. */
export function wildcardGrantLabel(w: WildcardGrant): string {
  return `${w.policy}${w.sid ? `#${w.sid}` : ''}: ${w.actions.join(', ')}`;
}

/** Compare two reports of the same account: per current role what changed, escalations first, and roles gone since. */
export function diffReports(previous: Report, current: Report): Drift {
  const prevRoles = new Map(previous.roles.map((r) => [r.roleArn, r]));
  const roles: RoleDrift[] = [];
  for (const cur of current.roles) {
    const prev = prevRoles.get(cur.roleArn);
    const g = granted(cur);
    // A role whose grants were unknown either time has no meaningful grant diff.
    const comparable = !!prev && prev.grantsStatus !== 'unknown' && cur.grantsStatus !== 'unknown';
    const pg = prev ? granted(prev) : new Map<string, AccessLevel>();
    const newlyGranted = comparable ? [...g].filter(([a]) => !pg.has(a)).map(([action, accessLevel]) => ({ action, accessLevel })) : [];
    const noLongerGranted = comparable ? [...pg.keys()].filter((a) => !g.has(a)) : [];
    const prevWild = new Set((prev?.wildcardGrants ?? []).map(wildcardGrantLabel));
    const newWildcardGrants = prev ? cur.wildcardGrants.map(wildcardGrantLabel).filter((w) => !prevWild.has(w)) : [];
    const prevUsed = new Set(prev?.used.map((u) => u.action) ?? []);
    const curUsed = new Set(cur.used.map((u) => u.action));
    const becameUsed = prev ? [...curUsed].filter((a) => !prevUsed.has(a)).sort() : [];
    const curUnused = new Set(cur.unused.map((u) => u.action));
    const becameUnused = prev ? [...prevUsed].filter((a) => curUnused.has(a)).sort() : [];
    const prevDenials = new Set(prev?.denied.map((d) => `${d.action}|${d.cause}`) ?? []);
    const newDenials = cur.denied.filter((d) => !prevDenials.has(`${d.action}|${d.cause}`)).map((d) => ({ action: d.action, cause: d.cause }));
    const escalation = newWildcardGrants.length > 0 || newlyGranted.some((n) => n.accessLevel === 'Permissions management');
    const revisions = revisionsSince(cur.revisions, previous.generatedAt);
    roles.push({
      roleArn: cur.roleArn,
      roleName: cur.roleName,
      newRole: !prev,
      newlyGranted: newlyGranted.sort((a, b) => (a.action < b.action ? -1 : 1)),
      noLongerGranted: noLongerGranted.sort(),
      newWildcardGrants,
      becameUsed,
      becameUnused,
      newDenials,
      ...(revisions.length ? { revisions } : {}),
      escalation,
    });
  }
  const currentArns = new Set(current.roles.map((r) => r.roleArn));
  roles.sort((a, b) => Number(b.escalation) - Number(a.escalation) || b.newlyGranted.length - a.newlyGranted.length || (a.roleName < b.roleName ? -1 : 1));
  return { previousGeneratedAt: previous.generatedAt, roles, removedRoles: previous.roles.map((r) => r.roleArn).filter((a) => !currentArns.has(a)) };
}

/**
 * The revision drift that began after `since`: new calls and denials first seen since, and
 * what the newest revision stopped doing when it was deployed since.
 */
function revisionsSince(revisions: readonly RevisionEntry[] | undefined, since: string): RevisionEntry[] {
  const out: RevisionEntry[] = [];
  for (const r of revisions ?? []) {
    const deployedSince = (r.firstTask ?? r.firstSeen) > since;
    const fresh: RevisionEntry = {
      ...r,
      newActions: r.newActions.filter((a) => a.firstSeen > since),
      newDenials: r.newDenials.filter((d) => d.firstSeen > since),
      stoppedActions: deployedSince ? r.stoppedActions : [],
    };
    if (hasRevisionDrift(fresh)) out.push(fresh);
  }
  return out;
}

/** Does this role's drift say anything? */
export function hasChanges(d: RoleDrift): boolean {
  return d.newRole || d.newlyGranted.length > 0 || d.noLongerGranted.length > 0 || d.newWildcardGrants.length > 0 || d.becameUsed.length > 0 || d.becameUnused.length > 0 || d.newDenials.length > 0 || (d.revisions?.length ?? 0) > 0;
}
