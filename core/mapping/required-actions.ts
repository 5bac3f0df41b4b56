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
import type { ActionRule, EventActions, RequestTest, RequiredAction, RuleOrigin } from './types.ts';

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

/** A rule with its action resolved against the catalog once. */
export interface ResolvedRule {
  /** Catalog spelling when known, else as written. */
  name: string;
  known: boolean;
  when?: RequestTest;
  resource?: string;
  possible: boolean;
}

/**
 * Everything about an (eventSource, eventName) pair that does not depend on the request:
 * what the fold remembers per pair (see `foldCaches`), so that a record costs one lookup
 * and, for the few request-dependent operations, one evaluation of the request.
 */
export interface EventPlan {
  /** The IAM service prefix of the eventSource. */
  readonly service: string;
  /** `<prefix>:<eventName without version suffix>`. */
  readonly operation: string;
  /** The answer itself, frozen, when no rule reads the request. */
  readonly fixed?: EventActions;
  /**
   * Catalog names of every action a call of this operation may be credited with as needed
   * (not the "possible" ones): what decides whether the call reads or writes when the
   * record does not say (`readOnly` absent).
   */
  readonly needs: readonly string[];
  /** @internal */
  readonly origin: RuleOrigin;
  /** @internal */
  readonly rules: readonly ResolvedRule[];
  /** @internal */
  readonly tried: readonly string[];
  /**
   * @internal Frozen answers by which rules the request passed (a bit per rule), for plans
   * whose rules name no request resource: such an answer depends on nothing else. It lives
   * as long as the plan (the fold's `foldCaches` hold plans), and saves every S3 GetObject
   * building its answer anew.
   */
  readonly byOutcome?: Map<number, EventActions>;
}

function resolve(catalog: Catalog, rule: ActionRule): ResolvedRule {
  const r = typeof rule === 'string' ? { action: rule } : rule;
  const hit = catalog.lookup(r.action);
  return {
    name: hit?.action ?? r.action,
    known: hit !== undefined,
    ...(r.when ? { when: r.when } : {}),
    ...(r.resource ? { resource: r.resource } : {}),
    possible: r.possible === true,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The plan of an (eventSource, eventName) pair: the rules resolved against the catalog
 * once. Resolving is most of a lookup's cost, so callers that meet the same pairs millions
 * of times keep plans (the fold does, in its `foldCaches`); nothing is remembered here.
 */
export function eventPlan(catalog: Catalog, eventSource: string, eventName: string, service = serviceOfEventSource(eventSource)): EventPlan {
  const operation = `${service}:${operationName(service, eventName)}`;
  if (NO_PERMISSION.has(operation.toLowerCase())) {
    const action = catalog.lookup(operation)?.action;
    const fixed: EventActions = action ? { kind: 'no-permission', operation, action } : { kind: 'no-permission', operation };
    return { service, operation, origin: 'dataset', rules: [], tried: [], needs: action ? [action] : [], fixed: deepFreeze(fixed) };
  }
  const { rules, origin } = rulesFor(operation);
  const resolved = rules.map((r) => resolve(catalog, r));
  const tried = [...new Set(resolved.map((r) => r.name))];
  const needs = [...new Set(resolved.filter((r) => r.known && !r.possible).map((r) => r.name))];
  const plan: EventPlan = { service, operation, origin, rules: resolved, tried, needs };
  if (resolved.every((r) => !r.when && !r.resource)) return { ...plan, fixed: deepFreeze(evaluate(plan, undefined)) };
  if (resolved.length <= 30 && resolved.every((r) => !r.resource)) return { ...plan, byOutcome: new Map() };
  return plan;
}

/** Add one credited action, merging resources when a second rule credits the same action. */
function credit(into: RequiredAction[], action: string, origin: RuleOrigin, resource: string | undefined, params: unknown): void {
  let entry = into.find((e) => e.action === action);
  if (!entry) into.push((entry = { action, origin }));
  if (!resource) return;
  for (const found of valuesAt(params, resource)) {
    if (typeof found.value !== 'string') continue;
    const names = (entry.resourceNames ??= []);
    const parts = (entry.parts ??= []);
    if (!names.includes(found.value)) names.push(found.value);
    if (!parts.includes(found.path)) parts.push(found.path);
  }
}

const NONE: readonly RequiredAction[] = Object.freeze([]);

// Arrays, not maps: an operation has a handful of rules, and this runs for every call of a
// request-dependent operation (every S3 GetObject); maps per call were measurable in the fold.
function evaluate(plan: EventPlan, params: unknown): EventActions {
  const { operation, origin } = plan;
  const certain: RequiredAction[] = [];
  let possible: RequiredAction[] | undefined;
  for (const rule of plan.rules) {
    if (rule.when && !passes(rule.when, params)) continue;
    if (!rule.known) return { kind: 'unmapped', operation, reason: 'unknown-action', tried: [...plan.tried] };
    credit(rule.possible ? (possible ??= []) : certain, rule.name, origin, rule.resource, params);
  }
  if (certain.length === 0) return { kind: 'unmapped', operation, reason: 'request-needed', tried: [...plan.tried] };
  const maybe = possible?.filter((p) => !certain.some((c) => c.action === p.action));
  return { kind: 'mapped', operation, actions: certain, possible: maybe?.length ? maybe : (NONE as RequiredAction[]) };
}

/**
 * The IAM actions a CloudTrail event's call needed, in the catalog's spelling.
 * `requestParameters` decides the request-dependent ones (an S3 `versionId`, DynamoDB
 * transaction items, a copy source); without it, a test for a field's presence fails and
 * a test for its absence holds. Answers that do not depend on the request are frozen: read
 * them, do not change them. This resolves the rules on every call: a caller that looks up
 * many records keeps `eventPlan`s and asks `answerOf`.
 */
export function requiredActions(
  catalog: Catalog,
  eventSource: string,
  eventName: string,
  requestParameters?: Record<string, unknown> | null,
): EventActions {
  return answerOf(eventPlan(catalog, eventSource, eventName), requestParameters);
}

/** `requiredActions` from a plan made (and kept) earlier: the fixed answer, or the request's. */
export function answerOf(plan: EventPlan, requestParameters?: Record<string, unknown> | null): EventActions {
  if (plan.fixed) return plan.fixed;
  const params = requestParameters ?? undefined;
  if (!plan.byOutcome) return evaluate(plan, params);
  let outcome = 0;
  for (let i = 0; i < plan.rules.length; i++) {
    const when = plan.rules[i]!.when;
    if (!when || passes(when, params)) outcome |= 1 << i;
  }
  let answer = plan.byOutcome.get(outcome);
  if (!answer) plan.byOutcome.set(outcome, (answer = deepFreeze(evaluate(plan, params))));
  return answer;
}
