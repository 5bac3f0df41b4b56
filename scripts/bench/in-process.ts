/**
 * The two in-process measurements of `npm run bench`: expanding and analysing 200 roles
 * with wildcard grants, and merging 8,640 stored aggregates (90 days of 15-minute runs).
 */
import { analyze } from '../../core/analyze/analyze.ts';
import { roleKey } from '../../core/arn.ts';
import { buildInventory } from '../../core/inventory/inventory.ts';
import type { RoleGrants } from '../../core/model.ts';
import { rolesFromAuthorizationDetails } from '../../core/policy/authorization-details.ts';
import { emptyUsage, type UsageAggregate } from '../../core/usage/model.ts';
import { compactUsage } from '../../core/usage/build.ts';
import { mergeUsage } from '../../core/usage/merge.ts';
import { foldContext, foldRecord } from '../../core/usage/fold.ts';
import { parseUsage, serialiseUsage } from '../../core/usage/serialise.ts';
import { loadCatalog } from '../../sources/catalog.ts';

const ACCOUNT = '123456789012';

/**
 * 200 roles: all attach one managed policy with service wildcards, each has its own inline
 * policy (so no two roles' grants are identical), a quarter also allow everything but IAM
 * through NotAction, an eighth have `*`.
 */
export async function wildcardRoles(count = 200): Promise<{ ms: number; grantedActions: number }> {
  const catalog = await loadCatalog();
  catalog.all(); // load the catalog before the clock starts: the measurement is expansion and analysis
  const shared = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'ec2:Describe*', 'logs:*'], Resource: '*' }] };
  const roleDetails = Array.from({ length: count }, (_, i) => ({
    RoleName: `role-${i}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/role-${i}`,
    RolePolicyList: [
      // Each role's own inline policy: no two roles share a policy set.
      { PolicyName: 'inline', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['sqs:*', 'sns:Publish'], Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:queue-${i}` }, { Effect: 'Deny', Action: 's3:Delete*', Resource: '*' }] } },
      ...(i % 4 === 0 ? [{ PolicyName: 'everything-but-iam', PolicyDocument: { Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }] } }] : []),
      ...(i % 8 === 1 ? [{ PolicyName: 'admin', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] : []),
    ],
    AttachedManagedPolicies: [{ PolicyName: 'shared', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/shared` }],
  }));
  const policies = [{ PolicyName: 'shared', Arn: `arn:aws:iam::${ACCOUNT}:policy/shared`, DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: shared }] }];
  const started = process.hrtime.bigint();
  const iam = rolesFromAuthorizationDetails(roleDetails, policies);
  const inventory = buildInventory(
    roleDetails.map((r, i) => ({ family: `f${i}`, revision: 1, taskRoleArn: r.Arn })),
    [],
  );
  const usage = emptyUsage();
  const report = analyze({ catalog, inventory, iamRoles: iam.roles as Map<string, RoleGrants>, usage: compactUsage(usage), window: {}, generatedAt: 'bench' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, grantedActions: report.roles.reduce((n, r) => n + r.grantedActions, 0) };
}

/** 8,640 serialised aggregates of a few tracked roles, as the collector stores them: parse and merge. */
export async function mergeAggregates(count = 8640): Promise<{ ms: number; events: number; bytes: number }> {
  const catalog = await loadCatalog();
  const roles = Array.from({ length: 8 }, (_, i) => `svc-${i}`);
  const ctx = foldContext(catalog, { tracked: roles.map((r) => roleKey(ACCOUNT, r)) });
  const actions: [string, string][] = [['kms', 'Decrypt'], ['secretsmanager', 'GetSecretValue'], ['sqs', 'GetQueueUrl'], ['ecr', 'BatchGetImage'], ['logs', 'CreateLogStream'], ['ssm', 'GetParameters']];
  const stored: string[] = [];
  let seq = 0;
  for (let a = 0; a < count; a++) {
    const agg: UsageAggregate = emptyUsage();
    const t0 = Date.UTC(2026, 7, 1) + a * 900_000;
    for (let e = 0; e < 40; e++) {
      const role = roles[(a + e) % roles.length]!;
      const [svc, name] = actions[(a * 7 + e) % actions.length]!;
      const session = `task${(a >> 6).toString(16).padStart(28, '0')}${e % 4}`;
      foldRecord(
        agg,
        {
          eventID: `evt-${++seq}`,
          eventTime: new Date(t0 + e * 20_000).toISOString().slice(0, 19) + 'Z',
          eventSource: `${svc}.amazonaws.com`,
          eventName: name,
          awsRegion: 'us-east-1',
          recipientAccountId: ACCOUNT,
          userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`, sessionContext: { sessionIssuer: { arn: `arn:aws:iam::${ACCOUNT}:role/${role}` } } },
          ...(e % 13 === 0 ? { errorCode: 'AccessDenied', errorMessage: 'no identity-based policy allows the action' } : {}),
        },
        ctx,
      );
    }
    agg.coverage = [{ region: 'us-east-1', start: new Date(t0).toISOString(), end: new Date(t0 + 900_000).toISOString() }];
    stored.push(serialiseUsage(compactUsage(agg)));
  }
  const started = process.hrtime.bigint();
  const parsed = stored.map((s) => {
    const p = parseUsage(s);
    if (!p.ok) throw new Error(p.error);
    return p.usage;
  });
  const merged = mergeUsage(parsed);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const events = Object.values(merged.roles).reduce((n, r) => n + Object.values(r.actions).reduce((m, x) => m + x.keys.length, 0) + Object.values(r.denied).reduce((m, x) => m + x.keys.length, 0), 0);
  return { ms, events, bytes: stored.reduce((n, s) => n + s.length, 0) };
}
