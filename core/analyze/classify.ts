/**
 * The rule that makes an "unused" claim trustworthy: a granted action the role did not
 * call is
 * - `needs-no-permission` when any principal may call it (never listed, never suggested);
 * - `not-observable` when CloudTrail in this input could not have shown a call of it
 *   (permission-only, not logged, no data events for its service or kind, a read/write
 *   kind the trail does not record, a global service without us-east-1 CloudTrail,
 *   CloudTrail not read in full), or when the role's own record forbids the claim (its
 *   tasks run in a region whose CloudTrail is not in the input, it was recreated, it made
 *   calls of the action's service that map to no known action, or calls that may have
 *   needed the action without the record showing it);
 * - `unused` otherwise: granted, observable, and absent.
 * An action is never both unused and not observable.
 */
import { callKindOf, type OperationKinds } from '../catalog/call-kinds.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { dataKindsOf, type DataKindsOfAction } from '../catalog/data-kinds.ts';
import { isDataPlaneAction, observabilityOf, requiresPermission, type ManagementSeen, type Observability } from '../catalog/observability.ts';
import type { KindsSeen, NotObservableReason, TrackedRole } from '../model.ts';
import type { RoleUsage } from '../usage/model.ts';

/** What a granted action nobody called is, for the report. */
export type GrantClass = 'unused' | 'not-observable' | 'needs-no-permission';

/** What the CloudTrail input could show, whatever the role. */
export interface InputVisibility {
  /** IAM service prefixes for which the input holds data events. */
  dataEventServices: ReadonlySet<string>;
  /** Per service, which kinds of data events the input holds; absent: any data event of a service shows both kinds. */
  dataSeen?: ReadonlyMap<string, KindsSeen>;
  /** Whether read-only and write management events appear in the input; absent when no record said. */
  managementSeen?: KindsSeen;
  /**
   * The operations whose management events the input holds, by the `readOnly` their records
   * gave: what says whether an action's calls are read-only or write when the input holds
   * only one kind. Absent: nothing known beyond AWS's documented cases (call-kinds.ts).
   */
  operationKinds?: OperationKinds;
  /** Regions whose CloudTrail the input holds; absent: global services are not checked for their home region. */
  regionsRead?: ReadonlySet<string>;
  /** Regions whose CloudTrail could not be read in full: absence proves nothing anywhere. */
  incompleteRegions?: readonly string[];
}

/** Could CloudTrail in this input have shown a call of `action`? */
export function observabilityInInput(catalog: Catalog, action: string, input: InputVisibility): Observability {
  if (input.incompleteRegions?.length) {
    return { observable: false, reason: 'incomplete-input', detail: `CloudTrail not read in full for ${input.incompleteRegions.join(', ')}` };
  }
  const level = catalog.lookup(action)?.accessLevel;
  const isRead = level === 'Read' || level === 'List';
  return observabilityOf(action, input.dataEventServices, managementSeenFor(action, isRead, input), {
    isRead,
    ...(isDataPlaneAction(action) ? { dataKinds: dataKindsInCatalog(catalog, action) } : {}),
    ...(input.dataSeen ? { dataSeen: input.dataSeen } : {}),
    ...(input.regionsRead ? { regionsRead: input.regionsRead } : {}),
  });
}

/** The kinds of data events the calls needing `action` produce (data-kinds.ts), by the catalog's access levels. */
export function dataKindsInCatalog(catalog: Catalog, action: string): DataKindsOfAction {
  return dataKindsOf(action, (a) => catalog.lookup(a)?.accessLevel);
}

/**
 * The input's management events as one action's rule reads them: when the input lacks a
 * kind, whether its calls are read-only or write comes from the records (call-kinds.ts),
 * never from the IAM access level, which is not what CloudTrail's `readOnly` records.
 */
function managementSeenFor(action: string, isRead: boolean, input: InputVisibility): ManagementSeen | undefined {
  const seen = input.managementSeen;
  if (!seen) return undefined;
  if (seen.readOnly && seen.write) return { ...seen, isRead };
  return { ...seen, isRead, calls: callKindOf(action, input.operationKinds) };
}

/** The class of a granted action that was not called, given whether the input could have shown it. */
export function classifyUnseen(action: string, observability: Observability): GrantClass {
  if (!requiresPermission(action)) return 'needs-no-permission';
  return observability.observable ? 'unused' : 'not-observable';
}

/**
 * The role-level rule on top of the input's: a role whose tasks run in a region whose
 * CloudTrail is not in the input could have made any call there, so nothing of it is unused.
 */
export function classifyForRole(inInput: GrantClass, unreadRegions: readonly string[]): GrantClass {
  return inInput === 'unused' && unreadRegions.length > 0 ? 'not-observable' : inInput;
}

/** What one role's own record says against calling its unseen actions unused (see role-blocks.ts). */
export interface RoleBlock {
  reason: NotObservableReason;
  detail: string;
}

/** Did the role do anything in the window: a call of any kind (used, denied, unmapped), or ECS assuming it? */
function madeAnyCall(usage: RoleUsage | undefined): boolean {
  if (!usage) return false;
  return Boolean(usage.assumed) || [usage.actions, usage.denied, usage.unmapped, usage.possible ?? {}].some((t) => Object.keys(t).length > 0);
}

/**
 * A role no task definition names (one named with `--role`) has no regions to check the
 * input against: when it made no call in the window it may run where CloudTrail was not
 * read, so nothing of it is called unused. One that made calls ran where CloudTrail was
 * read: its calls are the evidence of where it runs, and its unseen actions are judged
 * like any role's (README, "The words, exactly").
 */
export function unknownRegionsBlock(role: Pick<TrackedRole, 'regions' | 'usedAs'>, usage: RoleUsage | undefined): RoleBlock | undefined {
  if (role.regions.length > 0 || role.usedAs.length > 0 || madeAnyCall(usage)) return undefined;
  return {
    reason: 'incomplete-input',
    detail: 'the regions it runs in are not known (no task definition names it) and it made no call in the window: it may run where the input holds no CloudTrail',
  };
}

/** The regions a role's tasks run in whose CloudTrail the input does not hold. */
export function unreadRegionsOf(taskRegions: readonly string[], regionsRead: ReadonlySet<string>): string[] {
  return taskRegions.filter((r) => !regionsRead.has(r));
}

/**
 * Classes and observability by action, for one run. A `*` grant is 22,000 actions and many
 * roles share grants, so each action is judged once per run, not once per role.
 */
export class ActionClassifier {
  private readonly classes = new Map<string, GrantClass>();
  private readonly seen = new Map<string, Observability>();
  private readonly kinds = new Map<string, DataKindsOfAction>();
  constructor(
    private readonly catalog: Catalog,
    private readonly input: InputVisibility,
  ) {}

  /** `observabilityInInput`, memoised. */
  observability(action: string): Observability {
    let o = this.seen.get(action);
    if (!o) {
      o = observabilityInInput(this.catalog, action, this.input);
      this.seen.set(action, o);
    }
    return o;
  }

  /** `dataKindsInCatalog`, memoised. */
  dataKinds(action: string): DataKindsOfAction {
    let k = this.kinds.get(action);
    if (!k) {
      k = dataKindsInCatalog(this.catalog, action);
      this.kinds.set(action, k);
    }
    return k;
  }

  /** `classifyUnseen` for this input, memoised. */
  classOf(action: string): GrantClass {
    let c = this.classes.get(action);
    if (c === undefined) {
      c = classifyUnseen(action, this.observability(action));
      this.classes.set(action, c);
    }
    return c;
  }
}
