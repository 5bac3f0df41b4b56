import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileNotes, readTrailFile } from '../../../sources/trail/parse.ts';
import { recordSpans } from '../../../sources/trail/record-spans.mjs';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const records = (text: string) => {
  const b = bytes(text);
  const spans = recordSpans(b);
  if (!spans) return undefined;
  const out: unknown[] = [];
  for (let k = 0; k < spans.length; k += 2) out.push(JSON.parse(Buffer.from(b.subarray(spans[k], spans[k + 1])).toString('utf8')));
  return out;
};

// Strings full of what a bracket counter could trip on: quotes, backslashes, brackets, non-ASCII.
const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', 'a', 'é', '😀', '\u0000', '\n') });
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(tricky, fc.integer(), fc.boolean(), fc.constant(null)),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(tricky, tie('node'), { maxKeys: 3 })),
})).node;
const record = fc.dictionary(tricky, value, { maxKeys: 4 });

describe('record spans of a delivered log file', () => {
  it('find every record of {"Records":[…]}, however its strings are written and however it is spaced', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), fc.constantFrom(undefined, 2, '\t'), (recs, space) => {
        expect(records(JSON.stringify({ Records: recs }, null, space))).toEqual(recs);
      }),
      { numRuns: 500 },
    );
  });

  it('read every record of a file as CloudTrail writes it, even when a record nests the join between records', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pd-spans-'));
    // `eventVersion` first, as CloudTrail writes it; nested objects that start the same way
    // put `},{"eventVersion":"` inside a record, and strings may hold it (escaped) too.
    const joinText = fc.constantFrom('},{"eventVersion":"', '"}]},{"eventVersion":"1"', 'x');
    const nested = fc.array(fc.record({ eventVersion: fc.oneof(tricky, joinText), x: value }), { maxLength: 3 });
    const cloudTrailRecord = fc.record({ eventVersion: fc.oneof(tricky, joinText), nested, other: record });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(cloudTrailRecord, { maxLength: 5 }), async (recs) => {
        const path = join(root, `f${n++}.json`);
        writeFileSync(path, JSON.stringify({ Records: recs }));
        const got: unknown[] = [];
        const skipped: string[] = [];
        expect(await readTrailFile(path, { record: (r) => got.push(r), skipRecord: (s) => skipped.push(s) })).toBeUndefined();
        expect(skipped).toEqual([]);
        expect(got).toEqual(recs);
      }),
      { numRuns: 300 },
    );
    const guessed = recordSpans(bytes(JSON.stringify({ Records: [{ eventVersion: '1', n: [{ eventVersion: 'a' }, { eventVersion: 'b' }] }] })));
    expect(guessed?.length).toBe(4); // the nested join was taken for a record boundary, and parsing put that right
  });

  it('give up on any other shape, which is then parsed whole', () => {
    for (const text of [
      '{"Events":[{"a":1}]}',
      '{"Records":[{"a":1}],"Records":[]}',
      '{"Records":[{"a":1},2]}',
      '{"Records":[{"a":1},]}',
      '{"Records":[{"a":"1"}',
      '{"Records":[{"a":"1}]}',
      '{"Records":[{"a":1}]} x',
      '[{"a":1}]',
      '\ufeff{"Records":[]}',
    ]) {
      expect(recordSpans(bytes(text)), text).toBeUndefined();
    }
    expect(records(' { "Records" : [ ] } \n')).toEqual([]);
  });

  it('read the records around one that is not valid JSON, and count that one as unread', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pd-spans-'));
    const text = `{"Records":[{"eventID":"a"},{"eventID":tru},{"eventID":"b"}]}`;
    writeFileSync(join(root, 'one-bad.json.gz'), gzipSync(text));
    const got: unknown[] = [];
    const skipped: string[] = [];
    const notes = fileNotes();
    const reason = await readTrailFile(join(root, 'one-bad.json.gz'), { record: (r) => got.push(r), skipRecord: (s) => skipped.push(s) }, { notes });
    expect(reason).toBeUndefined();
    expect(got).toEqual([{ eventID: 'a' }, { eventID: 'b' }]);
    expect(skipped).toEqual(['invalid-json']);
    expect(notes.unreadRecords).toBe(1);
  });

  it('say where the readable records of a file with one unreadable record were, so the lost one can be placed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pd-spans-'));
    const text =
      '{"Records":[{"eventTime":"2026-11-10T10:00:00Z","awsRegion":"eu-west-1"},{"eventID":tru},' +
      '{"eventTime":"2026-11-11T09:00:00Z","awsRegion":"eu-west-1"}]}';
    writeFileSync(join(root, 'one-bad.json'), text);
    const notes = fileNotes();
    await readTrailFile(join(root, 'one-bad.json'), { record: () => {}, skipRecord: () => {} }, { notes });
    expect(notes.unreadRecords).toBe(1);
    expect([...notes.seen.regions]).toEqual(['eu-west-1']);
    expect([notes.seen.first, notes.seen.last]).toEqual(['2026-11-10T10:00:00Z', '2026-11-11T09:00:00Z']);
  });

  it('decode non-ASCII records as UTF-8, each on its own, as the whole file would have been', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pd-spans-'));
    const recs = [{ userAgent: 'café ☕', key: 'naïve/😀' }, { eventID: 'x' }];
    writeFileSync(join(root, 'utf8.json'), JSON.stringify({ Records: recs }));
    const got: unknown[] = [];
    await readTrailFile(join(root, 'utf8.json'), { record: (r) => got.push(r), skipRecord: () => {} });
    expect(got).toEqual(recs);
  });
});
