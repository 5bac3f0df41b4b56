/**
 * Domain types shared by every stage of the pipeline.
 *
 * Everything here is plain data: serialisable, comparable, free of classes, so the
 * same values flow through the CLI, the Lambdas and the tests.
 */

/** How an ECS task definition uses a role. */
export type RoleUse = 'task' | 'execution';

/** IAM access levels as the Service Authorization Reference names them. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Tagging' | 'Permissions management';

/** One place a role is used: a task definition revision and, where known, its service. */
export interface Workload {
  /** `family:revision` */
  taskDefinition: string;
  service?: string;
  cluster?: string;
}

/** A role policy-drift tracks, with why it is tracked. */
export interface TrackedRole {
  roleArn: string;
  roleName: string;
  accountId: string;
  usedAs: RoleUse[];
  workloads: Workload[];
  /** Regions its task definitions and services are in: CloudTrail of each must be read before anything is called unused. */
  regions: string[];
}

/** A normalised IAM policy statement: one shape whatever the JSON looked like. */
export interface Statement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** Exactly one of actions / notActions is set. */
  actions?: string[];
  notActions?: string[];
  /** Exactly one of resources / notResources is set. */
  resources?: string[];
  notResources?: string[];
  condition?: Record<string, unknown>;
}

export interface PolicyDocument {
  statements: Statement[];
}

/** A policy as attached to a role: inline, managed, or the role's permissions boundary. */
export interface AttachedPolicy {
  /** Inline: `inline:<PolicyName>`; managed: the policy ARN. */
  id: string;
  name: string;
  kind: 'inline' | 'managed';
  /** Undefined when the document could not be read; `problem` says why. */
  document?: PolicyDocument;
  problem?: string;
}

/** What IAM says about a role. */
export interface RoleGrants {
  roleArn: string;
  roleName: string;
  /** IAM's unique ID of the role (`AROA…`): a role deleted and recreated under the same name gets a new one. */
  roleId?: string;
  createDate?: string;
  policies: AttachedPolicy[];
  boundary?: AttachedPolicy;
  /** Conflicts in the IAM export about this role (the same role listed twice, differently): its grants are partial. */
  problems?: string[];
}

/** Where one granted action comes from. */
export interface GrantSource {
  policy: string;
  sid?: string;
  resources?: string[];
  notResources?: string[];
  condition?: Record<string, unknown>;
  /** The statement reached this action through a wildcard or NotAction. */
  viaWildcard: boolean;
}

/** One action a role is allowed, after Deny and boundary. */
export interface GrantedAction {
  /** Canonical catalog case, `s3:GetObject`. */
  action: string;
  accessLevel: AccessLevel;
  grantedBy: GrantSource[];
  /**
   * Deny statements of the role's own policies that refuse the action on some resources or
   * under a condition (a Deny that refuses it everywhere removes it instead): a suggested
   * policy that replaces those policies must carry them, or it would allow more than today.
   */
  deniedBy?: DenySource[];
}

/** A Deny statement that limits a granted action without removing it. */
export type DenySource = Omit<GrantSource, 'viaWildcard'>;

/** Effective grants of one role. */
export interface EffectiveGrants {
  roleArn: string;
  actions: Map<string, GrantedAction>;
  /** Actions named in policies that the catalog does not know: kept and reported, not dropped. */
  unknownActions: { action: string; policy: string }[];
  /** Problems that make the grant picture incomplete (a policy that could not be read or parsed). */
  problems: string[];
}

/** Why a granted action cannot be called unused from this input. */
export type NotObservableReason =
  /** No API operation authorises it (the mapping data): IAM checks it while serving another call. */
  | 'permission-only'
  /** CloudTrail does not record it, or the input holds no management events of its kind (read/write). */
  | 'not-logged'
  /** A data-plane action of a service (or kind) whose data events the input does not hold. */
  | 'no-data-events'
  /** Some CloudTrail input could not be read (a region throttled or unavailable): absence proves nothing. */
  | 'incomplete-input'
  /** The mapping data lists no API operation of its service: whether a call would show it is not known. */
  | 'no-operation-data'
  /** IAM, STS, CloudFront, Route 53, Organizations, sign-in log to us-east-1, whose CloudTrail is not in the input. */
  | 'global-service'
  /** The role made calls of this service that map to no known action: one of them may have needed it. */
  | 'unmapped-calls'
  /** Calls of the role may have needed it, and their records cannot show whether (CopyObject's tagging). */
  | 'possible-use'
  /** The role was deleted and recreated: the window's older events are another role's. */
  | 'role-recreated'
  /** An execution role's part of what ECS documents every task needs (image pull, logs): a quiet window proves nothing. */
  | 'ecs-execution-minimum';

/** Whether read (`readOnly: true`) and write events of some kind appear in the input. */
export interface KindsSeen {
  readOnly: boolean;
  write: boolean;
}

/** Denial causes read from the error message. */
export type DenialCause =
  | 'no-identity-policy'
  | 'explicit-deny-identity'
  | 'scp'
  | 'rcp'
  | 'permissions-boundary'
  | 'session-policy'
  | 'resource-policy'
  | 'vpc-endpoint-policy'
  | 'unknown';
