/**
 * The parts of the aggregate that say what the input could show beyond services and kinds:
 * which operations' management events said read-only or write (`operationKinds`), and
 * which containers' data events the window holds (`dataContainers`). Both are sets of
 * names, bounded and merged as set unions (name-set.ts), so the merge laws of the
 * aggregate hold for them too.
 */
import { containerNameOf, containerOfRecord } from '../trail/data-container.ts';
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

/**
 * What one aggregate has noted already, so that the fold's work per record is a lookup:
 * a trail names the same few operations and containers millions of times. Kept beside the
 * aggregate (never in it, never serialised), keyed by the aggregate, so a fold context
 * reused for another aggregate starts afresh. Measured on `npm run bench`'s 200,000
 * records (half of them data events), in-process CPU time of the fold, best of 15 rounds
 * interleaved with the fold before containers and operation kinds were kept (2 shared
 * cores): without these memos 8-10% more than before, with them 3-5% more.
 */
interface Noted {
  /** Bits: 1 read noted, 2 write noted. */
  operations: Map<object, number>;
  /** service → the request's container field as written → where it was, and the kinds noted. */
  containers: Map<string, Map<string, { region: unknown; account: unknown; kinds: number }>>;
}
const NOTED = new WeakMap<UsageAggregate, Noted>();
/** Entries per memo table before it is emptied (the bound on memory, not on the answers). */
const NOTED_LIMIT = 4096;
// The last aggregate asked about: a fold asks about one aggregate, record after record.
let lastAgg: UsageAggregate | undefined;
let lastNoted: Noted | undefined;

function notedOf(agg: UsageAggregate): Noted {
  if (agg === lastAgg) return lastNoted!;
  let n = NOTED.get(agg);
  if (!n) NOTED.set(agg, (n = { operations: new Map(), containers: new Map() }));
  lastAgg = agg;
  lastNoted = n;
  return n;
}

const bit = (kind: AccessKind) => (kind === 'read' ? 1 : 2);

/**
 * Note an operation's management event with `readOnly` stated. `facts` is the fold's
 * object for the event pair (one per pair): what the memo is keyed by.
 */
export function noteOperationKind(agg: UsageAggregate, facts: object, operation: string, kind: AccessKind): void {
  const memo = notedOf(agg).operations;
  const seen = memo.get(facts) ?? 0;
  if (seen & bit(kind)) return;
  if (memo.size >= NOTED_LIMIT) memo.clear();
  memo.set(facts, seen | bit(kind));
  const kinds = (agg.operationKinds ??= { readOnly: emptyNameSet(), write: emptyNameSet() });
  addName(kind === 'read' ? kinds.readOnly : kinds.write, operation, OPERATIONS_KEPT);
}

/** Note a data event of `service` and `kind` on one container (key: core/trail/data-container.ts). */
export function noteContainer(agg: UsageAggregate, service: string, kind: AccessKind, container: string): void {
  const byService = (agg.dataContainers ??= dict());
  const seen = (byService[service] ??= {});
  addName(kind === 'read' ? (seen.readOnly ??= emptyNameSet()) : (seen.write ??= emptyNameSet()), container, CONTAINERS_KEPT);
}

/**
 * Note the container of a raw data event of `service` (one kept per container), when the
 * record names one. A container already noted for this kind, named the same way in the
 * same region and account, costs one lookup.
 */
export function noteDataEventContainer(agg: UsageAggregate, service: string, kind: AccessKind, r: Record<string, any>): void {
  const name = containerNameOf(service, r);
  if (typeof name !== 'string') return;
  const memos = notedOf(agg).containers;
  let memo = memos.get(service);
  if (!memo) memos.set(service, (memo = new Map()));
  const entry = memo.get(name);
  // An S3 bucket's key is its name alone; elsewhere the region and account place it.
  const placed = entry !== undefined && (service === 's3' || (entry.region === r.awsRegion && entry.account === r.recipientAccountId));
  if (placed && entry.kinds & bit(kind)) return;
  const container = containerOfRecord(service, r);
  if (!container) return;
  noteContainer(agg, service, kind, container);
  if (placed) entry.kinds |= bit(kind);
  else {
    if (memo.size >= NOTED_LIMIT) memo.clear();
    memo.set(name, { region: r.awsRegion, account: r.recipientAccountId, kinds: bit(kind) });
  }
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
