/**
 * Fuzz through the whole command: the sample account with thousands of mutated records
 * and broken policies mixed in still exits 0 with a well-formed report that accounts for
 * every record. Hostile files ride along: a gzip bomb and an over-long line (small caps set
 * through the environment), Windows encodings, symbolic links (a linked folder, a loop, a
 * broken link), dozens of invalid files; secrets planted in payloads reach no format.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../core/report/markdown.ts';
import type { Report } from '../../core/report/schema.ts';
import { renderText } from '../../core/report/text.ts';
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

    // Hostile files of the reliability classes (#11), beside the fuzzed records.
    const MB = 1024 * 1024;
    const secretRecord = (n: number) => ({ ...mutated[n % mutated.length], requestParameters: { key: 'FUZZ-SECRET-PAYLOAD' }, responseElements: { credentials: { sessionToken: 'FUZZ-SECRET-TOKEN' } } });
    writeFileSync(join(dir, 'cloudtrail', 'bomb.json.gz'), gzipSync(Buffer.alloc(16 * MB)));
    writeFileSync(join(dir, 'cloudtrail', 'long-line.jsonl'), `${JSON.stringify(secretRecord(1))}\n{"eventName": "${'x'.repeat(2 * MB)}"}\n${JSON.stringify(secretRecord(2))}\n`);
    const lookup = JSON.stringify({ Events: mutated.slice(0, 200).map((m, i) => ({ EventId: `l${i}`, CloudTrailEvent: JSON.stringify(i === 7 ? secretRecord(7) : m) })) }, null, 4);
    writeFileSync(join(dir, 'cloudtrail', 'lookup-powershell.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lookup.replace(/\n/g, '\r\n'), 'utf16le')]));
    writeFileSync(join(dir, 'cloudtrail', 'bom.jsonl'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(mutated.slice(200, 400).map((m) => JSON.stringify(m)).join('\n'))]));
    const archive = mkdtempSync(join(tmpdir(), 'pd-fuzz-archive-'));
    writeFileSync(join(archive, 'linked.json.gz'), gzipSync(JSON.stringify({ Records: mutated.slice(400, 600) })));
    symlinkSync(archive, join(dir, 'cloudtrail', 'archive'));
    symlinkSync(join(dir, 'cloudtrail'), join(archive, 'loop'));
    symlinkSync(join(dir, 'nowhere.json'), join(dir, 'cloudtrail', 'broken.json'));
    mkdirSync(join(dir, 'cloudtrail', 'garbage'));
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, 'cloudtrail', 'garbage', `g${i}.json`), fc.sample(fc.string(), { numRuns: 1, seed: i })[0]! + '{');

    const out = join(dir, 'report.json');
    const env = { ...process.env, POLICY_DRIFT_MAX_FILE_BYTES: String(8 * MB), POLICY_DRIFT_MAX_LINE_BYTES: String(MB) };
    const r = await run(process.execPath, [join(ROOT, 'bin', 'policy-drift.js'), 'analyze', '--input', dir, '--format', 'json', '--out', out], { cwd: ROOT, maxBuffer: 1 << 26, env });
    expect(r.stderr).toMatch(/report written/);
    const text = readFileSync(out, 'utf8');
    const report = JSON.parse(text);
    expect(report.schemaVersion).toBe(1);
    const i = report.input;
    expect(i.records).toBe(i.attributed + i.notTracked + i.outsideWindow + Object.values(i.skipped as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(i.files.skipped).toMatchObject({ 'records-not-an-array': 1, 'unreadable-gzip': 1 });
    expect(report.roles).toHaveLength(5);
    expect(text).not.toContain('FUZZ-SECRET');

    // The hostile files: each skipped with its reason and named (capped), never a crash.
    expect(i.files.skipped).toMatchObject({ 'too-large': 1, 'link-loop': 1, 'broken-link': 1 });
    expect(i.files.skipped['invalid-json']).toBeGreaterThanOrEqual(40);
    expect(i.skipped['too-large']).toBe(1);
    expect(report.problems.length).toBeLessThanOrEqual(50);
    expect(report.problems.join('\n')).toMatch(/bomb\.json\.gz: too-large/);
    expect(report.problems.join('\n')).toMatch(/… and \d+ more CloudTrail files not read in full/);
    // Files of unknown place could not be read: CloudTrail calls nothing unused anywhere. What is
    // still called unused rests on IAM's last-accessed data alone (the export holds it), and says so.
    expect(i.incompleteRegions).toContain('unknown region');
    for (const role of report.roles) {
      for (const u of role.unused) expect(u, u.action).toMatchObject({ notObservableInTrail: 'incomplete-input', lastAccessed: expect.anything() });
    }
    // Every format, not only JSON, keeps the planted secrets out.
    for (const rendered of [renderText(report as Report), renderText(report as Report, { verbose: true }), renderMarkdown(report as Report)]) {
      expect(rendered).not.toContain('FUZZ-SECRET');
    }
  }, 120_000);
});
