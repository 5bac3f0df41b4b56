/**
 * What every renderer says about a role's workloads, revisions and unattributed calls: the
 * words are chosen here, once; the renderers lay them out and escape what came from the
 * input through the `item` function they pass (terminal text, a Markdown code span, plain).
 */
import { SESSIONS_KEPT } from '../usage/model.ts';
import { hasRevisionDrift } from '../workloads/revisions.ts';
import { plural } from './labels.ts';
import type { RevisionEntry, RoleAttribution, RoleReport, WorkloadEntry } from './schema.ts';
import type { Item } from './revision-phrases.ts';

export { revisionPhrases, type Item } from './revision-phrases.ts';


/**
 * A workload as one label: `prod/orders-api (orders-api:14, orders-api:15)` for a service,
 * `nightly-report:3` (or `nightly-report:3, nightly-report:4`) for standalone tasks. The
 * label is input text: renderers escape it whole.
 */
export function workloadEntryLabel(w: WorkloadEntry): string {
  const revisions = w.revisions?.length ? w.revisions : [w.taskDefinition];
  if (w.service) return `${w.cluster ? `${w.cluster}/` : ''}${w.service} (${revisions.join(', ')})`;
  return revisions.join(', ');
}

/** The role's workloads whose tasks made calls in the window. */
export function activeWorkloads(role: RoleReport): WorkloadEntry[] {
  return role.workloads.filter((w) => (w.tasks ?? 0) > 0);
}

/** Is there anything per workload worth showing beside the role's own lists: several active workloads, or calls in none? */
export function showsWorkloads(role: RoleReport): boolean {
  const a = role.attribution;
  return !!a && (activeWorkloads(role).length > 1 || a.unattributedCalls > 0);
}

/** "16 tasks of prod/orders-api made every attributed call": a role with one active workload. */
export function singleWorkloadPhrase(role: RoleReport, item: Item): string | undefined {
  const active = activeWorkloads(role);
  if (active.length !== 1) return undefined;
  return `every attributed call was made by ${plural(active[0]!.tasks ?? 0, 'task')} of ${item(workloadEntryLabel(active[0]!))}`;
}

/**
 * What could not be placed, in one sentence; undefined when everything was. Said whatever
 * the role: a per-workload policy is only as complete as the attribution.
 */
export function unattributedPhrase(a: RoleAttribution, item: Item, limit = 4): string | undefined {
  if (a.unattributedCalls === 0 && a.sessionsWithoutDetail === 0) return undefined;
  const parts: string[] = [];
  // Said to be ECS tasks only on the evidence of ECS assuming the role for them.
  if (a.unknownTasks) parts.push(`${plural(a.unknownTasks, 'ECS task')} whose task facts are missing`);
  const others = a.unattributedSessions - a.unknownTasks;
  if (others > 0) parts.push(`${plural(others, 'session')} ECS did not start in the input (not known to be a task)`);
  if (a.sessionsWithoutDetail) parts.push(`${plural(a.sessionsWithoutDetail, 'session')} whose detail the aggregate did not keep (it keeps ${SESSIONS_KEPT.toLocaleString('en-US')} per role)`);
  const actions = a.unattributedActions.slice(0, limit).map((x) => `${item(x.action)} ×${x.calls.toLocaleString('en-US')}`);
  const more = a.unattributedActions.length > limit ? `, +${a.unattributedActions.length - limit} more` : '';
  const calls = `${plural(a.unattributedCalls, 'call')} in no workload${actions.length ? ` (${actions.join(', ')}${more})` : ''}`;
  const kept = a.split && a.unattributedActions.length ? '; every workload\'s policy keeps those actions' : '';
  return `Unattributed: ${parts.join(' and ')}: ${calls}${kept}`;
}

/** Why the role is split, as the heading of its per-workload policies. */
export function splitHeading(role: RoleReport): string {
  const n = role.workloads.filter((w) => w.suggestedPolicies).length;
  return `Suggested policy per workload: split this role, its ${n} workloads use different permissions (each policy never broader than today's grant; the role-wide one above still covers them all):`;
}

/** The revisions that did something the earlier ones had not. */
export function driftingRevisions(role: RoleReport): RevisionEntry[] {
  return (role.revisions ?? []).filter(hasRevisionDrift);
}

/** "orders-api:15 (first task 2026-11-13T10:00:15Z)": a revision and when it was deployed; `text` escapes the time. */
export function revisionHeading(r: RevisionEntry, item: Item, text: Item): string {
  return `${item(r.revision)}${r.firstTask ? ` (first task ${text(r.firstTask)})` : ` (first call ${text(r.firstSeen)})`}`;
}
