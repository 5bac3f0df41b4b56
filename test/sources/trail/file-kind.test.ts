import { describe, expect, it } from 'vitest';
import { fileKind, isTrailFileByName } from '../../../sources/trail/file-kind.ts';

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
});
