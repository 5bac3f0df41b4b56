import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { defaultVersion, rolesFromAuthorizationDetails, type ManagedPolicyDetail, type RoleDetail } from '../../../core/policy/authorization-details.ts';
import { effectiveGrants } from '../../../core/policy/grants.ts';
import { ACCOUNT, allow, catalog } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const policyArn = `arn:aws:iam::${ACCOUNT}:policy/app`;
const role = (over: Partial<RoleDetail> = {}): RoleDetail => ({
  RoleName: 'app-task',
  Arn: `arn:aws:iam::${ACCOUNT}:role/app-task`,
  AttachedManagedPolicies: [{ PolicyName: 'app', PolicyArn: policyArn }],
  ...over,
});
const managed = (versions: [string, boolean | undefined, string][], defaultVersionId?: string): ManagedPolicyDetail => ({
  PolicyName: 'app',
  Arn: policyArn,
  ...(defaultVersionId ? { DefaultVersionId: defaultVersionId } : {}),
  PolicyVersionList: versions.map(([VersionId, IsDefaultVersion, action]) => ({ VersionId, ...(IsDefaultVersion === undefined ? {} : { IsDefaultVersion }), Document: allow(action) })),
});
const grantsOf = (roles: RoleDetail[], policies: ManagedPolicyDetail[]) => {
  const details = rolesFromAuthorizationDetails(roles, policies);
  const g = effectiveGrants([...details.roles.values()][0]!, cat);
  return { details, g, actions: [...g.actions.keys()] };
};

describe('IAM export conflicts', () => {
  it('follows DefaultVersionId when IsDefaultVersion disagrees, and says so', () => {
    const { details, g, actions } = grantsOf([role()], [managed([['v1', true, 's3:GetObject'], ['v2', false, 'sqs:SendMessage']], 'v2')]);
    expect(actions).toEqual(['sqs:SendMessage']);
    expect(g.problems).toEqual([]);
    expect(details.problems).toEqual([`IAM export: managed policy ${policyArn}: IsDefaultVersion is set on v1 but DefaultVersionId is v2: used v2 (DefaultVersionId is what IAM applies)`]);
  });

  it('makes grants partial when two versions are flagged default and no id says which', () => {
    const { g } = grantsOf([role()], [managed([['v1', true, 's3:GetObject'], ['v2', true, 'sqs:SendMessage']])]);
    expect(g.problems).toEqual(['managed policy app: versions v1, v2 are all flagged IsDefaultVersion and no DefaultVersionId says which applies']);
    expect(defaultVersion(managed([['v1', true, 's3:GetObject'], ['v2', true, 'sqs:SendMessage']], 'v3')).problem).toMatch(/DefaultVersionId v3 is not in the export/);
    expect(defaultVersion(managed([['v1', undefined, 's3:GetObject']], 'v1'))).toMatchObject({ version: { VersionId: 'v1' } });
  });

  it('reports a role listed twice with another path or case, keeps the first entry and marks its grants partial', () => {
    const other = role({ RoleName: 'APP-TASK', Arn: `arn:aws:iam::${ACCOUNT}:role/team/APP-TASK`, AttachedManagedPolicies: [] });
    const { details, g, actions } = grantsOf([role(), other], [managed([['v1', true, 's3:GetObject']], 'v1')]);
    const conflict = `IAM export lists role APP-TASK more than once, differently (arn:aws:iam::${ACCOUNT}:role/app-task and arn:aws:iam::${ACCOUNT}:role/team/APP-TASK); the first entry is used`;
    expect(details.problems).toEqual([conflict]);
    expect(g.problems).toEqual([conflict]);
    expect(actions).toEqual(['s3:GetObject']);
  });

  it('takes the same entry on two pages as one, without a problem', () => {
    const { details, g } = grantsOf([role(), role()], [managed([['v1', true, 's3:GetObject']], 'v1'), managed([['v1', true, 's3:GetObject']], 'v1')]);
    expect(details.problems).toEqual([]);
    expect(g.problems).toEqual([]);
  });

  it('marks grants partial when a managed policy is listed twice with different content', () => {
    const { details, g } = grantsOf([role()], [managed([['v1', true, 's3:GetObject']], 'v1'), managed([['v2', true, 's3:PutObject']], 'v2')]);
    expect(details.problems).toEqual([`IAM export: managed policy ${policyArn} is listed more than once in the IAM export with different content; the first listing is used`]);
    expect(g.problems).toEqual(['managed policy app: listed more than once in the IAM export with different content; the first listing is used']);
  });

  it('compares listings whose documents nest thousands of levels without overflowing the stack', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5_000; i++) deep = { k: deep };
    const doc = { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: deep } }] };
    const entry = role({ RolePolicyList: [{ PolicyName: 'deep', PolicyDocument: doc }] });
    const { g } = grantsOf([entry, entry], [managed([['v1', true, 's3:PutObject']], 'v1')]);
    expect(g.problems).toEqual(["inline policy deep: statement 1: Condition nested deeper than 32 levels (IAM's is 3); ignored"]);
  });
});
