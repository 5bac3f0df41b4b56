/**
 * Reading a CloudTrail record's `requestParameters` by path, and the tests the table's
 * conditional rules ask of it. Keys match case-insensitively because CloudTrail spells one
 * field two ways in one record (`tableName`, `TableName`); lists are stepped into, so a
 * question about a transaction's items is a question about every item.
 */
import type { RequestTest } from './types.ts';

/** A value found in the request, with the concrete path it was found at (`requestItems[2].tableName`). */
export interface Found {
  path: string;
  value: unknown;
}

interface Step {
  key: string;
  /** `[]`: every element; `[k=v]`: the elements whose `k` equals `v`. */
  each?: { key?: string; value?: string };
}

const STEP = /^([^[\]]+)(?:\[(?:([^=\]]+)=([^\]]*))?\])?$/;
const parsed = new Map<string, Step[]>();

/** Parse `a.b[].c[k=v]` once; table paths are few and fixed. */
function stepsOf(path: string): Step[] {
  let steps = parsed.get(path);
  if (!steps) {
    steps = path.split('.').map((part) => {
      const m = STEP.exec(part);
      if (!m) throw new Error(`bad request path ${JSON.stringify(path)}`);
      const key = m[1]!;
      if (!part.endsWith(']')) return { key };
      return m[2] === undefined ? { key, each: {} } : { key, each: { key: m[2], value: m[3] ?? '' } };
    });
    parsed.set(path, steps);
  }
  return steps;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value of `key` in `obj` (its own properties only), whatever the case of its spelling. */
function field(obj: Record<string, unknown>, key: string): { name: string; value: unknown } | undefined {
  if (Object.hasOwn(obj, key)) return { name: key, value: obj[key] };
  const lower = key.toLowerCase();
  for (const name of Object.keys(obj)) {
    // Only names of the same length can match: an absent field (a versionless S3 GetObject,
    // most of them) is then settled without lower-casing every key of the request.
    if (name.length === key.length && name.toLowerCase() === lower) return { name, value: obj[name] };
  }
  return undefined;
}

/** A list's elements with their paths; anything else as itself. */
function spread(found: Found): Found[] {
  return Array.isArray(found.value) ? found.value.map((value, i) => ({ path: `${found.path}[${i}]`, value })) : [found];
}

function matchesFilter(element: unknown, filter: { key?: string; value?: string }): boolean {
  if (filter.key === undefined) return true;
  if (!isRecord(element)) return false;
  const v = field(element, filter.key)?.value;
  return typeof v === 'string' && v.toLowerCase() === (filter.value ?? '').toLowerCase();
}

/** Every value at `path` in `params`, lists flattened (a list at the end yields its elements). */
export function valuesAt(params: unknown, path: string): Found[] {
  const steps = stepsOf(path);
  // One plain key (versionId on every S3 GetObject) is the common case. A mix of 1M lookups, one
  // GetObject in eight, took 78 ms with this path and the plan memo, 480 ms before both.
  if (steps.length === 1 && !steps[0]!.each) return topLevel(params, steps[0]!.key);
  let current: Found[] = [{ path: '', value: params }];
  for (const step of steps) {
    const next: Found[] = [];
    for (const node of current.flatMap(spread)) {
      if (!isRecord(node.value)) continue;
      const hit = field(node.value, step.key);
      if (!hit || hit.value === undefined || hit.value === null) continue;
      const here: Found = { path: node.path ? `${node.path}.${hit.name}` : hit.name, value: hit.value };
      if (!step.each) next.push(here);
      else next.push(...spread(here).filter((f) => matchesFilter(f.value, step.each!)));
    }
    current = next;
  }
  return current.flatMap(spread).filter((f) => f.value !== undefined && f.value !== null && f.value !== '');
}

/** Does `params` hold a usable value at one plain key (not null, undefined or empty; a list with one)? */
function hasValue(params: unknown, key: string): boolean {
  if (!isRecord(params)) return false;
  const v = field(params, key)?.value;
  if (v === undefined || v === null || v === '') return false;
  return !Array.isArray(v) || v.some((x) => x !== undefined && x !== null && x !== '');
}

function topLevel(params: unknown, key: string): Found[] {
  if (!isRecord(params)) return [];
  const hit = field(params, key);
  if (!hit || hit.value === undefined || hit.value === null || hit.value === '') return [];
  return Array.isArray(hit.value) ? spread({ path: hit.name, value: hit.value }).filter((f) => f.value !== undefined && f.value !== null && f.value !== '') : [{ path: hit.name, value: hit.value }];
}

/** Primitive values as text for comparisons; structures have none. */
function textOf(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/**
 * Does the request pass the test? Comparisons ignore case. `not-equal` and `not-containing`
 * hold when no value fails them, so they hold for an absent field (a missing tagging
 * directive is the default, COPY, which is not REPLACE).
 */
export function passes(test: RequestTest, params: unknown): boolean {
  if ('all' in test) return test.all.every((t) => passes(t, params));
  // Presence of one plain key (a versionId on every S3 GetObject) without building the list of values.
  if (!('value' in test)) {
    const steps = stepsOf(test.path);
    if (steps.length === 1 && !steps[0]!.each) return hasValue(params, steps[0]!.key) === (test.is === 'present');
  }
  const found = valuesAt(params, test.path);
  if (!('value' in test)) return (found.length > 0) === (test.is === 'present');
  const wanted = test.value.toLowerCase();
  const texts = found.map((f) => textOf(f.value)?.toLowerCase()).filter((t): t is string => t !== undefined);
  switch (test.is) {
    case 'equal':
      return texts.includes(wanted);
    case 'not-equal':
      return !texts.includes(wanted);
    case 'containing':
      return texts.some((t) => t.includes(wanted));
    case 'not-containing':
      return !texts.some((t) => t.includes(wanted));
  }
}
