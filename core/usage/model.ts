/**
 * The usage aggregate, as stored: a compact, mergeable summary of what tracked roles did.
 *
 * Per role → per IAM action: the events (as 53-bit keys, so a merge can drop events it
 * already counted), first/last seen, the distinct sessions (ECS task IDs, hashed), a
 * bounded sample of resources and the services that called on the role's behalf. Denied
 * calls, unmapped events, possibly needed actions and ECS AssumeRole evidence are kept the
 * same way. What the input could show (data events per service and kind, management
 * events per kind) is kept from in-window records only. Every table keyed by input text
 * is a `dict()` (no prototype), and every string kept is bounded (core/trail/bounds.ts).
 *
 * Building (build.ts) appends; `compactUsage` sorts and de-duplicates. `mergeUsage`
 * (merge.ts) of compacted aggregates is associative, commutative and idempotent for the
 * same events. The `input` counters are the exception: they count records read, and add up.
 */
import type { DenialCause, KindsSeen } from '../model.ts';
import type { EventSet } from './event-set.ts';
import type { NameSet } from './name-set.ts';
import type { ResourceSample } from './sorted-set.ts';

export interface ActionUsage extends EventSet {
  sessions: number[];
  resources: ResourceSample;
  /** Services that made some of these calls on the role's behalf (`invokedBy`). */
  invokedBy: string[];
}

export interface DeniedUsage extends EventSet {
  action: string;
  errorCode: string;
  cause: DenialCause;
  /** The most recent error message (trimmed). */
  message?: string;
  resources: ResourceSample;
}

export interface UnmappedUsage extends EventSet {
  eventSource: string;
  eventName: string;
}

/**
 * An action some calls may have needed, which their records cannot show (CopyObject's
 * tagging, DeleteObjects' versions): never use, never unused.
 */
export interface PossibleUsage extends EventSet {
  /** The operations that may have needed it (`s3:DeleteObjects`), at most `POSSIBLE_OPERATIONS_KEPT`. */
  operations: string[];
}

/** Read and write events seen (`readOnly` true and false, or the catalog's access level when absent). */
export type { KindsSeen } from '../model.ts';

export interface RoleUsage {
  /** Role ARN as CloudTrail spelled it (with path), when seen. */
  roleArn?: string;
  actions: Record<string, ActionUsage>;
  denied: Record<string, DeniedUsage>;
  unmapped: Record<string, UnmappedUsage>;
  /** Actions calls may have needed that their records cannot show, by action. */
  possible?: Record<string, PossibleUsage>;
  /**
   * The role's unique IDs (`AROA…`) its calls carried, sorted, at most `PRINCIPAL_IDS_KEPT`.
   * More than one, or another than IAM's today, means the role was deleted and recreated.
   */
  principalIds?: string[];
  /** ECS `sts:AssumeRole` for this role: evidence it was really used by tasks. */
  assumed?: EventSet & { sessions: number[] };
  /**
   * What each session did (see `SessionDetail`): the detail per-workload usage is
   * attributed from once the task behind a session is known. Absent in aggregates written
   * before it was kept: then no call of the role is attributed to a workload.
   */
  bySession?: SessionDetail;
}

/**
 * One role session's calls (for ECS, one task's: the session name is the task ID), by
 * action: kept so that calls can be attributed to the task's workload and revision once
 * the task's facts arrive, which may be after the calls (a snapshot every 15 minutes, a
 * task state change event, an export's `describe-tasks` files).
 */
export interface SessionUsage {
  /** Allowed calls by action, with a small sample of the resources this session named (absent when it named none). */
  actions: Record<string, EventSet & { resources?: ResourceSample }>;
  /** Denied calls by the role's denial key (`action|cause|errorCode`, as in `RoleUsage.denied`). */
  denied?: Record<string, EventSet>;
}

/**
 * Per-session detail of a role, bounded: the sessions with the `SESSIONS_KEPT` smallest
 * hashes (a uniform sample, whatever the order calls arrive in). A session left out has no
 * detail: its calls count as unattributed, never guessed. `cutoff` is set once any session
 * was left out: every session whose hash is at most `cutoff` is kept, none above it.
 */
export interface SessionDetail {
  /** By session hash, as decimal text. */
  sessions: Record<string, SessionUsage>;
  cutoff?: number;
}

/** Bounds of the lists above: enough to say what happened, not a list of everything. */
export const POSSIBLE_OPERATIONS_KEPT = 8;
export const PRINCIPAL_IDS_KEPT = 16;
/**
 * Sessions with per-session detail per role (see `SessionDetail`). Each kept session costs
 * about a kilobyte while folding and every new one is created before the bound can drop
 * it: at 1,024 the fold of `npm run bench`'s tracked-heavy mix (a new task session every
 * few calls) ran 1.6x slower and held 260 MB more than without the detail; at 256, 1.15x
 * and 55 MB (1M records, one worker). Sessions past the bound are stated as unattributed.
 */
export const SESSIONS_KEPT = 256;
/** Resources sampled per session and action: enough to say which secret or table a workload reads. */
export const SESSION_RESOURCES_KEPT = 8;

export interface InputCounters {
  records: number;
  attributed: number;
  notTracked: number;
  outsideWindow: number;
  skipped: Record<string, number>;
  /** Input strings over their limits (core/trail/bounds.ts), cut or dropped, by field. */
  truncated?: Record<string, number>;
}

export interface UsageAggregate {
  schemaVersion: 1;
  /** Span of event times seen (every readable record, tracked or not). */
  span: { start?: string; end?: string };
  input: InputCounters;
  /** IAM service prefixes for which data events were present (in the window). */
  dataEventServices: string[];
  /**
   * Per service prefix, which kinds of data events the window holds: a trail can select
   * data events for reads only or writes only. Absent in aggregates written before it
   * existed: then no data-plane action is called unused.
   */
  dataSeen?: Record<string, KindsSeen>;
  regions: string[];
  /**
   * Time windows whose CloudTrail was read in full, per region (the deployed collector
   * records them; a one-shot CLI run leaves this empty). Merged as a union.
   */
  coverage?: CoverageWindow[];
  /**
   * Whether read-only and write management events appear in the window (from `readOnly`,
   * or the catalog's access level when a record lacks it); absent when no record could
   * say. A trail that records only writes cannot show reads.
   */
  managementSeen?: KindsSeen;
  /**
   * The operations (`service:EventName` as the mapping names them, lower case) whose
   * in-window management events said `readOnly: true`, and those that said `false`: what
   * tells whether an action's calls are read-only or write when a trail records only one
   * kind (core/catalog/call-kinds.ts). Bounded (`OPERATIONS_KEPT` per kind); absent in
   * aggregates written before it existed.
   */
  operationKinds?: { readOnly: NameSet; write: NameSet };
  /**
   * Per service prefix, per kind, the containers (S3 buckets, DynamoDB tables, Lambda
   * functions, SQS queues, SNS topics, Kinesis and Firehose streams: core/trail/data-container.ts)
   * whose data events the window holds: a trail can select data events per bucket or table.
   * Bounded (`CONTAINERS_KEPT` per service and kind; past it the set says it overflowed).
   * Absent in aggregates written before it existed: then no grant naming a container makes
   * its data-plane actions unused.
   */
  dataContainers?: Record<string, ContainersSeen>;
  roles: Record<string, RoleUsage>;
}

/** One service's containers with data events, by kind (read-only, write). */
export interface ContainersSeen {
  readOnly?: NameSet;
  write?: NameSet;
}

export interface CoverageWindow {
  region: string;
  start: string;
  end: string;
}

/**
 * A lookup table keyed by input text (role keys, event names, services, reasons): an
 * object without a prototype, so that a key named `__proto__`, `constructor` or
 * `toString` is just a key. It serialises like any object.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** An aggregate of nothing read yet. */
export function emptyUsage(): UsageAggregate {
  return {
    schemaVersion: 1,
    span: {},
    input: { records: 0, attributed: 0, notTracked: 0, outsideWindow: 0, skipped: dict() },
    dataEventServices: [],
    regions: [],
    roles: dict(),
  };
}

/** A role's usage of nothing yet. */
export function emptyRoleUsage(): RoleUsage {
  return { actions: dict(), denied: dict(), unmapped: dict() };
}
