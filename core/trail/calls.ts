/**
 * A normalised record → what it says about a tracked role: a call the role made (allowed
 * or denied), ECS assuming the role for a task, or nothing (another principal).
 */
import type { Catalog } from '../catalog/catalog.ts';
import { roleKeyOfArn } from '../arn.ts';
import type { DenialCause } from '../model.ts';
import { denialCause, isAccessDenied, resourceFromDenialMessage } from './denial.ts';
import { actionFromDenialMessage, actionsForEvent, serviceOfEventSource, type EventActionMemos } from './event-actions.ts';
import { hash53 } from './hash53.ts';
import type { Memo } from './memo.ts';
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

/**
 * The memo tables of attribution (part of the fold's caches, see `foldCaches`): a trail
 * names the same few role ARNs millions of times.
 */
export interface AttributionMemos extends EventActionMemos {
  /** Role or assumed-role ARN → `roleKey`; null for an ARN that names no role. */
  readonly roleKeyOfArn: Memo<string, string | null>;
}

/** What attribution needs: the catalog, the roles of interest and the memo tables. */
export interface AttributionContext {
  catalog: Catalog;
  /** `roleKey`s of the tracked roles. */
  tracked: ReadonlySet<string>;
  caches: AttributionMemos;
}

/** The stable per-event key: eventID where present, else the fields that identify the call. */
export function recordKey(r: TrailRecord): number {
  return hash53(r.eventId ?? `${r.eventTime}|${r.eventSource}|${r.eventName}|${r.principalArn ?? ''}|${r.errorCode ?? ''}`);
}

/** `roleKeyOfArn`, remembered in `memos`. */
function memoRoleKey(memos: AttributionMemos, arn: string): string | undefined {
  let key = memos.roleKeyOfArn.get(arn);
  if (key === undefined) key = memos.roleKeyOfArn.set(arn, roleKeyOfArn(arn) ?? null);
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
 * The role (`roleKey`) behind a role session, in two cases. With session context: the
 * issuer's ARN (it carries the role's path), or the assumed-role ARN when the issuer names
 * no role (a damaged record; a federated user's issuer is an IAM user, whose ARN names no
 * role either). Without it, only an `AssumedRole`'s ARN can name a role: users, root and
 * services, most untracked records, are answered without a lookup (looking their ARNs up
 * too measured about 3 % slower, fold alone, on `npm run bench`'s records). Takes raw
 * values so the fold's fast path can use it before a record is normalised.
 */
export function callerKey(memos: AttributionMemos, identityType: unknown, issuerArn: unknown, principalArn: unknown): string | undefined {
  const principal = typeof principalArn === 'string' && principalArn ? principalArn : undefined;
  if (typeof issuerArn === 'string' && issuerArn) return memoRoleKey(memos, issuerArn) ?? (principal && memoRoleKey(memos, principal));
  return identityType === 'AssumedRole' && principal ? memoRoleKey(memos, principal) : undefined;
}

/** Which role (by `roleKey`) made this call, and in which session; undefined when not a role session. */
export function callerOf(r: TrailRecord, memos: AttributionMemos): { roleKey: string; roleArn?: string; session?: string } | undefined {
  // The role's ARN only from an issuer that names the role, never from one that names none.
  const byIssuer = r.issuerArn ? memoRoleKey(memos, r.issuerArn) : undefined;
  const key = byIssuer ?? callerKey(memos, r.identityType, r.issuerArn, r.principalArn);
  if (!key) return undefined;
  const caller: { roleKey: string; roleArn?: string; session?: string } = { roleKey: key };
  if (byIssuer) caller.roleArn = r.issuerArn;
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
 * Attribute one record. `ctx.tracked` holds the role keys of interest; everything else is
 * answered `untracked` before any mapping work is done.
 */
export function attributeRecord(r: TrailRecord, ctx: AttributionContext): Attribution {
  const { catalog, tracked, caches } = ctx;
  const assume = ecsAssume(r);
  if (assume) {
    if (!tracked.has(assume.roleKey)) return { kind: 'untracked' };
    return {
      kind: 'assume',
      evidence: { roleKey: assume.roleKey, key: recordKey(r), time: r.eventTime, ...(assume.session ? { session: assume.session } : {}) },
    };
  }
  const caller = callerOf(r, caches);
  if (!caller || !tracked.has(caller.roleKey)) return { kind: 'untracked' };

  const call: Call = { roleKey: caller.roleKey, key: recordKey(r), time: r.eventTime, actions: [] };
  if (caller.roleArn) call.roleArn = caller.roleArn;
  if (caller.session) call.session = caller.session;
  if (r.invokedBy) call.invokedBy = r.invokedBy;

  if (isAccessDenied(r.errorCode)) {
    call.denied = { errorCode: r.errorCode!, cause: denialCause(r.errorMessage) };
    if (r.errorMessage) call.denied.message = r.errorMessage;
  }
  const mapping = actionsForEvent(catalog, r.eventSource, r.eventName, r.requestParameters, caches);
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
  const candidates = candidateResources(r, serviceOfEventSource(r.eventSource, caches));
  // Denied calls often carry no resources[]; the message names the resource instead.
  const named = call.denied ? resourceFromDenialMessage(r.errorMessage) : undefined;
  if (named && !candidates.includes(named)) candidates.push(named);
  for (const name of names) {
    const info = catalog.lookup(name)!;
    call.actions.push({ action: info.action, resources: resourcesForAction(info, candidates) });
  }
  return { kind: 'call', call };
}
