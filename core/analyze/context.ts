/**
 * What the analysis of one role reads: the run's input and per-run memos, and that role's
 * inventory entry, IAM data, effective grants and usage. One object, built once per role,
 * handed to every rule.
 */
import type { OperationKinds } from '../catalog/call-kinds.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { LastAccessedRead } from '../evidence/ports.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { EffectiveGrants, GrantedAction, RoleGrants, TrackedRole } from '../model.ts';
import { ExpansionCache, effectiveGrants } from '../policy/grants.ts';
import type { Report } from '../report/schema.ts';
import type { RoleUsage, UsageAggregate } from '../usage/model.ts';
import type { WorkloadIdentity } from '../workloads/attribute.ts';
import { servicesByRevision } from '../workloads/entries.ts';
import { taskIndex, type TaskFact } from '../workloads/tasks.ts';
import { roleSpan, type CoveredSpan, type RoleSpan } from '../usage/trusted-window.ts';
import { ActionClassifier, unreadRegionsOf } from './classify.ts';
import { DataContainerRule } from './data-containers.ts';
import { roleBlocks, type RoleBlocks } from './role-blocks.ts';
import type { SuggestOptions } from './suggest.ts';
import { SharedEntries } from './shared-entries.ts';

export interface AnalyzeInput {
  catalog: Catalog;
  inventory: Inventory;
  /** IAM data by `roleKey`; a tracked role missing here has unknown grants. */
  iamRoles: ReadonlyMap<string, RoleGrants>;
  /** Compacted usage over the window. */
  usage: UsageAggregate;
  window: { start?: string; end?: string };
  generatedAt: string;
  problems?: string[];
  /** Why a role's grants could not be read (`roleKey` → error): its entry says so, with no unused claims. */
  grantErrors?: ReadonlyMap<string, string>;
  /** Regions whose CloudTrail could not be read in full: no action is called unused anywhere. */
  incompleteRegions?: string[];
  excludedRoles?: Report['excludedRoles'];
  files?: Report['input']['files'];
  /** Regions whose CloudTrail was read. Default: the regions of the records and of the coverage windows. */
  regionsRead?: string[];
  /** Per account and region, the spans read without a gap (export files): each role is judged by its own (`roleSpan`). */
  covered?: readonly CoveredSpan[];
  suggest?: SuggestOptions;
  /** IAM last-accessed reports by `roleKey` (core/evidence): absent when the run read none. */
  lastAccessed?: Pick<LastAccessedRead, 'reports' | 'missing'>;
  /** ECS task facts (core/workloads): with them, calls are placed in workloads and revisions; absent: not attempted. */
  tasks?: readonly TaskFact[];
}

/** Shared by every role of one run. */
export interface RunContext {
  input: AnalyzeInput;
  /** Policy expansions shared by roles that attach the same policies. */
  expansions: ExpansionCache;
  classifier: ActionClassifier;
  /** The container rule for data-plane actions: the buckets, tables, … their grants reach (data-containers.ts). */
  containers: DataContainerRule;
  entries: SharedEntries;
  regionsRead: ReadonlySet<string>;
  /** Task facts by the hash of their sessions (`taskIndex`); undefined when the run has none. */
  tasks?: ReadonlyMap<number, TaskFact>;
  /** Which service ran each revision, by the task facts (`servicesByRevision`). */
  revisionServices?: ReadonlyMap<string, WorkloadIdentity>;
}

/** One tracked role, with everything the rules read about it. */
export interface RoleContext {
  run: RunContext;
  /** `roleKey` of the role. */
  key: string;
  tracked: TrackedRole;
  /** Undefined when IAM data for the role is missing. */
  iam?: RoleGrants;
  /** Undefined when the grants are unknown: then no action is called unused. */
  grants?: EffectiveGrants;
  /** What the role did in the window; undefined when it made no call. */
  usage?: RoleUsage;
  /** The granted actions by name (empty when grants are unknown). */
  granted: ReadonlyMap<string, GrantedAction>;
  /** Regions its tasks run in whose CloudTrail is not in the input (with the account, or the time, when that is what is missing). */
  unreadRegions: string[];
  /** The part of the window its regions were all read without a gap, when less than the window: its claims rest on that. */
  narrowed?: RoleSpan['narrowed'];
  /** What the role's own record says against unused claims (region gaps, recreation, unmapped and possible calls). */
  blocks: RoleBlocks;
}

/**
 * The per-run context: memos start empty, the regions read default to those the usage saw.
 * Data-event kinds come from the aggregate; one written before they were kept (no
 * `dataSeen`) shows no kind, so none of its data-plane actions is called unused.
 */
export function runContext(input: AnalyzeInput): RunContext {
  const u = input.usage;
  const regionsRead = new Set(input.regionsRead ?? [...u.regions, ...(u.coverage ?? []).map((c) => c.region)]);
  const classifier = new ActionClassifier(input.catalog, {
    dataEventServices: new Set(u.dataEventServices),
    dataSeen: new Map(Object.entries(u.dataSeen ?? {})),
    managementSeen: u.managementSeen,
    ...(u.operationKinds ? { operationKinds: operationKindsOf(u.operationKinds) } : {}),
    incompleteRegions: input.incompleteRegions,
    regionsRead,
  });
  return {
    input,
    expansions: new ExpansionCache(input.catalog),
    classifier,
    containers: new DataContainerRule(u.dataContainers, (a) => classifier.dataKinds(a)),
    entries: new SharedEntries(classifier),
    regionsRead,
    ...(input.tasks ? { tasks: taskIndex(input.tasks), revisionServices: servicesByRevision(input.tasks) } : {}),
  };
}

/** The aggregate's operation kinds as lookups, in the lower case call-kinds.ts compares. */
function operationKindsOf(kinds: NonNullable<UsageAggregate['operationKinds']>): OperationKinds {
  const lower = (names: readonly string[]) => new Set(names.map((n) => n.toLowerCase()));
  return { readOnly: lower(kinds.readOnly.names), write: lower(kinds.write.names) };
}

/** The context of one tracked role: its IAM data, effective grants and usage looked up once. */
export function roleContext(run: RunContext, key: string, tracked: TrackedRole): RoleContext {
  const iam = run.input.iamRoles.get(key);
  const grants = iam ? effectiveGrants(iam, run.input.catalog, { cache: run.expansions }) : undefined;
  const usage = run.input.usage.roles[key];
  const span = run.input.covered ? roleSpan(run.input.covered, tracked, run.input.window) : undefined;
  const unreadRegions = span ? span.unread : unreadRegionsOf(tracked.regions, run.regionsRead);
  return {
    run,
    key,
    tracked,
    iam,
    grants,
    usage,
    granted: grants?.actions ?? new Map(),
    unreadRegions,
    ...(span?.narrowed ? { narrowed: span.narrowed } : {}),
    blocks: roleBlocks(run.input.catalog, iam, usage, unreadRegions),
  };
}
