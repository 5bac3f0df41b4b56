/**
 * Narrowing a used action's resources to what was observed, inside one granting
 * statement: the observed ARNs, each generalised at its first volatile segment
 * (`volatile-segments.ts`), listed when few, else their common prefix as a pattern.
 * Every pattern offered is proven inside the statement's own `Resource` (or outside its
 * `NotResource`): never broader than today's grant. When a generalised pattern is not
 * inside the grant the exact ARN is offered instead; when nothing fits, nothing is.
 */
import type { GrantSource } from '../model.ts';
import type { ResourceSample } from '../usage/sorted-set.ts';
import { commonPrefix } from '../usage/sorted-set.ts';
import { patternAllowed, patternCovers, resourceAllowed } from './resource-pattern.ts';
import { generaliseArn } from './volatile-segments.ts';

/** IAM limits an ARN to 2,048 characters: a longer one cannot be written into a policy. */
export const MAX_ARN_LENGTH = 2048;

/** Each observed ARN as the statement allows it: generalised if that fits the grant, else exact; undefined if one fits neither. */
function perArn(arns: readonly string[], src: GrantSource): string[] | undefined {
  const out: string[] = [];
  for (const arn of arns) {
    const general = generaliseArn(arn);
    if (general !== undefined && patternAllowed(general, src.resources, src.notResources)) out.push(general);
    else if (resourceAllowed(arn, src.resources, src.notResources)) out.push(arn);
    else return undefined;
  }
  return withoutCovered(out);
}

/** Distinct patterns, dropping any that another one covers (`b/orders/x.json` beside `b/orders/*`). */
function withoutCovered(patterns: string[]): string[] {
  const distinct = [...new Set(patterns)].sort();
  return distinct.filter((p) => !distinct.some((q) => q !== p && patternCovers(q, p)));
}

/** Does the pattern say nothing past the ARN's fixed head (`arn:aws:s3:::*`)? */
function isOnlyHead(prefix: string): boolean {
  return prefix.split(':').slice(5).join(':').length === 0;
}

/**
 * Observed resources (or a pattern covering them) that the source statement provably
 * allows; undefined when none fits. `maxListed`: past this many, one common-prefix pattern.
 */
export function narrowResources(observed: ResourceSample, src: GrantSource, maxListed: number): string[] | undefined {
  if (observed.arns.length === 0 || observed.arns.some((a) => a.length > MAX_ARN_LENGTH)) return undefined;
  const complete = !observed.overflow;
  const listed = perArn(observed.arns, src);
  if (complete && listed && listed.length <= maxListed) return listed;
  // The common prefix of everything seen (the sample may be partial), cut back to where
  // the first sampled ARN turned volatile: a pattern that still covers every ARN seen.
  const cuts = observed.arns.map((a) => generaliseArn(a)?.slice(0, -1) ?? a);
  const prefix = cuts.reduce(commonPrefix, observed.prefix ?? cuts[0]!);
  const exact = () => (complete && observed.arns.every((a) => resourceAllowed(a, src.resources, src.notResources)) ? [...observed.arns] : undefined);
  if (isOnlyHead(prefix)) return exact();
  const pattern = `${prefix}*`;
  return patternAllowed(pattern, src.resources, src.notResources) ? [pattern] : exact();
}
