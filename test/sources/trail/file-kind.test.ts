import { describe, expect, it } from 'vitest';
import { fileKind, isDigestFile, isTrailFileByName } from '../../../sources/trail/file-kind.ts';

describe('file classifier', () => {
  it.each([
    ['f.json', 'document', false],
    ['AWSLogs/1/CloudTrail/us-east-1/2026/11/10/f.json.gz', 'document', true],
    ['F.JSON.GZ', 'document', true],
    ['events.jsonl', 'lines', false],
    ['events.ndjson.gz', 'lines', true],
    ['trail.log', 'lines', false],
    ['EVENTS.JSONL.GZ', 'lines', true],
    ['README.md', 'not-data', false],
    ['checksums.gz', 'not-data', true],
    ['f.json.bak', 'not-data', false],
  ])('%s is a %s file (gzip: %s)', (path, layout, gzip) => {
    expect(fileKind(path)).toEqual({ layout, gzip });
  });

  it('names CloudTrail files of an export by name and place: line files anywhere, JSON under a cloudtrail folder', () => {
    expect(isTrailFileByName('misc/events.jsonl')).toBe(true);
    expect(isTrailFileByName('CloudTrail/x/f.json.gz')).toBe(true);
    expect(isTrailFileByName('exports\\cloudtrail\\f.json')).toBe(true);
    // JSON elsewhere is recognised by its content, later; non-data files never are.
    expect(isTrailFileByName('iam/roles.json')).toBe(false);
    expect(isTrailFileByName('cloudtrail/README.md')).toBe(false);
  });

  it('recognises CloudTrail digest files by folder or name, as not data', () => {
    const digests = [
      'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/10/111122223333_CloudTrail-Digest_us-east-1_main_us-east-1_20261110T000000Z.json.gz',
      'cloudtrail/111122223333_CloudTrail-Digest_eu-west-1_main_eu-west-1_20261110T000000Z.json.gz',
      'cloudtrail\\AWSLogs\\1\\CloudTrail-Digest\\eu-west-1\\d.json.gz',
    ];
    for (const p of digests) {
      expect(isDigestFile(p)).toBe(true);
      expect(fileKind(p).layout).toBe('not-data');
      expect(isTrailFileByName(p)).toBe(false);
    }
    expect(isDigestFile('AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/10/111122223333_CloudTrail_us-east-1_20261110T0000Z_x.json.gz')).toBe(false);
  });
});
