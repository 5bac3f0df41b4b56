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

  it('resolves a role named by its short name (as ECS accepts) in the task definition\'s account, with IAM\'s path when IAM knows it', () => {
    const B = '222233334444';
    const inv = buildInventory(
      [
        { taskDefinitionArn: `arn:aws:ecs:us-east-1:${A}:task-definition/app2:1`, taskRoleArn: 'app2', executionRoleArn: 'ecsTaskExecutionRole' },
        { taskDefinitionArn: `arn:aws-cn:ecs:cn-north-1:${B}:task-definition/cn:1`, taskRoleArn: 'app2' },
      ],
      [],
      { knownRoleArns: [`arn:aws:iam::${A}:role/svc/App2`, `arn:aws:iam::${B}:role/elsewhere`] },
    );
    expect(inv.problems).toEqual([]);
    expect(inv.roles.get(`${A}:app2`)).toMatchObject({ roleArn: `arn:aws:iam::${A}:role/svc/App2`, usedAs: ['task'], regions: ['us-east-1'] });
    // Not in the IAM input (live: GetRole reads it by name): the ARN of that name in the task definition's account.
    expect(inv.roles.get(`${A}:ecstaskexecutionrole`)).toMatchObject({ roleArn: `arn:aws:iam::${A}:role/ecsTaskExecutionRole`, usedAs: ['execution'] });
    expect(inv.roles.get(`${B}:app2`)).toMatchObject({ roleArn: `arn:aws-cn:iam::${B}:role/app2`, regions: ['cn-north-1'] });
  });

  it('resolves a short name of a task definition without an ARN only when IAM knows one role of that name, and says why not otherwise', () => {
    const inv = buildInventory(
      [{ family: 'one', revision: 1, taskRoleArn: 'solo' }, { family: 'two', revision: 1, taskRoleArn: 'twin' }, { family: 'bad', revision: 1, taskRoleArn: 'not a name/' }],
      [],
      { knownRoleArns: [`arn:aws:iam::${A}:role/solo`, `arn:aws:iam::${A}:role/twin`, `arn:aws:iam::222233334444:role/twin`] },
    );
    expect([...inv.roles.keys()]).toEqual([`${A}:solo`]);
    expect(inv.problems).toEqual([
      'task definition two:1 names its role by name (twin) and has no ARN to give its account, and IAM knows no single role of that name: not tracked',
      'not a role ARN: not a name/',
    ]);
  });
});
