import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { isPermissionOnly, needsNoPermission, permissionOnlyStatus } from '../../../core/mapping/permission-only.ts';
import { PERMISSION_ONLY_TABLE } from '../../../core/mapping/permission-only.data.ts';
import { catalog } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

describe('permission-only actions, derived from the mapping data', () => {
  it.each([
    // Checked while serving another call; no API operation carries their name.
    's3:BypassGovernanceRetention',
    's3:ObjectOwnerOverrideToBucketOwner',
    's3:ReplicateObject',
    'iam:PassRole',
    's3:AllowVendedLogDeliveryForResource',
    'logs:Unmask',
    'lambda:InvokeFunctionUrl',
    'elasticfilesystem:ClientMount',
  ])('%s is permission-only', (action) => {
    expect(cat.lookup(action)).toBeDefined();
    expect(permissionOnlyStatus(action)).toBe('permission-only');
    expect(isPermissionOnly(action)).toBe(true);
  });

  it.each([
    's3:GetObject',
    's3:GetObjectVersion', // GetObject/HeadObject with a versionId
    's3:ListBucket', // ListObjects, HeadBucket
    's3:PutBucketPublicAccessBlock',
    's3:GetAccountPublicAccessBlock', // S3 Control's GetPublicAccessBlock
    'dynamodb:ConditionCheckItem', // TransactWriteItems
    'dynamodb:PartiQLSelect', // ExecuteStatement
    'kms:ReEncryptFrom',
    'lambda:InvokeFunction',
    'sts:GetCallerIdentity',
    'secretsmanager:GetSecretValue',
  ])('%s is authorised by an operation', (action) => {
    expect(cat.lookup(action)).toBeDefined();
    expect(permissionOnlyStatus(action)).toBe('operation');
    expect(isPermissionOnly(action)).toBe(false);
  });

  it('counts an action of a service no source lists as permission-only, saying it is unknown', () => {
    expect(permissionOnlyStatus('rds-db:connect')).toBe('unknown-service');
    expect(isPermissionOnly('rds-db:connect')).toBe(true);
  });

  it('lists only catalog actions, each of a covered service, in catalog spelling', () => {
    const covered = new Set(PERMISSION_ONLY_TABLE.coveredServices);
    for (const [service, names] of Object.entries(PERMISSION_ONLY_TABLE.permissionOnly)) {
      expect(covered.has(service)).toBe(true);
      for (const name of names) expect(cat.lookup(`${service}:${name}`)?.action).toBe(`${service}:${name}`);
    }
  });

  it('knows which calls need no permission at all', () => {
    expect(needsNoPermission('sts:GetCallerIdentity')).toBe(true);
    expect(needsNoPermission('STS:getcalleridentity')).toBe(true);
    expect(needsNoPermission('sts:AssumeRole')).toBe(false);
  });
});
