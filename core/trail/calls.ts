/**
 * A normalised record → what it says about a tracked role: a call the role made (allowed
 * or denied), ECS assuming the role for a task, or nothing (another principal).
 *
 * A call credits every action it needed (core/mapping: several for a copy, one per item
 * kind of a DynamoDB transaction, the …Version… action of a versioned S3 call), each with
 * the resources the record names for it. Actions the call may also have needed but the
 * record cannot show (the versions of a multi-object delete) are kept apart as `possible`:
 * never use, never unused.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { roleKeyOfArn } from '../arn.ts';
import { answerOf } from '../mapping/required-actions.ts';
import type { RequiredAction } from '../mapping/types.ts';
import type { DenialCause } from '../model.ts';
import { STRING_LIMITS, withinLimit } from './bounds.ts';
import { actionFromDenialMessage, denialCause, isAccessDenied, resourceFromDenialMessage } from './denial.ts';
import { actionInfo, eventFacts, type EventFactMemos, type EventFacts } from './event-facts.ts';
import { recordKey } from './event-key.ts';
import type { Memo } from './memo.ts';
import type { TrailRecord } from './record.ts';
import { arnOfRequestName, candidateResources, resourcesForAction } from './resources.ts';

export { recordKey } from './event-key.ts';

/** `STRING_LIMITS.arn`, as a constant: it is checked for every role ARN of every record. */
const ARN_LIMIT = STRING_LIMITS.arn;

export interface ActionUse {
  action: string;
  resources: string[];
}

export interface Call {
  roleKey: string;
  /** The role ARN as CloudTrail named it (with its path). */
  roleArn?: string;
  /** `principalId` of the session (`AROA…:session`): a role ID other than IAM's today means the role was recreated. */
  principalId?: string;
  key: number;
  time: string;
  session?: string;
  invokedBy?: string;
  /** The actions the call needed; empty when `unmapped` is set. */
  actions: ActionUse[];
  /** Actions the call may also have needed, which the record cannot show (allowed calls only). */
  possible?: ActionUse[];
  /** The operation (`s3:DeleteObjects`), with `possible`: what may have needed them. */
  operation?: string;
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
 * names the same few role ARNs and event pairs millions of times.
 */
export interface AttributionMemos extends EventFactMemos {
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

/** `roleKeyOfArn`, remembered in `memos`. ARNs over IAM's 2,048 characters name no role (and are not remembered). */
function memoRoleKey(memos: AttributionMemos, arn: string): string | undefined {
  if (arn.length > ARN_LIMIT) return undefined;
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

/** Is this record ECS (the ecs-tasks service principal) calling `sts:AssumeRole`? */
function isEcsAssumeRole(r: TrailRecord): boolean {
  if (r.eventName !== 'AssumeRole' || !r.eventSource.startsWith('sts.')) return false;
  return (r.invokedBy ?? (r.identityType === 'AWSService' ? 'aws-service' : undefined)) === 'ecs-tasks.amazonaws.com';
}

/**
 * ECS assuming a role for a task. A failed AssumeRole (`errorCode` set: the trust policy
 * refused, the role was gone) gave no task the role, so it is no evidence that tasks ran.
 */
function ecsAssume(r: TrailRecord): { roleKey: string; session?: string } | undefined {
  const roleArn = r.requestParameters?.roleArn;
  const key = typeof roleArn === 'string' && withinLimit(roleArn, 'arn') ? roleKeyOfArn(roleArn) : undefined;
  if (!key) return undefined;
  const session = r.requestParameters?.roleSessionName;
  return { roleKey: key, ...(typeof session === 'string' && session.length <= 64 ? { session } : {}) };
}

/**
 * The call of a role session, before its actions: who, when, and whether it was refused.
 * Every field is present (undefined when absent): calls of one shape keep the aggregate's
 * reads of them fast.
 */
function newCall(r: TrailRecord, caller: NonNullable<ReturnType<typeof callerOf>>): Call {
  const call: Call = { roleKey: caller.roleKey, key: recordKey(r), time: r.eventTime, actions: [] };
  if (caller.roleArn) call.roleArn = caller.roleArn;
  if (caller.session) call.session = caller.session;
  if (r.invokedBy) call.invokedBy = r.invokedBy;
  if (r.principalId && r.identityType === 'AssumedRole') call.principalId = r.principalId;
  if (isAccessDenied(r.errorCode)) {
    call.denied = { errorCode: r.errorCode!, cause: denialCause(r.errorMessage) };
    if (r.errorMessage) call.denied.message = r.errorMessage;
  }
  return call;
}

/** The resources of one credited action: those the request names for it, else the record's, of the action's resource types. */
function usesOf(catalog: Catalog, r: TrailRecord, facts: EventFacts, needed: readonly RequiredAction[], candidates: string[]): ActionUse[] {
  const out: ActionUse[] = [];
  for (const n of needed) {
    const info = actionInfo(catalog, facts, n.action)!;
    const named = n.resourceNames?.map((name) => arnOfRequestName(r, facts.service, name)).filter((a): a is string => a !== undefined);
    out.push({ action: info.action, resources: resourcesForAction(info, named?.length ? named : candidates) });
  }
  return out;
}

/** A denied call: the action the message names (it is what was refused), else every action the call needed. */
function deniedUses(catalog: Catalog, r: TrailRecord, needed: readonly RequiredAction[]): readonly RequiredAction[] {
  const fromMessage = actionFromDenialMessage(catalog, r.errorMessage);
  return fromMessage ? [{ action: fromMessage, origin: 'default' }] : needed;
}

/**
 * Attribute one record. `ctx.tracked` holds the role keys of interest; everything else is
 * answered `untracked` before any mapping work is done. `known` are the record's event
 * facts when the caller looked them up already.
 */
export function attributeRecord(r: TrailRecord, ctx: AttributionContext, known?: EventFacts): Attribution {
  const { catalog, tracked, caches } = ctx;
  if (isEcsAssumeRole(r)) {
    const assume = r.errorCode ? undefined : ecsAssume(r);
    if (!assume || !tracked.has(assume.roleKey)) return { kind: 'untracked' };
    return { kind: 'assume', evidence: { roleKey: assume.roleKey, key: recordKey(r), time: r.eventTime, ...(assume.session ? { session: assume.session } : {}) } };
  }
  const caller = callerOf(r, caches);
  if (!caller || !tracked.has(caller.roleKey)) return { kind: 'untracked' };
  const call = newCall(r, caller);
  const facts = known ?? eventFacts(catalog, caches, r.eventSource, r.eventName);
  const answer = answerOf(facts.plan, r.requestParameters);
  let needed: readonly RequiredAction[] = answer.kind === 'mapped' ? answer.actions : answer.kind === 'no-permission' && answer.action ? [{ action: answer.action, origin: 'dataset' }] : [];
  if (call.denied) needed = deniedUses(catalog, r, needed);
  if (needed.length === 0) {
    if (answer.kind === 'unmapped' || call.denied) call.unmapped = { eventSource: r.eventSource, eventName: r.eventName };
    return { kind: 'call', call };
  }
  const candidates = candidateResources(r, facts.service);
  // Denied calls often carry no resources[]; the message names the resource instead.
  const named = call.denied ? resourceFromDenialMessage(r.errorMessage) : undefined;
  if (named && withinLimit(named, 'arn') && !candidates.includes(named)) candidates.push(named);
  call.actions = usesOf(catalog, r, facts, needed, candidates);
  if (!call.denied && answer.kind === 'mapped' && answer.possible.length > 0) {
    call.possible = usesOf(catalog, r, facts, answer.possible, candidates);
    call.operation = answer.operation;
  }
  return { kind: 'call', call };
}
