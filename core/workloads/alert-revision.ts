/**
 * Which task-definition revision a denial came from, for the alert: "denied since
 * orders-api:15 was deployed". Read from the role's per-session detail (the sessions that
 * were refused) and the task facts; said only when every refused session whose task is
 * known ran the same revision, never guessed.
 */
import type { RoleUsage } from '../usage/model.ts';
import { taskStart, type TaskFact } from './tasks.ts';

export interface DenialRevision {
  /** `family:revision` every refused, known task ran. */
  revision: string;
  /** The earliest start of that revision's tasks the facts know. */
  firstTask?: string;
  /** The newest earlier revision of the family the facts know ran: there was a "before". */
  earlier?: string;
}

const familyOf = (td: string) => td.slice(0, td.lastIndexOf(':'));
const numberOf = (td: string) => Number(td.slice(td.lastIndexOf(':') + 1));

/** The revision behind a role's denial (by its key, `action|cause|errorCode`), when the facts say; `tasks` by session hash. */
export function denialRevision(usage: RoleUsage, denialKey: string, tasks: ReadonlyMap<number, TaskFact>): DenialRevision | undefined {
  const revisions = new Set<string>();
  for (const [hash, s] of Object.entries(usage.bySession?.sessions ?? {})) {
    if (!s.denied?.[denialKey]) continue;
    const fact = tasks.get(Number(hash));
    if (fact) revisions.add(fact.taskDefinition);
  }
  if (revisions.size !== 1) return undefined;
  const revision = [...revisions][0]!;
  let firstTask: string | undefined;
  let earlier: string | undefined;
  for (const f of tasks.values()) {
    const start = taskStart(f);
    if (f.taskDefinition === revision && start && (firstTask === undefined || start < firstTask)) firstTask = start;
    const same = familyOf(f.taskDefinition) === familyOf(revision) && numberOf(f.taskDefinition) < numberOf(revision);
    if (same && (earlier === undefined || numberOf(f.taskDefinition) > numberOf(earlier))) earlier = f.taskDefinition;
  }
  return { revision, ...(firstTask ? { firstTask } : {}), ...(earlier ? { earlier } : {}) };
}
