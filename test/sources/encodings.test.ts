/**
 * Exports made on Windows: UTF-8 with a byte-order mark, UTF-16 (Windows PowerShell's `>`),
 * with or without a mark, are read like the AWS CLI's UTF-8; a pretty-printed lookup-events
 * file is never read as hundreds of phantom records.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readExportDir } from '../../sources/export-dir.ts';
import { readTrailFile } from '../../sources/trail/parse.ts';
import { runMain } from '../helpers/run-main.ts';
import { iamPage, taskDefinition } from '../reliability/hostile-export.ts';

const BOM8 = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8Bom = (text: string) => Buffer.concat([BOM8, Buffer.from(text, 'utf8')]);
/** What `ConvertTo-Json … > file` writes in Windows PowerShell 5.1: UTF-16LE with a mark, CRLF lines. */
const powershell = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\n/g, '\r\n'), 'utf16le')]);
const utf16leBare = (text: string) => Buffer.from(text, 'utf16le');
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
};

function dir(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'pd-enc-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

const ev = (n: number) => ({ eventID: `e${n}`, eventName: 'GetObject', eventSource: 's3.amazonaws.com', awsRegion: 'us-east-1', eventTime: '2026-11-10T10:00:00Z' });
const lookupEvents = (n: number) => JSON.stringify({ Events: Array.from({ length: n }, (_, i) => ({ EventId: `e${i}`, CloudTrailEvent: JSON.stringify(ev(i)) })) }, null, 4);

async function records(path: string) {
  const got: unknown[] = [];
  const skipped: string[] = [];
  const reason = await readTrailFile(path, { record: (r) => got.push(r), skipRecord: (r) => skipped.push(r) });
  return { got: got.length, skipped, reason };
}

describe('encodings of exported files', () => {
  it.each([
    ['UTF-8 with a mark', utf8Bom],
    ['UTF-16LE with a mark (PowerShell)', powershell],
    ['UTF-16LE without a mark', utf16leBare],
    ['UTF-16BE with a mark', utf16be],
  ])('reads IAM pages and task definitions in %s', async (_name, encode) => {
    const root = dir({
      'ecs/app-1.json': encode(JSON.stringify(taskDefinition, null, 2)),
      'iam/page.json': encode(JSON.stringify(iamPage, null, 2)),
      'iam/page.json.gz': gzipSync(encode(JSON.stringify({ RoleDetailList: [], Policies: [{ Arn: 'arn:aws:iam::aws:policy/P', PolicyName: 'P' }] }))),
    });
    const data = await readExportDir(root);
    expect(data.problems).toEqual([]);
    expect(data.taskDefinitions).toHaveLength(1);
    expect(data.roleDetails.map((r) => r.RoleName)).toEqual(['app-task']);
    expect(data.managedPolicies).toHaveLength(1);
  });

  it.each([
    ['UTF-8 with a mark', utf8Bom],
    ['UTF-16LE with a mark (PowerShell)', powershell],
  ])('reads a pretty-printed lookup-events export in %s as its events, not phantom records', async (_name, encode) => {
    const root = dir({ 'lookup.json': encode(lookupEvents(25)) });
    expect(await records(join(root, 'lookup.json'))).toEqual({ got: 25, skipped: [], reason: undefined });
  });

  it('reads a line file in UTF-16 (PowerShell Out-File), gzipped or not, CRLF and all', async () => {
    const text = `${JSON.stringify(ev(1))}\n${JSON.stringify(ev(2))}\n`;
    const root = dir({ 'events.jsonl': powershell(text), 'events.ndjson.gz': gzipSync(powershell(text)), 'bom.jsonl': utf8Bom(text) });
    for (const f of ['events.jsonl', 'events.ndjson.gz', 'bom.jsonl']) expect(await records(join(root, f))).toEqual({ got: 2, skipped: [], reason: undefined });
  });

  it('a cut-off pretty-printed document is one invalid file, not a record per line', async () => {
    const root = dir({ 'lookup.json': lookupEvents(25).slice(0, 2000) });
    expect(await records(join(root, 'lookup.json'))).toEqual({ got: 0, skipped: [], reason: 'invalid-json' });
  });

  it('when no task definition could be read, the error names the skipped files and why', async () => {
    const root = dir({
      'ecs/app-1.json': '{"taskDefinition": {"family": "app", ',
      'ecs/app-2.json.gz': Buffer.from('not gzip'),
      'iam/page.json': JSON.stringify(iamPage),
    });
    const r = await runMain('analyze', '--input', root);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/nothing to analyse in .*0 task definitions found; 2 files could not be read: ecs\/app-1\.json \(invalid-json\), ecs\/app-2\.json\.gz \(unreadable-gzip\)/);
  });
});
