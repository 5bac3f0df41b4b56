/**
 * IAM resource patterns (`*` and `?` wildcards, `${...}` policy variables): does a pattern
 * match an ARN, and does one pattern cover everything another matches. The suggestion
 * uses coverage to prove it is never broader than today's grant. The matching itself is
 * in `core/arn-pattern-match.ts` (linear in the ARN, no recursion); IAM compares ARNs with
 * their case.
 */
import { matchesText, patternCovers as covers, patternsIntersect } from '../arn-pattern-match.ts';
import { iamResourcePattern, type ArnPattern } from '../arn-pattern.ts';

// Policies repeat the same few patterns for every action and ARN they are checked
// against: compile each once. Bounded, and emptied when full, like the fold's memos.
const COMPILED_LIMIT = 4096;
const compiled = new Map<string, ArnPattern>();

function compiledPattern(text: string): ArnPattern {
  let p = compiled.get(text);
  if (!p) {
    if (compiled.size >= COMPILED_LIMIT) compiled.clear();
    p = iamResourcePattern(text);
    compiled.set(text, p);
  }
  return p;
}

/** Does IAM resource pattern `pattern` match the concrete `arn`? (ARN matching is case-sensitive.) */
export function patternMatches(pattern: string, arn: string): boolean {
  return matchesText(compiledPattern(pattern), arn);
}

/**
 * Does every string matched by `inner` also match `outer`? A wildcard in `inner` can only
 * be absorbed by a `*` in `outer`.
 */
export function patternCovers(outer: string, inner: string): boolean {
  return covers(compiledPattern(outer), compiledPattern(inner));
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
  const q = compiledPattern(inner);
  return (resources ?? []).some((p) => covers(compiledPattern(p), q));
}

/**
 * Could a statement with these Resource / NotResource lists allow a request on `resource`?
 * The resource may itself be a pattern (a secret named without its suffix is recorded as
 * `secret:name-??????`): then it stands for one of the ARNs it matches, and any of them
 * allowed is enough.
 */
export function resourceMayBeAllowed(resource: string, resources?: string[], notResources?: string[]): boolean {
  const r = compiledPattern(resource);
  if (notResources) return !notResources.some((n) => covers(compiledPattern(n), r));
  return (resources ?? []).some((p) => patternsIntersect(compiledPattern(p), r));
}
