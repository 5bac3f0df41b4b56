/**
 * Property-based tests: the parsers and mappers take anything without throwing, and say
 * what they did with it.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { parsePolicyDocument } from '../../core/policy/document.ts';
import { effectiveGrants } from '../../core/policy/grants.ts';
import { requiredActions } from '../../core/mapping/required-actions.ts';
import { readRecord } from '../../core/trail/record.ts';
import { emptyUsage } from '../../core/usage/model.ts';
import { compactUsage } from '../../core/usage/build.ts';
import { foldContext, foldRecord } from '../../core/usage/fold.ts';
import { catalog, roleRecord } from '../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

/** A record with some of its fields replaced by arbitrary JSON. */
const mutatedRecord = fc
  .tuple(fc.record({ name: fc.constantFrom('GetObject', 'PutItem', 'Decrypt', 'AssumeRole', 'Invoke'), source: fc.constantFrom('s3', 'dynamodb', 'kms', 'sts', 'lambda') }), fc.dictionary(fc.constantFrom('eventTime', 'eventSource', 'eventName', 'userIdentity', 'requestParameters', 'resources', 'errorCode', 'errorMessage', 'eventID', 'eventCategory', '@timestamp', 'eventVersion'), fc.jsonValue()))
  .map(([base, overrides]) => ({ ...roleRecord({ role: 'app-task', name: base.name, source: base.source }), ...overrides }));

describe('properties', () => {
  it('readRecord never throws, and either reads a record or names why not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutatedRecord), (raw) => {
        const r = readRecord(raw);
        if (r.ok) {
          expect(r.record.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
          expect(typeof r.record.eventSource).toBe('string');
        } else expect(r.reason).toMatch(/^(not-an-object|missing-|invalid-)/);
      }),
      { numRuns: 2000 },
    );
  });

  it('foldRecord accounts for every record exactly once, whatever it is', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.jsonValue(), mutatedRecord), { maxLength: 60 }), (raws) => {
        const agg = emptyUsage();
        for (const r of raws) foldRecord(agg, r, foldContext(cat, { tracked: ['111122223333:app-task'] }));
        compactUsage(agg);
        const i = agg.input;
        expect(i.attributed + i.notTracked + i.outsideWindow + Object.values(i.skipped).reduce((a, b) => a + b, 0)).toBe(raws.length);
      }),
      { numRuns: 300 },
    );
  });

  it('event → action mapping never throws and only ever answers catalog actions', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined }), (source, name, params) => {
        const m = requiredActions(cat, source, name, params);
        if (m.kind === 'mapped') for (const a of [...m.actions, ...m.possible]) expect(cat.lookup(a.action)?.action).toBe(a.action);
        else if (m.kind === 'unmapped') expect(m.tried.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('the policy normaliser takes any JSON (object, text, URL-encoded) and grants only catalog actions', () => {
    const statement = fc.record(
      {
        Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), fc.jsonValue()),
        Action: fc.oneof(fc.constantFrom('s3:*', 'S3:get*', 'iam:PassRole', 'nosuch:Thing', '*'), fc.array(fc.constantFrom('sqs:*', 'kms:Decrypt', 'dynamodb:Get?tem')), fc.jsonValue()),
        NotAction: fc.oneof(fc.constantFrom('iam:*'), fc.jsonValue()),
        Resource: fc.oneof(fc.constant('*'), fc.array(fc.string()), fc.jsonValue()),
        Condition: fc.jsonValue(),
        Sid: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const doc = fc.oneof(fc.jsonValue(), fc.record({ Version: fc.constant('2012-10-17'), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 })) }));
    fc.assert(
      fc.property(doc, fc.constantFrom('object', 'json', 'url'), (d, form) => {
        const input = form === 'object' ? d : form === 'json' ? JSON.stringify(d) : encodeURIComponent(JSON.stringify(d));
        const parsed = parsePolicyDocument(input);
        if (!parsed.ok) {
          expect(parsed.error).toMatch(/policy document/);
          return;
        }
        const g = effectiveGrants({ roleArn: 'arn:aws:iam::1:role/r', roleName: 'r', policies: [{ id: 'inline:p', name: 'p', kind: 'inline', document: parsed.document }] }, cat);
        for (const a of g.actions.keys()) expect(cat.lookup(a)?.action).toBe(a);
      }),
      { numRuns: 400 },
    );
  });

  it('the fast path for untracked principals gives the same aggregate as the full path', () => {
    // A time with milliseconds means the same instant but always takes the full path.
    const slow = (r: unknown) =>
      r && typeof r === 'object' && typeof (r as { eventTime?: unknown }).eventTime === 'string'
        ? { ...(r as object), eventTime: String((r as { eventTime: string }).eventTime).replace(/Z$/, '.000Z') }
        : r;
    const identities = fc.constantFrom(
      { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/app-task/s1', sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::111122223333:role/app/app-task' } } },
      { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/other/s1', sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::111122223333:role/other' } } },
      { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/app-task/s2' },
      { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/ci' },
      { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' },
      { type: 'AssumedRole', sessionContext: { sessionIssuer: { arn: 'not-an-arn' } }, arn: 'arn:aws:sts::111122223333:assumed-role/app-task/s3' },
    );
    const record = fc.record({
      identity: identities,
      minute: fc.integer({ min: 0, max: 59 }),
      data: fc.boolean(),
      readOnly: fc.option(fc.boolean(), { nil: undefined }),
      region: fc.constantFrom('us-east-1', 'eu-west-1', undefined),
    }).map((x, ) => ({
      ...roleRecord({ role: 'app-task', data: x.data, time: `2026-11-10T10:${String(x.minute).padStart(2, '0')}:00Z` }),
      userIdentity: x.identity,
      awsRegion: x.region,
      readOnly: x.readOnly,
    }));
    const fold = (records: unknown[]) => {
      const agg = emptyUsage();
      for (const r of records) foldRecord(agg, r, foldContext(cat, { tracked: ['111122223333:app-task'], since: '2026-11-10T10:10:00Z', until: '2026-11-10T10:50:00Z' }));
      return compactUsage(agg);
    };
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (records) => {
        expect(fold(records)).toEqual(fold(records.map(slow)));
      }),
      { numRuns: 300 },
    );
  });

  it('an accepted event time is a real calendar time, whatever the input (numbers, rollovers, zone-less)', () => {
    const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
    const loose = fc
      .tuple(digits(4, 9999), digits(2, 99), digits(2, 99), digits(2, 99), digits(2, 99), digits(2, 99), fc.constantFrom('Z', '', '+01:00', '-1130', '.5Z'))
      .map(([y, mo, d, h, mi, s, z]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${z}`);
    fc.assert(
      fc.property(fc.oneof(loose, fc.integer(), fc.double(), fc.string()), (t) => {
        const r = readRecord({ ...roleRecord({}), eventTime: t });
        if (!r.ok) return;
        const back = new Date(r.record.eventTime).toISOString().slice(0, 19) + 'Z';
        expect(back).toBe(r.record.eventTime);
        expect(r.record.eventTime >= '2013-11-13').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('records whose strings are Object\'s own property names never pollute, never throw, and are all accounted for', () => {
    const names = fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 's3.amazonaws.com', 'GetObject');
    const hostile = fc
      .record({ source: names, name: names, region: names, code: fc.option(names, { nil: undefined }), role: fc.constantFrom('app-task', 'other'), data: fc.boolean(), readOnly: fc.option(fc.boolean(), { nil: undefined }) })
      .map((x) => ({
        ...roleRecord({ role: x.role, data: x.data }),
        eventSource: x.source,
        eventName: x.name,
        awsRegion: x.region,
        readOnly: x.readOnly,
        ...(x.code ? { errorCode: x.code, errorMessage: `not authorized to perform: ${x.name}:${x.name}` } : {}),
        requestParameters: JSON.parse(`{"${x.name}": {"${x.source}": 1}, "__proto__": {"polluted": true}}`),
      }));
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 30 }), (raws) => {
        const agg = emptyUsage();
        const ctx = foldContext(cat, { tracked: ['111122223333:app-task'] });
        for (const r of raws) foldRecord(agg, r, ctx);
        compactUsage(agg);
        const i = agg.input;
        expect(i.attributed + i.notTracked + i.outsideWindow + Object.values(i.skipped).reduce((a, b) => a + b, 0)).toBe(raws.length);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
