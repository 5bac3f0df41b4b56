/**
 * A normalised record → what it says about a tracked role: a call the role made (allowed
 * or denied), ECS assuming the role for a task, or nothing (another principal).
 */
import type { Catalog } from '../catalog/catalog.ts';
import { roleKeyOfArn } from '../arn.ts';
import type { DenialCause } from '../model.ts';
import { denialCause, isAccessDenied, resourceFromDenialMessage } from './denial.ts';
import { actionFromDenialMessage, actionsForEvent, serviceOfEventSource } from './event-actions.ts';
import { eventKey } from './event-key.ts';
import type { TrailRecord } from './record.ts';
import { candidateResources, resourcesForAction } from './resources.ts';

export interface ActionUse {
  action: string;
  resources: string[];
}

export interface Call {
  roleKey: string;
  /** The role ARN as CloudTrail named it (with its path). */
  roleArn?: string;
  key: number;
  time: string;
  session?: string;
  invokedBy?: string;
  region?: string;
  category: string;
  service: string;
  /** Mapped actions; empty when `unmapped` is set. */
  actions: ActionUse[];
  unmapped?: { eventSource: string; eventName: string };
  denied?: { errorCode: string; cause: DenialCause; message?: string };
}

export interface AssumeEvidence {
  roleKey: string;
  key: number;
  time: string;
  session?: string;
}

export type Attribution =
  | { kind: 'call'; call: Call }
  | { kind: 'assume'; evidence: AssumeEvidence }
  | { kind: 'untracked' };

/** The stable per-event key: eventID where present, else the fields that identify the call. */
export function recordKey(r: TrailRecord): number {
  return eventKey(r.eventId ?? `${r.eventTime}|${r.eventSource}|${r.eventName}|${r.principalArn ?? ''}|${r.errorCode ?? ''}`);
}

/** `roleKeyOfArn`, memoised: a trail names the same few role ARNs millions of times. */
const roleKeyCache = new Map<string, string | null>();
function cachedRoleKey(arn: string): string | undefined {
  let key = roleKeyCache.get(arn);
  if (key === undefined) {
    key = roleKeyOfArn(arn) ?? null;
    if (roleKeyCache.size > 100_000) roleKeyCache.clear();
    roleKeyCache.set(arn, key);
  }
  return key ?? undefined;
}

/** The session name of an assumed-role ARN (`.../Role/session`), without a full parse. */
function sessionOf(principalArn: string): string | undefined {
  const i = principalArn.indexOf(':assumed-role/');
  if (i < 0) return undefined;
  const j = principalArn.indexOf('/', i + ':assumed-role/'.length);
  return j < 0 ? undefined : principalArn.slice(j + 1) || undefined;
}

/**
 * The role (`roleKey`) behind a role session: the session issuer's ARN, else the
 * assumed-role ARN. Takes raw values so the fold's fast path can use it before a record
 * is normalised.
 */
export function callerKey(identityType: unknown, issuerArn: unknown, principalArn: unknown): string | undefined {
  const issuer = typeof issuerArn === 'string' && issuerArn ? issuerArn : undefined;
  if (identityType !== 'AssumedRole' && !issuer) return undefined;
  return (issuer && cachedRoleKey(issuer)) || (typeof principalArn === 'string' && principalArn ? cachedRoleKey(principalArn) : undefined);
}

/** Which role (by `roleKey`) made this call, and in which session; undefined when not a role session. */
export function callerOf(r: TrailRecord): { roleKey: string; roleArn?: string; session?: string } | undefined {
  const key = callerKey(r.identityType, r.issuerArn, r.principalArn);
  if (!key) return undefined;
  const caller: { roleKey: string; roleArn?: string; session?: string } = { roleKey: key };
  if (r.issuerArn) caller.roleArn = r.issuerArn;
  const session = r.principalArn ? sessionOf(r.principalArn) : undefined;
  if (session) caller.session = session;
  return caller;
}

/** ECS assuming a role for a task: `sts:AssumeRole` made by the ecs-tasks service principal. */
function ecsAssume(r: TrailRecord): { roleKey: string; session?: string } | undefined {
  if (r.eventName !== 'AssumeRole' || !r.eventSource.startsWith('sts.')) return undefined;
  const by = r.invokedBy ?? (r.identityType === 'AWSService' ? 'aws-service' : undefined);
  if (by !== 'ecs-tasks.amazonaws.com') return undefined;
  const roleArn = r.requestParameters?.roleArn;
  const key = typeof roleArn === 'string' ? roleKeyOfArn(roleArn) : undefined;
  if (!key) return undefined;
  const session = r.requestParameters?.roleSessionName;
  return { roleKey: key, ...(typeof session === 'string' ? { session } : {}) };
}

/**
 * Attribute one record. `tracked` holds the role keys of interest; everything else is
 * answered `untracked` before any mapping work is done.
 */
export function attributeRecord(r: TrailRecord, tracked: ReadonlySet<string>, catalog: Catalog): Attribution {
  const assume = ecsAssume(r);
  if (assume) {
    if (!tracked.has(assume.roleKey)) return { kind: 'untracked' };
    return {
      kind: 'assume',
      evidence: { roleKey: assume.roleKey, key: recordKey(r), time: r.eventTime, ...(assume.session ? { session: assume.session } : {}) },
    };
  }
  const caller = callerOf(r);
  if (!caller || !tracked.has(caller.roleKey)) return { kind: 'untracked' };

  const service = serviceOfEventSource(r.eventSource);
  const call: Call = {
    roleKey: caller.roleKey,
    key: recordKey(r),
    time: r.eventTime,
    category: r.category,
    service,
    actions: [],
  };
  if (caller.roleArn) call.roleArn = caller.roleArn;
  if (caller.session) call.session = caller.session;
  if (r.invokedBy) call.invokedBy = r.invokedBy;
  if (r.region) call.region = r.region;

  if (isAccessDenied(r.errorCode)) {
    call.denied = { errorCode: r.errorCode!, cause: denialCause(r.errorMessage) };
    if (r.errorMessage) call.denied.message = r.errorMessage;
  }
  const mapping = actionsForEvent(catalog, r.eventSource, r.eventName, r.requestParameters);
  let names = mapping.ok ? mapping.actions : [];
  // A denied call that maps to nothing still names its action in the message.
  if (!mapping.ok && call.denied) {
    const fromMessage = actionFromDenialMessage(catalog, r.errorMessage);
    if (fromMessage) names = [fromMessage];
  }
  if (names.length === 0) {
    call.unmapped = { eventSource: r.eventSource, eventName: r.eventName };
    return { kind: 'call', call };
  }
  const candidates = candidateResources(r, service);
  // Denied calls often carry no resources[]; the message names the resource instead.
  const named = call.denied ? resourceFromDenialMessage(r.errorMessage) : undefined;
  if (named && !candidates.includes(named)) candidates.push(named);
  for (const name of names) {
    const info = catalog.lookup(name)!;
    call.actions.push({ action: info.action, resources: resourcesForAction(info, candidates) });
  }
  return { kind: 'call', call };
}
