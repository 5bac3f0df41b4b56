/**
 * Fuzz through the whole command: the sample account with thousands of mutated records
 * and broken policies mixed in still exits 0 with a well-formed report that accounts for
 * every record.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roleRecord } from '../helpers/fixtures.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

describe('fuzzed input through the CLI', () => {
  it('exits 0 with a well-formed report, every record accounted for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-fuzz-'));
    cpSync(join(ROOT, 'examples', 'sample-account'), dir, { recursive: true });
    const roles = ['orders-api-task', 'order-worker-task', 'nightly-report-task', 'ecs-task-execution', 'stranger'];
    const mutated = fc.sample(
      fc.tuple(fc.constantFrom(...roles), fc.constantFrom('s3', 'dynamodb', 'kms', 'sqs', 'madeup'), fc.constantFrom('GetObject', 'PutItem', 'Decrypt', 'SendMessage', 'Nope20150331v2'), fc.dictionary(fc.constantFrom('eventTime', 'userIdentity', 'requestParameters', 'resources', 'errorCode', 'errorMessage', 'eventID', 'responseElements'), fc.jsonValue())).map(
        ([role, source, name, over]) => ({ ...roleRecord({ role, source, name, path: '/app/', time: '2026-11-12T10:00:00Z' }), ...over }),
      ),
      { numRuns: 3000, seed: 20261127 },
    );
    // A secret that must never surface, planted where payloads live.
    mutated.push({ ...roleRecord({ role: 'orders-api-task', path: '/app/' }), requestParameters: { bucketName: 'b', key: 'k', body: 'FUZZ-SECRET-PAYLOAD' }, responseElements: { credentials: { sessionToken: 'FUZZ-SECRET-TOKEN' } } });
    writeFileSync(join(dir, 'cloudtrail', 'fuzz.json.gz'), gzipSync(JSON.stringify({ Records: mutated })));
    writeFileSync(join(dir, 'cloudtrail', 'weird.json'), JSON.stringify({ Records: 'not a list' }));
    writeFileSync(join(dir, 'cloudtrail', 'trunc.json.gz'), gzipSync(JSON.stringify({ Records: mutated.slice(0, 50) })).subarray(0, 200));
    writeFileSync(join(dir, 'iam', 'broken.json'), JSON.stringify({ RoleDetailList: [{ RoleName: 'x' }, 'nope', { Arn: 'arn:aws:iam::111122223333:role/bad', RolePolicyList: [{ PolicyName: 'p', PolicyDocument: '%7Bbroken' }] }], Policies: [{ Arn: 7 }] }));

    const out = join(dir, 'report.json');
    const r = await run(process.execPath, [join(ROOT, 'bin', 'policy-drift.js'), 'analyze', '--input', dir, '--format', 'json', '--out', out], { cwd: ROOT, maxBuffer: 1 << 26 });
    expect(r.stderr).toMatch(/report written/);
    const text = readFileSync(out, 'utf8');
    const report = JSON.parse(text);
    expect(report.schemaVersion).toBe(1);
    const i = report.input;
    expect(i.records).toBe(i.attributed + i.notTracked + i.outsideWindow + Object.values(i.skipped as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(i.files.skipped).toMatchObject({ 'records-not-an-array': 1, 'unreadable-gzip': 1 });
    expect(report.roles).toHaveLength(4);
    expect(text).not.toContain('FUZZ-SECRET');
  }, 120_000);
});
