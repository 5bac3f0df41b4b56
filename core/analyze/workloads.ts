/**
 * Per-workload findings of one role, when the run has task facts: its calls placed in
 * workloads and task-definition revisions (core/workloads), a suggested policy per
 * workload when its workloads use different permissions (`split.ts`), what each revision
 * started or stopped doing, and what could not be placed, stated.
 */
import type { RoleAttribution, RevisionEntry, WorkloadEntry } from '../report/schema.ts';
import { attributeSessions, type Unattributed } from '../workloads/attribute.ts';
import { workloadEntries, workloadKeyOf } from '../workloads/entries.ts';
import { revisionEntries } from '../workloads/revisions.ts';
import type { RoleContext } from './context.ts';
import { splitSuggestions, type SplitContext } from './split.ts';

export interface WorkloadFindings {
  workloads: WorkloadEntry[];
  attribution: RoleAttribution;
  revisions: RevisionEntry[];
}

function attributionOf(tasks: number, u: Unattributed, split: boolean): RoleAttribution {
  return {
    tasks,
    unattributedSessions: u.sessions,
    unknownTasks: u.ecsTasks,
    sessionsWithoutDetail: u.withoutDetail,
    unattributedCalls: u.calls,
    unattributedActions: [...u.actions].map(([action, a]) => ({ action, calls: a.calls })).sort((a, b) => b.calls - a.calls || (a.action < b.action ? -1 : 1)),
    split,
  };
}

/**
 * The role's workloads with what their tasks did, how far its calls could be placed, and
 * its revisions; undefined when the run has no task facts. `split` is undefined when the
 * role's grants are unknown: then no policy is suggested, per workload or otherwise.
 */
export function workloadFindings(ctx: RoleContext, split: SplitContext | undefined): WorkloadFindings | undefined {
  const tasks = ctx.run.tasks;
  if (!tasks) return undefined;
  const att = attributeSessions(ctx.usage, tasks);
  const workloads = workloadEntries(ctx.tracked.workloads, att.workloads, ctx.run.revisionServices);
  // An execution role is not split: its credentials never reach the containers (ECS hands them to
  // its agent only), and its one suggestion is already scoped to what the workloads read.
  const policies = split && !split.execution ? splitSuggestions({ ...split, unattributed: att.unattributed.actions }, att.workloads) : undefined;
  for (const e of workloads) {
    const s = policies?.get(workloadKeyOf(e));
    if (!s) continue;
    e.suggestedPolicies = s.documents;
    if (s.narrowed.length) e.narrowed = s.narrowed;
  }
  const attributedTasks = [...att.workloads.values()].reduce((n, w) => n + w.tasks.size, 0);
  return { workloads, attribution: attributionOf(attributedTasks, att.unattributed, policies !== undefined), revisions: revisionEntries(att.revisions.values()) };
}
