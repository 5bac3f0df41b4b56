import { describe, expect, it } from 'vitest';
import { passes, valuesAt } from '../../../core/mapping/request-paths.ts';

const tx = {
  requestItems: [
    { operation: 'Put', tableName: 'orders' },
    { operation: 'Delete', TableName: 'carts' },
    { operation: 'put', tableName: 'audit' },
  ],
};

describe('reading requestParameters by path', () => {
  it('matches keys whatever their case and steps into lists', () => {
    expect(valuesAt(tx, 'requestItems[].tableName')).toEqual([
      { path: 'requestItems[0].tableName', value: 'orders' },
      { path: 'requestItems[1].TableName', value: 'carts' },
      { path: 'requestItems[2].tableName', value: 'audit' },
    ]);
  });

  it('filters list elements by a field (case-insensitively)', () => {
    expect(valuesAt(tx, 'requestItems[operation=Put].tableName').map((f) => f.value)).toEqual(['orders', 'audit']);
  });

  it('yields the elements of a list at the end of a path, and nothing for empty or missing values', () => {
    expect(valuesAt({ secretIdList: ['a', 'b'] }, 'secretIdList').map((f) => f.path)).toEqual(['secretIdList[0]', 'secretIdList[1]']);
    expect(valuesAt({ filters: [] }, 'filters')).toEqual([]);
    expect(valuesAt({ versionId: '' }, 'versionId')).toEqual([]);
    expect(valuesAt(undefined, 'versionId')).toEqual([]);
    expect(valuesAt({ a: 'x' }, 'a.b')).toEqual([]);
  });
});

describe('request tests', () => {
  it('present and absent', () => {
    expect(passes({ path: 'versionId', is: 'present' }, { versionId: '1' })).toBe(true);
    expect(passes({ path: 'versionId', is: 'absent' }, { versionId: '1' })).toBe(false);
    expect(passes({ path: 'versionId', is: 'absent' }, null)).toBe(true);
  });

  it('not-equal and not-containing hold for an absent field', () => {
    expect(passes({ path: 'x-amz-tagging-directive', is: 'not-equal', value: 'REPLACE' }, {})).toBe(true);
    expect(passes({ path: 'x-amz-tagging-directive', is: 'not-equal', value: 'REPLACE' }, { 'x-amz-tagging-directive': 'replace' })).toBe(false);
    expect(passes({ path: 'x-amz-copy-source', is: 'not-containing', value: 'versionId=' }, {})).toBe(true);
  });

  it('containing looks at every element, and all requires every part', () => {
    const stmts = { requestItems: [{ statement: 'select 1' }, { statement: 'DELETE FROM t' }] };
    expect(passes({ path: 'requestItems[].statement', is: 'containing', value: 'DELETE ' }, stmts)).toBe(true);
    expect(passes({ path: 'requestItems[].statement', is: 'containing', value: 'UPDATE ' }, stmts)).toBe(false);
    expect(passes({ all: [{ path: 'a', is: 'present' }, { path: 'b', is: 'equal', value: 'x' }] }, { a: 1, b: 'X' })).toBe(true);
    expect(passes({ all: [{ path: 'a', is: 'present' }, { path: 'b', is: 'equal', value: 'x' }] }, { a: 1 })).toBe(false);
  });
});
