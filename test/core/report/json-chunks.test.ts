/** The streamed JSON is byte for byte `JSON.stringify`'s, however it is cut into pieces. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batched, jsonChunks } from '../../../core/report/json-chunks.ts';
import { sampleReport } from '../../helpers/sample-report.ts';

const joined = (value: unknown, indent: number, chunkSize?: number) => [...jsonChunks(value, { indent, ...(chunkSize ? { chunkSize } : {}) })].join('');

/** Anything JSON.stringify takes: nulls, undefined, dates, sparse arrays, null-prototype objects, -0, NaN. */
const anything = fc.anything({ withDate: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true, maxDepth: 4 });

/** Values big enough to be walked rather than stringified in one call: long arrays and wide objects of `anything`. */
const big = fc
  .tuple(fc.array(anything, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 0, max: 3 }))
  .map(([items, length, nesting]) => {
    let v: unknown = Array.from({ length }, (_, i) => items[i % items.length]);
    for (let k = 0; k < nesting; k++) v = k % 2 ? [v, items[0], v] : { inner: v, other: items[0], skipped: undefined, again: v };
    return v;
  });

describe('jsonChunks', () => {
  it('property: the pieces join to JSON.stringify(value, null, indent), for any value, indent and piece size', () => {
    fc.assert(
      fc.property(fc.oneof(anything, big), fc.constantFrom(0, 1, 2, 4, 12), fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }), (value, indent, size) => {
        const expected = JSON.stringify(value, null, indent);
        const pieces = [...jsonChunks(value, { indent, ...(size ? { chunkSize: size } : {}) })];
        expect(pieces.join('')).toBe(expected ?? '');
        expect(pieces.every((p) => p.length > 0)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('writes the sample report exactly as the CLI and the archive did (indented and compact)', () => {
    const report = sampleReport();
    expect(joined(report, 2, 1000)).toBe(JSON.stringify(report, null, 2));
    expect(joined(report, 0)).toBe(JSON.stringify(report));
  });

  it('cuts a big value into pieces of about the size asked', () => {
    const value = { rows: Array.from({ length: 50_000 }, (_, i) => ({ action: `svc:Action${i}`, n: i })) };
    const pieces = [...jsonChunks(value, { indent: 2, chunkSize: 10_000 })];
    // About 3.3 MB: a piece closes once it reaches the size, overshooting by at most one
    // batch of elements (~2,000 nodes, some 40 KB here), so never one piece for it all.
    expect(pieces.length).toBeGreaterThan(40);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(10_000 + 60_000);
    expect(pieces.join('')).toBe(JSON.stringify(value, null, 2));
  });

  it('throws where JSON.stringify throws: a cycle (small or walked), a BigInt', () => {
    const small: Record<string, unknown> = { a: 1 };
    small.self = small;
    expect(() => joined(small, 2)).toThrow(TypeError);
    const walked: Record<string, unknown> = { rows: Array.from({ length: 5000 }, (_, i) => i) };
    (walked.rows as unknown[]).push(walked);
    expect(() => joined(walked, 2)).toThrow(/circular/);
    expect(() => joined({ n: 1n }, 2)).toThrow(TypeError);
  });

  it('yields nothing for what JSON.stringify turns into undefined', () => {
    expect([...jsonChunks(undefined)]).toEqual([]);
    expect([...jsonChunks(() => 1)]).toEqual([]);
  });
});

describe('batched', () => {
  it('joins small strings into pieces, losing nothing and never yielding an empty one', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.integer({ min: 1, max: 50 }), (parts, size) => {
        const pieces = [...batched(parts, size)];
        expect(pieces.join('')).toBe(parts.join(''));
        expect(pieces.every((p) => p.length > 0)).toBe(true);
      }),
    );
  });
});
