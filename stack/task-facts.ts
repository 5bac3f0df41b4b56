/**
 * The stack's ECS task facts: collect's snapshot of running and recently stopped tasks,
 * stored per region and day beside the aggregates (sources/store/task-store.ts), and read
 * back for the weekly report and for alerts (which revision a denial came from).
 */
import type { DenialInput } from '../core/alerts/plan.ts';
import { roleKey } from '../core/arn.ts';
import type { AccountSnapshot } from '../core/pipeline.ts';
import { denialRevision } from '../core/workloads/alert-revision.ts';
import { addTaskFacts, taskIndex, type TaskFact, type TaskFacts } from '../core/workloads/tasks.ts';
import type { UsageAggregate } from '../core/usage/model.ts';
import type { TaskSnapshot } from '../sources/aws/ecs-tasks.ts';
import type { ObjectStore } from '../sources/store/object-store.ts';
import { putTaskFacts, readTaskFacts, taskFactsKey } from '../sources/store/task-store.ts';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Store a snapshot, one object per region, under the run's ID; returns its problems. */
export async function storeTaskSnapshot(store: ObjectStore, snap: TaskSnapshot, now: number, runId: string): Promise<string[]> {
  const byRegion = new Map<string, TaskFact[]>();
  for (const f of snap.facts) {
    const region = f.region ?? 'unknown';
    byRegion.set(region, [...(byRegion.get(region) ?? []), f]);
  }
  for (const [region, facts] of byRegion) await putTaskFacts(store, taskFactsKey(day(now), region, `snapshot_${runId}`), facts);
  const unread = snap.unread ? [`${snap.unread} ECS tasks (or clusters) not read within the time budget: their sessions may stay unattributed unless a later snapshot or a task state change event names them`] : [];
  return [...snap.problems, ...unread];
}

/** The account snapshot with the stored task facts of [from, to] merged into its own (live) ones. */
export async function withStoredTasks(account: AccountSnapshot, store: ObjectStore, from: string, to: string): Promise<AccountSnapshot> {
  const stored = await readTaskFacts(store, from.slice(0, 10), to.slice(0, 10));
  const facts: TaskFacts = new Map();
  addTaskFacts(facts, stored.facts);
  addTaskFacts(facts, account.tasks ?? []);
  return { ...account, tasks: [...facts.values()], problems: [...account.problems, ...stored.problems] };
}

/**
 * Denials with the revision their tasks ran, where the facts say: this run's snapshot and
 * the facts stored since yesterday (read only when there is a denial to place).
 */
export async function withDenialRevisions(denials: DenialInput[], reads: readonly { usage: UsageAggregate }[], snapshot: readonly TaskFact[], store: ObjectStore, now: number): Promise<DenialInput[]> {
  if (denials.length === 0) return denials;
  const facts: TaskFacts = new Map();
  addTaskFacts(facts, (await readTaskFacts(store, day(now - 86_400_000), day(now))).facts);
  addTaskFacts(facts, snapshot);
  const index = taskIndex(facts.values());
  return denials.map((d) => {
    const key = `${d.denied.action}|${d.denied.cause}|${d.denied.errorCode}`;
    const role = roleKey(d.role.accountId, d.role.roleName);
    for (const r of reads) {
      const usage = r.usage.roles[role];
      const revision = usage ? denialRevision(usage, key, index) : undefined;
      if (revision) return { ...d, revision };
    }
    return d;
  });
}
