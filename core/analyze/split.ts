/**
 * "Split this role": a role shared by workloads whose used permissions differ gets a
 * suggested policy per workload, each built like the role's own (core/analyze/suggest.ts),
 * so each is never broader than today's grant. Each keeps what no workload's calls can
 * speak for: the role's not-observable actions and those IAM says were used before the
 * window (as the role's suggestion does), the actions of calls that could not be placed in
 * a workload (a workload may have made them), narrowed to what those calls named, and for
 * an execution role the ECS-documented minimum (`ecs-minimum.ts`).
 */
import type { Catalog } from '../catalog/catalog.ts';
import { requiresPermission } from '../catalog/observability.ts';
import type { GrantedAction } from '../model.ts';
import { mergeSamples, type ResourceSample } from '../usage/sorted-set.ts';
import type { CallsSeen } from '../workloads/attribute.ts';
import { ecsMinimumKeeps } from './ecs-minimum.ts';
import { suggestPolicyWithNotes, type NarrowedKeep, type SuggestOptions, type Suggestion, type UsedForSuggestion } from './suggest.ts';

/** What every workload's policy of one role is built from, besides the workload's own calls. */
export interface SplitContext {
  catalog: Catalog;
  granted: ReadonlyMap<string, GrantedAction>;
  suggest?: SuggestOptions;
  /** The role's granted actions CloudTrail could not have shown: kept in every policy. */
  notObservable: readonly string[];
  /** Granted actions IAM says were used before the window: kept in every policy. */
  usedEarlier: readonly string[];
  /** Allowed calls in no workload, by action, with what they named: kept in every policy. */
  unattributed: ReadonlyMap<string, { samples: ResourceSample[] }>;
  /** The role is an execution role: the ECS minimum is kept. */
  execution: boolean;
}

/** The used, granted actions that need a permission, each with the resources the calls named. */
export function usedForSuggestion(granted: ReadonlyMap<string, GrantedAction>, actions: ReadonlyMap<string, { samples: readonly ResourceSample[] }>): UsedForSuggestion[] {
  const out: UsedForSuggestion[] = [];
  for (const [action, c] of actions) {
    if (granted.has(action) && requiresPermission(action)) out.push({ action, resources: mergeSamples(c.samples) });
  }
  return out;
}

/**
 * The suggestion for calls `actions` (a workload's, or the role's when `actions` are all
 * of them) with the keeps of `ctx`. The ECS minimum replaces the not-observable statement of
 * the actions it keeps.
 */
export function suggestionFor(ctx: SplitContext, used: UsedForSuggestion[], unattributed: ReadonlyMap<string, { samples: ResourceSample[] }> = ctx.unattributed): Suggestion {
  const keeps: NarrowedKeep[] = [];
  const minimum = ctx.execution ? ecsMinimumKeeps(ctx.granted, new Map(used.map((u) => [u.action, u.resources]))) : [];
  if (minimum.length) keeps.push({ sidPrefix: 'KeepEcsMinimum', items: minimum });
  const fromUnattributed = usedForSuggestion(ctx.granted, unattributed);
  if (fromUnattributed.length) keeps.push({ sidPrefix: 'KeepUnattributed', items: fromUnattributed });
  const byMinimum = new Set(minimum.map((m) => m.action));
  const notObservable = ctx.notObservable.filter((a) => !byMinimum.has(a));
  return suggestPolicyWithNotes(ctx.catalog, ctx.granted, used, notObservable, ctx.suggest, ctx.usedEarlier.filter((a) => !byMinimum.has(a)), keeps);
}

/** The used statements of a suggestion, for comparing workloads: what each workload itself needs. */
function usedPart(s: Suggestion): string {
  return JSON.stringify(s.documents.flatMap((d) => d.Statement.filter((st) => st.Sid.startsWith('Used')).map((st) => [st.Action, st.Resource ?? null, st.NotResource ?? null, st.Condition ?? null])));
}

/**
 * A suggestion per workload (by key), or undefined when the role is not worth splitting:
 * fewer than two workloads made calls, or they all need the same used statements.
 */
export function splitSuggestions(ctx: SplitContext, workloads: ReadonlyMap<string, { actions: ReadonlyMap<string, CallsSeen> }>): Map<string, Suggestion> | undefined {
  if ([...workloads.values()].filter((w) => w.actions.size > 0).length < 2) return undefined;
  // Every workload that made calls gets one, refused-only ones too (their policy holds the keeps).
  const out = new Map<string, Suggestion>();
  for (const [key, w] of workloads) out.set(key, suggestionFor(ctx, usedForSuggestion(ctx.granted, w.actions)));
  const distinct = new Set([...out.values()].map(usedPart));
  return distinct.size > 1 ? out : undefined;
}
