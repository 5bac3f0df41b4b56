/**
 * "Split this role": a policy per workload, each never broader than the role's grant, and
 * together covering every call every workload made (property), with what no workload can
 * speak for kept in each.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { patternCovers } from '../../../core/analyze/resource-pattern.ts';
import { splitSuggestions, suggestionFor, type SplitContext } from '../../../core/analyze/split.ts';
import type { GrantedAction } from '../../../core/model.ts';
import { effectiveGrants } from '../../../core/policy/grants.ts';
import type { PolicyJson } from '../../../core/report/schema.ts';
import { addToSample, emptySample, type ResourceSample } from '../../../core/usage/sorted-set.ts';
import type { CallsSeen } from '../../../core/workloads/attribute.ts';
import { catalog, policy, roleGrants } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'];

const sample = (arns: readonly string[]): ResourceSample => {
  const s = emptySample();
  for (const a of arns) addToSample(s, a);
  return s;
};
const calls = (arns: string[]): CallsSeen => ({ count: arns.length || 1, firstSeen: '2026-11-10T00:00:00Z', lastSeen: '2026-11-10T00:00:00Z', tasks: 1, samples: [sample(arns)] });

/** Every statement is inside some grant of each of its actions: same condition, resources covered. */
function assertWithinGrant(docs: PolicyJson[], grants: ReadonlyMap<string, GrantedAction>): void {
  for (const st of docs.flatMap((d) => d.Statement)) {
    for (const action of st.Action) {
      const g = grants.get(action);
      expect(g, `${action} suggested but not granted`).toBeDefined();
      const inside = g!.grantedBy.some(
        (src) => JSON.stringify(src.condition ?? null) === JSON.stringify(st.Condition ?? null) && (st.Resource ?? []).every((r) => (src.resources ?? []).some((p) => patternCovers(p, r))),
      );
      expect(inside, `${action} on ${JSON.stringify(st.Resource)} is broader than its grant`).toBe(true);
    }
  }
}

/** Does some statement of `docs` allow `action` on `arn`? */
function allows(docs: PolicyJson[], action: string, arn: string): boolean {
  return docs.some((d) => d.Statement.some((st) => st.Action.includes(action) && (st.Resource ?? []).some((p) => patternCovers(p, arn))));
}

const arbArn = fc
  .tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('', 'x/1', 'x/2', 'y/z', 'x/2026/11/09/ab12.json', 'z/5f2b7c1e-9a0d-4c3e-8b1a-2e6f4d9c7a10.json'))
  .map(([b, k]) => (k ? `arn:aws:s3:::${b}/${k}` : `arn:aws:s3:::${b}`));
/** What the fold would record for an action: bucket ARNs for ListBucket, object ARNs for the object actions. */
const ofItsType = (action: string, arns: string[]) => arns.filter((a) => (action === 's3:ListBucket') === !a.slice('arn:aws:s3:::'.length).includes('/'));
const arbCalls = fc
  .dictionary(fc.constantFrom(...ACTIONS), fc.array(arbArn, { maxLength: 5 }), { maxKeys: 4 })
  .map((d) => Object.fromEntries(Object.entries(d).map(([a, arns]) => [a, ofItsType(a, arns)])));

describe('split suggestions', () => {
  it('property: each workload\'s policy is within the grant and covers every call of that workload and every unattributed one', () => {
    const arb = fc.record({
      grants: fc.array(
        fc.record({
          actions: fc.subarray(ACTIONS, { minLength: 1 }),
          resources: fc.subarray(['*', 'arn:aws:s3:::a/*', 'arn:aws:s3:::b/x/*', 'arn:aws:s3:::a', 'arn:aws:s3:::c/?', 'arn:aws:s3:::b'], { minLength: 1 }),
          conditional: fc.boolean(),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      workloads: fc.array(arbCalls, { minLength: 1, maxLength: 4 }),
      unattributed: arbCalls,
    });
    fc.assert(
      fc.property(arb, ({ grants, workloads, unattributed }) => {
        const doc = { Statement: grants.map((g, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: g.actions, Resource: g.resources, ...(g.conditional ? { Condition: { Bool: { 'aws:SecureTransport': 'true' } } } : {}) })) };
        const granted = effectiveGrants(roleGrants('r', [policy('p', doc)]), cat).actions;
        const ctx: SplitContext = {
          catalog: cat,
          granted,
          notObservable: [],
          usedEarlier: [],
          unattributed: new Map(Object.entries(unattributed).map(([a, arns]) => [a, { samples: [sample(arns)] }])),
          execution: false,
        };
        const byKey = new Map(workloads.map((w, i) => [`w${i}`, { actions: new Map(Object.entries(w).map(([a, arns]) => [a, calls(arns)])) }]));
        const split = splitSuggestions(ctx, byKey);
        for (const [key, w] of byKey) {
          const docs = (split?.get(key) ?? suggestionFor(ctx, [...w.actions].map(([action, c]) => ({ action, resources: c.samples[0]! })))).documents;
          assertWithinGrant(docs, granted);
          const mustCover = [...Object.entries(workloads[Number(key.slice(1))]!), ...Object.entries(unattributed)];
          for (const [action, arns] of mustCover) {
            // A call the grant does not allow (a resource policy did) cannot be suggested: never broader than the grant.
            const grantAllows = (arn: string) => granted.get(action)?.grantedBy.some((src) => (src.resources ?? []).some((p) => patternCovers(p, arn)));
            for (const arn of arns.filter(grantAllows)) expect(allows(docs, action, arn), `${key}: ${action} on ${arn}`).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('splits only when workloads need different permissions', () => {
    const granted = effectiveGrants(roleGrants('r', [policy('p', { Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: ['arn:aws:dynamodb:us-east-1:1:table/products', 'arn:aws:dynamodb:us-east-1:1:table/inventory'] }] })]), cat).actions;
    const ctx: SplitContext = { catalog: cat, granted, notObservable: [], usedEarlier: [], unattributed: new Map(), execution: false };
    const reads = (table: string) => ({ actions: new Map([['dynamodb:GetItem', calls([`arn:aws:dynamodb:us-east-1:1:table/${table}`])]]) });
    expect(splitSuggestions(ctx, new Map([['api', reads('products')], ['worker', reads('products')]]))).toBeUndefined();
    expect(splitSuggestions(ctx, new Map([['api', reads('products')]]))).toBeUndefined();
    const split = splitSuggestions(ctx, new Map([['api', reads('products')], ['sync', reads('inventory')]]))!;
    expect(split.get('api')!.documents[0]!.Statement[0]!.Resource).toEqual(['arn:aws:dynamodb:us-east-1:1:table/products']);
    expect(split.get('sync')!.documents[0]!.Statement[0]!.Resource).toEqual(['arn:aws:dynamodb:us-east-1:1:table/inventory']);
  });

  it('keeps the ECS minimum in an execution role\'s policies, scoped to what each workload pulled', () => {
    const granted = effectiveGrants(
      roleGrants('exec', [policy('AmazonECSTaskExecutionRolePolicy', { Statement: [{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] })]),
      cat,
    ).actions;
    const ctx: SplitContext = { catalog: cat, granted, notObservable: ['logs:PutLogEvents'], usedEarlier: [], unattributed: new Map(), execution: true };
    const repo = 'arn:aws:ecr:us-east-1:1:repository/api';
    const stream = 'arn:aws:logs:us-east-1:1:log-group:/ecs/api:log-stream:ecs/app/0123456789abcdef0123456789abcdef';
    const docs = suggestionFor(ctx, [
      { action: 'ecr:GetAuthorizationToken', resources: emptySample() },
      { action: 'ecr:BatchGetImage', resources: sample([repo]) },
      { action: 'logs:CreateLogStream', resources: sample([stream]) },
    ]).documents;
    const kept = docs.flatMap((d) => d.Statement).filter((st) => st.Sid.startsWith('KeepEcsMinimum'));
    expect(kept.flatMap((st) => st.Action).sort()).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'logs:PutLogEvents']);
    expect(kept.find((st) => st.Action.includes('ecr:BatchCheckLayerAvailability'))!.Resource).toEqual([repo]);
    expect(kept.find((st) => st.Action.includes('logs:PutLogEvents'))!.Resource).toEqual(['arn:aws:logs:us-east-1:1:log-group:/ecs/api:log-stream:ecs/app/*']);
    // The minimum replaces the not-observable statement of the actions it keeps: no second, broader one.
    expect(docs.flatMap((d) => d.Statement).filter((st) => st.Sid.startsWith('KeepNotObservable'))).toEqual([]);
    assertWithinGrant(docs, granted);
  });
});
