import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from '../../../core/policy/document.ts';

describe('parsePolicyDocument', () => {
  const doc = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } };

  it('accepts Statement as an object and Action/Resource as strings', () => {
    const r = parsePolicyDocument(doc);
    expect(r).toEqual({
      ok: true,
      warnings: [],
      document: { statements: [{ effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] },
    });
  });

  it('decodes URL-encoded documents as the raw IAM API returns them', () => {
    const r = parsePolicyDocument(encodeURIComponent(JSON.stringify(doc)));
    expect(r.ok && r.document.statements[0]?.actions).toEqual(['s3:GetObject']);
  });

  it('accepts JSON text', () => {
    const r = parsePolicyDocument(JSON.stringify({ Statement: [{ Effect: 'Deny', NotAction: ['iam:*'], NotResource: 'x', Sid: 'S', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }));
    expect(r.ok && r.document.statements[0]).toEqual({
      sid: 'S',
      effect: 'Deny',
      notActions: ['iam:*'],
      notResources: ['x'],
      condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('reports invalid documents instead of throwing', () => {
    expect(parsePolicyDocument('{not json')).toEqual({ ok: false, error: 'policy document is not valid JSON' });
    expect(parsePolicyDocument('%7B%E0%A4%A')).toMatchObject({ ok: false });
    expect(parsePolicyDocument(42)).toMatchObject({ ok: false });
    expect(parsePolicyDocument({ Version: '2012-10-17' })).toEqual({ ok: false, error: 'policy document has no Statement' });
  });

  it('ignores a malformed statement with a warning and keeps the others', () => {
    const r = parsePolicyDocument({
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Maybe', Action: 's3:PutObject', Resource: '*' },
        { Effect: 'Allow', Action: 's3:PutObject', NotAction: 's3:GetObject', Resource: '*' },
        { Effect: 'Allow', Action: [1, 2], Resource: '*' },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.document.statements).toHaveLength(1);
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings.join(' ')).toMatch(/statement 2: Effect/);
  });
});

describe('a Condition nested thousands of levels deep', () => {
  it('is reported and its statement ignored, without overflowing the stack anywhere after', () => {
    const n = 5_000;
    const text = `{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":${'{"k":'.repeat(n)}"x"${'}'.repeat(n)}}}]}`;
    const r = parsePolicyDocument(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual(["statement 2: Condition nested deeper than 32 levels (IAM's is 3); ignored"]);
    expect(r.document.statements.map((s) => s.actions)).toEqual([['s3:PutObject']]);
    expect(() => JSON.stringify(r.document)).not.toThrow();
  });

  it('keeps conditions of IAM\'s own depth', () => {
    const r = parsePolicyDocument({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:prefix': ['a', 'b'] } } } });
    expect(r.ok && r.warnings).toEqual([]);
  });
});
