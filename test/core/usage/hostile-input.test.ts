/**
 * Records nobody here wrote: names that are Object's own property names, and strings far
 * longer than AWS produces. Through the fold, the merge, storage and every report format:
 * no crash, no hang, no prototype pollution, and every string kept bounded and counted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { roleKey } from '../../../core/arn.ts';
import { analyze } from '../../../core/analyze/analyze.ts';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { buildInventory } from '../../../core/inventory/inventory.ts';
import type { RoleGrants } from '../../../core/model.ts';
import { renderMarkdown } from '../../../core/report/markdown.ts';
import { renderText } from '../../../core/report/text.ts';
import { STRING_LIMITS } from '../../../core/trail/bounds.ts';
import { compactUsage } from '../../../core/usage/build.ts';
import { foldContext, foldRecord } from '../../../core/usage/fold.ts';
import { mergeUsage } from '../../../core/usage/merge.ts';
import { emptyUsage, type UsageAggregate } from '../../../core/usage/model.ts';
import { parseUsage, serialiseUsage } from '../../../core/usage/serialise.ts';
import { ACCOUNT, allow, catalog, policy, roleGrants, roleRecord } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const KEY = roleKey(ACCOUNT, 'app-task');

function fold(records: unknown[]): UsageAggregate {
  const agg = emptyUsage();
  const ctx = foldContext(cat, { tracked: [KEY] });
  for (const r of records) foldRecord(agg, r, ctx);
  return compactUsage(agg);
}

function report(usage: UsageAggregate) {
  const inventory = buildInventory([{ family: 'api', revision: 1, taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/app-task` }], []);
  const iamRoles = new Map<string, RoleGrants>([[KEY, roleGrants('app-task', [policy('p', allow(['s3:GetObject', 'kms:Decrypt']))])]]);
  return analyze({ catalog: cat, inventory, iamRoles, usage, window: { start: usage.span.start, end: usage.span.end }, generatedAt: '2026-11-20T00:00:00Z' });
}

/** Records whose names, sources, regions and error codes are Object's own property names, by the role and by others. */
function hostileRecords(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const n of NAMES) {
    for (const role of ['app-task', 'someone-else']) {
      out.push({ ...roleRecord({ role, name: n, source: n }), eventSource: n, awsRegion: n, errorCode: n });
      out.push({ ...roleRecord({ role, name: n, source: 's3', data: true }), eventCategory: 'Data', readOnly: undefined });
      out.push({ ...roleRecord({ role, name: 'GetObject', source: n, data: true }), eventSource: `${n}.amazonaws.com` });
      out.push({ ...roleRecord({ role, name: n, errorCode: 'AccessDenied', errorMessage: `not authorized to perform: ${n}:${n}` }) });
      out.push(JSON.parse(`{"eventVersion":"1.08","__proto__":{"polluted":1},"eventSource":"s3.amazonaws.com","eventName":"GetObject","eventTime":"2026-11-10T10:00:00Z","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::${ACCOUNT}:assumed-role/${role}/s"},"requestParameters":{"__proto__":{"polluted":2},"constructor":{"prototype":{"polluted":3}},"bucketName":"b","key":"k","versionId":{"toString":1}}}`));
    }
  }
  return out;
}

describe('input text named like Object\'s own properties', () => {
  it('neither crashes, nor pollutes, nor loses a record, through fold, merge, storage and every report format', () => {
    const records = hostileRecords();
    const usage = fold(records);
    const i = usage.input;
    expect(i.attributed + i.notTracked + i.outsideWindow + Object.values(i.skipped).reduce((a, b) => a + b, 0)).toBe(records.length);
    const role = usage.roles[KEY]!;
    for (const n of NAMES) expect(Object.keys(role.unmapped)).toContain(`${n}|${n}`);
    const stored = parseUsage(serialiseUsage(usage));
    if (!stored.ok) throw new Error(stored.error);
    const merged = mergeUsage([usage, stored.usage, usage]);
    expect(Object.keys(merged.roles[KEY]!.unmapped).sort()).toEqual(Object.keys(role.unmapped).sort());
    const r = report(merged);
    expect(r.roles[0]!.unmapped.length).toBe(Object.keys(role.unmapped).length);
    expect(() => renderText(r)).not.toThrow();
    expect(() => renderMarkdown(r)).not.toThrow();
    expect(JSON.parse(JSON.stringify(r)).roles[0].roleName).toBe('app-task');
    // Nothing reached Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(typeof ({} as { toString: unknown }).toString).toBe('function');
  });

  it('a role named like one is just a role', () => {
    const key = roleKey(ACCOUNT, '__proto__');
    const agg = emptyUsage();
    foldRecord(agg, roleRecord({ role: '__proto__' }), foldContext(cat, { tracked: [key] }));
    expect(Object.keys(agg.roles)).toEqual([key]);
  });
});

describe('strings longer than AWS produces', () => {
  const huge = (n: number, c = 'x') => c.repeat(n);

  it('are cut or dropped before anything keeps them, and counted by field', () => {
    const records = [
      roleRecord({ name: huge(100_000), source: 's3' }),
      { ...roleRecord({ name: 'GetObject', data: true, resources: [`arn:aws:s3:::b/${huge(5000)}`, 'arn:aws:s3:::b/k'] }) },
      { ...roleRecord({ name: 'GetObject', data: true }), awsRegion: huge(10_000) },
      roleRecord({ name: 'Decrypt', source: 'kms', errorCode: 'AccessDenied', errorMessage: `no identity-based policy allows ${huge(50_000)}` }),
      { ...roleRecord({ name: 'GetObject', data: true }), userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-task/${huge(3000)}` } },
    ];
    const usage = fold(records);
    // The resource ARN of the role's call; the other record's principal ARN made it no role's (not kept, not counted).
    expect(usage.input.truncated).toEqual({ eventName: 1, arn: 1, awsRegion: 1, errorMessage: 1 });
    const role = usage.roles[KEY]!;
    for (const u of Object.values(role.unmapped)) expect(u.eventName.length).toBeLessThanOrEqual(STRING_LIMITS.eventName);
    expect(role.actions['s3:GetObject']!.resources.arns).toEqual(['arn:aws:s3:::b/k']);
    for (const d of Object.values(role.denied)) expect(d.message!.length).toBeLessThanOrEqual(1000);
    for (const region of usage.regions) expect(region.length).toBeLessThanOrEqual(STRING_LIMITS.awsRegion);
    // An ARN over IAM's limit names no role: that record is another principal's.
    expect(usage.input.notTracked).toBe(1);
    expect(report(usage).input.truncated).toMatchObject({ eventName: 1 });
  });

  it('distinct huge event names do not grow the aggregate with their length', () => {
    const records = Array.from({ length: 50 }, (_, i) => roleRecord({ name: `${i}${huge(200_000)}`, source: 's3' }));
    const text = serialiseUsage(fold(records));
    expect(text.length).toBeLessThan(50 * 1000);
  });
});
