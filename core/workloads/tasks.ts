/**
 * ECS task facts: which task definition revision a task ran, for which service (or as a
 * standalone or scheduled task), where and when. CloudTrail names the task of every call a
 * task role or execution role makes (the role session's name is the task ID), so these
 * facts turn sessions into workloads.
 *
 * The facts come from `DescribeTasks` (a snapshot of running and recently stopped tasks,
 * live or in an export's `describe-tasks` files) and from EventBridge `ECS Task State
 * Change` events, in whatever shape each prints timestamps: ISO text (the CLI), epoch
 * seconds (the raw API), `Date` (the SDK). Everything is normalised here, once.
 */
import { parseArn } from '../arn.ts';
import { taskDefinitionName } from '../inventory/inventory.ts';
import { hash53 } from '../trail/hash53.ts';

/** What ECS says about one task. Times are ISO, to the second, UTC (`2026-11-13T10:00:04Z`). */
export interface TaskFact {
  /** The last segment of the task ARN: 32 hex characters, or a UUID on tasks of older clusters. */
  taskId: string;
  taskArn?: string;
  /** `family:revision` of the task definition it ran. */
  taskDefinition: string;
  /** The service that started it, from its group (`service:NAME`); absent for standalone and scheduled tasks. */
  service?: string;
  cluster?: string;
  /** `service:NAME` or `family:NAME`, as ECS sets it. */
  group?: string;
  /** Who started it: `ecs-svc/…` for a service, `events-rule/…` for an EventBridge schedule, a user, … */
  startedBy?: string;
  launchType?: string;
  region?: string;
  createdAt?: string;
  startedAt?: string;
  stoppedAt?: string;
  /** `PROVISIONING`, `PENDING`, `RUNNING`, `DEPROVISIONING`, `STOPPED`, … */
  lastStatus?: string;
}

/** A task fact, or why a described task could not be read. */
export type TaskFactRead = { ok: true; fact: TaskFact } | { ok: false; problem: string };

const HEX32 = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Is this text an ECS task ID in either format (32 hex characters, or a UUID)? */
export function isTaskId(text: string): boolean {
  return HEX32.test(text) || UUID.test(text);
}

/**
 * The task ID of a task ARN: `arn:aws:ecs:R:A:task/CLUSTER/ID` (the format since 2018) or
 * `arn:aws:ecs:R:A:task/ID` (older, UUID IDs). Undefined when the ARN names no task.
 */
export function taskIdOfArn(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'ecs' || !parsed.resource.startsWith('task/')) return undefined;
  const id = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
  return isTaskId(id) ? id : undefined;
}

/** The hash a session name gets in the usage aggregate (`hash53`): a task's sessions are found by it. */
export function sessionHashOfTask(taskId: string): number {
  return hash53(taskId);
}

/** ISO to the second from ISO text, epoch seconds or a `Date`; undefined for anything else. */
export function isoSecond(v: unknown): string | undefined {
  let ms: number | undefined;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === 'number' && Number.isFinite(v)) ms = v * 1000;
  else if (typeof v === 'string' && v.length <= 40) ms = Date.parse(v);
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 19) + 'Z';
}

const text = (v: unknown, max = 2048): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);

function clusterNameOf(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const parsed = parseArn(arn);
  return parsed ? parsed.resource.replace(/^cluster\//, '') || undefined : arn;
}

/**
 * One task as `DescribeTasks` (or a task state change event's `detail`) describes it. A
 * task without a task ARN naming a task ID, or without a task definition ARN, is a problem,
 * not a fact.
 */
export function taskFactOf(raw: unknown): TaskFactRead {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, problem: 'a described task that is not an object' };
  const t = raw as Record<string, unknown>;
  const taskArn = text(t.taskArn);
  const taskId = taskArn ? taskIdOfArn(taskArn) : undefined;
  if (!taskArn || !taskId) return { ok: false, problem: `a described task without a task ARN naming a task ID (${taskArn ? taskArn.slice(0, 120) : 'no taskArn'})` };
  const tdArn = text(t.taskDefinitionArn);
  const taskDefinition = tdArn ? taskDefinitionName(tdArn) : undefined;
  if (!taskDefinition || !/^[^:/]+:\d+$/.test(taskDefinition)) return { ok: false, problem: `task ${taskId}: no task definition ARN with a revision` };
  const group = text(t.group, 512);
  const service = group?.startsWith('service:') ? group.slice('service:'.length) || undefined : undefined;
  const cluster = clusterNameOf(text(t.clusterArn));
  const fact: TaskFact = { taskId, taskArn, taskDefinition };
  if (service) fact.service = service;
  if (cluster) fact.cluster = cluster;
  if (group) fact.group = group;
  const startedBy = text(t.startedBy, 512);
  if (startedBy) fact.startedBy = startedBy;
  const launchType = text(t.launchType, 64);
  if (launchType) fact.launchType = launchType;
  const region = parseArn(taskArn)?.region;
  if (region) fact.region = region;
  for (const k of ['createdAt', 'startedAt', 'stoppedAt'] as const) {
    const iso = isoSecond(t[k]);
    if (iso) fact[k] = iso;
  }
  const status = text(t.lastStatus, 64);
  if (status) fact.lastStatus = status;
  return { ok: true, fact };
}

const OPTIONAL_TEXT = ['taskArn', 'service', 'cluster', 'group', 'startedBy', 'launchType', 'region', 'createdAt', 'startedAt', 'stoppedAt', 'lastStatus'] as const;

/** Is this value a task fact as stored (a task ID, a `family:revision`, short text fields)? Stored facts are checked before use. */
export function isTaskFact(v: unknown): v is TaskFact {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const t = v as Record<string, unknown>;
  if (typeof t.taskId !== 'string' || !isTaskId(t.taskId)) return false;
  if (typeof t.taskDefinition !== 'string' || t.taskDefinition.length > 512 || !/^[^:/]+:\d+$/.test(t.taskDefinition)) return false;
  return OPTIONAL_TEXT.every((k) => t[k] === undefined || (typeof t[k] === 'string' && (t[k] as string).length <= 2048));
}

/** ECS task statuses in lifecycle order: a later status is newer news about the task. */
const STATUS_ORDER = ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED', 'DELETED'];
const statusRank = (s: string | undefined) => (s === undefined ? -1 : STATUS_ORDER.indexOf(s));

/**
 * Two facts about one task, as one: every field either names, the later status and a stop
 * time when either has one. Commutative, associative and idempotent (ties go to the larger
 * text), so facts from snapshots and events can be merged in any order.
 */
export function mergeTaskFact(a: TaskFact, b: TaskFact): TaskFact {
  const out: TaskFact = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof TaskFact, string][]) {
    if (v === undefined) continue;
    const mine = out[k];
    if (k === 'lastStatus') {
      if (mine === undefined || statusRank(v) > statusRank(mine) || (statusRank(v) === statusRank(mine) && v > mine)) out.lastStatus = v;
    } else if (mine === undefined || v > mine) out[k] = v;
  }
  return out;
}

/** Facts by task ID, merged. */
export type TaskFacts = Map<string, TaskFact>;

/** Add facts to a collection, merging those of a task already known. */
export function addTaskFacts(into: TaskFacts, facts: Iterable<TaskFact>): TaskFacts {
  for (const f of facts) {
    const known = into.get(f.taskId);
    into.set(f.taskId, known ? mergeTaskFact(known, f) : f);
  }
  return into;
}

/** The facts by the hash their task's sessions have in the usage aggregate. */
export function taskIndex(facts: Iterable<TaskFact>): Map<number, TaskFact> {
  const out = new Map<number, TaskFact>();
  for (const f of facts) out.set(sessionHashOfTask(f.taskId), f);
  return out;
}

/** When a task began, as far as its facts say: started, else created. */
export function taskStart(f: TaskFact): string | undefined {
  return f.startedAt ?? f.createdAt;
}
