/**
 * CloudTrail event → the IAM actions the call needed. The rule, in order: a hand exception
 * (cited in exceptions.ts), else the generated table (iann0036/iam-dataset, MIT), else the
 * default `<prefix>:<eventName>`. Every action is checked against the catalog and returned
 * in its spelling; an event whose actions the catalog does not know is "unmapped" with what
 * was tried, never guessed.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { serviceOfEventSource } from './event-source.ts';
import { EVENT_TABLE } from './event-table.data.ts';
import { HAND_OPERATIONS, operationName } from './exceptions.ts';
import { passes, valuesAt } from './request-paths.ts';
import type { ActionRule, EventActions, RequiredAction, RuleOrigin } from './types.ts';

interface Rules {
  rules: readonly ActionRule[];
  origin: RuleOrigin;
}

/** Case-insensitive index of a prefix → name → value table, built once. */
function indexed<T>(table: Readonly<Record<string, Readonly<Record<string, T>>>>): Map<string, T> {
  const out = new Map<string, T>();
  for (const [service, names] of Object.entries(table)) {
    for (const [name, value] of Object.entries(names)) out.set(`${service}:${name}`.toLowerCase(), value);
  }
  return out;
}

const HAND = indexed(HAND_OPERATIONS);
const DATASET = indexed(EVENT_TABLE.operations);
const NO_PERMISSION = new Set(
  Object.entries(EVENT_TABLE.noPermission).flatMap(([service, names]) => names.map((n) => `${service}:${n}`.toLowerCase())),
);

function rulesFor(operation: string): Rules {
  const key = operation.toLowerCase();
  const hand = HAND.get(key);
  if (hand) return { rules: hand, origin: 'hand' };
  const data = DATASET.get(key);
  if (data) return { rules: data, origin: 'dataset' };
  return { rules: [operation], origin: 'default' };
}

/** A rule's action, request test, resource path and certainty, whichever form it was written in. */
function fieldsOf(rule: ActionRule) {
  return typeof rule === 'string' ? { action: rule } : rule;
}

/** Add one credited action, merging resources when a second rule credits the same action. */
function credit(into: Map<string, RequiredAction>, action: string, origin: RuleOrigin, resource: string | undefined, params: unknown): void {
  let entry = into.get(action);
  if (!entry) into.set(action, (entry = { action, origin }));
  if (!resource) return;
  for (const found of valuesAt(params, resource)) {
    if (typeof found.value !== 'string') continue;
    const names = (entry.resourceNames ??= []);
    const parts = (entry.parts ??= []);
    if (!names.includes(found.value)) names.push(found.value);
    if (!parts.includes(found.path)) parts.push(found.path);
  }
}

/**
 * The IAM actions a CloudTrail event's call needed, in the catalog's spelling.
 * `requestParameters` decides the request-dependent ones (an S3 `versionId`, DynamoDB
 * transaction items, a copy source); without it, a test for a field's presence fails and
 * a test for its absence holds.
 */
export function requiredActions(
  catalog: Catalog,
  eventSource: string,
  eventName: string,
  requestParameters?: Record<string, unknown> | null,
): EventActions {
  const service = serviceOfEventSource(eventSource);
  const operation = `${service}:${operationName(service, eventName)}`;
  if (NO_PERMISSION.has(operation.toLowerCase())) {
    const action = catalog.lookup(operation)?.action;
    return action ? { kind: 'no-permission', operation, action } : { kind: 'no-permission', operation };
  }
  const { rules, origin } = rulesFor(operation);
  const params = requestParameters ?? undefined;
  const certain = new Map<string, RequiredAction>();
  const possible = new Map<string, RequiredAction>();
  const tried: string[] = [];
  for (const rule of rules) {
    const { action, when, resource, possible: maybe } = fieldsOf(rule);
    const known = catalog.lookup(action);
    const name = known?.action ?? action;
    if (!tried.includes(name)) tried.push(name);
    if (when && !passes(when, params)) continue;
    if (!known) return { kind: 'unmapped', operation, reason: 'unknown-action', tried: triedNames(catalog, rules) };
    credit(maybe ? possible : certain, name, origin, resource, params);
  }
  if (certain.size === 0) return { kind: 'unmapped', operation, reason: 'request-needed', tried };
  for (const name of certain.keys()) possible.delete(name);
  return { kind: 'mapped', operation, actions: [...certain.values()], possible: [...possible.values()] };
}

/** Every action the operation's rules name, in catalog spelling where the catalog has it. */
function triedNames(catalog: Catalog, rules: readonly ActionRule[]): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    const { action } = fieldsOf(rule);
    const name = catalog.lookup(action)?.action ?? action;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
