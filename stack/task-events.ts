/**
 * The deployed `taskEvents` function: each EventBridge `ECS Task State Change` event (a task
 * that started running or stopped) is stored as the task's facts, beside collect's
 * snapshots. A task that lives a few seconds between two snapshots taken more than ECS's
 * hour of listing stopped tasks apart is still attributed: its sessions' calls find their
 * workload in the weekly report.
 *
 * One object per event, named by the event's ID: EventBridge delivers at least once, and a
 * repeated delivery rewrites the same object with the same facts.
 */
import { isoSecond, taskFactOf } from '../core/workloads/tasks.ts';
import { AccountObjects } from '../sources/store/account-store.ts';
import type { ObjectStore } from '../sources/store/object-store.ts';
import { putTaskFacts, taskFactsKey } from '../sources/store/task-store.ts';

/** The rule's event pattern: task state changes that start or end a task's life. */
export const TASK_STATE_CHANGE_PATTERN = {
  source: ['aws.ecs'],
  'detail-type': ['ECS Task State Change'],
  detail: { lastStatus: ['RUNNING', 'STOPPED'] },
} as const;

export type TaskEventOutcome = { stored: string } | { skipped: string };

/** The objects of an account: trail mode keeps each watched account's under its own prefix (`accountObjects`). */
export type StoreOfAccount = (account: string) => ObjectStore;

/** Trail mode's layout: an account's objects under its prefix in the bucket `root`. */
export const accountObjects = (root: ObjectStore): StoreOfAccount => (account) => new AccountObjects(root, account);

/** Store one event's task as facts, in its account's objects; anything else is skipped with why (logged, never thrown). */
export async function recordTaskEvent(storeOf: StoreOfAccount, event: unknown): Promise<TaskEventOutcome> {
  if (typeof event !== 'object' || event === null) return { skipped: 'not an event' };
  const e = event as Record<string, unknown>;
  if (e['detail-type'] !== 'ECS Task State Change') return { skipped: `not a task state change (${String(e['detail-type']).slice(0, 80)})` };
  const read = taskFactOf(e.detail);
  if (!read.ok) return { skipped: read.problem };
  const time = isoSecond(e.time) ?? read.fact.stoppedAt ?? read.fact.startedAt ?? read.fact.createdAt;
  if (!time) return { skipped: `task ${read.fact.taskId}: the event names no time` };
  const id = typeof e.id === 'string' && e.id ? e.id : `${read.fact.taskId}-${read.fact.lastStatus ?? 'unknown'}`;
  const key = taskFactsKey(time.slice(0, 10), read.fact.region ?? (typeof e.region === 'string' ? e.region : 'unknown'), `event_${id}`);
  const account = typeof e.account === 'string' && /^\d{12}$/.test(e.account) ? e.account : undefined;
  if (!account) return { skipped: `task ${read.fact.taskId}: the event names no account` };
  await putTaskFacts(storeOf(account), key, [read.fact]);
  return { stored: key };
}
