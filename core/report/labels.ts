/**
 * The words every renderer uses for the report's codes: access levels, denial causes,
 * not-observable reasons, counts, and what changed for a role since the previous report.
 */
import { ACCESS_LEVELS } from '../analyze/access-level.ts';
import type { AccessLevel, DenialCause, NotObservableReason } from '../model.ts';
import { revisionPhrases } from './revision-phrases.ts';
import type { RoleDrift } from './schema.ts';

export const LEVEL_SHORT: Record<AccessLevel, string> = {
  'Permissions management': 'permissions-mgmt',
  Write: 'write',
  Tagging: 'tagging',
  Read: 'read',
  List: 'list',
};

export const CAUSE_LABEL: Record<DenialCause, string> = {
  'no-identity-policy': 'no identity-based policy allows it',
  'explicit-deny-identity': 'explicit deny in an identity-based policy',
  scp: 'explicit deny in a service control policy',
  rcp: 'explicit deny in a resource control policy',
  'permissions-boundary': 'the permissions boundary',
  'session-policy': 'a session policy',
  'resource-policy': 'a resource-based policy',
  'vpc-endpoint-policy': 'a VPC endpoint policy',
  unknown: 'cause not stated in the message',
};

/** How a denial's cause reads: the label, and whether it was inferred from the grants rather than stated. */
export function causeLabel(d: { cause: DenialCause; inferred?: true }): string {
  return d.inferred ? `${CAUSE_LABEL[d.cause]} (inferred from the grants)` : CAUSE_LABEL[d.cause];
}

export const REASON_LABEL: Record<NotObservableReason, string> = {
  'permission-only': 'permission-only, or an API newer than the mapping data (no API call it knows carries it)',
  'not-logged': 'not logged by CloudTrail',
  'no-data-events': 'data events absent from the input',
  'incomplete-input': 'CloudTrail input incomplete',
  'no-operation-data': 'no known API call of its service',
  'global-service': 'global service, no us-east-1 CloudTrail in the input',
  'unmapped-calls': 'calls of its service not mapped to an action',
  'possible-use': 'possibly needed by calls it made (CloudTrail cannot show whether)',
  'role-recreated': 'role deleted and recreated',
  'ecs-execution-minimum': 'ECS needs it for every task (image pull, logs)',
};

/** "3 permissions-mgmt, 120 write, 40 read", riskiest level first. */
export function levelCounts(byLevel: Partial<Record<AccessLevel, number>>): string {
  return ACCESS_LEVELS.filter((l) => byLevel[l])
    .map((l) => `${byLevel[l]} ${LEVEL_SHORT[l]}`)
    .join(', ');
}

/** "1 role", "1,204 roles". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/**
 * What changed for one role, as phrases; `item` formats one action or name (plain text,
 * a code span), `limit` how many are listed before "(+N)".
 */
export function driftPhrases(d: RoleDrift, item: (text: string) => string, limit: number): string[] {
  const list = (xs: string[]) => `${xs.slice(0, limit).map(item).join(', ')}${xs.length > limit ? ` (+${xs.length - limit})` : ''}`;
  const parts: string[] = [];
  if (d.newRole) parts.push('newly tracked');
  if (d.newWildcardGrants.length) parts.push(`new wildcard grants ${list(d.newWildcardGrants)}`);
  if (d.newlyGranted.length) parts.push(`+${d.newlyGranted.length} granted: ${list(d.newlyGranted.map((n) => n.action))}`);
  if (d.noLongerGranted.length) parts.push(`-${d.noLongerGranted.length} no longer granted`);
  if (d.becameUsed.length) parts.push(`newly used: ${list(d.becameUsed)}`);
  if (d.becameUnused.length) parts.push(`no longer used: ${list(d.becameUnused)}`);
  if (d.newDenials.length) parts.push(`new denials: ${list(d.newDenials.map((x) => `${x.action} (${x.cause})`))}`);
  for (const r of d.revisions ?? []) parts.push(...revisionPhrases(r, item));
  return parts;
}

/** How a note beside a suggested statement says where the statement came from. */
export function noteVerb(n: { carriedDeny?: true }): string {
  return n.carriedDeny ? 'carries the Deny of' : 'narrowed from';
}

/**
 * What follows the first resource listed for an action: "(+3 more)" for the rest of a full
 * sample, "(+ over 19 more)" when the sample was cut (there were more than it kept).
 */
export function moreResources(listed: number, truncated: boolean | undefined): string {
  const others = listed - 1;
  const count = others.toLocaleString('en-US');
  if (truncated) return ` (+ ${others > 0 ? `over ${count} ` : ''}more)`;
  return others > 0 ? ` (+${count} more)` : '';
}

/**
 * What a data-plane "unused" rests on, said wherever the input holds data events: selectors
 * are not in the input, and advanced selectors can filter by event name or key prefix.
 */
export const DATA_EVENT_ASSUMPTION =
  'A data-plane action is judged from data events of the same bucket, table or function and kind: that assumes the trail does not select data events by event name or key prefix.';

/** Does the input hold data events (so the data-event assumption applies)? */
export function holdsDataEvents(report: { input: { dataEventServices?: readonly string[] } }): boolean {
  return (report.input.dataEventServices ?? []).length > 0;
}
