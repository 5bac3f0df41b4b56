/**
 * A sandbox scenario: the state of one AWS account, as plain data. The default scenario
 * is the bundled sample account, read from its export directory with the product's own
 * readers, so the sandbox and `analyze --input` see the same account.
 */
import { join } from 'node:path';
import type { ManagedPolicyDetail, RoleDetail } from '../core/policy/authorization-details.ts';
import { addTaskFacts, taskFactOf, type TaskFact } from '../core/workloads/tasks.ts';
import { readExportDir } from '../sources/export-dir.ts';
import { readTrailFile } from '../sources/trail/parse.ts';
import { lastAccessedSeeds } from './last-accessed-seeds.ts';

export interface ScenarioService {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  taskDefinition: string;
  status?: string;
}

export interface Scenario {
  accountId: string;
  region: string;
  clusterArns: string[];
  services: ScenarioService[];
  /** `describe-task-definition`'s `taskDefinition` objects. */
  taskDefinitions: Record<string, unknown>[];
  roles: RoleDetail[];
  policies: ManagedPolicyDetail[];
  /** Raw CloudTrail records, any order. */
  events: Record<string, unknown>[];
  /** IAM last-accessed reports (`get-service-last-accessed-details` output) by role ARN: what IAM's jobs answer. */
  lastAccessed?: Record<string, Record<string, unknown>>;
  /** ECS tasks over their whole lives (ecs-tasks.ts serves them as ECS would at the clock's time). */
  tasks?: TaskFact[];
}

export const SAMPLE_ACCOUNT_DIR = join(import.meta.dirname, '..', 'examples', 'sample-account');

/** Build a scenario from an export directory (default: the bundled sample account). */
export async function scenarioFromExport(dir = SAMPLE_ACCOUNT_DIR): Promise<Scenario> {
  const data = await readExportDir(dir);
  const seen = new Set<string>();
  const events: Record<string, unknown>[] = [];
  for (const file of data.trailFiles) {
    await readTrailFile(file, {
      record: (raw) => {
        const r = raw as Record<string, unknown>;
        const id = typeof r?.eventID === 'string' ? r.eventID : undefined;
        if (!id || seen.has(id)) return;
        seen.add(id);
        events.push(r);
      },
      skipRecord: () => {},
    });
  }
  const services = data.services as unknown as ScenarioService[];
  const tds = data.taskDefinitions as Record<string, unknown>[];
  const anyArn = String(tds[0]?.taskDefinitionArn ?? 'arn:aws:ecs:us-east-1:000000000000:x');
  const [, , , region, accountId] = anyArn.split(':');
  return {
    accountId: accountId!,
    region: region!,
    clusterArns: [...new Set(services.map((s) => s.clusterArn))],
    services,
    taskDefinitions: tds,
    roles: data.roleDetails,
    policies: data.managedPolicies,
    events,
    lastAccessed: lastAccessedSeeds(data.lastAccessed, data.roleDetails),
    tasks: tasksOf(data.tasks),
  };
}

/** The export's described tasks, one fact per task (the day files describe a task as often as it was seen). */
function tasksOf(raw: readonly unknown[]): TaskFact[] {
  const facts = new Map<string, TaskFact>();
  for (const t of raw) {
    const read = taskFactOf(t);
    if (read.ok) addTaskFacts(facts, [read.fact]);
  }
  return [...facts.values()];
}

/**
 * The scenario with every event moved by `deltaMs` (CloudTrail's record and its
 * `eventTime`): lets code that reads the machine's clock (a packaged bundle) see the
 * account's events as recent.
 */
export function shiftScenario(s: Scenario, deltaMs: number): Scenario {
  const shift = (t: unknown) => (typeof t === 'string' && !Number.isNaN(Date.parse(t)) ? new Date(Date.parse(t) + deltaMs).toISOString().slice(0, 19) + 'Z' : t);
  const shiftTask = (t: TaskFact): TaskFact => {
    const out = { ...t };
    for (const k of ['createdAt', 'startedAt', 'stoppedAt'] as const) if (t[k]) out[k] = shift(t[k]) as string;
    return out;
  };
  return { ...s, events: s.events.map((e) => ({ ...e, eventTime: shift(e.eventTime) })), ...(s.tasks ? { tasks: s.tasks.map(shiftTask) } : {}) };
}
