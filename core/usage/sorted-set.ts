/**
 * Small set primitives the usage aggregate is built on. Each is idempotent, commutative
 * and associative under merge, which is what makes the aggregate safe to merge in any
 * order and any number of times.
 */

/** Sort numbers ascending and drop repeats, in place; returns the same array. */
export function sortUnique(values: number[]): number[] {
  if (values.length > 32) {
    // A typed array sorts numbers natively, several times faster than a comparator.
    const sorted = Float64Array.from(values).sort();
    for (let i = 0; i < sorted.length; i++) values[i] = sorted[i]!;
  } else values.sort((a, b) => a - b);
  let w = 0;
  for (let r = 0; r < values.length; r++) {
    if (r === 0 || values[r] !== values[w - 1]) values[w++] = values[r]!;
  }
  values.length = w;
  return values;
}

/** Sorted, de-duplicated union of string lists. */
export function unionStrings(...lists: readonly (readonly string[])[]): string[] {
  const set = new Set<string>();
  for (const l of lists) for (const v of l) set.add(v);
  return [...set].sort();
}

/** Longest common prefix of two strings. */
export function commonPrefix(a: string, b: string): string {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return a.slice(0, i);
}

/**
 * A bounded sample of resource ARNs: the `limit` smallest ARNs seen, whether more were
 * seen, and the common prefix of everything seen (so a narrowed pattern stays safe even
 * when the sample is partial).
 */
export interface ResourceSample {
  arns: string[];
  overflow: boolean;
  prefix?: string;
}

export const RESOURCE_SAMPLE_LIMIT = 20;

/** A sample of nothing seen yet. */
export function emptySample(): ResourceSample {
  return { arns: [], overflow: false };
}

/** Add one ARN to a sample, keeping it bounded (insertion into a short sorted array). */
export function addToSample(sample: ResourceSample, arn: string, limit = RESOURCE_SAMPLE_LIMIT): void {
  // Most ARNs of a busy action keep the prefix (no new prefix string then) and sort past a
  // full sample's last entry: two native comparisons, where the prefix walk, its copy and
  // the binary search were 8 % of the fold of `npm run bench`'s tracked-heavy mix.
  const prefix = sample.prefix;
  if (prefix === undefined) sample.prefix = arn;
  else if (!arn.startsWith(prefix)) sample.prefix = commonPrefix(prefix, arn);
  const list = sample.arns;
  if (list.length >= limit) {
    const last = list[list.length - 1]!;
    if (arn === last) return;
    if (arn > last) {
      sample.overflow = true;
      return;
    }
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < arn) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] === arn) return;
  if (list.length < limit) {
    list.splice(lo, 0, arn);
  } else if (lo < list.length) {
    list.splice(lo, 0, arn);
    list.pop();
    sample.overflow = true;
  } else {
    sample.overflow = true;
  }
}

/** Merge samples: same result whatever the order or repetition. */
export function mergeSamples(samples: readonly ResourceSample[], limit = RESOURCE_SAMPLE_LIMIT): ResourceSample {
  const all = unionStrings(...samples.map((s) => s.arns));
  let prefix: string | undefined;
  for (const s of samples) {
    if (s.prefix === undefined) continue;
    prefix = prefix === undefined ? s.prefix : commonPrefix(prefix, s.prefix);
  }
  const out: ResourceSample = {
    arns: all.slice(0, limit),
    overflow: all.length > limit || samples.some((s) => s.overflow),
  };
  if (prefix !== undefined) out.prefix = prefix;
  return out;
}
