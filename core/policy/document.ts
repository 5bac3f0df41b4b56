/**
 * Policy JSON → one normalised shape. IAM accepts many spellings of the same thing
 * (`Statement` object or array, `Action` string or array, documents URL-encoded by the
 * raw API); this is the only place that knows them. Invalid input is reported, never
 * thrown: a document that cannot be read makes that role's grants "unknown", and every
 * other role carries on.
 */
import type { PolicyDocument, Statement } from '../model.ts';

export type ParsedPolicy =
  | { ok: true; document: PolicyDocument; warnings: string[] }
  | { ok: false; error: string };

/** Decode a policy document given as an object, JSON text, or URL-encoded JSON text. */
export function parsePolicyDocument(input: unknown): ParsedPolicy {
  let value: unknown = input;
  if (typeof value === 'string') {
    const text = value.trim();
    const decoded = text.startsWith('%7B') || text.startsWith('%7b') ? safeDecode(text) : text;
    if (decoded === undefined) return { ok: false, error: 'policy document is not valid URL-encoding' };
    try {
      value = JSON.parse(decoded);
    } catch {
      return { ok: false, error: 'policy document is not valid JSON' };
    }
  }
  if (!isObject(value)) return { ok: false, error: 'policy document is not a JSON object' };
  const rawStatements = value.Statement;
  if (rawStatements === undefined) return { ok: false, error: 'policy document has no Statement' };
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  const statements: Statement[] = [];
  const warnings: string[] = [];
  list.forEach((raw, index) => {
    const parsed = parseStatement(raw);
    if (typeof parsed === 'string') warnings.push(`statement ${index + 1}: ${parsed}; ignored`);
    else statements.push(parsed);
  });
  return { ok: true, document: { statements }, warnings };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string or list of strings → list; undefined when absent; an error text when malformed. */
function stringList(v: unknown, field: string): string[] | undefined | string {
  if (v === undefined) return undefined;
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || !list.every((x) => typeof x === 'string')) return `${field} must be a string or a list of strings`;
  return list as string[];
}

/**
 * How deeply a `Condition` may nest. IAM's own shape is three levels (operator → key →
 * values); anything much deeper is not a policy IAM would accept, and a crafted one
 * (5,000 levels) overflowed the stack wherever the statement was serialised.
 */
export const MAX_CONDITION_DEPTH = 32;

/** Does the value nest objects or arrays deeper than `limit` levels? Iterative: the input may be that deep. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function parseStatement(raw: unknown): Statement | string {
  if (!isObject(raw)) return 'not an object';
  const effect = raw.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') return `Effect must be "Allow" or "Deny"`;
  const actions = stringList(raw.Action, 'Action');
  const notActions = stringList(raw.NotAction, 'NotAction');
  const resources = stringList(raw.Resource, 'Resource');
  const notResources = stringList(raw.NotResource, 'NotResource');
  for (const v of [actions, notActions, resources, notResources]) if (typeof v === 'string') return v;
  if ((actions === undefined) === (notActions === undefined)) return 'needs exactly one of Action and NotAction';
  if (resources !== undefined && notResources !== undefined) return 'has both Resource and NotResource';
  const statement: Statement = { effect };
  if (typeof raw.Sid === 'string' && raw.Sid) statement.sid = raw.Sid;
  if (actions) statement.actions = actions as string[];
  if (notActions) statement.notActions = notActions as string[];
  // Identity policies require a Resource; tolerate its absence as "*" rather than losing the statement.
  if (notResources) statement.notResources = notResources as string[];
  else statement.resources = (resources as string[] | undefined) ?? ['*'];
  if (nestsDeeperThan(raw.Condition, MAX_CONDITION_DEPTH)) return `Condition nested deeper than ${MAX_CONDITION_DEPTH} levels (IAM's is 3)`;
  if (isObject(raw.Condition) && Object.keys(raw.Condition).length > 0) statement.condition = raw.Condition;
  return statement;
}
