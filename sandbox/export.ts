/** Write a sandbox scenario as an export directory, as a user would with the AWS CLI. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describedAt, isTaskVisible } from './ecs-tasks.ts';
import type { Scenario } from './scenario.ts';

export interface ExportOptions {
  /** Keep only management events, as `lookup-events` would return them. */
  managementOnly?: boolean;
  /**
   * Write the tasks ECS lists at this time (ms) as `describe-tasks` output, as the README's
   * loop would have at that moment; absent: no task file (the export attributes nothing).
   */
  tasksAt?: number;
}

export function writeScenarioExport(s: Scenario, dir: string, o: ExportOptions = {}): void {
  const write = (rel: string, v: unknown) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), JSON.stringify(v));
  };
  s.taskDefinitions.forEach((td, i) => write(`ecs/td-${i}.json`, { taskDefinition: td }));
  write('ecs/services.json', { services: s.services });
  write('iam/details.json', { RoleDetailList: s.roles, Policies: s.policies });
  const events = o.managementOnly ? s.events.filter((e) => e.eventCategory !== 'Data' && e.managementEvent !== false) : s.events;
  write('cloudtrail/events.json', { Records: events });
  const at = o.tasksAt;
  if (at !== undefined) write('ecs/tasks.json', { tasks: (s.tasks ?? []).filter((t) => isTaskVisible(t, at)).map((t) => describedAt(t, at, s.accountId)), failures: [] });
}
