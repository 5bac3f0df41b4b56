import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../../core/arn.ts';
import { analyze } from '../../../core/analyze/analyze.ts';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { buildInventory } from '../../../core/inventory/inventory.ts';
import type { RoleGrants } from '../../../core/model.ts';
import { renderMarkdown } from '../../../core/report/markdown.ts';
import { renderText } from '../../../core/report/text.ts';
import { compactUsage } from '../../../core/usage/build.ts';
import { foldContext, foldRecord } from '../../../core/usage/fold.ts';
import { emptyUsage } from '../../../core/usage/model.ts';
import { ACCOUNT, allow, catalog, policy, roleGrants, roleRecord } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

function report(grants: RoleGrants, records: Record<string, unknown>[]) {
  const inventory = buildInventory([{ family: 'api', revision: 1, taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/app-task` }], []);
  const usage = emptyUsage();
  for (const r of records) foldRecord(usage, r, foldContext(cat, { tracked: inventory.roles.keys() }));
  compactUsage(usage);
  const iamRoles = new Map([[roleKey(ACCOUNT, 'app-task'), grants]]);
  return analyze({ catalog: cat, inventory, iamRoles, usage, window: { start: usage.span.start, end: usage.span.end }, generatedAt: '2026-11-20T00:00:00Z' });
}

const ec2Denied = () =>
  roleRecord({
    role: 'app-task', source: 'ec2', name: 'DescribeInstances', errorCode: 'Client.UnauthorizedOperation',
    errorMessage: 'You are not authorized to perform this operation. Encoded authorization failure message: AbC123',
  });
const s3Denied = (bucket: string) =>
  roleRecord({ role: 'app-task', name: 'GetObject', data: true, errorCode: 'AccessDenied', errorMessage: 'Access Denied', params: { bucketName: bucket, key: 'k' } });
const grants = (...statements: unknown[]) => roleGrants('app-task', [policy('p', { Statement: statements })]);
const getObject = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::mine/*' };

describe('denial causes inferred from the grants', () => {
  it('calls a denial that names no policy a missing allow when no identity policy could allow it, marked inferred, and offers it', () => {
    const r = report(grants(getObject), [ec2Denied(), s3Denied('theirs')]).roles[0]!;
    expect(r.denied.map((d) => [d.action, d.cause, d.inferred])).toEqual([
      ['ec2:DescribeInstances', 'no-identity-policy', true],
      ['s3:GetObject', 'no-identity-policy', true],
    ]);
    expect(r.consider.map((c) => c.action)).toEqual(['ec2:DescribeInstances', 's3:GetObject']);
  });

  it('keeps the cause unknown when a statement could have allowed the call (its condition may have failed)', () => {
    const r = report(grants({ ...getObject, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), [s3Denied('mine')]).roles[0]!;
    expect(r.denied.map((d) => [d.cause, d.inferred])).toEqual([['unknown', undefined]]);
    expect(r.consider).toEqual([]);
  });

  it('keeps it unknown when an identity Deny could apply, or when some policy could not be read', () => {
    const deny = report(grants(getObject, { Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { Bool: { 'aws:ViaAWSService': 'false' } } }), [ec2Denied()]).roles[0]!;
    expect(deny.denied[0]!.cause).toBe('unknown');
    const partial = roleGrants('app-task', [policy('p', { Statement: [getObject] }), { id: 'arn:x', name: 'gone', kind: 'managed', problem: 'not in the IAM export' }]);
    expect(report(partial, [ec2Denied()]).roles[0]!.denied[0]!.cause).toBe('unknown');
  });

  it('leaves causes the message states alone', () => {
    const scp = roleRecord({ role: 'app-task', source: 'ec2', name: 'DescribeInstances', errorCode: 'AccessDenied', errorMessage: 'with an explicit deny in a service control policy' });
    expect(report(grants(allow('s3:GetObject')), [scp]).roles[0]!.denied.map((d) => [d.cause, d.inferred])).toEqual([['scp', undefined]]);
  });

  it('says "(inferred from the grants)" in text and Markdown', () => {
    const rep = report(grants(getObject), [ec2Denied()]);
    expect(renderText(rep)).toContain('no identity-based policy allows it (inferred from the grants)');
    expect(renderMarkdown(rep)).toContain('no identity-based policy allows it (inferred from the grants)');
  });
});
