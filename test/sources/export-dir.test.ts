import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import { readExportDir } from '../../sources/export-dir.ts';
import { readTrailFile } from '../../sources/trail/parse.ts';

function dir(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'pd-export-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

async function records(path: string) {
  const got: unknown[] = [];
  const skipped: string[] = [];
  const reason = await readTrailFile(path, { record: (r) => got.push(r), skipRecord: (r) => skipped.push(r) });
  return { got, skipped, reason };
}

const ev = (n: number) => ({ eventID: `e${n}`, eventName: 'GetObject', eventSource: 's3.amazonaws.com' });

describe('export directory', () => {
  it('recognises ECS, IAM and CloudTrail files by content, anywhere', async () => {
    const root = dir({
      'ecs/td.json': JSON.stringify({ taskDefinition: { family: 'a', revision: 1 } }),
      'ecs/services.json': JSON.stringify({ services: [{ serviceName: 's' }], failures: [] }),
      'iam/page1.json': JSON.stringify({ RoleDetailList: [{ RoleName: 'r' }], Policies: [] }),
      'misc/notes.txt': 'hello',
      'misc/other.json': JSON.stringify({ hello: 1 }),
      'misc/broken.json': '{',
      'cloudtrail/AWSLogs/1/CloudTrail/us-east-1/2026/11/10/f.json.gz': gzipSync(JSON.stringify({ Records: [ev(1)] })),
      'elsewhere/trail.json': JSON.stringify({ Records: [] }),
    });
    const data = await readExportDir(root);
    expect(data.taskDefinitions).toHaveLength(1);
    expect(data.services).toHaveLength(1);
    expect(data.roleDetails).toHaveLength(1);
    expect(data.trailFiles.map((f) => f.slice(root.length + 1)).sort()).toEqual([
      'cloudtrail/AWSLogs/1/CloudTrail/us-east-1/2026/11/10/f.json.gz',
      'elsewhere/trail.json',
    ]);
    expect(data.files.skipped).toEqual({ 'unrecognised-content': 1, 'invalid-json': 1 });
    expect(data.files.ignored).toBe(1);
    expect(data.problems).toHaveLength(2);
  });

  it('fails with a clear error for a missing directory', async () => {
    await expect(readExportDir('/no/such/dir')).rejects.toThrow(InputError);
  });

  it('reads delivered log files, lookup-events output, arrays and one event per line', async () => {
    const root = dir({
      'a.json.gz': gzipSync(JSON.stringify({ Records: [ev(1), ev(2)] })),
      'b.json': JSON.stringify({ Events: [{ EventId: 'e3', CloudTrailEvent: JSON.stringify(ev(3)) }, { EventId: 'e4' }] }),
      'c.json': JSON.stringify([ev(5)]),
      'd.jsonl': `${JSON.stringify(ev(6))}\n\n${JSON.stringify(ev(7))}\n{"eventID": "tru`,
      'e.ndjson.gz': gzipSync(`${JSON.stringify(ev(8))}\n`),
    });
    expect(await records(join(root, 'a.json.gz'))).toMatchObject({ got: [ev(1), ev(2)], reason: undefined });
    expect(await records(join(root, 'b.json'))).toMatchObject({ got: [ev(3)], skipped: ['lookup-event-without-CloudTrailEvent'] });
    expect((await records(join(root, 'c.json'))).got).toEqual([ev(5)]);
    expect(await records(join(root, 'd.jsonl'))).toMatchObject({ got: [ev(6), ev(7)], skipped: ['invalid-json'] });
    expect((await records(join(root, 'e.ndjson.gz'))).got).toEqual([ev(8)]);
  });

  it('skips unreadable files with a reason instead of crashing', async () => {
    const gz = gzipSync(JSON.stringify({ Records: [ev(1)] }));
    const root = dir({
      'trunc.json.gz': gz.subarray(0, gz.length - 10),
      'trunc.jsonl.gz': gzipSync(`${JSON.stringify(ev(1))}\n${JSON.stringify(ev(2))}\n`).subarray(0, 20),
      'bad.json': '{"Records": [',
      'notarray.json': JSON.stringify({ Records: { a: 1 } }),
    });
    expect((await records(join(root, 'trunc.json.gz'))).reason).toBe('unreadable-gzip');
    expect((await records(join(root, 'trunc.jsonl.gz'))).reason).toBe('unreadable-gzip');
    expect((await records(join(root, 'bad.json'))).reason).toBe('invalid-json');
    expect((await records(join(root, 'notarray.json'))).reason).toBe('records-not-an-array');
  });
});
