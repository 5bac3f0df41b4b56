import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { patternCovers } from '../../../core/analyze/resource-pattern.ts';
import { policySize, suggestPolicy } from '../../../core/analyze/suggest.ts';
import type { GrantedAction } from '../../../core/model.ts';
import type { PolicyJson } from '../../../core/report/schema.ts';
import { effectiveGrants } from '../../../core/policy/grants.ts';
import { addToSample, emptySample, type ResourceSample } from '../../../core/usage/sorted-set.ts';
import { catalog, policy, roleGrants } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const sample = (...arns: string[]): ResourceSample => {
  const s = emptySample();
  for (const a of arns) addToSample(s, a);
  return s;
};

/** Every statement is inside some grant of each of its actions: same condition, resources covered. */
function assertWithinGrant(docs: PolicyJson[], grants: ReadonlyMap<string, GrantedAction>): void {
  for (const doc of docs) {
    for (const st of doc.Statement) {
      for (const action of st.Action) {
        const g = grants.get(action);
        expect(g, `${action} suggested but not granted`).toBeDefined();
        const ok = g!.grantedBy.some((src) => {
          if (JSON.stringify(src.condition ?? null) !== JSON.stringify(st.Condition ?? null)) return false;
          if (st.NotResource) return JSON.stringify(st.NotResource) === JSON.stringify(src.notResources);
          if (src.notResources) return (st.Resource ?? []).every((r) => !/[*?]/.test(r));
          return (st.Resource ?? []).every((r) => (src.resources ?? []).some((p) => patternCovers(p, r)));
        });
        expect(ok, `${action} on ${JSON.stringify(st.Resource)} is broader than its grant`).toBe(true);
      }
    }
  }
}

const actionsIn = (docs: PolicyJson[], sidPrefix: string) =>
  docs.flatMap((d) => d.Statement.filter((s) => s.Sid.startsWith(sidPrefix)).flatMap((s) => s.Action)).sort();

describe('suggestPolicy', () => {
  it('narrows a service wildcard to the used actions and observed resources', () => {
    const g = effectiveGrants(
      roleGrants('r', [policy('p', { Statement: [{ Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }] })]),
      cat,
    );
    const docs = suggestPolicy(cat, g.actions, [{ action: 's3:GetObject', resources: sample('arn:aws:s3:::b/in/1.json', 'arn:aws:s3:::b/in/2.json') }], []);
    expect(docs).toEqual([
      { Version: '2012-10-17', Statement: [{ Sid: 'UsedS3', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/in/1.json', 'arn:aws:s3:::b/in/2.json'] }] },
    ]);
  });

  it('collapses many observed resources to their common prefix, when the grant covers it', () => {
    const g = effectiveGrants(roleGrants('r', [policy('p', { Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' }] })]), cat);
    const arns = Array.from({ length: 30 }, (_, i) => `arn:aws:s3:::b/out/2026/${String(i).padStart(3, '0')}.json`);
    const docs = suggestPolicy(cat, g.actions, [{ action: 's3:PutObject', resources: sample(...arns) }], []);
    expect(docs[0]!.Statement[0]!.Resource).toEqual(['arn:aws:s3:::b/out/2026/0*']);
  });

  it('keeps the grant\'s resources when observed ones fall outside it, and the condition of the granting statement', () => {
    const cond = { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } };
    const g = effectiveGrants(roleGrants('r', [policy('p', { Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:1:key/a', Condition: cond }] })]), cat);
    const docs = suggestPolicy(cat, g.actions, [{ action: 'kms:Decrypt', resources: sample('arn:aws:kms:us-east-1:1:key/b') }], []);
    expect(docs[0]!.Statement[0]).toEqual({ Sid: 'UsedKms', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: ['arn:aws:kms:us-east-1:1:key/a'], Condition: cond });
  });

  it('uses * only for actions that take no resource, and only where the grant had it', () => {
    const g = effectiveGrants(roleGrants('r', [policy('p', { Statement: [{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }] })]), cat);
    const docs = suggestPolicy(cat, g.actions, [{ action: 'ecr:GetAuthorizationToken', resources: sample() }], []);
    expect(docs[0]!.Statement[0]!.Resource).toEqual(['*']);
  });

  it('keeps not-observable actions in their own marked statement', () => {
    const g = effectiveGrants(roleGrants('r', [policy('p', { Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] })]), cat);
    const docs = suggestPolicy(cat, g.actions, [{ action: 'logs:CreateLogStream', resources: sample() }], ['logs:PutLogEvents']);
    expect(actionsIn(docs, 'Used')).toEqual(['logs:CreateLogStream']);
    expect(actionsIn(docs, 'KeepNotObservable')).toEqual(['logs:PutLogEvents']);
  });

  it('splits documents over 6,144 characters, each under the limit, losing no action', () => {
    const g = effectiveGrants(roleGrants('r', [policy('p', { Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] })]), cat);
    const used = [...g.actions.keys()].slice(0, 400).map((action) => ({ action, resources: sample() }));
    const docs = suggestPolicy(cat, g.actions, used, []);
    expect(docs.length).toBeGreaterThan(1);
    for (const d of docs) expect(policySize(d)).toBeLessThanOrEqual(6144);
    expect(actionsIn(docs, 'Used')).toEqual(used.map((u) => u.action).sort());
  });

  it('property: never broader than the grant, always covering every used granted action', () => {
    const buckets = ['a', 'b', 'c'];
    const arb = fc.record({
      grants: fc.array(
        fc.record({
          actions: fc.subarray(['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'], { minLength: 1 }),
          resources: fc.subarray(['*', 'arn:aws:s3:::a/*', 'arn:aws:s3:::b/x/*', 'arn:aws:s3:::a', 'arn:aws:s3:::c/?'], { minLength: 1 }),
          conditional: fc.boolean(),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      used: fc.array(
        fc.record({
          action: fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'),
          arns: fc.array(fc.tuple(fc.constantFrom(...buckets), fc.constantFrom('', 'x/1', 'x/2', '1', 'y/z')), { maxLength: 12 }),
        }),
        { maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(arb, ({ grants, used }) => {
        const doc = {
          Statement: grants.map((s, i) => ({
            Sid: `S${i}`,
            Effect: 'Allow',
            Action: s.actions,
            Resource: s.resources,
            ...(s.conditional ? { Condition: { Bool: { 'aws:SecureTransport': 'true' } } } : {}),
          })),
        };
        const g = effectiveGrants(roleGrants('r', [policy('p', doc)]), cat);
        const byAction = new Map<string, ResourceSample>();
        for (const u of used) {
          const s = byAction.get(u.action) ?? emptySample();
          for (const [b, k] of u.arns) addToSample(s, k ? `arn:aws:s3:::${b}/${k}` : `arn:aws:s3:::${b}`);
          byAction.set(u.action, s);
        }
        const usedList = [...byAction].map(([action, resources]) => ({ action, resources }));
        const docs = suggestPolicy(cat, g.actions, usedList, []);
        assertWithinGrant(docs, g.actions);
        expect(actionsIn(docs, 'Used')).toEqual([...new Set(usedList.map((u) => u.action).filter((a) => g.actions.has(a)))].sort());
      }),
      { numRuns: 300 },
    );
  });
});
