/** Absurd values and limits, one by one. */
import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../core/arn.ts';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { parsePolicyDocument } from '../../core/policy/document.ts';
import { effectiveGrants } from '../../core/policy/grants.ts';
import { emptyUsage } from '../../core/usage/model.ts';
import { compactUsage } from '../../core/usage/build.ts';
import { foldContext, foldRecord } from '../../core/usage/fold.ts';
import { ACCOUNT, catalog, roleRecord } from '../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const fold = (records: unknown[]) => {
  const agg = emptyUsage();
  for (const r of records) foldRecord(agg, r, foldContext(cat, { tracked: [roleKey(ACCOUNT, 'app-task')] }));
  return compactUsage(agg);
};

describe('edges', () => {
  it('folds a record with a 5 MB requestParameters without keeping any of it', () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const agg = fold([roleRecord({ role: 'app-task', data: true, params: { bucketName: 'b', key: huge, other: huge } })]);
    const a = agg.roles[roleKey(ACCOUNT, 'app-task')]!.actions['s3:GetObject']!;
    expect(a.keys).toHaveLength(1);
    // Names longer than 2 KB are not taken as resources.
    expect(JSON.stringify(agg).length).toBeLessThan(10_000);
  });

  it('takes non-string fields and unknown event versions in its stride', () => {
    const agg = fold([
      { ...roleRecord({ role: 'app-task' }), eventVersion: '9.99', awsRegion: 42, errorCode: { nested: true }, resources: 'not a list', eventID: 7 },
      { ...roleRecord({ role: 'app-task' }), eventName: ['GetObject'] },
      { ...roleRecord({ role: 'app-task' }), userIdentity: { type: 'AssumedRole', arn: 12, sessionContext: 'x' } },
    ]);
    expect(agg.input).toMatchObject({ records: 3, attributed: 1, notTracked: 1, skipped: { 'missing-eventName': 1 } });
  });

  it('reads policies at IAM\'s size limits (6,144 managed, 10,240 inline)', () => {
    for (const limit of [6144, 10240]) {
      const statements = [];
      let size = 0;
      for (let i = 0; size < limit - 120; i++) {
        const st = { Sid: `S${i}`, Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::bucket-${i}/*`] };
        size += JSON.stringify(st).length + 1;
        statements.push(st);
      }
      const doc = JSON.stringify({ Version: '2012-10-17', Statement: statements });
      expect(doc.length).toBeGreaterThan(limit - 200);
      const parsed = parsePolicyDocument(encodeURIComponent(doc));
      expect(parsed.ok && parsed.document.statements).toHaveLength(statements.length);
      if (!parsed.ok) return;
      const g = effectiveGrants({ roleArn: 'arn:aws:iam::1:role/r', roleName: 'r', policies: [{ id: 'p', name: 'p', kind: 'managed', document: parsed.document }] }, cat);
      expect(g.actions.get('s3:GetObject')?.grantedBy).toHaveLength(statements.length);
    }
  });
});
