/**
 * The container rule for data-plane actions: a trail can select data events for some
 * buckets (tables, functions, queues, topics, streams) only, so data events of `bucket-a`
 * prove nothing about `bucket-b`. A data-plane action whose grant names its containers
 * (every granting statement's `Resource` names buckets or tables without a wildcard in the
 * container part) is unused only when the input holds data events of its kind for every
 * one of them; otherwise it is not observable, and the detail names the containers without
 * data events. A grant with a wildcard in the container part (`arn:aws:s3:::*`,
 * `arn:aws:s3:::acme-*`, `Resource: "*"`), a `NotResource`, or a resource shape not placed
 * by core/trail/data-container.ts keeps the service-and-kind rule of classify.ts.
 */
import { isDataPlaneAction } from '../catalog/observability.ts';
import { serviceOf } from '../catalog/service-of.ts';
import type { GrantedAction } from '../model.ts';
import { CONTAINER_SERVICES, containerOfPattern } from '../trail/data-container.ts';
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

/** The containers a grant names for an action of `service`, or undefined when some statement reaches any number of them. */
export function grantedContainers(service: string, g: GrantedAction): string[] | undefined {
  const keys = new Set<string>();
  for (const source of g.grantedBy) {
    if (source.notResources || !source.resources) return undefined;
    for (const pattern of source.resources) {
      const c = containerOfPattern(service, pattern);
      if (c.kind === 'open') return undefined;
      if (c.kind === 'named') keys.add(c.key);
    }
  }
  return keys.size ? [...keys].sort() : undefined;
}

/**
 * Per-run rule: the block (if any) the container rule puts on a granted action otherwise
 * unused. Memoised per granted-action object, which roles with the same policies share.
 */
export class DataContainerRule {
  private readonly memo = new Map<GrantedAction, RoleBlock | null>();
  constructor(private readonly seen: UsageAggregate['dataContainers']) {}

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
    const service = serviceOf(g.action);
    if (!CONTAINER_SERVICES.has(service) || !isDataPlaneAction(g.action)) return undefined;
    const containers = grantedContainers(service, g);
    if (!containers) return undefined;
    const isRead = g.accessLevel === 'Read' || g.accessLevel === 'List';
    const set = isRead ? this.seen?.[service]?.readOnly : this.seen?.[service]?.write;
    const missing = containers.filter((c) => hasName(set, c) !== 'yes');
    if (!missing.length) return undefined;
    const kind = isRead ? 'read' : 'write';
    const noun = CONTAINER_NOUN[service]!;
    const shown = missing.slice(0, NAMES_LISTED).join(', ') + (missing.length > NAMES_LISTED ? ', …' : '');
    const beyond = set?.overflow ? `; more ${noun}s had data events than the aggregate keeps, so some of these may have had them` : '';
    return {
      reason: 'no-data-events',
      detail: `data event; the input holds no ${kind} data events of ${service} for the ${noun}${missing.length > 1 ? 's' : ''} its grant names: ${shown} (data events selected for other ${noun}s only?)${beyond}`,
    };
  }
}
