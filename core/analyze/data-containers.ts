/**
 * The container rule for data-plane actions: a trail can select data events for some
 * buckets (tables, functions, queues, topics, streams) only, and the input never shows
 * which (selectors are not read), so data events of `bucket-a` prove nothing about
 * `bucket-b`. A data-plane action is unused only when every container its grant reaches
 * is one the input holds data events of each kind its calls produce for
 * (core/catalog/data-kinds.ts). A grant that reaches containers the input cannot list
 * (a wildcard or variable in the container part: `arn:aws:s3:::*`, `arn:aws:s3:::acme-*`,
 * `Resource: "*"`; an access point; a `NotResource`; any resource shape
 * core/trail/data-container.ts does not place, which is every resource of a service whose
 * containers are not kept) makes it not observable, whatever the service's other data
 * events show.
 */
import type { DataKindsOfAction } from '../catalog/data-kinds.ts';
import { kindWhy, isDataPlaneAction } from '../catalog/observability.ts';
import { serviceOf } from '../catalog/service-of.ts';
import type { GrantedAction } from '../model.ts';
import { containerOfPattern } from '../trail/data-container.ts';
import type { UsageAggregate } from '../usage/model.ts';
import { hasName } from '../usage/name-set.ts';
import type { RoleBlock } from './classify.ts';

/** What a service calls its containers, for the detail. */
const CONTAINER_NOUN: Readonly<Record<string, string>> = {
  s3: 'bucket',
  dynamodb: 'table',
  lambda: 'function',
  sqs: 'queue',
  sns: 'topic',
  kinesis: 'stream',
  firehose: 'delivery stream',
};

/** How many containers a detail names before "…". */
const NAMES_LISTED = 5;

/** What a grant reaches of a service's containers: named ones only, or some the input cannot list (with the pattern that does). */
export type GrantReach = { kind: 'named'; keys: string[] } | { kind: 'open'; pattern: string };

/** The containers a grant reaches for an action of `service`: the keys it names, or the first pattern that reaches any number of them. */
export function grantReach(service: string, g: GrantedAction): GrantReach {
  const keys = new Set<string>();
  for (const source of g.grantedBy) {
    if (source.notResources) return { kind: 'open', pattern: `NotResource ${source.notResources.join(', ')}` };
    if (!source.resources) return { kind: 'open', pattern: '*' };
    for (const pattern of source.resources) {
      const c = containerOfPattern(service, pattern);
      if (c.kind === 'open') return { kind: 'open', pattern };
      if (c.kind === 'named') keys.add(c.key);
    }
  }
  return { kind: 'named', keys: [...keys].sort() };
}

/**
 * Per-run rule: the block (if any) the container rule puts on a granted action otherwise
 * unused. Memoised per granted-action object, which roles with the same policies share.
 */
export class DataContainerRule {
  private readonly memo = new Map<GrantedAction, RoleBlock | null>();
  constructor(
    private readonly seen: UsageAggregate['dataContainers'],
    private readonly kindsOf: (action: string) => DataKindsOfAction,
  ) {}

  /** Why `g` (unused by the input's rule) is not observable by its containers, or undefined. */
  blockOf(g: GrantedAction): RoleBlock | undefined {
    let b = this.memo.get(g);
    if (b === undefined) {
      b = this.judge(g) ?? null;
      this.memo.set(g, b);
    }
    return b ?? undefined;
  }

  private judge(g: GrantedAction): RoleBlock | undefined {
    if (!isDataPlaneAction(g.action)) return undefined;
    const service = serviceOf(g.action);
    const reach = grantReach(service, g);
    const noun = CONTAINER_NOUN[service];
    if (reach.kind === 'open') {
      const beyond = noun ? `${noun}s beyond those whose data events the input holds` : `${service} resources, and the input does not say which of them its data events cover`;
      return { reason: 'no-data-events', detail: `data event; its grant reaches ${beyond} (${reach.pattern})` };
    }
    if (!noun || !reach.keys.length) return undefined;
    const kinds = this.kindsOf(g.action);
    for (const kind of ['read', 'write'] as const) {
      if (kinds.kinds !== 'both' && kinds.kinds !== kind) continue;
      const block = this.missingOf(service, noun, kind, reach.keys);
      if (block) return { ...block, detail: block.detail + kindWhy(kinds, kind) };
    }
    return undefined;
  }

  /** The block for the containers of `keys` without data events of `kind`, or undefined when every one has them. */
  private missingOf(service: string, noun: string, kind: 'read' | 'write', keys: readonly string[]): RoleBlock | undefined {
    const set = kind === 'read' ? this.seen?.[service]?.readOnly : this.seen?.[service]?.write;
    const missing = keys.filter((c) => hasName(set, c) !== 'yes');
    if (!missing.length) return undefined;
    const shown = missing.slice(0, NAMES_LISTED).join(', ') + (missing.length > NAMES_LISTED ? ', …' : '');
    const beyond = set?.overflow ? `; more ${noun}s had data events than the aggregate keeps, so some of these may have had them` : '';
    return {
      reason: 'no-data-events',
      detail: `data event; the input holds no ${kind} data events of ${service} for the ${noun}${missing.length > 1 ? 's' : ''} its grant names: ${shown} (data events selected for other ${noun}s only?)${beyond}`,
    };
  }
}
