/**
 * The report's workload entries of a role: the workloads the inventory names for it and
 * those its attributed tasks ran, one entry each (a service, or the standalone and
 * scheduled tasks of one family), with what their tasks did.
 *
 * An inventory revision without a service whose tasks the facts show running under a
 * service belongs to that service (it is an older revision of it, not a standalone task).
 */
import type { Workload } from '../model.ts';
import type { WorkloadDeniedEntry, WorkloadEntry, WorkloadUsedEntry } from '../report/schema.ts';
import { mergeSamples } from '../usage/sorted-set.ts';
import { workloadOfTask, type CallsSeen, type WorkloadIdentity, type WorkloadUse } from './attribute.ts';
import type { TaskFact } from './tasks.ts';
import { denialKeyParts } from './revisions.ts';

const revisionNumber = (td: string) => Number(td.slice(td.lastIndexOf(':') + 1));
const familyOf = (td: string) => td.slice(0, td.lastIndexOf(':'));

/** The workload an inventory entry names. */
function identityOfInventory(w: Workload): WorkloadIdentity {
  const family = familyOf(w.taskDefinition);
  if (w.service) return { key: `service:${w.cluster ?? ''}/${w.service}`, kind: 'service', family, service: w.service, ...(w.cluster ? { cluster: w.cluster } : {}) };
  return { key: `family:${family}`, kind: 'standalone', family };
}

function byCount<T extends { count: number; action: string }>(a: T, b: T): number {
  return b.count - a.count || (a.action < b.action ? -1 : a.action > b.action ? 1 : 0);
}

/** One workload's allowed calls, most first. */
export function workloadUsed(actions: ReadonlyMap<string, CallsSeen>): WorkloadUsedEntry[] {
  const out: WorkloadUsedEntry[] = [];
  for (const [action, c] of actions) {
    const sample = mergeSamples(c.samples);
    out.push({ action, count: c.count, firstSeen: c.firstSeen, lastSeen: c.lastSeen, tasks: c.tasks, resources: sample.arns, ...(sample.overflow ? { resourcesTruncated: true as const } : {}) });
  }
  return out.sort(byCount);
}

/** One workload's refused calls, most first. */
function workloadDenied(denied: ReadonlyMap<string, CallsSeen>): WorkloadDeniedEntry[] {
  const out: WorkloadDeniedEntry[] = [];
  for (const [key, c] of denied) {
    const { action, cause } = denialKeyParts(key);
    out.push({ action, cause, errorCode: key.slice(key.lastIndexOf('|') + 1), count: c.count, firstSeen: c.firstSeen, lastSeen: c.lastSeen, tasks: c.tasks });
  }
  return out.sort(byCount);
}

interface Draft {
  identity: WorkloadIdentity;
  revisions: Set<string>;
  use?: WorkloadUse;
}

/**
 * Inventory workloads and attributed ones, merged by identity. `services` says which
 * service ran each revision, by the task facts of the whole run (a revision whose tasks
 * failed before making a call of this role ran under its service all the same).
 */
function drafts(inventory: readonly Workload[], attributed: ReadonlyMap<string, WorkloadUse>, services: ReadonlyMap<string, WorkloadIdentity>): Map<string, Draft> {
  const out = new Map<string, Draft>();
  for (const use of attributed.values()) out.set(use.identity.key, { identity: use.identity, revisions: new Set(use.revisions), use });
  for (const w of inventory) {
    const ran = w.service ? undefined : services.get(w.taskDefinition);
    const identity = ran ?? identityOfInventory(w);
    let d = out.get(identity.key);
    if (!d) out.set(identity.key, (d = { identity, revisions: new Set() }));
    d.revisions.add(w.taskDefinition);
  }
  return out;
}

function entryOf(d: Draft): WorkloadEntry {
  const revisions = [...d.revisions].sort((a, b) => (familyOf(a) !== familyOf(b) ? (a < b ? -1 : 1) : revisionNumber(a) - revisionNumber(b)));
  const newest = [...revisions].sort((a, b) => revisionNumber(a) - revisionNumber(b)).at(-1)!;
  const { identity: id, use } = d;
  return {
    taskDefinition: newest,
    ...(id.service ? { service: id.service } : {}),
    ...(id.cluster ? { cluster: id.cluster } : {}),
    kind: id.kind,
    revisions,
    tasks: use?.tasks.size ?? 0,
    used: use ? workloadUsed(use.actions) : [],
    denied: use ? workloadDenied(use.denied) : [],
  };
}

/** Which service ran each revision (`family:revision`), by the task facts: revisions run as standalone tasks are not in it. */
export function servicesByRevision(facts: Iterable<TaskFact>): Map<string, WorkloadIdentity> {
  const out = new Map<string, WorkloadIdentity>();
  for (const f of facts) if (f.service && !out.has(f.taskDefinition)) out.set(f.taskDefinition, workloadOfTask(f));
  return out;
}

/** The workload key of an entry (as `WorkloadIdentity.key`). */
export function workloadKeyOf(e: Workload): string {
  return identityOfInventory(e).key;
}

/** The role's workload entries: busiest first, then by name. */
export function workloadEntries(inventory: readonly Workload[], attributed: ReadonlyMap<string, WorkloadUse>, services: ReadonlyMap<string, WorkloadIdentity> = new Map()): WorkloadEntry[] {
  const calls = (e: WorkloadEntry) => (e.used ?? []).reduce((n, u) => n + u.count, 0) + (e.denied ?? []).reduce((n, u) => n + u.count, 0);
  const label = (e: WorkloadEntry) => `${e.cluster ?? ''}/${e.service ?? e.taskDefinition}`;
  return [...drafts(inventory, attributed, services).values()].map(entryOf).sort((a, b) => calls(b) - calls(a) || (label(a) < label(b) ? -1 : 1));
}
