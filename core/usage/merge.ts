/**
 * Merging compacted aggregates: associative, commutative and idempotent for the same
 * events (each key list is a set union, each sample a bounded union, each time a min or
 * max), so any delivery order, duplicate or overlap of stored aggregates is harmless. The
 * `input` counters are the exception: they count records read, and add up.
 */
import { noteSkip, noteTruncated } from './build.ts';
import { mergeEventSets, unionKeys } from './event-set.ts';
import {
  POSSIBLE_OPERATIONS_KEPT,
  PRINCIPAL_IDS_KEPT,
  dict,
  emptyRoleUsage,
  emptyUsage,
  type CoverageWindow,
  type DeniedUsage,
  type KindsSeen,
  type PossibleUsage,
  type RoleUsage,
  type UsageAggregate,
} from './model.ts';
import { mergeSessionDetails } from './session-detail.ts';
import { mergeSamples, unionStrings } from './sorted-set.ts';
import { mergeVisibility } from './visibility.ts';

/** Kinds seen by any of several aggregates. */
function unionKinds(items: readonly KindsSeen[]): KindsSeen {
  return { readOnly: items.some((k) => k.readOnly), write: items.some((k) => k.write) };
}

/** Group values of several records by key. */
function groupBy<T>(records: Record<string, T>[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      const list = out.get(k);
      if (list) list.push(v);
      else out.set(k, [v]);
    }
  }
  return out;
}

/**
 * Merge any number of aggregates in one pass: each key list is concatenated once and
 * sorted once, however many aggregates contribute to it.
 */
export function mergeUsage(aggs: readonly UsageAggregate[]): UsageAggregate {
  const out = emptyUsage();
  for (const a of aggs) {
    if (a.span.start && (out.span.start === undefined || a.span.start < out.span.start)) out.span.start = a.span.start;
    if (a.span.end && (out.span.end === undefined || a.span.end > out.span.end)) out.span.end = a.span.end;
    out.input.records += a.input.records;
    out.input.attributed += a.input.attributed;
    out.input.notTracked += a.input.notTracked;
    out.input.outsideWindow += a.input.outsideWindow;
    for (const [reason, n] of Object.entries(a.input.skipped)) noteSkip(out, reason, n);
    for (const [field, n] of Object.entries(a.input.truncated ?? {})) noteTruncated(out, [field], n);
  }
  out.dataEventServices = unionStrings(...aggs.map((a) => a.dataEventServices));
  out.regions = unionStrings(...aggs.map((a) => a.regions));
  const seen = aggs.map((a) => a.managementSeen).filter((m): m is NonNullable<typeof m> => m !== undefined);
  if (seen.length) out.managementSeen = unionKinds(seen);
  const dataSeen = aggs.map((a) => a.dataSeen).filter((d): d is Record<string, KindsSeen> => d !== undefined);
  if (dataSeen.length) {
    out.dataSeen = dict();
    for (const [service, kinds] of groupBy(dataSeen)) out.dataSeen[service] = unionKinds(kinds);
  }
  mergeVisibility(out, aggs);
  const coverage = mergeCoverage(aggs.flatMap((a) => a.coverage ?? []));
  if (coverage.length) out.coverage = coverage;
  for (const [key, roles] of groupBy(aggs.map((a) => a.roles))) out.roles[key] = mergeRoles(roles);
  return out;
}

/** One role's usage from several aggregates. */
function mergeRoles(roles: readonly RoleUsage[]): RoleUsage {
  const merged: RoleUsage = emptyRoleUsage();
  const arn = roles.find((r) => r.roleArn)?.roleArn;
  if (arn) merged.roleArn = arn;
  const ids = unionStrings(...roles.map((r) => r.principalIds ?? []));
  if (ids.length) merged.principalIds = ids.slice(0, PRINCIPAL_IDS_KEPT);
  for (const [action, items] of groupBy(roles.map((r) => r.actions))) {
    merged.actions[action] = {
      ...mergeEventSets(items),
      sessions: unionKeys(items.map((i) => i.sessions)),
      resources: mergeSamples(items.map((i) => i.resources)),
      invokedBy: unionStrings(...items.map((i) => i.invokedBy)),
    };
  }
  for (const [k, items] of groupBy(roles.map((r) => r.denied))) merged.denied[k] = mergeDenied(items);
  for (const [k, items] of groupBy(roles.map((r) => r.unmapped))) {
    merged.unmapped[k] = { eventSource: items[0]!.eventSource, eventName: items[0]!.eventName, ...mergeEventSets(items) };
  }
  const possible = roles.map((r) => r.possible).filter((p): p is Record<string, PossibleUsage> => p !== undefined);
  if (possible.length) {
    merged.possible = dict();
    for (const [action, items] of groupBy(possible)) {
      merged.possible[action] = { ...mergeEventSets(items), operations: unionStrings(...items.map((i) => i.operations)).slice(0, POSSIBLE_OPERATIONS_KEPT) };
    }
  }
  const assumed = roles.map((r) => r.assumed).filter((a): a is NonNullable<RoleUsage['assumed']> => a !== undefined);
  if (assumed.length > 0) merged.assumed = { ...mergeEventSets(assumed), sessions: unionKeys(assumed.map((a) => a.sessions)) };
  const details = roles.map((r) => r.bySession).filter((d): d is NonNullable<RoleUsage['bySession']> => d !== undefined);
  // A role kept without detail by some input (written before detail was kept) has none for those calls: they stay unattributed.
  if (details.length) merged.bySession = mergeSessionDetails(details);
  return merged;
}

/** One denial line from several aggregates. */
function mergeDenied(items: readonly DeniedUsage[]): DeniedUsage {
  const first = items[0]!;
  const d: DeniedUsage = {
    action: first.action,
    errorCode: first.errorCode,
    cause: first.cause,
    ...mergeEventSets(items),
    resources: mergeSamples(items.map((i) => i.resources)),
  };
  // The latest message wins; ties go to the larger text so the choice does not depend on order.
  const latest = items
    .filter((i) => i.message !== undefined)
    .sort((x, y) => (x.lastSeen !== y.lastSeen ? (x.lastSeen < y.lastSeen ? 1 : -1) : x.message! < y.message! ? 1 : -1))[0];
  if (latest?.message) d.message = latest.message;
  return d;
}

/** Union of coverage windows: overlapping or touching windows of a region become one. */
export function mergeCoverage(windows: readonly CoverageWindow[]): CoverageWindow[] {
  const sorted = [...windows].sort((a, b) => (a.region !== b.region ? (a.region < b.region ? -1 : 1) : a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: CoverageWindow[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && last.region === w.region && w.start <= last.end) {
      if (w.end > last.end) last.end = w.end;
    } else out.push({ ...w });
  }
  return out;
}
