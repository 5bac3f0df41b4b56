import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../../core/inventory/inventory.ts';

const A = '111122223333';

describe('buildInventory', () => {
  it('tracks task and execution roles with their workloads, a role used both ways once', () => {
    const inv = buildInventory(
      [
        { family: 'api', revision: 3, taskRoleArn: `arn:aws:iam::${A}:role/app/api`, executionRoleArn: `arn:aws:iam::${A}:role/exec` },
        { taskDefinitionArn: `arn:aws:ecs:us-east-1:${A}:task-definition/batch:9`, taskRoleArn: `arn:aws:iam::${A}:role/exec` },
      ],
      [{ serviceName: 'api', clusterArn: `arn:aws:ecs:us-east-1:${A}:cluster/prod`, taskDefinition: `arn:aws:ecs:us-east-1:${A}:task-definition/api:3` }],
    );
    expect(inv.problems).toEqual([]);
    const exec = inv.roles.get(`${A}:exec`)!;
    expect(exec.usedAs).toEqual(['execution', 'task']);
    expect(exec.workloads).toEqual([{ taskDefinition: 'batch:9' }, { taskDefinition: 'api:3', service: 'api', cluster: 'prod' }]);
    expect(inv.roles.get(`${A}:api`)).toMatchObject({ roleName: 'api', usedAs: ['task'] });
  });

  it('adds --role by ARN or by name, and reports a name it cannot resolve', () => {
    const inv = buildInventory([], [], { extraRoles: ['legacy', `arn:aws:iam::${A}:role/x/other`, 'missing'], knownRoleArns: [`arn:aws:iam::${A}:role/Legacy`] });
    expect([...inv.roles.keys()].sort()).toEqual([`${A}:legacy`, `${A}:other`]);
    // Named with --role, not by a task definition: no use (the report says "named with --role").
    expect(inv.roles.get(`${A}:legacy`)?.usedAs).toEqual([]);
    expect(inv.problems).toEqual(['--role missing: no such role in the IAM export']);
  });
});
