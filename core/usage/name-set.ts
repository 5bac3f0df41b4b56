/**
 * A bounded set of names (operations, buckets, tables): the `limit` smallest names seen,
 * sorted, and whether more were seen. Keeping the smallest (not the first) is what makes
 * it order-free: a merge of any split of the same names, in any order and any number of
 * times, keeps the same names; the union of overflows is an overflow. A name missing from
 * an overflowed set may have been seen: a reader must treat it as unknown, never as absent.
 */

export interface NameSet {
  /** Sorted, distinct, at most the bound. */
  names: string[];
  /** More names were seen than kept. */
  overflow: boolean;
}

/** A set of nothing seen yet. */
export function emptyNameSet(): NameSet {
  return { names: [], overflow: false };
}

/**
 * Add one name, keeping the set bounded (binary search into a short sorted array). The
 * fold calls this once per record it applies to: the last name is checked first, since a
 * trail repeats the same few names in runs.
 */
export function addName(set: NameSet, name: string, limit: number): void {
  const list = set.names;
  const n = list.length;
  if (n > 0 && list[n - 1] === name) return;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < name) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] === name) return;
  if (n < limit) list.splice(lo, 0, name);
  else {
    set.overflow = true;
    if (lo < n) {
      list.splice(lo, 0, name);
      list.pop();
    }
  }
}

/** The union of several sets, bounded the same way. */
export function mergeNameSets(sets: readonly NameSet[], limit: number): NameSet {
  const all = new Set<string>();
  for (const s of sets) for (const n of s.names) all.add(n);
  const names = [...all].sort();
  return { names: names.slice(0, limit), overflow: names.length > limit || sets.some((s) => s.overflow) };
}

/** Was `name` seen? `unknown` when the set overflowed and does not hold it. */
export function hasName(set: NameSet | undefined, name: string): 'yes' | 'no' | 'unknown' {
  if (!set) return 'no';
  // Sorted: a binary search would do, but readers ask a handful of names once per run.
  if (set.names.includes(name)) return 'yes';
  return set.overflow ? 'unknown' : 'no';
}

/** Is a stored value a well-formed name set? */
export function isNameSet(v: unknown): v is NameSet {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const s = v as Record<string, unknown>;
  return Array.isArray(s.names) && s.names.every((n) => typeof n === 'string') && typeof s.overflow === 'boolean';
}
