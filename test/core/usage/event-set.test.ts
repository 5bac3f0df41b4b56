import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unionKeys } from '../../../core/usage/event-set.ts';

const keys = fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 30 });
const ascending = keys.map((l) => [...new Set(l)].sort((a, b) => a - b));

describe('unionKeys', () => {
  it('property: the sorted union of any lists, ascending or not, few or many, and never one of them', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(keys, ascending), { maxLength: 7 }), (lists) => {
        const union = unionKeys(lists);
        expect(union).toEqual([...new Set(lists.flat())].sort((a, b) => a - b));
        for (const l of lists) expect(union).not.toBe(l);
        union.push(-1); // the caller owns the result
        expect(lists.every((l) => !l.includes(-1))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
