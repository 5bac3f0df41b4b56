/**
 * IAM resource patterns (`*` and `?` wildcards, `${...}` policy variables): does a pattern
 * match an ARN, and does one pattern cover everything another matches. The suggestion
 * uses coverage to prove it is never broader than today's grant.
 */

/** Policy variables (`${aws:username}`) are resolved per request; treat them as `*`. */
function normalise(pattern: string): string {
  return pattern.replace(/\$\{[^}]*\}/g, '*');
}

/** Does IAM resource pattern `pattern` match the concrete `arn`? (ARN matching is case-sensitive.) */
export function patternMatches(pattern: string, arn: string): boolean {
  return patternCovers(pattern, arn.replace(/[*?]/g, (c) => (c === '*' ? '\u0001' : '\u0002')));
}

/**
 * Does every string matched by `inner` also match `outer`? A wildcard in `inner` can only
 * be absorbed by a `*` in `outer`.
 */
export function patternCovers(outer: string, inner: string): boolean {
  const p = normalise(outer);
  const q = normalise(inner);
  const memo = new Map<number, boolean>();
  const width = q.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let result: boolean;
    if (i === p.length) {
      result = j === q.length;
    } else if (p[i] === '*') {
      result = go(i + 1, j) || (j < q.length && go(i, j + 1));
    } else if (j === q.length || q[j] === '*') {
      result = false;
    } else if (p[i] === '?') {
      result = go(i + 1, j + 1);
    } else {
      result = q[j] !== '?' && p[i] === q[j] && go(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Is `arn` allowed by a statement with these Resource / NotResource lists? */
export function resourceAllowed(arn: string, resources?: string[], notResources?: string[]): boolean {
  if (notResources) return !notResources.some((p) => patternMatches(p, arn));
  return (resources ?? []).some((p) => patternMatches(p, arn));
}

/** Is the pattern `inner` allowed in full by these Resource / NotResource lists? */
export function patternAllowed(inner: string, resources?: string[], notResources?: string[]): boolean {
  // With NotResource we cannot prove a wildcard avoids every excluded resource; only concrete ARNs pass.
  if (notResources) return !/[*?]/.test(inner) && resourceAllowed(inner, undefined, notResources);
  return (resources ?? []).some((p) => patternCovers(p, inner));
}
