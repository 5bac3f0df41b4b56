import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactJson } from '../../../core/report/compact-json.ts';

describe('compactJson', () => {
  it('keeps short arrays on one line and parses back to the same value', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::b/*'] }] };
    const text = compactJson(doc, 80);
    expect(text).toContain('"Action": ["s3:GetObject", "s3:PutObject"]');
    expect(JSON.parse(text)).toEqual(doc);
  });

  it('property: always parses back to the same value', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.integer({ min: 10, max: 120 }), (v, w) => {
        expect(JSON.parse(compactJson(v, w))).toEqual(JSON.parse(JSON.stringify(v)));
      }));
  });
});
