/**
 * Sessions → tasks → workloads and revisions. A role's per-session detail (core/usage,
 * `bySession`) is grouped by the task each session was (its name is the task ID), through
 * the task facts: per workload (a service, or the standalone and scheduled tasks of one
 * family) and per task-definition revision, the calls made and refused.
 *
 * Nothing is guessed: a session whose task has no facts, and calls of sessions the bound
 * kept no detail for, are counted as unattributed, per action, with the resources they
 * named (the role's whole sample when some of them have no detail at all).
 */
import type { EventSet } from '../usage/event-set.ts';
import type { RoleUsage, SessionUsage } from '../usage/model.ts';
import type { ResourceSample } from '../usage/sorted-set.ts';
import { taskStart, type TaskFact } from './tasks.ts';

/** A workload: a service, or the standalone and scheduled tasks of one task family. */
export interface WorkloadIdentity {
  /** `service:CLUSTER/NAME` or `family:FAMILY`. */
  key: string;
  kind: 'service' | 'standalone';
  family: string;
  service?: string;
  cluster?: string;
}

/** Calls of one action (or one kind of denial) by a group of sessions, summed. */
export interface CallsSeen {
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** Sessions (tasks) that made them. */
  tasks: number;
  /** The resources each session named (denials: none). */
  samples: ResourceSample[];
}

/** What a group of sessions (one workload's, one revision's) did. */
export interface SessionGroup {
  /** The session hashes in the group that made calls. */
  tasks: Set<number>;
  actions: Map<string, CallsSeen>;
  /** By the role's denial key (`action|cause|errorCode`). */
  denied: Map<string, CallsSeen>;
}

export interface WorkloadUse extends SessionGroup {
  identity: WorkloadIdentity;
  /** `family:revision` of the tasks seen. */
  revisions: Set<string>;
}

export interface RevisionUse extends SessionGroup {
  /** `family:revision` */
  revision: string;
  family: string;
  number: number;
  /** The earliest start of its tasks (from their facts), when known. */
  firstTask?: string;
}

/** Calls that could not be placed in a workload. */
export interface Unattributed {
  /** Sessions with detail whose task has no facts. */
  sessions: number;
  /** Of those, sessions ECS assumed the role for: tasks, by AssumeRole evidence, whose facts are missing. */
  ecsTasks: number;
  /** Sessions of the role whose detail the bound left out. */
  withoutDetail: number;
  /** Allowed calls not attributed, per action, with the resources they named. */
  actions: Map<string, { calls: number; samples: ResourceSample[] }>;
  /** Denied calls not attributed, by denial key. */
  denied: Map<string, number>;
  /** All calls not attributed (allowed and denied). */
  calls: number;
}

export interface RoleAttribution {
  workloads: Map<string, WorkloadUse>;
  revisions: Map<string, RevisionUse>;
  unattributed: Unattributed;
}

/** The workload a task belongs to. */
export function workloadOfTask(f: TaskFact): WorkloadIdentity {
  const family = f.taskDefinition.slice(0, f.taskDefinition.lastIndexOf(':'));
  if (f.service) {
    return { key: `service:${f.cluster ?? ''}/${f.service}`, kind: 'service', family, service: f.service, ...(f.cluster ? { cluster: f.cluster } : {}) };
  }
  return { key: `family:${family}`, kind: 'standalone', family };
}

const emptyGroup = (): SessionGroup => ({ tasks: new Set(), actions: new Map(), denied: new Map() });

function addSet(into: Map<string, CallsSeen>, key: string, set: EventSet, sample?: ResourceSample): void {
  const seen = into.get(key);
  if (!seen) {
    into.set(key, { count: set.keys.length, firstSeen: set.firstSeen, lastSeen: set.lastSeen, tasks: 1, samples: sample ? [sample] : [] });
    return;
  }
  seen.count += set.keys.length;
  seen.tasks++;
  if (set.firstSeen < seen.firstSeen) seen.firstSeen = set.firstSeen;
  if (set.lastSeen > seen.lastSeen) seen.lastSeen = set.lastSeen;
  if (sample) seen.samples.push(sample);
}

/** Add one session's calls to a group. */
function addSession(group: SessionGroup, hash: number, s: SessionUsage): void {
  group.tasks.add(hash);
  for (const [action, set] of Object.entries(s.actions)) addSet(group.actions, action, set, set.resources);
  for (const [key, set] of Object.entries(s.denied ?? {})) addSet(group.denied, key, set);
}

function revisionOf(f: TaskFact, revisions: Map<string, RevisionUse>): RevisionUse {
  let r = revisions.get(f.taskDefinition);
  if (!r) {
    const cut = f.taskDefinition.lastIndexOf(':');
    r = { ...emptyGroup(), revision: f.taskDefinition, family: f.taskDefinition.slice(0, cut), number: Number(f.taskDefinition.slice(cut + 1)) };
    revisions.set(f.taskDefinition, r);
  }
  const start = taskStart(f);
  if (start && (r.firstTask === undefined || start < r.firstTask)) r.firstTask = start;
  return r;
}

function workloadOf(f: TaskFact, workloads: Map<string, WorkloadUse>): WorkloadUse {
  const identity = workloadOfTask(f);
  let w = workloads.get(identity.key);
  if (!w) workloads.set(identity.key, (w = { ...emptyGroup(), identity, revisions: new Set() }));
  w.revisions.add(f.taskDefinition);
  return w;
}

/** Every session the role's allowed calls name (the role-level lists, which the bound does not cut). */
function allSessions(usage: RoleUsage): Set<number> {
  const out = new Set<number>();
  for (const a of Object.values(usage.actions)) for (const s of a.sessions) out.add(s);
  return out;
}

/** What is left unattributed: per action, the role's calls less those placed in a workload. */
function unattributedOf(usage: RoleUsage, placed: SessionGroup, unknown: SessionGroup, counts: { sessions: number; ecsTasks: number; withoutDetail: number }): Unattributed {
  const out: Unattributed = { ...counts, actions: new Map(), denied: new Map(), calls: 0 };
  for (const [action, a] of Object.entries(usage.actions)) {
    const calls = a.keys.length - (placed.actions.get(action)?.count ?? 0);
    if (calls <= 0) continue;
    const inDetail = unknown.actions.get(action)?.count ?? 0;
    // Some of these calls have no detail at all: only the role's whole sample can say what they named.
    const samples = calls > inDetail ? [a.resources] : (unknown.actions.get(action)?.samples ?? []);
    out.actions.set(action, { calls, samples });
    out.calls += calls;
  }
  for (const [key, d] of Object.entries(usage.denied)) {
    const calls = d.keys.length - (placed.denied.get(key)?.count ?? 0);
    if (calls <= 0) continue;
    out.denied.set(key, calls);
    out.calls += calls;
  }
  return out;
}

/**
 * Attribute a role's sessions to workloads and revisions through the task facts (by
 * session hash, see `taskIndex`). A role without per-session detail has everything
 * unattributed.
 */
export function attributeSessions(usage: RoleUsage | undefined, tasks: ReadonlyMap<number, TaskFact>): RoleAttribution {
  const workloads = new Map<string, WorkloadUse>();
  const revisions = new Map<string, RevisionUse>();
  const placed = emptyGroup();
  const unknown = emptyGroup();
  if (!usage) return { workloads, revisions, unattributed: { sessions: 0, ecsTasks: 0, withoutDetail: 0, actions: new Map(), denied: new Map(), calls: 0 } };
  const assumed = new Set(usage.assumed?.sessions ?? []);
  let ecsTasks = 0;
  const detailed = new Set<number>();
  for (const [key, s] of Object.entries(usage.bySession?.sessions ?? {})) {
    const hash = Number(key);
    detailed.add(hash);
    const fact = tasks.get(hash);
    if (!fact) {
      addSession(unknown, hash, s);
      if (assumed.has(hash)) ecsTasks++;
      continue;
    }
    addSession(placed, hash, s);
    addSession(workloadOf(fact, workloads), hash, s);
    addSession(revisionOf(fact, revisions), hash, s);
  }
  let withoutDetail = 0;
  for (const s of allSessions(usage)) if (!detailed.has(s)) withoutDetail++;
  const unattributed = unattributedOf(usage, placed, unknown, { sessions: unknown.tasks.size, ecsTasks, withoutDetail });
  return { workloads, revisions, unattributed };
}
