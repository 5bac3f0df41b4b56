import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { patternCovers } from '../../../core/analyze/resource-pattern.ts';
import { policySize, suggestPolicy, suggestPolicyWithNotes } from '../../../core/analyze/suggest.ts';
import type { GrantedAction } from '../../../core/model.ts';
import type { PolicyJson } from '../../../core/report/schema.ts';
import { effectiveGrants } from '../../../core/policy/grants.ts';
import { addToSample, emptySample, type ResourceSample } from '../../../core/usage/sorted-set.ts';
import { allow, catalog, policy, roleGrants } from '../../helpers/fixtures.ts';

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
    // A Deny statement can only take away.
    for (const st of doc.Statement.filter((x) => x.Effect === 'Allow')) {
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
    const names = Array.from({ length: 30 }, (_, i) => `arn:aws:s3:::b/out/report-${String.fromCharCode(97 + (i % 26))}${i < 26 ? '' : 'z'}.json`);
    expect(suggestPolicy(cat, g.actions, [{ action: 's3:PutObject', resources: sample(...names) }], [])[0]!.Statement[0]!.Resource).toEqual(['arn:aws:s3:::b/out/report-*']);
    // Issue #10: a date-partitioned prefix (`out/2026/0*`, as this test once expected) breaks on the
    // first of next month; the common prefix is cut where the keys turn volatile.
    const arns = Array.from({ length: 30 }, (_, i) => `arn:aws:s3:::b/out/2026/${String(i).padStart(3, '0')}.json`);
    const docs = suggestPolicy(cat, g.actions, [{ action: 's3:PutObject', resources: sample(...arns) }], []);
    expect(docs[0]!.Statement[0]!.Resource).toEqual(['arn:aws:s3:::b/out/*']);
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
          resources: fc.subarray(['*', 'arn:aws:s3:::a/*', 'arn:aws:s3:::b/x/*', 'arn:aws:s3:::a', 'arn:aws:s3:::c/?', 'arn:aws:s3:::a/x/2026/*', 'arn:aws:s3:::b/2026-11-09.csv'], { minLength: 1 }),
          conditional: fc.boolean(),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      used: fc.array(
        fc.record({
          action: fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'),
          // Volatile keys too: dates, numeric and hex ids, a UUID, which the suggestion generalises.
          arns: fc.array(
            fc.tuple(
              fc.constantFrom(...buckets),
              fc.constantFrom('', 'x/1', 'x/2', '1', 'y/z', 'x/2026/11/09/ab12.json', '2026-11-09.csv', 'x/2026/0042', 'y/0123456789abcdef/f', 'z/5f2b7c1e-9a0d-4c3e-8b1a-2e6f4d9c7a10.json'),
            ),
            { maxLength: 12 },
          ),
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

  it('carries a Deny of today\'s policies, cut to the suggested actions: s3:* with a Deny on one bucket never comes back as s3:GetObject on every bucket', () => {
    const g = effectiveGrants(
      roleGrants('r', [
        policy('app', {
          Statement: [
            { Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: '*' },
            { Sid: 'NoSecrets', Effect: 'Deny', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::secret/*' },
          ],
        }),
      ]),
      cat,
    );
    const { documents, narrowed } = suggestPolicyWithNotes(cat, g.actions, [{ action: 's3:ListAllMyBuckets', resources: sample() }], ['s3:GetObject', 's3:PutObject']);
    const deny = documents.flatMap((d) => d.Statement).filter((st) => st.Effect === 'Deny');
    expect(deny).toEqual([{ Sid: 'KeepDeny', Effect: 'Deny', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::secret/*'] }]);
    expect(narrowed.find((n) => n.sid === 'KeepDeny')).toEqual({ sid: 'KeepDeny', from: [{ grantedBy: 'app#NoSecrets', resources: ['arn:aws:s3:::secret/*'] }], carriedDeny: true });
    // No suggested action under the Deny: nothing to carry.
    const only = suggestPolicy(cat, g.actions, [{ action: 's3:ListAllMyBuckets', resources: sample() }], []);
    expect(only.flatMap((d) => d.Statement).map((st) => st.Effect)).toEqual(['Allow']);
  });

  it('keeps a resource under the statement without conditions that allowed it, and only the others under the conditioned one', () => {
    const g = effectiveGrants(
      roleGrants('r', [
        policy('app', {
          Statement: [
            { Sid: 'Public', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/public/*' },
            { Sid: 'ViaVpce', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } },
          ],
        }),
      ]),
      cat,
    );
    const docs = suggestPolicy(cat, g.actions, [{ action: 's3:GetObject', resources: sample('arn:aws:s3:::bkt/public/a.txt', 'arn:aws:s3:::bkt/private/b.txt') }], []);
    expect(docs[0]!.Statement.map((st) => [st.Sid, st.Resource, st.Condition ?? null])).toEqual([
      ['UsedS3', ['arn:aws:s3:::bkt/public/a.txt'], null],
      ['AlsoUsedS3', ['arn:aws:s3:::bkt/private/b.txt'], { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }],
    ]);
  });

  it('generalises volatile path segments at the first one: a date, a numeric or hex id, a UUID', () => {
    const g = effectiveGrants(
      roleGrants('r', [policy('p', { Statement: [{ Sid: 'Data', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 'logs:CreateLogStream', 'kms:Decrypt'], Resource: '*' }] })]),
      cat,
    );
    const resources = (action: string, ...arns: string[]) =>
      suggestPolicy(cat, g.actions, [{ action, resources: sample(...arns) }], [])[0]!.Statement[0]!.Resource;
    expect(resources('s3:GetObject', 'arn:aws:s3:::b/orders/2026/11/09/ab12.json')).toEqual(['arn:aws:s3:::b/orders/*']);
    expect(resources('s3:PutObject', 'arn:aws:s3:::r/daily/2026-11-13.csv', 'arn:aws:s3:::r/daily/2026-11-14.csv', 'arn:aws:s3:::r/config.json')).toEqual([
      'arn:aws:s3:::r/config.json',
      'arn:aws:s3:::r/daily/*',
    ]);
    expect(resources('logs:CreateLogStream', 'arn:aws:logs:us-east-1:1:log-group:/ecs/api:log-stream:ecs/api/0123456789abcdef0123456789abcdef')).toEqual([
      'arn:aws:logs:us-east-1:1:log-group:/ecs/api:log-stream:ecs/api/*',
    ]);
    // A KMS key's UUID names a long-lived key, not data: widening it would grant every key.
    expect(resources('kms:Decrypt', 'arn:aws:kms:us-east-1:1:key/5f2b7c1e-9a0d-4c3e-8b1a-2e6f4d9c7a10')).toEqual(['arn:aws:kms:us-east-1:1:key/5f2b7c1e-9a0d-4c3e-8b1a-2e6f4d9c7a10']);
  });

  it('keeps the exact ARN when the generalised pattern would be broader than the grant', () => {
    const g = effectiveGrants(roleGrants('r', [policy('p', allow('s3:GetObject', 'arn:aws:s3:::b/orders/2026/*'))]), cat);
    const docs = suggestPolicy(cat, g.actions, [{ action: 's3:GetObject', resources: sample('arn:aws:s3:::b/orders/2026/11/09/ab12.json') }], []);
    expect(docs[0]!.Statement[0]!.Resource).toEqual(['arn:aws:s3:::b/orders/2026/11/09/ab12.json']);
  });

  it('says what each narrowed statement was narrowed from, under its Sid', () => {
    const g = effectiveGrants(
      roleGrants('r', [
        policy('app', { Statement: [{ Sid: 'Bucket', Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }] }),
        policy('logs', allow('logs:CreateLogStream', 'arn:aws:logs:us-east-1:1:log-group:/ecs/api:*')),
      ]),
      cat,
    );
    const { documents, narrowed } = suggestPolicyWithNotes(
      cat,
      g.actions,
      [
        { action: 's3:GetObject', resources: sample('arn:aws:s3:::b/in/2026/11/a.json') },
        { action: 's3:ListBucket', resources: sample('arn:aws:s3:::b') },
      ],
      [],
    );
    expect(documents[0]!.Statement.map((st) => [st.Sid, st.Resource])).toEqual([
      ['UsedS3', ['arn:aws:s3:::b']],
      ['UsedS32', ['arn:aws:s3:::b/in/*']],
    ]);
    expect(narrowed).toEqual([
      { sid: 'UsedS3', from: [{ grantedBy: 'app#Bucket', resources: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }] },
      { sid: 'UsedS32', from: [{ grantedBy: 'app#Bucket', resources: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }] },
    ]);
  });

  it('keeps every call allowed when the resources seen lie under two granting statements', () => {
    const g = effectiveGrants(
      roleGrants('r', [policy('p', { Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::a/*' }, { Sid: 'B', Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/x/*' }] })]),
      cat,
    );
    const docs = suggestPolicy(cat, g.actions, [{ action: 's3:DeleteObject', resources: sample('arn:aws:s3:::a/in/1.json', 'arn:aws:s3:::b/x/2.json') }], []);
    expect(docs[0]!.Statement.map((st) => [st.Sid, st.Resource])).toEqual([
      ['UsedS3', ['arn:aws:s3:::a/in/1.json']],
      ['AlsoUsedS3', ['arn:aws:s3:::b/x/2.json']],
    ]);
    assertWithinGrant(docs, g.actions);
  });

  it('never writes an observed ARN longer than IAM allows (2,048 characters) into a policy: the grant keeps its scope', () => {
    const g = effectiveGrants(roleGrants('r', [policy('p', allow('s3:GetObject', 'arn:aws:s3:::b/*'))]), cat);
    const docs = suggestPolicy(cat, g.actions, [{ action: 's3:GetObject', resources: sample(`arn:aws:s3:::b/${'k'.repeat(3_000)}`) }], []);
    expect(docs[0]!.Statement[0]!.Resource).toEqual(['arn:aws:s3:::b/*']);
  });
});
