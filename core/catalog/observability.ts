/**
 * Which granted actions CloudTrail could have shown us. This is what separates
 * "unused" (we could have seen a call and saw none) from "not observable" (absence of a
 * call proves nothing). When in doubt an action belongs here: a wrong "not observable"
 * costs a reader a second look, a wrong "unused" can break production.
 *
 * The rules, in order: permission-only actions (from the mapping data: no API operation
 * authorises them; a hand entry for `rds-db:connect`, whose service the data does not
 * list), actions CloudTrail does not log (a hand table, each entry with its source),
 * actions of services the mapping data lists no operation of, data-plane actions
 * of a service whose data events of every kind its calls produce the input lacks
 * (data-events.ts: the one table of data events, and the rule for services with data events
 * it lists no operations of; data-kinds.ts: the kinds),
 * global services' actions when the input holds no CloudTrail of their home region, and
 * management actions of a kind (read or write) the input holds none of, or whose kind is
 * not known when the input lacks one (call-kinds.ts). This is necessary, not sufficient, for a
 * data-plane action: the buckets, tables, … a role's grant reaches are the analysis's to check
 * (core/analyze/data-containers.ts), and a grant reaching ones the input cannot list is never
 * unused.
 */
import { needsNoPermission, permissionOnlyStatus } from '../mapping/permission-only.ts';
import type { KindsSeen, NotObservableReason } from '../model.ts';
import type { CallKind } from './call-kinds.ts';
import { needsKind, type DataKindsOfAction } from './data-kinds.ts';
import { dataPlaneStatus } from './data-events.ts';
import { serviceOf } from './service-of.ts';

/**
 * Actions CloudTrail does not record as events (or records only as opt-in data events of
 * a kind we do not track). Keys are lower case.
 */
const NOT_LOGGED: ReadonlyMap<string, string> = new Map([
  // Amazon CloudWatch Logs User Guide, "Logging Amazon CloudWatch Logs API calls in AWS CloudTrail":
  // the log-event data calls (PutLogEvents among them) are not recorded by CloudTrail.
  ['logs:putlogevents', 'CloudTrail does not record PutLogEvents'],
  // Amazon CloudWatch User Guide, "Logging Amazon CloudWatch API and console calls with AWS CloudTrail":
  // PutMetricData is recorded only as a CloudWatch data event, which trails rarely select.
  ['cloudwatch:putmetricdata', 'metric writes are recorded only as CloudWatch data events'],
  // AWS X-Ray Developer Guide, "Logging X-Ray API calls with AWS CloudTrail": segment and telemetry
  // uploads are data-plane calls that trails do not record by default.
  ['xray:puttracesegments', 'X-Ray segment uploads are not management events'],
  ['xray:puttelemetryrecords', 'X-Ray telemetry uploads are not management events'],
  // AWS Systems Manager User Guide, "Logging AWS Systems Manager API calls with AWS CloudTrail": Session
  // Manager (ECS Exec) records StartSession; the ssmmessages channel calls of the agent are not API events.
  ['ssmmessages:createcontrolchannel', 'ECS Exec channels are not recorded as API calls'],
  ['ssmmessages:createdatachannel', 'ECS Exec channels are not recorded as API calls'],
  ['ssmmessages:opencontrolchannel', 'ECS Exec channels are not recorded as API calls'],
  ['ssmmessages:opendatachannel', 'ECS Exec channels are not recorded as API calls'],
]);

/**
 * Permission-only actions of services the mapping data lists no operation of (so the data
 * cannot say). Keys are lower case.
 */
const PERMISSION_ONLY_BEYOND_DATA: ReadonlyMap<string, string> = new Map([
  // Amazon RDS User Guide, "IAM database authentication": the database checks rds-db:connect when a
  // client connects with an authentication token; no AWS API call carries it.
  ['rds-db:connect', 'checked by the database when a client connects with an IAM token; no API call carries it'],
]);

/**
 * Services whose events CloudTrail records in one home region whatever region the caller
 * is in: IAM, the STS global endpoint, CloudFront, Route 53, Organizations, sign-in (CloudTrail
 * User Guide, "Global service events": "logged as occurring in US East (N. Virginia)"; in
 * the China and GovCloud partitions, cn-north-1 and us-gov-west-1).
 */
const GLOBAL_SERVICES: ReadonlySet<string> = new Set(['iam', 'sts', 'cloudfront', 'route53', 'organizations', 'signin']);
export const GLOBAL_HOME_REGIONS: readonly string[] = ['us-east-1', 'cn-north-1', 'us-gov-west-1'];

export interface Observability {
  observable: boolean;
  reason?: NotObservableReason;
  detail?: string;
}

/** What else the input says, beyond which services have data events. */
export interface InputExtent {
  /** Per service, which kinds of data events the input holds; when given, a data-plane action needs its own kind. */
  dataSeen?: ReadonlyMap<string, KindsSeen>;
  /** Regions whose CloudTrail is in the input; when given, global services need their home region among them. */
  regionsRead?: ReadonlySet<string>;
  /** Is the action a read (access level Read or List)? Default: the management argument's. */
  isRead?: boolean;
  /** The kinds of data events its calls produce (data-kinds.ts); when given, a data-plane action needs each, instead of the kind `isRead` says. */
  dataKinds?: DataKindsOfAction;
}

/**
 * Is `action` (canonical `service:Name`) a data-plane action: listed as reached only
 * through data events, or of a service with data events and looking like data-plane work
 * (data-events.ts)?
 */
export function isDataPlaneAction(action: string): boolean {
  return dataPlaneStatus(action) !== 'management';
}

/** Is `action` of a service that logs to one home region (IAM, STS, CloudFront, Route 53, Organizations, sign-in)? */
export function isGlobalServiceAction(action: string): boolean {
  return GLOBAL_SERVICES.has(serviceOf(action));
}

/** Permission-only actions, and those of services the mapping data lists no operation of. */
function byMappingData(action: string): Observability | undefined {
  const status = permissionOnlyStatus(action);
  if (status === 'permission-only') {
    return { observable: false, reason: 'permission-only', detail: 'no API operation in the mapping data authorises it: IAM checks it while serving another call (or its API is newer than the data)' };
  }
  if (status === 'unknown-service') {
    return { observable: false, reason: 'no-operation-data', detail: `the mapping data lists no API operation of ${serviceOf(action)}: whether a call would show it is not known` };
  }
  return undefined;
}

/** A data-plane action: observable when the input holds data events of its service (and, when known, of its kind). */
function dataPlane(action: string, dataEventServices: ReadonlySet<string>, extent: InputExtent): Observability {
  const service = serviceOf(action);
  if (!dataEventServices.has(service)) {
    const what = dataPlaneStatus(action) === 'by-rule' ? `may be a data event (${service} records data events, and this action is not known to be a management event)` : 'data event';
    return { observable: false, reason: 'no-data-events', detail: `${what}; the input holds no ${service} data events` };
  }
  if (!extent.dataSeen) return { observable: true };
  const seen = extent.dataSeen.get(service);
  const kinds = extent.dataKinds?.kinds ?? (extent.isRead ? 'read' : 'write');
  const kind = needsKind(kinds, 'read') && !seen?.readOnly ? 'read' : needsKind(kinds, 'write') && !seen?.write ? 'write' : undefined;
  if (!kind) return { observable: true };
  return { observable: false, reason: 'no-data-events', detail: `data event; the input holds no ${kind} data events of ${service} (a trail selecting ${kind === 'read' ? 'writes' : 'reads'} only?)${kindWhy(extent.dataKinds, kind)}` };
}

/** Why an action needs data events of `kind` when its calls are of both kinds: the operations of that kind that need it. */
export function kindWhy(k: DataKindsOfAction | undefined, kind: 'read' | 'write'): string {
  if (k?.kinds !== 'both') return '';
  const ops = kind === 'read' ? k.readOps : k.writeOps;
  return ops.length ? `; ${kind === 'read' ? 'read-only' : 'write'} calls need it too: ${ops.slice(0, 4).join(', ')}${ops.length > 4 ? ', …' : ''}` : '';
}

/**
 * Could CloudTrail in this input have shown a call of `action`?
 * `dataEventServices`: services (IAM prefixes) for which the input holds at least one data event.
 */
export function observabilityOf(
  action: string,
  dataEventServices: ReadonlySet<string>,
  management?: ManagementSeen,
  extent: InputExtent = {},
): Observability {
  const key = action.toLowerCase();
  const beyondData = PERMISSION_ONLY_BEYOND_DATA.get(key);
  if (beyondData) return { observable: false, reason: 'permission-only', detail: beyondData };
  const notLogged = NOT_LOGGED.get(key);
  const fromData = byMappingData(action);
  if (fromData?.reason === 'permission-only') return fromData;
  if (notLogged) return { observable: false, reason: 'not-logged', detail: notLogged };
  const isRead = extent.isRead ?? management?.isRead ?? false;
  if (isDataPlaneAction(action)) {
    const o = dataPlane(action, dataEventServices, { ...extent, isRead });
    if (!o.observable) return o;
  } else if (fromData) return fromData;
  if (extent.regionsRead && isGlobalServiceAction(action) && !GLOBAL_HOME_REGIONS.some((r) => extent.regionsRead!.has(r))) {
    return { observable: false, reason: 'global-service', detail: `${serviceOf(action)} logs its calls to us-east-1, whose CloudTrail is not in the input` };
  }
  if (management && !isDataPlaneAction(action)) return managementKindGap(management, isRead) ?? { observable: true };
  return { observable: true };
}

/** The management events the input holds, and how CloudTrail records calls of the action in question. */
export interface ManagementSeen extends KindsSeen {
  /** Is the action a read (access level Read or List)? What the caller asserts when `calls` is absent. */
  isRead: boolean;
  /** How CloudTrail records its calls (call-kinds.ts); when given, it decides instead of `isRead`. */
  calls?: CallKind;
}

const NO_READS = 'the input holds no read-only management events (a write-only trail?)';
const NO_WRITES = 'the input holds no write management events (a read-only trail?)';
const WHY: Record<CallKind, string> = {
  read: '; CloudTrail records its calls as read-only',
  write: '; CloudTrail records its calls as write events',
  both: '; CloudTrail records some of its calls as read-only, some as write events',
  unknown: '; whether CloudTrail records its calls as read-only or write events is not known',
};

/**
 * A trail that records only write (or only read) management events cannot show the other
 * kind; a call whose kind is not known could be either, so it needs both.
 */
function managementKindGap(m: ManagementSeen, isRead: boolean): Observability | undefined {
  const calls = m.calls ?? (isRead ? 'read' : 'write');
  const why = m.calls ? WHY[m.calls] : '';
  if (calls !== 'write' && !m.readOnly) return { observable: false, reason: 'not-logged', detail: NO_READS + why };
  if (calls !== 'read' && !m.write) return { observable: false, reason: 'not-logged', detail: NO_WRITES + why };
  return undefined;
}

/** Does a call of this action need a permission? (`sts:GetCallerIdentity` does not: it is never unused, never suggested.) From the mapping data. */
export function requiresPermission(action: string): boolean {
  return !needsNoPermission(action);
}
