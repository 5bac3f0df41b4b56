/**
 * What a statement's `Resource` / `NotResource` can reach. A statement grants an action
 * only on resources it can match: `s3:*` on `arn:aws:s3:::media-store` does not grant
 * `s3:ListAllMyBuckets` (it takes no resource) or `s3:CreateJob`, and `dynamodb:*` on one
 * table does not grant `dynamodb:ListTables`. The action's resource types come from the
 * catalog's ARN templates; a statement pattern and a template are both patterns, so the
 * question is whether they can match a common ARN (`core/arn-pattern-match.ts`).
 *
 * Where IAM's behaviour is not certain the answers lean to "granted", which can only add
 * to the unused list, never take a permission out of a suggestion:
 * - an Allow reaches an action that takes no resource when a pattern is `*`, or names
 *   the action's service with nothing but `*` after the account (AWS's own examples grant
 *   `s3:ListAllMyBuckets` on `arn:aws:s3:::*`);
 * - a `NotResource` or a Deny takes an action away only when it provably covers every
 *   resource the action can have (or `*`, for an action that takes none);
 * - literals of the catalog's templates compare without case;
 * - a template's placeholders (other than partition, region and account) may hold any
 *   character, `/` and `:` included (object keys, paths, qualified names).
 * One reading leans the other way, because real ARNs demand it: a wildcard in a
 * statement's partition, service, region or account field stands for that field only
 * (`iamResourcePatternByField`), or `arn:aws:ec2:*:*:snapshot/*` would reach every EC2
 * resource type through ids no resource has.
 */
import { matchesText, patternCovers, patternsIntersect } from '../arn-pattern-match.ts';
import { arnTemplatePattern, iamResourcePattern, iamResourcePatternByField, matchesEverything, type ArnPattern } from '../arn-pattern.ts';
import type { CatalogAction } from '../catalog/catalog.ts';

/** A statement's resource element: exactly one of the two lists is set. */
export interface ResourceScope {
  resources?: readonly string[];
  notResources?: readonly string[];
}

/**
 * Answers per run, memoised: a `*` grant is 22,000 actions, and the same statements,
 * patterns and templates recur across actions and roles. `partition` is the role's: its
 * credentials reach nothing in another partition.
 */
export class ReachCache {
  private readonly iam = new Map<string, ArnPattern>();
  private readonly iamFolded = new Map<string, ArnPattern>();
  private readonly templates = new Map<string, ArnPattern>();
  private readonly pairs = new Map<string, boolean>();
  private readonly byScope = new Map<string, Map<CatalogAction, boolean>>();

  /** Can an Allow statement with this scope grant `action` on some resource? */
  allows(scope: ResourceScope, action: CatalogAction, partition: string): boolean {
    return this.memo('A', scope, action, partition, () =>
      scope.notResources
        ? !scope.notResources.some((n) => this.excludesAll(n, action, partition))
        : (scope.resources ?? []).some((p) => this.patternReaches(p, action, partition)),
    );
  }

  /** Does an unconditional Deny with this scope refuse `action` on every resource it can have? */
  deniesEverywhere(scope: ResourceScope, action: CatalogAction, partition: string): boolean {
    // A Deny with NotResource spares the listed resources: never everywhere, for all we can prove.
    if (scope.notResources) return false;
    return this.memo('D', scope, action, partition, () => (scope.resources ?? []).some((p) => this.excludesAll(p, action, partition)));
  }

  private memo(kind: string, scope: ResourceScope, action: CatalogAction, partition: string, compute: () => boolean): boolean {
    const key = `${kind}\u0001${partition}\u0001${scope.notResources ? 'N' : 'R'}\u0001${(scope.notResources ?? scope.resources ?? []).join('\u0000')}`;
    let table = this.byScope.get(key);
    if (!table) {
      table = new Map();
      this.byScope.set(key, table);
    }
    let hit = table.get(action);
    if (hit === undefined) {
      hit = compute();
      table.set(action, hit);
    }
    return hit;
  }

  /** Can resource pattern `p` match some resource of `action` (or `*`, for an action that takes none)? */
  private patternReaches(p: string, action: CatalogAction, partition: string): boolean {
    const pattern = this.iamPattern(p, true);
    if (matchesEverything(pattern)) return true;
    if (action.wildcardOnly || action.resourceArnPatterns.length === 0) return matchesText(pattern, '*') || namesWholeService(p, action.service);
    return action.resourceArnPatterns.some((t) => this.pair('I', p, t.template, partition, () => patternsIntersect(pattern, this.template(t.template, partition))));
  }

  /** Does pattern `p` match every resource `action` can have (`*`, for an action that takes none)? */
  private excludesAll(p: string, action: CatalogAction, partition: string): boolean {
    const pattern = this.iamPattern(p, false);
    if (matchesEverything(pattern)) return true;
    if (action.wildcardOnly || action.resourceArnPatterns.length === 0) return matchesText(pattern, '*');
    return action.resourceArnPatterns.every((t) => this.pair('C', p, t.template, partition, () => patternCovers(pattern, this.template(t.template, partition))));
  }

  private pair(kind: string, p: string, template: string, partition: string, compute: () => boolean): boolean {
    const key = `${kind}\u0001${partition}\u0001${template}\u0001${p}`;
    let hit = this.pairs.get(key);
    if (hit === undefined) {
      hit = compute();
      this.pairs.set(key, hit);
    }
    return hit;
  }

  private iamPattern(p: string, ignoreCase: boolean): ArnPattern {
    const table = ignoreCase ? this.iamFolded : this.iam;
    let hit = table.get(p);
    if (!hit) {
      hit = iamResourcePatternByField(p, ignoreCase);
      table.set(p, hit);
    }
    return hit;
  }

  private template(template: string, partition: string): ArnPattern {
    const key = `${partition}\u0001${template}`;
    let hit = this.templates.get(key);
    if (!hit) {
      hit = arnTemplatePattern(template, partition);
      this.templates.set(key, hit);
    }
    return hit;
  }
}

/**
 * Is `p` an ARN pattern for the whole of one service: `arn:<partition>:<service>:<region>:<account>:`
 * followed by nothing but `*`, with a service field that can be `service`?
 */
export function namesWholeService(p: string, service: string): boolean {
  const fields = p.split(':');
  if (fields.length < 6 || fields[0] !== 'arn') return false;
  const rest = fields.slice(5).join(':');
  if (rest.length === 0 || !/^\*+$/.test(rest)) return false;
  return matchesText(iamResourcePattern(fields[2]!, true), service);
}

/** The partition of a role ARN (`aws`, `aws-cn`, `aws-us-gov`, …); `aws` when it cannot be read. */
export function partitionOf(roleArn: string): string {
  const fields = roleArn.split(':');
  return fields[0] === 'arn' && fields[1] ? fields[1] : 'aws';
}
