/**
 * The parts of the aggregate that say what the input could show beyond services and kinds:
 * which operations' management events said read-only or write (`operationKinds`), and
 * which containers' data events the window holds (`dataContainers`). Both are sets of
 * names, bounded and merged as set unions (name-set.ts), so the merge laws of the
 * aggregate hold for them too.
 */
import type { AccessKind } from '../trail/event-facts.ts';
import { dict, type ContainersSeen, type UsageAggregate } from './model.ts';
import { addName, emptyNameSet, isNameSet, mergeNameSets, type NameSet } from './name-set.ts';

/**
 * Operations kept per kind: an account's trail names a few hundred distinct operations;
 * past the bound, an operation not kept is of unknown kind (never a claim).
 */
export const OPERATIONS_KEPT = 2048;
/** Containers kept per service and kind; past the bound, a container not kept may have data events (never a claim). */
export const CONTAINERS_KEPT = 256;

/** Note an operation's management event with `readOnly` stated (`operation` lower case). */
export function noteOperationKind(agg: UsageAggregate, operation: string, kind: AccessKind): void {
  const kinds = (agg.operationKinds ??= { readOnly: emptyNameSet(), write: emptyNameSet() });
  addName(kind === 'read' ? kinds.readOnly : kinds.write, operation, OPERATIONS_KEPT);
}

/** Note a data event of `service` and `kind` on one container. */
export function noteContainer(agg: UsageAggregate, service: string, kind: AccessKind, container: string): void {
  const byService = (agg.dataContainers ??= dict());
  const seen = (byService[service] ??= {});
  addName(kind === 'read' ? (seen.readOnly ??= emptyNameSet()) : (seen.write ??= emptyNameSet()), container, CONTAINERS_KEPT);
}

function mergeKind(sets: (NameSet | undefined)[], limit: number): NameSet | undefined {
  const present = sets.filter((s): s is NameSet => s !== undefined);
  return present.length ? mergeNameSets(present, limit) : undefined;
}

/** Merge the visibility sets of several aggregates into `out` (set unions, bounded as when built). */
export function mergeVisibility(out: UsageAggregate, aggs: readonly UsageAggregate[]): void {
  const ops = aggs.map((a) => a.operationKinds).filter((k): k is NonNullable<typeof k> => k !== undefined);
  if (ops.length) {
    out.operationKinds = { readOnly: mergeNameSets(ops.map((k) => k.readOnly), OPERATIONS_KEPT), write: mergeNameSets(ops.map((k) => k.write), OPERATIONS_KEPT) };
  }
  const byService = new Map<string, ContainersSeen[]>();
  for (const a of aggs) {
    for (const [service, seen] of Object.entries(a.dataContainers ?? {})) byService.set(service, [...(byService.get(service) ?? []), seen]);
  }
  if (!aggs.some((a) => a.dataContainers)) return;
  out.dataContainers = dict();
  for (const [service, seen] of byService) {
    const readOnly = mergeKind(seen.map((s) => s.readOnly), CONTAINERS_KEPT);
    const write = mergeKind(seen.map((s) => s.write), CONTAINERS_KEPT);
    out.dataContainers[service] = { ...(readOnly ? { readOnly } : {}), ...(write ? { write } : {}) };
  }
}

/** What is wrong with a stored aggregate's visibility sets, if anything. */
export function visibilityProblem(v: Record<string, unknown>): string | undefined {
  const ops = v.operationKinds as Record<string, unknown> | undefined;
  if (ops !== undefined && !(typeof ops === 'object' && ops !== null && isNameSet(ops.readOnly) && isNameSet(ops.write))) return 'malformed operationKinds';
  const containers = v.dataContainers;
  if (containers === undefined) return undefined;
  if (typeof containers !== 'object' || containers === null || Array.isArray(containers)) return 'malformed dataContainers';
  for (const seen of Object.values(containers)) {
    if (typeof seen !== 'object' || seen === null) return 'malformed dataContainers';
    const s = seen as Record<string, unknown>;
    if ((s.readOnly !== undefined && !isNameSet(s.readOnly)) || (s.write !== undefined && !isNameSet(s.write))) return 'malformed dataContainers';
  }
  return undefined;
}
